// lib/aws/metrics through the real CloudWatch client of lib/aws/clients against the simulator: SDK output reshaped
// into per-stage totals and a zero-filled series, 500 queries per call, NextToken followed, failures named.
import { beforeEach, describe, expect, it } from "vitest";
import { NO_FAULTS } from "@/sim/testing";
import { simulatorForFile } from "@/test/sim-env";
import { awsClients } from "./clients";
import { AwsCallError } from "./errors";
import { getStageTraffic, metricApiName } from "./metrics";

// On a whole minute, so the replayed traffic (the hour before the simulator's clock) fits the window exactly.
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const WINDOW = { start: new Date(T0 - 3_600_000).toISOString(), end: new Date(T0).toISOString(), periodSeconds: 300 };

const sim = simulatorForFile({ now: () => T0, pacing: false });

beforeEach(() => {
  sim().sim.faults = { ...sim().sim.faults, ...NO_FAULTS };
});

/** What the data plane answered a stage in the window, per 5-minute period. */
function served(apiId: string, stage: string) {
  const periods = Array.from({ length: 12 }, () => ({ requests: 0, errors4xx: 0, errors5xx: 0 }));
  for (const e of sim().sim.state.journal) {
    if (e.apiId !== apiId || e.stage !== stage || e.at < T0 - 3_600_000 || e.at >= T0) continue;
    const period = periods[Math.floor((e.at - (T0 - 3_600_000)) / 300_000)]!;
    period.requests++;
    if (e.status >= 400 && e.status < 500) period.errors4xx++;
    if (e.status >= 500) period.errors5xx++;
  }
  return periods;
}

const stagesOf = (region: string) =>
  sim()
    .sim.state.restApis.filter((a) => a.region === region)
    .flatMap((api) => api.stages.map((s) => ({ api, stage: s.stageName })));

describe("metricApiName", () => {
  it("drops non-ASCII characters and falls back to the id, as API Gateway names the dimension", () => {
    expect(metricApiName({ id: "a1b2c3d4e5", name: "orders-api" })).toBe("orders-api");
    expect(metricApiName({ id: "a1b2c3d4e5", name: "café-api" })).toBe("caf-api");
    expect(metricApiName({ id: "a1b2c3d4e5", name: "注文" })).toBe("a1b2c3d4e5");
  });
});

describe("getStageTraffic", () => {
  it("reshapes each stage's Count, 4XXError and 5XXError into totals and a 12-period series equal to the data plane's", async () => {
    const stages = stagesOf("us-east-1");
    sim().sim.stats.reset();
    const traffic = await getStageTraffic(
      awsClients("us-east-1"),
      stages.map(({ api, stage }) => ({ apiName: metricApiName(api), stage })),
      WINDOW,
    );
    expect(sim().sim.stats.byOperation.get("GetMetricData")).toBe(Math.ceil((stages.length * 3) / 500));
    stages.forEach(({ api, stage }, i) => {
      const expected = served(api.id, stage);
      const got = traffic[i]!;
      expect(
        got.series.map(({ requests, errors4xx, errors5xx }) => ({ requests, errors4xx, errors5xx })),
        `${api.name}/${stage}`,
      ).toEqual(expected);
      expect(got.series.map((p) => p.at)).toEqual(Array.from({ length: 12 }, (_, p) => new Date(T0 - 3_600_000 + p * 300_000).toISOString()));
      expect(got.requests).toBe(expected.reduce((n, p) => n + p.requests, 0));
      expect(got.errors4xx).toBe(expected.reduce((n, p) => n + p.errors4xx, 0));
      expect(got.complete).toBe(true);
    });
    expect(traffic.some((t) => t.errors4xx > 0)).toBe(true);
    expect(traffic.some((t) => t.requests > 0 && t.errors4xx === 0)).toBe(true);
  });

  it("sends 500 queries a call (170 stages: 510 queries, 2 calls) and follows NextToken through small pages", async () => {
    const real = stagesOf("us-east-1");
    const stages = Array.from({ length: 170 }, (_, i) => real[i % real.length]!).map(({ api, stage }) => ({ apiName: metricApiName(api), stage }));
    const whole = await getStageTraffic(awsClients("us-east-1"), stages, WINDOW);
    sim().sim.stats.reset();
    const paged = await getStageTraffic(awsClients("us-east-1"), stages, WINDOW, { maxDatapoints: 100 });
    const calls = sim().sim.stats.byOperation.get("GetMetricData") ?? 0;
    expect(paged).toEqual(whole);
    expect(calls).toBeGreaterThan(2);
    sim().sim.stats.reset();
    await getStageTraffic(awsClients("us-east-1"), stages, WINDOW);
    expect(sim().sim.stats.byOperation.get("GetMetricData")).toBe(2);
  });

  it("a stage without traffic is twelve zeros, not missing", async () => {
    const [none] = await getStageTraffic(awsClients("us-east-1"), [{ apiName: "no-such-api", stage: "prod" }], WINDOW);
    expect(none).toMatchObject({ requests: 0, errors4xx: 0, errors5xx: 0, complete: true });
    expect(none!.series).toHaveLength(12);
  });

  it.each([
    ["denied", { deny: ["GetMetricData"] }, "access-denied", "AccessDenied"],
    ["throttled", { throttleRate: 1, retryAfterSeconds: 0 }, "throttled", "Throttling"],
  ])("%s: an AwsCallError naming cloudwatch:GetMetricData", async (_name, faults, kind, code) => {
    sim().sim.faults = { ...sim().sim.faults, ...faults };
    const err = await getStageTraffic(awsClients("us-east-1"), [{ apiName: "orders-api", stage: "prod" }], WINDOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as AwsCallError).fault).toMatchObject({ operation: "GetMetricData", action: "cloudwatch:GetMetricData *", kind, code });
  });
});
