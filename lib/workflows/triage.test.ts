// Incremental triage against the simulator, time driven by the test: refreshes that read only the time since the last
// one give exactly what a read of the whole window gives, and cost Logs Insights about the bytes written meanwhile.
import { describe, expect, it } from "vitest";
import { clearCache } from "@/lib/inventory/cache";
import { executionLogGroupName } from "@/lib/logs/patterns";
import { connectRedis } from "@/lib/shared/redis";
import { MemoryTriageStore, RedisTriageStore, type TriageStore } from "@/lib/triage/store";
import { EVENT_OVERHEAD_BYTES } from "@/sim/logs/queries";
import type { TrafficEntry } from "@/sim/state";
import { redisForFile, redisMissing } from "@/test/redis-env";
import { simulatorForFile } from "@/test/sim-env";
import { LATE_LINES_MS, loadTriage, type Triage } from "./triage";

const REGION = "us-east-1";
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const REFRESH_MS = 30_000;
const FAST = { firstPollMs: 2, pollMs: 10 };

let clock = T0;
// The demo's traffic is replayed over the hour before T0.
const sim = simulatorForFile({ now: () => clock, pacing: false });
const redis = redisForFile();

const load = (now: number, store: TriageStore | null, since = "1h") => loadTriage(REGION, since, { now, store, poll: FAST });
const insights = () => ({ ...sim().sim.logs.insights });

/** Refreshes `store` at `now` and reads the whole window at `now` too: the two answers must be the same. */
async function refreshAndCompare(store: TriageStore, now: number, since = "1h"): Promise<Triage> {
  const incremental = await load(now, store, since);
  const full = await load(now, null, since);
  expect(incremental).toEqual(full);
  return incremental;
}

/** Bytes of the execution-log events of the region's groups with a timestamp in [from, to), as Insights counts them. */
function bytesWritten(from: number, to: number): number {
  let bytes = 0;
  for (const group of sim().sim.logs.groupsOf(REGION)) {
    if (!group.logGroupName.startsWith("API-Gateway-Execution-Logs_")) continue;
    for (const stream of group.streams.values()) for (const e of stream.events) if (e.timestamp >= from && e.timestamp < to) bytes += Buffer.byteLength(e.message) + EVENT_OVERHEAD_BYTES;
  }
  return bytes;
}

describe("incremental triage", () => {
  it("answers, refresh after refresh with traffic arriving in between, exactly what a read of the whole window answers", async () => {
    const store = new MemoryTriageStore();
    let now = T0;
    const first = await refreshAndCompare(store, now);
    expect(first.groups.length).toBeGreaterThanOrEqual(6);
    // 30 s refreshes, one after a 10-minute pause (a hidden tab), one off the second; the window slides over old lines.
    for (const step of [30_000, 30_000, 30_000, 600_000, 30_000, 30_500, 29_500, 30_000]) {
      sim().sim.replayTrafficBetween(now, now + step);
      now += step;
      await refreshAndCompare(store, now);
    }
    const last = await load(now, null);
    expect(last.groups.reduce((n, g) => n + g.count, 0)).toBeGreaterThan(first.groups.reduce((n, g) => n + g.count, 0) / 2);
    // Another window is another entry: its first load reads it whole.
    await refreshAndCompare(store, now, "15m");
    clock = now;
  });

  it("costs Logs Insights about the bytes written, not a re-read of the window at every refresh", async () => {
    const store = new MemoryTriageStore();
    const start = clock + 60_000;
    await load(start, store);
    const before = insights();
    let now = start;
    for (let i = 0; i < 120; i++) {
      sim().sim.replayTrafficBetween(now, now + REFRESH_MS);
      now += REFRESH_MS;
      await load(now, store);
    }
    const scanned = insights().bytesScanned - before.bytesScanned;
    const written = bytesWritten(start, now);
    // Every second read about twice (fresh, then LATE_LINES_MS later), plus the lines of a few requests read by id.
    expect(written).toBeGreaterThan(100_000);
    expect(scanned).toBeGreaterThan(written);
    expect(scanned).toBeLessThan(3 * written);

    const full = insights();
    await load(now, null);
    const oneFullRead = insights().bytesScanned - full.bytesScanned;
    expect((oneFullRead * 120) / scanned).toBeGreaterThan(40);
    expect(await load(now + REFRESH_MS, store)).toEqual(await load(now + REFRESH_MS, null));
    clock = now + REFRESH_MS;
  }, 120_000);

  it("counts a line that reaches CloudWatch late once, at the refresh that reads its time again", async () => {
    const store = new MemoryTriageStore();
    let now = clock + 60_000;
    await refreshAndCompare(store, now);
    // A refused request 40 s old, written only now: after the refresh that read its time.
    const refusedAt = (entry: TrafficEntry) =>
      sim().sim.dataPlane({
        method: entry.method,
        path: entry.path.split("?")[0] ?? "/",
        query: new URLSearchParams(),
        headers: { host: `${entry.apiId}.execute-api.localhost`, ...Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k.toLowerCase(), v])) },
        body: entry.body ?? "",
        region: REGION,
        sourceIp: entry.sourceIp,
        at: now - 40_000,
      }).status;
    const traffic = sim().sim.state.traffic.filter((t) => t.apiId === "rj1211gqfw");
    expect(traffic.some((entry) => refusedAt(entry) === 403)).toBe(true);

    const total = (triage: Triage) => triage.groups.reduce((n, g) => n + g.count, 0);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      now += REFRESH_MS;
      const incremental = await load(now, store);
      const full = await load(now, null);
      seen.push(total(full) - total(incremental));
      if (total(full) === total(incremental)) expect(incremental).toEqual(full);
    }
    // Missing from the fresh reads (its time was read before it arrived), then counted exactly once from the refresh that
    // reads its second again, LATE_LINES_MS after it: the third one here.
    const rereadAt = Math.ceil((LATE_LINES_MS - 40_000 + 1_000) / REFRESH_MS);
    expect(rereadAt).toBe(3);
    expect(seen).toEqual(seen.map((_, i) => (i + 1 < rereadAt ? 1 : 0)));
    clock = now;
  });

  it("reads a log group that appears (logging turned on) over the whole window, and drops one whose logging is turned off", async () => {
    const store = new MemoryTriageStore();
    let now = clock + 60_000;
    const before = await refreshAndCompare(store, now);
    expect(before.blindSpots.map((b) => `${b.apiId}/${b.stage}`)).toContain("lx4o87ly5c/prod");

    const stage = sim()
      .sim.state.restApis.find((a) => a.id === "lx4o87ly5c")!
      .stages.find((s) => s.stageName === "prod")!;
    stage.methodSettings["*/*"] = { ...stage.methodSettings["*/*"], loggingLevel: "INFO" };
    // Its lines are older than the last refresh: only a read of the whole window finds them.
    expect(sim().sim.replayTrafficBetween(now - 20 * 60_000, now, (t) => t.apiId === "lx4o87ly5c")).toBeGreaterThan(0);
    await clearCache();
    now += REFRESH_MS;
    let mark = insights().bytesScanned;
    const after = await load(now, store);
    const incrementalBytes = insights().bytesScanned - mark;
    mark = insights().bytesScanned;
    expect(after).toEqual(await load(now, null));
    // The new group over the whole window, the others over the last seconds only.
    expect(incrementalBytes).toBeLessThan((insights().bytesScanned - mark) / 2);
    expect(after.scanned.logGroups).toBe(before.scanned.logGroups + 1);
    expect(after.blindSpots.map((b) => `${b.apiId}/${b.stage}`)).not.toContain("lx4o87ly5c/prod");
    const refused = sim().sim.state.journal.filter((e) => e.apiId === "lx4o87ly5c" && e.executionLogged && (e.status === 401 || e.status === 403) && e.at >= now - 3_600_000);
    expect(refused.length).toBeGreaterThan(0);
    expect(after.groups.some((g) => g.stages.includes("lx4o87ly5c/prod"))).toBe(true);
    expect(sim().sim.logs.group(REGION, executionLogGroupName("lx4o87ly5c", "prod"))).toBeDefined();

    stage.methodSettings["*/*"] = { ...stage.methodSettings["*/*"], loggingLevel: "OFF" };
    await clearCache();
    now += REFRESH_MS;
    const off = await refreshAndCompare(store, now);
    expect(off.groups.some((g) => g.stages.includes("lx4o87ly5c/prod"))).toBe(false);
    clock = now;
  });

  it("reuses a read under 5 s old instead of asking AWS again", async () => {
    const store = new MemoryTriageStore();
    const now = clock + 60_000;
    const first = await load(now, store);
    const queries = insights().queries;
    const again = await load(now + 2_000, store);
    expect(insights().queries).toBe(queries);
    expect(again).toEqual(first);
    clock = now + 2_000;
  });

  describe.skipIf(redisMissing)("shared through Redis", () => {
    it("lets instances taking turns read each second about as often as one instance does", async () => {
      const connections = [connectRedis(redis().url, "gatecheck-triage-test:"), connectRedis(redis().url, "gatecheck-triage-test:")];
      try {
        const [a, b] = connections.map((c) => new RedisTriageStore(c)) as [RedisTriageStore, RedisTriageStore];
        const alone = new MemoryTriageStore();
        const start = clock + 60_000;
        await load(start, a);
        await load(start, alone);
        let now = start;
        let shared = 0;
        let single = 0;
        for (let i = 0; i < 10; i++) {
          sim().sim.replayTrafficBetween(now, now + REFRESH_MS);
          now += REFRESH_MS;
          let mark = insights().bytesScanned;
          const answer = await load(now, i % 2 === 0 ? b : a);
          shared += insights().bytesScanned - mark;
          mark = insights().bytesScanned;
          expect(answer).toEqual(await load(now, alone));
          single += insights().bytesScanned - mark;
        }
        expect(shared).toBe(single);
        clock = now;
      } finally {
        await Promise.all(connections.map((c) => c.close()));
      }
    });
  });
});
