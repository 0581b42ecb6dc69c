// Each example of issue 9's "What was seen", end to end: the route handlers → lib (the real SDK) → the simulator
// with the demo's scenarios and their replayed traffic (plus test/fixtures/scenarios for what the demo lacks).
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import type { KeySearch } from "@/lib/workflows/stage";
import type { Triage } from "@/lib/workflows/triage";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import { GET as keysGET } from "../keys/route";
import { GET as triageGET } from "../triage/route";
import { GET, POST } from "./route";

const EXTRA = path.join(__dirname, "..", "..", "..", "..", "test", "fixtures", "scenarios");
// The simulator has no account quota to pace under: these tests need not wait on the pacing meant for AWS.
const sim = simulatorForFile({ scenarios: [DEFAULT_SCENARIO_DIR, EXTRA], pacing: false });
const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const byName = (name: string) => scenarios.find((s) => s.name === name)!;
const noParams = { params: Promise.resolve({}) };

async function diagnoseGet(query: Record<string, string>): Promise<Diagnosis> {
  const response = await GET(new Request(`http://gatecheck.test/api/v1/diagnose?${new URLSearchParams({ region: "us-east-1", ...query })}`), noParams);
  expect(response.status, `${JSON.stringify(query)}: ${response.status === 200 ? "" : await response.clone().text()}`).toBe(200);
  return (await response.json()) as Diagnosis;
}

async function diagnosePost(request: string): Promise<Diagnosis> {
  const response = await POST(new Request("http://gatecheck.test/api/v1/diagnose", { method: "POST", body: JSON.stringify({ request }) }), noParams);
  expect(response.status).toBe(200);
  return (await response.json()) as Diagnosis;
}

const refusedLines = (d: Diagnosis) => d.logs.filter((e) => e.kind === "method-completed" && (e.status === 403 || e.status === 429));

describe("verdicts never contradict the log lines beside them", () => {
  it("payments-api POST /payments with key checkout-widget: forbidden KEY_MISSING from the lines, not green", async () => {
    const d = await diagnoseGet({ api: "j9vbk1oy96", stage: "prod", method: "POST", path: "/payments", key: "x6y804id6s" });
    expect(refusedLines(d).length).toBeGreaterThan(0);
    expect(d.logs.some((e) => e.reason === "API_KEY_NOT_PRESENT")).toBe(true);
    expect(d.verdict).toBe("forbidden");
    expect(d.firstBreak?.code).toBe("KEY_MISSING");
    expect(d.firstBreak?.detail).toContain("The key you picked would pass: the client is not sending the x-api-key header");
    expect(d.firstBreak?.logLines.length).toBeGreaterThan(0);
  });

  it("geocode-api: every logged call got 429, so the verdict is throttled, with the quota fix", async () => {
    const call = byName("quota-or-throttle").expect!.call;
    const d = await diagnoseGet({ api: call.apiId!, stage: call.stage!, method: call.method!, path: call.path!, key: call.keyId! });
    expect([d.verdict, d.firstBreak?.code]).toEqual(["throttled", "QUOTA_OR_THROTTLE"]);
    expect(d.firstBreak?.fix.cli[0]).toMatch(/update-usage-plan .*op=replace,path=\/quota\/limit,value=\d+/);
  });

  it("no green verdict anywhere beside refused lines: every scenario's call", async () => {
    for (const scenario of scenarios.filter((s) => s.expect && !s.expect.call.request)) {
      const c = scenario.expect!.call;
      if (!c.apiId || scenario.name === "http-api-no-keys") continue;
      const d = await diagnoseGet({
        region: scenario.region,
        api: c.apiId,
        ...(c.stage ? { stage: c.stage } : {}),
        ...(c.method ? { method: c.method } : {}),
        ...(c.path ? { path: c.path } : {}),
        ...(c.keyId ? { key: c.keyId } : {}),
      });
      const newest = [...d.logs].reverse().find((e) => e.kind === "method-completed");
      if (newest && (newest.status === 403 || newest.status === 429)) expect(d.verdict, scenario.name).not.toBe("allowed");
    }
  });
});

describe("the key comes from the evidence", () => {
  it("invoices-api GET /invoices with no key picked: KEY_IN_NO_PLAN for the key the logged calls carry", async () => {
    const d = await diagnoseGet({ api: "rj1211gqfw", stage: "prod", method: "GET", path: "/invoices" });
    expect(d.firstBreak?.code).toBe("KEY_IN_NO_PLAN");
    expect(d.request.keysFromLogs[0]).toMatchObject({ keyId: "mpk39mcm7v", name: "partner-initech" });
    expect(d.request.presentedKey?.where).toBe("logs");
  });

  it("'no key sent' is said only when the user chooses it or the lines show it", async () => {
    // healthy-key: every logged call carries a key; with none picked, the key is taken from them.
    const fromLogs = await diagnoseGet({ api: "xyrwv56bk2", stage: "prod", method: "GET", path: "/orders" });
    expect(fromLogs.findings.map((f) => f.code)).not.toContain("KEY_MISSING");
    const chosen = await diagnoseGet({ api: "xyrwv56bk2", stage: "prod", method: "GET", path: "/orders", key: "none" });
    expect([chosen.verdict, chosen.firstBreak?.code]).toEqual(["forbidden", "KEY_MISSING"]);
  });

  it.each(["L22fXu", "****L22fXu", `${"*".repeat(34)}L22fXu`])("the key search finds a key by the masked suffix the logs show: %s", async (q) => {
    const response = await keysGET(new Request(`http://gatecheck.test/api/v1/keys?${new URLSearchParams({ region: "us-east-1", q })}`), noParams);
    const body = (await response.json()) as KeySearch;
    expect(body.keys.map((k) => k.id)).toEqual(["mpk39mcm7v"]);
  });
});

describe("AWS's order of evaluation: the first break is what AWS checks first", () => {
  it("admin-api GET /tenants: the policy comes first, and says the caller's address decides — never KEY_MISSING", async () => {
    const d = await diagnoseGet({ api: "xpsl6gbyby", stage: "prod", method: "GET", path: "/tenants" });
    expect(d.findings[0]?.code).toBe("RESOURCE_POLICY_DENIES");
    expect(d.findings.map((f) => f.code)).not.toContain("KEY_MISSING");
    expect(d.unknownHops.find((u) => u.hop === "auth")?.reason).toContain("paste the request");
    // With the caller's address (a pasted request from outside the range), the policy is the first break.
    const pasted = await diagnosePost(
      "curl 'https://xpsl6gbyby.execute-api.us-east-1.amazonaws.com/prod/tenants' -H 'X-Forwarded-For: 192.0.2.146' -H 'x-api-key: IEz2qjMDdzpvBZn1IvtMuSNgm9qYjuWKS6Ac5vre'",
    );
    expect([pasted.verdict, pasted.firstBreak?.code]).toEqual(["forbidden", "RESOURCE_POLICY_DENIES"]);
  });

  it.each([
    ["a stage that does not exist", "curl 'https://xzzj495phx.execute-api.us-east-1.amazonaws.com/nope/shipments'", "STAGE_NOT_FOUND"],
    ["a Deny resource policy", "curl 'https://xpsl6gbyby.execute-api.us-east-1.amazonaws.com/prod/tenants' -H 'X-Forwarded-For: 192.0.2.146'", "RESOURCE_POLICY_DENIES"],
    ["a PRIVATE API on its public host", "curl 'https://gfgzg5tj5s.execute-api.us-east-1.amazonaws.com/prod/entries'", "PRIVATE_API_NEEDS_VPC_ENDPOINT"],
    ["an unsigned AWS_IAM method", "curl 'https://iamsign0d1.execute-api.us-east-1.amazonaws.com/prod/reports'", "AUTHORIZER_ON_METHOD"],
    ["a disabled execute-api endpoint", "curl 'https://s2ck6rmtfn.execute-api.us-east-1.amazonaws.com/prod/invoices'", "EXECUTE_API_ENDPOINT_DISABLED"],
  ])("no key and %s: that is the first break, not KEY_MISSING", async (_, request, code) => {
    const d = await diagnosePost(request);
    expect([d.verdict, d.firstBreak?.code]).toEqual(["forbidden", code]);
  });

  it("OPTIONS on a resource whose only method is ANY with a key required: forbidden, as the simulator answers", async () => {
    const d = await diagnoseGet({ api: "dn57jmzfoj", stage: "prod", method: "OPTIONS", path: "/wishlist" });
    expect([d.verdict, d.firstBreak?.code]).toEqual(["forbidden", "PREFLIGHT_REQUIRES_KEY"]);
    const live = await fetch(`${sim().endpoint}/restapis/dn57jmzfoj/prod/_user_request_/wishlist`, { method: "OPTIONS" });
    expect(live.status).toBe(403);
  });

  it("POST /orders where /orders has only GET, beside /{proxy+} ANY: served by the proxy, in both the engine and the simulator", async () => {
    const d = await diagnoseGet({ api: "px7sib1ing", stage: "prod", method: "POST", path: "/orders", key: "pxk3y0rd3r" });
    expect(d.verdict).toBe("allowed");
    const live = await fetch(`${sim().endpoint}/restapis/px7sib1ing/prod/_user_request_/orders`, { method: "POST", headers: { "x-api-key": byName("proxy-sibling").apiKeys[0]!.value } });
    expect(live.status).toBe(200);
  });
});

describe("semantics AWS documents", () => {
  it("apiKeySource AUTHORIZER: no key or plan finding for a header key API Gateway never reads", async () => {
    const d = await diagnosePost("curl -X POST 'https://a2r9vplh6u.execute-api.us-east-1.amazonaws.com/prod/events' -H 'x-api-key: Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0PpOoNnMmL' -d '{}'");
    const codes = d.findings.map((f) => f.code);
    for (const code of ["KEY_UNKNOWN", "KEY_DISABLED", "KEY_IN_NO_PLAN", "KEY_PLAN_MISSING_STAGE"]) expect(codes).not.toContain(code);
    expect(codes).toContain("KEY_SOURCE_AUTHORIZER");
  });

  it("a PRIVATE API without a resource policy denies every call, even through its own VPC endpoint", async () => {
    const d = await diagnosePost("curl 'https://prv0nopol1-vpce-0c0ffee0c0ffee00a.execute-api.us-east-1.amazonaws.com/prod/secrets' -H 'x-api-key: Vq4Lm9Xc2Tr7Hs1Nd6Bk3Fw8Jz5Pg0Ya2Ue4Oi7R'");
    expect([d.verdict, d.firstBreak?.code]).toEqual(["forbidden", "RESOURCE_POLICY_DENIES"]);
  });

  it("a VPC endpoint not associated with the PRIVATE API does not pass", async () => {
    const d = await diagnosePost("curl 'https://gfgzg5tj5s-vpce-0aaaabbbbccccdddd.execute-api.us-east-1.amazonaws.com/prod/entries'");
    expect([d.verdict, d.firstBreak?.code]).toEqual(["forbidden", "PRIVATE_API_NEEDS_VPC_ENDPOINT"]);
    expect(d.firstBreak?.title).toContain("is not associated with");
  });

  it("on an emulator without deployed snapshots (moto, LocalStack), a healthy call whose lines show it completing is allowed, with the caveat", async () => {
    const running = sim();
    running.sim.faults = { ...running.sim.faults, noDeployedSnapshot: true };
    try {
      const d = await diagnoseGet({ api: "xyrwv56bk2", stage: "prod", method: "GET", path: "/orders", key: "b0chf211xv", fresh: "1" });
      expect(d.verdict).toBe("allowed");
      expect(d.unknownHops.some((u) => u.caveat && /deployed snapshot is unreadable/.test(u.reason))).toBe(true);
    } finally {
      running.sim.faults = { ...running.sim.faults, noDeployedSnapshot: false };
    }
  });
});

describe("triage on the same rules", () => {
  let triage: Triage;
  it("splits preflights from missing keys and names resource-policy denials, with names beside ids", async () => {
    const response = await triageGET(new Request("http://gatecheck.test/api/v1/triage?region=us-east-1&since=2h"), noParams);
    triage = (await response.json()) as Triage;
    const codes = triage.groups.map((g) => g.code);
    expect(codes).toContain("PREFLIGHT_REQUIRES_KEY");
    expect(codes).toContain("RESOURCE_POLICY_DENIES");
    const preflight = triage.groups.find((g) => g.code === "PREFLIGHT_REQUIRES_KEY")!;
    expect(preflight.topRoutes.every((r) => r.route.startsWith("OPTIONS "))).toBe(true);
    expect(triage.groups.find((g) => g.code === "KEY_MISSING")?.topRoutes.some((r) => r.route.startsWith("OPTIONS "))).toBe(false);
    expect(preflight.example.apiName).toBe("cart-api");
    const keyed = triage.groups.find((g) => g.code === "KEY_IN_NO_PLAN")!;
    expect(keyed.topKeys[0]?.name).toBe("partner-initech");
  });

  it("'Diagnose the latest one' always lands on a verdict that names the group's cause", async () => {
    for (const group of triage.groups) {
      const at = Date.parse(group.example.at);
      const query: Record<string, string> = {
        api: group.example.apiId,
        stage: group.example.stage,
        requestId: group.exampleRequestId,
        from: new Date(at - 600_000).toISOString(),
        to: new Date(at + 600_000).toISOString(),
        ...(group.example.method ? { method: group.example.method } : {}),
        ...(group.example.path ? { path: group.example.path } : {}),
        ...(group.example.keyId ? { key: group.example.keyId } : {}),
      };
      const d = await diagnoseGet(query);
      expect(["forbidden", "throttled"], `${group.code}: ${d.verdict}`).toContain(d.verdict);
      if (group.code !== "UNCLASSIFIED_403") expect(d.firstBreak?.code ?? d.unknownHops.map((u) => u.reason).join(" "), group.code).toContain(group.code);
    }
  });
});
