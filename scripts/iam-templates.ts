// Writes iam/gatecheck-member-role.cfn.json, the CloudFormation template (for a StackSet) of the role gatecheck
// assumes in each member account, from iam/gatecheck-readonly.json: the role's policy is that file, so the two can't
// drift. After changing the policy run `npx tsx scripts/iam-templates.ts`; test/iam-templates.test.ts fails until the
// committed template is what this writes. The Terraform module (iam/terraform) reads the same JSON file itself.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
export const readOnlyPolicyFile = path.join(root, "iam", "gatecheck-readonly.json");
export const memberRoleTemplateFile = path.join(root, "iam", "gatecheck-member-role.cfn.json");

/** The template for a policy document (the parsed gatecheck-readonly.json). */
export function memberRoleTemplate(policy: unknown): object {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "gatecheck's read-only role in a member account, assumable only from the hub principal with the external id. " +
      "IAM is global: deploy the StackSet to ONE region per account (a second region fails, the role name is taken). " +
      "Generated from iam/gatecheck-readonly.json by scripts/iam-templates.ts; do not edit by hand.",
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
        Description: "The external id gatecheck sends with AssumeRole (externalId in gatecheck.config.json). Use a long random value.",
        MinLength: 2,
        MaxLength: 1224,
        AllowedPattern: "^[\\w+=,.@:/-]+$",
        ConstraintDescription: "2 to 1224 characters: letters, digits and _+=,.@:/-",
      },
      RoleName: {
        Type: "String",
        Default: "gatecheck-readonly",
        Description: "The role's name, the same in every account (the hub may assume arn:aws:iam::*:role/<this name>).",
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
      GatecheckReadOnlyRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: { Ref: "RoleName" },
          Description: "gatecheck reads API Gateway, its logs and metrics to explain 403s",
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
          Policies: [{ PolicyName: "gatecheck-readonly", PolicyDocument: policy }],
        },
      },
    },
    Outputs: {
      RoleArn: { Description: "roleArn for this account in gatecheck.config.json", Value: { "Fn::GetAtt": ["GatecheckReadOnlyRole", "Arn"] } },
    },
  };
}

/** The template's text as committed. */
export function renderMemberRoleTemplate(): string {
  return JSON.stringify(memberRoleTemplate(JSON.parse(fs.readFileSync(readOnlyPolicyFile, "utf8"))), null, 2) + "\n";
}

if (process.argv[1] && /iam-templates\.ts$/.test(process.argv[1])) {
  fs.writeFileSync(memberRoleTemplateFile, renderMemberRoleTemplate());
  console.log(`wrote ${path.relative(root, memberRoleTemplateFile)}`);
}
