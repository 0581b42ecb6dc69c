import { describe, expect, it } from "vitest";
import type { FocusedInventory } from "@/lib/inventory/types";
import { maskKeyValue } from "@/lib/logs/mask";
import { API_ID, KEY_VALUE, buildInventory, callFromCurl, chosenCall, diagnoseWith, findingOf, logsOf, method, plan, resource } from "./__fixtures__/inventory";
import type { CallLogs } from "./index";
import type { CallFacts, Diagnosis, FindingCode } from "./types";

const MASKED = maskKeyValue(KEY_VALUE);
const REFUSED = "25bdd356-8fc7-11e6-93c4-e3cf41861839";
const SERVED = "9ac0eacd-87c5-11e6-b30c-19c3d9849330";

/** A refused request with the given "not associated" ending, then a served one (real wording, our ids). */
const refusedThenServed = (ending: string) =>
  logsOf(`
    (${REFUSED}) Verifying Usage Plan for request: ${REFUSED}. API Key: ${MASKED} API Stage: ${API_ID}/prod
    (${REFUSED}) API Key ${MASKED} not authorized because method 'GET /orders/{id}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_ID}/prod: ${ending}
    (${REFUSED}) Method completed with status: 403
    (${SERVED}) Verifying Usage Plan for request: ${SERVED}. API Key: ${MASKED} API Stage: ${API_ID}/prod
    (${SERVED}) Usage Plan check succeeded for API Key ${MASKED} and API Stage ${API_ID}/prod
    (${SERVED}) Starting execution for request: ${SERVED}
    (${SERVED}) HTTP Method: GET, Resource Path: /orders/42
    (${SERVED}) Method completed with status: 200`);

const NOT_REQUIRED = logsOf(`
  (${SERVED}) Verifying Usage Plan for request: ${SERVED}. API Key:  API Stage: ${API_ID}/prod
  (${SERVED}) API Key  authorized because method 'GET /orders/{id}' does not require API Key. Request will not contribute to throttle or quota limits
  (${SERVED}) Usage Plan check succeeded for API Key  and API Stage ${API_ID}/prod
  (${SERVED}) Starting execution for request: ${SERVED}`);

const AUTHORIZER_REFUSED = logsOf(`
  (${REFUSED}) Extended Request Id: W9zMPGrHtjMEeFw=
  (${REFUSED}) Starting authorizer: au7h01 for request: ${REFUSED}
  (${REFUSED}) Unauthorized request: ${REFUSED}
  (${SERVED}) Starting authorizer: au7h01 for request: ${SERVED}
  (${SERVED}) Successfully completed authorizer execution`);

/** Each line names at most one finding, and exactly the finding that lists it. */
function expectConsistent(d: Diagnosis): void {
  d.logs.forEach((line, index) => {
    const owners = d.findings.filter((f) => f.logLines.includes(index)).map((f) => f.code);
    expect(owners).toEqual(line.supports ? [line.supports] : []);
  });
}

/** Which finding each line supports, by line index; unclaimed lines left out. */
const supportsOf = (d: Diagnosis) => Object.fromEntries(d.logs.flatMap((l, i) => (l.supports ? [[i, l.supports]] : [])));

describe("log lines ↔ findings (CAUSES.md, 'Log line → finding')", () => {
  const cases: [string, { inventory: FocusedInventory; logs: CallLogs; call?: CallFacts }, Record<number, FindingCode>][] = [
    [
      "'No Usage Plan found' with the key in no plan → KEY_IN_NO_PLAN",
      { inventory: buildInventory({ keyPlans: [] }), logs: refusedThenServed("No Usage Plan found for key and API Stage") },
      { 1: "KEY_IN_NO_PLAN" },
    ],
    [
      "'No Usage Plan found' with the key's plans missing the stage → KEY_PLAN_MISSING_STAGE",
      { inventory: buildInventory({ keyPlans: [plan("silver01", "silver", [`${API_ID}/dev`])] }), logs: refusedThenServed("No Usage Plan found for key and API Stage") },
      { 1: "KEY_PLAN_MISSING_STAGE" },
    ],
    [
      "'API Stage is not in a Usage Plan' → STAGE_IN_NO_PLAN",
      { inventory: buildInventory({ keyPlans: [], stagePlans: [] }), logs: refusedThenServed("API Stage is not in a Usage Plan") },
      { 1: "STAGE_IN_NO_PLAN" },
    ],
    [
      "'does not require API Key' while the draft requires one → DEPLOYMENT_DRIFT",
      { inventory: buildInventory({ deployed: { "/orders/{id}": { GET: { apiKeyRequired: false, authorizationType: "NONE" } } } }), logs: NOT_REQUIRED },
      { 1: "DEPLOYMENT_DRIFT" },
    ],
    [
      "'does not require API Key' with the draft agreeing → KEY_NOT_REQUIRED",
      { inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { apiKeyRequired: false }))] }), logs: NOT_REQUIRED },
      { 1: "KEY_NOT_REQUIRED" },
    ],
    [
      "an empty key on a method that requires one → KEY_MISSING",
      {
        call: chosenCall({ keyId: null, presentedKey: null }),
        inventory: buildInventory({ key: null }),
        logs: logsOf(`
          (${REFUSED}) Verifying Usage Plan for request: ${REFUSED}. API Key:  API Stage: ${API_ID}/prod
          (${REFUSED}) API Key  not authorized because method 'GET /orders/{id}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_ID}/prod: No Usage Plan found for key and API Stage
          (${REFUSED}) Method completed with status: 403`),
      },
      { 0: "KEY_MISSING", 1: "KEY_MISSING" },
    ],
    [
      "'Unauthorized request' after 'Starting authorizer' → AUTHORIZER_ON_METHOD, only for the refused request",
      { inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { authorizationType: "CUSTOM", authorizerId: "au7h01" }))] }), logs: AUTHORIZER_REFUSED },
      { 1: "AUTHORIZER_ON_METHOD", 2: "AUTHORIZER_ON_METHOD" },
    ],
  ];

  it.each(cases)("%s", (_, scenario, expected) => {
    const d = diagnoseWith(scenario);
    expect(supportsOf(d)).toEqual(expected);
    expectConsistent(d);
  });

  it("a line no finding explains stays unclaimed, kept as the parser gave it", () => {
    const logs = logsOf(`(${SERVED}) Some line API Gateway may write one day`);
    const d = diagnoseWith({ logs });
    expect(d.logs).toEqual(logs.events);
    expect(d.logs[0]).toMatchObject({ kind: "unknown", requestId: SERVED });
    expectConsistent(d);
  });

  it("leaves the caller's events untouched", () => {
    const logs = refusedThenServed("No Usage Plan found for key and API Stage");
    diagnoseWith({ inventory: buildInventory({ keyPlans: [] }), logs });
    expect(logs.events.some((e) => e.supports !== undefined)).toBe(false);
  });

  it("a claimed line is listed once, by the finding that explains it", () => {
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [] }), logs: refusedThenServed("No Usage Plan found for key and API Stage") });
    expect(findingOf(d, "KEY_IN_NO_PLAN").logLines).toEqual([1]);
  });
});

describe("log status", () => {
  it.each([
    ["found", { logs: refusedThenServed("No Usage Plan found for key and API Stage") }, "found", "2 matching request(s) in the window."],
    ["group missing", { logs: { status: "group-missing", events: [] } as CallLogs }, "group-missing", "The stage's log group does not exist yet: API Gateway has logged nothing for it."],
    ["not read", { logs: { status: "not-read", events: [] } as CallLogs }, "not-read", "Execution logs were not read for this diagnosis."],
    [
      "no CloudWatch role",
      { inventory: buildInventory({ account: { cloudwatchRoleArn: null } }) },
      "logging-off",
      "API Gateway cannot write execution logs in this region: the account has no CloudWatch role.",
    ],
    ["unknown stage", { call: chosenCall({ stage: "staging" }) }, "no-log-expected", "No execution log is expected here: API Gateway rejects this call at the stage before the stage logs anything."],
    [
      "no such route",
      { call: callFromCurl(`curl -X PUT 'https://${API_ID}.execute-api.us-east-1.amazonaws.com/prod/orders/42'`) },
      "no-log-expected",
      "No execution log is expected here: API Gateway rejects this call at the route before the stage logs anything.",
    ],
  ] as const)("%s", (_, scenario, status, message) => {
    expect(diagnoseWith(scenario).logStatus).toEqual({ status, message });
  });
});
