// Finding the objects a call names, in the caller's region, with AWS's NotFoundException messages.
import { notFound } from "../http";
import { findRestApi, type SimApiKey, type SimAuthorizer, type SimDeployment, type SimDomainName, type SimMethod, type SimResource, type SimRestApi, type SimStage, type SimUsagePlan } from "../state";
import { param, type Call } from "./wire";

export function restApiOf(call: Call): SimRestApi {
  const id = param(call, "restApiId");
  const api = findRestApi(call.state, call.req.region, id);
  if (!api) throw notFound(`Invalid API identifier specified ${call.state.accountId}:${id}`);
  return api;
}

export function stageOf(api: SimRestApi, stageName: string): SimStage {
  const stage = api.stages.find((s) => s.stageName === stageName);
  if (!stage) throw notFound("Invalid Stage identifier specified");
  return stage;
}

export function deploymentOf(api: SimRestApi, deploymentId: string): SimDeployment {
  const deployment = api.deployments.find((d) => d.id === deploymentId);
  if (!deployment) throw notFound("Invalid Deployment identifier specified");
  return deployment;
}

export function authorizerOf(api: SimRestApi, authorizerId: string): SimAuthorizer {
  const authorizer = api.authorizers.find((a) => a.id === authorizerId);
  if (!authorizer) throw notFound("Invalid Authorizer identifier specified");
  return authorizer;
}

/** AWS answers an unknown API on method calls with the resource message, not the API one. */
export function methodOf(call: Call): { api: SimRestApi; resource: SimResource; method: SimMethod } {
  const api = findRestApi(call.state, call.req.region, param(call, "restApiId"));
  const resource = api?.resources.find((r) => r.id === param(call, "resourceId"));
  if (!api || !resource) throw notFound("Invalid Resource identifier specified");
  const method = resource.methods[param(call, "httpMethod")];
  if (!method) throw notFound("Invalid Method identifier specified");
  return { api, resource, method };
}

export function apiKeyOf(call: Call, keyId: string): SimApiKey {
  const key = call.state.apiKeys.find((k) => k.region === call.req.region && k.id === keyId);
  if (!key) throw notFound("Invalid API Key identifier specified");
  return key;
}

export function usagePlanOf(call: Call): SimUsagePlan {
  const id = param(call, "usagePlanId");
  const plan = call.state.usagePlans.find((p) => p.region === call.req.region && p.id === id);
  if (!plan) throw notFound("Invalid Usage Plan ID specified");
  return plan;
}

export function domainNameOf(call: Call): SimDomainName {
  const name = param(call, "domainName");
  const domain = call.state.domainNames.find((d) => d.region === call.req.region && d.domainName === name);
  if (!domain) throw notFound("Invalid domain name identifier specified");
  return domain;
}
