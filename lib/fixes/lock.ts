import "server-only";
import { randomUUID } from "node:crypto";
import { sharedRedis } from "@/lib/shared/redis";
import { ApiError } from "@/lib/api/errors";

// One fix at a time per AWS resource, across every instance (Redis when configured, else this process): the second
// applier waits, then re-reads and is told what changed under them, so nothing is applied twice.

// Held across a fresh diagnosis, the writes and the verification (a re-sent request waits up to 20 s for its log lines).
const HOLD_MS = 180_000;
const WAIT_MS = 60_000;
const POLL_MS = 100;

const local = new Map<string, Promise<void>>();

async function localLock(key: string): Promise<() => void> {
  const deadline = Date.now() + WAIT_MS;
  while (local.has(key)) {
    if (Date.now() > deadline) throw busy();
    await Promise.race([local.get(key), new Promise((r) => setTimeout(r, POLL_MS))]);
  }
  let release!: () => void;
  local.set(
    key,
    new Promise<void>((resolve) => {
      release = () => {
        local.delete(key);
        resolve();
      };
    }),
  );
  return release;
}

async function redisLock(key: string): Promise<(() => void) | null> {
  const redis = sharedRedis();
  if (!redis || !(await redis.usable())) return null;
  const token = randomUUID();
  const name = `${redis.prefix}fix-lock:${key}`;
  const deadline = Date.now() + WAIT_MS;
  try {
    while ((await redis.client.set(name, token, "PX", HOLD_MS, "NX")) !== "OK") {
      if (Date.now() > deadline) throw busy();
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    redis.failed(err);
    return null;
  }
  // Released only if still ours (it may have expired and been taken).
  return () => void redis.client.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, name, token).catch(redis.failed);
}

const busy = () => new ApiError(409, "FIX_BUSY", "Someone else is still changing this resource after a minute.", "Wait a moment, then preview the fix again.");

/** Runs `work` holding the locks of `resources` (taken in sorted order, so two fixes never wait on each other). */
export async function withFixLocks<T>(resources: string[], work: () => Promise<T>): Promise<T> {
  const releases: (() => void)[] = [];
  try {
    for (const key of [...new Set(resources)].sort()) {
      releases.push((await redisLock(key)) ?? (await localLock(key)));
    }
    return await work();
  } finally {
    for (const release of releases.reverse()) release();
  }
}
