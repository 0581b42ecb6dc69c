import "server-only";
import { LRUCache } from "lru-cache";
import { sharedRedis, type SharedRedis } from "@/lib/shared/redis";
import { ApiError } from "./errors";

// Per-minute limits on what costs or reveals something. A key lookup compares a pasted API key value with every key of
// the account: without a limit, anyone who can reach the dashboard could test candidate values one after another (an
// oracle). A probe sends a request to someone's API; a freeze writes a snapshot. Fixed one-minute windows, counted in
// Redis when GATECHECK_REDIS_URL is set (so a limit holds across instances), else (and while Redis is down) here.

export type LimitedAction = "probe" | "key-lookup" | "freeze";

interface Limit {
  setting: string;
  fallback: number;
  code: string;
  /** What is counted, in words: "You made more than 20 {what} in a minute." */
  what: string;
  /** What to do besides waiting. */
  instead: string;
}

const LIMITS: Record<LimitedAction, Limit> = {
  "key-lookup": {
    setting: "GATECHECK_KEY_LOOKUPS_PER_MINUTE",
    fallback: 30,
    code: "KEY_LOOKUPS_LIMITED",
    what: "requests carrying an API key value",
    instead: "To diagnose without sending the value, pick the key by id or name.",
  },
  probe: { setting: "GATECHECK_PROBES_PER_MINUTE", fallback: 20, code: "PROBES_LIMITED", what: "probes (requests sent to an API)", instead: "Diagnosing without a probe is not limited." },
  freeze: { setting: "GATECHECK_FREEZES_PER_MINUTE", fallback: 20, code: "FREEZES_LIMITED", what: "share links (frozen diagnoses)", instead: "A link already frozen can be shared again." },
};

const WINDOW_MS = 60_000;
const EVERYONE = "*";

const setting = (name: string, fallback: number): number => {
  const configured = Number(process.env[name]);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
};

/**
 * The client a request comes from, without sign-in: the last X-Forwarded-For address, or, behind
 * GATECHECK_TRUSTED_PROXY_HOPS proxies, the address the outermost one added. Next sets the header to the
 * socket's address only when the request has none, so with no proxy a client can name any address and only
 * the server-wide limit holds it. Signed-in users are counted as themselves instead.
 */
export function clientOf(request: Request): string {
  const hops = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const trusted = Math.max(0, Number(process.env.GATECHECK_TRUSTED_PROXY_HOPS) || 0);
  return hops[Math.max(0, hops.length - 1 - trusted)] ?? "unknown";
}

/** Counts of the current windows, by `{action}:{who}:{window}`; 10,000 at most are remembered (oldest forgotten first). */
export class ActionCounter {
  private readonly local = new LRUCache<string, number>({ max: 10_000, ttl: WINDOW_MS });

  constructor(private readonly redis: SharedRedis | null) {}

  /** The count after this one; in Redis INCR and PEXPIRE go together, so no count outlives its last minute of use. */
  async increment(bucket: string): Promise<number> {
    if (this.redis && (await this.redis.usable())) {
      try {
        const replies = await this.redis.client.multi().incr(`${this.redis.prefix}rate:${bucket}`).pexpire(`${this.redis.prefix}rate:${bucket}`, WINDOW_MS).exec();
        const [error, count] = replies?.[0] ?? [new Error("the transaction was discarded"), null];
        if (error) throw error;
        return Number(count);
      } catch (err) {
        this.redis.failed(err);
      }
    }
    const count = (this.local.get(bucket) ?? 0) + 1;
    this.local.set(bucket, count);
    return count;
  }

  /**
   * Counts one action by `who` (a client address, later a signed-in user); over its per-minute limit, or for key
   * lookups over the server-wide one (a client that forges X-Forwarded-For only moves to another bucket) → 429
   * with Retry-After.
   */
  async count(action: LimitedAction, who: string, now = Date.now()): Promise<void> {
    const limit = LIMITS[action];
    const perWho = setting(limit.setting, limit.fallback);
    const window = Math.floor(now / WINDOW_MS);
    const buckets: [string, number, string][] = [[who, perWho, "You"]];
    if (action === "key-lookup") buckets.push([EVERYONE, setting("GATECHECK_KEY_LOOKUPS_PER_MINUTE_TOTAL", perWho * 10), "Everyone together"]);
    for (const [bucket, max, subject] of buckets) {
      if ((await this.increment(`${action}:${bucket}:${window}`)) <= max) continue;
      const retryAfter = Math.ceil(((window + 1) * WINDOW_MS - now) / 1000);
      throw new ApiError(429, limit.code, `${subject} made more than ${max} ${limit.what} in a minute.`, `Wait ${retryAfter} s. ${limit.instead}`, {
        headers: { "retry-after": String(retryAfter) },
      });
    }
  }
}

let counter: ActionCounter | null = null;

/** Counts one action by `who` in this deployment: see ActionCounter.count. */
export function countAction(action: LimitedAction, who: string): Promise<void> {
  counter ??= new ActionCounter(sharedRedis());
  return counter.count(action, who);
}
