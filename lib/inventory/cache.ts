import "server-only";
import { LRUCache } from "lru-cache";

// AWS reads shared by everyone using this dashboard: a short TTL, and identical in-flight reads
// coalesced (lru-cache's fetchMethod), so fifty people opening one link cost AWS about what one does.
const TTL_MS = Number(process.env.GATECHECK_CACHE_TTL_MS ?? 30_000);

interface Entry {
  value: unknown;
  at: string;
}

const cache = new LRUCache<string, Entry, () => Promise<unknown>>({
  max: 2_000,
  ttl: TTL_MS,
  fetchMethod: async (_key, _stale, { context }) => ({ value: await context(), at: new Date().toISOString() }),
});

/** The cached value of `key` and when it was read from AWS; `load` runs at most once per key at a time. */
export async function cached<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<{ value: T; at: string }> {
  const entry = await cache.fetch(key, { context: load, forceRefresh: options.fresh ?? false });
  return entry as { value: T; at: string };
}

const pending = new Map<string, Promise<unknown>>();

/**
 * Like `cached`, but keeps the value only when `keep` says so: `true` for the usual TTL, a number for that many
 * ms (a log read that found nothing is asked again soon, since the lines of a call just made may still be
 * arriving). Identical reads in flight share one load and its outcome, kept or not, so no waiter ever sees an
 * internal "not kept" as an error.
 */
export async function cachedIf<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean | number): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit.value as T;
  let shared = pending.get(key) as Promise<T> | undefined;
  if (!shared) {
    shared = load()
      .then((value) => {
        const kept = keep(value);
        const ttl = kept === true ? TTL_MS : kept === false ? 0 : kept;
        if (ttl > 0) cache.set(key, { value, at: new Date().toISOString() }, { ttl });
        return value;
      })
      .finally(() => pending.delete(key));
    pending.set(key, shared);
  }
  return shared;
}

export function clearCache(): void {
  cache.clear();
  pending.clear();
}
