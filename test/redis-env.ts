// A redis-server per vitest file (test/redis.ts). Without the package the file's Redis tests skip, saying why.
import { afterAll, beforeAll } from "vitest";
import { REDIS_SERVER, redisServerInstalled, startRedis, type RunningRedis } from "./redis";

export const redisMissing = !redisServerInstalled();
if (redisMissing) console.warn(`Redis tests skipped: no ${REDIS_SERVER} (npm test installs Debian's redis-server; or set REDIS_SERVER_PATH)`);

/** Call the result inside tests; use with `describe.skipIf(redisMissing)`. */
export function redisForFile(): () => RunningRedis {
  let running: RunningRedis | undefined;
  beforeAll(async () => {
    if (!redisMissing) running = await startRedis();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (!running) throw new Error("redis-server is not started yet (use it inside tests or later hooks)");
    return running;
  };
}
