// Facts every rule needs, derived once from the inventory, the call and its log lines.
import type { ApiKey, DeployedRoutes, RestApi, Stage, UsagePlan } from "@/lib/aws/types";
import type { FocusedInventory, Read, ReadGap } from "@/lib/inventory/types";
import type { LogEvent } from "@/lib/logs/types";
import { evidenceOfLines, targetOf, type RequestEvidence } from "./evidence";
import { evaluatePolicy, type CallerFacts, type PolicyVerdict } from "./policy";
import { matchRoute, routesOfDraft, type RouteMatch } from "./routes";
import type { CallFacts, LogStatus } from "./types";

export interface CallLogs {
  status: Extract<LogStatus, "found" | "none-in-window" | "group-missing" | "unreadable" | "not-read">;
  events: LogEvent[];
  gap?: ReadGap;
}

export interface DiagnosisContext {
  call: CallFacts;
  inventory: FocusedInventory;
  logs: CallLogs;
  /** The API as it serves calls: the draft's settings, with the resource policy and key source as deployed. */
  api: RestApi | null;
  /** The API as GetRestApi shows it (the draft), for drift. */
  draftApi: RestApi | null;
  stage: Stage | null;
  draftRoutes: DeployedRoutes | null;
  /** What the stage serves; null when unreadable (then rules judge from the draft and say so). */
  deployedRoutes: DeployedRoutes | null;
  deployedMatch: RouteMatch | null;
  draftMatch: RouteMatch | null;
  /** The method as served: deployed when readable, else the draft's. */
  method: RouteMatch | null;
  methodFromDraft: boolean;
  key: ApiKey | null;
  keyPlans: UsagePlan[] | null;
  stagePlans: UsagePlan[] | null;
  accountId: string | null;
  /** The resource policy's verdict on this caller (a PRIVATE API without a policy admits nobody). */
  policy: PolicyVerdict;
  /** What the lines say of each logged request of the call, oldest first. */
  evidence: RequestEvidence[];
  /** The request the verdict is about: the one asked for by id, else the newest logged one. */
  target: RequestEvidence | null;
}

export const valueOf = <T>(read: Read<T>): T | null => (read.state === "ok" ? read.value : null);

export function buildContext(call: CallFacts, inventory: FocusedInventory, logs: CallLogs): DiagnosisContext {
  const draftApi = valueOf(inventory.restApi);
  // AWS applies the resource policy and the key source on deployment: the deployed ones decide, when read.
  const settings = valueOf(inventory.deployment)?.settings ?? null;
  const api = draftApi && settings ? { ...draftApi, policy: settings.policy, apiKeySource: settings.apiKeySource ?? draftApi.apiKeySource } : draftApi;
  const stage = valueOf(inventory.stages)?.find((s) => s.name === call.stage) ?? null;
  const resources = valueOf(inventory.resources);
  const draftRoutes = resources ? routesOfDraft(resources) : null;
  const deployedRoutes = valueOf(inventory.deployment)?.routes ?? null;
  const deployedMatch = deployedRoutes && !call.routeUnknown ? matchRoute(deployedRoutes, call.path, call.method) : null;
  const draftMatch = draftRoutes && !call.routeUnknown ? matchRoute(draftRoutes, call.path, call.method) : null;
  const policy = api && stage ? policyVerdict(api, stage.name, call) : ({ verdict: "no-policy" } as const);
  const method = deployedRoutes ? deployedMatch : draftMatch;
  const keyPlans = valueOf(inventory.keyPlans);
  const key = valueOf(inventory.apiKey);
  const evidence = evidenceOfLines(logs.events, {
    keysByMasked: key?.maskedValue ? new Map([[key.maskedValue, key]]) : null,
    keysComplete: false,
    plansOfKey: key && keyPlans ? new Map([[key.id, keyPlans]]) : new Map(),
    apiKeySource: api?.apiKeySource ?? null,
    policyCanDeny: policy.verdict !== "no-policy" && policy.verdict !== "allowed",
    // The called method's authorization; with no route known, whether the API has any AWS_IAM method.
    iamMethod: method ? method.authorizationType === "AWS_IAM" : anyIamMethod(deployedRoutes ?? draftRoutes),
  });
  // A key the user named: its newest call. No key named (or one taken from the logs): the newest refusal.
  const keyNamed = call.presentedKey !== null && call.presentedKey.where !== "logs";
  const target = targetOf(evidence, call.requestId, !keyNamed);
  return {
    call,
    inventory,
    logs,
    api,
    draftApi,
    stage,
    draftRoutes,
    deployedRoutes,
    deployedMatch,
    draftMatch,
    method,
    methodFromDraft: !deployedRoutes,
    key,
    keyPlans,
    stagePlans: valueOf(inventory.stagePlans),
    accountId: accountIdOf([valueOf(inventory.account)?.cloudwatchRoleArn, stage?.webAclArn, stage?.accessLogSettings?.destinationArn]),
    policy,
    evidence,
    target,
  };
}

/** Whether the pasted request carries a SigV4 signature (its validity is IAM's to judge); null with no request. */
export const signedCall = (call: CallFacts): boolean | null =>
  call.request ? call.request.headers.some((h) => h.name.toLowerCase() === "authorization" && h.value.startsWith("AWS4-HMAC-SHA256")) : null;

function anyIamMethod(routes: DeployedRoutes | null): boolean | null {
  return routes ? Object.values(routes).some((verbs) => Object.values(verbs).some((m) => m.authorizationType === "AWS_IAM")) : null;
}

/** The policy AWS applies to this caller; facts gatecheck cannot see make a statement "depends". */
function policyVerdict(api: RestApi, stage: string, call: CallFacts): PolicyVerdict {
  const request = call.request;
  // The simulator (and proxies) carry the caller's address in X-Forwarded-For; on AWS it is the connection's.
  const forwardedFor = request?.headers.find((h) => h.name.toLowerCase() === "x-forwarded-for")?.value.split(",")[0]?.trim();
  const facts: CallerFacts = {
    ...(request ? { anonymous: !signedCall(call) } : {}),
    ...(request?.vpceId ? { sourceVpce: request.vpceId } : {}),
    // Through a VPC endpoint the caller's address is private: aws:SourceIp is not in the request context.
    ...(forwardedFor && !request?.vpceId ? { sourceIp: forwardedFor } : {}),
  };
  const target = { apiId: api.id, stage, method: call.method, path: call.path };
  // AWS: "a private API … without a resource policy … every call fails" (developer guide, Private REST APIs).
  if (!api.policy && api.endpointTypes.includes("PRIVATE")) return { verdict: "denied", statement: "(none)", reason: "the API is PRIVATE and has no resource policy, so every call is denied" };
  return evaluatePolicy(api.policy, target, facts);
}

/** The account id, from any ARN at hand (the CloudWatch role, the web ACL, the access-log group). */
function accountIdOf(arns: (string | null | undefined)[]): string | null {
  for (const arn of arns) {
    const id = arn ? /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(arn)?.[1] : undefined;
    if (id) return id;
  }
  return null;
}

/** Whether a plan lists the call's API stage. */
export const coversStage = (plan: UsagePlan, apiId: string, stage: string) => plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage);

/** The effective execution-logging level of the called method: its own setting, else `*\/*`, else OFF. */
export function loggingLevelOf(stage: Stage, template: string | null, verb: string): "OFF" | "ERROR" | "INFO" {
  // GetStage keys per-method settings as `pets/{id}/GET` (Terraform's method_path form).
  const own = template ? stage.methodSettings[`${template.replace(/^\//, "")}/${verb}`]?.loggingLevel : null;
  return own ?? stage.methodSettings["*/*"]?.loggingLevel ?? "OFF";
}
