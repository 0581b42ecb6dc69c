// Degrade, never fail: with one AWS read denied (or most of them throttled), every route answers 200 with what it
// could read, and what it could not read is an `unknown` hop or a gap naming the action — never a guess.
import { beforeEach, describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { RULES } from "@/lib/diagnosis/rules";
import { clearCache } from "@/lib/inventory/cache";
import type { Overview, ReadGap } from "@/lib/inventory/types";
import type { StageRoutes } from "@/lib/workflows/stage";
import type { Triage } from "@/lib/workflows/triage";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { NO_FAULTS } from "@/sim/testing";
import { simulatorForFile } from "@/test/sim-env";
import { GET as getApis } from "./apis/route";
import { GET as getDiagnosis, POST as postDiagnosis } from "./diagnose/route";
import { GET as getRoutes } from "./routes/route";
import { GET as getTriage } from "./triage/route";

const noParams = { params: Promise.resolve({}) };
const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const scenario = (name: string) => scenarios.find((s) => s.name === name)!;

// The simulator has no account quota to pace under.
const sim = simulatorForFile({ pacing: false });
beforeEach(() => {
  clearCache();
  sim().sim.faults = { ...sim().sim.faults, ...NO_FAULTS };
});
const deny = (...operations: string[]) => {
  sim().sim.faults = { ...sim().sim.faults, deny: operations };
};

type Answer<T> = { status: number; body: T & { error?: { code: string; message: string } } };

async function answer<T>(response: Promise<Response>): Promise<Answer<T>> {
  const r = await response;
  return { status: r.status, body: (await r.json()) as Answer<T>["body"] };
}

/** The scenario's own call: pasted requests through POST, the others through GET. */
function diagnoseScenario(name: string, extra: Record<string, string> = {}): Promise<Answer<Diagnosis>> {
  const s = scenario(name);
  const c = s.expect!.call;
  if (c.request) {
    const body = JSON.stringify({ request: c.request, region: s.region, ...extra });
    return answer(postDiagnosis(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body }), noParams));
  }
  const query = new URLSearchParams({
    region: s.region,
    api: c.apiId!,
    ...(c.stage ? { stage: c.stage } : {}),
    ...(c.method ? { method: c.method } : {}),
    ...(c.path ? { path: c.path } : {}),
    ...(c.keyId ? { key: c.keyId } : {}),
    ...extra,
  });
  return answer(getDiagnosis(new Request(`http://gatecheck.test/api/v1/diagnose?${query}`), noParams));
}

/** What a diagnosis with reads missing may differ in from the scenario's: only what it says it could not judge. */
function expectNoGuess(name: string, status: number, body: Diagnosis): void {
  const expected = scenario(name).expect!;
  const seen = `${name}: ${status} ${body.verdict} ${body.firstBreak?.code ?? "-"} (${body.unknownHops?.map((u) => `${u.hop}: ${u.reason}`).join("; ")})`;
  expect(status, seen).toBe(200);
  if (body.verdict !== expected.verdict) expect(body.verdict, seen).toBe("unknown");
  // A first break other than the scenario's sits on a hop the diagnosis says it could not judge in full.
  if (body.firstBreak && body.firstBreak.code !== expected.firstBreak)
    expect(
      body.unknownHops.some((u) => !u.caveat && u.hop === body.firstBreak!.hop),
      seen,
    ).toBe(true);
  // One missing is explained: the verdict is unknown, or the hop that decides it could not be read.
  if (!body.firstBreak && expected.firstBreak) expect(body.verdict === "unknown" || body.unknownHops.some((u) => !u.caveat && u.hop === hopOf(expected.firstBreak!)), seen).toBe(true);
}

const permissionEvidence = (d: Diagnosis) => d.findings.find((f) => f.code === "DASHBOARD_PERMISSION_MISSING")?.evidence.join(" ") ?? "";
const hopOf = (code: string) => RULES.find((r) => r.code === code)!.hop;

describe("POST diagnose of a pasted key without GetApiKeys", () => {
  it("the key is unresolved, the api-key hop unknown naming apigateway:GET /apikeys, never KEY_UNKNOWN", async () => {
    deny("GetApiKeys");
    const { status, body } = await diagnoseScenario("key-unknown");
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.request.presentedKey?.resolution).toBe("unreadable");
    expect(body.findings.map((f) => f.code)).not.toContain("KEY_UNKNOWN");
    expect(body.unknownHops.find((u) => u.hop === "api-key")?.reason).toContain("apigateway:GET /apikeys");
    expect(permissionEvidence(body)).toContain("GetApiKeys denied: needs apigateway:GET /apikeys");
    // The call's own lines show it refused: the verdict follows them, with no cause named.
    expect(body.verdict).toBe("forbidden");
    expect(body.firstBreak).toBeNull();
  });

  it("a pasted key that would pass still judges the rest of the chain", async () => {
    deny("GetApiKeys");
    const { status, body } = await diagnoseScenario("api-id-header-on-public-api");
    expect(status).toBe(200);
    expect(body.request.presentedKey?.resolution).toBe("unreadable");
    expect(body.findings.map((f) => f.code)).toContain("API_ID_HEADER_ON_PUBLIC_API");
    expect(body.verdict).not.toBe("forbidden");
  });

  it("a key taken from the call's log lines, unmatched because GetApiKeys is denied, is unknown rather than KEY_UNKNOWN", async () => {
    deny("GetApiKeys");
    const c = scenario("key-in-no-plan").expect!.call;
    const query = new URLSearchParams({ region: "us-east-1", api: c.apiId!, stage: c.stage!, method: c.method!, path: c.path! });
    const { status, body } = await answer<Diagnosis>(getDiagnosis(new Request(`http://gatecheck.test/api/v1/diagnose?${query}`), noParams));
    expect(status).toBe(200);
    expect(body.request.presentedKey?.where).toBe("logs");
    expect(body.request.presentedKey?.resolution).toBe("unreadable");
    expect(body.findings.map((f) => f.code)).not.toContain("KEY_UNKNOWN");
    expect(body.unknownHops.find((u) => u.hop === "api-key")?.reason).toContain("apigateway:GET /apikeys");
    expect(permissionEvidence(body)).toContain("apigateway:GET /apikeys");
    expect(body.verdict).toBe("forbidden");
  });
});

describe("custom-domain diagnosis without GetBasePathMappings", () => {
  it.each(["healthy-custom-domain", "custom-domain-no-mapping"])("%s: 200, the endpoint hop unknown naming the mappings' action, verdict unknown", async (name) => {
    deny("GetBasePathMappings");
    const { status, body } = await diagnoseScenario(name);
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.verdict).toBe("unknown");
    expect(body.firstBreak).toBeNull();
    const host = new URL(/'(https:[^']+)'/.exec(scenario(name).expect!.call.request!)![1]!).host;
    expect(body.unknownHops.find((u) => u.hop === "endpoint")?.reason).toContain(`apigateway:GET /domainnames/${host}/basepathmappings`);
    expect(permissionEvidence(body)).toContain("GetBasePathMappings denied");
  });

  it("with the API and stage given beside the pasted request, the rest of the chain is still judged", async () => {
    deny("GetBasePathMappings");
    const { status, body } = await diagnoseScenario("healthy-custom-domain", { api: "mw4mgls53h", stage: "prod", path: "/products" });
    expect(status).toBe(200);
    expect(body.unknownHops.map((u) => u.hop)).toContain("endpoint");
    expect(body.request.keyId).toBe("iwqbk6pvnt");
    expect(body.chain.nodes.find((n) => n.kind === "stage")?.status).toBe("ok");
    expect(body.verdict).not.toBe("forbidden");
  });
});

describe("GET /routes with the deployed state unreadable", () => {
  const routesOf = (name: string) => {
    const c = scenario(name).expect!.call;
    return answer<StageRoutes>(getRoutes(new Request(`http://gatecheck.test/api/v1/routes?${new URLSearchParams({ region: "us-east-1", api: c.apiId!, stage: c.stage! })}`), noParams));
  };
  const gapNamed = (gaps: ReadGap[] | undefined, operation: string) => gaps?.find((g) => g.operation === operation);

  it("without GetDeployment: the draft's routes, with the gap named", async () => {
    deny("GetDeployment");
    const { status, body } = await routesOf("route-not-deployed");
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.source).toBe("draft");
    expect(body.routes.map((r) => `${r.method} ${r.path}`)).toContain("GET /reports/{reportId}/export");
    expect(gapNamed(body.gaps, "GetDeployment")?.kind).toBe("access-denied");
  });

  it("without GetStages: the draft's routes, with the gap named", async () => {
    deny("GetStages");
    const { status, body } = await routesOf("route-not-deployed");
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.source).toBe("draft");
    expect(body.routes.length).toBeGreaterThan(0);
    expect(gapNamed(body.gaps, "GetStages")?.action).toContain("/stages");
  });

  it("with nothing readable: no routes, every gap named", async () => {
    deny("GetStages", "GetResources");
    const { status, body } = await routesOf("route-not-deployed");
    expect(status).toBe(200);
    expect(body.routes).toEqual([]);
    expect(body.gaps.map((g) => g.operation).sort()).toEqual(["GetResources", "GetStages"]);
  });

  it("an unknown stage is still a 404 when the stages are readable", async () => {
    const c = scenario("route-not-deployed").expect!.call;
    const response = await getRoutes(new Request(`http://gatecheck.test/api/v1/routes?${new URLSearchParams({ region: "us-east-1", api: c.apiId!, stage: "nope" })}`), noParams);
    expect(response.status).toBe(404);
  });
});

describe("GET /apis and /triage without GetRestApis", () => {
  it("/apis: 200 with the HTTP APIs and plans still read, and the REST API list's gap named", async () => {
    const full = await answer<Overview>(getApis(new Request("http://gatecheck.test/api/v1/apis?region=us-east-1"), noParams));
    clearCache();
    deny("GetRestApis");
    const { status, body } = await answer<Overview>(getApis(new Request("http://gatecheck.test/api/v1/apis?region=us-east-1"), noParams));
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.restApis).toEqual([]);
    expect(body.restApisGap).toMatchObject({ operation: "GetRestApis", action: "apigateway:GET /restapis", kind: "access-denied" });
    expect(body.httpApis.map((a) => a.id).sort()).toEqual(full.body.httpApis.map((a) => a.id).sort());
    expect(full.body.httpApis.length).toBeGreaterThan(0);
  });

  it("/triage: 200, the logged stages found by their log groups, causes that need the API's settings left unconfirmed", async () => {
    const full = await answer<Triage>(getTriage(new Request("http://gatecheck.test/api/v1/triage?region=us-east-1&since=2h"), noParams));
    expect(full.status).toBe(200);
    clearCache();
    deny("GetRestApis");
    const { status, body } = await answer<Triage>(getTriage(new Request("http://gatecheck.test/api/v1/triage?region=us-east-1&since=2h"), noParams));
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
    expect(body.gaps.find((g) => g.operation === "GetRestApis")?.action).toBe("apigateway:GET /restapis");
    // The same requests are read and classified…
    expect(body.scanned).toEqual(full.body.scanned);
    const counts = (t: Triage) => Object.fromEntries(t.groups.map((g) => [g.code, g.count]));
    const before = counts(full.body);
    for (const group of body.groups) {
      // …and a cause confirmed without the API's settings is the one they confirm.
      if (group.confirmed) expect(group.count, group.code).toBe(before[group.code]);
      else expect(Object.keys(before).concat("UNCLASSIFIED_403"), group.code).toContain(group.code);
    }
    expect(body.groups.reduce((n, g) => n + g.count, 0)).toBe(full.body.groups.reduce((n, g) => n + g.count, 0));
  }, 60_000);
});

describe("reads denied or throttled: a hop that could not be read is unknown, never a guess", () => {
  it("GetDeployment unreadable: the method is not judged from the draft (which requires a key the deployment does not)", async () => {
    deny("GetDeployment");
    const { status, body } = await diagnoseScenario("deployment-drift", { key: "none" });
    expect(status).toBe(200);
    expect(body.findings.map((f) => f.code)).not.toContain("KEY_MISSING");
    expect(body.firstBreak).toBeNull();
    const route = body.unknownHops.find((u) => u.hop === "route");
    expect(route?.reason).toMatch(/apigateway:GET \/restapis\/\w+\/deployments\/\w+ denied/);
    expect(route?.caveat).toBeUndefined();
    // The call's own lines show it served: what could not be read did not stop it.
    expect(body.verdict).toBe("allowed");
    expect(body.chain.nodes.find((n) => n.kind === "method")?.detail).not.toContain("from draft");
  });

  it("the draft unreadable: a route the stage does not serve is refused, and whether a deployment would serve it is left unknown", async () => {
    deny("GetResources");
    const { status, body } = await diagnoseScenario("route-not-deployed");
    expect(status).toBe(200);
    expect(body.verdict).toBe("forbidden");
    expect(body.firstBreak?.code).toBe("ROUTE_NOT_FOUND");
    expect(body.unknownHops.find((u) => u.hop === "route")?.reason).toMatch(/resources denied.*ROUTE_NOT_DEPLOYED/);
  });

  it("the stage's export unreadable: the deployed resource policy is unknown, not the draft's", async () => {
    deny("GetExport");
    const { status, body } = await diagnoseScenario("resource-policy-denies");
    expect(status).toBe(200);
    expect(body.findings.map((f) => f.code)).not.toContain("RESOURCE_POLICY_DENIES");
    expect(body.unknownHops.some((u) => !u.caveat && /exports\/oas30 denied/.test(u.reason))).toBe(true);
    // Served requests of the same key may be another caller's: the policy decides per caller.
    expect(body.verdict).toBe("unknown");
  });

  it("GetApiKey unreadable: the lines found are any key's on the route, so they do not decide the verdict", async () => {
    deny("GetApiKey");
    const { status, body } = await diagnoseScenario("quota-or-throttle");
    expect(status).toBe(200);
    expect(body.unknownHops.find((u) => u.hop === "api-key")?.reason).toContain("apigateway:GET /apikeys/");
    expect(body.verdict).toBe("unknown");
  });

  it.each([
    "GetRestApi",
    "GetStages",
    "GetResources",
    "GetDeployment",
    "GetExport",
    "GetApiKey",
    "GetApiKeys",
    "GetUsagePlans",
    "GetUsage",
    "GetAccount",
    "GetAuthorizers",
    "GetGatewayResponses",
    "GetBasePathMappings",
    "GetApis",
    "FilterLogEvents",
  ])("%s denied: every scenario answers 200, and no verdict or first break is a guess", async (operation) => {
    deny(operation);
    for (const { name } of scenarios.filter((s) => s.expect)) {
      clearCache();
      const { status, body } = await diagnoseScenario(name);
      expectNoGuess(name, status, body);
    }
  });

  it("with 60% of calls throttled (429 + Retry-After), no diagnosis names a verdict or first break the scenario does not have", async () => {
    sim().sim.faults = { ...sim().sim.faults, throttleRate: 0.6, retryAfterSeconds: 1 };
    sim().sim.stats.reset();
    const names = scenarios.filter((s) => s.expect).map((s) => s.name);
    const results: { name: string; status: number; body: Diagnosis }[] = [];
    // A few at a time: the retries' Retry-After waits overlap instead of adding up.
    for (let i = 0; i < names.length; i += 6) {
      results.push(...(await Promise.all(names.slice(i, i + 6).map(async (name) => ({ name, ...(await diagnoseScenario(name)) })))));
    }
    for (const { name, status, body } of results) expectNoGuess(name, status, body);
    expect(sim().sim.stats.calls.some((c) => c.status === 429)).toBe(true);
    // The faults did bite (some reads failed even after retries), and many diagnoses still came out whole.
    expect(results.some((r) => r.body.unknownHops.some((u) => /throttled/.test(u.reason)))).toBe(true);
    expect(results.filter((r) => r.body.verdict === scenario(r.name).expect!.verdict).length).toBeGreaterThan(names.length / 4);
  }, 240_000);
});
