// "What did you send?": pasted requests diagnosed, sent for real through the probe to the simulator's data
// plane, joined with the log lines of that very request id; hostile targets refused and sent nowhere.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { startSim, type RunningSim } from "@/sim/testing";
import { pointAwsAt } from "@/test/sim-env";
import { POST as diagnosePost } from "../diagnose/route";
import { POST as probePost } from "./route";

const all = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const scenario = (name: string) => all.find((s) => s.name === name)!;
const keyValues = all.flatMap((s) => s.apiKeys.map((k) => k.value));
const noParams = { params: Promise.resolve({}) };
const host = (apiId: string) => `https://${apiId}.execute-api.us-east-1.amazonaws.com`;

let running: RunningSim;
let restore: () => void;
let canary: http.Server;
let canaryPort = 0;
let canaryHits = 0;
const responses: string[] = [];
const serverOutput: string[] = [];
const originals = { log: console.log, error: console.error, warn: console.warn, stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  running = await startSim();
  restore = pointAwsAt(running.endpoint, "us-east-1", { pacing: false });
  canary = http.createServer((_req, res) => {
    canaryHits++;
    res.end("canary");
  });
  await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
  canaryPort = (canary.address() as AddressInfo).port;
  // Capture what the server writes, to check no key value reaches a log.
  const capture =
    (sink: (...a: never[]) => unknown) =>
    (...args: unknown[]) => {
      serverOutput.push(args.map(String).join(" "));
      return (sink as (...a: unknown[]) => unknown)(...args);
    };
  console.log = capture(originals.log);
  console.error = capture(originals.error);
  console.warn = capture(originals.warn);
  process.stdout.write = capture(originals.stdout) as typeof process.stdout.write;
  process.stderr.write = capture(originals.stderr) as typeof process.stderr.write;
});
afterAll(async () => {
  Object.assign(console, { log: originals.log, error: originals.error, warn: originals.warn });
  process.stdout.write = originals.stdout;
  process.stderr.write = originals.stderr;
  restore();
  canary.close();
  await running.close();
});

async function post(route: typeof probePost, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await route(new Request("http://gatecheck.test/api/v1/x", { method: "POST", body: JSON.stringify(body) }), noParams);
  const text = await response.text();
  responses.push(text);
  return { status: response.status, body: JSON.parse(text) };
}

interface ProbeBody {
  sent: { url: string; curl: string; changes: string[] };
  response: { status: number; headers: Record<string, string>; body: string };
  requestId: string | null;
  diagnosis: Diagnosis;
}

describe("the seed's case: the key inside the JSON body", () => {
  const request = scenario("key-not-in-header").expect!.call.request!;

  it("is diagnosed KEY_NOT_IN_HEADER, with a corrected curl that carries $API_KEY, never the value or its mask", async () => {
    const { status, body } = await post(diagnosePost, { request });
    const d = body as unknown as Diagnosis;
    expect(status).toBe(200);
    expect(d.firstBreak?.code).toBe("KEY_NOT_IN_HEADER");
    expect(d.correctedRequest?.changes.join(" ")).toContain("to the x-api-key header");
    // A masked value would fail when run; the variable runs as pasted.
    expect(d.correctedRequest?.curl).toContain(`-H "x-api-key: $API_KEY"`);
    expect(d.correctedRequest?.curl).not.toMatch(/\*{34}/);
    expect(d.correctedRequest?.curl).not.toContain('"x-api-key"');
  });

  it("sent as pasted, it gets 403, and the log lines shown are those of its own request id", async () => {
    const { status, body } = await post(probePost, { request });
    const p = body as unknown as ProbeBody;
    expect(status).toBe(200);
    expect(p.response.status).toBe(403);
    expect(p.response.headers["x-amzn-errortype"]).toBe("ForbiddenException");
    expect(p.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.diagnosis.firstBreak?.code).toBe("KEY_NOT_IN_HEADER");
    expect(p.diagnosis.logs.length).toBeGreaterThan(0);
    expect(new Set(p.diagnosis.logs.map((e) => e.requestId))).toEqual(new Set([p.requestId]));
  });

  it("sent corrected, the same call gets through", async () => {
    const { body } = await post(probePost, { request, corrected: true });
    const p = body as unknown as ProbeBody;
    expect(p.sent.changes.length).toBeGreaterThan(0);
    expect(p.response.status).toBeGreaterThanOrEqual(200);
    expect(p.response.status).toBeLessThan(300);
    expect(p.diagnosis.verdict).toBe("allowed");
    expect(p.sent.curl).not.toContain(scenario("key-not-in-header").apiKeys[0]!.value);
  });
});

describe("request-hop findings from a pasted request", () => {
  const api = (name: string) => scenario(name).expect!.call.apiId ?? scenario(name).restApis[0]!.id;
  const keyOf = (name: string) => scenario(name).apiKeys[0]!.value;
  it.each([
    ["KEY_MISSING", () => `curl ${host(api("key-missing"))}/prod/items`],
    ["STAGE_NOT_FOUND", () => `curl ${host(api("key-missing"))}/items -H 'x-api-key: ${keyOf("key-missing")}'`],
    ["KEY_NOT_IN_HEADER", () => `curl '${host(api("key-missing"))}/prod/items?api_key=${keyOf("key-missing")}'`],
    ["PRIVATE_API_NEEDS_VPC_ENDPOINT", () => scenario("private-api-needs-vpc-endpoint").expect!.call.request!],
    ["EXECUTE_API_ENDPOINT_DISABLED", () => scenario("execute-api-endpoint-disabled").expect!.call.request!],
    ["CUSTOM_DOMAIN_NO_MAPPING", () => scenario("custom-domain-no-mapping").expect!.call.request!],
  ])("%s", async (code, request) => {
    const { status, body } = await post(diagnosePost, { request: request() });
    expect(status).toBe(200);
    expect((body as unknown as Diagnosis).firstBreak?.code).toBe(code);
  });

  it("API_ID_HEADER_ON_PUBLIC_API is a warning (AWS documents the header only for private APIs), and the corrected curl drops it", async () => {
    const { body } = await post(diagnosePost, { request: scenario("api-id-header-on-public-api").expect!.call.request! });
    const d = body as unknown as Diagnosis;
    expect(d.findings.find((f) => f.code === "API_ID_HEADER_ON_PUBLIC_API")?.severity).toBe("warning");
    expect(d.verdict).toBe("allowed");
    expect(d.correctedRequest?.curl).not.toContain("x-apigw-api-id");
  });

  it("a URL without its stage gets a corrected curl with the stage put back", async () => {
    const { body } = await post(diagnosePost, { request: `curl ${host(api("key-missing"))}/items -H 'x-api-key: ${keyOf("key-missing")}'` });
    expect((body as unknown as Diagnosis).correctedRequest?.curl).toContain(`${host(api("key-missing"))}/prod/items`);
  });
});

describe("probe against broken scenarios: its request id, its log lines, its first break", () => {
  it.each(["key-in-no-plan", "key-plan-missing-stage", "stage-in-no-plan", "key-disabled", "key-unknown", "healthy-custom-domain"])("%s", async (name) => {
    const s = scenario(name);
    const call = s.expect!.call;
    const key = call.keyId ? s.apiKeys.find((k) => k.id === call.keyId)!.value : undefined;
    const request = call.request ?? `curl -X ${call.method ?? "GET"} '${host(call.apiId!)}/${call.stage}${call.path}'${key ? ` -H 'x-api-key: ${key}'` : ""}`;
    const { status, body } = await post(probePost, { request });
    const p = body as unknown as ProbeBody;
    expect(status).toBe(200);
    expect(p.response.status).toBe(s.expect!.status);
    expect(p.diagnosis.firstBreak?.code ?? null).toBe(s.expect!.firstBreak);
    expect(p.diagnosis.request.requestId).toBe(p.requestId);
    for (const e of p.diagnosis.logs) expect(e.requestId).toBe(p.requestId);
    for (const line of s.expect!.logLines) expect(p.diagnosis.logs.some((e) => e.message.includes(line))).toBe(true);
  });
});

describe("SSRF: hostile targets are refused with 400 and sent nowhere", () => {
  const api = () => scenario("key-in-no-plan").expect!.call.apiId!;
  const targets = () => [
    `curl http://169.254.169.254/latest/meta-data/iam/security-credentials/`,
    `curl http://2852039166/latest/meta-data/`,
    `curl http://0xa9fea9fe/latest/meta-data/`,
    `curl http://0251.0376.0251.0376/latest/meta-data/`,
    `curl 'http://[::ffff:169.254.169.254]/latest/meta-data/'`,
    `curl 'http://[fd00:ec2::254]/latest/meta-data/'`,
    `curl http://localhost:${canaryPort}/`,
    `curl http://127.0.0.1:${canaryPort}/`,
    `curl http://127.1:${canaryPort}/`,
    `curl http://127.0.0.2:${canaryPort}/restapis/${api()}/prod/_user_request_/x`,
    `curl 'http://[::1]:${canaryPort}/'`,
    `curl http://0.0.0.0:${canaryPort}/`,
    `curl '${host(api())}@127.0.0.1:${canaryPort}/prod/invoices'`,
    `curl 'https://user:pass@${api()}.execute-api.us-east-1.amazonaws.com/prod/invoices'`,
    `curl https://evil.example.com/prod/invoices -H 'Host: ${api()}.execute-api.us-east-1.amazonaws.com'`,
    `curl http://${api()}.execute-api.localhost:${canaryPort}/prod/invoices`,
    `curl ${host("zzzzzzzzzz").replace("zzzzzzzzzz", api())}.evil.example.com/prod/x`,
    `curl 'file:///etc/passwd'`,
    `curl 'gopher://127.0.0.1:${canaryPort}/_x'`,
    // a stand-in's own admin and control plane, on the API's host or the endpoint's (issue 10, item 5)
    `curl ${host(api())}/_sim/scenarios`,
    `curl -X POST ${host(api())}/_sim/faults -d '{"throttleRate":1}'`,
    `curl -X POST ${host(api())}/_sim/reset`,
    `curl ${host(api())}/_localstack/health`,
    `curl -X POST ${host(api())}/moto-api/reset`,
    `curl -X PATCH ${running.endpoint}/restapis/${api()}/stages/prod -d '{"patchOperations":[]}'`,
    `curl ${running.endpoint}/restapis/${api()}/prod/_user_request_/../../stages/prod`,
    `curl ${host(api())}/restapis/${api()}/stages/prod`,
  ];

  it("refuses each one, and nothing reaches the canary", async () => {
    const list = targets();
    expect(list.length).toBeGreaterThanOrEqual(15);
    for (const request of list) {
      const { status, body } = await post(probePost, { request, api: api(), region: "us-east-1" });
      expect(status, request).toBe(400);
      expect((body as { error: { code: string } }).error.code, request).toMatch(/PROBE_TARGET_REFUSED|INVALID_REQUEST/);
    }
    expect(canaryHits).toBe(0);
    expect(running.sim.faults.throttleRate).toBe(0);
  });
});

describe("secrets", () => {
  it("no key value in any response or in what the server wrote", () => {
    expect(responses.length).toBeGreaterThan(20);
    const text = [...responses, ...serverOutput].join("\n");
    for (const value of keyValues) expect(text.includes(value), `key …${value.slice(-6)} leaked`).toBe(false);
  });
});

describe("requests HTTP cannot carry (issue 10, item 6)", () => {
  const url = () => `${host(scenario("key-in-no-plan").expect!.call.apiId!)}/prod/invoices`;
  it.each([
    ["a Cyrillic key", () => `curl ${url()} -H 'x-api-key: ключ'`],
    ["a method with a space", () => `curl -X 'GE T' ${url()}`],
    ["a header name with a space", () => `curl ${url()} -H 'x y: z'`],
    ["a carriage return inside a header", () => `curl ${url()} -H $'x-api-key: abc\\rdef'`],
    ["a key with a trailing newline", () => `curl ${url()} -H $'x-api-key: abcdefghijklmnopqrstuvwxyz\\n'`],
  ])("%s: 400 naming the part, never 500", async (_, request) => {
    const { status, body } = await post(probePost, { request: request() });
    expect(status).toBe(400);
    const error = (body as { error: { code: string; message: string; field: string } }).error;
    expect(error.field).toBe("request");
    expect(error.message).toMatch(/method|header/i);
  });
});
