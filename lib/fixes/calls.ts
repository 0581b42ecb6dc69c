// Each write call as an AWS CLI command and as the IAM permission it needs: the one table iam/gatecheck-fix.json
// is checked against (test/iam-fix-policy.test.ts).
import { shellQuote as q } from "@/lib/diagnosis/fixes";
import type { PatchOperation, PlannedCall, WriteCall, WriteOperation } from "./types";

/** The HTTP method and path of each operation (the service model's `http` trait): IAM's action and resource. */
export const WRITE_PERMISSIONS: { [O in WriteOperation]: { method: "PATCH" | "POST" | "DELETE"; path: (input: Extract<WriteCall, { operation: O }>["input"]) => string; pattern: string } } = {
  UpdateApiKey: { method: "PATCH", path: (i) => `/apikeys/${i.apiKey}`, pattern: "/apikeys/*" },
  CreateUsagePlanKey: { method: "POST", path: (i) => `/usageplans/${i.usagePlanId}/keys`, pattern: "/usageplans/*/keys" },
  DeleteUsagePlanKey: { method: "DELETE", path: (i) => `/usageplans/${i.usagePlanId}/keys/${i.keyId}`, pattern: "/usageplans/*/keys/*" },
  UpdateUsagePlan: { method: "PATCH", path: (i) => `/usageplans/${i.usagePlanId}`, pattern: "/usageplans/*" },
  CreateDeployment: { method: "POST", path: (i) => `/restapis/${i.restApiId}/deployments`, pattern: "/restapis/*/deployments" },
  UpdateStage: { method: "PATCH", path: (i) => `/restapis/${i.restApiId}/stages/${i.stageName}`, pattern: "/restapis/*/stages/*" },
  UpdateMethod: { method: "PATCH", path: (i) => `/restapis/${i.restApiId}/resources/${i.resourceId}/methods/${i.httpMethod}`, pattern: "/restapis/*/resources/*/methods/*" },
};

export function permissionOf(call: WriteCall, region: string): PlannedCall["iam"] {
  const permission = WRITE_PERMISSIONS[call.operation] as { method: string; path: (input: WriteCall["input"]) => string };
  return { action: `apigateway:${permission.method}`, resource: `arn:aws:apigateway:${region}::${permission.path(call.input)}` };
}

const patches = (operations: PatchOperation[]) => ["--patch-operations", ...operations.map((p) => q(`op=${p.op},path=${p.path}${p.value !== undefined ? `,value=${p.value}` : ""}`))];

/** The same call as an AWS CLI command, values quoted for a POSIX shell. */
function cliOf(call: WriteCall, region: string): string {
  const args = ((): string[] => {
    switch (call.operation) {
      case "UpdateApiKey":
        return ["update-api-key", "--api-key", q(call.input.apiKey), ...patches(call.input.patchOperations)];
      case "CreateUsagePlanKey":
        return ["create-usage-plan-key", "--usage-plan-id", q(call.input.usagePlanId), "--key-id", q(call.input.keyId), "--key-type", "API_KEY"];
      case "DeleteUsagePlanKey":
        return ["delete-usage-plan-key", "--usage-plan-id", q(call.input.usagePlanId), "--key-id", q(call.input.keyId)];
      case "UpdateUsagePlan":
        return ["update-usage-plan", "--usage-plan-id", q(call.input.usagePlanId), ...patches(call.input.patchOperations)];
      case "CreateDeployment":
        return ["create-deployment", "--rest-api-id", q(call.input.restApiId), "--stage-name", q(call.input.stageName), "--description", q(call.input.description)];
      case "UpdateStage":
        return ["update-stage", "--rest-api-id", q(call.input.restApiId), "--stage-name", q(call.input.stageName), ...patches(call.input.patchOperations)];
      case "UpdateMethod":
        return ["update-method", "--rest-api-id", q(call.input.restApiId), "--resource-id", q(call.input.resourceId), "--http-method", call.input.httpMethod, ...patches(call.input.patchOperations)];
    }
  })();
  return `aws apigateway ${args.join(" ")} --region ${region}`;
}

export const planned = (call: WriteCall, summary: string, region: string): PlannedCall => ({ call, summary, cli: cliOf(call, region), iam: permissionOf(call, region) });
