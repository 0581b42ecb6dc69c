// Routes an API Gateway control-plane request (REST-JSON, `/restapis…`, `/usageplans…`, `/v2/apis`) to
// its operation by HTTP method and URI template, exactly as the service model declares them.
import type { Operation } from "../context";
import { AwsError, type SimRequest } from "../http";
import { getAccount, getBasePathMappings, getDomainName, getDomainNames, updateAccount } from "./handlers/account";
import { createUsagePlanKey, deleteUsagePlanKey, getApiKey, getApiKeys, getUsage, getUsagePlan, getUsagePlanKeys, getUsagePlans, updateApiKey, updateUsagePlan } from "./handlers/keys";
import { getAuthorizer, getAuthorizers, getGatewayResponse, getGatewayResponses, getMethod, getResources, getRestApi, getRestApis, updateMethod, updateRestApi } from "./handlers/restapis";
import { createDeployment, getDeployment, getDeployments, getExport, getStage, getStages, updateStage } from "./handlers/stages";
import { getApis } from "./handlers/v2";
import type { Handler } from "./wire";

interface Route {
  method: string;
  /** URI template of the service model, `{label}` for one path segment. */
  template: string;
  name: string;
  handler: Handler;
}

const ROUTES: Route[] = [
  { method: "GET", template: "/restapis", name: "GetRestApis", handler: getRestApis },
  { method: "GET", template: "/restapis/{restApiId}", name: "GetRestApi", handler: getRestApi },
  { method: "PATCH", template: "/restapis/{restApiId}", name: "UpdateRestApi", handler: updateRestApi },
  { method: "GET", template: "/restapis/{restApiId}/resources", name: "GetResources", handler: getResources },
  { method: "GET", template: "/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}", name: "GetMethod", handler: getMethod },
  { method: "PATCH", template: "/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}", name: "UpdateMethod", handler: updateMethod },
  { method: "GET", template: "/restapis/{restApiId}/stages", name: "GetStages", handler: getStages },
  { method: "GET", template: "/restapis/{restApiId}/stages/{stageName}", name: "GetStage", handler: getStage },
  { method: "PATCH", template: "/restapis/{restApiId}/stages/{stageName}", name: "UpdateStage", handler: updateStage },
  { method: "GET", template: "/restapis/{restApiId}/stages/{stageName}/exports/{exportType}", name: "GetExport", handler: getExport },
  { method: "GET", template: "/restapis/{restApiId}/deployments", name: "GetDeployments", handler: getDeployments },
  { method: "POST", template: "/restapis/{restApiId}/deployments", name: "CreateDeployment", handler: createDeployment },
  { method: "GET", template: "/restapis/{restApiId}/deployments/{deploymentId}", name: "GetDeployment", handler: getDeployment },
  { method: "GET", template: "/restapis/{restApiId}/authorizers", name: "GetAuthorizers", handler: getAuthorizers },
  { method: "GET", template: "/restapis/{restApiId}/authorizers/{authorizerId}", name: "GetAuthorizer", handler: getAuthorizer },
  { method: "GET", template: "/restapis/{restApiId}/gatewayresponses", name: "GetGatewayResponses", handler: getGatewayResponses },
  { method: "GET", template: "/restapis/{restApiId}/gatewayresponses/{responseType}", name: "GetGatewayResponse", handler: getGatewayResponse },
  { method: "GET", template: "/apikeys", name: "GetApiKeys", handler: getApiKeys },
  { method: "GET", template: "/apikeys/{apiKey}", name: "GetApiKey", handler: getApiKey },
  { method: "PATCH", template: "/apikeys/{apiKey}", name: "UpdateApiKey", handler: updateApiKey },
  { method: "GET", template: "/usageplans", name: "GetUsagePlans", handler: getUsagePlans },
  { method: "GET", template: "/usageplans/{usagePlanId}", name: "GetUsagePlan", handler: getUsagePlan },
  { method: "PATCH", template: "/usageplans/{usagePlanId}", name: "UpdateUsagePlan", handler: updateUsagePlan },
  { method: "GET", template: "/usageplans/{usagePlanId}/keys", name: "GetUsagePlanKeys", handler: getUsagePlanKeys },
  { method: "POST", template: "/usageplans/{usagePlanId}/keys", name: "CreateUsagePlanKey", handler: createUsagePlanKey },
  { method: "DELETE", template: "/usageplans/{usagePlanId}/keys/{keyId}", name: "DeleteUsagePlanKey", handler: deleteUsagePlanKey },
  { method: "GET", template: "/usageplans/{usagePlanId}/usage", name: "GetUsage", handler: getUsage },
  { method: "GET", template: "/account", name: "GetAccount", handler: getAccount },
  { method: "PATCH", template: "/account", name: "UpdateAccount", handler: updateAccount },
  { method: "GET", template: "/domainnames", name: "GetDomainNames", handler: getDomainNames },
  { method: "GET", template: "/domainnames/{domainName}", name: "GetDomainName", handler: getDomainName },
  { method: "GET", template: "/domainnames/{domainName}/basepathmappings", name: "GetBasePathMappings", handler: getBasePathMappings },
  { method: "GET", template: "/v2/apis", name: "GetApis", handler: getApis },
];

const segmentsOf = (path: string) => path.split("/").filter(Boolean);
const COMPILED = ROUTES.map((route) => ({ ...route, segments: segmentsOf(route.template) }));

function match(segments: string[], template: string[]): Record<string, string> | undefined {
  if (segments.length !== template.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const actual = segments[i] ?? "";
    const label = /^\{(\w+)\}$/.exec(part)?.[1];
    if (label) params[label] = safeDecode(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The IAM resource AWS names in AccessDenied messages: `arn:aws:apigateway:{region}::{path}`
 * (API Gateway v2 paths drop the `/v2` prefix: `::/apis`).
 */
function iamResource(req: SimRequest): string {
  return `arn:aws:apigateway:${req.region}::${req.path.replace(/^\/v2(?=\/)/, "")}`;
}

export function routeApiGateway(req: SimRequest): Operation {
  const segments = segmentsOf(req.path);
  const action = `apigateway:${req.method}`;
  const resource = iamResource(req);
  for (const route of COMPILED) {
    if (route.method !== req.method) continue;
    const params = match(segments, route.segments);
    if (!params) continue;
    return { name: route.name, action, resource, run: (ctx) => route.handler({ req, state: ctx.state, now: ctx.now(), params }) };
  }
  return {
    name: "Unknown",
    action,
    resource,
    run: () => {
      throw new AwsError(404, "UnknownOperationException", `No API Gateway operation matches ${req.method} ${req.path}`);
    },
  };
}
