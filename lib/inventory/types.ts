import type { Account, ApiKey, Authorizer, BasePathMapping, Deployment, GatewayResponse, HttpApi, MetricWindow, QuotaUsage, Resource, RestApi, Stage, StageTraffic, UsagePlan } from "@/lib/aws/types";

/** A read gatecheck could not make, and what that hides. */
export interface ReadGap {
  operation: string;
  /** IAM action and resource it needs (`apigateway:GET /v2/apis`). */
  action: string;
  code: string;
  kind: string;
  message: string;
}

export interface StageSummary {
  name: string;
  deploymentId: string | null;
  /** Execution logging for all methods (`*\/*`), OFF when absent. */
  loggingLevel: "OFF" | "ERROR" | "INFO";
  webAclArn: string | null;
  lastUpdatedDate: string | null;
  /** Names of the usage plans listing this stage; null when plans were unreadable. */
  usagePlans: string[] | null;
  /** What can make calls to this stage fail or go unlogged, judged without a particular call. */
  warnings: string[];
  /** Requests, 4XX and 5XX over the overview's traffic window; null when CloudWatch could not be read. */
  traffic: StageTraffic | null;
}

export interface RestApiSummary extends RestApi {
  stages: StageSummary[];
  stagesGap: ReadGap | null;
  /** Other REST APIs of the region with the same metric name: CloudWatch counts their traffic together. */
  sharesMetricsWith: string[];
}

/** `GET /api/v1/apis`: every REST and HTTP API of a region, with stages. */
export interface Overview {
  region: string;
  inventoryAt: string;
  restApis: RestApiSummary[];
  /** Why the REST API list could not be read (then `restApis` is empty); null when it was. */
  restApisGap: ReadGap | null;
  httpApis: HttpApi[];
  gaps: ReadGap[];
  /** The window the stages' traffic covers: the last hour, in 5-minute periods. */
  trafficWindow: MetricWindow;
  /** Why the stages' traffic could not be read (GetMetricData denied, throttled…); null when it was. */
  trafficGap: ReadGap | null;
}

export type { Stage };

/** One read of the focused inventory: its value, the gap when AWS refused or failed, or why it was not needed. */
export type Read<T> = { state: "ok"; value: T } | { state: "gap"; gap: ReadGap } | { state: "skipped"; why: string };

/** Everything one diagnosis needs, read with the fewest calls (lib/inventory/focused.ts). */
export interface FocusedInventory {
  region: string;
  at: string;
  restApi: Read<RestApi | null>;
  /** Read only when no REST API has the id: an HTTP API with it has no API keys at all. */
  httpApi: Read<HttpApi | null>;
  stages: Read<Stage[]>;
  resources: Read<Resource[]>;
  /** The deployment the stage serves; `routes` from `embed=apisummary`, else the stage's OpenAPI export. */
  deployment: Read<Deployment | null>;
  apiKey: Read<ApiKey | null>;
  /** Plans holding the key (GetUsagePlans `keyId`). */
  keyPlans: Read<UsagePlan[]>;
  /** Plans listing this API stage; read only when the key's plans do not already cover it. */
  stagePlans: Read<UsagePlan[]>;
  account: Read<Account>;
  authorizers: Read<Authorizer[]>;
  gatewayResponses: Read<GatewayResponse[]>;
  /** The custom domain's mappings, when the call went to a custom domain. */
  basePathMappings: Read<BasePathMapping[] | null>;
  /** The key's use of the quota of its plan for this stage; read only when that plan has a quota. */
  quotaUsage: Read<QuotaUsage>;
}
