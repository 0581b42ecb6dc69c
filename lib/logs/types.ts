/** Types of gatecheck's execution-log / access-log parser (see CAUSES.md, "Execution logs"). */

export type LogEventKind =
  | "extended-request-id"
  | "usage-plan-verifying"
  | "api-key-not-authorized"
  | "api-key-not-required"
  | "usage-plan-check-succeeded"
  | "usage-plan-check-failed"
  | "starting-execution"
  | "http-method"
  | "api-key-line"
  | "method-request-headers"
  | "method-completed"
  | "authorizer-starting"
  | "authorizer-succeeded"
  | "authorizer-policy"
  | "authorizer-unauthorized"
  | "authorizer-denied"
  | "usage-plan-throttled"
  | "usage-plan-quota-exceeded"
  | "access-log"
  | "unknown";

/** The ending of the "… is not associated with a Usage Plan for API Stage a/s: <ending>" line. */
export type NotAuthorizedReason = "NO_USAGE_PLAN_FOR_KEY_AND_STAGE" | "STAGE_NOT_IN_USAGE_PLAN" | "API_KEY_NOT_PRESENT";

export interface LogEventMeta {
  /** epoch milliseconds, as CloudWatch Logs returns it */
  timestamp?: number;
  logStreamName?: string;
  eventId?: string;
}

/** One event as FilterLogEvents / GetLogEvents return it. */
export interface RawLogEvent extends LogEventMeta {
  message: string;
}

export interface LogEvent {
  requestId: string | null;
  kind: LogEventKind;
  timestamp: number | null;
  logStreamName?: string;
  eventId?: string;
  /** the line exactly as given (AWS already masked the key in it) */
  message: string;
  /** masked like AWS ("****…" + last 6); "" when the request carried no key */
  maskedKey?: string;
  apiStage?: { apiId: string; stage: string };
  /** HTTP verb */
  method?: string;
  resourcePath?: string;
  status?: number;
  authorizerId?: string;
  extendedRequestId?: string;
  reason?: NotAuthorizedReason;
  /** access logs: $context.error.responseType, e.g. "INVALID_API_KEY" */
  responseType?: string;
  /** access logs: $context.error.message */
  errorMessage?: string;
  /** access logs: $context.identity.apiKeyId */
  apiKeyId?: string;
  /** access logs: $context.wafResponseCode, e.g. "WAF_BLOCK" */
  wafResponseCode?: string;
  /** finding code this line supports; filled by the diagnosis, never by the parser */
  supports?: string;
}
