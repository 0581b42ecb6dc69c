// iam/gatecheck-readonly.json must allow exactly the reads lib/aws issues: each action string passed to
// lib/aws's `read`/`readOrNull` (the single place that names what an AWS call needs) is covered, every
// statement of the policy is used by one, and nothing in it writes. The S3 calls of the shared stores (snapshots,
// audit events) are allowed by iam/gatecheck-shared-store.json instead, on the one bucket and prefix.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
type Policy = { Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[] };
const policyFile = (name: string) => JSON.parse(fs.readFileSync(path.join(root, "iam", name), "utf8")) as Policy;
const policy = policyFile("gatecheck-readonly.json");
const sharedStorePolicy = policyFile("gatecheck-shared-store.json");
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** `read("Op", \`apigateway:GET /restapis/${apiId}/stages\`, …)` → ["apigateway:GET", "/restapis/*\/stages"] */
function actionsInLibAws(): { operation: string; action: string; resource: string }[] {
  const dir = path.join(root, "lib", "aws");
  const found: { operation: string; action: string; resource: string }[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    for (const m of source.matchAll(/read(?:OrNull)?\(\s*"(\w+)",\s*[`"]([a-z0-9-]+:\w+)(?: ([^`"]*))?[`"]/g)) {
      found.push({ operation: m[1]!, action: m[2]!, resource: (m[3] ?? "*").replace(/\$\{[^}]+\}/g, "*") });
    }
    // Actions built into a variable first (StartQuery/GetQueryResults).
    for (const m of source.matchAll(/Action = [`"]([a-z-]+:\w+)(?: ([^`"$]*))?/g)) found.push({ operation: m[1]!.split(":")[1]!, action: m[1]!, resource: "*" });
  }
  return found;
}

function glob(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(value);
}

function allows(action: string, resource: string): boolean {
  return policy.Statement.some(
    (s) =>
      s.Effect === "Allow" &&
      list(s.Action).includes(action) &&
      list(s.Resource).some((r) => (action.startsWith("apigateway:") ? glob(r, `arn:aws:apigateway:us-east-1::${resource}`) : r === "*" || glob(r, resource))),
  );
}

/**
 * AWS asks no permission for these: "No permissions are required to perform this operation" (STS API reference,
 * GetCallerIdentity; an explicit Deny does not stop it either). Write mode uses it to check its credentials' account.
 */
const NEEDS_NO_PERMISSION = new Set(["sts:GetCallerIdentity"]);
const used = actionsInLibAws().filter((u) => !NEEDS_NO_PERMISSION.has(u.action));
const reads = used.filter((u) => !u.action.startsWith("s3:"));
const storeCalls = used.filter((u) => u.action.startsWith("s3:"));

describe("the read-only IAM policy", () => {
  it("finds the calls lib/aws makes", () => {
    const operations = used.map((u) => u.operation);
    for (const op of ["GetRestApis", "GetRestApi", "GetStages", "GetResources", "GetDeployment", "GetUsagePlans", "GetApiKey", "GetAccount", "FilterLogEvents", "GetMetricData"]) {
      expect(operations).toContain(op);
    }
  });

  it.each(reads.map((u) => [u.operation, u.action, u.resource]))("allows %s (%s %s)", (_operation, action, resource) => {
    expect(allows(action, resource)).toBe(true);
  });

  it("has no statement that no call needs", () => {
    for (const statement of policy.Statement) {
      for (const action of list(statement.Action)) {
        expect(
          reads.some((u) => u.action === action),
          `${action} is never called`,
        ).toBe(true);
        if (!action.startsWith("apigateway:")) continue;
        for (const resource of list(statement.Resource)) {
          expect(
            used.some((u) => u.action === action && glob(resource, `arn:aws:apigateway:us-east-1::${u.resource}`)),
            `${resource} is never read`,
          ).toBe(true);
        }
      }
    }
  });

  it("only reads", () => {
    const actions = policy.Statement.flatMap((s) => list(s.Action));
    expect(actions.every((a) => a === "apigateway:GET" || /^logs:(FilterLogEvents|GetLogEvents|StartQuery|GetQueryResults|DescribeLogGroups)$/.test(a) || a === "cloudwatch:GetMetricData")).toBe(true);
    expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
  });
});

describe("the shared store's bucket policy", () => {
  const actions = sharedStorePolicy.Statement.flatMap((s) => list(s.Action));

  it("allows every S3 call of the stores, and only those (KMS is S3's own call on gatecheck's behalf, with SSE-KMS)", () => {
    expect(storeCalls.map((u) => u.operation).sort()).toEqual(["GetObject", "HeadBucket", "ListObjectsV2", "PutObject"]);
    expect(new Set(actions)).toEqual(new Set([...storeCalls.map((u) => u.action), "kms:GenerateDataKey", "kms:Decrypt"]));
  });

  it("holds to gatecheck's prefix of one bucket", () => {
    for (const statement of sharedStorePolicy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith("s3:")))) {
      expect(list(statement.Resource).every((r) => r.startsWith("arn:aws:s3:::YOUR-BUCKET"))).toBe(true);
    }
  });
});
