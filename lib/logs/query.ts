// Execution-log correlation for one request or one call. Every search is narrowed by time window AND
// filter pattern, so the lines CloudWatch scans grow with the window, never with the log group.
import "server-only";
import type { AwsClients } from "@/lib/aws/clients";
import type { FilterLogEventsResult } from "@/lib/aws/logs";
import { toReadGap } from "@/lib/inventory/gaps";
import type { ReadGap } from "@/lib/inventory/types";
import { byTime, searchLogs, type LogSearch } from "./batch";
import { parseLogEvents } from "./parse";
import { last6 } from "./mask";
import { CALL_TERMS, FILTER_TERMS, MAX_IDS_PER_PATTERN, executionLogGroupName } from "./patterns";
import type { LogEvent, RawLogEvent } from "./types";

/** A log read gatecheck could not make: the diagnosis degrades (logs hop unknown) instead of failing. */
export type LogQueryGap = ReadGap;

export type LogSearchStatus = "found" | "none-in-window" | "group-missing";

export interface UnreadableLogs {
  status: "unreadable";
  events: [];
  gap: LogQueryGap;
}

export type RequestLogsResult = { status: LogSearchStatus; events: LogEvent[] } | UnreadableLogs;

export type CallLogsResult = { status: LogSearchStatus; events: LogEvent[]; requestIds: string[] } | (UnreadableLogs & { requestIds: [] });

/** Pass 1 reads the newest part of the window first: the 403 being debugged is usually minutes old. */
const RECENT_MS = 15 * 60_000;
/** Candidate lines pass 1 reads at most, newest first. */
const MAX_CANDIDATE_LINES = 2_000;
/** Lines of chosen requests read at most; a request writes about ten, a data trace a few more. */
const MAX_REQUEST_LINES = 5_000;
/** FilterLogEvents calls per search: AWS may answer empty pages with a nextToken while it scans. */
const MAX_PAGES = 20;
/** Lines of one request lie within its authorizer (≤ 30 s) and integration (≤ 29 s) timeouts. */
const REQUEST_SPAN_MS = 60_000;

export interface RequestLogQuery {
  apiId: string;
  stage: string;
  /** x-amzn-RequestId of the response. */
  requestId: string;
  /** Epoch ms, both ends inclusive. */
  from: number;
  to: number;
}

/** Every execution-log line of one request id, in time order. */
export async function logsOfRequest(clients: AwsClients, query: RequestLogQuery): Promise<RequestLogsResult> {
  try {
    const found = await search(clients, {
      logGroupName: executionLogGroupName(query.apiId, query.stage),
      startTime: query.from,
      endTime: query.to,
      terms: [query.requestId],
      maxEvents: MAX_REQUEST_LINES,
    });
    if (found.groupMissing) return { status: "group-missing", events: [] };
    const events = inTimeOrder(found.events).filter((e) => e.requestId === query.requestId);
    return { status: events.length > 0 ? "found" : "none-in-window", events };
  } catch (err) {
    return unreadable(err);
  }
}

export interface CallLogQuery {
  apiId: string;
  stage: string;
  /** The HTTP verb the client sent. */
  method: string;
  /** The route template (`/orders/{id}`). */
  resourcePath: string;
  /** The concrete path called (`/orders/o-1042`), when known. */
  path?: string;
  /** The last 6 characters of the API key the client sent, when known. */
  maskedKeyTail?: string;
  /** Epoch ms, both ends inclusive. */
  from: number;
  to: number;
  /** At most 20 (request ids per filter pattern). */
  maxRequests?: number;
}

/**
 * All lines of the newest requests of one call (newest request first, each request's lines in time order),
 * in two or three FilterLogEvents calls: pass 1 finds candidate request ids from the lines that name the call
 * (newest 15 minutes of the window, then the rest only if nothing turned up), pass 2 reads those requests whole.
 */
export async function logsOfCall(clients: AwsClients, query: CallLogQuery): Promise<CallLogsResult> {
  const { from, to } = query;
  const maxRequests = Math.min(query.maxRequests ?? 5, MAX_IDS_PER_PATTERN);
  const logGroupName = executionLogGroupName(query.apiId, query.stage);
  const nothing = (status: Exclude<LogSearchStatus, "found">): CallLogsResult => ({ status, events: [], requestIds: [] });
  try {
    const terms = callTerms(query);
    const candidatesIn = async (startTime: number, endTime: number) => {
      const found = await search(clients, { logGroupName, startTime, endTime, terms, newestFirst: true, maxEvents: MAX_CANDIDATE_LINES });
      return found.groupMissing ? null : requestsOf(inTimeOrder(found.events), query).filter((r) => r.belongs !== "no");
    };
    const recentStart = Math.max(from, to - RECENT_MS);
    let candidates = await candidatesIn(recentStart, to);
    if (candidates?.length === 0 && recentStart > from) candidates = await candidatesIn(from, recentStart - 1);
    if (candidates === null) return nothing("group-missing");

    const chosen = choose(candidates, maxRequests);
    if (chosen.length === 0) return nothing("none-in-window");
    const starts = chosen.map((r) => r.start);
    const lines = await search(clients, {
      logGroupName,
      startTime: Math.min(...starts) - REQUEST_SPAN_MS,
      endTime: Math.max(...starts) + REQUEST_SPAN_MS,
      terms: chosen.map((r) => r.requestId),
      maxEvents: MAX_REQUEST_LINES,
    });
    if (lines.groupMissing) return nothing("group-missing");
    const ids = new Set(chosen.map((r) => r.requestId));
    const requests = requestsOf(inTimeOrder(lines.events), query)
      .filter((r) => ids.has(r.requestId) && r.belongs !== "no")
      .slice(0, maxRequests);
    if (requests.length === 0) return nothing("none-in-window");
    return { status: "found", events: requests.flatMap((r) => r.events), requestIds: requests.map((r) => r.requestId) };
  } catch (err) {
    return { ...unreadable(err), requestIds: [] };
  }
}

/**
 * Filter terms for the lines that can belong to the call. Only the key-check lines ('VERB /template') and
 * "HTTP Method: …, Resource Path: …" name the method; the "Verifying Usage Plan" line names only the key and
 * the stage, and it is the one line a request rejected for an unknown, disabled or missing key may leave.
 * A request refused by a Lambda authorizer leaves only authorizer lines, named by neither.
 */
function callTerms({ apiId, stage, method, resourcePath, path, maskedKeyTail }: CallLogQuery): string[] {
  const terms = [CALL_TERMS.method(method, resourcePath), CALL_TERMS.httpMethod(method, resourcePath), CALL_TERMS.verifyingEmptyKey(apiId, stage)];
  // an ANY method is named 'ANY /template' whatever verb was sent
  if (method !== "ANY") terms.push(CALL_TERMS.method("ANY", resourcePath));
  // "Resource Path" may show the path called rather than the template
  if (path !== undefined && path !== resourcePath) terms.push(CALL_TERMS.httpMethod(method, path));
  if (maskedKeyTail) terms.push(CALL_TERMS.verifyingKey(maskedKeyTail, apiId, stage));
  terms.push(FILTER_TERMS.authorizerStarting);
  return terms;
}

/** Whether a line names this call's method ("this"), another method or path ("other"), or no method (null). */
function routeNaming(event: LogEvent, call: CallLogQuery): "this" | "other" | null {
  const { kind, method, resourcePath } = event;
  if (method === undefined || resourcePath === undefined) return null;
  if (kind === "http-method") return method === call.method && (resourcePath === call.resourcePath || resourcePath === call.path) ? "this" : "other";
  if (kind === "api-key-not-authorized" || kind === "api-key-not-required") {
    if (resourcePath !== call.resourcePath) return "other";
    return method === call.method ? "this" : method === "ANY" ? null : "other";
  }
  return null;
}

/** A line showing a key other than the caller's: another client's request. No key ("") may be the caller's (KEY_MISSING, KEY_NOT_IN_HEADER). */
const otherKey = (event: LogEvent, call: CallLogQuery) => call.maskedKeyTail !== undefined && event.maskedKey !== undefined && event.maskedKey !== "" && last6(event.maskedKey) !== call.maskedKeyTail;

/** "maybe": no line read names a method (the key was rejected before the method, or pass 2 will tell). */
type Belongs = "yes" | "maybe" | "no";

/** Another key rules a request out; a line naming this call's method outweighs one naming another. */
function belongs(lines: LogEvent[], call: CallLogQuery): Belongs {
  if (lines.some((e) => otherKey(e, call))) return "no";
  const routes = lines.map((e) => routeNaming(e, call));
  return routes.includes("this") ? "yes" : routes.includes("other") ? "no" : "maybe";
}

interface RequestLines {
  requestId: string;
  /** Time of the request's first line read. */
  start: number;
  /** In time order. */
  events: LogEvent[];
  belongs: Belongs;
}

/** Lines (in time order) grouped by request, newest request first. */
function requestsOf(events: LogEvent[], call: CallLogQuery): RequestLines[] {
  const byId = new Map<string, LogEvent[]>();
  for (const event of events) {
    if (event.requestId === null) continue;
    const lines = byId.get(event.requestId);
    if (lines) lines.push(event);
    else byId.set(event.requestId, [event]);
  }
  return [...byId].map(([requestId, lines]) => ({ requestId, start: lines[0]?.timestamp ?? 0, events: lines, belongs: belongs(lines, call) })).sort((a, b) => b.start - a.start);
}

/**
 * The requests pass 2 reads: the newest `maxRequests` named ones, plus the unnamed ones newer than the last
 * of those (pass 2 shows whether they belong to the call), within one filter pattern's worth of ids.
 */
function choose(candidates: RequestLines[], maxRequests: number): RequestLines[] {
  const named = candidates.filter((r) => r.belongs === "yes").slice(0, maxRequests);
  const oldestNamed = named.length === maxRequests ? (named[named.length - 1]?.start ?? -Infinity) : -Infinity;
  const unnamed = candidates.filter((r) => r.belongs === "maybe" && r.start > oldestNamed);
  return [...named, ...unnamed].slice(0, MAX_IDS_PER_PATTERN);
}

function search(clients: AwsClients, input: Omit<LogSearch, "maxPages">): Promise<FilterLogEventsResult> {
  return searchLogs(clients, { ...input, maxPages: MAX_PAGES });
}

/** Parsed in time order: AWS answers newest first when asked, and interleaves streams. */
function inTimeOrder(events: RawLogEvent[]): LogEvent[] {
  return parseLogEvents([...events].sort(byTime));
}

function unreadable(err: unknown): UnreadableLogs {
  return { status: "unreadable", events: [], gap: toReadGap(err) };
}

export interface AccessLogQuery {
  /** The stage's access-log group (from `accessLogSettings.destinationArn`). */
  logGroupName: string;
  method: string;
  resourcePath: string;
  requestIds?: string[];
  from: number;
  to: number;
}

const MAX_ACCESS_LINES = 200;

/**
 * The newest JSON access-log lines of one call (or of given request ids): they carry what execution logs
 * never show, such as WAF blocks and the gateway response type. One FilterLogEvents call.
 */
export async function accessLogsOfCall(clients: AwsClients, query: AccessLogQuery): Promise<RequestLogsResult> {
  try {
    // WAF rejects before routing, so a blocked request's line has no resource path: look for the block too.
    const terms = query.requestIds?.length ? query.requestIds.slice(0, MAX_IDS_PER_PATTERN) : [query.resourcePath, "WAF_BLOCK"];
    const found = await search(clients, {
      logGroupName: query.logGroupName,
      startTime: query.from,
      endTime: query.to,
      terms,
      newestFirst: true,
      maxEvents: MAX_ACCESS_LINES,
    });
    if (found.groupMissing) return { status: "group-missing", events: [] };
    const events = inTimeOrder(found.events)
      .filter((e) => e.kind === "access-log" && (query.requestIds?.length ? true : (e.resourcePath === query.resourcePath || e.resourcePath === undefined) && (!e.method || e.method === query.method)))
      .reverse();
    return { status: events.length ? "found" : "none-in-window", events };
  } catch (err) {
    return unreadable(err);
  }
}
