// The log reads of diagnoses against the simulator's demo scenarios: concurrent diagnoses of one stage share
// FilterLogEvents calls and get what each would alone, a stage that logs nothing is not searched, and a read that
// found nothing is kept briefly for its exact window only (a probe's polls each ask a new one).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { clearCache } from "@/lib/inventory/cache";
import { requestLines } from "@/lib/logs/__fixtures__/sim";
import { executionLogGroupName } from "@/lib/logs/patterns";
import { simulatorForFile } from "@/test/sim-env";
import { diagnoseCall, type DiagnoseInput } from "./diagnose";

// The simulator has no account quota to pace under.
const sim = simulatorForFile({ pacing: false });

const MIN = 60_000;
const filterCalls = () => sim().sim.stats.byOperation.get("FilterLogEvents") ?? 0;
/** Everything but when the inventory was read. */
const comparable = ({ inventoryAt: _, ...diagnosis }: Diagnosis) => diagnosis;

beforeEach(() => {
  clearCache();
  sim().sim.stats.reset();
});

afterEach(() => {
  delete process.env.GATECHECK_LOG_BATCHING;
});

describe("concurrent distinct diagnoses of one stage", () => {
  it("30 at once (request ids, keys, verbs) make a handful of FilterLogEvents calls, each diagnosis as made alone", async () => {
    // key-plan-missing-stage: fulfillment-api prod, with an hour of replayed traffic
    const [apiId, stage] = ["rkhm8gm12d", "prod"];
    const window = { from: new Date(Date.now() - 90 * MIN).toISOString(), to: new Date(Date.now() + MIN).toISOString() };
    const base = { region: "us-east-1", api: apiId, stage, ...window };
    const requestIds = sim()
      .sim.state.journal.filter((e) => e.apiId === apiId && e.stage === stage)
      .map((e) => e.requestId);
    const inputs: DiagnoseInput[] = [
      ...requestIds.slice(0, 24).map((requestId) => ({ ...base, requestId })),
      ...["sirdorgti2", "tkyqdbm65h", "none"].flatMap((key) => ["GET", "POST"].map((method) => ({ ...base, method, path: "/shipments", key }))),
    ];
    expect(inputs).toHaveLength(30);

    const merged = await Promise.all(inputs.map((input) => diagnoseCall(input)));
    const mergedCalls = filterCalls();

    process.env.GATECHECK_LOG_BATCHING = "off";
    clearCache();
    sim().sim.stats.reset();
    const alone = await Promise.all(inputs.map((input) => diagnoseCall(input)));
    const aloneCalls = filterCalls();

    expect(merged.map(comparable)).toEqual(alone.map(comparable));
    expect(merged.filter((d) => d.logStatus.status === "found").length).toBeGreaterThan(25);
    expect(aloneCalls).toBeGreaterThanOrEqual(inputs.length);
    expect(mergedCalls).toBeLessThanOrEqual(inputs.length / 5);
  });
});

describe("a stage that logs nothing", () => {
  // execution-logging-off: loyalty-api prod, logging OFF, stage unchanged for 25 days
  const call = { region: "us-east-1", api: "lx4o87ly5c", stage: "prod", method: "POST", path: "/points", key: "c845lojgsa" };

  it("is not searched, and the diagnosis is the one a search would have given", async () => {
    const skipped = await diagnoseCall(call);
    expect(filterCalls()).toBe(0);
    expect(skipped.logStatus.status).toBe("logging-off");
    expect(skipped.firstBreak?.code).toBe("KEY_IN_NO_PLAN");

    // A window reaching back before the stage's last change may hold lines of a logging level since turned off.
    const window = { from: new Date(Date.now() - 30 * 24 * 60 * MIN).toISOString(), to: skipped.request.window.to };
    const searched = await diagnoseCall({ ...call, ...window });
    expect(filterCalls()).toBeGreaterThan(0);
    const { request: _, ...rest } = comparable(searched);
    const { request: __, ...skippedRest } = comparable(skipped);
    expect(rest).toEqual(skippedRest);
  });
});

describe("a read that found nothing", () => {
  const [apiId, stage] = ["rkhm8gm12d", "prod"];

  it("is kept for 10 s for its exact window, so a repeated diagnosis makes no call", async () => {
    const quiet = {
      region: "us-east-1",
      api: apiId,
      stage,
      method: "GET",
      path: "/shipments",
      key: "sirdorgti2",
      from: new Date(Date.now() - 5 * 60 * MIN).toISOString(),
      to: new Date(Date.now() - 4 * 60 * MIN).toISOString(),
    };
    expect((await diagnoseCall(quiet)).logStatus.status).toBe("none-in-window");
    const calls = filterCalls();
    expect(calls).toBeGreaterThan(0);
    expect((await diagnoseCall(quiet)).logStatus.status).toBe("none-in-window");
    expect(filterCalls()).toBe(calls);
  });

  it("does not hide lines from a probe, whose every poll asks a window of its own", async () => {
    const requestId = "5f0c7c7e-0d1a-4a8e-9b2f-3c4d5e6f7a8b";
    // as lib/workflows/probe.ts polls: a window from 5 minutes ago to 1 minute ahead, taken anew each time
    const poll = () => diagnoseCall({ region: "us-east-1", api: apiId, stage, requestId, from: new Date(Date.now() - 5 * MIN).toISOString(), to: new Date(Date.now() + MIN).toISOString() });
    expect((await poll()).logStatus.status).toBe("none-in-window");
    await new Promise((r) => setTimeout(r, 5));
    // the probe's lines arrive in CloudWatch
    sim().sim.logs.put("us-east-1", executionLogGroupName(apiId, stage), "b1c2d3e4f5a60718293a4b5c6d7e8f90", requestLines(requestId, Date.now(), ["Method completed with status: 403"]));
    const later = await poll();
    expect(later.logStatus.status).toBe("found");
    expect(later.logs.map((e) => e.requestId)).toContain(requestId);
  });
});
