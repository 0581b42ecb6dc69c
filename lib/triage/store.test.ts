// The triage store: one update per key at a time (in a process, and across processes through Redis), and this
// process's own entries while Redis is unreachable.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { connectRedis } from "@/lib/shared/redis";
import { redisForFile, redisMissing } from "@/test/redis-env";
import { MemoryTriageStore, RedisTriageStore, type TriageState, type TriageStore } from "./store";

const redis = redisForFile();

const state = (queriedAt: number): TriageState => ({
  version: 1,
  groups: ["API-Gateway-Execution-Logs_a1b2c3d4e5/prod"],
  readTo: Math.floor(queriedAt / 1000) + 1,
  settledTo: Math.floor(queriedAt / 1000) - 120,
  queriedFrom: queriedAt - 3_600_000,
  queriedAt,
  rejections: [{ group: "API-Gateway-Execution-Logs_a1b2c3d4e5/prod", timestamp: queriedAt - 1_000, message: "(r-1) Method completed with status: 403" }],
  extras: [],
  extrasRead: [],
});

/** Two updates of one key at once, through two stores (or one): the second must see what the first stored. */
async function concurrentUpdates(first: TriageStore, second: TriageStore): Promise<(number | null)[]> {
  const seen: (number | null)[] = [];
  const bump = (store: TriageStore) =>
    store.update("us-east-1/triage/1h", async (previous) => {
      seen.push(previous?.queriedAt ?? null);
      await sleep(50);
      return { state: state((previous?.queriedAt ?? 0) + 30_000), result: null };
    });
  await Promise.all([bump(first), bump(second)]);
  return seen;
}

describe("triage store", () => {
  it("runs one update of a key at a time in a process, each seeing the last one's state", async () => {
    const store = new MemoryTriageStore();
    expect(await concurrentUpdates(store, store)).toEqual([null, 30_000]);
    await expect(store.update("us-east-1/triage/1h", () => Promise.reject(new Error("AWS failed")))).rejects.toThrow("AWS failed");
    // A failed update stores nothing and does not block the next one.
    expect(await store.update("us-east-1/triage/1h", async (previous) => ({ state: previous!, result: previous?.queriedAt }))).toBe(60_000);
  });

  it("keeps this process's entries while Redis is unreachable", async () => {
    const down = connectRedis("redis://127.0.0.1:1", "gatecheck-triage-down:");
    try {
      const store = new RedisTriageStore(down);
      expect(await concurrentUpdates(store, store)).toEqual([null, 30_000]);
    } finally {
      await down.close();
    }
  });

  describe.skipIf(redisMissing)("through Redis", () => {
    it("shares entries between instances, one update of a key at a time across them", async () => {
      const connections = [connectRedis(redis().url, "gatecheck-triage-store:"), connectRedis(redis().url, "gatecheck-triage-store:")];
      try {
        const [a, b] = connections.map((c) => new RedisTriageStore(c)) as [RedisTriageStore, RedisTriageStore];
        expect(await concurrentUpdates(a, b)).toEqual([null, 30_000]);
        expect(await b.update("us-east-1/triage/1h", async (previous) => ({ state: previous!, result: previous }))).toEqual(state(60_000));
        await a.clear();
        expect(await b.update("us-east-1/triage/1h", async (previous) => ({ state: state(1), result: previous }))).toBeUndefined();
      } finally {
        await Promise.all(connections.map((c) => c.close()));
      }
    });
  });
});
