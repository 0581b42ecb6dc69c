// A healthy baseline for the diagnosis tests: one REGIONAL REST API (key source HEADER), stage `prod`
// (INFO logging) serving a deployment whose routes equal the draft, GET /orders/{id} requiring a key,
// one enabled key in plan `gold` covering {api}/prod, an account with a CloudWatch role, default gateway
// responses. Options override one piece at a time; `reads` replaces any read (gaps).
import type { Account, ApiKey, Authorizer, BasePathMapping, DeployedRoutes, GatewayResponse, Method, Resource, RestApi, Stage, UsagePlan } from "@/lib/aws/types";
import { diagnose, type CallLogs } from "@/lib/diagnosis";
import { routesOfDraft } from "@/lib/diagnosis/routes";
import type { CallFacts, Diagnosis, Finding, FindingCode, PresentedKey } from "@/lib/diagnosis/types";
import type { FocusedInventory, Read, ReadGap } from "@/lib/inventory/types";
import { maskKeyValue } from "@/lib/logs/mask";
import { parseLogLine } from "@/lib/logs/parse";
import { parseRequest, redactRequestFacts } from "@/lib/request/parse";

export const REGION = "us-east-1";
export const ACCOUNT_ID = "123456789012";
export const API_ID = "a1b2c3d4e5";
const STAGE = "prod";
export const DEPLOYMENT_ID = "dpl4x7";
export const KEY_ID = "k3yid0001a";
/** The key's value: 40 characters, like AWS's. Never expected in a Diagnosis. */
export const KEY_VALUE = "Zq8v2Lr5Tn1Wc7Yb4Hd9Kf3Mp6Sx0Ag2Je5Qu8Ro";
export const PLAN_ID = "gold01";
export const INVOKE_URL = `https://${API_ID}.execute-api.${REGION}.amazonaws.com/${STAGE}`;

// ── reads ──────────────────────────────────────────────────────────────────
export const ok = <T>(value: T): Read<T> => ({ state: "ok", value });
export const skipped = (why: string): Read<never> => ({ state: "skipped", why });

type GapKind = "access-denied" | "timeout" | "throttled" | "other";
const GAP_CODES: Record<GapKind, string> = { "access-denied": "AccessDeniedException", timeout: "TimeoutError", throttled: "TooManyRequestsException", other: "InternalFailure" };

/** A read AWS refused or failed, as lib/inventory reports it. */
export function gap(kind: GapKind, operation: string, action: string): Read<never> {
  const code = GAP_CODES[kind];
  const readGap: ReadGap = { operation, action, code, kind, message: `${code} on ${operation}` };
  return { state: "gap", gap: readGap };
}

// ── AWS objects ────────────────────────────────────────────────────────────
export const method = (httpMethod: string, patch: Partial<Method> = {}): Method => ({ httpMethod, authorizationType: "NONE", authorizerId: null, apiKeyRequired: true, ...patch });

export const resource = (path: string, ...methods: Method[]): Resource => ({ id: `res${path.replace(/[^a-z0-9]/gi, "") || "root"}`, path, methods });

/** A usage plan listing `apiId/stage` pairs. */
export const plan = (id: string, name: string, apiStages: string[]): UsagePlan => ({
  id,
  name,
  apiStages: apiStages.map((s) => {
    const [apiId, stage] = s.split("/");
    return { apiId: apiId!, stage: stage! };
  }),
  throttle: { burstLimit: 100, rateLimit: 50 },
  quota: { limit: 10_000, period: "MONTH" },
});

export const GOLD = plan(PLAN_ID, "gold", [`${API_ID}/${STAGE}`]);

export const DEFAULT_RESOURCES: Resource[] = [resource("/"), resource("/orders"), resource("/orders/{id}", method("GET"))];

const DEFAULT_GATEWAY_RESPONSES: GatewayResponse[] = ["INVALID_API_KEY", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX"].map((responseType) => ({
  responseType,
  statusCode: responseType === "DEFAULT_4XX" ? null : "403",
  defaultResponse: true,
}));

export interface InventoryOptions {
  api?: Partial<RestApi>;
  stage?: Partial<Stage>;
  /** The draft (GetResources). */
  resources?: Resource[];
  /** What the stage serves: the draft's routes unless given; null when the snapshot is unreadable. */
  deployed?: DeployedRoutes | null;
  /** The key the call names; null when none was given (its reads are then skipped). */
  key?: Partial<ApiKey> | null;
  keyPlans?: UsagePlan[];
  /** Plans listing the stage: read, as lib/inventory does, only when the key's plans do not cover it. */
  stagePlans?: UsagePlan[];
  account?: Account;
  authorizers?: Authorizer[];
  gatewayResponses?: GatewayResponse[];
  /** The custom domain's mappings (null: no such domain); skipped when not given. */
  basePathMappings?: BasePathMapping[] | null;
  /** The deployed resource policy and key source (from the export); not read when not given. */
  deployedSettings?: { policy: string | null; apiKeySource: "HEADER" | "AUTHORIZER" | null };
  /** GetUsage for the key's plan: what is left of its quota today; skipped when not given. */
  quotaRemaining?: number;
  /** Raw reads replacing what the options built: gaps, skipped reads, an HTTP API. */
  reads?: Partial<Omit<FocusedInventory, "region" | "at">>;
}

export function buildInventory(o: InventoryOptions = {}): FocusedInventory {
  const resources = o.resources ?? DEFAULT_RESOURCES;
  const stage: Stage = {
    apiId: API_ID,
    name: STAGE,
    deploymentId: DEPLOYMENT_ID,
    createdDate: "2025-01-10T09:00:00.000Z",
    lastUpdatedDate: "2025-03-02T14:30:00.000Z",
    methodSettings: { "*/*": { loggingLevel: "INFO", dataTraceEnabled: false } },
    accessLogSettings: null,
    webAclArn: null,
    ...o.stage,
  };
  const routes = o.deployed === undefined ? routesOfDraft(resources) : o.deployed;
  const keyPlans = o.keyPlans ?? [GOLD];
  const keyCoversStage = o.key !== null && keyPlans.some((p) => p.apiStages.some((s) => s.apiId === API_ID && s.stage === stage.name));
  return {
    region: REGION,
    at: "2025-03-02T15:00:00.000Z",
    restApi: ok({
      id: API_ID,
      name: "orders-api",
      description: null,
      createdDate: "2025-01-10T08:00:00.000Z",
      apiKeySource: "HEADER",
      endpointTypes: ["REGIONAL"],
      vpcEndpointIds: [],
      disableExecuteApiEndpoint: false,
      policy: null,
      ...o.api,
    }),
    httpApi: skipped("the id names a REST API"),
    stages: ok([stage]),
    resources: ok(resources),
    deployment: ok({ id: DEPLOYMENT_ID, createdDate: "2025-03-02T14:30:00.000Z", description: null, routes, routesSource: routes ? "apiSummary" : null, settings: o.deployedSettings ?? null }),
    apiKey:
      o.key === null
        ? skipped("no API key given")
        : ok({ id: KEY_ID, name: "partner-acme", enabled: true, maskedValue: maskKeyValue(KEY_VALUE), createdDate: null, lastUpdatedDate: null, customerId: null, ...o.key }),
    keyPlans: o.key === null ? skipped("no API key given") : ok(keyPlans),
    stagePlans: keyCoversStage ? skipped("the key's plans cover the stage") : ok(o.stagePlans ?? [GOLD]),
    account: ok(o.account ?? { cloudwatchRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/APIGatewayPushToCloudWatchLogs` }),
    authorizers: ok(o.authorizers ?? []),
    gatewayResponses: ok(o.gatewayResponses ?? DEFAULT_GATEWAY_RESPONSES),
    basePathMappings: o.basePathMappings === undefined ? skipped("not a custom domain") : ok(o.basePathMappings),
    quotaUsage: o.quotaRemaining === undefined ? skipped("no quota usage given") : ok({ planId: PLAN_ID, keyId: KEY_ID, day: "2025-03-02", usedToday: 0, remaining: o.quotaRemaining }),
    ...o.reads,
  };
}

// ── the call ───────────────────────────────────────────────────────────────
const WINDOW = { from: "2025-03-02T14:00:00.000Z", to: "2025-03-02T15:00:00.000Z" };

/** A pasted curl command as the server turns it into CallFacts: key resolved against KEY_VALUE, values masked. */
export function callFromCurl(curl: string, patch: Partial<CallFacts> = {}): CallFacts {
  const parsed = parseRequest(curl, { knownKeyValues: [KEY_VALUE] });
  if (!parsed.ok) throw new Error(`fixture curl does not parse: ${parsed.error.message}`);
  const facts = parsed.facts;
  const located = facts.keyLocations.find((k) => k.value !== "");
  const resolution: PresentedKey["resolution"] | null = !located ? null : located.value === KEY_VALUE ? "exact" : located.value.trim() === KEY_VALUE ? "trimmed" : "unknown";
  return {
    region: REGION,
    apiId: facts.apiId ?? API_ID,
    stage: facts.stage ?? null,
    method: facts.method,
    path: facts.resourcePath,
    keyId: resolution === "exact" || resolution === "trimmed" ? KEY_ID : null,
    presentedKey:
      located && resolution ? { where: located.where, name: located.name, maskedValue: maskKeyValue(located.value.trim()), resolution, keyId: resolution === "unknown" ? null : KEY_ID } : null,
    request: redactRequestFacts(facts),
    window: WINDOW,
    requestId: null,
    callerInVpc: false,
    noKey: false,
    keysFromLogs: [],
    ...patch,
  };
}

/** GET /orders/42 with the key in the x-api-key header. */
const healthyCall = (): CallFacts => callFromCurl(`curl '${INVOKE_URL}/orders/42' -H 'x-api-key: ${KEY_VALUE}'`);

/** A call picked in the dashboard (API, stage, verb, path, key id), with no pasted request. */
export const chosenCall = (patch: Partial<CallFacts> = {}): CallFacts => ({
  region: REGION,
  apiId: API_ID,
  stage: STAGE,
  method: "GET",
  path: "/orders/42",
  keyId: KEY_ID,
  presentedKey: { where: "key-id", name: "key id", maskedValue: null, resolution: "by-id", keyId: KEY_ID },
  request: null,
  window: WINDOW,
  requestId: null,
  callerInVpc: false,
  noKey: false,
  keysFromLogs: [],
  ...patch,
});

// ── logs ───────────────────────────────────────────────────────────────────
const NO_LOGS: CallLogs = { status: "none-in-window", events: [] };

/** Execution/access-log messages, one per line, parsed as the log reader does. */
export function logsOf(text: string): CallLogs {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return { status: "found", events: lines.map((line) => parseLogLine(line)) };
}

export const diagnoseWith = (s: { call?: CallFacts; inventory?: FocusedInventory; logs?: CallLogs } = {}): Diagnosis =>
  diagnose(s.call ?? healthyCall(), s.inventory ?? buildInventory(), s.logs ?? NO_LOGS);

/** The finding with this code; fails the test when the diagnosis has none. */
export function findingOf(diagnosis: Diagnosis, code: FindingCode): Finding {
  const finding = diagnosis.findings.find((f) => f.code === code);
  if (!finding) throw new Error(`expected ${code} among [${diagnosis.findings.map((f) => f.code).join(", ")}]`);
  return finding;
}
