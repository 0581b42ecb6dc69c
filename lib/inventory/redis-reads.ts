import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AwsCallError, type AwsFault } from "@/lib/aws/errors";
import type { SharedRedis } from "@/lib/shared/redis";

// AWS reads shared by every instance through Redis: a value read by one is served to all until it expires, and
// identical reads that miss at once load once — one instance takes a lock (SET NX PX) and loads, the others wait.
//
// Waiters are woken by a notice on one pub/sub channel rather than by polling: it comes the moment the load ends, costs
// no command per waiter, carries what is never stored (AWS's refusal, a value kept only for the reads that shared the
// load), and tells instances that already hold the key that it was read again (a Refresh), so none keeps an older copy.
// A notice can be lost (the subscriber reconnecting), so a waiter also looks at the lock twice a second: once it is gone
// without a notice, the value is read from Redis, or the waiter loads it itself (the loader died and its lock lapsed).

/** A read as the caches keep it: the value, when it was read from AWS, and until when it may be served (epoch ms). */
export interface Entry {
  value: unknown;
  at: string;
  expiresAt: number;
}

export interface Load {
  load: () => Promise<unknown>;
  /** How long the value may be served, in ms; 1 = only to the reads that shared this load. */
  ttlOf: (value: unknown) => number;
  /** Read AWS again even if a value is stored (shared with every read that arrives while it loads). */
  fresh: boolean;
}

/** Redis could not be used before the read was shared: the caller loads on its own. */
export class SharedReadsUnavailable extends Error {}

/** How long a lock lives; its loader renews it every third of this, so it lapses this long after a loader dies. */
const LOCK_MS = 10_000;
/** How long a waiter trusts the notice to come before it looks at the lock itself. */
const RECHECK_MS = 500;
/** The longest a read waits for another instance's load (AWS's own timeouts end a load sooner). */
const MAX_WAIT_MS = 60_000;

type Notice = { from: string; key: string } & ({ stored: true } | { entry: Entry } | { fault: AwsFault } | { failed: true });

const storedEntry = z.object({ value: z.unknown(), at: z.string(), expiresAt: z.number() });

// Only the lock's owner may renew or release it (a lapsed lock may belong to another loader by now).
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class RedisReads {
  private readonly id = randomUUID();
  private readonly waiters = new Map<string, Set<(notice: Notice) => void>>();
  private readonly channel: string;

  /** `readAgain(key)`: another instance stored a new value for `key`. */
  constructor(
    private readonly redis: SharedRedis,
    private readonly readAgain: (key: string) => void,
  ) {
    this.channel = `${redis.prefix}reads`;
    redis.subscribe(this.channel, (text) => this.receive(text));
  }

  async fetch(key: string, load: Load): Promise<Entry> {
    if (!(await this.redis.usable())) throw new SharedReadsUnavailable();
    const keys = { value: `${this.redis.prefix}read:${key}`, lock: `${this.redis.prefix}lock:${key}` };
    if (!load.fresh) {
      const hit = await this.stored(keys.value);
      if (hit) return hit;
    }
    // Listening before trying the lock, so the loader's notice cannot slip by.
    const notice = this.listen(key);
    try {
      const token = randomUUID();
      if (await this.lock(keys.lock, token)) return await this.loadAndShare(key, keys, token, load);
      const shared = await this.waitFor(notice.next, keys);
      if (shared) return shared;
    } finally {
      notice.stop();
    }
    const token = randomUUID();
    return this.loadAndShare(key, keys, (await this.lock(keys.lock, token)) ? token : null, load);
  }

  /** Forgets every stored read of this prefix (clearCache, for tests). */
  async clear(): Promise<void> {
    if (!(await this.redis.usable())) return;
    const stream = this.redis.client.scanStream({ match: `${this.redis.prefix}read:*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await this.redis.client.del(...keys);
  }

  /** The other instance's result, or null when its load ended without one this instance can use. */
  private async waitFor(notice: Promise<Notice>, keys: { value: string; lock: string }): Promise<Entry | null> {
    const deadline = Date.now() + MAX_WAIT_MS;
    while (Date.now() < deadline) {
      const heard = await within(notice, RECHECK_MS);
      if (heard) {
        if ("entry" in heard) return heard.entry;
        if ("fault" in heard) throw new AwsCallError(heard.fault);
        return "stored" in heard ? this.stored(keys.value) : null;
      }
      if ((await this.command(() => this.redis.client.exists(keys.lock))) === 0) return this.stored(keys.value);
    }
    return null;
  }

  private async loadAndShare(key: string, keys: { value: string; lock: string }, token: string | null, load: Load): Promise<Entry> {
    const renewal = token ? setInterval(() => this.redis.client.eval(RENEW, 1, keys.lock, token, LOCK_MS).catch(() => undefined), LOCK_MS / 3).unref() : null;
    try {
      let value: unknown;
      try {
        value = await load.load();
      } catch (err) {
        await this.publish(err instanceof AwsCallError ? { from: this.id, key, fault: err.fault } : { from: this.id, key, failed: true });
        throw err;
      }
      const ttl = Math.max(1, load.ttlOf(value));
      const entry: Entry = { value, at: new Date().toISOString(), expiresAt: Date.now() + ttl };
      // A value kept only for the reads that shared this load goes to them in the notice; any other is stored.
      if (ttl > 1) {
        try {
          await this.redis.client.set(keys.value, JSON.stringify(entry), "PX", ttl);
          await this.publish({ from: this.id, key, stored: true });
        } catch (err) {
          this.redis.failed(err);
        }
      } else {
        await this.publish({ from: this.id, key, entry });
      }
      return entry;
    } finally {
      if (renewal) clearInterval(renewal);
      if (token) await this.redis.client.eval(RELEASE, 1, keys.lock, token).catch(() => undefined);
    }
  }

  private async stored(key: string): Promise<Entry | null> {
    const text = await this.command(() => this.redis.client.get(key));
    if (text === null) return null;
    try {
      const checked = storedEntry.safeParse(JSON.parse(text));
      return checked.success ? (checked.data as Entry) : null;
    } catch {
      return null;
    }
  }

  private async lock(key: string, token: string): Promise<boolean> {
    return (await this.command(() => this.redis.client.set(key, token, "PX", LOCK_MS, "NX"))) === "OK";
  }

  private async publish(notice: Notice): Promise<void> {
    await this.redis.client.publish(this.channel, JSON.stringify(notice)).catch((err: unknown) => this.redis.failed(err));
  }

  /** A Redis command whose failure means the read cannot be shared. */
  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      this.redis.failed(err);
      throw new SharedReadsUnavailable();
    }
  }

  private listen(key: string): { next: Promise<Notice>; stop: () => void } {
    let wake!: (notice: Notice) => void;
    const next = new Promise<Notice>((resolve) => (wake = resolve));
    const set = this.waiters.get(key) ?? new Set();
    set.add(wake);
    this.waiters.set(key, set);
    return {
      next,
      stop: () => {
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
      },
    };
  }

  private receive(text: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(text) as Notice;
    } catch {
      return;
    }
    if (notice.from === this.id) return;
    for (const wake of this.waiters.get(notice.key) ?? []) wake(notice);
    if ("stored" in notice) this.readAgain(notice.key);
  }
}

/** The promise's value, or null when it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
