import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { sharedRedis, type SharedRedis } from "@/lib/shared/redis";

// What the triage board has already read from the execution logs, so a refresh asks Logs Insights only for the time
// since the last one (lib/workflows/triage.ts). One entry per scope and window (`since`); the entry holds raw log lines,
// not answers: the classification is redone from them at every load, against the configuration as it is then.
//
// With GATECHECK_REDIS_URL the entries are shared by every instance (one JSON value per entry, updated under a lock), so
// a board served by several instances behind a load balancer costs Logs Insights what one instance does. Redis is never
// needed: while it is unreachable each process keeps its own entries, and pays for its own reads.

/** Where triage reads: one account and region. `key` names the scope in stores: every field that changes what is read is in it. */
export interface TriageScope {
  account: string;
  region: string;
  key: string;
}

export const triageScope = (account: string, region: string): TriageScope => ({ account, region, key: `${account}/${region}` });

/** One execution-log line as Insights answered it. */
export interface StoredLine {
  group: string;
  /** Epoch ms (@timestamp). */
  timestamp: number;
  message: string;
}

export interface TriageState {
  version: 1;
  /** The log groups read; a group not in it is read over the whole window when it appears. */
  groups: string[];
  /** Epoch s, exclusive: every second of every group before it was read at least once. */
  readTo: number;
  /** Epoch s, exclusive: every second before it was read at least LATE_LINES_MS after it ended (late lines included). */
  settledTo: number;
  /** The window of the last read (epoch ms): its `to` is when it ran. */
  queriedFrom: number;
  queriedAt: number;
  /** Rejection lines (REJECTION_LINES) in the window. */
  rejections: StoredLine[];
  /** Every line of the requests refused without a verdict line, read once per request. */
  extras: StoredLine[];
  /** Requests whose every line was read (into extras). */
  extrasRead: string[];
}

const storedLine = z.object({ group: z.string(), timestamp: z.number(), message: z.string() });
const triageState = z.object({
  version: z.literal(1),
  groups: z.array(z.string()),
  readTo: z.number(),
  settledTo: z.number(),
  queriedFrom: z.number(),
  queriedAt: z.number(),
  rejections: z.array(storedLine),
  extras: z.array(storedLine),
  extrasRead: z.array(z.string()),
});

/** How long an entry nobody refreshes is kept: a board reopened later starts with one full read, as on a first load. */
export const TRIAGE_STATE_TTL_MS = 15 * 60_000;
/** Memory for this process's entries (lines are counted by their size). */
const MAX_BYTES = 64 * 1024 * 1024;
/** How long a refresh may hold an entry; after that another may take it (its holder died). */
const LOCK_MS = 60_000;
const LOCK_RECHECK_MS = 100;

export interface TriageStore {
  /**
   * Runs `update` with the entry of `key` (undefined: none) and stores the state it returns, one update per key at a
   * time (across instances when shared): the next one sees what this one read.
   */
  update<T>(key: string, update: (previous: TriageState | undefined) => Promise<{ state: TriageState; result: T }>): Promise<T>;
  clear(): Promise<void>;
}

const sizeOf = (state: TriageState) => [...state.rejections, ...state.extras].reduce((n, l) => n + l.message.length + l.group.length + 32, 256);

/** One process's entries; updates of one key run one after the other. */
export class MemoryTriageStore implements TriageStore {
  private readonly entries = new LRUCache<string, TriageState>({ maxSize: MAX_BYTES, sizeCalculation: (s) => Math.max(1, sizeOf(s)), ttl: TRIAGE_STATE_TTL_MS });
  private readonly queues = new Map<string, Promise<unknown>>();

  update<T>(key: string, update: (previous: TriageState | undefined) => Promise<{ state: TriageState; result: T }>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const { state, result } = await update(this.entries.get(key));
        this.entries.set(key, state);
        return result;
      });
    this.queues.set(key, run);
    const done = () => {
      if (this.queues.get(key) === run) this.queues.delete(key);
    };
    void run.then(done, done);
    return run;
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }
}

// Only the lock's owner may release it.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Entries in Redis, one JSON value each (a one-hour window of a busy region is a few MB: read and written once per
 * refresh), updated under a lock (SET NX PX) so two instances never read the same time twice. Falls back to this
 * process's entries whenever Redis cannot be used.
 */
export class RedisTriageStore implements TriageStore {
  private readonly local = new MemoryTriageStore();

  constructor(private readonly redis: SharedRedis) {}

  update<T>(key: string, update: (previous: TriageState | undefined) => Promise<{ state: TriageState; result: T }>): Promise<T> {
    // In-process first (one Redis round per key at a time), then across instances.
    return this.local.update(key, async (mine) => {
      const shared = await this.sharedUpdate(key, update);
      if (shared) return shared;
      return update(mine);
    });
  }

  private async sharedUpdate<T>(key: string, update: (previous: TriageState | undefined) => Promise<{ state: TriageState; result: T }>): Promise<{ state: TriageState; result: T } | null> {
    const { client, prefix } = this.redis;
    const keys = { value: `${prefix}triage:${key}`, lock: `${prefix}triage-lock:${key}` };
    const token = randomUUID();
    let text: string | null;
    try {
      if (!(await this.redis.usable())) return null;
      const deadline = Date.now() + LOCK_MS;
      while ((await client.set(keys.lock, token, "PX", LOCK_MS, "NX")) !== "OK") {
        if (Date.now() > deadline) return null;
        await sleep(LOCK_RECHECK_MS);
      }
      text = await client.get(keys.value);
    } catch (err) {
      this.redis.failed(err);
      return null;
    }
    // From here a failure is the update's (AWS's): it is thrown, and the next update starts from the stored entry.
    try {
      const outcome = await update(parseState(text));
      await client.set(keys.value, JSON.stringify(outcome.state), "PX", TRIAGE_STATE_TTL_MS).catch((err: unknown) => this.redis.failed(err));
      return outcome;
    } finally {
      await client.eval(RELEASE, 1, keys.lock, token).catch(() => undefined);
    }
  }

  async clear(): Promise<void> {
    await this.local.clear();
    const { client, prefix } = this.redis;
    try {
      const keys = await client.keys(`${prefix}triage:*`);
      if (keys.length) await client.del(...keys);
    } catch (err) {
      this.redis.failed(err);
    }
  }
}

function parseState(text: string | null): TriageState | undefined {
  if (text === null) return undefined;
  try {
    const parsed = triageState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

let store: TriageStore | null = null;

/** This process's triage store: shared through GATECHECK_REDIS_URL when it is set. */
export function triageStore(): TriageStore {
  if (!store) {
    const redis = sharedRedis();
    store = redis ? new RedisTriageStore(redis) : new MemoryTriageStore();
  }
  return store;
}
