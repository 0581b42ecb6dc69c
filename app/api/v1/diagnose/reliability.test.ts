// The diagnose route under the conditions of a real account: many plans and keys (call budget), throttling,
// denied reads, a slow AWS, and bad input.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { clearCache } from "@/lib/inventory/cache";
import { generateScenario } from "@/scripts/generate-scenario";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import type { CallRecord } from "@/sim/stats";
import { NO_FAULTS, startSim, type RunningSim } from "@/sim/testing";
import { pointAwsAt } from "@/test/sim-env";
import { GET, POST } from "./route";

const noParams = { params: Promise.resolve({}) };
const LOGS_OPERATIONS = new Set(["FilterLogEvents", "DescribeLogGroups", "StartQuery", "GetQueryResults", "GetLogEvents"]);
const scenario = (name: string) => readScenarioFiles(path.join(DEFAULT_SCENARIO_DIR, `${name}.json`))[0]!.scenario;

let running: RunningSim;
let restore: () => void;

beforeAll(async () => {
  // The demo scenarios plus a large generated account: 300 plans and 5,000 keys in the same region.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-big-"));
  for (const file of fs.readdirSync(DEFAULT_SCENARIO_DIR)) fs.copyFileSync(path.join(DEFAULT_SCENARIO_DIR, file), path.join(dir, file));
  const { scenario: big } = generateScenario({ apis: 60, plans: 300, keys: 5000, seed: 7, name: "zz-big-account", region: "us-east-1", traffic: 0 });
  fs.writeFileSync(path.join(dir, "zz-big-account.json"), JSON.stringify(big));
  running = await startSim({ scenarios: dir });
  restore = pointAwsAt(running.endpoint, "us-east-1", { pacing: false });
}, 120_000);
afterAll(async () => {
  restore();
  await running.close();
});
beforeEach(() => {
  clearCache();
  running.sim.faults = { ...running.sim.faults, ...NO_FAULTS };
  running.sim.stats.reset();
});

async function get(query: Record<string, string>): Promise<{ status: number; body: Diagnosis & { error?: { code: string; message: string; hint: string; field?: string } } }> {
  const response = await GET(new Request(`http://gatecheck.test/api/v1/diagnose?${new URLSearchParams(query)}`), noParams);
  return { status: response.status, body: await response.json() };
}

function callOf(name: string): Record<string, string> {
  const s = scenario(name);
  const c = s.expect!.call;
  return { region: s.region, api: c.apiId!, stage: c.stage!, method: c.method!, path: c.path!, ...(c.keyId ? { key: c.keyId } : {}) };
}

/** The longest chain of calls each starting after the previous one ended: the sequential rounds. */
function sequentialRounds(calls: CallRecord[]): number {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  sorted.forEach((call, i) => {
    depth[i] = 1 + Math.max(0, ...sorted.slice(0, i).map((before, j) => (before.end <= call.start ? depth[j]! : 0)));
  });
  return Math.max(0, ...depth);
}

describe("call budget of a focused diagnosis", () => {
  // gatecheck paces AWS calls (9/s, burst 36); let the bucket refill so the previous case does not spread this one out.
  beforeEach(() => new Promise((resolve) => setTimeout(resolve, 1500)));

  it.each(["healthy-key", "key-plan-missing-stage", "key-in-no-plan", "stage-in-no-plan", "route-not-deployed"])(
    "%s: at most 10 control-plane calls in at most 2 rounds, with 300 plans and 5,000 keys in the account",
    async (name) => {
      // Some latency makes concurrent calls overlap, so sequential rounds can be told apart.
      running.sim.faults = { ...running.sim.faults, latencyMs: 100 };
      const { status, body } = await get(callOf(name));
      expect(status).toBe(200);
      expect(body.firstBreak?.code ?? null).toBe(scenario(name).expect!.firstBreak);
      const controlPlane = running.sim.stats.calls.filter((c) => !LOGS_OPERATIONS.has(c.operation));
      expect(controlPlane.length).toBeLessThanOrEqual(10);
      expect(sequentialRounds(controlPlane)).toBeLessThanOrEqual(2);
      // Never the naive walk: no call per plan, no listing of every key.
      expect(controlPlane.filter((c) => c.operation === "GetUsagePlanKeys" || c.operation === "GetApiKeys")).toEqual([]);
    },
  );

  it("a second look at the same call is served from the shared cache", async () => {
    await get(callOf("healthy-key"));
    running.sim.stats.reset();
    await get(callOf("healthy-key"));
    expect(running.sim.stats.calls.filter((c) => !LOGS_OPERATIONS.has(c.operation))).toEqual([]);
  });

  it("identical concurrent diagnoses of a call with no log lines all answer 200, never a shared internal rejection", async () => {
    clearCache();
    const results = await Promise.all(Array.from({ length: 50 }, () => get({ ...callOf("healthy-key"), path: "/nothing-logged" })));
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(new Set(results.map((r) => r.body.logStatus.status)).size).toBe(1);
  });

  it("twenty people opening the same link at once cost AWS about one diagnosis", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => get(callOf("key-in-no-plan"))));
    expect(results.every((r) => r.status === 200 && r.body.firstBreak?.code === "KEY_IN_NO_PLAN")).toBe(true);
    expect(running.sim.stats.calls.filter((c) => !LOGS_OPERATIONS.has(c.operation)).length).toBeLessThanOrEqual(10);
    // The log search too: one diagnosis reads the execution log in two or three calls (an unlucky 10 s boundary: twice that).
    expect(running.sim.stats.calls.filter((c) => c.operation === "FilterLogEvents").length).toBeLessThanOrEqual(6);
  });
});

describe("AWS faults degrade the diagnosis instead of failing it", () => {
  it("with 30% of calls throttled (429 + Retry-After), every diagnosis still completes correctly", async () => {
    running.sim.faults = { ...running.sim.faults, throttleRate: 0.3 };
    for (const name of ["healthy-key", "key-in-no-plan", "key-disabled", "key-plan-missing-stage"]) {
      clearCache();
      const { status, body } = await get(callOf(name));
      expect(status).toBe(200);
      expect(body.firstBreak?.code ?? null).toBe(scenario(name).expect!.firstBreak);
    }
    expect(running.sim.stats.calls.some((c) => c.status === 429)).toBe(true);
  });

  it("GetUsagePlans denied: the usage-plan hop is unknown and DASHBOARD_PERMISSION_MISSING names the action", async () => {
    running.sim.faults = { ...running.sim.faults, deny: ["GetUsagePlans"] };
    const { status, body } = await get(callOf("key-in-no-plan"));
    expect(status).toBe(200);
    expect(body.unknownHops.map((u) => u.hop)).toContain("usage-plan");
    const permission = body.findings.find((f) => f.code === "DASHBOARD_PERMISSION_MISSING");
    expect(permission?.evidence.join(" ")).toContain("apigateway:GET /usageplans");
    // The plans are unreadable, but the call's own lines show it refused: the verdict follows the lines.
    expect(body.verdict).toBe("forbidden");
    expect(body.firstBreak).toBeNull();
    expect(body.chain.edges.some((e) => e.status === "unknown")).toBe(true);
  });

  it("a slow AWS with a short client timeout gives a timeout reason, not a hang", async () => {
    running.sim.faults = { ...running.sim.faults, latencyMs: 3000 };
    process.env.GATECHECK_AWS_TIMEOUT_MS = "300";
    process.env.GATECHECK_AWS_MAX_ATTEMPTS = "1";
    try {
      const started = Date.now();
      const { status, body } = await get({ ...callOf("healthy-key"), fresh: "1" });
      expect(Date.now() - started).toBeLessThan(15_000);
      // The REST API itself is unreadable: the route answers a clear timeout error, not a blank page.
      if (status === 200) {
        expect(body.verdict).toBe("unknown");
        expect(body.unknownHops.some((u) => /timed out/.test(u.reason))).toBe(true);
      } else {
        expect(status).toBe(504);
        expect(body.error?.message).toMatch(/did not answer/);
      }
    } finally {
      delete process.env.GATECHECK_AWS_TIMEOUT_MS;
      delete process.env.GATECHECK_AWS_MAX_ATTEMPTS;
    }
  }, 30_000);
});

describe("AWS stand-ins without a deployed snapshot (LocalStack, moto)", () => {
  it("with neither apiSummary nor an export, judges from the draft, says so, and never claims drift", async () => {
    running.sim.faults = { ...running.sim.faults, noDeployedSnapshot: true };
    const drift = await get(callOf("deployment-drift"));
    expect(drift.status).toBe(200);
    expect(drift.body.findings.map((f) => f.code)).not.toContain("DEPLOYMENT_DRIFT");
    expect(drift.body.unknownHops.some((u) => /drift cannot be checked/.test(u.reason))).toBe(true);
    const notDeployed = await get(callOf("key-in-no-plan"));
    expect(notDeployed.body.firstBreak?.code).toBe("KEY_IN_NO_PLAN");
    expect(notDeployed.body.firstBreak?.evidence.join(" ")).toContain("judged from the draft");
  });
});

describe("bad input", () => {
  it.each([
    [{ region: "mars-1" }, "region"],
    [{ region: "xx-fake-9" }, "region"],
    [{ api: "NOT-AN-ID" }, "api"],
    [{ stage: "pro d" }, "stage"],
    [{ method: "FETCH" }, "method"],
    [{ path: "orders" }, "path"],
    [{ from: "yesterday" }, "from"],
    [{ key: "k" }, "key"],
  ])("%j → 400 naming %s", async (override, field) => {
    const { status, body } = await get({ ...callOf("healthy-key"), ...override });
    expect(status).toBe(400);
    expect(body.error?.field).toBe(field);
    expect(body.error?.message).toContain(field);
    expect(body.error?.hint.length).toBeGreaterThan(10);
  });

  it("an unknown API → 404 with the closest existing id as a hint", async () => {
    const real = callOf("healthy-key").api!;
    const typo = `${real.slice(0, 9)}${real[9] === "a" ? "b" : "a"}`;
    const { status, body } = await get({ ...callOf("healthy-key"), api: typo });
    expect(status).toBe(404);
    expect(body.error?.code).toBe("API_NOT_FOUND");
    expect(body.error?.hint).toContain(real);
  });

  it("an unknown stage is itself the diagnosis: STAGE_NOT_FOUND with the closest name", async () => {
    const { status, body } = await get({ ...callOf("healthy-key"), stage: "Prod" });
    expect(status).toBe(200);
    expect(body.firstBreak?.code).toBe("STAGE_NOT_FOUND");
    expect(body.firstBreak?.title).toContain('did you mean "prod"');
  });

  it("a pasted text that is neither curl nor HTTP → 400 saying what is expected", async () => {
    const response = await POST(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body: JSON.stringify({ request: "please help, 403!!" }) }), noParams);
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body.error.field).toBe("request");
    expect(body.error.message).toMatch(/curl|HTTP|URL/);
  });

  it("a body that is not JSON → 400 INVALID_JSON", async () => {
    const response = await POST(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body: "{not json" }), noParams);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("INVALID_JSON");
  });

  it("a key value typed in is used server-side and never echoed, even in errors", async () => {
    const s = scenario("healthy-key");
    const value = s.apiKeys[0]!.value;
    const ok = await POST(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body: JSON.stringify({ ...callOf("healthy-key"), key: undefined, keyValue: value }) }), noParams);
    const okText = await ok.text();
    expect(ok.status).toBe(200);
    expect(okText).not.toContain(value);
    expect(JSON.parse(okText).request.keyId).toBe(s.apiKeys[0]!.id);
    const bad = await POST(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body: JSON.stringify({ api: "BAD", keyValue: value }) }), noParams);
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain(value);
  });
});
