import "server-only";
import {
  GetAccountCommand,
  GetApiKeyCommand,
  GetAuthorizersCommand,
  GetDeploymentCommand,
  GetExportCommand,
  GetGatewayResponsesCommand,
  GetRestApiCommand,
  GetStagesCommand,
  paginateGetApiKeys,
  paginateGetBasePathMappings,
  paginateGetResources,
  paginateGetRestApis,
  paginateGetUsagePlans,
  paginateGetUsagePlanKeys,
  GetUsagePlanCommand,
  GetUsageCommand,
  type ApiKey as SdkApiKey,
  type RestApi as SdkRestApi,
  type Stage as SdkStage,
  type UsagePlan as SdkUsagePlan,
} from "@aws-sdk/client-api-gateway";
import { timingSafeEqual, createHash } from "node:crypto";
import { maskKeyValue } from "@/lib/logs/mask";
import { GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import type { AwsClients } from "./clients";
import { collect, read, readOrNull } from "./read";
import type {
  QuotaUsage,
  StageExport,
  Account,
  ApiKey,
  AuthorizationType,
  Authorizer,
  BasePathMapping,
  DeployedRoutes,
  Deployment,
  EndpointType,
  GatewayResponse,
  HttpApi,
  LoggingLevel,
  Resource,
  RestApi,
  Stage,
  UsagePlan,
} from "./types";

const PAGE_SIZE = 500;

const isoDate = (d: Date | undefined): string | null => (d ? d.toISOString() : null);

export function toRestApi(api: SdkRestApi): RestApi {
  return {
    id: api.id ?? "",
    name: api.name ?? "",
    description: api.description ?? null,
    createdDate: isoDate(api.createdDate),
    apiKeySource: api.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    endpointTypes: (api.endpointConfiguration?.types ?? ["EDGE"]) as EndpointType[],
    vpcEndpointIds: api.endpointConfiguration?.vpcEndpointIds ?? [],
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
    policy: api.policy ? decodePolicy(api.policy) : null,
  };
}

/** AWS returns the resource policy with its quotes backslash-escaped; emulators often do not. */
export function decodePolicy(policy: string): string {
  try {
    JSON.parse(policy);
    return policy;
  } catch {
    return policy.replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  }
}

export function toStage(apiId: string, stage: SdkStage): Stage {
  const methodSettings: Stage["methodSettings"] = {};
  for (const [key, setting] of Object.entries(stage.methodSettings ?? {})) {
    methodSettings[key] = { loggingLevel: (setting.loggingLevel as LoggingLevel | undefined) ?? null, dataTraceEnabled: setting.dataTraceEnabled ?? false };
  }
  return {
    apiId,
    name: stage.stageName ?? "",
    deploymentId: stage.deploymentId ?? null,
    createdDate: isoDate(stage.createdDate),
    lastUpdatedDate: isoDate(stage.lastUpdatedDate),
    methodSettings,
    accessLogSettings:
      stage.accessLogSettings?.destinationArn && stage.accessLogSettings.format ? { destinationArn: stage.accessLogSettings.destinationArn, format: stage.accessLogSettings.format } : null,
    webAclArn: stage.webAclArn ?? null,
  };
}

export function listRestApis(clients: AwsClients): Promise<RestApi[]> {
  return read("GetRestApis", "apigateway:GET /restapis", async () => (await collect(paginateGetRestApis({ client: clients.apigateway, pageSize: PAGE_SIZE }, {}), (p) => p.items)).map(toRestApi));
}

export function getStages(clients: AwsClients, apiId: string): Promise<Stage[]> {
  return read("GetStages", `apigateway:GET /restapis/${apiId}/stages`, async () => {
    const out = await clients.apigateway.send(new GetStagesCommand({ restApiId: apiId }));
    return (out.item ?? []).map((s) => toStage(apiId, s));
  });
}

export function listHttpApis(clients: AwsClients): Promise<HttpApi[]> {
  return read("GetApis", "apigateway:GET /apis", async () => {
    const apis: HttpApi[] = [];
    let nextToken: string | undefined;
    do {
      // GetApis has no SDK paginator.
      const page = await clients.apigatewayv2.send(new GetApisCommand({ MaxResults: "500", NextToken: nextToken }));
      for (const api of page.Items ?? []) {
        apis.push({ id: api.ApiId ?? "", name: api.Name ?? "", protocolType: api.ProtocolType ?? "HTTP", apiEndpoint: api.ApiEndpoint ?? null });
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return apis;
  });
}

export function getRestApi(clients: AwsClients, apiId: string): Promise<RestApi | null> {
  return readOrNull("GetRestApi", `apigateway:GET /restapis/${apiId}`, async () => toRestApi(await clients.apigateway.send(new GetRestApiCommand({ restApiId: apiId }))));
}

const authorizationType = (value: string | undefined): AuthorizationType => (value === "AWS_IAM" || value === "CUSTOM" || value === "COGNITO_USER_POOLS" ? value : "NONE");

/** The draft's resources with their methods (one call per 500 resources). */
export function getResources(clients: AwsClients, apiId: string): Promise<Resource[]> {
  return read("GetResources", `apigateway:GET /restapis/${apiId}/resources`, async () => {
    const items = await collect(paginateGetResources({ client: clients.apigateway, pageSize: PAGE_SIZE }, { restApiId: apiId, embed: ["methods"] }), (p) => p.items);
    return items.map((r) => ({
      id: r.id ?? "",
      path: r.path ?? "/",
      methods: Object.entries(r.resourceMethods ?? {}).map(([verb, m]) => ({
        httpMethod: m.httpMethod ?? verb,
        authorizationType: authorizationType(m.authorizationType),
        authorizerId: m.authorizerId ?? null,
        apiKeyRequired: m.apiKeyRequired ?? false,
      })),
    }));
  });
}

/** The deployment a stage serves, with its own route snapshot from `embed=apisummary` when the service returns it. */
export function getDeployment(clients: AwsClients, apiId: string, deploymentId: string): Promise<Deployment | null> {
  return readOrNull("GetDeployment", `apigateway:GET /restapis/${apiId}/deployments/${deploymentId}`, async () => {
    const d = await clients.apigateway.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId, embed: ["apisummary"] }));
    let routes: DeployedRoutes | null = null;
    if (d.apiSummary && Object.keys(d.apiSummary).length > 0) {
      routes = {};
      for (const [path, verbs] of Object.entries(d.apiSummary)) {
        routes[path] = {};
        for (const [verb, summary] of Object.entries(verbs)) {
          routes[path][verb] = { apiKeyRequired: summary.apiKeyRequired ?? false, authorizationType: authorizationType(summary.authorizationType) };
        }
      }
    }
    return {
      id: d.id ?? deploymentId,
      createdDate: isoDate(d.createdDate),
      description: d.description ?? null,
      routes,
      routesSource: routes ? "apiSummary" : null,
      settings: null,
    };
  });
}

const OPENAPI_VERBS = ["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"];

/**
 * What a stage serves, from its OpenAPI export with API Gateway's extensions: the routes (key requirement from
 * `security: api_key`; the fallback when `apiSummary` is absent), and the resource policy and key source that
 * were deployed — AWS applies those on deployment, so the draft's may differ.
 */
export function getStageExport(clients: AwsClients, apiId: string, stage: string): Promise<StageExport | null> {
  return readOrNull("GetExport", `apigateway:GET /restapis/${apiId}/stages/${stage}/exports/oas30`, async () => {
    const out = await clients.apigateway.send(new GetExportCommand({ restApiId: apiId, stageName: stage, exportType: "oas30", parameters: { extensions: "apigateway" }, accepts: "application/json" }));
    const doc = JSON.parse(new TextDecoder().decode(out.body)) as {
      paths?: Record<string, Record<string, { security?: Record<string, unknown>[]; "x-amazon-apigateway-auth"?: { type?: string } }>>;
      components?: { securitySchemes?: Record<string, { type?: string; in?: string; name?: string; "x-amazon-apigateway-authtype"?: string }> };
      "x-amazon-apigateway-policy"?: unknown;
      "x-amazon-apigateway-api-key-source"?: string;
    };
    const schemes = doc.components?.securitySchemes ?? {};
    const routes: DeployedRoutes = {};
    for (const [path, operations] of Object.entries(doc.paths ?? {})) {
      for (const [verb, operation] of Object.entries(operations)) {
        if (!OPENAPI_VERBS.includes(verb)) continue;
        const names = (operation.security ?? []).flatMap((req) => Object.keys(req));
        const apiKeyRequired = names.some((n) => schemes[n]?.type === "apiKey" && schemes[n]?.name?.toLowerCase() === "x-api-key" && !schemes[n]?.["x-amazon-apigateway-authtype"]);
        const custom = names.some((n) => schemes[n]?.["x-amazon-apigateway-authtype"] !== undefined && schemes[n]?.["x-amazon-apigateway-authtype"] !== "awsSigv4");
        const iam = names.some((n) => schemes[n]?.["x-amazon-apigateway-authtype"] === "awsSigv4");
        (routes[path] ??= {})[verb === "x-amazon-apigateway-any-method" ? "ANY" : verb.toUpperCase()] = {
          apiKeyRequired,
          authorizationType: iam ? "AWS_IAM" : custom ? "CUSTOM" : "NONE",
        };
      }
    }
    const source = doc["x-amazon-apigateway-api-key-source"];
    const policy = doc["x-amazon-apigateway-policy"];
    return {
      routes: Object.keys(routes).length > 0 ? routes : null,
      policy: policy === undefined ? null : JSON.stringify(policy),
      apiKeySource: source === "HEADER" || source === "AUTHORIZER" ? source : null,
    };
  });
}

export function toApiKey(key: SdkApiKey): ApiKey {
  return {
    id: key.id ?? "",
    name: key.name ?? "",
    enabled: key.enabled ?? false,
    maskedValue: key.value ? maskKeyValue(key.value) : null,
    createdDate: isoDate(key.createdDate),
    lastUpdatedDate: isoDate(key.lastUpdatedDate),
    customerId: key.customerId ?? null,
  };
}

export function getApiKey(clients: AwsClients, keyId: string): Promise<ApiKey | null> {
  return readOrNull("GetApiKey", `apigateway:GET /apikeys/${keyId}`, async () => toApiKey(await clients.apigateway.send(new GetApiKeyCommand({ apiKey: keyId, includeValue: true }))));
}

function toUsagePlan(plan: SdkUsagePlan): UsagePlan {
  return {
    id: plan.id ?? "",
    name: plan.name ?? "",
    apiStages: (plan.apiStages ?? []).map((s) => ({
      apiId: s.apiId ?? "",
      stage: s.stage ?? "",
      ...(s.throttle && Object.keys(s.throttle).length
        ? { throttle: Object.fromEntries(Object.entries(s.throttle).map(([method, t]) => [method, { burstLimit: t.burstLimit ?? null, rateLimit: t.rateLimit ?? null }])) }
        : {}),
    })),
    throttle: plan.throttle ? { burstLimit: plan.throttle.burstLimit ?? null, rateLimit: plan.throttle.rateLimit ?? null } : null,
    quota: plan.quota?.limit !== undefined ? { limit: plan.quota.limit, period: plan.quota.period ?? "DAY" } : null,
  };
}

/** Usage plans, all of them or only those holding one key (`keyId` filter: one call for any account size). */
export function getUsagePlans(clients: AwsClients, keyId?: string): Promise<UsagePlan[]> {
  return read("GetUsagePlans", "apigateway:GET /usageplans", async () =>
    (await collect(paginateGetUsagePlans({ client: clients.apigateway, pageSize: PAGE_SIZE }, keyId ? { keyId } : {}), (p) => p.items)).map(toUsagePlan),
  );
}

/** One usage plan by id, or null when it no longer exists. */
export function getUsagePlan(clients: AwsClients, planId: string): Promise<UsagePlan | null> {
  return readOrNull("GetUsagePlan", `apigateway:GET /usageplans/${planId}`, async () => toUsagePlan(await clients.apigateway.send(new GetUsagePlanCommand({ usagePlanId: planId }))));
}

/** The keys a usage plan holds: ids and names only (the plan's keys are listed without values). */
export function getUsagePlanKeys(clients: AwsClients, planId: string): Promise<{ id: string; name: string }[]> {
  return read("GetUsagePlanKeys", `apigateway:GET /usageplans/${planId}/keys`, async () =>
    (await collect(paginateGetUsagePlanKeys({ client: clients.apigateway, pageSize: PAGE_SIZE }, { usagePlanId: planId }), (p) => p.items)).map((k) => ({ id: k.id ?? "", name: k.name ?? "" })),
  );
}

/** Today's use of a plan's quota by one key (GetUsage reports `[used, remaining]` per UTC day). */
export function getQuotaUsage(clients: AwsClients, planId: string, keyId: string, now = new Date()): Promise<QuotaUsage> {
  const today = now.toISOString().slice(0, 10);
  return read("GetUsage", `apigateway:GET /usageplans/${planId}/usage`, async () => {
    const out = await clients.apigateway.send(new GetUsageCommand({ usagePlanId: planId, keyId, startDate: today, endDate: today }));
    const [used, remaining] = out.items?.[keyId]?.at(-1) ?? [0, null];
    return { planId, keyId, day: today, usedToday: used ?? 0, remaining: remaining ?? null };
  });
}

export function getAccount(clients: AwsClients): Promise<Account> {
  return read("GetAccount", "apigateway:GET /account", async () => {
    const account = await clients.apigateway.send(new GetAccountCommand({}));
    return { cloudwatchRoleArn: account.cloudwatchRoleArn || null };
  });
}

export function getAuthorizers(clients: AwsClients, apiId: string): Promise<Authorizer[]> {
  return read("GetAuthorizers", `apigateway:GET /restapis/${apiId}/authorizers`, async () => {
    const out = await clients.apigateway.send(new GetAuthorizersCommand({ restApiId: apiId, limit: PAGE_SIZE }));
    return (out.items ?? []).map((a) => ({
      id: a.id ?? "",
      name: a.name ?? "",
      type: a.type ?? "TOKEN",
      authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? null,
      identitySource: a.identitySource ?? null,
    }));
  });
}

export function getGatewayResponses(clients: AwsClients, apiId: string): Promise<GatewayResponse[]> {
  return read("GetGatewayResponses", `apigateway:GET /restapis/${apiId}/gatewayresponses`, async () => {
    const out = await clients.apigateway.send(new GetGatewayResponsesCommand({ restApiId: apiId, limit: PAGE_SIZE }));
    return (out.items ?? []).map((r) => ({ responseType: r.responseType ?? "", statusCode: r.statusCode ?? null, defaultResponse: r.defaultResponse ?? true }));
  });
}

export function getBasePathMappings(clients: AwsClients, domainName: string): Promise<BasePathMapping[] | null> {
  return readOrNull("GetBasePathMappings", `apigateway:GET /domainnames/${domainName}/basepathmappings`, async () =>
    (await collect(paginateGetBasePathMappings({ client: clients.apigateway, pageSize: PAGE_SIZE }, { domainName }), (p) => p.items)).map((m) => ({
      basePath: m.basePath ?? "(none)",
      restApiId: m.restApiId ?? "",
      stage: m.stage ?? null,
    })),
  );
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Finds the key whose value was presented, comparing server-side in constant time; also the key the value
 * matches once trimmed of spaces and newlines (a classic near-miss). Values never leave this function.
 */
export function findApiKeyByValue(clients: AwsClients, value: string): Promise<{ exact: ApiKey | null; trimmed: ApiKey | null }> {
  return read("GetApiKeys", "apigateway:GET /apikeys", async () => {
    const wanted = digest(value);
    const wantedTrimmed = digest(value.trim());
    let exact: ApiKey | null = null;
    let trimmed: ApiKey | null = null;
    for await (const page of paginateGetApiKeys({ client: clients.apigateway, pageSize: PAGE_SIZE }, { includeValues: true })) {
      for (const key of page.items ?? []) {
        if (!key.value) continue;
        const candidate = digest(key.value);
        if (!exact && timingSafeEqual(candidate, wanted)) exact = toApiKey(key);
        else if (!trimmed && value.trim() !== value && timingSafeEqual(candidate, wantedTrimmed)) trimmed = toApiKey(key);
      }
    }
    return { exact, trimmed };
  });
}

/** Every API key of the region, values masked here (one call per 500 keys). */
export function listApiKeys(clients: AwsClients): Promise<ApiKey[]> {
  return read("GetApiKeys", "apigateway:GET /apikeys", async () =>
    (await collect(paginateGetApiKeys({ client: clients.apigateway, pageSize: PAGE_SIZE }, { includeValues: true }), (p) => p.items)).map(toApiKey),
  );
}
