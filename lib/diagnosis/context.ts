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
  /** What the stage serves; null when the deployment keeps no snapshot (rules judge from the draft and say so) or is unread. */
  deployedRoutes: DeployedRoutes | null;
  /** Why what the stage serves is unknown: its stages or deployment could not be read. Then no draft stands in for it. */
  deployedGap: ReadGap | null;
  deployedMatch: RouteMatch | null;
  draftMatch: RouteMatch | null;
  /** The method as served: deployed when readable, the draft's when the deployment keeps no snapshot, else null. */
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

/** Why `what` could not be judged, from the read that failed: the action denied, the timeout, the throttling. */
export function unreadableReason(gap: Omit<ReadGap, "message">, what: string): string {
  switch (gap.kind) {
    case "access-denied":
      return `gatecheck may not read ${what} (${gap.action} denied)`;
    case "timeout":
      return `reading ${what} timed out (${gap.operation})`;
    case "throttled":
      return `AWS throttled ${gap.operation} even after retries`;
    default:
      return `reading ${what} failed: ${gap.code}`;
  }
}

export function buildContext(call: CallFacts, inventory: FocusedInventory, logs: CallLogs): DiagnosisContext {
  const draftApi = valueOf(inventory.restApi);
  // A failed read of what the stage serves leaves it unknown; the draft stands in only for a deployment read
  // that succeeded without a snapshot (emulators keep none), never for a read AWS refused or failed.
  const deployedGap = inventory.stages.state === "gap" ? inventory.stages.gap : inventory.deployment.state === "gap" ? inventory.deployment.gap : null;
  // AWS applies the resource policy and the key source on deployment: the deployed ones decide, when read.
  const settings = valueOf(inventory.deployment)?.settings ?? null;
  const api = draftApi && settings ? { ...draftApi, policy: settings.policy, apiKeySource: settings.apiKeySource ?? draftApi.apiKeySource } : draftApi;
  const stage = valueOf(inventory.stages)?.find((s) => s.name === call.stage) ?? null;
  const resources = valueOf(inventory.resources);
  const draftRoutes = resources ? routesOfDraft(resources) : null;
  const deployedRoutes = valueOf(inventory.deployment)?.routes ?? null;
  const deployedMatch = deployedRoutes && !call.routeUnknown ? matchRoute(deployedRoutes, call.path, call.method) : null;
  const draftMatch = draftRoutes && !call.routeUnknown ? matchRoute(draftRoutes, call.path, call.method) : null;
  const policy: PolicyVerdict =
    !api || !stage
      ? { verdict: "no-policy" }
      : // The draft's policy says nothing of the deployed one when the deployment could not be read.
        deployedGap && api.policy
        ? { verdict: "unreadable", reason: unreadableReason(deployedGap, "the deployed resource policy") }
        : policyVerdict(api, stage.name, call);
  const method = deployedRoutes ? deployedMatch : deployedGap ? null : draftMatch;
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
  // A key named by id but unreadable leaves its masked value unknown: the lines found are any caller's on the route.
  const linesOfAnyKey = call.presentedKey?.resolution === "by-id" && inventory.apiKey.state === "gap";
  const target = linesOfAnyKey && !call.requestId ? null : targetOf(evidence, call.requestId, !keyNamed);
  return {
    call,
    inventory,
    logs,
    api,
    draftApi,
    stage,
    draftRoutes,
    deployedRoutes,
    deployedGap,
    deployedMatch,
    draftMatch,
    method,
    methodFromDraft: !deployedRoutes && !deployedGap,
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
  const forwardedFor = request?.headers
    .find((h) => h.name.toLowerCase() === "x-forwarded-for")
    ?.value.split(",")[0]
    ?.trim();
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
