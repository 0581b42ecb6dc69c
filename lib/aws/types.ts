// gatecheck's own view of AWS objects: what lib/aws returns after reshaping SDK output.
// Shared by server and browser through the JSON API, so no SDK types and never a key value.

export type EndpointType = "EDGE" | "REGIONAL" | "PRIVATE";
export type LoggingLevel = "OFF" | "ERROR" | "INFO";

export interface RestApi {
  id: string;
  name: string;
  description: string | null;
  createdDate: string | null;
  apiKeySource: "HEADER" | "AUTHORIZER";
  endpointTypes: EndpointType[];
  vpcEndpointIds: string[];
  disableExecuteApiEndpoint: boolean;
  /** The resource policy as AWS stores it (a JSON string), or null. */
  policy: string | null;
}

export interface HttpApi {
  id: string;
  name: string;
  protocolType: string;
  apiEndpoint: string | null;
}

export interface MethodSetting {
  loggingLevel: LoggingLevel | null;
  dataTraceEnabled: boolean;
}

export interface Stage {
  apiId: string;
  name: string;
  deploymentId: string | null;
  createdDate: string | null;
  lastUpdatedDate: string | null;
  /** Keyed as GetStage returns them: `*\/*` or `{path without its leading slash}/{VERB}` (`orders/{id}/GET`). */
  methodSettings: Record<string, MethodSetting>;
  accessLogSettings: { destinationArn: string; format: string } | null;
  webAclArn: string | null;
}

export type AuthorizationType = "NONE" | "AWS_IAM" | "CUSTOM" | "COGNITO_USER_POOLS";

export interface Method {
  httpMethod: string;
  authorizationType: AuthorizationType;
  authorizerId: string | null;
  apiKeyRequired: boolean;
}

/** A resource of the draft (GetResources): what the console shows, not necessarily what is deployed. */
export interface Resource {
  id: string;
  path: string;
  methods: Method[];
}

/** What one deployment serves: path → verb → method settings (GetDeployment `embed=apisummary`, or the export). */
export type DeployedRoutes = Record<string, Record<string, { apiKeyRequired: boolean; authorizationType: AuthorizationType }>>;

export interface Deployment {
  id: string;
  createdDate: string | null;
  description: string | null;
  /** null when the deployed snapshot could not be read (some emulators return neither summary nor export). */
  routes: DeployedRoutes | null;
  routesSource: "apiSummary" | "export" | null;
  /** The resource policy and key source the stage serves (from the export); null when not read. */
  settings: { policy: string | null; apiKeySource: "HEADER" | "AUTHORIZER" | null } | null;
}

/** A stage's OpenAPI export, read for what AWS applies on deployment. */
export interface StageExport {
  routes: DeployedRoutes | null;
  /** The deployed resource policy (JSON), null when none was deployed. */
  policy: string | null;
  apiKeySource: "HEADER" | "AUTHORIZER" | null;
}

/** An API key without its value: only the last 6 characters, masked like AWS. */
export interface ApiKey {
  id: string;
  name: string;
  enabled: boolean;
  maskedValue: string | null;
  createdDate: string | null;
  lastUpdatedDate: string | null;
  customerId: string | null;
}

export interface UsagePlan {
  id: string;
  name: string;
  /** `throttle`: per-method limits for that stage, keyed `/path/VERB` as AWS returns them. */
  apiStages: { apiId: string; stage: string; throttle?: Record<string, { burstLimit: number | null; rateLimit: number | null }> }[];
  throttle: { burstLimit: number | null; rateLimit: number | null } | null;
  quota: { limit: number; period: string } | null;
}

export interface Account {
  cloudwatchRoleArn: string | null;
}

export interface Authorizer {
  id: string;
  name: string;
  type: string;
  authorizerResultTtlInSeconds: number | null;
  identitySource: string | null;
}

export interface GatewayResponse {
  responseType: string;
  statusCode: string | null;
  defaultResponse: boolean;
}

export interface BasePathMapping {
  basePath: string;
  restApiId: string;
  stage: string | null;
}

/** A key's use of its plan's quota (GetUsage); `remaining` is what is left of the period at the end of `day`. */
export interface QuotaUsage {
  planId: string;
  keyId: string;
  day: string;
  usedToday: number;
  remaining: number | null;
}

/** The window of a traffic reading: `periodSeconds`-long periods from `start` (inclusive) to `end` (exclusive). */
export interface MetricWindow {
  start: string;
  end: string;
  periodSeconds: number;
}

export interface TrafficPoint {
  /** Start of the period. */
  at: string;
  requests: number;
  errors4xx: number;
  errors5xx: number;
}

/**
 * A stage's requests and errors from API Gateway's CloudWatch metrics (`Count`, `4XXError`, `5XXError`, Sum per
 * period, dimensions ApiName and Stage). CloudWatch does not split 4XX by status: 403 refusals, 429 throttling,
 * 401 and 404 count alike.
 */
export interface StageTraffic {
  requests: number;
  errors4xx: number;
  errors5xx: number;
  /** Every period of the window, oldest first; a period CloudWatch has no datapoint for had no requests. */
  series: TrafficPoint[];
  /** false when CloudWatch answered a metric with a status other than Complete (InternalError, Forbidden…). */
  complete: boolean;
}
