import { describe, expect, it } from "vitest";
import type { CallLogs } from "@/lib/diagnosis";
import type { FocusedInventory } from "@/lib/inventory/types";
import { maskKeyValue } from "@/lib/logs/mask";
import {
  ACCOUNT_ID,
  API_ID,
  DEFAULT_RESOURCES,
  DEPLOYMENT_ID,
  INVOKE_URL,
  KEY_ID,
  KEY_VALUE,
  PLAN_ID,
  REGION,
  buildInventory,
  callFromCurl,
  chosenCall,
  diagnoseWith,
  findingOf,
  gap,
  logsOf,
  method,
  ok,
  plan,
  resource,
  skipped,
  type InventoryOptions,
} from "./__fixtures__/inventory";
import { RULES } from "./rules";
import type { CallFacts, Diagnosis, Finding, FindingCode, Severity } from "./types";

interface Scenario {
  call?: CallFacts;
  inventory?: FocusedInventory;
  logs?: CallLogs;
}

interface RuleCase {
  code: FindingCode;
  fires: Scenario & { severity: Severity; then?: (finding: Finding, diagnosis: Diagnosis) => void };
  quiet: Scenario & { why: string };
}

const ORDER_URL = `${INVOKE_URL}/orders/42`;
const MASKED = maskKeyValue(KEY_VALUE);
const withKey = (curl: string) => `${curl} -H 'x-api-key: ${KEY_VALUE}'`;
const OTHER_VALUE = "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0KkLmNoPqRs";
const VPCE = "vpce-0abc123def4567890";
const VPCE_URL = `https://${VPCE}-xyz12345.execute-api.${REGION}.vpce.amazonaws.com/prod/orders/42`;
const CUSTOM_DOMAIN = "api.example.com";
const WEB_ACL = `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/orders-acl/1a2b3c4d`;
const REQ = "6c0f3c1e-6a0b-4d5e-9d1f-2b7a8e3c4f5a";
const CREATE_DEPLOYMENT = `aws apigateway create-deployment --rest-api-id ${API_ID} --stage-name prod`;
const SILVER = plan("silver01", "silver", [`${API_ID}/dev`]);

const policy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ALLOW_ALL = { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" };
const DENY_OUTSIDE_OFFICE = {
  Sid: "office-only",
  Effect: "Deny",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
  Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
};

const customDomainCall = (path: string, stage: string | null) => callFromCurl(withKey(`curl 'https://${CUSTOM_DOMAIN}${path}'`), { stage, path: stage ? path.replace(/^\/v1/, "") : path });
const codes = (d: Diagnosis) => d.findings.map((f) => f.code);
/** The lines of a call that every gate let through (authorizer, key and plan checks, the method ran). */
const PASSED = logsOf(`
  (${REQ}) Extended Request Id: W9zMPGrHtjMEeFw=
  (${REQ}) Starting authorizer: au7h01 for request: ${REQ}
  (${REQ}) Successfully completed authorizer execution
  (${REQ}) Verifying Usage Plan for request: ${REQ}. API Key: ${MASKED} API Stage: ${API_ID}/prod
  (${REQ}) Usage Plan check succeeded for API Key ${MASKED} and API Stage ${API_ID}/prod
  (${REQ}) Starting execution for request: ${REQ}
  (${REQ}) Method completed with status: 200`);

const CASES: RuleCase[] = [
  {
    code: "HTTP_API_NO_KEYS",
    fires: {
      inventory: buildInventory({
        reads: {
          restApi: ok(null),
          httpApi: ok({ id: API_ID, name: "orders-http", protocolType: "HTTP", apiEndpoint: `https://${API_ID}.execute-api.${REGION}.amazonaws.com` }),
          stages: ok([]),
          resources: ok([]),
          deployment: skipped("no deployed stage"),
        },
      }),
      severity: "blocker",
      then(f, d) {
        expect(f.evidence).toEqual([`API ${API_ID} is an HTTP API (apigatewayv2).`]);
        // An HTTP API explains the call without proving a 403.
        expect(d.verdict).toBe("unknown");
        expect(d.firstBreak?.code).toBe("HTTP_API_NO_KEYS");
      },
    },
    quiet: { why: "the id names a REST API" },
  },
  {
    code: "API_ID_HEADER_ON_PUBLIC_API",
    fires: {
      call: callFromCurl(withKey(`curl '${ORDER_URL}' -H 'x-apigw-api-id: ${API_ID}'`)),
      // Inferred, so never a blocker: AWS documents the header only for private APIs (AWS-FACTS #3).
      severity: "warning",
      then(f) {
        expect(f.evidence).toContain(`Endpoint type of ${API_ID}: REGIONAL.`);
      },
    },
    quiet: { why: "no x-apigw-api-id header" },
  },
  {
    code: "PRIVATE_API_NEEDS_VPC_ENDPOINT",
    fires: {
      inventory: buildInventory({ api: { endpointTypes: ["PRIVATE"], vpcEndpointIds: [VPCE] } }),
      severity: "blocker",
      then(f) {
        expect(f.fix.cli[0]).toContain(`https://${VPCE}-`);
        expect(f.fix.cli[0]).toContain(`-H 'x-apigw-api-id: ${API_ID}'`);
      },
    },
    quiet: {
      why: "the private API is called through its VPC endpoint with x-apigw-api-id",
      call: callFromCurl(withKey(`curl '${VPCE_URL}' -H 'x-apigw-api-id: ${API_ID}'`)),
      inventory: buildInventory({ api: { endpointTypes: ["PRIVATE"], vpcEndpointIds: [VPCE] } }),
    },
  },
  {
    code: "PUBLIC_API_BEHIND_PRIVATE_DNS",
    fires: {
      call: callFromCurl(withKey(`curl '${ORDER_URL}'`), { callerInVpc: true }),
      severity: "warning",
      then(f) {
        expect(f.evidence).toContain("You said the caller runs inside a VPC.");
        expect(f.fix.cli[0]).toContain(`com.amazonaws.${REGION}.execute-api`);
      },
    },
    quiet: {
      why: "the caller is a private API's own client",
      call: callFromCurl(withKey(`curl '${VPCE_URL}' -H 'x-apigw-api-id: ${API_ID}'`), { callerInVpc: true }),
      inventory: buildInventory({ api: { endpointTypes: ["PRIVATE"], vpcEndpointIds: [VPCE] } }),
    },
  },
  {
    code: "EXECUTE_API_ENDPOINT_DISABLED",
    fires: {
      inventory: buildInventory({ api: { disableExecuteApiEndpoint: true } }),
      severity: "blocker",
      then(f) {
        expect(f.evidence).toEqual([`disableExecuteApiEndpoint: true on ${API_ID}.`, `The request went to ${API_ID}.execute-api.${REGION}.amazonaws.com.`]);
      },
    },
    quiet: {
      why: "the call went to the custom domain",
      call: customDomainCall("/orders/42", "prod"),
      inventory: buildInventory({ api: { disableExecuteApiEndpoint: true }, basePathMappings: [{ basePath: "(none)", restApiId: API_ID, stage: "prod" }] }),
    },
  },
  {
    code: "CUSTOM_DOMAIN_NO_MAPPING",
    fires: {
      call: customDomainCall("/v2/orders/42", null),
      inventory: buildInventory({ basePathMappings: [{ basePath: "v1", restApiId: API_ID, stage: "prod" }] }),
      severity: "blocker",
      then(f, d) {
        expect(f.evidence).toEqual([`Mappings: v1 → ${API_ID}/prod.`]);
        expect(f.fix.cli[0]).toContain(`create-base-path-mapping --domain-name ${CUSTOM_DOMAIN} --rest-api-id ${API_ID}`);
        // The stage is unknown too, but the endpoint hop comes first.
        expect(codes(d)).toContain("STAGE_NOT_FOUND");
        expect(d.firstBreak?.code).toBe("CUSTOM_DOMAIN_NO_MAPPING");
      },
    },
    quiet: {
      why: "the v1 mapping covers the path",
      call: customDomainCall("/v1/orders/42", "prod"),
      inventory: buildInventory({ basePathMappings: [{ basePath: "v1", restApiId: API_ID, stage: "prod" }] }),
    },
  },
  {
    code: "STAGE_NOT_FOUND",
    fires: {
      call: callFromCurl(withKey(`curl 'https://${API_ID}.execute-api.${REGION}.amazonaws.com/Prod/orders/42'`)),
      severity: "blocker",
      then(f, d) {
        expect(f.title).toBe('No stage named "Prod" — did you mean "prod"?');
        expect(f.fix.summary).toBe("Call /prod/orders/42 — stage names are case-sensitive.");
        expect(d.logStatus.status).toBe("no-log-expected");
      },
    },
    quiet: { why: "stage prod exists" },
  },
  {
    code: "WAF_ACL_ATTACHED",
    fires: {
      inventory: buildInventory({ stage: { webAclArn: WEB_ACL } }),
      // The call's own lines show it got past the ACL; without them WAF's answer is unknown.
      logs: PASSED,
      severity: "warning",
      then(f) {
        expect(f.fix.cli[0]).toContain(`aws wafv2 get-sampled-requests --web-acl-arn ${WEB_ACL}`);
      },
    },
    quiet: { why: "no web ACL on the stage" },
  },
  {
    code: "ROUTE_NOT_DEPLOYED",
    fires: {
      call: callFromCurl(withKey(`curl -X POST '${INVOKE_URL}/orders' -d '{}'`)),
      inventory: buildInventory({ resources: [...DEFAULT_RESOURCES, resource("/orders", method("POST"))], deployed: { "/orders/{id}": { GET: { apiKeyRequired: true, authorizationType: "NONE" } } } }),
      severity: "blocker",
      then(f, d) {
        expect(f.evidence[0]).toBe(`Deployment ${DEPLOYMENT_ID} has no POST /orders.`);
        expect(f.fix.cli[0]).toContain(CREATE_DEPLOYMENT);
        expect(codes(d)).not.toContain("ROUTE_NOT_FOUND");
      },
    },
    quiet: { why: "the deployment serves GET /orders/{id}" },
  },
  {
    code: "ROUTE_NOT_FOUND",
    fires: {
      call: callFromCurl(withKey(`curl '${INVOKE_URL}/orders/42/items'`)),
      severity: "blocker",
      then(f, d) {
        expect(f.title).toBe("No resource matches /orders/42/items");
        expect(f.evidence[0]).toBe("Routes served: GET /orders/{id}.");
        expect(d.logStatus.status).toBe("no-log-expected");
      },
    },
    quiet: { why: "GET /orders/42 matches /orders/{id}" },
  },
  {
    code: "RESOURCE_POLICY_DENIES",
    fires: {
      inventory: buildInventory({ api: { policy: policy(ALLOW_ALL, { Sid: "no-orders", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/prod/GET/orders/*" }) } }),
      severity: "blocker",
      then(f) {
        expect(f.title).toBe("The resource policy denies this call");
        expect(f.detail).toContain('statement "no-orders" explicitly denies this call');
        expect(f.fix.cli).toEqual([expect.stringContaining(`aws apigateway get-rest-api --rest-api-id ${API_ID}`), expect.stringContaining(CREATE_DEPLOYMENT)]);
      },
    },
    quiet: { why: "the policy allows everyone", inventory: buildInventory({ api: { policy: policy(ALLOW_ALL) } }) },
  },
  {
    code: "AUTHORIZER_ON_METHOD",
    fires: {
      inventory: buildInventory({
        resources: [resource("/orders/{id}", method("GET", { authorizationType: "CUSTOM", authorizerId: "au7h01" }))],
        authorizers: [{ id: "au7h01", name: "jwt-check", type: "TOKEN", authorizerResultTtlInSeconds: 300, identitySource: "method.request.header.Authorization" }],
      }),
      logs: PASSED,
      severity: "info",
      then(f) {
        expect(f.evidence).toEqual(["authorizationType: CUSTOM.", "Authorizer jwt-check (TOKEN), result TTL 300 s."]);
      },
    },
    quiet: { why: "the method has no authorization" },
  },
  {
    code: "KEY_SOURCE_AUTHORIZER",
    fires: {
      inventory: buildInventory({ api: { apiKeySource: "AUTHORIZER" } }),
      severity: "blocker",
      then(f, d) {
        expect(f.detail).toContain("This method has no Lambda authorizer, so no key can ever arrive.");
        expect(f.fix.cli[0]).toBe(`aws apigateway update-rest-api --rest-api-id ${API_ID} --patch-operations op=replace,path=/apiKeySource,value=HEADER --region ${REGION}`);
        // The x-api-key header is ignored, so header checks do not apply.
        expect(codes(d)).not.toContain("KEY_MISSING");
      },
    },
    quiet: { why: "key source HEADER" },
  },
  {
    code: "KEY_NOT_IN_HEADER",
    fires: {
      call: callFromCurl(`curl '${ORDER_URL}?api_key=${KEY_VALUE}'`),
      severity: "blocker",
      then(f) {
        expect(f.title).toBe('The API key is in the query parameter "api_key", not in the x-api-key header');
        // The fix moves the key: out of the query string, into the header.
        // $API_KEY: a command with the masked value would fail when run.
        expect(f.fix.cli[0]).toBe(`curl '${ORDER_URL}' -H "x-api-key: $API_KEY"`);
      },
    },
    quiet: { why: "the key is in the x-api-key header" },
  },
  {
    code: "KEY_MISSING",
    fires: {
      call: callFromCurl(`curl '${ORDER_URL}'`),
      inventory: buildInventory({ key: null }),
      severity: "blocker",
      then(f) {
        expect(f.fix.cli).toEqual([`curl '${ORDER_URL}' -H "x-api-key: $API_KEY"`]);
      },
    },
    quiet: { why: "the request carries the key" },
  },
  {
    code: "PREFLIGHT_REQUIRES_KEY",
    fires: {
      call: callFromCurl(`curl -X OPTIONS '${ORDER_URL}' -H 'Origin: https://shop.example.com' -H 'Access-Control-Request-Method: GET'`),
      inventory: buildInventory({ key: null, resources: [resource("/orders/{id}", method("GET"), method("OPTIONS"))] }),
      severity: "blocker",
      then(f, d) {
        expect(f.title).toBe("OPTIONS /orders/{id} requires an API key");
        // The preflight's real cause, not the generic "no key".
        expect(codes(d)).not.toContain("KEY_MISSING");
        expect(d.firstBreak?.code).toBe("PREFLIGHT_REQUIRES_KEY");
      },
    },
    quiet: {
      why: "OPTIONS needs no key",
      call: callFromCurl(`curl -X OPTIONS '${ORDER_URL}' -H 'Origin: https://shop.example.com'`),
      inventory: buildInventory({ key: null, resources: [resource("/orders/{id}", method("GET"), method("OPTIONS", { apiKeyRequired: false }))] }),
    },
  },
  {
    code: "KEY_UNKNOWN",
    fires: {
      call: callFromCurl(`curl '${ORDER_URL}' -H 'x-api-key: ${OTHER_VALUE}'`),
      inventory: buildInventory({ key: null }),
      severity: "blocker",
      then(f) {
        expect(f.title).toBe("The key sent matches no API key in this account and region");
        expect(f.evidence).toEqual([`Key sent: ${maskKeyValue(OTHER_VALUE)} (the x-api-key header).`]);
      },
    },
    quiet: { why: "the value is the key's exactly" },
  },
  {
    code: "KEY_DISABLED",
    fires: {
      inventory: buildInventory({ key: { enabled: false } }),
      severity: "blocker",
      then(f) {
        expect(f.fix.cli).toEqual([`aws apigateway update-api-key --api-key ${KEY_ID} --patch-operations op=replace,path=/enabled,value=true --region ${REGION}`]);
      },
    },
    quiet: { why: "the key is enabled" },
  },
  {
    code: "DEPLOYMENT_DRIFT",
    fires: {
      inventory: buildInventory({ deployed: { "/orders/{id}": { GET: { apiKeyRequired: false, authorizationType: "NONE" } } } }),
      severity: "warning",
      then(f) {
        expect(f.evidence).toEqual(["apiKeyRequired is true in the draft but false in the deployment.", `Stage prod serves deployment ${DEPLOYMENT_ID}.`]);
        expect(f.fix.cli[0]).toContain(CREATE_DEPLOYMENT);
      },
    },
    quiet: { why: "draft and deployment agree" },
  },
  {
    code: "KEY_NOT_REQUIRED",
    fires: {
      inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { apiKeyRequired: false }))] }),
      severity: "info",
      then(f, d) {
        expect(f.evidence).toEqual(["apiKeyRequired: false in the deployed snapshot."]);
        expect(d.verdict).toBe("allowed");
      },
    },
    quiet: { why: "the method requires a key" },
  },
  {
    code: "STAGE_IN_NO_PLAN",
    fires: {
      inventory: buildInventory({ keyPlans: [], stagePlans: [] }),
      severity: "blocker",
      then(f) {
        expect(f.fix.cli).toEqual([`aws apigateway create-usage-plan --name ${API_ID}-prod --api-stages apiId=${API_ID},stage=prod --region ${REGION}`]);
      },
    },
    quiet: { why: "plan gold covers the stage", call: callFromCurl(`curl '${ORDER_URL}' -H 'x-api-key: ${OTHER_VALUE}'`), inventory: buildInventory({ key: null }) },
  },
  {
    code: "KEY_IN_NO_PLAN",
    fires: {
      inventory: buildInventory({ keyPlans: [] }),
      severity: "blocker",
      then(f) {
        expect(f.evidence).toEqual([`GetUsagePlans keyId=${KEY_ID}: no plan.`, `Plans covering ${API_ID}/prod: gold.`]);
        expect(f.fix.cli).toEqual([`aws apigateway create-usage-plan-key --usage-plan-id ${PLAN_ID} --key-id ${KEY_ID} --key-type API_KEY --region ${REGION}`]);
      },
    },
    quiet: { why: "the key is in plan gold" },
  },
  {
    code: "KEY_PLAN_MISSING_STAGE",
    fires: {
      inventory: buildInventory({ keyPlans: [SILVER] }),
      severity: "blocker",
      then(f) {
        expect(f.title).toBe("Key partner-acme's usage plan does not cover prod (only dev)");
        expect(f.evidence).toEqual([`Stages the key's plans cover: silver: ${API_ID}/dev.`, `Plans that cover ${API_ID}/prod: gold.`]);
        // Safest first: the key joins the plan that already covers prod; widening silver opens prod to all its keys.
        expect(f.fix.cli).toEqual([
          `aws apigateway create-usage-plan-key --usage-plan-id ${PLAN_ID} --key-id ${KEY_ID} --key-type API_KEY --region ${REGION}`,
          `aws apigateway update-usage-plan --usage-plan-id silver01 --patch-operations op=add,path=/apiStages,value=${API_ID}:prod --region ${REGION}`,
        ]);
        expect(f.fix.summary).toContain("opens the stage to every key in silver");
      },
    },
    quiet: { why: "the key's plan lists the stage" },
  },
  {
    code: "QUOTA_OR_THROTTLE",
    fires: {
      // An earlier call got 429; the newest one went through.
      logs: {
        status: "found",
        events: [
          ...logsOf(`{"requestId":"${REQ}","status":"429","responseType":"QUOTA_EXCEEDED","apiKeyId":"${KEY_ID}"}`).events,
          ...logsOf(`{"requestId":"later-0001","status":"200"}`).events.map((e) => ({ ...e, timestamp: 1 })),
        ],
      },
      severity: "info",
      then(f, d) {
        expect(f.evidence).toEqual(["1 request(s) with a limit line in the window.", "Plan gold quota: 10000 per MONTH.", "Plan gold throttle: 50 requests/s, burst 100."]);
        // The fix raises the quota (then shows the key's usage).
        expect(f.fix.cli[0]).toBe(`aws apigateway update-usage-plan --usage-plan-id ${PLAN_ID} --patch-operations op=replace,path=/quota/limit,value=20000 --region ${REGION}`);
        expect(f.fix.cli[1]).toMatch(new RegExp(`^aws apigateway get-usage --usage-plan-id ${PLAN_ID} --key-id ${KEY_ID} `));
        expect(d.verdict).toBe("allowed");
      },
    },
    quiet: { why: "no 429 in the window", logs: logsOf(`{"requestId":"${REQ}","status":"200"}`) },
  },
  {
    code: "EXECUTION_LOGGING_OFF",
    fires: {
      inventory: buildInventory({ stage: { methodSettings: {} } }),
      severity: "warning",
      then(f, d) {
        expect(f.fix.cli).toEqual([`aws apigateway update-stage --rest-api-id ${API_ID} --stage-name prod --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO --region ${REGION}`]);
        expect(d.logStatus.status).toBe("logging-off");
      },
    },
    quiet: {
      why: "the method's own setting logs at INFO though */* is OFF",
      inventory: buildInventory({ stage: { methodSettings: { "*/*": { loggingLevel: "OFF", dataTraceEnabled: false }, "orders/{id}/GET": { loggingLevel: "INFO", dataTraceEnabled: false } } } }),
    },
  },
  {
    code: "CLOUDWATCH_ROLE_MISSING",
    fires: {
      inventory: buildInventory({ account: { cloudwatchRoleArn: null }, stage: { webAclArn: WEB_ACL } }),
      severity: "warning",
      then(f) {
        // The account id comes from another ARN at hand (here the web ACL's).
        expect(f.fix.cli[2]).toBe(
          `aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::${ACCOUNT_ID}:role/APIGatewayPushToCloudWatchLogs --region ${REGION}`,
        );
      },
    },
    quiet: { why: "the account has a CloudWatch role" },
  },
  {
    code: "GATEWAY_RESPONSE_CUSTOMIZED",
    fires: {
      inventory: buildInventory({ gatewayResponses: [{ responseType: "INVALID_API_KEY", statusCode: "401", defaultResponse: false }] }),
      severity: "info",
      then(f) {
        expect(f.evidence).toEqual(["INVALID_API_KEY: status 401."]);
      },
    },
    quiet: {
      why: "only a non-403 response is customised",
      inventory: buildInventory({ gatewayResponses: [{ responseType: "RESOURCE_NOT_FOUND", statusCode: "404", defaultResponse: false }] }),
    },
  },
];

describe("the rule table", () => {
  it("has one case per rule", () => {
    expect(CASES.map((c) => c.code)).toEqual(RULES.map((r) => r.code));
  });

  it("finds nothing in the healthy baseline", () => {
    const d = diagnoseWith();
    expect(d.verdict).toBe("allowed");
    expect(d.findings).toEqual([]);
    expect(d.unknownHops).toEqual([]);
  });

  describe.each(CASES)("$code", ({ code, fires, quiet }) => {
    it(`fires as ${fires.severity}`, () => {
      const d = diagnoseWith(fires);
      const finding = findingOf(d, code);
      expect(finding.severity).toBe(fires.severity);
      expect(finding.hop).toBe(RULES.find((r) => r.code === code)!.hop);
      if (fires.severity === "blocker") expect(d.firstBreak).not.toBeNull();
      fires.then?.(finding, d);
    });

    it(`does not fire when ${quiet.why}`, () => {
      expect(codes(diagnoseWith(quiet))).not.toContain(code);
    });

    it("never puts the key's value in the diagnosis", () => {
      expect(JSON.stringify(diagnoseWith(fires))).not.toContain(KEY_VALUE);
    });
  });
});

describe("severity depends on what is known", () => {
  it("KEY_NOT_IN_HEADER names a JSON body field", () => {
    const d = diagnoseWith({
      call: callFromCurl(`curl -X POST '${INVOKE_URL}/orders' --json '{"auth":{"apiKey":"${KEY_VALUE}"}}'`),
      inventory: buildInventory({ resources: [resource("/orders", method("POST"))] }),
    });
    expect(findingOf(d, "KEY_NOT_IN_HEADER").title).toBe('The API key is in the JSON body field "auth.apiKey", not in the x-api-key header');
  });

  it("KEY_MISSING from the logs alone: a chosen call without a key, and requests logged with an empty key", () => {
    const logs = logsOf(`
      (${REQ}) Verifying Usage Plan for request: ${REQ}. API Key:  API Stage: ${API_ID}/prod
      (${REQ}) API Key  not authorized because method 'GET /orders/{id}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_ID}/prod: API Key was required but not present
      (${REQ}) Method completed with status: 403`);
    const d = diagnoseWith({ call: chosenCall({ keyId: null, presentedKey: null }), inventory: buildInventory({ key: null }), logs });
    const f = findingOf(d, "KEY_MISSING");
    expect(f.severity).toBe("blocker");
    expect(f.evidence).toEqual(['Execution log: 1 recent request(s) arrived with an empty API key and were refused ("API Key was required but not present").']);
    expect(f.logLines).toEqual([0, 1]);
  });

  it("EXECUTE_API_ENDPOINT_DISABLED is a warning when the host is not known", () => {
    const d = diagnoseWith({ call: chosenCall(), inventory: buildInventory({ api: { disableExecuteApiEndpoint: true } }) });
    expect(findingOf(d, "EXECUTE_API_ENDPOINT_DISABLED").severity).toBe("warning");
  });

  it("CUSTOM_DOMAIN_NO_MAPPING when the stage is repeated after the mapping", () => {
    const d = diagnoseWith({ call: customDomainCall("/prod/orders/42", "prod"), inventory: buildInventory({ basePathMappings: [{ basePath: "(none)", restApiId: API_ID, stage: "prod" }] }) });
    const f = findingOf(d, "CUSTOM_DOMAIN_NO_MAPPING");
    expect(f.title).toBe("The stage name is repeated after the custom domain's mapping");
    expect(f.fix.summary).toBe('Drop "/prod" from the path.');
  });

  it("CUSTOM_DOMAIN_NO_MAPPING when the host is no custom domain of API Gateway", () => {
    const d = diagnoseWith({ call: customDomainCall("/orders/42", null), inventory: buildInventory({ basePathMappings: null }) });
    expect(findingOf(d, "CUSTOM_DOMAIN_NO_MAPPING").title).toBe(`${CUSTOM_DOMAIN} is not a custom domain of API Gateway in ${REGION}`);
  });

  it("WAF_ACL_ATTACHED is a blocker when the access log shows WAF_BLOCK, and owns that line", () => {
    const logs = logsOf(`{"requestId":"${REQ}","status":"403","wafResponseCode":"WAF_BLOCK","responseType":"WAF_FILTERED"}`);
    const d = diagnoseWith({ inventory: buildInventory({ stage: { webAclArn: WEB_ACL } }), logs });
    const f = findingOf(d, "WAF_ACL_ATTACHED");
    expect(f.severity).toBe("blocker");
    expect(f.title).toBe("AWS WAF blocked the call");
    expect(f.logLines).toEqual([0]);
    expect(d.logStatus.status).toBe("no-log-expected");
  });

  it("ROUTE_NOT_FOUND tells a missing verb from a missing path, and suggests the nearest path", () => {
    const verb = findingOf(diagnoseWith({ call: callFromCurl(withKey(`curl -X DELETE '${ORDER_URL}'`)) }), "ROUTE_NOT_FOUND");
    expect(verb.title).toBe("/orders/42 has no DELETE method");
    const typo = findingOf(diagnoseWith({ call: callFromCurl(withKey(`curl '${INVOKE_URL}/ordres/{id}'`)) }), "ROUTE_NOT_FOUND");
    expect(typo.fix.summary).toBe("Did you mean /orders/{id}? Fix the URL or the verb.");
  });

  it.each([
    ["no caller IP known", "", "warning", "The resource policy may deny this caller"],
    ["a caller outside the range", " -H 'X-Forwarded-For: 198.51.100.7, 10.0.0.1'", "blocker", "The resource policy denies this call"],
  ] as const)("RESOURCE_POLICY_DENIES with an IP condition and %s", (_, header, severity, title) => {
    const d = diagnoseWith({ call: callFromCurl(withKey(`curl '${ORDER_URL}'${header}`)), inventory: buildInventory({ api: { policy: policy(ALLOW_ALL, DENY_OUTSIDE_OFFICE) } }) });
    const f = findingOf(d, "RESOURCE_POLICY_DENIES");
    expect([f.severity, f.title]).toEqual([severity, title]);
  });

  it("RESOURCE_POLICY_DENIES stays quiet for a caller inside the allowed range", () => {
    const d = diagnoseWith({
      call: callFromCurl(withKey(`curl '${ORDER_URL}' -H 'X-Forwarded-For: 203.0.113.9'`)),
      inventory: buildInventory({ api: { policy: policy(ALLOW_ALL, DENY_OUTSIDE_OFFICE) } }),
    });
    expect(codes(d)).toEqual([]);
  });

  it("RESOURCE_POLICY_DENIES is unknown when the policy is not JSON", () => {
    const d = diagnoseWith({ inventory: buildInventory({ api: { policy: "{not json" } }) });
    expect(codes(d)).toEqual([]);
    expect(d.unknownHops).toEqual([{ hop: "auth", reason: "the resource policy is not valid JSON" }]);
    expect(d.verdict).toBe("unknown");
  });

  it("AUTHORIZER_ON_METHOD is a blocker when the log shows the authorizer refusing the request", () => {
    const logs = logsOf(`
      (${REQ}) Extended Request Id: W9zMPGrHtjMEeFw=
      (${REQ}) Starting authorizer: au7h01 for request: ${REQ}
      (${REQ}) Unauthorized request: ${REQ}`);
    const d = diagnoseWith({ inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { authorizationType: "CUSTOM", authorizerId: "au7h01" }))] }), logs });
    const f = findingOf(d, "AUTHORIZER_ON_METHOD");
    expect([f.severity, f.title]).toEqual(["blocker", "The Lambda authorizer denied the call"]);
    expect(f.logLines).toEqual([1, 2]);
    expect(d.firstBreak?.code).toBe("AUTHORIZER_ON_METHOD");
  });

  it("AUTHORIZER_ON_METHOD is a blocker for an unsigned call to an AWS_IAM method", () => {
    const d = diagnoseWith({ inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { authorizationType: "AWS_IAM" }))] }) });
    expect(findingOf(d, "AUTHORIZER_ON_METHOD")).toMatchObject({ severity: "blocker", title: "The method needs a SigV4-signed call" });
  });

  it("AUTHORIZER_ON_METHOD warns about a cached authorizer policy on {proxy+}", () => {
    const d = diagnoseWith({
      inventory: buildInventory({
        resources: [resource("/{proxy+}", method("ANY", { authorizationType: "CUSTOM", authorizerId: "au7h01" }))],
        authorizers: [{ id: "au7h01", name: "jwt-check", type: "TOKEN", authorizerResultTtlInSeconds: 300, identitySource: null }],
      }),
      logs: PASSED,
    });
    const f = findingOf(d, "AUTHORIZER_ON_METHOD");
    expect(f.severity).toBe("warning");
    expect(f.title).toBe("'GET /{proxy+}' is protected by a Lambda authorizer");
  });

  it("KEY_SOURCE_AUTHORIZER is a warning when the method has a Lambda authorizer to return the key", () => {
    const d = diagnoseWith({
      inventory: buildInventory({ api: { apiKeySource: "AUTHORIZER" }, resources: [resource("/orders/{id}", method("GET", { authorizationType: "CUSTOM", authorizerId: "au7h01" }))] }),
    });
    expect(findingOf(d, "KEY_SOURCE_AUTHORIZER").severity).toBe("warning");
  });

  it("KEY_UNKNOWN names stray whitespace when the trimmed value is a key", () => {
    const d = diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}' -H 'x-api-key: ${KEY_VALUE} '`) });
    expect(findingOf(d, "KEY_UNKNOWN")).toMatchObject({ severity: "blocker", title: "The key value has stray whitespace" });
  });

  it("KEY_UNKNOWN for a key id that names no key", () => {
    const d = diagnoseWith({ call: chosenCall(), inventory: buildInventory({ reads: { apiKey: ok(null), keyPlans: ok([]) } }) });
    expect(findingOf(d, "KEY_UNKNOWN").title).toBe(`No API key with id ${KEY_ID}`);
  });

  it("PREFLIGHT_REQUIRES_KEY only warns on the GET it does not block", () => {
    const d = diagnoseWith({ inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET"), method("OPTIONS"))] }) });
    expect(findingOf(d, "PREFLIGHT_REQUIRES_KEY").severity).toBe("warning");
    expect(d.verdict).toBe("allowed");
  });
});

describe("the order of the table decides the first break", () => {
  it("STAGE_IN_NO_PLAN before KEY_PLAN_MISSING_STAGE, and its fix adds the stage to the key's plan", () => {
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [SILVER], stagePlans: [] }) });
    expect(codes(d)).toEqual(["STAGE_IN_NO_PLAN", "KEY_PLAN_MISSING_STAGE"]);
    expect(d.firstBreak?.code).toBe("STAGE_IN_NO_PLAN");
    expect(d.firstBreak?.fix.cli).toEqual([`aws apigateway update-usage-plan --usage-plan-id silver01 --patch-operations op=add,path=/apiStages,value=${API_ID}:prod --region ${REGION}`]);
  });

  it("STAGE_IN_NO_PLAN before KEY_IN_NO_PLAN", () => {
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [], stagePlans: [] }) });
    expect(codes(d)).toEqual(["STAGE_IN_NO_PLAN", "KEY_IN_NO_PLAN"]);
    expect(d.firstBreak?.code).toBe("STAGE_IN_NO_PLAN");
  });

  it("KEY_NOT_IN_HEADER before KEY_IN_NO_PLAN", () => {
    const d = diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}' -H 'Authorization: ${KEY_VALUE}'`), inventory: buildInventory({ keyPlans: [] }) });
    expect(codes(d)).toEqual(["KEY_NOT_IN_HEADER", "KEY_IN_NO_PLAN"]);
    expect(d.firstBreak?.code).toBe("KEY_NOT_IN_HEADER");
  });

  it("PREFLIGHT_REQUIRES_KEY, not KEY_MISSING, for a keyless OPTIONS; KEY_MISSING first for a keyless GET", () => {
    const inventory = buildInventory({ key: null, resources: [resource("/orders/{id}", method("GET"), method("OPTIONS"))] });
    const preflight = diagnoseWith({ call: callFromCurl(`curl -X OPTIONS '${ORDER_URL}'`), inventory });
    expect(preflight.firstBreak?.code).toBe("PREFLIGHT_REQUIRES_KEY");
    expect(codes(preflight)).not.toContain("KEY_MISSING");
    const get = diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}'`), inventory });
    expect(get.firstBreak?.code).toBe("KEY_MISSING");
    expect(findingOf(get, "PREFLIGHT_REQUIRES_KEY").severity).toBe("warning");
  });

  it("an earlier hop wins over an earlier-found warning and a later blocker", () => {
    const d = diagnoseWith({ inventory: buildInventory({ stage: { webAclArn: WEB_ACL }, key: { enabled: false }, api: { policy: policy({ ...ALLOW_ALL, Effect: "Deny" }) } }) });
    expect(codes(d)).toEqual(["RESOURCE_POLICY_DENIES", "KEY_DISABLED"]);
    // gatecheck cannot read the ACL's rules: with no line of the call, WAF's answer is unknown, not assumed.
    expect(d.unknownHops.map((u) => u.hop)).toEqual(["waf"]);
    expect(d.firstBreak?.code).toBe("RESOURCE_POLICY_DENIES");
    expect(d.verdict).toBe("forbidden");
  });

  it("KEY_MISSING and KEY_NOT_IN_HEADER are judged at the api-key hop, after the stage, the policy and the authorizer", () => {
    const deny = buildInventory({ api: { policy: policy({ ...ALLOW_ALL, Effect: "Deny" }) } });
    expect(diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}'`), inventory: deny }).firstBreak?.code).toBe("RESOURCE_POLICY_DENIES");
    const noStage = diagnoseWith({ call: callFromCurl(`curl 'https://${API_ID}.execute-api.${REGION}.amazonaws.com/nope/orders/42'`) });
    expect(noStage.firstBreak?.code).toBe("STAGE_NOT_FOUND");
    const iam = buildInventory({ resources: [resource("/orders/{id}", method("GET", { authorizationType: "AWS_IAM" }))] });
    expect(diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}?api_key=${KEY_VALUE}'`), inventory: iam }).firstBreak?.code).toBe("AUTHORIZER_ON_METHOD");
    const privateApi = buildInventory({ api: { endpointTypes: ["PRIVATE"] } });
    expect(diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}'`), inventory: privateApi }).firstBreak?.code).toBe("PRIVATE_API_NEEDS_VPC_ENDPOINT");
    const disabled = buildInventory({ api: { disableExecuteApiEndpoint: true } });
    expect(diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}'`), inventory: disabled }).firstBreak?.code).toBe("EXECUTE_API_ENDPOINT_DISABLED");
  });

  it("a PRIVATE API without a resource policy denies every call, even through its VPC endpoint", () => {
    const d = diagnoseWith({ call: callFromCurl(withKey(`curl '${VPCE_URL}' -H 'x-apigw-api-id: ${API_ID}'`)), inventory: buildInventory({ api: { endpointTypes: ["PRIVATE"], policy: null } }) });
    expect(d.firstBreak?.code).toBe("RESOURCE_POLICY_DENIES");
  });

  it("QUOTA_OR_THROTTLE: when the call itself got 429, the verdict is throttled", () => {
    const d = diagnoseWith({ logs: logsOf(`{"requestId":"${REQ}","status":"429","responseType":"QUOTA_EXCEEDED","apiKeyId":"${KEY_ID}"}`) });
    expect([d.verdict, d.firstBreak?.code]).toEqual(["throttled", "QUOTA_OR_THROTTLE"]);
  });

  it("never green beside refused lines: a passing configuration follows the call's own refusal", () => {
    const logs = logsOf(`
      (${REQ}) Verifying Usage Plan for request: ${REQ}. API Key:  API Stage: ${API_ID}/prod
      (${REQ}) API Key  not authorized because method 'GET /orders/{id}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_ID}/prod: API Key was required but not present
      (${REQ}) Method completed with status: 403`);
    // The key picked would pass: the client is not sending the header.
    const d = diagnoseWith({ call: chosenCall(), logs });
    expect([d.verdict, d.firstBreak?.code]).toEqual(["forbidden", "KEY_MISSING"]);
    expect(d.firstBreak?.detail).toContain("The key you picked would pass");
  });

  it("lines refused for a cause the configuration now passes (a plan fixed since): allowed, saying it changed since", () => {
    const logs = logsOf(`
      (${REQ}) Verifying Usage Plan for request: ${REQ}. API Key: ${MASKED} API Stage: ${API_ID}/prod
      (${REQ}) API Key ${MASKED} not authorized because method 'GET /orders/{id}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_ID}/prod: No Usage Plan found for key and API Stage
      (${REQ}) Method completed with status: 403`);
    const d = diagnoseWith({ call: chosenCall(), logs });
    expect(d.verdict).toBe("allowed");
    expect(d.unknownHops).toEqual([expect.objectContaining({ hop: "request", caveat: true, reason: expect.stringContaining("it changed since") })]);
  });

  it("the resource policy and the key source are judged as deployed: a policy added to the draft but never deployed denies nobody yet", () => {
    const deny = policy({ ...ALLOW_ALL, Effect: "Deny" });
    const undeployed = diagnoseWith({ inventory: buildInventory({ api: { policy: deny }, deployedSettings: { policy: null, apiKeySource: "HEADER" } }) });
    expect(codes(undeployed)).toEqual(["DEPLOYMENT_DRIFT"]);
    expect(findingOf(undeployed, "DEPLOYMENT_DRIFT").evidence[0]).toBe("the draft has a resource policy that was never deployed.");
    const deployed = diagnoseWith({ inventory: buildInventory({ api: { policy: null }, deployedSettings: { policy: deny, apiKeySource: "HEADER" } }) });
    expect(deployed.firstBreak?.code).toBe("RESOURCE_POLICY_DENIES");
    const source = diagnoseWith({ inventory: buildInventory({ api: { apiKeySource: "AUTHORIZER" }, deployedSettings: { policy: null, apiKeySource: "HEADER" } }) });
    expect(codes(source)).not.toContain("KEY_SOURCE_AUTHORIZER");
    expect(findingOf(source, "DEPLOYMENT_DRIFT").evidence[0]).toBe("apiKeySource is AUTHORIZER in the draft but HEADER in the deployment.");
  });

  it("QUOTA_OR_THROTTLE names a per-method throttle of the plan, which applies instead of the plan's own", () => {
    const limited = { ...plan(PLAN_ID, "gold", [`${API_ID}/prod`]), apiStages: [{ apiId: API_ID, stage: "prod", throttle: { "/orders/{id}/GET": { rateLimit: 2, burstLimit: 4 } } }] };
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [limited] }), logs: logsOf(`{"requestId":"${REQ}","status":"429","responseType":"THROTTLED","apiKeyId":"${KEY_ID}"}`) });
    const f = findingOf(d, "QUOTA_OR_THROTTLE");
    expect(f.evidence).toContain("Method throttle of gold for /orders/{id}/GET on prod: 2 requests/s, burst 4 (it applies instead of the plan's).");
    expect(f.fix.summary).toContain("method throttle");
    expect(f.fix.cli.some((c) => c.includes("path=/throttle/"))).toBe(false);
  });

  it("never green beside refused lines, even when no rule can name the cause", () => {
    // The picked key checks out, yet its call was refused after the usage-plan check began, with no verdict line.
    const logs = logsOf(`
      (${REQ}) Verifying Usage Plan for request: ${REQ}. API Key: ${MASKED} API Stage: ${API_ID}/prod
      (${REQ}) Method completed with status: 403`);
    const d = diagnoseWith({ call: chosenCall(), logs });
    expect([d.verdict, d.firstBreak]).toEqual(["forbidden", null]);
    expect(d.unknownHops.map((u) => u.hop)).toEqual(["request"]);
    expect(d.unknownHops[0]?.reason).toContain(`request ${REQ} was refused with 403`);
  });
});

describe("reads that failed make hops unknown", () => {
  const usagePlansDenied = gap("access-denied", "GetUsagePlans", "apigateway:GET /usageplans");

  it("keyPlans denied: usage-plan hop unknown, verdict unknown, DASHBOARD_PERMISSION_MISSING names apigateway:GET /usageplans", () => {
    const d = diagnoseWith({ inventory: buildInventory({ reads: { keyPlans: usagePlansDenied, stagePlans: usagePlansDenied } }) });
    expect(d.unknownHops).toContainEqual({ hop: "usage-plan", reason: "gatecheck may not read the key's usage plans (apigateway:GET /usageplans denied)" });
    expect(d.firstBreak).toBeNull();
    expect(d.verdict).toBe("unknown");
    const permission = findingOf(d, "DASHBOARD_PERMISSION_MISSING");
    expect(permission.severity).toBe("warning");
    expect(permission.evidence).toContain("GetUsagePlans denied: needs apigateway:GET /usageplans.");
    // The same denied action is named once, though two reads hit it.
    expect(permission.title).toBe("gatecheck may not read the key's usage plans");
    expect(permission.evidence).toEqual(["GetUsagePlans denied: needs apigateway:GET /usageplans."]);
  });

  it("a blocker elsewhere still gives a forbidden verdict", () => {
    const d = diagnoseWith({ inventory: buildInventory({ key: { enabled: false }, reads: { keyPlans: usagePlansDenied } }) });
    expect(d.firstBreak?.code).toBe("KEY_DISABLED");
    expect(d.verdict).toBe("forbidden");
  });

  it("a timeout is an unknown hop that says it timed out, and no permission finding", () => {
    const d = diagnoseWith({ inventory: buildInventory({ reads: { deployment: gap("timeout", "GetDeployment", `apigateway:GET /restapis/${API_ID}/deployments/${DEPLOYMENT_ID}`) } }) });
    expect(d.unknownHops).toContainEqual({ hop: "route", reason: "reading the deployed snapshot timed out (GetDeployment)" });
    expect(codes(d)).not.toContain("DASHBOARD_PERMISSION_MISSING");
    expect(d.verdict).toBe("unknown");
  });

  it("throttled stages: the stage hop is unknown", () => {
    const d = diagnoseWith({ inventory: buildInventory({ reads: { stages: gap("throttled", "GetStages", `apigateway:GET /restapis/${API_ID}/stages`) } }) });
    expect(d.unknownHops).toContainEqual({ hop: "stage", reason: "AWS throttled GetStages even after retries" });
    expect(d.verdict).toBe("unknown");
  });

  it("an unknown logging hop does not make the verdict unknown", () => {
    const d = diagnoseWith({ inventory: buildInventory({ reads: { account: gap("other", "GetAccount", "apigateway:GET /account") } }) });
    expect(d.unknownHops).toEqual([{ hop: "logging", reason: "reading the API Gateway account settings failed: InternalFailure" }]);
    expect(d.verdict).toBe("allowed");
  });

  it("the REST API unreadable: verdict unknown", () => {
    const d = diagnoseWith({ inventory: buildInventory({ reads: { restApi: gap("access-denied", "GetRestApi", `apigateway:GET /restapis/${API_ID}`) } }) });
    expect(d.verdict).toBe("unknown");
    expect(findingOf(d, "DASHBOARD_PERMISSION_MISSING").evidence).toEqual([`GetRestApi denied: needs apigateway:GET /restapis/${API_ID}.`]);
  });

  it("execution logs denied: named as logs:FilterLogEvents, log status unreadable", () => {
    const action = `logs:FilterLogEvents arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:API-Gateway-Execution-Logs_${API_ID}/prod`;
    const logs: CallLogs = { status: "unreadable", events: [], gap: { operation: "FilterLogEvents", action, code: "AccessDeniedException", kind: "access-denied", message: "denied" } };
    const d = diagnoseWith({ logs });
    expect(findingOf(d, "DASHBOARD_PERMISSION_MISSING").evidence).toEqual([`FilterLogEvents denied: needs ${action}.`]);
    expect(d.logStatus).toEqual({ status: "unreadable", message: `The execution log could not be read: AccessDeniedException on ${action}.` });
  });
});

describe("deployed snapshot unreadable (deployment.value.routes === null)", () => {
  const DRAFT_NOTE = "Deployed state unreadable; judged from the draft.";

  it("judges from the draft, says so, and never claims drift", () => {
    const d = diagnoseWith({ call: callFromCurl(`curl '${ORDER_URL}'`), inventory: buildInventory({ key: null, deployed: null }) });
    expect(d.firstBreak?.code).toBe("KEY_MISSING");
    expect(d.firstBreak?.evidence).toContain(DRAFT_NOTE);
    expect(codes(d)).not.toContain("DEPLOYMENT_DRIFT");
    expect(d.unknownHops).toEqual([
      { hop: "route", reason: "the stage's deployed snapshot is unreadable (emulators such as moto and LocalStack keep none); routes are judged from the draft", caveat: true },
      { hop: "api-key", reason: "deployed state unreadable: drift cannot be checked", caveat: true },
    ]);
  });

  it("passes when the draft is healthy: allowed, with the caveat beside it (moto, LocalStack keep no snapshot)", () => {
    const d = diagnoseWith({ inventory: buildInventory({ deployed: null }) });
    expect(d.findings).toEqual([]);
    expect(d.verdict).toBe("allowed");
    expect(d.unknownHops.every((u) => u.caveat)).toBe(true);
  });

  it.each<[FindingCode, InventoryOptions]>([
    ["STAGE_IN_NO_PLAN", { keyPlans: [], stagePlans: [] }],
    ["KEY_IN_NO_PLAN", { keyPlans: [] }],
    ["KEY_PLAN_MISSING_STAGE", { keyPlans: [SILVER] }],
    ["KEY_SOURCE_AUTHORIZER", { api: { apiKeySource: "AUTHORIZER" } }],
    ["AUTHORIZER_ON_METHOD", { resources: [resource("/orders/{id}", method("GET", { authorizationType: "AWS_IAM" }))] }],
    ["PREFLIGHT_REQUIRES_KEY", { resources: [resource("/orders/{id}", method("GET"), method("OPTIONS"))] }],
  ])("%s judged from the draft says so", (code, options) => {
    const d = diagnoseWith({ inventory: buildInventory({ ...options, deployed: null }) });
    expect(findingOf(d, code).evidence).toContain(DRAFT_NOTE);
  });

  it("a route only in the draft is served, not ROUTE_NOT_DEPLOYED; a route nowhere is ROUTE_NOT_FOUND from the draft", () => {
    const inventory = buildInventory({ resources: [...DEFAULT_RESOURCES, resource("/orders", method("POST"))], deployed: null });
    expect(codes(diagnoseWith({ call: callFromCurl(withKey(`curl -X POST '${INVOKE_URL}/orders' -d '{}'`)), inventory }))).toEqual([]);
    const missing = findingOf(diagnoseWith({ call: callFromCurl(withKey(`curl '${INVOKE_URL}/customers/7'`)), inventory }), "ROUTE_NOT_FOUND");
    expect(missing.evidence).toContain(DRAFT_NOTE);
  });

  it("KEY_NOT_REQUIRED says the draft is its source", () => {
    const d = diagnoseWith({ inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { apiKeyRequired: false }))], deployed: null }) });
    expect(findingOf(d, "KEY_NOT_REQUIRED").evidence).toEqual(["apiKeyRequired: false (draft)."]);
  });
});
