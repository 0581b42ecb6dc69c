// Write mode's IAM, both sides. iam/gatecheck-fix.json (the write credentials' policy) allows exactly the writes of
// lib/fixes/calls.ts WRITE_PERMISSIONS, (action, resource pattern) pair for pair, and each call's concrete permission
// (permissionOf) falls under it. The read side — iam/gatecheck-readonly.json, the member role's template made from
// it, and the hub's policy — allows no write at all: adding one fails here. Static checks: nothing talks to AWS.
import { describe, expect, it } from "vitest";
import { WRITE_PERMISSIONS, permissionOf } from "@/lib/fixes/calls";
import type { WriteCall, WriteOperation } from "@/lib/fixes/types";
import { READ_ACTION, iamGlob, list, readIamJson, type PolicyDocument, type Statement } from "./iam";

const fix = readIamJson("gatecheck-fix.json");
const readOnly = readIamJson("gatecheck-readonly.json");
const hub = readIamJson("gatecheck-hub.json");
const memberTemplate = readIamJson<{ Resources: Record<string, { Properties: { Policies?: { PolicyDocument: PolicyDocument }[] } }> }>("gatecheck-member-role.cfn.json");
const fixTemplate = readIamJson<{ Parameters: { RoleName: { Default: string } } }>("gatecheck-fix-role.cfn.json");

/** One call of each operation, with ids as AWS makes them. */
const SAMPLES: { [O in WriteOperation]: Extract<WriteCall, { operation: O }> } = {
  UpdateApiKey: { operation: "UpdateApiKey", input: { apiKey: "a7j7lbbshd", patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] } },
  CreateUsagePlanKey: { operation: "CreateUsagePlanKey", input: { usagePlanId: "x1y2z3", keyId: "a7j7lbbshd", keyType: "API_KEY" } },
  DeleteUsagePlanKey: { operation: "DeleteUsagePlanKey", input: { usagePlanId: "x1y2z3", keyId: "a7j7lbbshd" } },
  UpdateUsagePlan: { operation: "UpdateUsagePlan", input: { usagePlanId: "x1y2z3", patchOperations: [{ op: "add", path: "/apiStages", value: "f5wtgte5ml:prod" }] } },
  CreateDeployment: { operation: "CreateDeployment", input: { restApiId: "f5wtgte5ml", stageName: "prod", description: "gatecheck fix" } },
  UpdateStage: { operation: "UpdateStage", input: { restApiId: "f5wtgte5ml", stageName: "prod", patchOperations: [{ op: "replace", path: "/*/*/logging/loglevel", value: "INFO" }] } },
  UpdateMethod: {
    operation: "UpdateMethod",
    input: { restApiId: "f5wtgte5ml", resourceId: "k2x8pq", httpMethod: "GET", patchOperations: [{ op: "replace", path: "/apiKeyRequired", value: "true" }] },
  },
};
const operations = Object.keys(WRITE_PERMISSIONS) as WriteOperation[];

/** Every (action, resource) pair a document allows, as `action resource`. */
const allowedPairs = (policy: PolicyDocument) => policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => list(s.Action).flatMap((a) => list(s.Resource).map((r) => `${a} ${r}`)));

const matches = (s: Statement, action: string, resource: string) => list(s.Action).some((a) => iamGlob(a, action)) && list(s.Resource).some((r) => iamGlob(r, resource));
/** Does the policy allow `action` on `resource`, by IAM's wildcards (an explicit Deny wins)? */
const allows = (policy: PolicyDocument, action: string, resource: string) =>
  policy.Statement.some((s) => s.Effect === "Allow" && matches(s, action, resource)) && !policy.Statement.some((s) => s.Effect === "Deny" && matches(s, action, resource));

/** Anything that would widen a statement beyond what it lists. */
const loosenings = (s: Statement) => ["NotAction", "NotResource", "NotPrincipal", "Condition", "Principal"].filter((k) => k in s);

describe("the write policy (iam/gatecheck-fix.json)", () => {
  it("allows exactly the (action, resource pattern) pairs of WRITE_PERMISSIONS: no more, no fewer", () => {
    const expected = operations.map((o) => `apigateway:${WRITE_PERMISSIONS[o].method} arn:aws:apigateway:*::${WRITE_PERMISSIONS[o].pattern}`);
    const allowed = allowedPairs(fix);
    expect(new Set(allowed).size, "a pair listed twice").toBe(allowed.length);
    expect([...allowed].sort()).toEqual([...new Set(expected)].sort());
  });

  it("has one Allow statement per action and one Deny, each with a Sid of its own, nothing that widens it", () => {
    expect(fix.Version).toBe("2012-10-17");
    const allowStatements = fix.Statement.filter((s) => s.Effect === "Allow");
    const actions = allowStatements.map((s) => list(s.Action));
    expect(actions.every((a) => a.length === 1)).toBe(true);
    expect(new Set(actions.flat()).size).toBe(allowStatements.length);
    expect(fix.Statement.filter((s) => s.Effect === "Deny").map((s) => s.Sid)).toEqual(["GatecheckFixNothingBeneath"]);
    expect(new Set(actions.flat())).toEqual(new Set(operations.map((o) => `apigateway:${WRITE_PERMISSIONS[o].method}`)));
    for (const statement of fix.Statement) {
      expect(statement.Sid, JSON.stringify(statement)).toMatch(/^Gatecheck[A-Za-z0-9]+$/);
      expect(loosenings(statement), statement.Sid).toEqual([]);
    }
    expect(new Set(fix.Statement.map((s) => s.Sid)).size).toBe(fix.Statement.length);
  });

  it.each(operations)("allows %s: its call's permission (permissionOf) falls under its own action's statement", (operation) => {
    const { action, resource } = permissionOf(SAMPLES[operation], "eu-west-1");
    expect(action).toBe(`apigateway:${WRITE_PERMISSIONS[operation].method}`);
    expect(resource).toMatch(/^arn:aws:apigateway:eu-west-1::\/[a-z]/);
    // the call's own pattern covers its concrete path (path() and pattern agree)
    expect(iamGlob(`arn:aws:apigateway:*::${WRITE_PERMISSIONS[operation].pattern}`, resource), resource).toBe(true);
    const matching = fix.Statement.filter((s) => s.Effect === "Allow" && list(s.Action).includes(action) && list(s.Resource).some((r) => iamGlob(r, resource)));
    expect(matching, `${action} ${resource}`).toHaveLength(1);
    expect(allows(fix, action, resource), `${action} ${resource}`).toBe(true);
    // and no other verb is allowed on it, but for one: IAM's * spans "/", so UpdateUsagePlan's /usageplans/* covers …/keys (no PATCH exists there)
    const otherVerbs = ["apigateway:GET", "apigateway:PUT", "apigateway:POST", "apigateway:PATCH", "apigateway:DELETE"].filter((v) => v !== action && allows(fix, v, resource));
    expect(otherVerbs).toEqual(/::\/usageplans\/[^/]+\/keys$/.test(resource) ? ["apigateway:PATCH"] : []);
  });

  it('denies the writes IAM\'s * would let through beneath the same paths (it spans "/"), and allows no other API Gateway write', () => {
    const r = (path: string) => `arn:aws:apigateway:us-east-1::${path}`;
    const method = "/restapis/f5wtgte5ml/resources/k2x8pq/methods/GET";
    const deniedBeneath: [string, string, string][] = [
      ["UpdateUsage", "apigateway:PATCH", "/usageplans/x1y2z3/keys/a7j7lbbshd/usage"],
      ["UpdateMethodResponse", "apigateway:PATCH", `${method}/responses/200`],
      ["UpdateIntegration", "apigateway:PATCH", `${method}/integration`],
      ["UpdateIntegrationResponse", "apigateway:PATCH", `${method}/integration/responses/200`],
    ];
    const notCovered: [string, string, string][] = [
      ["CreateApiKey", "apigateway:POST", "/apikeys"],
      ["DeleteApiKey", "apigateway:DELETE", "/apikeys/a7j7lbbshd"],
      ["CreateUsagePlan", "apigateway:POST", "/usageplans"],
      ["DeleteUsagePlan", "apigateway:DELETE", "/usageplans/x1y2z3"],
      ["CreateRestApi", "apigateway:POST", "/restapis"],
      ["UpdateRestApi", "apigateway:PATCH", "/restapis/f5wtgte5ml"],
      ["PutRestApi", "apigateway:PUT", "/restapis/f5wtgte5ml"],
      ["DeleteRestApi", "apigateway:DELETE", "/restapis/f5wtgte5ml"],
      ["CreateStage", "apigateway:POST", "/restapis/f5wtgte5ml/stages"],
      ["DeleteStage", "apigateway:DELETE", "/restapis/f5wtgte5ml/stages/prod"],
      ["FlushStageCache", "apigateway:DELETE", "/restapis/f5wtgte5ml/stages/prod/cache/data"],
      ["UpdateDeployment", "apigateway:PATCH", "/restapis/f5wtgte5ml/deployments/m6aqec"],
      ["DeleteDeployment", "apigateway:DELETE", "/restapis/f5wtgte5ml/deployments/m6aqec"],
      ["UpdateResource", "apigateway:PATCH", "/restapis/f5wtgte5ml/resources/k2x8pq"],
      ["PutMethod", "apigateway:PUT", method],
      ["DeleteMethod", "apigateway:DELETE", method],
      ["PutIntegration", "apigateway:PUT", `${method}/integration`],
      ["UpdateAuthorizer", "apigateway:PATCH", "/restapis/f5wtgte5ml/authorizers/abc123"],
      ["UpdateGatewayResponse", "apigateway:PATCH", "/restapis/f5wtgte5ml/gatewayresponses/INVALID_API_KEY"],
      ["UpdateAccount", "apigateway:PATCH", "/account"],
      ["UpdateDomainName", "apigateway:PATCH", "/domainnames/api.example.com"],
      ["CreateBasePathMapping", "apigateway:POST", "/domainnames/api.example.com/basepathmappings"],
      ["CreateVpcLink", "apigateway:POST", "/vpclinks"],
      ["TagResource", "apigateway:PUT", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Ff5wtgte5ml"],
    ];
    for (const [name, action, path] of deniedBeneath) expect(allows(fix, action, r(path)), name).toBe(false);
    for (const [name, action, path] of notCovered) expect(allows(fix, action, r(path)), name).toBe(false);
  });

  it("grants no read and nothing outside API Gateway", () => {
    for (const action of fix.Statement.flatMap((s) => list(s.Action))) {
      expect(action).toMatch(/^apigateway:(POST|PATCH|DELETE)$/);
      expect(action).not.toMatch(READ_ACTION);
    }
    expect(allows(fix, "apigateway:GET", "arn:aws:apigateway:us-east-1::/apikeys/a7j7lbbshd")).toBe(false);
  });
});

/** The read side: what gatecheck's own (read) credentials and the member accounts' roles are given. */
const READ_SIDE: [string, PolicyDocument][] = [
  ["iam/gatecheck-readonly.json", readOnly],
  ...Object.entries(memberTemplate.Resources).flatMap(([name, r]) =>
    (r.Properties.Policies ?? []).map((p, i): [string, PolicyDocument] => [`iam/gatecheck-member-role.cfn.json ${name} policy ${i}`, p.PolicyDocument]),
  ),
  ["iam/gatecheck-hub.json", hub],
];

describe("the read side allows no write", () => {
  it("the read check itself refuses every write, and every wildcard", () => {
    const writes = [
      ...operations.map((o) => `apigateway:${WRITE_PERMISSIONS[o].method}`),
      "apigateway:PUT",
      "apigateway:*",
      "apigateway:G*",
      "*",
      "logs:*",
      "logs:Put*",
      "logs:PutRetentionPolicy",
      "logs:PutSubscriptionFilter",
      "logs:CreateLogGroup",
      "logs:CreateExportTask",
      "logs:DeleteLogGroup",
      "logs:Get*",
      "cloudwatch:*",
      "cloudwatch:PutMetricData",
      "cloudwatch:DeleteAlarms",
      "iam:PassRole",
      "sts:*",
    ];
    for (const action of writes) expect(action, action).not.toMatch(READ_ACTION);
    for (const action of ["apigateway:GET", "logs:FilterLogEvents", "logs:DescribeLogGroups", "logs:StartQuery", "logs:StopQuery", "logs:GetQueryResults", "cloudwatch:GetMetricData"]) {
      expect(action, action).toMatch(READ_ACTION);
    }
  });

  it.each(READ_SIDE)("%s: only reads, Allow only, no Not* tricks", (_file, policy) => {
    expect(policy.Statement.length).toBeGreaterThan(0);
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe("Allow");
      expect(
        Object.keys(statement).filter((k) => k.startsWith("Not")),
        statement.Sid,
      ).toEqual([]);
      for (const action of list(statement.Action)) {
        // The hub's one permission: assuming the read-only role (never the write role: see below)
        if (policy === hub && action === "sts:AssumeRole") continue;
        expect(action, `${statement.Sid}: ${action}`).toMatch(READ_ACTION);
      }
    }
  });

  it("the hub may assume the read-only role, not the write role", () => {
    const fixRoleArn = `arn:aws:iam::222222222222:role/${fixTemplate.Parameters.RoleName.Default}`;
    expect(allows(hub, "sts:AssumeRole", "arn:aws:iam::222222222222:role/gatecheck-readonly")).toBe(true);
    expect(allows(hub, "sts:AssumeRole", fixRoleArn)).toBe(false);
  });

  it.each(operations)("no read-side document allows %s on its call's resource", (operation) => {
    const { action, resource } = permissionOf(SAMPLES[operation], "us-east-1");
    for (const [file, policy] of READ_SIDE) expect(allows(policy, action, resource), `${file}: ${action} ${resource}`).toBe(false);
  });
});
