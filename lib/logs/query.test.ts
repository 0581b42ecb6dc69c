// Log correlation against the simulator's CloudWatch Logs, seeded with real execution-log texts
// (test/fixtures/execution-log-samples.txt, CAUSES.md) re-timed to the present.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_ID, GROUP, REGION, REQUEST_MESSAGES, STAGE, STAGE_REF, requestLines, startLogSim, type LogSim } from "./__fixtures__/sim";
import { logsOfCall, logsOfRequest } from "./query";

const MIN = 60_000;
const NOW = Date.now();
const STREAMS = ["0f8e1d2c3b4a59687766554433221100", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "5e4d3c2b1a0f9e8d7c6b5a4938271605"];

const KEY_A = "**********************************bMZHBg";
const KEY_B = "**********************************gE96dR";
const KEY_C = "******************************9Zx8Yq";
const { verifying, served, keyRejected } = REQUEST_MESSAGES;

const R = {
  oldA: "6b1e9f0a-3c2d-4e5f-8a7b-0c1d2e3f4a50",
  a1: "25bdd356-8fc7-11e6-93c4-e3cf41861839",
  postA: "9ac0eacd-87c5-11e6-b30c-19c3d9849330",
  otherKeyB: "dd007ab9-12ca-11e8-b201-8fec456d096a",
  a2: "cf101403-4a17-11e7-935f-35dfc4618b7d",
  noKeyOrders: "286364ab-3a83-11e9-8dc8-db3cf4c83204",
  noKeyOrder: "9cef3834-f42c-46d7-83fe-a6401a431398",
  unknownKeyC: "3323ffe5-6ddf-45c8-896a-b45ec2284cc0",
};

const ORDER = "GET /orders/{id}";
const NO_PLAN = "No Usage Plan found for key and API Stage";
const NOT_PRESENT = "API Key was required but not present";

/** [request id, minutes ago, messages] */
const REQUESTS: [string, number, string[]][] = [
  [R.oldA, 50, keyRejected(R.oldA, KEY_A, ORDER, NO_PLAN)],
  [R.a1, 10, keyRejected(R.a1, KEY_A, ORDER, NO_PLAN)],
  [R.postA, 7, served(R.postA, KEY_A, "POST", "/orders", 201)],
  [R.otherKeyB, 6, served(R.otherKeyB, KEY_B, "GET", "/orders/{id}", 200)],
  [R.a2, 5, keyRejected(R.a2, KEY_A, ORDER, NO_PLAN)],
  [R.noKeyOrders, 4, keyRejected(R.noKeyOrders, "", "GET /orders", NOT_PRESENT)],
  [R.noKeyOrder, 3, keyRejected(R.noKeyOrder, "", ORDER, NOT_PRESENT)],
  // an unknown key leaves no line naming the method (CAUSES.md: its own line is unconfirmed)
  [R.unknownKeyC, 2, [verifying(R.unknownKeyC, KEY_C), "Method completed with status: 403"]],
];

let sim: LogSim;

beforeAll(async () => {
  sim = await startLogSim();
  REQUESTS.forEach(([id, minutesAgo, messages], i) => {
    sim.running.sim.logs.put(REGION, GROUP, STREAMS[i % STREAMS.length]!, requestLines(id, NOW - minutesAgo * MIN, messages));
  });
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => {
  sim.running.sim.faults = { ...sim.running.sim.faults, deny: [] };
  sim.running.sim.stats.reset();
});

const filterCalls = () => sim.running.sim.stats.byOperation.get("FilterLogEvents") ?? 0;
const lastHour = { apiId: API_ID, stage: STAGE, from: NOW - 60 * MIN, to: NOW };
const orderCall = { ...lastHour, method: "GET", resourcePath: "/orders/{id}" };

describe("logsOfRequest", () => {
  it("returns the lines of one request id in time order", async () => {
    const result = await logsOfRequest(sim.clients, { ...lastHour, requestId: R.a2 });
    expect(result.status).toBe("found");
    expect(result.events.map((e) => e.kind)).toEqual(["extended-request-id", "usage-plan-verifying", "api-key-not-authorized", "method-completed"]);
    expect(result.events.every((e) => e.requestId === R.a2)).toBe(true);
    expect(result.events[2]).toMatchObject({ maskedKey: KEY_A, method: "GET", resourcePath: "/orders/{id}", reason: "NO_USAGE_PLAN_FOR_KEY_AND_STAGE" });
  });

  it("says none-in-window when the id has no line in the window", async () => {
    const result = await logsOfRequest(sim.clients, { ...lastHour, from: NOW - 60 * MIN, to: NOW - 55 * MIN, requestId: R.a2 });
    expect(result).toEqual({ status: "none-in-window", events: [] });
  });

  it("says group-missing when the stage never wrote an execution log", async () => {
    const result = await logsOfRequest(sim.clients, { ...lastHour, stage: "dev", requestId: R.a2 });
    expect(result).toEqual({ status: "group-missing", events: [] });
  });
});

describe("logsOfCall", () => {
  it("returns the newest requests of the call with its key, newest first, in two FilterLogEvents calls", async () => {
    const result = await logsOfCall(sim.clients, { ...orderCall, path: "/orders/o-1042", maskedKeyTail: "bMZHBg" });
    expect(result.status).toBe("found");
    // not: POST /orders with the same key, GET /orders/{id} with key B, GET /orders without a key,
    // the unknown key C, nor the request 50 minutes ago (the last 15 minutes already had matches)
    expect(result.requestIds).toEqual([R.noKeyOrder, R.a2, R.a1]);
    expect(result.events.map((e) => e.requestId)).toEqual([...Array(4).fill(R.noKeyOrder), ...Array(4).fill(R.a2), ...Array(4).fill(R.a1)]);
    const a2 = result.events.filter((e) => e.requestId === R.a2);
    expect(a2.map((e) => e.timestamp)).toEqual([...a2.map((e) => e.timestamp)].sort((x, y) => x! - y!));
    expect(filterCalls()).toBe(2);
  });

  it("keeps at most maxRequests requests", async () => {
    const result = await logsOfCall(sim.clients, { ...orderCall, maskedKeyTail: "bMZHBg", maxRequests: 2 });
    expect(result.requestIds).toEqual([R.noKeyOrder, R.a2]);
  });

  it("without a known key, counts every key's requests of the call", async () => {
    const result = await logsOfCall(sim.clients, orderCall);
    expect(result.requestIds).toEqual([R.noKeyOrder, R.a2, R.otherKeyB, R.a1]);
  });

  it("keeps a request whose key was rejected before any line named the method", async () => {
    const result = await logsOfCall(sim.clients, { ...orderCall, maskedKeyTail: "9Zx8Yq" });
    expect(result.requestIds).toEqual([R.unknownKeyC, R.noKeyOrder]);
    expect(result.events.filter((e) => e.requestId === R.unknownKeyC).map((e) => e.kind)).toEqual(["usage-plan-verifying", "method-completed"]);
  });

  it("widens to the whole window only when the last 15 minutes have nothing", async () => {
    const result = await logsOfCall(sim.clients, { ...orderCall, maskedKeyTail: "bMZHBg", to: NOW - 20 * MIN });
    expect(result.requestIds).toEqual([R.oldA]);
    expect(filterCalls()).toBe(3);
  });

  it("says none-in-window when no request of the call is in the window", async () => {
    const result = await logsOfCall(sim.clients, { ...lastHour, method: "DELETE", resourcePath: "/orders/{id}", maskedKeyTail: "gE96dR" });
    expect(result).toEqual({ status: "none-in-window", events: [], requestIds: [] });
  });

  it("says group-missing when the stage never wrote an execution log", async () => {
    const result = await logsOfCall(sim.clients, { ...orderCall, stage: "dev" });
    expect(result).toEqual({ status: "group-missing", events: [], requestIds: [] });
    expect(filterCalls()).toBe(1);
  });

  it("degrades to unreadable with a gap naming logs:FilterLogEvents when access is denied", async () => {
    sim.running.sim.faults = { ...sim.running.sim.faults, deny: ["FilterLogEvents"] };
    const result = await logsOfCall(sim.clients, orderCall);
    expect(result.status).toBe("unreadable");
    if (result.status !== "unreadable") return;
    expect(result.events).toEqual([]);
    expect(result.gap).toMatchObject({ operation: "FilterLogEvents", code: "AccessDeniedException", kind: "access-denied" });
    expect(result.gap.action).toContain("logs:FilterLogEvents");
    expect(result.gap.action).toContain(GROUP);
  });
});

describe("lines scanned grow with the window, not with the group", () => {
  const BIG_GROUP = "API-Gateway-Execution-Logs_big0000001/prod";
  const EVENTS = 300_000;
  const SPAN = 10 * 24 * 60 * MIN;

  beforeAll(() => {
    // 300,000 lines over 10 days (one every 2.88 s), 3 streams; one 403 of the call 20 minutes ago
    const step = SPAN / EVENTS;
    const start = NOW - SPAN;
    for (const [s, stream] of STREAMS.entries()) {
      const events = [];
      for (let i = s; i < EVENTS; i += STREAMS.length) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        events.push({ timestamp: Math.round(start + i * step), message: `(${id}) Usage Plan check succeeded for API Key ${KEY_B} and API Stage big0000001/prod` });
      }
      sim.running.sim.logs.put(REGION, BIG_GROUP, stream, events);
    }
    sim.running.sim.logs.put(
      REGION,
      BIG_GROUP,
      STREAMS[0]!,
      requestLines(
        R.a1,
        NOW - 20 * MIN,
        keyRejected(R.a1, KEY_A, ORDER, NO_PLAN).map((m) => m.replaceAll(STAGE_REF, "big0000001/prod")),
      ),
    );
  });

  it("a one-hour search scans under 10% of a 10-day group", async () => {
    sim.running.sim.logs.scannedEvents = 0;
    const result = await logsOfCall(sim.clients, { apiId: "big0000001", stage: "prod", method: "GET", resourcePath: "/orders/{id}", maskedKeyTail: "bMZHBg", from: NOW - 60 * MIN, to: NOW });
    expect(result.requestIds).toEqual([R.a1]);
    // about 1/240 of the group per hour of window; bounded by the window, not a timing assertion
    expect(sim.running.sim.logs.scannedEvents).toBeLessThan(EVENTS / 10);
    expect(sim.running.sim.logs.scannedEvents).toBeGreaterThan(0);
  });
});
