// The overview's traffic against the simulator: each stage's requests, 4XX and 5XX are what the data plane
// answered the replayed traffic, refusing stages sort first, and an unreadable CloudWatch is a named gap.
import { afterEach, describe, expect, it } from "vitest";
import { arrange, troubleOf } from "@/lib/client/overview-view";
import { NO_FAULTS } from "@/sim/testing";
import { simulatorForFile } from "@/test/sim-env";
import { clearCache } from "./cache";
import { loadOverview } from "./overview";

// The simulator's clock, on a whole minute: its replayed traffic lies in the hour before it, the overview's window.
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);

const sim = simulatorForFile({ now: () => T0, pacing: false });

afterEach(() => {
  sim().sim.faults = { ...sim().sim.faults, ...NO_FAULTS };
  clearCache();
});

describe("the overview's traffic", () => {
  it("counts, per stage, exactly the requests the data plane answered in the replayed traffic", async () => {
    const overview = await loadOverview("us-east-1", { fresh: true, now: T0 });
    expect(overview.trafficGap).toBeNull();
    expect(overview.trafficWindow).toEqual({ start: new Date(T0 - 3_600_000).toISOString(), end: new Date(T0).toISOString(), periodSeconds: 300 });
    const journal = sim().sim.state.journal.filter((e) => e.apiId !== null && e.stage !== null);
    // Every replayed request of a stage lies in the window, so nothing is compared away.
    expect(journal.every((e) => e.at >= T0 - 3_600_000 && e.at < T0)).toBe(true);

    let stages = 0;
    for (const api of overview.restApis) {
      for (const stage of api.stages) {
        const served = journal.filter((e) => e.apiId === api.id && e.stage === stage.name);
        expect(stage.traffic, `${api.name}/${stage.name}`).toMatchObject({
          requests: served.length,
          errors4xx: served.filter((e) => e.status >= 400 && e.status < 500).length,
          errors5xx: served.filter((e) => e.status >= 500).length,
          complete: true,
        });
        expect(stage.traffic!.series).toHaveLength(12);
        stages++;
      }
    }
    // Every request the replay sent to a us-east-1 stage is counted once.
    const usEast1 = new Set(overview.restApis.map((a) => a.id));
    const total = overview.restApis.flatMap((a) => a.stages).reduce((n, s) => n + s.traffic!.requests, 0);
    expect(total).toBe(journal.filter((e) => usEast1.has(e.apiId!)).length);
    expect(total).toBeGreaterThan(300);
    expect(stages).toBeGreaterThan(20);
  });

  it("sorts every stage that refuses calls above every healthy one, and the 'only failing' view keeps just those", async () => {
    const overview = await loadOverview("us-east-1", { fresh: true, now: T0 });
    const ordered = arrange(overview.restApis, { q: "", failing: false, sort: "trouble" });
    const troubles = ordered.map((api) => troubleOf(api.stages[0]!));
    const firstHealthy = troubles.indexOf("ok");
    expect(troubles.lastIndexOf("refusing")).toBeLessThan(firstHealthy);
    expect(troubles.filter((t) => t === "refusing").length).toBeGreaterThan(10);
    for (const api of ordered) {
      const ranks = api.stages.map(troubleOf);
      if (ranks.includes("refusing")) expect(ranks[0]).toBe("refusing");
    }
    // Within the refusing APIs, a higher share of 4XX comes first.
    const rates = ordered.filter((api) => troubleOf(api.stages[0]!) === "refusing").map((api) => api.stages[0]!.traffic!.errors4xx / api.stages[0]!.traffic!.requests);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));

    const failing = arrange(overview.restApis, { q: "", failing: true, sort: "trouble" });
    expect(failing.flatMap((a) => a.stages).every((s) => s.traffic!.errors4xx + s.traffic!.errors5xx > 0)).toBe(true);
    expect(failing.flatMap((a) => a.stages).length).toBe(overview.restApis.flatMap((a) => a.stages).filter((s) => s.traffic!.errors4xx + s.traffic!.errors5xx > 0).length);
  });

  it.each([
    ["denied", { deny: ["GetMetricData"] }, "access-denied"],
    ["throttled", { throttleOperations: ["GetMetricData"], retryAfterSeconds: 0 }, "throttled"],
  ])("GetMetricData %s: the stages are still listed, without counts, and the gap is named", async (_name, faults, kind) => {
    const full = await loadOverview("us-east-1", { fresh: true, now: T0 });
    sim().sim.faults = { ...sim().sim.faults, ...faults };
    const overview = await loadOverview("us-east-1", { fresh: true, now: T0 });
    expect(overview.restApis.map((a) => [a.id, a.stages.map((s) => s.name)])).toEqual(full.restApis.map((a) => [a.id, a.stages.map((s) => s.name)]));
    expect(overview.restApis.flatMap((a) => a.stages).every((s) => s.traffic === null)).toBe(true);
    expect(overview.trafficGap).toMatchObject({ operation: "GetMetricData", action: "cloudwatch:GetMetricData *", kind });
    expect(overview.gaps).toEqual([]);
    expect(overview.restApisGap).toBeNull();
  });

  it("names the APIs whose traffic CloudWatch counts together (same ApiName)", async () => {
    const state = sim().sim.state;
    const original = state.restApis.find((a) => a.id === "xyrwv56bk2")!;
    state.restApis.push({ ...structuredClone(original), id: "twin000001" });
    try {
      const overview = await loadOverview("us-east-1", { fresh: true, now: T0 });
      const twins = overview.restApis.filter((a) => a.name === original.name);
      expect(twins.map((a) => [a.id, a.sharesMetricsWith])).toEqual(
        expect.arrayContaining([
          ["xyrwv56bk2", ["twin000001"]],
          ["twin000001", ["xyrwv56bk2"]],
        ]),
      );
      expect(twins[0]!.stages.find((s) => s.name === "prod")!.traffic).toEqual(twins[1]!.stages.find((s) => s.name === "prod")!.traffic);
      expect(overview.restApis.filter((a) => a.name !== original.name).every((a) => a.sharesMetricsWith.length === 0)).toBe(true);
    } finally {
      state.restApis = state.restApis.filter((a) => a.id !== "twin000001");
    }
  });
});
