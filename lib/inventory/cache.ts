import "server-only";
import { LRUCache } from "lru-cache";

// AWS reads shared by everyone using this dashboard: a short TTL, and identical in-flight reads
// coalesced (lru-cache's fetchMethod), so fifty people opening one link cost AWS about what one does.
export const CACHE_TTL_MS = Number(process.env.GATECHECK_CACHE_TTL_MS ?? 30_000);

interface Entry {
  value: unknown;
  at: string;
}

interface Load {
  load: () => Promise<unknown>;
  ttlOf?: ((value: unknown) => number) | undefined;
}

const cache = new LRUCache<string, Entry, Load>({
  max: 2_000,
  ttl: CACHE_TTL_MS,
  fetchMethod: async (_key, _stale, { context, options }) => {
    const value = await context.load();
    // lru-cache keeps a fetched value for the ttl set here; waiters of the same fetch share it either way.
    if (context.ttlOf) options.ttl = Math.max(1, context.ttlOf(value));
    return { value, at: new Date().toISOString() };
  },
});

/**
 * The cached value of `key` and when it was read from AWS; `load` runs at most once per key at a time.
 * `ttlOf` keeps a value for that many ms instead of the usual TTL (1: only for the reads sharing this load),
 * e.g. a log read that found nothing, whose lines may still be arriving.
 */
export async function cached<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean; ttlOf?: (value: T) => number } = {}): Promise<{ value: T; at: string }> {
  const entry = await cache.fetch(key, { context: { load, ttlOf: options.ttlOf as Load["ttlOf"] }, forceRefresh: options.fresh ?? false });
  return entry as { value: T; at: string };
}

export function clearCache(): void {
  cache.clear();
}
