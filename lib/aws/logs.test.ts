// lib/aws/logs through the real SDK clients of lib/aws/clients against the simulator's CloudWatch Logs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GROUP, REGION, startLogSim, type LogSim } from "@/lib/logs/__fixtures__/sim";
import { AwsCallError } from "./errors";
import { filterLogEvents, runInsightsQuery } from "./logs";

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const STREAM = "7f3c2a51b9e04d6c8a1f0e2d3c4b5a69";

let sim: LogSim;

beforeAll(async () => {
  sim = await startLogSim();
  // 30,000 events one second apart; every 10,000th says "needle": more than one scan budget of the
  // simulator (as AWS, it then answers short or empty pages with a nextToken)
  sim.running.sim.logs.put(
    REGION,
    GROUP,
    STREAM,
    Array.from({ length: 30_000 }, (_, i) => ({ timestamp: T0 + i * 1000, message: `(req-${i}) ${i % 10_000 === 5 ? "needle" : "hay"} ${i}` })),
  );
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => {
  sim.running.sim.faults = { ...sim.running.sim.faults, deny: [] };
});

const wholeLog = { logGroupName: GROUP, startTime: T0, endTime: T0 + 30_000_000 };

describe("filterLogEvents", () => {
  it("follows nextToken through empty pages until AWS has no more", async () => {
    const found = await filterLogEvents(sim.clients, { ...wholeLog, filterPattern: '"needle"', maxEvents: 100, maxPages: 10 });
    expect(found).toEqual({ complete: true, events: expect.any(Array) });
    expect(found.events.map((e) => e.message)).toEqual(["(req-5) needle 5", "(req-10005) needle 10005", "(req-20005) needle 20005"]);
    expect(found.events[0]).toMatchObject({ timestamp: T0 + 5_000, logStreamName: STREAM, eventId: expect.any(String) });
  });

  it("stops at maxPages and says the search is incomplete", async () => {
    const found = await filterLogEvents(sim.clients, { ...wholeLog, filterPattern: '"needle"', maxEvents: 100, maxPages: 1 });
    expect(found.complete).toBe(false);
    expect(found.events.length).toBeLessThan(3);
  });

  it("stops at maxEvents, trimming the last page", async () => {
    const found = await filterLogEvents(sim.clients, { ...wholeLog, filterPattern: '"hay"', limit: 40, maxEvents: 100, maxPages: 10 });
    expect(found.complete).toBe(false);
    expect(found.events).toHaveLength(100);
    expect(found.events[99]?.message).toBe("(req-100) hay 100");
  });

  it("reads newest first when asked", async () => {
    const found = await filterLogEvents(sim.clients, { ...wholeLog, filterPattern: '"hay"', newestFirst: true, maxEvents: 2, maxPages: 1 });
    expect(found.events.map((e) => e.message)).toEqual(["(req-29999) hay 29999", "(req-29998) hay 29998"]);
  });

  it("answers groupMissing for a log group that does not exist", async () => {
    const found = await filterLogEvents(sim.clients, { ...wholeLog, logGroupName: "API-Gateway-Execution-Logs_k3xd9r2m7q/dev", maxEvents: 10, maxPages: 1 });
    expect(found).toEqual({ events: [], complete: true, groupMissing: true });
  });

  it("turns AccessDenied into an AwsCallError naming logs:FilterLogEvents on the group", async () => {
    sim.running.sim.faults = { ...sim.running.sim.faults, deny: ["FilterLogEvents"] };
    const err = await filterLogEvents(sim.clients, { ...wholeLog, maxEvents: 10, maxPages: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as AwsCallError).fault).toMatchObject({
      code: "AccessDeniedException",
      kind: "access-denied",
      operation: "FilterLogEvents",
      action: `logs:FilterLogEvents arn:aws:logs:${REGION}:*:log-group:${GROUP}`,
    });
  });
});

describe("runInsightsQuery", () => {
  it("starts the query, polls until Complete and returns rows of field → value", async () => {
    const rows = await runInsightsQuery(sim.clients, {
      logGroupNames: [GROUP],
      startTime: T0,
      endTime: T0 + 30_000_000,
      queryString: "fields @timestamp, @message | filter @message like /needle/ | sort @timestamp desc | limit 2",
      pollMs: 10,
      timeoutMs: 5_000,
    });
    expect(rows.map((r) => r["@message"])).toEqual(["(req-20005) needle 20005", "(req-10005) needle 10005"]);
    expect(sim.running.sim.stats.byOperation.get("GetQueryResults")).toBeGreaterThanOrEqual(2);
  });

  it("reports a timeout as an AwsCallError of kind timeout", async () => {
    const err = await runInsightsQuery(sim.clients, {
      logGroupNames: [GROUP],
      startTime: T0,
      endTime: T0 + 1_000,
      queryString: "fields @message",
      pollMs: 50,
      timeoutMs: 0,
    }).catch((e: unknown) => e);
    expect((err as AwsCallError).fault).toMatchObject({ operation: "GetQueryResults", kind: "timeout" });
  });

  it("refuses more than 50 log groups before calling AWS", async () => {
    await expect(
      runInsightsQuery(sim.clients, { logGroupNames: Array.from({ length: 51 }, (_, i) => `g${i}`), startTime: T0, endTime: T0, queryString: "fields @message", pollMs: 10, timeoutMs: 100 }),
    ).rejects.toThrow(RangeError);
  });
});
