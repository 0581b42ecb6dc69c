// `npm start`: the built dashboard on $HOSTNAME:$PORT (default 127.0.0.1:3000).
import path from "node:path";
import { root, run } from "./lib.mjs";

const port = process.env.PORT ?? "3000";
const host = process.env.HOSTNAME ?? "127.0.0.1";
process.exit(run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", port, "-H", host]));
