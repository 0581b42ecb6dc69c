// Write mode end to end through the real SDK and the simulator: preview → apply → verified → undo → the original
// verdict, for every scenario whose fix is a write; stale previews, races, AWS's conflicts and the audit trail.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BadRequestException, CreateUsagePlanKeyCommand, UpdateApiKeyCommand, UpdateStageCommand } from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/types";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import type { AppliedFix, FixPlan, UndoneFix, WriteAccess } from "@/lib/fixes/types";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { clientsFor, TEST_CREDENTIALS } from "@/sim/testing";
import { simulatorForFile } from "@/test/sim-env";
import { GET as auditGet } from "../audit/route";
import { POST as diagnosePost } from "../diagnose/route";
import { POST as applyPost } from "./apply/route";
import { POST as previewPost } from "./preview/route";
import { GET as accessGet } from "./route";
import { POST as undoPost } from "./undo/route";

const WRITE_ROLE = "arn:aws:iam::123456789012:role/gatecheck-fix";
process.env.GATECHECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-fixes-"));
// The write role is sim/scenarios/zz-gatecheck-identities.json's.
const sim = simulatorForFile({ replayTraffic: false, pacing: false });

const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const callOf = (name: string) => {
  const scenario = scenarios.find((s) => s.name === name)!;
  const { request: _request, ...call } = scenario.expect!.call;
  return { region: scenario.region ?? "us-east-1", api: call.apiId, stage: call.stage, method: call.method, path: call.path, ...(call.keyId ? { key: call.keyId } : {}) };
};
const keyValues = scenarios.flatMap((s) => s.apiKeys.map((k) => k.value));
const noParams = { params: Promise.resolve({}) };
const answers: string[] = [];

async function post<T>(route: (r: Request, c: typeof noParams) => Promise<Response>, body: object): Promise<{ status: number; body: T & { error?: { code: string; message: string; hint: string } } }> {
  const response = await route(new Request("http://127.0.0.1/api/v1/fixes", { method: "POST", body: JSON.stringify(body) }), noParams);
  const text = await response.text();
  answers.push(text);
  return { status: response.status, body: JSON.parse(text) };
}

const diagnose = async (call: object) => (await post<Diagnosis>(diagnosePost, { ...call })).body;
const writes = () =>
  sim()
    .sim.stats.calls.filter((c) => /^(Update|Create|Delete)/.test(c.operation) && c.status < 300)
    .map((c) => c.operation);

beforeAll(() => {
  process.env.GATECHECK_WRITE = "1";
  process.env.GATECHECK_WRITE_ROLE_ARN = WRITE_ROLE;
});
afterAll(() => {
  delete process.env.GATECHECK_WRITE;
  delete process.env.GATECHECK_WRITE_ROLE_ARN;
  // No answer of write mode carries a key value.
  for (const text of answers) for (const value of keyValues) expect(text).not.toContain(value);
});
beforeEach(() => {
  sim().sim.load();
  sim().sim.stats.reset();
});

const PASSES = /^Fixed: the call now passes\.$/;
const CASES: { scenario: string; code: FindingCode; outcome: "fixed" | "still-refused" | "unverified"; sentence: RegExp; effect: RegExp; operations: string[] }[] = [
  {
    scenario: "key-disabled",
    code: "KEY_DISABLED",
    outcome: "fixed",
    sentence: PASSES,
    effect: /The key works again on every stage its usage plans list: silver \(f5wtgte5ml:prod\)\. Whoever holds this key can call with it again/,
    operations: ["UpdateApiKey"],
  },
  {
    scenario: "key-in-no-plan",
    code: "KEY_IN_NO_PLAN",
    outcome: "fixed",
    sentence: PASSES,
    effect: /Key partner-initech's calls now count against standard's quota 100000 per month/,
    operations: ["CreateUsagePlanKey"],
  },
  {
    scenario: "key-plan-missing-stage",
    code: "KEY_PLAN_MISSING_STAGE",
    outcome: "fixed",
    sentence: PASSES,
    effect: /platinum lists no other stage: the key gains only this one/,
    operations: ["CreateUsagePlanKey"],
  },
  {
    scenario: "stage-in-no-plan",
    code: "STAGE_IN_NO_PLAN",
    outcome: "fixed",
    sentence: PASSES,
    effect: /No other key is in internal today; any key added to it later gets agx1z4zqvp:staging too/,
    operations: ["UpdateUsagePlan"],
  },
  // The deployed method now requires a key, and no key is known for this call (no traffic here): said so, not guessed.
  {
    scenario: "deployment-drift",
    code: "DEPLOYMENT_DRIFT",
    outcome: "unverified",
    sentence: /^DEPLOYMENT_DRIFT is fixed; whether the call passes is unknown \(request: which key the client sends is not known/,
    effect: /ships: GET \/accounts apiKeyRequired false → true\. From then on GET \/accounts requires an API key: callers that send none get 403 Forbidden\./,
    operations: ["CreateDeployment"],
  },
  { scenario: "route-not-deployed", code: "ROUTE_NOT_DEPLOYED", outcome: "fixed", sentence: PASSES, effect: /ships: GET \/reports\/\{reportId\}\/export added\./, operations: ["CreateDeployment"] },
  {
    scenario: "preflight-requires-key",
    code: "PREFLIGHT_REQUIRES_KEY",
    outcome: "fixed",
    sentence: PASSES,
    effect: /ships: OPTIONS \/cart apiKeyRequired true → false\./,
    operations: ["UpdateMethod", "CreateDeployment"],
  },
  // Logging is on; the call is still refused by the scenario's first break (the key is in no plan).
  {
    scenario: "execution-logging-off",
    code: "EXECUTION_LOGGING_OFF",
    outcome: "still-refused",
    sentence: /^EXECUTION_LOGGING_OFF is fixed\. Still refused: the next first break is KEY_IN_NO_PLAN: /,
    effect: /writes INFO lines to the log group API-Gateway-Execution-Logs_lx4o87ly5c\/prod/,
    operations: ["UpdateStage"],
  },
];

describe("preview → apply → verified → undo → the original verdict", () => {
  it.each(CASES)("$code ($scenario)", async ({ scenario, code, outcome, sentence, effect, operations }) => {
    const call = callOf(scenario);
    const original = await diagnose(call);
    expect(original.findings.map((f) => f.code)).toContain(code);

    const preview = await post<FixPlan>(previewPost, { ...call, code });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const plan = preview.body;
    expect(plan.calls.map((c) => c.call.operation)).toEqual(operations);
    for (const c of plan.calls) {
      expect(c.cli).toMatch(/^aws apigateway [a-z-]+ .* --region us-east-1$/);
      expect(c.iam.action).toMatch(/^apigateway:(PATCH|POST|DELETE)$/);
      expect(c.iam.resource).toMatch(/^arn:aws:apigateway:us-east-1::\//);
    }
    expect(plan.sideEffects.length).toBeGreaterThan(0);
    expect(plan.sideEffects.join(" ")).toMatch(effect);
    expect(plan.undo.kind).toBe("calls");
    // A preview changes nothing.
    expect(writes()).toEqual([]);

    const applied = await post<AppliedFix>(applyPost, { ...call, code, fingerprint: plan.fingerprint });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.verification.outcome).toBe(outcome);
    expect(applied.body.verification.sentence).toMatch(sentence);
    expect(writes()).toEqual(operations);
    expect(applied.body.after).not.toEqual(applied.body.before);
    // The write calls were signed by the write role's session, never the read credentials.
    expect(sim().sim.stats.calls.filter((c) => c.operation === "AssumeRole").length).toBeLessThanOrEqual(1);
    const fixed = await diagnose({ ...call, fresh: "1" });
    expect(fixed.findings.map((f) => f.code)).not.toContain(code);

    const undone = await post<UndoneFix>(undoPost, { ...call, undoToken: applied.body.undoToken });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.after).toEqual(plan.before);
    const again = await diagnose({ ...call, fresh: "1" });
    expect(again.findings.map((f) => f.code)).toContain(code);
    expect(again.firstBreak?.code ?? null).toBe(original.firstBreak?.code ?? null);
    expect(undone.body.verification.sentence).toContain(original.firstBreak ? `the first break is ${original.firstBreak.code}` : "Undone");
  });
});

describe("two people, one resource", () => {
  it("the second applier of the same preview is told it is already fixed, and nothing runs twice", async () => {
    const call = callOf("route-not-deployed");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "ROUTE_NOT_DEPLOYED" });
    const [a, b] = await Promise.all([
      post<AppliedFix>(applyPost, { ...call, code: "ROUTE_NOT_DEPLOYED", fingerprint: plan.fingerprint }),
      post<AppliedFix>(applyPost, { ...call, code: "ROUTE_NOT_DEPLOYED", fingerprint: plan.fingerprint }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const second = a.status === 409 ? a : b;
    expect(second.body.error?.code).toBe("FIX_NOT_NEEDED");
    expect(second.body.error?.message).toMatch(/Stage prod of .* deploymentId: \w+ → \w+/);
    expect(writes()).toEqual(["CreateDeployment"]);
  });

  it("a change under a preview (the key enabled by hand) stops Apply and says what changed", async () => {
    const call = callOf("key-disabled");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    await sim().apigateway.send(new UpdateApiKeyCommand({ apiKey: call.key!, patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] }));
    sim().sim.stats.reset();
    const applied = await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    expect(applied.status).toBe(409);
    expect(applied.body.error?.message).toContain("enabled: false → true");
    expect(writes()).toEqual([]);
  });

  it("a finding fixed another way since the preview (the key joined a plan for prod) stops Apply: FIX_NOT_NEEDED", async () => {
    const call = callOf("key-plan-missing-stage");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_PLAN_MISSING_STAGE", option: "stage-to:ri8c2t" });
    expect(plan.sideEffects.join(" ")).toMatch(/No other key is in gold/);
    // Meanwhile someone puts the key into platinum, which covers prod: the finding is gone.
    await sim().apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: "ynhqx5", keyId: "sirdorgti2", keyType: "API_KEY" }));
    const applied = await post<AppliedFix>(applyPost, { ...call, code: "KEY_PLAN_MISSING_STAGE", option: "stage-to:ri8c2t", fingerprint: plan.fingerprint });
    expect(applied.status).toBe(409);
    expect(applied.body.error?.code).toBe("FIX_NOT_NEEDED");
  });

  it("undo after someone changed the resource again is refused; a second undo is refused too", async () => {
    const call = callOf("key-disabled");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    const { body: applied } = await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    const first = await post<UndoneFix>(undoPost, { ...call, undoToken: applied.undoToken });
    expect(first.status).toBe(200);
    const second = await post<UndoneFix>(undoPost, { ...call, undoToken: applied.undoToken });
    expect(second.status).toBe(409);
    expect(second.body.error?.code).toBe("UNDO_STALE");
    expect(second.body.error?.message).toContain("enabled: true → false");
  });
});

describe("AWS's refusals, in words", () => {
  it("ConflictException: adding prod to gold would put web-checkout in two plans for prod", async () => {
    const call = callOf("key-plan-missing-stage");
    // web-checkout (in platinum, which covers prod) also joins gold.
    await sim().apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: "ri8c2t", keyId: "tkyqdbm65h", keyType: "API_KEY" }));
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_PLAN_MISSING_STAGE", option: "stage-to:ri8c2t" });
    expect(plan.sideEffects.join(" ")).toContain("web-checkout (tkyqdbm65h)");
    const applied = await post<AppliedFix>(applyPost, { ...call, code: "KEY_PLAN_MISSING_STAGE", option: "stage-to:ri8c2t", fingerprint: plan.fingerprint });
    expect(applied.status).toBe(409);
    expect(applied.body.error?.code).toBe("AWS_CONFLICT");
    expect(applied.body.error?.message).toMatch(/a key may be in only one plan per API stage.*AWS said: ConflictException/);
    expect(applied.body.error?.hint).toMatch(/other option/);
  });

  it("BadRequestException: logging cannot go on while the account has no CloudWatch role — said in the preview, explained on apply", async () => {
    const call = callOf("cloudwatch-role-missing");
    const off = { restApiId: call.api, stageName: call.stage, patchOperations: [{ op: "replace" as const, path: "/*/*/logging/loglevel", value: "OFF" }] };
    const apigateway = clientsFor(sim().endpoint, TEST_CREDENTIALS, call.region).apigateway;
    await apigateway.send(new UpdateStageCommand(off));
    // The simulator refuses as AWS does (sim/apigateway/uncertain.ts): turning logging on needs the role.
    await expect(apigateway.send(new UpdateStageCommand({ ...off, patchOperations: [{ ...off.patchOperations[0]!, value: "INFO" }] }))).rejects.toBeInstanceOf(BadRequestException);
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "EXECUTION_LOGGING_OFF" });
    expect(plan.sideEffects.join(" ")).toContain("The account has no CloudWatch role (CLOUDWATCH_ROLE_MISSING): AWS refuses to turn logging on until one is set.");
    const applied = await post<AppliedFix>(applyPost, { ...call, code: "EXECUTION_LOGGING_OFF", fingerprint: plan.fingerprint });
    expect(applied.status).toBe(400);
    expect(applied.body.error).toMatchObject({ code: "AWS_BAD_REQUEST", message: expect.stringContaining("CloudWatch Logs role ARN must be set in account settings to enable logging") });
    expect(applied.body.error?.hint).toMatch(/Set the account's CloudWatch role first/);
    apigateway.destroy();
  });

  it("a forged or foreign fingerprint is refused before anything is read", async () => {
    const call = callOf("key-disabled");
    const forged = await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: "eyJhbGciOiJub25lIn0.e30." });
    expect(forged.status).toBe(400);
    expect(forged.body.error?.code).toBe("FIX_PREVIEW_INVALID");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    const other = await post<AppliedFix>(applyPost, { ...callOf("key-in-no-plan"), code: "KEY_IN_NO_PLAN", fingerprint: plan.fingerprint });
    expect(other.body.error?.code).toBe("FIX_PREVIEW_INVALID");
    expect(writes()).toEqual([]);
  });

  it("a finding without a write fix is 422 FIX_NOT_AVAILABLE; one not in the diagnosis is 409 FIX_NOT_NEEDED", async () => {
    const unknown = await post<FixPlan>(previewPost, { ...callOf("key-in-no-plan"), code: "KEY_DISABLED" });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error?.code).toBe("FIX_NOT_NEEDED");
    const notWrite = await post<FixPlan>(previewPost, { ...callOf("key-unknown"), code: "KEY_UNKNOWN" });
    expect(notWrite.status).toBe(400);
    expect(notWrite.body.error?.message).toMatch(/The finding code \(code\) must be a finding code whose fix gatecheck can apply/);
  });
});

describe("opt-in, twice", () => {
  it("without GATECHECK_WRITE=1: no access, and every write route answers 403 WRITE_MODE_OFF", async () => {
    delete process.env.GATECHECK_WRITE;
    try {
      const access = (await (await accessGet(new Request("http://127.0.0.1/api/v1/fixes"), noParams)).json()) as WriteAccess;
      expect(access).toMatchObject({ enabled: false, codes: [] });
      expect(access.reason).toMatch(/GATECHECK_WRITE=1/);
      const call = callOf("key-disabled");
      for (const [route, body] of [
        [previewPost, { ...call, code: "KEY_DISABLED" }],
        [applyPost, { ...call, code: "KEY_DISABLED", fingerprint: "x" }],
        [undoPost, { ...call, undoToken: "x" }],
      ] as const) {
        const answer = await post(route, body);
        expect(answer.status).toBe(403);
        expect(answer.body.error?.code).toBe("WRITE_MODE_OFF");
      }
      expect(writes()).toEqual([]);
    } finally {
      process.env.GATECHECK_WRITE = "1";
    }
  });

  it("with it, the local user gets access and the list of fixable codes", async () => {
    const access = (await (await accessGet(new Request("http://127.0.0.1/api/v1/fixes"), noParams)).json()) as WriteAccess;
    expect(access.enabled).toBe(true);
    expect(access.codes).toEqual(expect.arrayContaining(CASES.map((c) => c.code)));
  });
});

describe("audit", () => {
  it("records the preview, the apply and the undo with before and after, and each verification", async () => {
    const call = callOf("key-disabled");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    const { body: applied } = await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    await post<UndoneFix>(undoPost, { ...call, undoToken: applied.undoToken });
    const { events } = (await (await auditGet(new Request("http://127.0.0.1/api/v1/audit?limit=10"), noParams)).json()) as { events: AuditEvent[] };
    const mine = events
      .filter((e) => e.details.code === "KEY_DISABLED")
      .slice(0, 5)
      .reverse();
    expect(mine.map((e) => e.action)).toEqual(["fix-preview", "fix-apply", "fix-verify", "fix-undo", "fix-verify"]);
    expect(mine[1]!.details).toMatchObject({ before: `/apikeys/${call.key} enabled=false`, after: `/apikeys/${call.key} enabled=true`, calls: "UpdateApiKey" });
    expect(mine[3]!.details).toMatchObject({ before: `/apikeys/${call.key} enabled=true`, after: `/apikeys/${call.key} enabled=false` });
    expect(mine[2]!.details.outcome).toBe("fixed");
  });
});

describe("a pasted request", () => {
  it("is sent once more after the fix and after the undo: 200, then 403 again", async () => {
    const seeded = scenarios.find((s) => s.name === "key-disabled")!;
    const key = seeded.apiKeys.find((k) => k.id === seeded.expect!.call.keyId)!.value;
    const { api, stage, path: resourcePath } = callOf("key-disabled");
    const request = `curl https://${api}.execute-api.us-east-1.amazonaws.com/${stage}${resourcePath} -H 'x-api-key: ${key}'`;
    const { body: plan } = await post<FixPlan>(previewPost, { request, code: "KEY_DISABLED" });
    const { status, body: applied } = await post<AppliedFix>(applyPost, { request, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    expect(status, JSON.stringify(applied)).toBe(200);
    expect(applied.verification).toMatchObject({ outcome: "fixed", sent: { status: 200 } });
    expect(applied.verification.sentence).toBe("Fixed: the call now passes (AWS answered 200 to the request sent once more).");
    const { body: undone } = await post<UndoneFix>(undoPost, { request, undoToken: applied.undoToken });
    expect(undone.verification.sent?.status).toBe(403);
    expect(undone.verification.sentence).toMatch(/^Undone: the original verdict is back — the first break is KEY_DISABLED/);
  });
});

describe("one finding, two fixes", () => {
  it("the key into platinum and prod into gold, applied at once: one runs, the other is told the finding is gone", async () => {
    const call = callOf("key-plan-missing-stage");
    const [keyTo, stageTo] = await Promise.all(
      ["key-to:ynhqx5", "stage-to:ri8c2t"].map(async (option) => (await post<FixPlan>(previewPost, { ...call, code: "KEY_PLAN_MISSING_STAGE", option })).body),
    );
    const answers = await Promise.all([keyTo!, stageTo!].map((plan) => post<AppliedFix>(applyPost, { ...call, code: "KEY_PLAN_MISSING_STAGE", option: plan.option, fingerprint: plan.fingerprint })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error?.code).toBe("FIX_NOT_NEEDED");
    expect(writes()).toHaveLength(1);
  });
});

describe("what a request cannot steer", () => {
  it("apply acts on the previewed call, whatever call the body names", async () => {
    const call = callOf("key-disabled");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    const other = callOf("key-in-no-plan");
    const applied = await post<AppliedFix>(applyPost, { ...other, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.after).toEqual([{ ...plan.before[0], state: { enabled: "true" } }]);
    expect(sim().sim.stats.calls.filter((c) => c.operation === "UpdateApiKey" && c.status < 300)).toHaveLength(1);
  });

  it("a preview is good once: applied, undone, then applied again from the same preview is refused", async () => {
    const call = callOf("key-disabled");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    const { body: applied } = await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    expect((await post<UndoneFix>(undoPost, { undoToken: applied.undoToken })).status).toBe(200);
    const again = await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    expect([again.status, again.body.error?.code]).toEqual([409, "FIX_PREVIEW_USED"]);
    expect(writes()).toEqual(["UpdateApiKey", "UpdateApiKey"]);
  });

  it("undo needs only its token: it verifies the call the fix was made for", async () => {
    const call = callOf("key-in-no-plan");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_IN_NO_PLAN" });
    const { body: applied } = await post<AppliedFix>(applyPost, { ...call, code: "KEY_IN_NO_PLAN", fingerprint: plan.fingerprint });
    const undone = await post<UndoneFix>(undoPost, { undoToken: applied.undoToken });
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.verification.sentence).toMatch(/^Undone: the original verdict is back — the first break is KEY_IN_NO_PLAN: /);
  });

  it("a signed token of another shape is invalid (400), not a crash", async () => {
    const { signFixToken } = await import("@/lib/fixes/token");
    const odd = await signFixToken("preview", { code: "KEY_DISABLED", account: "default", before: "not a list" }, 1);
    const applied = await post<AppliedFix>(applyPost, { ...callOf("key-disabled"), code: "KEY_DISABLED", fingerprint: odd });
    expect([applied.status, applied.body.error?.code]).toEqual([400, "FIX_PREVIEW_INVALID"]);
  });

  it("a pasted POST is not sent again after the fix: it may change something", async () => {
    const seeded = scenarios.find((s) => s.name === "stage-in-no-plan")!;
    const key = seeded.apiKeys.find((k) => k.id === seeded.expect!.call.keyId)!.value;
    const { api, stage, path: resourcePath } = callOf("stage-in-no-plan");
    const request = `curl -X POST https://${api}.execute-api.us-east-1.amazonaws.com/${stage}${resourcePath} -H 'x-api-key: ${key}' -d '{}'`;
    const { body: plan } = await post<FixPlan>(previewPost, { request, code: "STAGE_IN_NO_PLAN" });
    const { status, body: applied } = await post<AppliedFix>(applyPost, { request, code: "STAGE_IN_NO_PLAN", fingerprint: plan.fingerprint });
    expect(status, JSON.stringify(applied)).toBe(200);
    expect(applied.verification.sent).toBeNull();
    expect(applied.verification.sentence).toBe("Fixed: the call now passes.");
  });

  it("a refused apply is an audit event too, with the reason", async () => {
    const call = callOf("key-disabled");
    const { body: plan } = await post<FixPlan>(previewPost, { ...call, code: "KEY_DISABLED" });
    await sim().apigateway.send(new UpdateApiKeyCommand({ apiKey: call.key!, patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] }));
    await post<AppliedFix>(applyPost, { ...call, code: "KEY_DISABLED", fingerprint: plan.fingerprint });
    const { events } = (await (await auditGet(new Request("http://127.0.0.1/api/v1/audit?limit=5"), noParams)).json()) as { events: AuditEvent[] };
    expect(events[0]).toMatchObject({ action: "fix-apply", details: { code: "KEY_DISABLED", refused: "FIX_NOT_NEEDED", why: expect.stringContaining("enabled: false → true") } });
  });
});
