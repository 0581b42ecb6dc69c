// Every scenario of sim/scenarios diagnosed end to end: the route handler (input parsing, the wrapper)
// → lib/aws (the real SDK) → the simulator over HTTP, and back. Expectations come from the scenario files.
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import { GET, POST } from "./route";

const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).filter(({ scenario }) => scenario.expect);
const keyValues = readScenarioFiles(DEFAULT_SCENARIO_DIR).flatMap(({ scenario }) => scenario.apiKeys.map((k) => k.value));
const noParams = { params: Promise.resolve({}) };

const bodies: string[] = [];

// The simulator has no account quota to pace under: these tests need not wait on the pacing meant for AWS.
simulatorForFile({ pacing: false });

async function diagnoseScenario(name: string): Promise<{ status: number; body: Diagnosis }> {
  const { scenario } = scenarios.find((s) => s.scenario.name === name)!;
  const call = scenario.expect!.call;
  let response: Response;
  if (call.request) {
    response = await POST(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body: JSON.stringify({ request: call.request, region: scenario.region }) }), noParams);
  } else {
    const query = new URLSearchParams({
      region: scenario.region,
      api: call.apiId!,
      ...(call.stage ? { stage: call.stage } : {}),
      ...(call.method ? { method: call.method } : {}),
      ...(call.path ? { path: call.path } : {}),
      ...(call.keyId ? { key: call.keyId } : {}),
    });
    response = await GET(new Request(`http://gatecheck.test/api/v1/diagnose?${query}`), noParams);
  }
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, body: JSON.parse(text) as Diagnosis };
}

describe("every scenario diagnosed through GET/POST /api/v1/diagnose", () => {
  it("has scenarios to diagnose", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });

  for (const { scenario } of scenarios) {
    const expected = scenario.expect!;
    it(`${scenario.name}: ${expected.firstBreak ?? expected.verdict}`, async () => {
      const { status, body } = await diagnoseScenario(scenario.name);
      expect(status, JSON.stringify(body).slice(0, 400)).toBe(200);
      expect(body.firstBreak?.code ?? null).toBe(expected.firstBreak);
      expect(body.verdict).toBe(expected.verdict);
      const codes = body.findings.map((f) => f.code);
      for (const code of expected.findings) expect(codes).toContain(code);
      if (expected.firstBreak) {
        const broken = body.chain.edges.filter((e) => e.code === expected.firstBreak);
        expect(broken.length, "the first break sits on an edge of the chain").toBeGreaterThan(0);
        expect(broken.some((e) => e.status === "broken" || e.status === "unknown")).toBe(true);
      }
      // Each log line that supports a finding is listed by that finding, and the other way round.
      for (const [index, event] of body.logs.entries()) {
        if (!event.supports) continue;
        expect(body.findings.find((f) => f.code === event.supports)?.logLines).toContain(index);
      }
      for (const finding of body.findings) for (const index of finding.logLines) expect(body.logs[index]?.supports).toBe(finding.code);
    });
  }
});

describe("log lines beside the finding they prove", () => {
  it.each([
    ["key-in-no-plan", "KEY_IN_NO_PLAN", "api-key-not-authorized"],
    ["stage-in-no-plan", "STAGE_IN_NO_PLAN", "api-key-not-authorized"],
    ["key-plan-missing-stage", "KEY_PLAN_MISSING_STAGE", "api-key-not-authorized"],
    ["deployment-drift", "DEPLOYMENT_DRIFT", "api-key-not-required"],
    ["key-missing", "KEY_MISSING", "usage-plan-verifying"],
    ["key-disabled", "KEY_DISABLED", "usage-plan-verifying"],
    ["preflight-requires-key", "PREFLIGHT_REQUIRES_KEY", "api-key-not-authorized"],
  ])("%s: a %s line supports %s", async (name, code, kind) => {
    const { body } = await diagnoseScenario(name);
    expect(body.logStatus.status).toBe("found");
    const supporting = body.logs.filter((e) => e.supports === code);
    expect(supporting.map((e) => e.kind)).toContain(kind);
  });

  it("says no log is expected where AWS writes none (unknown stage)", async () => {
    const { body } = await diagnoseScenario("stage-not-found");
    expect(body.logStatus.status).toBe("no-log-expected");
    expect(body.logs).toEqual([]);
  });

  it("says logging is off rather than 'nothing found'", async () => {
    const { body } = await diagnoseScenario("execution-logging-off");
    expect(body.logStatus.status).toBe("logging-off");
    const fix = body.findings.find((f) => f.code === "EXECUTION_LOGGING_OFF")!.fix.cli.join("\n");
    expect(fix).toContain("op=replace,path=/*/*/logging/loglevel,value=INFO");
  });
});

describe("what only the user can say", () => {
  it("fromVpc=1 warns that a public API may be caught by the VPC's private DNS", async () => {
    const { scenario } = scenarios.find((s) => s.scenario.name === "healthy-key")!;
    const c = scenario.expect!.call;
    const response = await GET(
      new Request(`http://gatecheck.test/api/v1/diagnose?${new URLSearchParams({ api: c.apiId!, stage: c.stage!, method: c.method!, path: c.path!, key: c.keyId!, fromVpc: "1" })}`),
      noParams,
    );
    const body = (await response.json()) as Diagnosis;
    expect(body.verdict).toBe("allowed");
    expect(body.findings.find((f) => f.code === "PUBLIC_API_BEHIND_PRIVATE_DNS")?.severity).toBe("warning");
  });
});

describe("secrets", () => {
  it("no seeded key value appears in any response body", () => {
    expect(bodies.length).toBeGreaterThan(20);
    const all = bodies.join("\n");
    for (const value of keyValues) {
      expect(all.includes(value), `key ending ${value.slice(-6)} leaked`).toBe(false);
      expect(all.includes(value.slice(0, 20)), `a prefix of key ending ${value.slice(-6)} leaked`).toBe(false);
    }
  });
});
