// `npm run build`: `next build`, then the standalone folder made complete (see ensureBuild).
import { ensureBuild } from "./lib.mjs";

process.exit(ensureBuild({ force: true }));
