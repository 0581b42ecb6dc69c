// Writes the CloudFormation templates of gatecheck's roles from their policy documents, so the two can't drift:
// iam/gatecheck-member-role.cfn.json (for a StackSet), the read-only role gatecheck assumes in each member account,
// from iam/gatecheck-readonly.json; and iam/gatecheck-fix-role.cfn.json, the optional write role of write mode
// (GATECHECK_WRITE_ROLE_ARN), from iam/gatecheck-fix.json. After changing a policy run `npx tsx scripts/iam-templates.ts`;
// test/iam-templates.test.ts fails until the committed templates are what this writes. The Terraform module
// (iam/terraform, the read-only role only) reads the same JSON file itself.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
export const readOnlyPolicyFile = path.join(root, "iam", "gatecheck-readonly.json");
export const memberRoleTemplateFile = path.join(root, "iam", "gatecheck-member-role.cfn.json");
export const fixPolicyFile = path.join(root, "iam", "gatecheck-fix.json");
export const fixRoleTemplateFile = path.join(root, "iam", "gatecheck-fix-role.cfn.json");

/** What tells one role's template from the other's: the rest (trust, parameters) is the same. */
interface RoleSpec {
  description: string;
  resource: string;
  roleName: string;
  roleDescription: string;
  output: string;
  externalIdDescription: string;
  roleNameDescription: string;
  /** Where the policy comes from, for the "generated from" sentence. */
  policyFile: string;
}

const MEMBER_ROLE: RoleSpec = {
  description:
    "gatecheck's read-only role in a member account, assumable only from the hub principal with the external id. " +
    "IAM is global: deploy the StackSet to ONE region per account (a second region fails, the role name is taken).",
  resource: "GatecheckReadOnlyRole",
  roleName: "gatecheck-readonly",
  roleDescription: "gatecheck reads API Gateway, its logs and metrics to explain 403s",
  output: "roleArn for this account in gatecheck.config.json",
  externalIdDescription: "The external id gatecheck sends with AssumeRole (externalId in gatecheck.config.json). Use a long random value.",
  roleNameDescription: "The role's name, the same in every account (the hub may assume arn:aws:iam::*:role/<this name>).",
  policyFile: "iam/gatecheck-readonly.json",
};

const FIX_ROLE: RoleSpec = {
  description:
    "Optional: gatecheck's write role for write mode (GATECHECK_WRITE_ROLE_ARN), allowed only the API Gateway calls that apply a finding's fix, " +
    "assumable only from the principal gatecheck runs as with the external id (GATECHECK_WRITE_EXTERNAL_ID). " +
    "The read-only role stays as it is. IAM is global: create it once, as a plain stack in the account whose APIs gatecheck may fix.",
  resource: "GatecheckFixRole",
  roleName: "gatecheck-fix",
  roleDescription: "gatecheck applies a finding's fix to API Gateway when someone clicks Apply (write mode)",
  output: "GATECHECK_WRITE_ROLE_ARN",
  externalIdDescription: "The external id gatecheck sends with AssumeRole (GATECHECK_WRITE_EXTERNAL_ID). Use a long random value, not the read-only role's.",
  roleNameDescription: "The role's name (GATECHECK_WRITE_ROLE_ARN is arn:aws:iam::<account id>:role/<this name>).",
  policyFile: "iam/gatecheck-fix.json",
};

function roleTemplate(spec: RoleSpec, policy: unknown): object {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `${spec.description} Generated from ${spec.policyFile} by scripts/iam-templates.ts; do not edit by hand.`,
    Parameters: {
      GatecheckPrincipalArn: {
        Type: "String",
        Description: "The hub role (or user, or account root) gatecheck runs as, e.g. arn:aws:iam::111111111111:role/gatecheck. A role or user must exist before the stack is created.",
        AllowedPattern: "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+)$",
        ConstraintDescription: "an IAM role, user or account-root ARN",
      },
      ExternalId: {
        Type: "String",
        NoEcho: true,
        Description: spec.externalIdDescription,
        MinLength: 2,
        MaxLength: 1224,
        AllowedPattern: "^[\\w+=,.@:/-]+$",
        ConstraintDescription: "2 to 1224 characters: letters, digits and _+=,.@:/-",
      },
      RoleName: {
        Type: "String",
        Default: spec.roleName,
        Description: spec.roleNameDescription,
        AllowedPattern: "^[\\w+=,.@-]{1,64}$",
      },
      MaxSessionDuration: {
        Type: "Number",
        Default: 3600,
        MinValue: 3600,
        MaxValue: 43200,
        Description: "Seconds. More than 3600 helps only when the hub runs with long-term credentials: a role assuming a role (role chaining) gets one hour at most.",
      },
    },
    Resources: {
      [spec.resource]: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: { Ref: "RoleName" },
          Description: spec.roleDescription,
          MaxSessionDuration: { Ref: "MaxSessionDuration" },
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "GatecheckHubWithExternalId",
                Effect: "Allow",
                Principal: { AWS: { Ref: "GatecheckPrincipalArn" } },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
              },
            ],
          },
          Policies: [{ PolicyName: spec.roleName, PolicyDocument: policy }],
        },
      },
    },
    Outputs: {
      RoleArn: { Description: spec.output, Value: { "Fn::GetAtt": [spec.resource, "Arn"] } },
    },
  };
}

/** The read-only member role's template for a policy document (the parsed gatecheck-readonly.json). */
export function memberRoleTemplate(policy: unknown): object {
  return roleTemplate(MEMBER_ROLE, policy);
}

/** The write role's template for a policy document (the parsed gatecheck-fix.json). */
export function fixRoleTemplate(policy: unknown): object {
  return roleTemplate(FIX_ROLE, policy);
}

const render = (template: object) => JSON.stringify(template, null, 2) + "\n";
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"));

/** The templates' text as committed. */
export function renderMemberRoleTemplate(): string {
  return render(memberRoleTemplate(readJson(readOnlyPolicyFile)));
}

export function renderFixRoleTemplate(): string {
  return render(fixRoleTemplate(readJson(fixPolicyFile)));
}

if (process.argv[1] && /iam-templates\.ts$/.test(process.argv[1])) {
  for (const [file, text] of [
    [memberRoleTemplateFile, renderMemberRoleTemplate()],
    [fixRoleTemplateFile, renderFixRoleTemplate()],
  ] as const) {
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(root, file)}`);
  }
}
