// Triage on the demo: the groups, counts and first/last seen must match what the simulator's data plane
// decided for the replayed traffic (its journal), mapped to finding codes here from the scenario files alone.
import { beforeAll, describe, expect, it } from "vitest";
import type { JournalEntry } from "@/sim/state";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import type { Triage } from "@/lib/workflows/triage";
import { GET } from "./route";

const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const apiOf = (apiId: string) => scenarios.flatMap((s) => s.restApis.map((api) => ({ api, scenario: s }))).find((x) => x.api.id === apiId);

const preflight = (entry: JournalEntry) => entry.method === "OPTIONS";

/** The finding a correct triage reports for one refused request, from the simulator's cause and the scenario files. */
function expectedCode(entry: JournalEntry): string | null {
  const found = apiOf(entry.apiId!)!;
  const plansOfKey = (keyId: string) => found.scenario.usagePlans.filter((p) => p.keys.includes(keyId));
  switch (entry.cause) {
    case "key-missing":
      // A preflight has its own fix (PREFLIGHT_REQUIRES_KEY); the method is in the journal's request, found by its traffic entry.
      if (found.api.apiKeySource === "AUTHORIZER") return "KEY_SOURCE_AUTHORIZER";
      return preflight(entry) ? "PREFLIGHT_REQUIRES_KEY" : "KEY_MISSING";
    case "key-unknown":
      return "KEY_UNKNOWN";
    case "key-disabled":
      return "KEY_DISABLED";
    case "stage-in-no-plan":
      return "STAGE_IN_NO_PLAN";
    case "no-plan-for-key-and-stage":
      return plansOfKey(entry.apiKeyId!).length === 0 ? "KEY_IN_NO_PLAN" : "KEY_PLAN_MISSING_STAGE";
    case "authorizerExplicitDeny":
    case "authorizerUnauthorized":
      return "AUTHORIZER_ON_METHOD";
    case "resourcePolicyExplicitDeny":
    case "resourcePolicyImplicitDeny":
      // AWS writes no line naming a policy denial: a refusal before any key check, on an API whose policy can deny.
      return "RESOURCE_POLICY_DENIES";
    default:
      return null;
  }
}

const sim = simulatorForFile();
let triage: Triage;
let window: { from: number; to: number };

beforeAll(async () => {
  const response = await GET(new Request("http://gatecheck.test/api/v1/triage?region=us-east-1&since=2h"), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  triage = (await response.json()) as Triage;
  window = { from: Date.parse(triage.window.from), to: Date.parse(triage.window.to) };
}, 60_000);

describe("GET /api/v1/triage on the demo", () => {
  it("groups the logged 401/403s of the window exactly as the data plane decided them", () => {
    const refused = sim().sim.state.journal.filter(
      (e) => (e.status === 401 || e.status === 403) && e.executionLogged && e.apiId && apiOf(e.apiId)?.scenario.region === "us-east-1" && e.at >= window.from && e.at <= window.to,
    );
    const expected = new Map<string, JournalEntry[]>();
    for (const entry of refused) {
      const code = expectedCode(entry);
      if (code) expected.set(code, [...(expected.get(code) ?? []), entry]);
    }
    expect(expected.size).toBeGreaterThanOrEqual(6);
    expect(Object.fromEntries(triage.groups.map((g) => [g.code, g.count]))).toEqual(Object.fromEntries([...expected].map(([code, entries]) => [code, entries.length])));
    for (const group of triage.groups) {
      const entries = expected.get(group.code)!;
      const times = entries.map((e) => e.at).sort((a, b) => a - b);
      // Seen = the time of the request's rejection line, a few ms after the request began.
      expect(Math.abs(Date.parse(group.firstSeen) - times[0]!)).toBeLessThan(1000);
      expect(Math.abs(Date.parse(group.lastSeen) - times[times.length - 1]!)).toBeLessThan(1000);
      expect(new Set(group.stages)).toEqual(new Set(entries.map((e) => `${e.apiId}/${e.stage}`)));
      expect(entries.map((e) => e.requestId)).toContain(group.exampleRequestId);
      expect(group.timeline.reduce((a, b) => a + b, 0)).toBe(group.count);
    }
  });

  it("lists stages with logging off as blind spots, with the fix", () => {
    const off = scenarios
      .filter((s) => s.region === "us-east-1")
      .flatMap((s) => s.restApis.flatMap((api) => api.stages.filter((st) => (st.loggingLevel ?? "OFF") === "OFF").map((st) => `${api.id}/${st.name}`)));
    expect(off.length).toBeGreaterThan(0);
    expect(triage.blindSpots.map((b) => `${b.apiId}/${b.stage}`).sort()).toEqual([...off].sort());
    expect(triage.blindSpots[0]!.fix.join(" ")).toContain("logging/loglevel,value=INFO");
  });

  it("names top keys masked, never their values", () => {
    const text = JSON.stringify(triage);
    for (const value of scenarios.flatMap((s) => s.apiKeys.map((k) => k.value))) expect(text.includes(value)).toBe(false);
    const withKeys = triage.groups.find((g) => g.code === "KEY_IN_NO_PLAN")!;
    expect(withKeys.topKeys[0]!.maskedKey).toMatch(/^\*+[A-Za-z0-9]{6}$/);
  });

  it("refuses a malformed window", async () => {
    const response = await GET(new Request("http://gatecheck.test/api/v1/triage?since=forever"), { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
    expect((await response.json()).error.field).toBe("since");
  });
});
