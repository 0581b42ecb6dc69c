// The read cache shared through a real Redis by two independent instances (each its own connections and in-process
// cache, as two servers would have): one load for both, refusals and refreshes shared, a dead loader outlived, and
// Redis failing never failing a read.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AwsCallError } from "@/lib/aws/errors";
import { connectRedis, type SharedRedis } from "@/lib/shared/redis";
import { startRedis } from "@/test/redis";
import { redisForFile, redisMissing } from "@/test/redis-env";
import { ReadCache } from "./cache";

const redis = redisForFile();
const opened: SharedRedis[] = [];
let namespace = 0;

/** Two instances sharing one prefix of the file's Redis (a new prefix per test, so tests share nothing). */
function twoInstances(url = redis().url): [ReadCache, ReadCache, SharedRedis] {
  const prefix = `gatecheck-test-${++namespace}:`;
  const connections = [connectRedis(url, prefix), connectRedis(url, prefix)] as const;
  opened.push(...connections);
  return [new ReadCache(connections[0]), new ReadCache(connections[1]), connections[0]];
}

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};
const settled = () => new Promise((r) => setTimeout(r, 50));

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe.skipIf(redisMissing)("ReadCache over Redis, two instances", () => {
  it("the second instance does not load while the first is loading, and gets the first one's value", async () => {
    const [a, b] = twoInstances();
    const first = deferred<{ apis: string[] }>();
    const loadA = vi.fn(() => first.promise);
    const loadB = vi.fn(async () => ({ apis: ["other"] }));
    const readA = a.cached("us-east-1/restapis", loadA);
    await settled(); // a holds the lock and is loading
    const readB = b.cached("us-east-1/restapis", loadB);
    await settled();
    expect(loadB).not.toHaveBeenCalled();
    first.resolve({ apis: ["orders-api"] });
    const [fromA, fromB] = await Promise.all([readA, readB]);
    expect(fromB).toEqual(fromA);
    expect(fromB.value).toEqual({ apis: ["orders-api"] });
    expect(loadA).toHaveBeenCalledTimes(1);
    expect(loadB).not.toHaveBeenCalled();
  });

  it("many reads over both instances at once load once; later reads on either load nothing", async () => {
    const [a, b] = twoInstances();
    const load = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 100));
      return { stages: ["prod"] };
    });
    const reads = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).cached("us-east-1/stages/x", load)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(new Set(reads.map((r) => r.at)).size).toBe(1);
    const late = vi.fn(async () => ({ stages: [] }));
    expect((await b.cached("us-east-1/stages/x", late)).value).toEqual({ stages: ["prod"] });
    expect(late).not.toHaveBeenCalled();
  });

  it("a Refresh on both instances at once: the invalidation from one never fails the other's read in flight", async () => {
    const [a, b] = twoInstances();
    const load = vi.fn(async () => ({ version: 1 }));
    await a.cached("k2", load);
    await b.cached("k2", load);
    // b reloads k2 (and holds its lock); a's own Refresh of k2 waits for it, in flight when b tells every instance to drop k2.
    const slow = deferred<{ version: number }>();
    const readB = b.cached("k2", () => slow.promise, { fresh: true });
    await settled();
    const readA = a.cached("k2", async () => ({ version: 3 }), { fresh: true });
    await settled();
    slow.resolve({ version: 2 });
    expect((await readB).value).toEqual({ version: 2 });
    expect([2, 3]).toContain((await readA).value.version);
  });

  it("a Refresh (fresh) on one instance reloads once, and the other stops serving its older copy", async () => {
    const [a, b] = twoInstances();
    let version = 1;
    const load = vi.fn(async () => ({ version: version }));
    expect((await a.cached("k", load)).value).toEqual({ version: 1 });
    expect((await b.cached("k", load)).value).toEqual({ version: 1 });
    version = 2;
    expect((await b.cached("k", load, { fresh: true })).value).toEqual({ version: 2 });
    expect(load).toHaveBeenCalledTimes(2);
    await vi.waitFor(async () => expect((await a.cached("k", load)).value).toEqual({ version: 2 }));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("AWS's refusal reaches the waiting instance without a second call, and is not kept", async () => {
    const [a, b] = twoInstances();
    const refusal = deferred<never>();
    const loadB = vi.fn(async () => "never");
    const readA = a.cached("denied", () => refusal.promise);
    await settled();
    const readB = b.cached("denied", loadB).catch((e: unknown) => e);
    await settled();
    refusal.reject(new AwsCallError({ code: "AccessDeniedException", status: 403, operation: "GetUsagePlans", action: "apigateway:GET", message: "no", kind: "access-denied" }));
    await expect(readA).rejects.toBeInstanceOf(AwsCallError);
    const err = await readB;
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as AwsCallError).fault.code).toBe("AccessDeniedException");
    expect(loadB).not.toHaveBeenCalled();
    expect((await b.cached("denied", loadB)).value).toBe("never");
  });

  it("a value kept only for the reads that shared its load (ttl 1) reaches the waiting instance, and is not stored", async () => {
    const [a, b] = twoInstances();
    const found = deferred<{ status: string }>();
    const ttlOf = () => 1;
    const readA = a.cached("logs", () => found.promise, { ttlOf });
    await settled();
    const loadB = vi.fn(async () => ({ status: "found" }));
    const readB = b.cached("logs", loadB, { ttlOf });
    await settled();
    found.resolve({ status: "none-in-window" });
    expect((await readB).value).toEqual({ status: "none-in-window" });
    expect(loadB).not.toHaveBeenCalled();
    await readA;
    await settled();
    expect((await b.cached("logs", loadB, { ttlOf })).value).toEqual({ status: "found" });
  });

  it("an instance that died while loading holds the others up only until its lock lapses", async () => {
    const [a, , connection] = twoInstances();
    expect(await connection.usable()).toBe(true);
    // The dead loader's lock, as it left it: never released, lapsing in 300 ms.
    await connection.client.set(`${connection.prefix}lock:k`, "dead-instance", "PX", 300);
    const load = vi.fn(async () => "loaded here");
    const started = Date.now();
    expect((await a.cached("k", load)).value).toBe("loaded here");
    expect(load).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("a loader's notice lost: the waiter finds the stored value once the lock is gone", async () => {
    const [a, , connection] = twoInstances();
    expect(await connection.usable()).toBe(true);
    // Another instance loads without a word on the channel (its notice lost): lock, value, unlock.
    await connection.client.set(`${connection.prefix}lock:k`, "other-instance", "PX", 10_000);
    const load = vi.fn(async () => "loaded here");
    const read = a.cached("k", load);
    await settled();
    const entry = { value: "loaded there", at: new Date().toISOString(), expiresAt: Date.now() + 30_000 };
    await connection.client.set(`${connection.prefix}read:k`, JSON.stringify(entry), "PX", 30_000);
    await connection.client.del(`${connection.prefix}lock:k`);
    expect(await read).toEqual({ value: "loaded there", at: entry.at });
    expect(load).not.toHaveBeenCalled();
  });

  it("clear() forgets the reads of every instance", async () => {
    const [a, b] = twoInstances();
    const load = vi.fn(async () => "v");
    await a.cached("k", load);
    await a.clear();
    await b.cached("k", load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("deployments with other prefixes share nothing", async () => {
    const [a] = twoInstances();
    const [other] = twoInstances();
    const load = vi.fn(async () => "v");
    await a.cached("k", load);
    await other.cached("k", load);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe.skipIf(redisMissing)("ReadCache when Redis fails", () => {
  it("Redis stopped mid-test: reads still answer from this process, with one warning, and sharing resumes when it is back", async () => {
    const own = await startRedis();
    const [a, b, connection] = twoInstances(own.url);
    const listeners = async () => ((await connection.client.pubsub("NUMSUB", `${connection.prefix}reads`)) as [string, number])[1];
    await vi.waitFor(async () => expect(await listeners()).toBe(2));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const load = vi.fn(async () => "v");
    await a.cached("before", load);
    await own.stop();
    const started = Date.now();
    expect((await b.cached("before", load)).value).toBe("v"); // b's own load: Redis is gone
    expect((await a.cached("before", load)).value).toBe("v"); // a's copy in process
    expect((await b.cached("during", load)).value).toBe("v");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(load).toHaveBeenCalledTimes(3);
    for (let i = 0; i < 10; i++) await b.cached(`during-${i}`, load);
    // At most one line per connection that lost Redis (each of the two instances), not one per read
    expect(warn.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(2);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^gatecheck: Redis \(GATECHECK_REDIS_URL\) is unreachable \(.+\): reads are cached and limits counted in this process only until it is back$/);
    const back = await startRedis(own.port);
    try {
      await vi.waitFor(async () => expect(await opened.at(-1)!.usable()).toBe(true), { timeout: 5_000 });
      await vi.waitFor(async () => expect(await opened.at(-2)!.usable()).toBe(true), { timeout: 5_000 });
      await vi.waitFor(async () => expect(await listeners()).toBe(2), { timeout: 5_000 }); // both listen for notices again
      await a.cached("after", load);
      await b.cached("after", load);
      expect(load).toHaveBeenCalledTimes(14);
    } finally {
      await back.stop();
    }
  });

  it("Redis never reachable: every read answers from this process, without waiting long", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [a] = twoInstances("redis://127.0.0.1:1");
    const load = vi.fn(async () => "v");
    const started = Date.now();
    expect((await a.cached("k", load)).value).toBe("v");
    expect((await a.cached("k", load)).value).toBe("v");
    expect(load).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
