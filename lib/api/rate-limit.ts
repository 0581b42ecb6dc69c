import "server-only";
import { LRUCache } from "lru-cache";
import { ApiError } from "./errors";

// Requests that carry an API key value make gatecheck compare it with every key of the account: without a
// limit, anyone who can reach the dashboard could test candidate values one after another (an oracle).

const WINDOW_MS = 60_000;
const ALL_CLIENTS = "*";

/** Fixed one-minute windows per client; 10,000 clients at most are remembered (oldest forgotten first). */
const windows = new LRUCache<string, { start: number; count: number }>({ max: 10_000 });

const setting = (name: string, fallback: number): number => {
  const configured = Number(process.env[name]);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
};

/** Per client, and for the whole server: a client that forges X-Forwarded-For only moves to another bucket. */
const limits = () => {
  const perClient = setting("GATECHECK_KEY_LOOKUPS_PER_MINUTE", 30);
  return { perClient, total: setting("GATECHECK_KEY_LOOKUPS_PER_MINUTE_TOTAL", perClient * 10) };
};

/**
 * The client a request comes from: the address `next start` appended last to X-Forwarded-For (a client can
 * put anything before it), or, behind GATECHECK_TRUSTED_PROXY_HOPS proxies, the address the outermost added.
 */
export function clientOf(request: Request): string {
  const hops = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const trusted = Math.max(0, Number(process.env.GATECHECK_TRUSTED_PROXY_HOPS) || 0);
  return hops[Math.max(0, hops.length - 1 - trusted)] ?? "unknown";
}

/** Counts one key-value lookup for the client; over either limit → 429 with Retry-After. */
export function countKeyLookup(client: string, now = Date.now()): void {
  const { perClient, total } = limits();
  for (const [bucket, limit, who] of [
    [client, perClient, "This client"],
    [ALL_CLIENTS, total, "All clients together"],
  ] as const) {
    const current = windows.get(bucket);
    const window = current && now - current.start < WINDOW_MS ? current : { start: now, count: 0 };
    window.count += 1;
    windows.set(bucket, window);
    if (window.count > limit) {
      const retryAfter = Math.ceil((window.start + WINDOW_MS - now) / 1000);
      throw new ApiError(
        429,
        "KEY_LOOKUPS_LIMITED",
        `${who} sent more than ${limit} requests carrying an API key value in a minute.`,
        `Wait ${retryAfter} s. To diagnose without sending the value, pick the key by id or name.`,
        { headers: { "retry-after": String(retryAfter) } },
      );
    }
  }
}
