/**
 * PURE parser: raw execution-log / access-log message → LogEvent. No I/O; runs in the browser too.
 * Every line is kept: what no pattern recognises becomes kind "unknown" with its raw text.
 */
import { EXPORT_TIMESTAMP_PREFIX, LOG_LINE_PATTERNS, NOT_AUTHORIZED_ENDINGS, REQUEST_ID_PREFIX } from "./patterns";
import type { LogEvent, LogEventMeta, RawLogEvent } from "./types";

const ACCESS_LOG_COPIED = ["extendedRequestId", "responseType", "errorMessage", "apiKeyId", "wafResponseCode", "method", "resourcePath"] as const;
type AccessLogField = "requestId" | "status" | (typeof ACCESS_LOG_COPIED)[number];

/**
 * Access-log fields gatecheck reads. Users name the JSON keys themselves, so keys are compared
 * normalised (no "$context.", no dots or dashes, lowercase): "error.responseType",
 * "responseType" and {"error":{"responseType":…}} all count.
 */
const ACCESS_LOG_FIELDS = new Map<string, AccessLogField>([
  ["requestid", "requestId"],
  ["extendedrequestid", "extendedRequestId"],
  ["errorresponsetype", "responseType"],
  ["responsetype", "responseType"],
  ["errormessage", "errorMessage"],
  ["identityapikeyid", "apiKeyId"],
  ["apikeyid", "apiKeyId"],
  ["wafresponsecode", "wafResponseCode"],
  ["status", "status"],
  ["httpmethod", "method"],
  ["resourcepath", "resourcePath"],
]);

export function parseLogLine(message: string, meta: LogEventMeta = {}): LogEvent {
  const event: LogEvent = {
    requestId: null,
    kind: "unknown",
    timestamp: meta.timestamp ?? null,
    message,
  };
  if (meta.logStreamName !== undefined) event.logStreamName = meta.logStreamName;
  if (meta.eventId !== undefined) event.eventId = meta.eventId;

  let body = message.trimEnd();
  const exported = EXPORT_TIMESTAMP_PREFIX.exec(body);
  if (exported?.groups) {
    body = body.slice(exported[0].length);
    // The export tool's clock zone is unknown; UTC is the usual choice of such tools.
    event.timestamp ??= Date.parse(`${exported.groups.date}T${exported.groups.time}Z`);
  }
  const prefixed = REQUEST_ID_PREFIX.exec(body);
  if (prefixed?.groups) {
    body = body.slice(prefixed[0].length);
    event.requestId = prefixed.groups.requestId ?? null;
  }

  if (body.startsWith("{")) return parseAccessLog(body, event);

  for (const pattern of LOG_LINE_PATTERNS) {
    const match = pattern.regex.exec(body);
    if (!match) continue;
    event.kind = pattern.kind;
    applyGroups(event, match.groups ?? {});
    break;
  }
  return event;
}

function applyGroups(event: LogEvent, g: Record<string, string | undefined>): void {
  // A line that names its request ("… for request: X") is that request's even without the prefix.
  if (event.requestId === null && g.requestId !== undefined) event.requestId = g.requestId;
  if (g.maskedKey !== undefined) event.maskedKey = g.maskedKey;
  if (g.apiId !== undefined && g.stage !== undefined) {
    event.apiStage = { apiId: g.apiId, stage: g.stage };
  }
  if (g.method !== undefined) event.method = g.method;
  if (g.resourcePath !== undefined) event.resourcePath = g.resourcePath;
  if (g.status !== undefined) event.status = Number(g.status);
  if (g.authorizerId !== undefined) event.authorizerId = g.authorizerId;
  if (g.extendedRequestId !== undefined) event.extendedRequestId = g.extendedRequestId;
  if (g.ending !== undefined) {
    const known = NOT_AUTHORIZED_ENDINGS.find((e) => e.ending === g.ending);
    if (known) event.reason = known.reason;
  }
}

/** A JSON access-log line; only one carrying a request id counts, anything else stays unknown. */
function parseAccessLog(body: string, event: LogEvent): LogEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return event;
  }
  if (!isRecord(parsed)) return event;

  const fields = new Map<AccessLogField, string>();
  for (const [key, value] of flatten(parsed)) {
    const field = ACCESS_LOG_FIELDS.get(normaliseKey(key));
    // "-" is what API Gateway writes for a $context variable without a value.
    if (field && !fields.has(field) && value !== "" && value !== "-") fields.set(field, value);
  }
  const requestId = fields.get("requestId");
  if (requestId === undefined) return event;

  event.kind = "access-log";
  event.requestId = requestId;
  const status = Number(fields.get("status"));
  if (Number.isInteger(status)) event.status = status;
  for (const field of ACCESS_LOG_COPIED) {
    const value = fields.get(field);
    if (value !== undefined) event[field] = value;
  }
  return event;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Flat "a.b" keys for nested formats like {"error":{"responseType":…}}; scalars as strings. */
function flatten(obj: Record<string, unknown>, prefix = ""): [string, string][] {
  return Object.entries(obj).flatMap(([key, value]): [string, string][] => {
    const path = prefix + key;
    if (isRecord(value)) return flatten(value, `${path}.`);
    if (typeof value === "string" || typeof value === "number") return [[path, String(value)]];
    return [];
  });
}

function normaliseKey(key: string): string {
  return key
    .replace(/^\$?context\./i, "")
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase();
}

/**
 * Parses events in the order given and fills a missing request id from the lines before it in
 * the same log stream: exports without the "(requestId) " prefix still name the id on
 * "Verifying Usage Plan for request: X" / "Starting execution for request: X", and the lines that
 * follow belong to X until another id appears.
 */
export function parseLogEvents(events: readonly RawLogEvent[]): LogEvent[] {
  const currentByStream = new Map<string, string>();
  return events.map(({ message, ...meta }) => {
    const event = parseLogLine(message, meta);
    // access logs live in their own group, one self-contained line per request
    if (event.kind === "access-log") return event;
    const stream = event.logStreamName ?? "";
    if (event.requestId !== null) currentByStream.set(stream, event.requestId);
    else event.requestId = currentByStream.get(stream) ?? null;
    return event;
  });
}
