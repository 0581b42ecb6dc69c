// Writing execution and access logs to the simulator's CloudWatch Logs store, only when API Gateway would
// (sim/CONVENTIONS.md): the region's account has a cloudwatchRoleArn, and for execution logs the method's
// logging level is INFO (ERROR: failing requests only).
import { createHash } from "node:crypto";
import type { SimContext } from "../context";
import { loggingLevelFor, methodSettingsKey, type SimStage, type SimState } from "../state";
import { renderContext, type ContextValues } from "./variables";

/** API Gateway spreads a stage's execution log over a few opaque streams. */
const STREAMS_PER_GROUP = 3;
/** Lines of one request land a few ms apart, in order. */
const LINE_SPACING_MS = 2;

export function executionLogGroupName(apiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stage}`;
}

/** One of the group's few 32-hex stream names, always the same for a request id. */
function streamName(group: string, requestId: string): string {
  const slot = createHash("md5").update(requestId).digest()[0]! % STREAMS_PER_GROUP;
  return createHash("md5").update(`${group}#${slot}`).digest("hex");
}

/** API Gateway writes no log at all, execution or access, without the account's CloudWatch role. */
function accountCanLog(state: SimState, region: string): boolean {
  return state.accounts[region]?.cloudwatchRoleArn !== undefined;
}

export function executionLogWanted(state: SimState, region: string, stage: SimStage, resourcePath: string, httpMethod: string, status: number): boolean {
  if (!accountCanLog(state, region)) return false;
  const level = loggingLevelFor(stage, resourcePath, httpMethod);
  return level === "INFO" || (level === "ERROR" && status >= 400);
}

/** Data trace (full request lines) of a method: per-method setting, else `*\/*`. */
export function dataTraceEnabledFor(stage: SimStage, resourcePath: string, httpMethod: string): boolean {
  return stage.methodSettings[methodSettingsKey(resourcePath, httpMethod)]?.dataTraceEnabled ?? stage.methodSettings["*/*"]?.dataTraceEnabled ?? false;
}

/** Appends one request's execution-log messages, each prefixed `({requestId}) ` as CloudWatch stores them. */
export function writeExecutionLog(ctx: SimContext, region: string, apiId: string, stage: string, requestId: string, at: number, messages: readonly string[]): void {
  const group = executionLogGroupName(apiId, stage);
  ctx.logs.put(
    region,
    group,
    streamName(group, requestId),
    messages.map((message, i) => ({ timestamp: at + i * LINE_SPACING_MS, message: `(${requestId}) ${message}` })),
  );
}

/** `arn:aws:logs:{region}:{account}:log-group:{name}[:*]` → name. */
function logGroupOfArn(arn: string): string | undefined {
  return /:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1];
}

/** Appends the stage's access-log line for a request; unknown or valueless `$context` variables print `-`. */
export function writeAccessLog(ctx: SimContext, region: string, stage: SimStage, at: number, values: ContextValues): void {
  const settings = stage.accessLogSettings;
  const group = settings && logGroupOfArn(settings.destinationArn);
  if (!settings || !group || !accountCanLog(ctx.state, region)) return;
  ctx.logs.put(region, group, streamName(group, values.requestId), [{ timestamp: at, message: renderContext(settings.format, values, () => "-") }]);
}
