// Merged FilterLogEvents searches against the simulator: every caller of a merged read gets exactly what its own
// read returns (the same searches run one by one with batching off), in far fewer calls.
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { filterLogEvents } from "@/lib/aws/logs";
import { API_ID, GROUP, REGION, REQUEST_MESSAGES, STAGE, requestLines, startLogSim, type LogSim } from "./__fixtures__/sim";
import { searchLogs, type LogSearch } from "./batch";
import { MAX_FILTER_PATTERN_LENGTH, filterPatternAny } from "./patterns";
import { logsOfCall, logsOfRequest, type CallLogQuery, type RequestLogQuery } from "./query";

const MIN = 60_000;
const NOW = Date.now();
const STREAMS = ["0f8e1d2c3b4a59687766554433221100", "a1b2c3d4e5f60718293a4b5c6d7e8f90", "5e4d3c2b1a0f9e8d7c6b5a4938271605"];
const KEYS = ["**********************************bMZHBg", "**********************************gE96dR", "******************************9Zx8Yq", ""];
const ROUTES: { verb: string; template: string; path: (i: number) => string }[] = [
  { verb: "GET", template: "/orders/{id}", path: (i) => `/orders/o-${1000 + i}` },
  { verb: "GET", template: "/orders", path: () => "/orders" },
  { verb: "POST", template: "/orders", path: () => "/orders" },
  { verb: "DELETE", template: "/orders/{id}", path: (i) => `/orders/o-${1000 + i}` },
];
const NO_PLAN = "No Usage Plan found for key and API Stage";

/** 72 requests over the last 100 minutes: four routes, four keys (one empty), served or refused, on three streams. */
const REQUESTS = Array.from({ length: 72 }, (_, i) => {
  const id = `${(0x1a2b3c00 + i).toString(16)}-8fc7-41e6-93c4-${(0xe3cf41861800 + i).toString(16)}`;
  const route = ROUTES[i % ROUTES.length]!;
  const key = KEYS[Math.floor(i / ROUTES.length) % KEYS.length]!;
  const at = NOW - 100 * MIN + Math.round(i * 1.37 * MIN);
  const messages = i % 3 === 0 ? REQUEST_MESSAGES.served(id, key, route.verb, route.path(i), 200) : REQUEST_MESSAGES.keyRejected(id, key, `${route.verb} ${route.template}`, NO_PLAN);
  return { id, route, key, at, path: route.path(i), lines: requestLines(id, at, messages) };
});

let sim: LogSim;

beforeAll(async () => {
  // The simulator has no account quota to pace under.
  sim = await startLogSim({ pacing: false });
  REQUESTS.forEach((r, i) => sim.running.sim.logs.put(REGION, GROUP, STREAMS[i % STREAMS.length]!, r.lines));
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => {
  sim.running.sim.stats.reset();
});

afterEach(() => {
  sim.running.sim.faults = { ...sim.running.sim.faults, deny: [], latencyMs: 0 };
  delete process.env.GATECHECK_LOG_BATCHING;
});

const filterCalls = () => sim.running.sim.stats.byOperation.get("FilterLogEvents") ?? 0;

/** Each read on its own, one after the other, with batching off: what each caller must get. */
async function alone<T>(reads: (() => Promise<T>)[]): Promise<{ results: T[]; calls: number }> {
  process.env.GATECHECK_LOG_BATCHING = "off";
  sim.running.sim.stats.reset();
  const results: T[] = [];
  for (const read of reads) results.push(await read());
  delete process.env.GATECHECK_LOG_BATCHING;
  return { results, calls: filterCalls() };
}

/** The same reads all at once, batched. */
async function together<T>(reads: (() => Promise<T>)[]): Promise<{ results: T[]; calls: number }> {
  sim.running.sim.stats.reset();
  const results = await Promise.all(reads.map((read) => read()));
  return { results, calls: filterCalls() };
}

const stage = { apiId: API_ID, stage: STAGE };

describe("merged reads return each caller exactly what its own read returns", () => {
  it("72 request ids, each read over its own window (some cut the request out)", async () => {
    const queries: RequestLogQuery[] = REQUESTS.map((r, i) => ({ ...stage, requestId: r.id, from: r.at - (i % 4) * 20 * MIN - 1, to: i % 5 === 0 ? r.at - 1 : NOW }));
    const reads = queries.map((q) => () => logsOfRequest(sim.clients, q));
    const separate = await alone(reads);
    const merged = await together(reads);
    expect(merged.results).toEqual(separate.results);
    expect(separate.results.filter((r) => r.status === "found").length).toBeGreaterThan(50);
    expect(separate.results.filter((r) => r.status === "none-in-window").length).toBeGreaterThan(10);
    expect(separate.calls).toBe(72);
    // 72 ids, 20 per filter pattern: 4 calls for the overlapping windows, a few more for those apart
    expect(merged.calls).toBeLessThanOrEqual(10);
  });

  it("64 calls (route × key × concrete path × window) through both passes of logsOfCall", async () => {
    const queries: CallLogQuery[] = [];
    for (const [r, route] of ROUTES.entries()) {
      for (const key of [...KEYS.map((k) => k.slice(-6)), undefined]) {
        for (const window of [
          { from: NOW - 60 * MIN, to: NOW },
          { from: NOW - 120 * MIN, to: NOW - 20 * MIN },
          { from: NOW - 100 * MIN, to: NOW - 70 * MIN },
        ]) {
          queries.push({
            ...stage,
            method: route.verb,
            resourcePath: route.template,
            path: route.path(r * 7),
            ...(key ? { maskedKeyTail: key } : {}),
            ...window,
            maxRequests: 1 + (queries.length % 6),
          });
        }
      }
    }
    const reads = queries.slice(0, 64).map((q) => () => logsOfCall(sim.clients, q));
    const separate = await alone(reads);
    const merged = await together(reads);
    expect(merged.results).toEqual(separate.results);
    expect(separate.results.filter((r) => r.status === "found").length).toBeGreaterThan(30);
    expect(separate.results.some((r) => r.status === "none-in-window")).toBe(true);
    expect(merged.calls).toBeLessThan(separate.calls / 4);
  });

  it("raw searches: overlapping and distant windows, newest or oldest first, each cut at its own cap", async () => {
    const searches: LogSearch[] = [
      { logGroupName: GROUP, startTime: NOW - 90 * MIN, endTime: NOW, terms: ["Method completed with status: 403"], maxEvents: 5, maxPages: 20 },
      { logGroupName: GROUP, startTime: NOW - 90 * MIN, endTime: NOW, terms: ["Method completed with status: 403"], newestFirst: true, maxEvents: 5, maxPages: 20 },
      { logGroupName: GROUP, startTime: NOW - 30 * MIN, endTime: NOW - 10 * MIN, terms: ["HTTP Method: GET", "'POST /orders'"], newestFirst: true, maxEvents: 1_000, maxPages: 20 },
      { logGroupName: GROUP, startTime: NOW - 45 * MIN, endTime: NOW - 44 * MIN, terms: ["Usage Plan"], maxEvents: 1_000, maxPages: 20 },
      // case-sensitive: matches nothing
      { logGroupName: GROUP, startTime: NOW - 90 * MIN, endTime: NOW, terms: ["method completed"], maxEvents: 10, maxPages: 20 },
      { logGroupName: GROUP, startTime: NOW - 300 * MIN, endTime: NOW - 200 * MIN, terms: [REQUESTS[0]!.id], maxEvents: 10, maxPages: 20 },
    ];
    const separate = await alone(searches.map((s) => () => filterLogEvents(sim.clients, { ...s, filterPattern: filterPatternAny(s.terms) })));
    const merged = await together(searches.map((s) => () => searchLogs(sim.clients, s)));
    expect(merged.results).toEqual(separate.results);
    expect(separate.results.map((r) => r.events.length)).toEqual([5, 5, expect.any(Number), expect.any(Number), 0, 0]);
    expect(separate.results[2]!.events.length).toBeGreaterThan(2);
    // the windows within 90 minutes share one call; the one hours before is read apart
    expect(merged.calls).toBe(2);
  });

  it("a merged read stopped by its cap leaves each caller to its own read", async () => {
    const searches: LogSearch[] = [2, 3].map((maxEvents) => ({ logGroupName: GROUP, startTime: NOW - 120 * MIN, endTime: NOW, terms: ["Extended Request Id"], maxEvents, maxPages: 20 }));
    const separate = await alone(searches.map((s) => () => filterLogEvents(sim.clients, { ...s, filterPattern: filterPatternAny(s.terms) })));
    const merged = await together(searches.map((s) => () => searchLogs(sim.clients, s)));
    expect(merged.results).toEqual(separate.results);
    expect(merged.results.every((r) => !r.complete)).toBe(true);
    expect(merged.calls).toBe(3);
  });
});

describe("what is merged, and what is not", () => {
  it("packs 45 request ids into 3 filter patterns (20 ids each at most, under 1,024 characters)", async () => {
    const merged = await together(REQUESTS.slice(0, 45).map((r) => () => logsOfRequest(sim.clients, { ...stage, requestId: r.id, from: NOW - 120 * MIN, to: NOW })));
    expect(merged.results.every((r) => r.status === "found")).toBe(true);
    expect(merged.calls).toBe(3);
  });

  it("searches arriving while a call for the group is in flight go out together after it", async () => {
    sim.running.sim.faults = { ...sim.running.sim.faults, latencyMs: 100 };
    sim.running.sim.stats.reset();
    const read = (r: (typeof REQUESTS)[number]) => logsOfRequest(sim.clients, { ...stage, requestId: r.id, from: NOW - 120 * MIN, to: NOW });
    const first = read(REQUESTS[0]!);
    await nextTurn();
    await nextTurn();
    const later = REQUESTS.slice(1, 11).map(read);
    const results = await Promise.all([first, ...later]);
    expect(results.map((r) => r.events[0]?.requestId)).toEqual(REQUESTS.slice(0, 11).map((r) => r.id));
    expect(filterCalls()).toBe(2);
  });

  it("a filter pattern AWS refuses fails alone", async () => {
    const longPath = `/orders/${"x".repeat(MAX_FILTER_PATTERN_LENGTH)}`;
    const call = { ...stage, method: "GET", resourcePath: "/orders/{id}", from: NOW - 60 * MIN, to: NOW };
    const [refused, ...others] = await Promise.all([
      logsOfCall(sim.clients, { ...call, path: longPath }),
      logsOfRequest(sim.clients, { ...stage, requestId: REQUESTS[70]!.id, from: NOW - 60 * MIN, to: NOW }),
      logsOfCall(sim.clients, call),
    ]);
    expect(refused?.status).toBe("unreadable");
    expect(others.map((r) => r.status)).toEqual(["found", "found"]);
  });

  it("a missing log group or a denied read answers every merged caller as its own read would, in one call", async () => {
    const ids = REQUESTS.slice(0, 5).map((r) => r.id);
    const missing = await together(ids.map((requestId) => () => logsOfRequest(sim.clients, { ...stage, stage: "dev", requestId, from: NOW - 60 * MIN, to: NOW })));
    expect(missing.results).toEqual(ids.map(() => ({ status: "group-missing", events: [] })));
    expect(missing.calls).toBe(1);

    sim.running.sim.faults = { ...sim.running.sim.faults, deny: ["FilterLogEvents"] };
    const denied = await together(ids.map((requestId) => () => logsOfRequest(sim.clients, { ...stage, requestId, from: NOW - 60 * MIN, to: NOW })));
    for (const result of denied.results) {
      expect(result.status).toBe("unreadable");
      expect(result.status === "unreadable" && result.gap).toMatchObject({ code: "AccessDeniedException", action: expect.stringContaining(GROUP) });
    }
    expect(denied.calls).toBe(1);
  });
});
