// State → API Gateway wire JSON, member names exactly as the service model serializes them
// (@aws-sdk/client-api-gateway dist-cjs schemas). Dates are epoch seconds, except API Gateway v2
// (ISO-8601). Optional members are omitted rather than null, as AWS does.
import {
  accountOf,
  type MethodSetting,
  type SimApiKey,
  type SimAuthorizer,
  type SimDeployment,
  type SimDomainName,
  type SimHttpApi,
  type SimMethod,
  type SimResource,
  type SimRestApi,
  type SimStage,
  type SimState,
  type SimUsagePlan,
  type DeployedSnapshot,
  type BasePathMapping,
} from "../state";

/** Spreads `{ [name]: value }` only when the value is present. */
const opt = <K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> => (value === undefined ? {} : ({ [name]: value } as Record<K, V>));

/**
 * AWS returns a REST API's resource policy with its quotes (and slashes) backslash-escaped inside the
 * JSON string: `{\"Version\":\"2012-10-17\",…}` (terraform-provider-aws unquotes it for that reason).
 */
export function escapedPolicy(policy: string): string {
  return JSON.stringify(policy).slice(1, -1).replace(/\//g, "\\/");
}

export function restApiShape(api: SimRestApi) {
  const types = api.endpointConfiguration.types;
  return {
    id: api.id,
    name: api.name,
    ...opt("description", api.description),
    createdDate: api.createdDate,
    apiKeySource: api.apiKeySource,
    endpointConfiguration: {
      types,
      // Private APIs are dualstack-only; the others default to ipv4.
      ipAddressType: types.includes("PRIVATE") ? "dualstack" : "ipv4",
      ...opt("vpcEndpointIds", api.endpointConfiguration.vpcEndpointIds),
    },
    ...opt("policy", api.policy === undefined ? undefined : escapedPolicy(api.policy)),
    ...(Object.keys(api.tags).length > 0 ? { tags: api.tags } : {}),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: api.rootResourceId,
  };
}

/** Method as GetMethod and `embed=methods` return it, with the MOCK integration the simulator runs. */
export function methodShape(resource: SimResource, method: SimMethod) {
  const status = String(method.mockStatus);
  return {
    httpMethod: method.httpMethod,
    authorizationType: method.authorizationType,
    ...opt("authorizerId", method.authorizerId),
    apiKeyRequired: method.apiKeyRequired,
    ...opt("operationName", method.operationName),
    methodResponses: { [status]: { statusCode: status } },
    methodIntegration: {
      type: "MOCK",
      requestTemplates: { "application/json": `{"statusCode": ${status}}` },
      passthroughBehavior: "WHEN_NO_MATCH",
      timeoutInMillis: 29000,
      cacheNamespace: resource.id,
      cacheKeyParameters: [],
      integrationResponses: { [status]: { statusCode: status, responseTemplates: { "application/json": method.mockBody } } },
    },
  };
}

/** Without `embed=methods` AWS lists each verb with an empty object; resources without methods omit the map. */
export function resourceShape(resource: SimResource, embedMethods: boolean) {
  const verbs = Object.keys(resource.methods);
  return {
    id: resource.id,
    ...opt("parentId", resource.parentId),
    ...opt("pathPart", resource.pathPart),
    path: resource.path,
    ...(verbs.length > 0
      ? {
          resourceMethods: Object.fromEntries(Object.entries(resource.methods).map(([verb, method]) => [verb, embedMethods ? methodShape(resource, method) : {}])),
        }
      : {}),
  };
}

/** A method setting with every member AWS fills in, the stored ones taking precedence. */
function methodSettingShape(setting: MethodSetting) {
  return {
    metricsEnabled: false,
    loggingLevel: "OFF",
    dataTraceEnabled: false,
    throttlingBurstLimit: 5000,
    throttlingRateLimit: 10000,
    cachingEnabled: false,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: false,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
    ...setting,
  };
}

export function stageShape(stage: SimStage) {
  return {
    deploymentId: stage.deploymentId,
    stageName: stage.stageName,
    ...opt("description", stage.description),
    cacheClusterEnabled: false,
    cacheClusterStatus: "NOT_AVAILABLE",
    methodSettings: Object.fromEntries(Object.entries(stage.methodSettings).map(([key, setting]) => [key, methodSettingShape(setting)])),
    ...(Object.keys(stage.variables).length > 0 ? { variables: stage.variables } : {}),
    ...opt("accessLogSettings", stage.accessLogSettings),
    tracingEnabled: stage.tracingEnabled,
    ...opt("webAclArn", stage.webAclArn),
    createdDate: stage.createdDate,
    lastUpdatedDate: stage.lastUpdatedDate,
  };
}

/** `apiSummary`: path → verb → what the deployment froze for that method. */
export function apiSummaryOf(snapshot: DeployedSnapshot) {
  return Object.fromEntries(
    snapshot.resources
      .filter((r) => Object.keys(r.methods).length > 0)
      .map((r) => [r.path, Object.fromEntries(Object.values(r.methods).map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }]))]),
  );
}

export function deploymentShape(deployment: SimDeployment, embedApiSummary: boolean) {
  return {
    id: deployment.id,
    ...opt("description", deployment.description),
    createdDate: deployment.createdDate,
    ...(embedApiSummary ? { apiSummary: apiSummaryOf(deployment.snapshot) } : {}),
  };
}

export function authorizerShape(authorizer: SimAuthorizer) {
  return {
    id: authorizer.id,
    name: authorizer.name,
    type: authorizer.type,
    ...opt("providerARNs", authorizer.providerARNs),
    ...opt("authorizerUri", authorizer.authorizerUri),
    ...opt("identitySource", authorizer.identitySource),
    authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
  };
}

export function apiKeyShape(key: SimApiKey, includeValue: boolean) {
  return {
    id: key.id,
    ...(includeValue ? { value: key.value } : {}),
    name: key.name,
    ...opt("customerId", key.customerId),
    ...opt("description", key.description),
    enabled: key.enabled,
    createdDate: key.createdDate,
    lastUpdatedDate: key.lastUpdatedDate,
    stageKeys: [],
  };
}

export function usagePlanShape(plan: SimUsagePlan) {
  return {
    id: plan.id,
    name: plan.name,
    ...opt("description", plan.description),
    apiStages: plan.apiStages,
    ...opt("throttle", plan.throttle),
    ...opt("quota", plan.quota),
  };
}

/** UsagePlanKey: AWS does include the key's value. */
export function usagePlanKeyShape(key: SimApiKey) {
  return { id: key.id, type: "API_KEY", value: key.value, name: key.name };
}

export function domainNameShape(domain: SimDomainName) {
  const edge = domain.endpointType === "EDGE";
  return {
    domainName: domain.domainName,
    ...(edge ? { distributionDomainName: `${domain.regionalDomainName.split(".")[0]}.cloudfront.net`, distributionHostedZoneId: "Z2FDTNDATAQYW2" } : { regionalDomainName: domain.regionalDomainName }),
    endpointConfiguration: { types: [domain.endpointType], ipAddressType: "ipv4" },
    domainNameStatus: "AVAILABLE",
    securityPolicy: "TLS_1_2",
  };
}

export function basePathMappingShape(mapping: BasePathMapping) {
  return { basePath: mapping.basePath, restApiId: mapping.restApiId, stage: mapping.stage };
}

export function accountShape(state: SimState, region: string) {
  const account = accountOf(state, region);
  return {
    ...opt("cloudwatchRoleArn", account.cloudwatchRoleArn),
    throttleSettings: account.throttleSettings,
    features: ["UsagePlans"],
    apiKeyVersion: "4",
  };
}

/** API Gateway v2 `Api`: camelCase wire names, ISO-8601 dates. */
export function httpApiShape(api: SimHttpApi) {
  return {
    apiEndpoint: api.apiEndpoint,
    apiId: api.apiId,
    apiKeySelectionExpression: "$request.header.x-api-key",
    createdDate: new Date(api.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    disableExecuteApiEndpoint: false,
    ipAddressType: "ipv4",
    name: api.name,
    protocolType: api.protocolType,
    routeSelectionExpression: api.protocolType === "HTTP" ? "$request.method $request.path" : "$request.body.action",
    tags: {},
  };
}
