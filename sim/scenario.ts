// Scenario files (sim/scenarios/*.json): a readable account description that loads into SimState.
// A broken file stops the simulator with the file, the field and what is wrong.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_REGION, SIM_ACCOUNT_ID, accountOf, addBucket, epochSeconds, snapshotOfDraft, type SimMethod, type SimResource, type SimRestApi, type SimState } from "./state";
import { newRole, roleArnOf, userPrincipal, type Identities } from "./sts/identities";

const verb = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]);
const restApiId = z.string().regex(/^[a-z0-9]{10}$/, "10 lowercase letters or digits");
const shortId = z.string().regex(/^[a-z0-9]{4,12}$/, "4–12 lowercase letters or digits");

const routeSchema = z.strictObject({
  path: z.string().regex(/^\/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\})*(\/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\+?\}))*$/, "a resource path like /pets/{id}"),
  method: verb,
  apiKeyRequired: z.boolean().default(false),
  authorizationType: z.enum(["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"]).default("NONE"),
  authorizerId: shortId.optional(),
  mockStatus: z.number().int().min(100).max(599).default(200),
  mockBody: z.string().default('{"ok":true}'),
});

const authorizerSchema = z.strictObject({
  id: shortId,
  name: z.string().min(1),
  type: z.enum(["TOKEN", "REQUEST", "COGNITO_USER_POOLS"]).default("REQUEST"),
  identitySource: z.string().optional(),
  authorizerResultTtlInSeconds: z.number().int().min(0).max(3600).default(300),
  decision: z.strictObject({
    effect: z.enum(["Allow", "Deny", "Unauthorized"]),
    principalId: z.string().default("user"),
    usageIdentifierKey: z.string().optional(),
  }),
});

const stageSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "letters, digits, _ and -"),
  deploymentId: shortId,
  description: z.string().optional(),
  loggingLevel: z.enum(["OFF", "ERROR", "INFO"]).optional(),
  dataTraceEnabled: z.boolean().default(false),
  methodSettings: z.record(z.string(), z.strictObject({ loggingLevel: z.enum(["OFF", "ERROR", "INFO"]).optional(), dataTraceEnabled: z.boolean().optional() })).default({}),
  accessLogFormat: z.string().optional(),
  webAclArn: z.string().startsWith("arn:aws:wafv2:").optional(),
  variables: z.record(z.string(), z.string()).default({}),
});

const deploymentSchema = z.strictObject({
  id: shortId,
  description: z.string().optional(),
  createdMinutesAgo: z
    .number()
    .min(0)
    .default(60 * 24),
  /** What the deployment froze; absent = the draft as the scenario declares it. */
  routes: z.array(routeSchema).optional(),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]).optional(),
  /** The resource policy deployed; absent = the draft's; null = none was deployed (a policy added since). */
  policy: z.record(z.string(), z.unknown()).nullable().optional(),
});

const gatewayResponseSchema = z.strictObject({
  responseType: z.string().regex(/^[A-Z_0-9]+$/),
  statusCode: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
  responseParameters: z.record(z.string(), z.string()).default({}),
  responseTemplates: z.record(z.string(), z.string()).default({}),
});

const restApiSchema = z.strictObject({
  id: restApiId,
  name: z.string().min(1),
  description: z.string().optional(),
  apiKeySource: z.enum(["HEADER", "AUTHORIZER"]).default("HEADER"),
  endpointType: z.enum(["EDGE", "REGIONAL", "PRIVATE"]).default("REGIONAL"),
  vpcEndpointIds: z.array(z.string().regex(/^vpce-[a-z0-9]+$/)).optional(),
  disableExecuteApiEndpoint: z.boolean().default(false),
  policy: z.record(z.string(), z.unknown()).optional(),
  tags: z.record(z.string(), z.string()).default({}),
  routes: z.array(routeSchema).default([]),
  authorizers: z.array(authorizerSchema).default([]),
  deployments: z.array(deploymentSchema).default([]),
  stages: z.array(stageSchema).default([]),
  gatewayResponses: z.array(gatewayResponseSchema).default([]),
});

const apiKeySchema = z.strictObject({
  id: restApiId,
  name: z.string().min(1),
  value: z.string().regex(/^[A-Za-z0-9]{20,128}$/, "20–128 letters or digits"),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
  customerId: z.string().optional(),
});

const usagePlanSchema = z.strictObject({
  id: shortId,
  name: z.string().min(1),
  description: z.string().optional(),
  apiStages: z.array(z.strictObject({ apiId: restApiId, stage: z.string().min(1) })).default([]),
  keys: z.array(restApiId).default([]),
  throttle: z.strictObject({ burstLimit: z.number().int().min(0), rateLimit: z.number().min(0) }).optional(),
  quota: z.strictObject({ limit: z.number().int().min(0), offset: z.number().int().min(0).default(0), period: z.enum(["DAY", "WEEK", "MONTH"]) }).optional(),
});

const domainNameSchema = z.strictObject({
  domainName: z.string().regex(/^[a-z0-9.-]+$/),
  endpointType: z.enum(["EDGE", "REGIONAL", "PRIVATE"]).default("REGIONAL"),
  basePathMappings: z.array(z.strictObject({ basePath: z.string().default("(none)"), restApiId, stage: z.string() })).default([]),
});

const trafficSchema = z.strictObject({
  method: verb.exclude(["ANY"]),
  host: z.string().optional(),
  apiId: restApiId.optional(),
  path: z.string().startsWith("/"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  sourceIp: z.string().default("203.0.113.10"),
  count: z.number().int().min(1).max(10_000).default(1),
});

const accountId = z.string().regex(/^\d{12}$/, "12 digits");
const iamName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "1–64 letters, digits and +=,.@_-");
/** What a principal's policies allow, as IAM action globs; absent = every action (the simulator's default). */
const allowedActions = z.array(z.string().regex(/^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/, "an IAM action such as apigateway:GET, logs:* or *")).optional();

/** An account the simulator knows: its IAM users' access keys and its roles, with whom each role trusts. */
const accountSchema = z.strictObject({
  id: accountId,
  name: z
    .string()
    .regex(/^[a-z0-9-]{1,50}$/, "kebab-case")
    .optional(),
  accessKeys: z
    .array(
      z.strictObject({
        accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{16}$/, "AKIA and 16 capital letters or digits"),
        user: iamName,
        allowedActions,
      }),
    )
    .default([]),
  roles: z
    .array(
      z.strictObject({
        name: iamName,
        /** Who the trust policy lets assume the role: an account (its root), a user or a role of another account. */
        trustedPrincipals: z
          .array(
            z.string().regex(/^(\d{12}|arn:aws:iam::\d{12}:(root|user\/[\w+=,.@-]{1,64}|role\/[\w+=,.@-]{1,64}))$/, "an account id, or arn:aws:iam::{account}:root, …:user/{name} or …:role/{name}"),
          )
          .min(1),
        /** The trust policy's sts:ExternalId condition; null = none. */
        externalId: z
          .string()
          .regex(/^[\w+=,.@:/-]{2,1224}$/, "2–1224 letters, digits and +=,.@:/_-")
          .nullable()
          .default(null),
        maxSessionDuration: z.number().int().min(3600).max(43_200).default(3600),
        /** What the role's sessions may do. */
        allowedActions,
      }),
    )
    .default([]),
});

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-z0-9-]+$/, "kebab-case"),
  description: z.string(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .default(DEFAULT_REGION),
  /** What a correct diagnosis of `expect.call` reports; read by tests and sim/README.md, never by the simulator. */
  expect: z
    .strictObject({
      call: z.strictObject({
        apiId: restApiId.optional(),
        stage: z.string().optional(),
        method: verb.optional(),
        path: z.string().optional(),
        keyId: restApiId.optional(),
        request: z.string().optional(),
      }),
      verdict: z.enum(["forbidden", "throttled", "allowed", "unknown"]),
      firstBreak: z
        .string()
        .regex(/^[A-Z_]+$/)
        .nullable(),
      findings: z.array(z.string().regex(/^[A-Z_]+$/)).default([]),
      status: z.number().int().optional(),
      errorType: z.string().optional(),
      logLines: z.array(z.string()).default([]),
    })
    .optional(),
  /** The account this file's resources live in (default: the simulator's default account). */
  accountId: accountId.default(SIM_ACCOUNT_ID),
  /** Accounts, access keys and roles the simulator knows (any file may declare them; each key and role once). */
  accounts: z.array(accountSchema).default([]),
  /** API Gateway's account settings in this file's account and region. */
  account: z.strictObject({ cloudwatchRoleArn: z.string().startsWith("arn:aws:iam::").nullable() }).optional(),
  restApis: z.array(restApiSchema).default([]),
  apiKeys: z.array(apiKeySchema).default([]),
  usagePlans: z.array(usagePlanSchema).default([]),
  domainNames: z.array(domainNameSchema).default([]),
  httpApis: z.array(z.strictObject({ apiId: restApiId, name: z.string(), protocolType: z.enum(["HTTP", "WEBSOCKET"]).default("HTTP") })).default([]),
  webAcls: z.array(z.strictObject({ arn: z.string().startsWith("arn:aws:wafv2:"), blockSourceIps: z.array(z.string()) })).default([]),
  traffic: z.array(trafficSchema).default([]),
  /** Empty S3 buckets in the scenario's region, for gatecheck's shared snapshot and audit stores. */
  s3Buckets: z.array(z.string()).default([]),
});

export type Scenario = z.infer<typeof scenarioSchema>;
type RouteInput = z.infer<typeof routeSchema>;

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
    this.name = "ScenarioError";
  }
}

/** Builds the resource tree of a list of routes: one resource per path segment, as API Gateway does. */
export function resourcesFromRoutes(routes: RouteInput[], rootId: string, idFor: (path: string) => string): SimResource[] {
  const byPath = new Map<string, SimResource>();
  byPath.set("/", { id: rootId, path: "/", methods: {} });
  for (const route of routes) {
    let parentPath = "/";
    for (const part of route.path.split("/").filter(Boolean)) {
      const path = parentPath === "/" ? `/${part}` : `${parentPath}/${part}`;
      if (!byPath.has(path)) byPath.set(path, { id: idFor(path), parentId: byPath.get(parentPath)!.id, pathPart: part, path, methods: {} });
      parentPath = path;
    }
    const method: SimMethod = {
      httpMethod: route.method,
      authorizationType: route.authorizationType,
      apiKeyRequired: route.apiKeyRequired,
      mockStatus: route.mockStatus,
      mockBody: route.mockBody,
      ...(route.authorizerId ? { authorizerId: route.authorizerId } : {}),
    };
    byPath.get(route.path)!.methods[route.method] = method;
  }
  return [...byPath.values()];
}

/** Resource ids stay stable between the draft and its deployments, as in API Gateway. */
function stableResourceId(apiId: string, path: string): string {
  let hash = 0;
  for (const ch of `${apiId}${path}`) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(6, "0").slice(-6);
}

function issuePath(issue: z.core.$ZodIssue): string {
  return (
    issue.path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "(root)"
  );
}

export function parseScenario(json: unknown, file: string): Scenario {
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScenarioError(file, issuePath(issue), issue.message);
  }
  return parsed.data;
}

/** Registers a scenario's accounts, access keys and roles; a key or role declared twice stops the load. */
export function declareAccounts(identities: Identities, scenario: Scenario, file: string): void {
  const fail = (field: string, problem: string): never => {
    throw new ScenarioError(file, field, problem);
  };
  scenario.accounts.forEach((account, i) => {
    const at = `accounts[${i}]`;
    const known = identities.accounts.get(account.id);
    if (known && account.name && known !== account.name) fail(`${at}.name`, `account ${account.id} is named ${known} elsewhere`);
    identities.accounts.set(account.id, account.name ?? known ?? "");
    account.accessKeys.forEach((key, j) => {
      if (identities.keys.has(key.accessKeyId)) fail(`${at}.accessKeys[${j}].accessKeyId`, `access key ${key.accessKeyId} is declared already`);
      identities.keys.set(key.accessKeyId, userPrincipal(account.id, key.user, key.allowedActions));
    });
    account.roles.forEach((role, j) => {
      const arn = roleArnOf(account.id, role.name);
      if (identities.roles.has(arn)) fail(`${at}.roles[${j}].name`, `role ${arn} is declared already`);
      identities.roles.set(arn, newRole(account.id, role));
    });
  });
}

/** Names that are global across accounts: REST API ids (the data plane routes by them), custom domains, S3 buckets. */
export function checkAcrossAccounts(scenario: Scenario, file: string, otherAccounts: readonly SimState[]): void {
  const fail = (field: string, problem: string): never => {
    throw new ScenarioError(file, field, problem);
  };
  const owner = (has: (state: SimState) => boolean) => otherAccounts.find(has)?.accountId;
  scenario.restApis.forEach((api, i) => {
    const other = owner((s) => s.restApis.some((a) => a.id === api.id));
    if (other) fail(`restApis[${i}].id`, `REST API id ${api.id} is used in account ${other}`);
  });
  scenario.domainNames.forEach((d, i) => {
    const other = owner((s) => s.domainNames.some((o) => o.domainName === d.domainName));
    if (other) fail(`domainNames[${i}].domainName`, `custom domain ${d.domainName} belongs to account ${other}`);
  });
  scenario.s3Buckets.forEach((name, i) => {
    const other = owner((s) => s.s3Buckets.has(name));
    if (other) fail(`s3Buckets[${i}]`, `bucket ${name} exists already, in account ${other}`);
  });
}

/** Adds one scenario's objects to the state of its account, checking every cross-reference. */
export function applyScenario(state: SimState, scenario: Scenario, file: string, nowMs: number): void {
  const region = scenario.region;
  const fail = (field: string, problem: string): never => {
    throw new ScenarioError(file, field, problem);
  };
  if (scenario.accountId !== state.accountId) fail("accountId", `the scenario is for account ${scenario.accountId}, the state is account ${state.accountId}'s`);
  const created = epochSeconds(nowMs) - 60 * 60 * 24 * 30;

  if (scenario.account) {
    const account = accountOf(state, region);
    if (scenario.account.cloudwatchRoleArn === null) delete account.cloudwatchRoleArn;
    else account.cloudwatchRoleArn = scenario.account.cloudwatchRoleArn;
  }

  scenario.restApis.forEach((input, i) => {
    const at = `restApis[${i}]`;
    if (state.restApis.some((api) => api.id === input.id)) fail(`${at}.id`, `REST API id ${input.id} is used by another scenario`);
    const rootId = stableResourceId(input.id, "/");
    const idFor = (p: string) => stableResourceId(input.id, p);
    for (const [j, route] of input.routes.entries()) {
      if (route.authorizerId && !input.authorizers.some((a) => a.id === route.authorizerId)) {
        fail(`${at}.routes[${j}].authorizerId`, `no authorizer ${route.authorizerId} in this API`);
      }
    }
    const api: SimRestApi = {
      region,
      id: input.id,
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      createdDate: created,
      apiKeySource: input.apiKeySource,
      endpointConfiguration: { types: [input.endpointType], ...(input.vpcEndpointIds ? { vpcEndpointIds: input.vpcEndpointIds } : {}) },
      disableExecuteApiEndpoint: input.disableExecuteApiEndpoint,
      ...(input.policy ? { policy: JSON.stringify(input.policy) } : {}),
      tags: input.tags,
      rootResourceId: rootId,
      resources: resourcesFromRoutes(input.routes, rootId, idFor),
      deployments: [],
      stages: [],
      authorizers: input.authorizers.map((a) => ({
        id: a.id,
        name: a.name,
        type: a.type,
        authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${state.accountId}:function:${a.name}/invocations`,
        identitySource: a.identitySource ?? (a.type === "TOKEN" ? "method.request.header.Authorization" : "method.request.header.Authorization"),
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
        decision: {
          effect: a.decision.effect,
          principalId: a.decision.principalId,
          ...(a.decision.usageIdentifierKey ? { usageIdentifierKey: a.decision.usageIdentifierKey } : {}),
        },
      })),
      gatewayResponses: input.gatewayResponses,
    };
    api.deployments = input.deployments.map((d) => {
      const { policy: draftPolicy, ...draft } = snapshotOfDraft(api);
      const policy = d.policy === undefined ? draftPolicy : d.policy === null ? undefined : JSON.stringify(d.policy);
      return {
        id: d.id,
        ...(d.description ? { description: d.description } : {}),
        createdDate: epochSeconds(nowMs - d.createdMinutesAgo * 60_000),
        snapshot: {
          ...draft,
          ...(policy !== undefined ? { policy } : {}),
          ...(d.routes ? { resources: resourcesFromRoutes(d.routes, rootId, idFor) } : {}),
          ...(d.apiKeySource ? { apiKeySource: d.apiKeySource } : {}),
        },
      };
    });
    api.stages = input.stages.map((s, j) => {
      const deployment = api.deployments.find((d) => d.id === s.deploymentId);
      if (!deployment) fail(`${at}.stages[${j}].deploymentId`, `no deployment ${s.deploymentId} in this API`);
      if (s.webAclArn && !scenario.webAcls.some((acl) => acl.arn === s.webAclArn)) {
        fail(`${at}.stages[${j}].webAclArn`, "no web ACL with that ARN in webAcls");
      }
      return {
        stageName: s.name,
        deploymentId: s.deploymentId,
        ...(s.description ? { description: s.description } : {}),
        createdDate: deployment!.createdDate,
        lastUpdatedDate: deployment!.createdDate,
        methodSettings: {
          ...(s.loggingLevel ? { "*/*": { loggingLevel: s.loggingLevel, dataTraceEnabled: s.dataTraceEnabled, metricsEnabled: false } } : {}),
          ...s.methodSettings,
        },
        ...(s.accessLogFormat ? { accessLogSettings: { destinationArn: `arn:aws:logs:${region}:${state.accountId}:log-group:access-logs-${input.id}-${s.name}`, format: s.accessLogFormat } } : {}),
        ...(s.webAclArn ? { webAclArn: s.webAclArn } : {}),
        tracingEnabled: false,
        variables: s.variables,
      };
    });
    state.restApis.push(api);
  });

  scenario.apiKeys.forEach((k, i) => {
    if (state.apiKeys.some((key) => key.id === k.id)) fail(`apiKeys[${i}].id`, `API key id ${k.id} is used by another scenario`);
    if (state.apiKeys.some((key) => key.value === k.value)) fail(`apiKeys[${i}].value`, "this key value is used by another key");
    state.apiKeys.push({
      region,
      id: k.id,
      value: k.value,
      name: k.name,
      enabled: k.enabled,
      createdDate: created,
      lastUpdatedDate: created,
      ...(k.description ? { description: k.description } : {}),
      ...(k.customerId ? { customerId: k.customerId } : {}),
    });
  });

  scenario.usagePlans.forEach((p, i) => {
    const at = `usagePlans[${i}]`;
    if (state.usagePlans.some((plan) => plan.id === p.id)) fail(`${at}.id`, `usage plan id ${p.id} is used by another scenario`);
    p.apiStages.forEach((s, j) => {
      const api = state.restApis.find((a) => a.id === s.apiId && a.region === region);
      if (!api?.stages.some((st) => st.stageName === s.stage)) fail(`${at}.apiStages[${j}]`, `no stage ${s.apiId}/${s.stage} in ${region}`);
    });
    p.keys.forEach((keyId, j) => {
      if (!state.apiKeys.some((k) => k.id === keyId && k.region === region)) fail(`${at}.keys[${j}]`, `no API key ${keyId} in ${region}`);
      // AWS refuses a second plan for the same key on the same stage (ConflictException).
      for (const s of p.apiStages) {
        const clash = state.usagePlans.find((other) => other.region === region && other.keyIds.includes(keyId) && other.apiStages.some((o) => o.apiId === s.apiId && o.stage === s.stage));
        if (clash) fail(`${at}.keys[${j}]`, `key ${keyId} is already in plan ${clash.id} for ${s.apiId}/${s.stage}`);
      }
    });
    state.usagePlans.push({
      region,
      id: p.id,
      name: p.name,
      ...(p.description ? { description: p.description } : {}),
      apiStages: p.apiStages.map((s) => ({ apiId: s.apiId, stage: s.stage })),
      ...(p.throttle ? { throttle: p.throttle } : {}),
      ...(p.quota ? { quota: p.quota } : {}),
      keyIds: [...p.keys],
    });
  });

  scenario.domainNames.forEach((d, i) => {
    d.basePathMappings.forEach((m, j) => {
      const api = state.restApis.find((a) => a.id === m.restApiId && a.region === region);
      if (!api?.stages.some((s) => s.stageName === m.stage)) fail(`domainNames[${i}].basePathMappings[${j}]`, `no stage ${m.restApiId}/${m.stage}`);
    });
    state.domainNames.push({
      region,
      domainName: d.domainName,
      endpointType: d.endpointType,
      regionalDomainName: `d-${d.domainName.replace(/[^a-z0-9]/g, "").slice(0, 10)}.execute-api.${region}.amazonaws.com`,
      basePathMappings: d.basePathMappings,
    });
  });

  for (const h of scenario.httpApis) {
    state.httpApis.push({
      region,
      apiId: h.apiId,
      name: h.name,
      protocolType: h.protocolType,
      apiEndpoint: `https://${h.apiId}.execute-api.${region}.amazonaws.com`,
      createdDate: created,
    });
  }
  state.webAcls.push(...scenario.webAcls);

  scenario.traffic.forEach((t, i) => {
    if (!t.host && !t.apiId) fail(`traffic[${i}]`, "give apiId (path-style endpoint) or host");
    state.traffic.push({ scenario: scenario.name, ...t });
  });

  scenario.s3Buckets.forEach((name, i) => {
    const problem = addBucket(state, name, region, nowMs);
    if (problem) fail(`s3Buckets[${i}]`, problem);
  });
}

/** Reads one file or every *.json of a directory, in name order. */
export function readScenarioFiles(target: string): { file: string; scenario: Scenario }[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new ScenarioError(target, "(path)", "no such file or directory");
  const files = stat.isDirectory()
    ? fs
        .readdirSync(target)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  return files.map((file) => {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      throw new ScenarioError(file, "(file)", `not valid JSON: ${(err as Error).message}`);
    }
    return { file, scenario: parseScenario(json, file) };
  });
}

export const DEFAULT_SCENARIO_DIR = path.join(__dirname, "scenarios");
