// `npm start`: the built dashboard on $HOSTNAME:$PORT (default 127.0.0.1:3000). Next's standalone server runs in
// this process, so a signal reaches it directly and it shuts down gracefully.
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { log, SERVER, serverEnv } from "./lib.mjs";

if (!fs.existsSync(SERVER)) {
  log("there is no build: run `npm run build` first");
  process.exit(1);
}
Object.assign(process.env, serverEnv(process.env.PORT ?? "3000", process.env.HOSTNAME ?? "127.0.0.1"));
await import(pathToFileURL(SERVER).href);
