/**
 * THE one place for API Gateway's execution-log texts. Correct a wording here and every
 * consumer (parser, filter patterns, simulator tests) follows.
 *
 * `confirmed` = the text was seen verbatim in AWS documentation / Knowledge Center articles,
 * in CAUSES.md, or in test/fixtures/execution-log-samples.txt (real pasted lines).
 * Unconfirmed texts are our best knowledge of AWS's wording; a line that matches none of them
 * is still kept by the parser as kind "unknown".
 */
import type { LogEventKind, NotAuthorizedReason } from "./types";

export interface LogLinePattern {
  kind: Exclude<LogEventKind, "access-log" | "unknown">;
  /**
   * Matched against the line without its "(requestId) " / "[timestamp] " prefixes.
   * Named groups feed LogEvent fields: requestId, maskedKey, apiId, stage, method,
   * resourcePath, status, authorizerId, extendedRequestId, ending.
   */
  regex: RegExp;
  confirmed: boolean;
  note: string;
}

// An empty key leaves two spaces ("API Key  authorized"); copies of logs often collapse them
// into one, so the space before the key is optional and the key may be empty.
const KEY = " ?(?<maskedKey>\\S*)";
const API_STAGE = "(?<apiId>\\w+)/(?<stage>[\\w-]+)";
const METHOD = "'(?<method>[A-Z]+) (?<resourcePath>[^']*)'";

const re = (source: string): RegExp => new RegExp(source);

/** Ordered: the first match wins. */
export const LOG_LINE_PATTERNS: readonly LogLinePattern[] = [
  {
    kind: "extended-request-id",
    regex: re("^Extended Request Id: (?<extendedRequestId>\\S+)$"),
    confirmed: true,
    note: "fixture; value is the x-amz-apigw-id response header",
  },
  {
    kind: "usage-plan-verifying",
    regex: re(`^Verifying Usage Plan for request: (?<requestId>\\S+?)\\. API Key:${KEY} API Stage: ${API_STAGE}$`),
    confirmed: true,
    note: "fixture (both empty-key spacings), CAUSES.md, Knowledge Center 'api-gateway-logs'",
  },
  {
    kind: "api-key-not-authorized",
    regex: re(`^API Key${KEY} not authorized because method ${METHOD} requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_STAGE}: (?<ending>.+)$`),
    confirmed: true,
    note: "fixture (both endings), CAUSES.md; endings in NOT_AUTHORIZED_ENDINGS",
  },
  {
    kind: "api-key-not-required",
    regex: re(`^API Key${KEY} authorized because method ${METHOD} does not require API Key`),
    confirmed: true,
    note: "fixture; continues '. Request will not contribute to throttle or quota limits'",
  },
  {
    kind: "usage-plan-check-succeeded",
    regex: re(`^Usage Plan check succeeded for API Key${KEY} and API Stage ${API_STAGE}$`),
    confirmed: true,
    note: "fixture",
  },
  {
    kind: "usage-plan-check-failed",
    regex: re("^Usage Plan check failed due to an internal error"),
    confirmed: true,
    note: "developer guide 'Test usage plans': rare, request is served without limits",
  },
  {
    kind: "starting-execution",
    regex: re("^Starting execution for request: (?<requestId>\\S+)$"),
    confirmed: true,
    note: "fixture; absent when the key check rejected the request",
  },
  {
    kind: "http-method",
    regex: re("^HTTP Method: (?<method>[A-Z]+), Resource Path: (?<resourcePath>\\S+)$"),
    confirmed: true,
    note: "fixture",
  },
  {
    kind: "api-key-line",
    regex: re("^API Key: (?<maskedKey>\\S*)$"),
    confirmed: true,
    note: "fixture (after 'HTTP Method')",
  },
  {
    kind: "method-request-headers",
    regex: re("^Method request headers: "),
    confirmed: true,
    note: "CAUSES.md, public issues; only with data tracing on; may hold unmasked secrets",
  },
  {
    kind: "method-completed",
    regex: re("^Method completed with status: (?<status>\\d{3})$"),
    confirmed: true,
    note: "fixture",
  },
  {
    kind: "authorizer-starting",
    regex: re("^Starting authorizer: (?<authorizerId>\\S+) for request: (?<requestId>\\S+)$"),
    confirmed: true,
    note: "fixture, Knowledge Center 'api-gateway-logs'",
  },
  {
    kind: "authorizer-succeeded",
    regex: re("^Successfully completed authorizer execution$"),
    confirmed: true,
    note: "fixture, Knowledge Center 'api-gateway-logs'",
  },
  {
    kind: "authorizer-policy",
    regex: re("^Using valid authorizer policy for principal: "),
    confirmed: true,
    note: "fixture (principal masked like a key)",
  },
  {
    kind: "authorizer-unauthorized",
    regex: re("^Unauthorized request: (?<requestId>\\S+)$"),
    confirmed: true,
    note: "fixture, Knowledge Center 'api-gateway-logs' (token missing or invalid: 401, authorizer not run)",
  },
  {
    kind: "usage-plan-throttled",
    regex: re(`^API Key${KEY} exceeded throttle limit for API Stage ${API_STAGE}: `),
    confirmed: true,
    note: "Knowledge Center 'api-gateway-429-limit' (answered 429 Too Many Requests)",
  },
  {
    kind: "usage-plan-quota-exceeded",
    regex: re(`^API Key${KEY} exceeded quota limit for API Stage ${API_STAGE}: `),
    confirmed: true,
    note: "Knowledge Center 'api-gateway-429-limit' (answered 429 Limit Exceeded)",
  },
  {
    kind: "authorizer-denied",
    regex: re("^The client is not authorized to perform this operation\\.?$"),
    confirmed: false,
    note:
      "not found verbatim in AWS docs, Knowledge Center articles or public issues; the Knowledge Center " +
      "only quotes the client bodies 'User is not authorized to access this resource[ with an explicit deny]'",
  },
];

/** Endings of the api-key-not-authorized line. */
export const NOT_AUTHORIZED_ENDINGS: readonly {
  ending: string;
  reason: NotAuthorizedReason;
  confirmed: boolean;
  note: string;
}[] = [
  {
    ending: "No Usage Plan found for key and API Stage",
    reason: "NO_USAGE_PLAN_FOR_KEY_AND_STAGE",
    confirmed: true,
    note: "CAUSES.md; fixture block 4 (newer wording)",
  },
  {
    ending: "API Stage is not in a Usage Plan",
    reason: "STAGE_NOT_IN_USAGE_PLAN",
    confirmed: true,
    note: "fixture block 3 (2016 wording)",
  },
  {
    ending: "API Key was required but not present",
    reason: "API_KEY_NOT_PRESENT",
    confirmed: true,
    note: "Knowledge Center 'api-gateway-logs': request without the x-api-key header",
  },
];

/** "(requestId) " that CloudWatch stores in front of every execution-log message. */
export const REQUEST_ID_PREFIX = /^\((?<requestId>[^()\s]+)\) /;

/** "[2016-10-11 15:26:57] " that some export tools put in front of the message (zone unknown). */
export const EXPORT_TIMESTAMP_PREFIX = /^\[(?<date>\d{4}-\d{2}-\d{2})[ T](?<time>\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z?\] /;

export function executionLogGroupName(apiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stage}`;
}

/** The API and stage an execution log group belongs to; null for any other group. */
export function stageOfLogGroup(group: string): { apiId: string; stage: string } | null {
  const named = /^API-Gateway-Execution-Logs_(?<apiId>[a-z0-9]+)\/(?<stage>[^/]+)$/.exec(group)?.groups;
  return named?.apiId && named.stage ? { apiId: named.apiId, stage: named.stage } : null;
}

/** Terms for FilterLogEvents `filterPattern` (quoted terms match case-sensitively). */
export const FILTER_TERMS = {
  keyNotInUsagePlan: "not associated with a Usage Plan",
  notAuthorized: "not authorized",
  authorizerUnauthorized: "Unauthorized request",
  verifyingUsagePlan: "Verifying Usage Plan for request",
  authorizerStarting: "Starting authorizer",
} as const;

/** Substrings of the lines that name one call, for FilterLogEvents terms (lib/logs/query.ts). */
export const CALL_TERMS = {
  /** The key-check lines quote the method: `'GET /orders/{id}'`. */
  method: (verb: string, resourcePath: string) => `'${verb} ${resourcePath}'`,
  httpMethod: (verb: string, resourcePath: string) => `HTTP Method: ${verb}, Resource Path: ${resourcePath}`,
  /** "Verifying Usage Plan …" of a request without a key (two spaces). */
  verifyingEmptyKey: (apiId: string, stage: string) => `API Key:  API Stage: ${apiId}/${stage}`,
  verifyingKey: (maskedKeyTail: string, apiId: string, stage: string) => `${maskedKeyTail} API Stage: ${apiId}/${stage}`,
};

/** Lines of a request refused with 401/403, as a Logs Insights `like` regex (triage of recent 403s). */
export const REJECTION_LINES = /not authorized because|Unauthorized request|Method completed with status: 40[13]/;

/**
 * Quotes one term. CloudWatch does not document how to escape a double quote or a backslash
 * inside a quoted term, so such terms (and empty or multi-line ones) are rejected rather than
 * guessed at: gatecheck's terms are AWS log texts and request ids, which never contain them.
 */
function quoteTerm(term: string): string {
  if (term === "" || /["\\\r\n]/.test(term)) {
    throw new Error("filter pattern term must be non-empty, on one line, and contain no double quote or backslash");
  }
  return `"${term}"`;
}

function requireTerms(terms: readonly string[]): void {
  if (terms.length === 0) throw new Error("filter pattern needs at least one term");
}

/** FilterLogEvents refuses a longer `filterPattern`. */
export const MAX_FILTER_PATTERN_LENGTH = 1_024;
/** 20 quoted request ids (41 characters each) stay under MAX_FILTER_PATTERN_LENGTH. */
export const MAX_IDS_PER_PATTERN = 20;

/** Matches events containing any of the terms: `?"a" ?"b"`. */
export function filterPatternAny(terms: readonly string[]): string {
  requireTerms(terms);
  const quoted = terms.map(quoteTerm);
  // a lone "?" alternative is pointless: one term is just that term
  return quoted.length === 1 ? quoted.join("") : quoted.map((q) => `?${q}`).join(" ");
}

/** Matches events containing all of the terms: `"a" "b"`. */
export function filterPatternAll(terms: readonly string[]): string {
  requireTerms(terms);
  return terms.map(quoteTerm).join(" ");
}
