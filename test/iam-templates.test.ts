// The member-account role, as a CloudFormation StackSet template (iam/gatecheck-member-role.cfn.json) and as a
// Terraform module (iam/terraform), grants exactly iam/gatecheck-readonly.json (which test/iam-policy.test.ts keeps in
// step with lib/aws), trusts only the hub principal and only with the external id, and nothing in either writes. The
// hub's own policy (iam/gatecheck-hub.json) only assumes that role. The optional write role of write mode
// (iam/gatecheck-fix-role.cfn.json, CloudFormation only) is made the same way from iam/gatecheck-fix.json, which
// test/iam-fix-policy.test.ts keeps in step with lib/fixes. Static checks: nothing here talks to AWS.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixPolicyFile, fixRoleTemplateFile, memberRoleTemplateFile, readOnlyPolicyFile, renderFixRoleTemplate, renderMemberRoleTemplate } from "../scripts/iam-templates";
import { READ_ACTION, list, root, type PolicyDocument } from "./iam";

const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), "utf8");
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;

type Template = {
  Description: string;
  Parameters: Record<
    string,
    { Type: string; Description?: string; Default?: string | number; NoEcho?: boolean; AllowedPattern?: string; MinLength?: number; MaxLength?: number; MinValue?: number; MaxValue?: number }
  >;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown }>;
};

const readOnly = readJson<PolicyDocument>(readOnlyPolicyFile);
const hub = JSON.parse(read("iam", "gatecheck-hub.json")) as PolicyDocument;
const template = readJson<Template>(memberRoleTemplateFile);
const tf = { main: read("iam", "terraform", "main.tf"), variables: read("iam", "terraform", "variables.tf"), outputs: read("iam", "terraform", "outputs.tf") };

/** The body of `variable "name" { … }` in variables.tf. */
const variableBlock = (name: string) => new RegExp(`variable "${name}" \\{([\\s\\S]*?)\\n\\}`).exec(tf.variables)?.[1] ?? "";

/** Every value under `key` anywhere in a JSON value. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v, key));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

const TEMPLATES = [
  {
    name: "the member-account role's",
    file: memberRoleTemplateFile,
    render: renderMemberRoleTemplate,
    policy: readOnly,
    policyFile: "iam/gatecheck-readonly.json",
    resource: "GatecheckReadOnlyRole",
    roleName: "gatecheck-readonly",
    description: /ONE region per account/,
    /** What its policy may allow: reads only. */
    allowed: READ_ACTION,
  },
  {
    name: "the write role's (optional, write mode)",
    file: fixRoleTemplateFile,
    render: renderFixRoleTemplate,
    policy: readJson<PolicyDocument>(fixPolicyFile),
    policyFile: "iam/gatecheck-fix.json",
    resource: "GatecheckFixRole",
    roleName: "gatecheck-fix",
    description: /GATECHECK_WRITE_ROLE_ARN[\s\S]*read-only role stays as it is[\s\S]*plain stack/,
    /** The writes of lib/fixes (test/iam-fix-policy.test.ts), never a wildcard. */
    allowed: /^apigateway:(POST|PATCH|DELETE)$/,
  },
];

describe.each(TEMPLATES)("$name CloudFormation template", (t) => {
  const template = readJson<Template>(t.file);
  const role = template.Resources[t.resource]!;
  const rolePolicies = role.Properties.Policies as { PolicyName: string; PolicyDocument: PolicyDocument }[];
  const trust = role.Properties.AssumeRolePolicyDocument as PolicyDocument;

  it(`is what scripts/iam-templates.ts makes of ${t.policyFile} (after changing the policy: npx tsx scripts/iam-templates.ts)`, () => {
    expect(fs.readFileSync(t.file, "utf8")).toBe(t.render());
  });

  it(`grants ${t.policyFile} statement by statement, and nothing else`, () => {
    expect(rolePolicies).toHaveLength(1);
    expect(rolePolicies[0]!.PolicyName).toBe(t.roleName);
    const granted = rolePolicies[0]!.PolicyDocument;
    expect(granted.Version).toBe(t.policy.Version);
    expect(granted.Statement).toHaveLength(t.policy.Statement.length);
    t.policy.Statement.forEach((statement, i) => expect(granted.Statement[i], statement.Sid).toEqual(statement));
    // No managed policies, no other IAM resources, no permissions boundary games: the role is the whole template.
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(["AWS::IAM::Role"]);
    expect(Object.keys(role.Properties).sort()).toEqual(["AssumeRolePolicyDocument", "Description", "MaxSessionDuration", "Policies", "RoleName"]);
  });

  it("is assumable only by the principal parameter, only with the external id", () => {
    expect(trust.Statement).toHaveLength(1);
    const [statement] = trust.Statement;
    expect(statement).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRole" });
    expect(statement!.Principal).toEqual({ AWS: { Ref: "GatecheckPrincipalArn" } });
    expect(statement!.Condition).toEqual({ StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } });
    expect(JSON.stringify(trust)).not.toMatch(/NotPrincipal|NotAction|"\*"/);
  });

  it(`allows only ${t.allowed.source}: no wildcard, no other verb, no Not* tricks (a Deny only narrows the write role)`, () => {
    const granted = rolePolicies[0]!.PolicyDocument.Statement;
    const actions = granted.flatMap((s) => list(s.Action));
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action, action).toMatch(t.allowed);
    // The write role's one Deny takes back what IAM's "*" would grant beneath its paths (test/iam-fix-policy.test.ts).
    expect(granted.filter((s) => s.Effect !== "Allow").map((s) => s.Sid)).toEqual(t.roleName === "gatecheck-fix" ? ["GatecheckFixNothingBeneath"] : []);
    // Across the whole template, the only other action is the trust's AssumeRole.
    expect(new Set(valuesOf(template, "Action").flatMap((a) => list(a as string | string[])))).toEqual(new Set([...actions, "sts:AssumeRole"]));
    expect(valuesOf(template, "NotAction")).toEqual([]);
    expect(valuesOf(template, "NotResource")).toEqual([]);
  });

  it("takes the principal, a NoEcho external id, the role name and the session length; every Ref resolves", () => {
    const p = template.Parameters;
    expect(Object.keys(p).sort()).toEqual(["ExternalId", "GatecheckPrincipalArn", "MaxSessionDuration", "RoleName"]);
    expect(p.ExternalId).toMatchObject({ Type: "String", NoEcho: true, MinLength: 2, MaxLength: 1224 });
    expect(p.RoleName).toMatchObject({ Type: "String", Default: t.roleName });
    expect(p.MaxSessionDuration).toMatchObject({ Type: "Number", Default: 3600, MinValue: 3600, MaxValue: 43200 });
    expect(p.GatecheckPrincipalArn!.Default).toBeUndefined();
    expect(p.ExternalId!.Default).toBeUndefined();
    for (const ref of valuesOf(template, "Ref")) expect([...Object.keys(p), ...Object.keys(template.Resources)]).toContain(ref);
    expect(template.Outputs.RoleArn!.Value).toEqual({ "Fn::GetAtt": [t.resource, "Arn"] });
    expect(template.Description).toMatch(t.description);
    expect(Buffer.byteLength(template.Description)).toBeLessThanOrEqual(1024); // CloudFormation's limit
  });
});

describe("the two roles' templates", () => {
  it("take the same principal and external id parameters (one trust for both), and differ in name, policy and role", () => {
    const [member, fix] = TEMPLATES.map((t) => readJson<Template>(t.file));
    const { RoleName: _m, ...memberParameters } = member!.Parameters;
    const { RoleName: _f, ...fixParameters } = fix!.Parameters;
    const withoutDescriptions = (p: Template["Parameters"]) => Object.fromEntries(Object.entries(p).map(([k, { Description: _d, ...rest }]) => [k, rest]));
    expect(withoutDescriptions(fixParameters)).toEqual(withoutDescriptions(memberParameters));
    expect(member!.Parameters.RoleName!.Default).not.toBe(fix!.Parameters.RoleName!.Default);
    expect(Object.keys(member!.Resources)).not.toEqual(Object.keys(fix!.Resources));
  });
});

describe("the member-account role's Terraform module", () => {
  it("reads the policy from iam/gatecheck-readonly.json itself", () => {
    const files = [...tf.main.matchAll(/file\("\$\{path\.module\}\/([^"]+)"\)/g)].map((m) => path.resolve(root, "iam", "terraform", m[1]!));
    expect(files).toEqual([readOnlyPolicyFile]);
    expect(tf.main).toMatch(/resource "aws_iam_role_policy" "gatecheck_readonly" \{[^}]*policy\s*=\s*jsonencode\(jsondecode\(file\(/);
    // Nothing attaches more than that file.
    expect(tf.main).not.toMatch(/aws_iam_role_policy_attachment|managed_policy_arns|aws_iam_policy"|inline_policy|permissions_boundary/);
  });

  it("trusts the principal variable only, with the sts:ExternalId condition", () => {
    const trustBlock = /data "aws_iam_policy_document" "trust" \{([\s\S]*?)\n\}/.exec(tf.main)?.[1] ?? "";
    expect(trustBlock).toMatch(/effect\s*=\s*"Allow"/);
    expect(trustBlock).toMatch(/actions\s*=\s*\["sts:AssumeRole"\]/);
    expect(trustBlock).toMatch(/principals \{\s*type\s*=\s*"AWS"\s*identifiers\s*=\s*\[var\.gatecheck_principal_arn\]\s*\}/);
    expect(trustBlock).toMatch(/condition \{\s*test\s*=\s*"StringEquals"\s*variable\s*=\s*"sts:ExternalId"\s*values\s*=\s*\[var\.external_id\]\s*\}/);
    expect(trustBlock.match(/statement \{/g)).toHaveLength(1);
    expect(tf.main).toMatch(/assume_role_policy\s*=\s*data\.aws_iam_policy_document\.trust\.json/);
  });

  it("declares every variable it uses, keeps the external id sensitive, and has the template's defaults", () => {
    const declared = [...tf.variables.matchAll(/^variable "(\w+)"/gm)].map((m) => m[1]);
    const used = new Set([...`${tf.main}${tf.outputs}`.matchAll(/\bvar\.(\w+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...declared].sort());
    expect(variableBlock("external_id")).toMatch(/sensitive\s*=\s*true/);
    expect(variableBlock("role_name")).toMatch(new RegExp(`default\\s*=\\s*"${template.Parameters.RoleName!.Default}"`));
    expect(variableBlock("max_session_duration")).toMatch(new RegExp(`default\\s*=\\s*${template.Parameters.MaxSessionDuration!.Default}\\b`));
    expect(tf.outputs).toMatch(/output "role_arn" \{[^}]*value\s*=\s*aws_iam_role\.gatecheck_readonly\.arn/);
  });

  it("accepts and refuses the same principals and external ids as the template", () => {
    const tfAccepts = (name: string) => {
      const block = variableBlock(name);
      const source = /regex\("((?:[^"\\]|\\.)*)"/.exec(block)?.[1];
      expect(source, name).toBeDefined();
      const pattern = new RegExp(source!.replace(/\\(.)/g, "$1")); // HCL's string escapes
      const min = Number(new RegExp(`length\\(var\\.${name}\\) >= (\\d+)`).exec(block)?.[1] ?? 0);
      const max = Number(new RegExp(`length\\(var\\.${name}\\) <= (\\d+)`).exec(block)?.[1] ?? Infinity);
      return (v: string) => pattern.test(v) && v.length >= min && v.length <= max;
    };
    const cfn = (name: string) => {
      const p = template.Parameters[name]!;
      const pattern = new RegExp(p.AllowedPattern!);
      return (v: string) => pattern.test(v) && v.length >= (p.MinLength ?? 0) && v.length <= (p.MaxLength ?? Infinity);
    };
    const principals: [string, boolean][] = [
      ["arn:aws:iam::111111111111:role/gatecheck", true],
      ["arn:aws:iam::111111111111:role/service-role/gatecheck-hub", true],
      ["arn:aws:iam::111111111111:user/gatecheck", true],
      ["arn:aws:iam::111111111111:root", true],
      ["arn:aws-us-gov:iam::111111111111:role/gatecheck", true],
      ["*", false],
      ["111111111111", false],
      ["arn:aws:iam::*:role/gatecheck", false],
      ["arn:aws:sts::111111111111:assumed-role/gatecheck/session", false],
    ];
    const externalIds: [string, boolean][] = [
      ["a1B2-c3_d4=e5.f6@g7:h8/i9+j0,k", true],
      ["ab", true],
      ["x".repeat(1224), true],
      ["a", false],
      ["x".repeat(1225), false],
      ["has space", false],
      ["", false],
    ];
    for (const [value, ok] of principals) {
      expect(cfn("GatecheckPrincipalArn")(value), value).toBe(ok);
      expect(tfAccepts("gatecheck_principal_arn")(value), value).toBe(ok);
    }
    for (const [value, ok] of externalIds) {
      expect(cfn("ExternalId")(value), value).toBe(ok);
      expect(tfAccepts("external_id")(value), value).toBe(ok);
    }
  });
});

describe("the hub's policy", () => {
  it("only assumes the member role, by the template's default name, in any account", () => {
    expect(hub.Statement).toHaveLength(1);
    expect(hub.Statement[0]).toMatchObject({ Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::*:role/${template.Parameters.RoleName!.Default}` });
  });
});
