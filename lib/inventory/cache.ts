import "server-only";
import { currentAccount } from "@/lib/accounts/context";
import { LRUCache } from "lru-cache";
import { sharedRedis, type SharedRedis } from "@/lib/shared/redis";
import { RedisReads, SharedReadsUnavailable, type Entry, type Load } from "./redis-reads";

// AWS reads shared by everyone using this dashboard: a short TTL, and identical in-flight reads
// coalesced (lru-cache's fetchMethod), so fifty people opening one link cost AWS about what one does.
// With GATECHECK_REDIS_URL, the reads are shared by every instance too (redis-reads.ts); this cache stays in
// front, so a process asks Redis once per key at a time, and answers alone while Redis is unreachable.
export const CACHE_TTL_MS = Number(process.env.GATECHECK_CACHE_TTL_MS ?? 30_000);

export class ReadCache {
  private readonly shared: RedisReads | null;
  private readonly lru: LRUCache<string, Entry, Load>;

  constructor(redis: SharedRedis | null) {
    this.lru = new LRUCache<string, Entry, Load>({
      max: 2_000,
      ttl: CACHE_TTL_MS,
      // Another instance's Refresh drops this process's copy of a key (below) while a read of it may be in flight here:
      // that read must still answer its callers (it is not kept). Without this, lru-cache rejects it with "deleted" (a 500).
      ignoreFetchAbort: true,
      fetchMethod: async (key, _stale, { context, options }) => {
        const entry = await this.read(key, context);
        // lru-cache keeps a fetched value for the ttl set here; waiters of the same fetch share it either way.
        options.ttl = Math.max(1, entry.expiresAt - Date.now());
        return entry;
      },
    });
    // Another instance read the key again (a Refresh): a copy kept here is older, so the next read asks Redis.
    this.shared = redis
      ? new RedisReads(redis, (key) => {
          if (this.lru.peek(key) !== undefined) this.lru.delete(key);
        })
      : null;
  }

  /**
   * The cached value of `key` and when it was read from AWS; `load` runs at most once per key at a time.
   * `ttlOf` keeps a value for that many ms instead of the usual TTL (1: only for the reads sharing this load),
   * e.g. a log read that found nothing, whose lines may still be arriving.
   */
  async cached<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean; ttlOf?: (value: T) => number } = {}): Promise<{ value: T; at: string }> {
    const ttlOf = (options.ttlOf as Load["ttlOf"] | undefined) ?? (() => CACHE_TTL_MS);
    const fresh = options.fresh ?? false;
    const entry = (await this.lru.fetch(key, { context: { load, ttlOf, fresh }, forceRefresh: fresh }))!;
    return { value: entry.value as T, at: entry.at };
  }

  /** Forgets this process's reads and those stored in Redis (other instances' in-process copies run out on their own). */
  async clear(): Promise<void> {
    this.lru.clear();
    await this.shared?.clear();
  }

  private async read(key: string, context: Load): Promise<Entry> {
    if (this.shared) {
      try {
        return await this.shared.fetch(key, context);
      } catch (err) {
        if (!(err instanceof SharedReadsUnavailable)) throw err;
      }
    }
    const value = await context.load();
    return { value, at: new Date().toISOString(), expiresAt: Date.now() + Math.max(1, context.ttlOf(value)) };
  }
}

let reads: ReadCache | null = null;
const readCache = () => (reads ??= new ReadCache(sharedRedis()));

/** See ReadCache.cached: the process's cache, shared through GATECHECK_REDIS_URL when it is set. */
export function cached<T>(key: string, load: () => Promise<T>, options: { fresh?: boolean; ttlOf?: (value: T) => number } = {}): Promise<{ value: T; at: string }> {
  // Reads are per account: the same region and id in two accounts are two different things.
  return readCache().cached(`${currentAccount().name}/${key}`, load, options);
}

/** Forgets every read (tests, the bench): this process's at once, the ones stored in Redis when the promise settles. */
export function clearCache(): Promise<void> {
  return readCache().clear();
}
