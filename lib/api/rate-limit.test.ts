// Per-minute limits on probes, freezes and key lookups: in process, and shared by two instances through a real Redis
// (each its own connection and counter, as two servers would have), falling back to in-process counts without it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectRedis, type SharedRedis } from "@/lib/shared/redis";
import { redisForFile, redisMissing } from "@/test/redis-env";
import { ApiError } from "./errors";
import { ActionCounter, type LimitedAction } from "./rate-limit";

const redis = redisForFile();
const opened: SharedRedis[] = [];
const MINUTE = 60_000;
const T0 = 1_800_000_000_000; // a window's start
let namespace = 0;

const limited = (counter: ActionCounter, action: LimitedAction, who: string, now = T0) =>
  counter.count(action, who, now).then(
    () => null,
    (err: unknown) => err as ApiError,
  );

const saved = { ...process.env };
beforeEach(() => {
  process.env.GATECHECK_PROBES_PER_MINUTE = "3";
  process.env.GATECHECK_FREEZES_PER_MINUTE = "2";
  process.env.GATECHECK_KEY_LOOKUPS_PER_MINUTE = "4";
  process.env.GATECHECK_KEY_LOOKUPS_PER_MINUTE_TOTAL = "6";
});
afterEach(async () => {
  for (const name of ["GATECHECK_PROBES_PER_MINUTE", "GATECHECK_FREEZES_PER_MINUTE", "GATECHECK_KEY_LOOKUPS_PER_MINUTE", "GATECHECK_KEY_LOOKUPS_PER_MINUTE_TOTAL"]) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe("ActionCounter in process", () => {
  it("answers 429 PROBES_LIMITED past the limit, with Retry-After to the window's end and the wait in words", async () => {
    const counter = new ActionCounter(null);
    for (let i = 0; i < 3; i++) expect(await limited(counter, "probe", "ana")).toBeNull();
    const err = await limited(counter, "probe", "ana", T0 + 15_500);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: "PROBES_LIMITED", message: "You made more than 3 probes (requests sent to an API) in a minute." });
    expect(err!.extra.headers).toEqual({ "retry-after": "45" });
    expect(err!.hint).toMatch(/^Wait 45 s\. /);
    expect(await limited(counter, "probe", "ben")).toBeNull(); // someone else has their own count
    expect(await limited(counter, "probe", "ana", T0 + MINUTE)).toBeNull(); // a new minute
  });

  it("counts freezes and probes apart, each with its own limit and code", async () => {
    const counter = new ActionCounter(null);
    for (let i = 0; i < 2; i++) expect(await limited(counter, "freeze", "ana")).toBeNull();
    expect(await limited(counter, "probe", "ana")).toBeNull();
    expect(await limited(counter, "freeze", "ana")).toMatchObject({ code: "FREEZES_LIMITED", message: "You made more than 2 share links (frozen diagnoses) in a minute." });
  });

  it("limits key lookups per client and for everyone together", async () => {
    const counter = new ActionCounter(null);
    for (let i = 0; i < 4; i++) expect(await limited(counter, "key-lookup", "203.0.113.7")).toBeNull();
    expect(await limited(counter, "key-lookup", "203.0.113.7")).toMatchObject({ code: "KEY_LOOKUPS_LIMITED", message: "You made more than 4 requests carrying an API key value in a minute." });
    // 4 counted toward the total of 6 (a lookup refused for its client never reaches the total)
    expect(await limited(counter, "key-lookup", "198.51.100.1")).toBeNull();
    expect(await limited(counter, "key-lookup", "198.51.100.2")).toBeNull();
    expect(await limited(counter, "key-lookup", "198.51.100.3")).toMatchObject({
      code: "KEY_LOOKUPS_LIMITED",
      message: "Everyone together made more than 6 requests carrying an API key value in a minute.",
    });
  });
});

describe.skipIf(redisMissing)("ActionCounter over Redis", () => {
  const twoCounters = (url = redis().url): [ActionCounter, ActionCounter, SharedRedis] => {
    const prefix = `gatecheck-rate-${++namespace}:`;
    const connections = [connectRedis(url, prefix), connectRedis(url, prefix)] as const;
    opened.push(...connections);
    return [new ActionCounter(connections[0]), new ActionCounter(connections[1]), connections[0]];
  };

  it("two instances share one count, so the limit holds across them", async () => {
    const [a, b] = twoCounters();
    expect(await limited(a, "probe", "ana")).toBeNull();
    expect(await limited(b, "probe", "ana")).toBeNull();
    expect(await limited(a, "probe", "ana")).toBeNull();
    expect(await limited(b, "probe", "ana")).toMatchObject({ status: 429, code: "PROBES_LIMITED" });
    expect(await limited(a, "probe", "ana")).toMatchObject({ code: "PROBES_LIMITED" });
    expect(await limited(a, "freeze", "ana")).toBeNull();
  });

  it("keeps each window's count in Redis for a minute at most", async () => {
    const [a, , connection] = twoCounters();
    await a.count("freeze", "ana", T0);
    const ttl = await connection.client.pttl(`${connection.prefix}rate:freeze:ana:${T0 / MINUTE}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(MINUTE);
  });

  it("counts in process while Redis is unreachable", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const [a] = twoCounters("redis://127.0.0.1:1");
    for (let i = 0; i < 3; i++) expect(await limited(a, "probe", "ana")).toBeNull();
    expect(await limited(a, "probe", "ana")).toMatchObject({ code: "PROBES_LIMITED" });
  });
});
