// One simulated AWS account's in-memory state: API Gateway, S3 and data-plane records in AWS's own terms (the
// simulator keeps one per account, sim/server.ts). Every object carries its region; control-plane calls only see
// the account that signed them and the region of their SigV4 scope.

export type EndpointType = "EDGE" | "REGIONAL" | "PRIVATE";
export type AuthorizationType = "NONE" | "AWS_IAM" | "CUSTOM" | "COGNITO_USER_POOLS";
export type ApiKeySource = "HEADER" | "AUTHORIZER";
export type LoggingLevel = "OFF" | "ERROR" | "INFO";

export interface SimMethod {
  httpMethod: string;
  authorizationType: AuthorizationType;
  authorizerId?: string;
  apiKeyRequired: boolean;
  operationName?: string;
  /** MOCK integration answer. */
  mockStatus: number;
  mockBody: string;
}

export interface SimResource {
  id: string;
  parentId?: string;
  pathPart?: string;
  path: string;
  methods: Record<string, SimMethod>;
}

/** What a deployment freezes: the draft's resources, key source and resource policy at deploy time. */
export interface DeployedSnapshot {
  resources: SimResource[];
  apiKeySource: ApiKeySource;
  policy?: string;
}

export interface SimDeployment {
  id: string;
  description?: string;
  createdDate: number;
  snapshot: DeployedSnapshot;
}

export interface AuthorizerDecision {
  effect: "Allow" | "Deny" | "Unauthorized";
  principalId: string;
  usageIdentifierKey?: string;
}

export interface SimAuthorizer {
  id: string;
  name: string;
  type: "TOKEN" | "REQUEST" | "COGNITO_USER_POOLS";
  authorizerUri?: string;
  identitySource?: string;
  authorizerResultTtlInSeconds: number;
  providerARNs?: string[];
  /** Simulator-only: what the Lambda "returns" for every call. */
  decision: AuthorizerDecision;
}

export interface MethodSetting {
  loggingLevel?: LoggingLevel;
  dataTraceEnabled?: boolean;
  metricsEnabled?: boolean;
  throttlingBurstLimit?: number;
  throttlingRateLimit?: number;
}

export interface SimStage {
  stageName: string;
  deploymentId: string;
  description?: string;
  createdDate: number;
  lastUpdatedDate: number;
  /** Keyed as AWS returns them: "*\/*" or "{resourcePath without its leading slash}/{VERB}" (`pets/{id}/GET`). */
  methodSettings: Record<string, MethodSetting>;
  accessLogSettings?: { destinationArn: string; format: string };
  webAclArn?: string;
  tracingEnabled: boolean;
  variables: Record<string, string>;
}

export interface SimGatewayResponse {
  responseType: string;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
}

export interface SimRestApi {
  region: string;
  id: string;
  name: string;
  description?: string;
  createdDate: number;
  apiKeySource: ApiKeySource;
  endpointConfiguration: { types: EndpointType[]; vpcEndpointIds?: string[] };
  disableExecuteApiEndpoint: boolean;
  /** Resource policy as a JSON string, as GetRestApi returns it. */
  policy?: string;
  tags: Record<string, string>;
  rootResourceId: string;
  /** The draft, as GetResources shows it. */
  resources: SimResource[];
  deployments: SimDeployment[];
  stages: SimStage[];
  authorizers: SimAuthorizer[];
  /** Only the customised ones; the defaults are AWS's (sim/apigateway/gateway-responses.ts). */
  gatewayResponses: SimGatewayResponse[];
}

export interface SimApiKey {
  region: string;
  id: string;
  value: string;
  name: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  customerId?: string;
}

export interface ApiStage {
  apiId: string;
  stage: string;
  throttle?: Record<string, { burstLimit?: number; rateLimit?: number }>;
}

export interface SimUsagePlan {
  region: string;
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStage[];
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit: number; offset: number; period: "DAY" | "WEEK" | "MONTH" };
  keyIds: string[];
}

export interface BasePathMapping {
  /** "(none)" is the catch-all, as AWS returns it. */
  basePath: string;
  restApiId: string;
  stage: string;
}

export interface SimDomainName {
  region: string;
  domainName: string;
  endpointType: EndpointType;
  regionalDomainName: string;
  basePathMappings: BasePathMapping[];
}

export interface SimHttpApi {
  region: string;
  apiId: string;
  name: string;
  protocolType: "HTTP" | "WEBSOCKET";
  apiEndpoint: string;
  createdDate: number;
}

export interface SimAccount {
  cloudwatchRoleArn?: string;
  throttleSettings: { burstLimit: number; rateLimit: number };
}

/** Simulator-only stand-in for an AWS WAF web ACL: it blocks the listed source IPs. */
export interface SimWebAcl {
  arn: string;
  blockSourceIps: string[];
}

export interface TrafficEntry {
  scenario: string;
  method: string;
  /** Host header; absent means the path-style endpoint `/restapis/{apiId}/{stage}/_user_request_/…`. */
  host?: string;
  apiId?: string;
  /** Path as the client sends it, stage segment included (`/prod/pets`). */
  path: string;
  headers: Record<string, string>;
  body?: string;
  sourceIp: string;
  count: number;
}

/** What the data plane decided for one request: the simulator's own record, for tests to compare against. */
export interface JournalEntry {
  /** The account that owns the API called (journal() fills it from the state). */
  accountId: string;
  requestId: string;
  at: number;
  /** The verb as sent. */
  method: string;
  apiId: string | null;
  stage: string | null;
  status: number;
  /**
   * "ok"; an endpoint refusal (`private-api-outside-vpce`…, see dataplane/endpoint.ts) or `stage-not-found`;
   * the key check's refusal (`key-disabled`…); `iam-unsigned`; or the name of the error answered
   * (`missingAuthenticationToken` for a route, `authorizerExplicitDeny`…).
   */
  cause: string;
  /** The key presented, when it exists in the region. */
  apiKeyId: string | null;
  executionLogged: boolean;
}

export interface SimState {
  accountId: string;
  restApis: SimRestApi[];
  apiKeys: SimApiKey[];
  usagePlans: SimUsagePlan[];
  domainNames: SimDomainName[];
  httpApis: SimHttpApi[];
  accounts: Record<string, SimAccount>;
  webAcls: SimWebAcl[];
  traffic: TrafficEntry[];
  /** Requests counted per usage plan, key and UTC day (sim/apigateway/usage.ts), for quota checks. */
  usage: Map<string, number>;
  journal: JournalEntry[];
  /** S3 buckets by name (names are global across regions, as in AWS). */
  s3Buckets: Map<string, SimBucket>;
}

export interface SimBucket {
  name: string;
  region: string;
  createdDate: number;
  objects: Map<string, SimObject>;
}

/** An S3 object as PutObject left it; the body is kept as text (gatecheck stores JSON). */
export interface SimObject {
  key: string;
  body: string;
  contentType: string;
  etag: string;
  lastModified: number;
  /** `x-amz-server-side-encryption` as stored: `AES256` unless the request asked for `aws:kms`. */
  serverSideEncryption: string;
  kmsKeyId?: string;
  /** The `x-amz-checksum-*` headers the client sent (`x-amz-checksum-crc32` → value). */
  checksums: Record<string, string>;
}

const MAX_JOURNAL = 50_000;

/** Records a data-plane decision, keeping the newest MAX_JOURNAL so a long-running simulator stays small. */
export function journal(state: SimState, entry: Omit<JournalEntry, "accountId">): void {
  state.journal.push({ accountId: state.accountId, ...entry });
  if (state.journal.length > MAX_JOURNAL) state.journal.splice(0, state.journal.length - MAX_JOURNAL);
}

export const DEFAULT_REGION = "us-east-1";
export const SIM_ACCOUNT_ID = "123456789012";

export function emptyState(accountId: string = SIM_ACCOUNT_ID): SimState {
  return {
    accountId,
    restApis: [],
    apiKeys: [],
    usagePlans: [],
    domainNames: [],
    httpApis: [],
    accounts: {},
    webAcls: [],
    traffic: [],
    usage: new Map(),
    journal: [],
    s3Buckets: new Map(),
  };
}

/** S3's bucket naming rules (general purpose buckets), without the rarer ones (no IP address forms, no `xn--`). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Adds an empty bucket; the problem when the name is invalid or taken (names are global in S3). */
export function addBucket(state: SimState, name: string, region: string, nowMs: number): string | null {
  if (!BUCKET_NAME.test(name) || name.includes("..")) return "3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
  if (state.s3Buckets.has(name)) return `bucket ${name} exists already`;
  state.s3Buckets.set(name, { name, region, createdDate: nowMs, objects: new Map() });
  return null;
}

export function accountOf(state: SimState, region: string): SimAccount {
  const account = (state.accounts[region] ??= { throttleSettings: { burstLimit: 5000, rateLimit: 10000 } });
  return account;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** AWS-looking ids: lowercase alphanumerics (10 for APIs and keys, 6 for resources, deployments, plans). */
export function newId(length: number, taken: (id: string) => boolean = () => false): string {
  for (;;) {
    let id = "";
    for (let i = 0; i < length; i++) id += ID_ALPHABET[Math.floor(Math.random() * ID_ALPHABET.length)];
    if (!taken(id)) return id;
  }
}

export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);

/** Method-settings key for a method, as GetStage returns it: `pets/{id}/GET` (patch paths escape / as ~1). */
export function methodSettingsKey(resourcePath: string, httpMethod: string): string {
  return `${resourcePath.replace(/^\//, "")}/${httpMethod}`;
}

/** The effective logging level of a method on a stage: per-method setting, else `*\/*`, else OFF. */
export function loggingLevelFor(stage: SimStage, resourcePath: string, httpMethod: string): LoggingLevel {
  return stage.methodSettings[methodSettingsKey(resourcePath, httpMethod)]?.loggingLevel ?? stage.methodSettings["*/*"]?.loggingLevel ?? "OFF";
}

export function findRestApi(state: SimState, region: string, id: string): SimRestApi | undefined {
  return state.restApis.find((api) => api.region === region && api.id === id);
}

export function deployedSnapshotOf(api: SimRestApi, stage: SimStage): DeployedSnapshot | undefined {
  return api.deployments.find((d) => d.id === stage.deploymentId)?.snapshot;
}

export function snapshotOfDraft(api: SimRestApi): DeployedSnapshot {
  return {
    resources: structuredClone(api.resources),
    apiKeySource: api.apiKeySource,
    ...(api.policy !== undefined ? { policy: api.policy } : {}),
  };
}
