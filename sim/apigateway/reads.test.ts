// Control-plane reads through the real AWS SDK clients and paginators.
import {
  GetAccountCommand,
  GetApiKeyCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetExportCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetStagesCommand,
  GetUsageCommand,
  GetUsagePlanCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  paginateGetApiKeys,
  paginateGetBasePathMappings,
  paginateGetDeployments,
  paginateGetDomainNames,
  paginateGetResources,
  paginateGetRestApis,
  paginateGetUsage,
  paginateGetUsagePlanKeys,
  paginateGetUsagePlans,
  type Resource,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CREDENTIALS, startSim, type RunningSim } from "../testing";
import { FIXTURE_SCENARIOS, PETS_API, keyId } from "./__fixtures__/fixture";
import { recordUsage, utcDay } from "./usage";

let running: RunningSim;
const client = () => running.apigateway;
const calls = (operation: string) => running.sim.stats.byOperation.get(operation) ?? 0;

async function collect<T>(pages: AsyncIterable<{ items?: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(page.items ?? []));
  return all;
}

async function resources(): Promise<Resource[]> {
  return collect(paginateGetResources({ client: client() }, { restApiId: PETS_API, embed: ["methods"] }));
}

beforeAll(async () => {
  running = await startSim({ scenarios: FIXTURE_SCENARIOS, replayTraffic: false });
});
afterAll(async () => {
  await running.close();
});

describe("REST APIs", () => {
  it("pages GetRestApis with the SDK paginator, one call per page", async () => {
    running.sim.stats.reset();
    const apis = await collect(paginateGetRestApis({ client: client(), pageSize: 10 }, {}));
    expect(apis).toHaveLength(31);
    expect(calls("GetRestApis")).toBe(4);
    expect(new Set(apis.map((a) => a.id)).size).toBe(31);
  });

  it("returns a REST API with epoch dates, endpoint configuration and the escaped policy", async () => {
    const api = await client().send(new GetRestApiCommand({ restApiId: PETS_API }));
    expect(api).toMatchObject({
      id: PETS_API,
      name: "pets",
      apiKeySource: "HEADER",
      disableExecuteApiEndpoint: false,
      endpointConfiguration: { types: ["REGIONAL"], ipAddressType: "ipv4" },
      tags: { team: "store" },
    });
    expect(api.createdDate).toBeInstanceOf(Date);
    expect(api.policy).toContain('{\\"Version\\":\\"2012-10-17\\"');
    const policy = JSON.parse(JSON.parse(`"${api.policy}"`) as string) as { Statement: { Condition?: unknown }[] };
    expect(policy.Statement[1]?.Condition).toEqual({ NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } });
  });

  it("answers an unknown API with AWS's NotFoundException", async () => {
    const error = await client()
      .send(new GetRestApiCommand({ restApiId: "nope000000" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error).toMatchObject({ name: "NotFoundException", message: "Invalid API identifier specified 123456789012:nope000000" });
  });
});

describe("resources and methods", () => {
  it("lists resources sorted by path; verbs map to {} without embed", async () => {
    const page = await client().send(new GetResourcesCommand({ restApiId: PETS_API }));
    expect(page.items?.map((r) => r.path)).toEqual(["/", "/admin", "/pets", "/pets/{id}"]);
    expect(page.items?.[0]).not.toHaveProperty("resourceMethods");
    expect(page.items?.find((r) => r.path === "/pets")?.resourceMethods).toEqual({ GET: {}, POST: {}, OPTIONS: {} });
    expect(page.position).toBeUndefined();
  });

  it("embeds full Method objects with a MOCK integration on embed=methods, and pages", async () => {
    running.sim.stats.reset();
    const all = await collect(paginateGetResources({ client: client(), pageSize: 3 }, { restApiId: PETS_API, embed: ["methods"] }));
    expect(calls("GetResources")).toBe(2);
    const item = all.find((r) => r.path === "/pets/{id}")?.resourceMethods?.GET;
    expect(item).toMatchObject({ httpMethod: "GET", authorizationType: "CUSTOM", authorizerId: "auth01", apiKeyRequired: true });
    expect(item?.methodIntegration).toMatchObject({ type: "MOCK", passthroughBehavior: "WHEN_NO_MATCH", timeoutInMillis: 29000 });
  });

  it("gets one method, with NotFound for an unknown resource or verb", async () => {
    const pets = (await resources()).find((r) => r.path === "/pets");
    const method = await client().send(new GetMethodCommand({ restApiId: PETS_API, resourceId: pets?.id, httpMethod: "GET" }));
    expect(method).toMatchObject({ httpMethod: "GET", apiKeyRequired: true, authorizationType: "NONE" });
    await expect(client().send(new GetMethodCommand({ restApiId: PETS_API, resourceId: "zzzzzz", httpMethod: "GET" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Invalid Resource identifier specified",
    });
    await expect(client().send(new GetMethodCommand({ restApiId: PETS_API, resourceId: pets?.id, httpMethod: "PUT" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Invalid Method identifier specified",
    });
  });

  it("lists authorizers and gets one", async () => {
    const list = await client().send(new GetAuthorizersCommand({ restApiId: PETS_API }));
    expect(list.items).toEqual([expect.objectContaining({ id: "auth01", name: "tokenAuth", type: "TOKEN", authorizerResultTtlInSeconds: 300 })]);
    const one = await client().send(new GetAuthorizerCommand({ restApiId: PETS_API, authorizerId: "auth01" }));
    expect(one.identitySource).toBe("method.request.header.Authorization");
    await expect(client().send(new GetAuthorizerCommand({ restApiId: PETS_API, authorizerId: "nope01" }))).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe("stages, deployments and exports", () => {
  it("lists stages under item (no paging) and filters by deploymentId", async () => {
    const all = await client().send(new GetStagesCommand({ restApiId: PETS_API }));
    expect(all.item?.map((s) => s.stageName)).toEqual(["prod", "dev"]);
    const dev = await client().send(new GetStagesCommand({ restApiId: PETS_API, deploymentId: "dep000" }));
    expect(dev.item?.map((s) => s.stageName)).toEqual(["dev"]);
  });

  it("gets a stage with its method settings, and NotFound for an unknown one", async () => {
    const prod = await client().send(new GetStageCommand({ restApiId: PETS_API, stageName: "prod" }));
    expect(prod).toMatchObject({ deploymentId: "dep001", cacheClusterStatus: "NOT_AVAILABLE", tracingEnabled: false, variables: { backend: "blue" } });
    expect(prod.methodSettings?.["*/*"]).toMatchObject({ loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: false });
    expect(prod.lastUpdatedDate).toBeInstanceOf(Date);
    await expect(client().send(new GetStageCommand({ restApiId: PETS_API, stageName: "Prod" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Invalid Stage identifier specified",
    });
  });

  it("lists deployments and embeds each one's own api summary", async () => {
    const list = await client().send(new GetDeploymentsCommand({ restApiId: PETS_API }));
    expect(list.items?.map((d) => d.id)).toEqual(["dep000", "dep001"]);
    const old = await client().send(new GetDeploymentCommand({ restApiId: PETS_API, deploymentId: "dep000", embed: ["apisummary"] }));
    expect(old.apiSummary).toEqual({ "/pets": { GET: { authorizationType: "NONE", apiKeyRequired: false } } });
    const current = await client().send(new GetDeploymentCommand({ restApiId: PETS_API, deploymentId: "dep001", embed: ["apisummary"] }));
    expect(current.apiSummary?.["/pets"]?.GET).toEqual({ authorizationType: "NONE", apiKeyRequired: true });
    expect(current.apiSummary?.["/admin"]?.ANY).toEqual({ authorizationType: "AWS_IAM", apiKeyRequired: false });
    const bare = await client().send(new GetDeploymentCommand({ restApiId: PETS_API, deploymentId: "dep001" }));
    expect(bare.apiSummary).toBeUndefined();
    await expect(client().send(new GetDeploymentCommand({ restApiId: PETS_API, deploymentId: "nope00" }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it("exports the deployed snapshot as OpenAPI 3 with API Gateway extensions", async () => {
    const exported = await client().send(new GetExportCommand({ restApiId: PETS_API, stageName: "prod", exportType: "oas30", parameters: { extensions: "apigateway" }, accepts: "application/json" }));
    expect(exported.contentType).toBe("application/octet-stream");
    const doc: unknown = JSON.parse(new TextDecoder().decode(exported.body));
    expect(doc).toMatchObject({
      openapi: "3.0.1",
      servers: [{ variables: { basePath: { default: "prod" } } }],
      "x-amazon-apigateway-api-key-source": "HEADER",
      "x-amazon-apigateway-policy": { Statement: [expect.anything(), expect.anything()] },
      components: {
        securitySchemes: {
          api_key: { type: "apiKey", name: "x-api-key", in: "header" },
          tokenAuth: { "x-amazon-apigateway-authorizer": { type: "token", authorizerResultTtlInSeconds: 300 } },
        },
      },
      paths: {
        "/pets": { get: { security: [{ api_key: [] }] }, options: expect.not.objectContaining({ security: expect.anything() }) },
        "/pets/{id}": { get: { security: [{ api_key: [], tokenAuth: [] }] } },
        "/admin": { "x-amazon-apigateway-any-method": { security: [{ sigv4: [] }] } },
      },
    });
  });

  it("exports the dev stage's older snapshot, as Swagger without extensions", async () => {
    const exported = await client().send(new GetExportCommand({ restApiId: PETS_API, stageName: "dev", exportType: "swagger" }));
    const doc = JSON.parse(new TextDecoder().decode(exported.body)) as { paths: object };
    expect(doc).toMatchObject({ swagger: "2.0", basePath: "/dev", host: `${PETS_API}.execute-api.us-east-1.amazonaws.com` });
    expect(Object.keys(doc.paths)).toEqual(["/pets"]);
    expect(doc).not.toHaveProperty("securityDefinitions");
    expect(doc).not.toHaveProperty("x-amazon-apigateway-api-key-source");
  });
});

describe("gateway responses", () => {
  it("lists AWS's 21 defaults merged with the API's customisations", async () => {
    const { items = [] } = await client().send(new GetGatewayResponsesCommand({ restApiId: PETS_API }));
    expect(items).toHaveLength(21);
    expect(items.map((r) => r.responseType)).toEqual([...items.map((r) => r.responseType)].sort());
    expect(items.find((r) => r.responseType === "INVALID_API_KEY")).toMatchObject({ defaultResponse: false, statusCode: "403" });
    expect(items.find((r) => r.responseType === "WAF_FILTERED")).toEqual({
      responseType: "WAF_FILTERED",
      statusCode: "403",
      defaultResponse: true,
      responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" },
      responseTemplates: { "application/json": '{"message":$context.error.messageString}' },
    });
    expect(items.find((r) => r.responseType === "INTEGRATION_FAILURE")).toMatchObject({ statusCode: "504", responseParameters: {} });
  });

  it("gets one response type, and rejects a type outside the enum", async () => {
    const one = await client().send(new GetGatewayResponseCommand({ restApiId: PETS_API, responseType: "MISSING_AUTHENTICATION_TOKEN" }));
    expect(one).toMatchObject({ statusCode: "403", defaultResponse: true });
    await expect(client().send(new GetGatewayResponseCommand({ restApiId: PETS_API, responseType: "NOPE" as "THROTTLED" }))).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe("API keys and usage plans", () => {
  it("pages 60 API keys in 3 calls, values only with includeValues", async () => {
    running.sim.stats.reset();
    const keys = await collect(paginateGetApiKeys({ client: client(), pageSize: 25 }, {}));
    expect(keys).toHaveLength(60);
    expect(calls("GetApiKeys")).toBe(3);
    expect(keys.every((k) => k.value === undefined)).toBe(true);
    const withValues = await collect(paginateGetApiKeys({ client: client(), pageSize: 500 }, { includeValues: true }));
    expect(withValues.every((k) => /^[A-Za-z0-9]{40}$/.test(k.value ?? ""))).toBe(true);
  });

  it("filters keys by name prefix and customer id", async () => {
    const named = await collect(paginateGetApiKeys({ client: client() }, { nameQuery: "customer-5" }));
    expect(named.map((k) => k.name)).toEqual(Array.from({ length: 10 }, (_, i) => `customer-5${i}`));
    const acme = await collect(paginateGetApiKeys({ client: client() }, { customerId: "acme" }));
    expect(acme).toHaveLength(6);
  });

  it("gets one key, its value only with includeValue", async () => {
    const bare = await client().send(new GetApiKeyCommand({ apiKey: keyId(59) }));
    expect(bare).toMatchObject({ id: keyId(59), enabled: false, stageKeys: [] });
    expect(bare.value).toBeUndefined();
    const full = await client().send(new GetApiKeyCommand({ apiKey: keyId(59), includeValue: true }));
    expect(full.value).toHaveLength(40);
    await expect(client().send(new GetApiKeyCommand({ apiKey: "nokey00000" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Invalid API Key identifier specified",
    });
  });

  it("finds the usage plans of one key with keyId", async () => {
    const both = await client().send(new GetUsagePlansCommand({ keyId: keyId(0) }));
    expect(both.items?.map((p) => p.id)).toEqual(["plan01", "plan02"]);
    const none = await client().send(new GetUsagePlansCommand({ keyId: keyId(45) }));
    expect(none.items).toEqual([]);
    const all = await client().send(new GetUsagePlansCommand({}));
    expect(all.items?.map((p) => p.id)).toEqual(["plan01", "plan02", "plan03"]);
  });

  it("gets a usage plan, and NotFound for an unknown one", async () => {
    const plan = await client().send(new GetUsagePlanCommand({ usagePlanId: "plan01" }));
    expect(plan).toMatchObject({
      name: "basic",
      apiStages: [{ apiId: PETS_API, stage: "prod" }],
      quota: { limit: 1000, offset: 0, period: "DAY" },
      throttle: { burstLimit: 20, rateLimit: 10 },
    });
    await expect(client().send(new GetUsagePlanCommand({ usagePlanId: "nope" }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Invalid Usage Plan ID specified",
    });
  });

  it("pages a plan's keys with their values, filtered by name", async () => {
    running.sim.stats.reset();
    const keys = await collect(paginateGetUsagePlanKeys({ client: client(), pageSize: 25 }, { usagePlanId: "plan01" }));
    expect(keys).toHaveLength(30);
    expect(calls("GetUsagePlanKeys")).toBe(2);
    expect(keys[0]).toEqual({ id: keyId(0), type: "API_KEY", name: "customer-00", value: expect.stringMatching(/^[A-Za-z0-9]{40}$/) });
    const filtered = await client().send(new GetUsagePlanKeysCommand({ usagePlanId: "plan02", nameQuery: "customer-3" }));
    expect(filtered.items).toHaveLength(10);
  });

  it("reports daily usage and remaining quota from the data plane's counters", async () => {
    const now = Date.now();
    const today = utcDay(now);
    const yesterday = utcDay(now - 86_400_000);
    recordUsage(running.sim.state, "plan01", keyId(1), now, 7);
    recordUsage(running.sim.state, "plan01", keyId(1), now - 86_400_000, 2);
    const usage = await client().send(new GetUsageCommand({ usagePlanId: "plan01", startDate: yesterday, endDate: today, keyId: keyId(1) }));
    expect(usage).toMatchObject({ usagePlanId: "plan01", startDate: yesterday, endDate: today });
    expect(usage.items).toEqual({
      [keyId(1)]: [
        [2, 998],
        [7, 993],
      ],
    });
    const all = await client().send(new GetUsageCommand({ usagePlanId: "plan01", startDate: today, endDate: today, limit: 500 }));
    expect(Object.keys(all.items ?? {})).toHaveLength(30);
    await expect(client().send(new GetUsageCommand({ usagePlanId: "plan01", startDate: today, endDate: today, keyId: keyId(45) }))).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe("account and custom domains", () => {
  it("returns the account settings of the region", async () => {
    const account = await client().send(new GetAccountCommand({}));
    expect(account).toEqual({
      $metadata: expect.anything(),
      cloudwatchRoleArn: "arn:aws:iam::123456789012:role/apigw-cloudwatch",
      throttleSettings: { burstLimit: 5000, rateLimit: 10000 },
      features: ["UsagePlans"],
      apiKeyVersion: "4",
    });
  });

  it("lists domain names and their base path mappings", async () => {
    const domains = await client().send(new GetDomainNamesCommand({}));
    expect(domains.items?.map((d) => d.domainName)).toEqual(["api.example.com"]);
    const domain = await client().send(new GetDomainNameCommand({ domainName: "api.example.com" }));
    expect(domain).toMatchObject({ domainNameStatus: "AVAILABLE", endpointConfiguration: { types: ["REGIONAL"] } });
    expect(domain.regionalDomainName).toMatch(/\.execute-api\.us-east-1\.amazonaws\.com$/);
    const mappings = await client().send(new GetBasePathMappingsCommand({ domainName: "api.example.com" }));
    expect(mappings.items).toEqual([
      { basePath: "(none)", restApiId: PETS_API, stage: "prod" },
      { basePath: "v1", restApiId: PETS_API, stage: "dev" },
    ]);
    await expect(client().send(new GetBasePathMappingsCommand({ domainName: "nope.example.com" }))).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe("paging of every list", () => {
  it("pages usage plans, deployments, domain names and base path mappings with their SDK paginators", async () => {
    running.sim.stats.reset();
    expect(await collect(paginateGetUsagePlans({ client: client(), pageSize: 2 }, {}))).toHaveLength(3);
    expect(await collect(paginateGetDeployments({ client: client(), pageSize: 1 }, { restApiId: PETS_API }))).toHaveLength(2);
    expect(await collect(paginateGetDomainNames({ client: client(), pageSize: 1 }, {}))).toHaveLength(1);
    expect(await collect(paginateGetBasePathMappings({ client: client(), pageSize: 1 }, { domainName: "api.example.com" }))).toHaveLength(2);
    expect(Object.fromEntries(running.sim.stats.byOperation)).toMatchObject({ GetUsagePlans: 2, GetDeployments: 2, GetDomainNames: 1, GetBasePathMappings: 2 });
  });

  it("pages GetUsage over the plan's keys", async () => {
    running.sim.stats.reset();
    const today = utcDay(Date.now());
    const keys: string[] = [];
    for await (const page of paginateGetUsage({ client: client(), pageSize: 10 }, { usagePlanId: "plan01", startDate: today, endDate: today })) {
      keys.push(...Object.keys(page.items ?? {}));
    }
    expect(keys).toHaveLength(30);
    expect(running.sim.stats.byOperation.get("GetUsage")).toBe(3);
  });

  it("pages gateway responses and authorizers by limit/position", async () => {
    const first = await client().send(new GetGatewayResponsesCommand({ restApiId: PETS_API, limit: 20 }));
    expect(first.items).toHaveLength(20);
    const rest = await client().send(new GetGatewayResponsesCommand({ restApiId: PETS_API, limit: 20, position: first.position }));
    expect(rest.items?.map((r) => r.responseType)).toEqual(["WAF_FILTERED"]);
    expect(rest.position).toBeUndefined();
    expect((await client().send(new GetAuthorizersCommand({ restApiId: PETS_API, limit: 1 }))).position).toBeUndefined();
  });
});

describe("HTTP APIs (v2)", () => {
  it("lists HTTP APIs with ISO dates, paging by maxResults/nextToken", async () => {
    const v2 = new ApiGatewayV2Client({ region: "us-east-1", endpoint: running.endpoint, credentials: TEST_CREDENTIALS });
    try {
      const first = await v2.send(new GetApisCommand({ MaxResults: "2" }));
      expect(first.Items?.map((a) => a.ApiId)).toEqual(["httpapi000", "httpapi001"]);
      expect(first.Items?.[0]).toMatchObject({ Name: "http-0", ProtocolType: "HTTP", ApiEndpoint: "https://httpapi000.execute-api.us-east-1.amazonaws.com" });
      expect(first.Items?.[0]?.CreatedDate).toBeInstanceOf(Date);
      const second = await v2.send(new GetApisCommand({ MaxResults: "2", NextToken: first.NextToken }));
      expect(second.Items?.map((a) => a.ApiId)).toEqual(["httpapi002"]);
      expect(second.NextToken).toBeUndefined();
    } finally {
      v2.destroy();
    }
  });
});
