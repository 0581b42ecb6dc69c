// Facts every rule needs, derived once from the inventory, the call and its log lines.
import type { ApiKey, DeployedRoutes, RestApi, Stage, UsagePlan } from "@/lib/aws/types";
import type { FocusedInventory, Read, ReadGap } from "@/lib/inventory/types";
import type { LogEvent } from "@/lib/logs/types";
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
  api: RestApi | null;
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
}

export const valueOf = <T>(read: Read<T>): T | null => (read.state === "ok" ? read.value : null);

export function buildContext(call: CallFacts, inventory: FocusedInventory, logs: CallLogs): DiagnosisContext {
  const api = valueOf(inventory.restApi);
  const stage = valueOf(inventory.stages)?.find((s) => s.name === call.stage) ?? null;
  const resources = valueOf(inventory.resources);
  const draftRoutes = resources ? routesOfDraft(resources) : null;
  const deployedRoutes = valueOf(inventory.deployment)?.routes ?? null;
  const deployedMatch = deployedRoutes ? matchRoute(deployedRoutes, call.path, call.method) : null;
  const draftMatch = draftRoutes ? matchRoute(draftRoutes, call.path, call.method) : null;
  return {
    call,
    inventory,
    logs,
    api,
    stage,
    draftRoutes,
    deployedRoutes,
    deployedMatch,
    draftMatch,
    method: deployedRoutes ? deployedMatch : draftMatch,
    methodFromDraft: !deployedRoutes,
    key: valueOf(inventory.apiKey),
    keyPlans: valueOf(inventory.keyPlans),
    stagePlans: valueOf(inventory.stagePlans),
    accountId: accountIdOf([valueOf(inventory.account)?.cloudwatchRoleArn, stage?.webAclArn, stage?.accessLogSettings?.destinationArn]),
  };
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
