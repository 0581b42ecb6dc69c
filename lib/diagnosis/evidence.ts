// PURE: what the log lines of one request say happened to it. The one mapping from log lines to finding
// codes, used by the diagnosis (the verdict follows the call's own lines) and by triage (its groups).
import type { ApiKey, UsagePlan } from "@/lib/aws/types";
import type { LogEvent } from "@/lib/logs/types";
import type { FindingCode } from "./types";

export type RequestOutcome = "allowed" | "forbidden" | "throttled" | "unknown";

/** What the configuration adds to tell apart causes whose lines read alike. */
export interface LineContext {
  /** Keys by their masked value, as logs show them (absent: not read). */
  keysByMasked: Map<string, ApiKey> | null;
  /** `keysByMasked` holds every key of the region (a key not in it is unknown), not only the call's own. */
  keysComplete: boolean;
  /** Plans holding a key, by key id (absent: not read). */
  plansOfKey: Map<string, UsagePlan[]>;
  /** Null when the API was not read. */
  apiKeySource: "HEADER" | "AUTHORIZER" | null;
  /** The API's resource policy can deny some caller (or the API is PRIVATE, where no Allow means denied); null when not read. */
  policyCanDeny: boolean | null;
  /** The refused method (or, for triage, some method of the API) is AWS_IAM; null when not known. */
  iamMethod: boolean | null;
}

export interface RequestEvidence {
  requestId: string;
  /** Epoch ms of its first line. */
  at: number;
  status: number | null;
  outcome: RequestOutcome;
  /** Why it was refused; null when it was not, or the lines do not say. */
  code: FindingCode | null;
  /** The configuration agrees with what the lines suggest. */
  confirmed: boolean;
  /** Masked as AWS logs it; "" when the request carried no key; null when no line shows a key. */
  maskedKey: string | null;
  keyId: string | null;
  method: string | null;
  resourcePath: string | null;
  lines: LogEvent[];
}

/** Lines grouped by request id, oldest request first (lines without an id are left out). */
function linesByRequest(events: readonly LogEvent[]): Map<string, LogEvent[]> {
  const byRequest = new Map<string, LogEvent[]>();
  for (const e of events) if (e.requestId) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
  return new Map([...byRequest.entries()].sort(([, a], [, b]) => (a[0]?.timestamp ?? 0) - (b[0]?.timestamp ?? 0)));
}

const REFUSED = new Set([401, 403]);

/** The key one request's lines show, masked as AWS logs it; "" for none sent; null when no line shows a key. */
function maskedKeyOf(lines: readonly LogEvent[]): string | null {
  const shown = lines.find((e) => (e.kind === "api-key-not-authorized" || e.kind === "usage-plan-verifying" || e.kind === "api-key-line") && e.maskedKey !== undefined);
  return shown?.maskedKey ?? null;
}

/**
 * The request a diagnosis is about: the one asked for by id; else, when no key was chosen, the newest one
 * refused (the 403 someone is chasing), else the newest.
 */
export function targetOf(requests: readonly RequestEvidence[], requestId: string | null, preferRefused: boolean): RequestEvidence | null {
  if (requestId) return requests.find((r) => r.requestId === requestId) ?? null;
  const newest = [...requests].reverse();
  return (preferRefused ? newest.find((r) => r.outcome === "forbidden" || r.outcome === "throttled") : undefined) ?? newest[0] ?? null;
}

const NO_CONTEXT: LineContext = { keysByMasked: null, keysComplete: false, plansOfKey: new Map(), apiKeySource: null, policyCanDeny: false, iamMethod: null };

/**
 * The keys the call's requests carried, the target request's first (see targetOf), then the others newest
 * first ("" stands for a request that carried none); and which key each request carried.
 */
export function keysOfRequests(events: readonly LogEvent[], requestId: string | null): { keys: string[]; keyOf: Map<string, string | null> } {
  const requests = evidenceOfLines(events, NO_CONTEXT);
  const first = targetOf(requests, requestId, true);
  const keys = [first, ...[...requests].reverse()].flatMap((r) => (r && r.maskedKey !== null ? [r.maskedKey] : []));
  return { keys: [...new Set(keys)], keyOf: new Map(requests.map((r) => [r.requestId, r.maskedKey])) };
}

/** The evidence of one request's lines. */
export function evidenceOf(requestId: string, lines: LogEvent[], context: LineContext): RequestEvidence {
  const completed = lines.find((e) => e.kind === "method-completed" || (e.kind === "access-log" && e.status !== undefined));
  const status = completed?.status ?? null;
  const notAuthorized = lines.find((e) => e.kind === "api-key-not-authorized");
  const verifying = lines.find((e) => e.kind === "usage-plan-verifying");
  const maskedKey = maskedKeyOf(lines);
  const key = maskedKey ? (context.keysByMasked?.get(maskedKey) ?? null) : null;
  const named = notAuthorized ?? lines.find((e) => e.kind === "http-method") ?? lines.find((e) => e.method !== undefined);
  const base = {
    requestId,
    at: lines[0]?.timestamp ?? 0,
    status,
    maskedKey,
    keyId: key?.id ?? null,
    method: named?.method ?? null,
    resourcePath: named?.resourcePath ?? null,
    lines,
  };
  const verdict = (outcome: RequestOutcome, code: FindingCode | null, confirmed = true): RequestEvidence => ({ ...base, outcome, code, confirmed });

  const access = lines.find((e) => e.kind === "access-log");
  if (access?.wafResponseCode === "WAF_BLOCK" || access?.responseType === "WAF_FILTERED") return verdict("forbidden", "WAF_ACL_ATTACHED");
  const limited = lines.some((e) => e.kind === "usage-plan-throttled" || e.kind === "usage-plan-quota-exceeded") || status === 429;
  if (limited) return verdict("throttled", "QUOTA_OR_THROTTLE");
  // The method ran: every gate let the request through, whatever the integration answered.
  if (lines.some((e) => e.kind === "starting-execution")) return verdict("allowed", null);

  const refusedByAuthorizer = lines.some((e) => e.kind === "authorizer-unauthorized" || e.kind === "authorizer-denied");
  const refused = notAuthorized !== undefined || refusedByAuthorizer || (status !== null && REFUSED.has(status));
  if (!refused) return verdict(status === null ? "unknown" : "allowed", null);

  const authorizerRan = lines.some((e) => e.kind === "authorizer-starting");
  if (refusedByAuthorizer || (authorizerRan && !verifying)) return verdict("forbidden", "AUTHORIZER_ON_METHOD");
  if (maskedKey === "" || notAuthorized?.reason === "API_KEY_NOT_PRESENT") {
    if (context.apiKeySource === "AUTHORIZER") return verdict("forbidden", "KEY_SOURCE_AUTHORIZER");
    // Browsers send a CORS preflight without custom headers: a different fix from a client that forgot the key.
    // With the key source unread, the key may be the authorizer's to supply: the cause is not confirmed.
    return verdict("forbidden", base.method === "OPTIONS" ? "PREFLIGHT_REQUIRES_KEY" : "KEY_MISSING", context.apiKeySource !== null);
  }
  if (notAuthorized?.reason === "STAGE_NOT_IN_USAGE_PLAN") return verdict("forbidden", "STAGE_IN_NO_PLAN");
  if (notAuthorized?.reason === "NO_USAGE_PLAN_FOR_KEY_AND_STAGE") {
    // The same line for both: the key's own plans decide (CAUSES.md, "Log line → finding").
    const plans = key ? context.plansOfKey.get(key.id) : undefined;
    if (!plans) return verdict("forbidden", "KEY_IN_NO_PLAN", false);
    return verdict("forbidden", plans.length === 0 ? "KEY_IN_NO_PLAN" : "KEY_PLAN_MISSING_STAGE");
  }
  // The usage-plan check began but wrote no verdict line: the key itself (AWS logs no line for it).
  if (verifying && maskedKey) {
    if (!context.keysByMasked) return verdict("forbidden", null, false);
    if (!key) return context.keysComplete ? verdict("forbidden", "KEY_UNKNOWN") : verdict("forbidden", null, false);
    if (!key.enabled) return verdict("forbidden", "KEY_DISABLED");
    return verdict("forbidden", null, false);
  }
  if (access?.responseType === "ACCESS_DENIED") return verdict("forbidden", authorizerRan ? "AUTHORIZER_ON_METHOD" : "RESOURCE_POLICY_DENIES");
  // Refused before any key check, with no authorizer line: the resource policy or an unsigned IAM call, which read alike.
  if (!verifying && context.policyCanDeny && context.iamMethod === false) return verdict("forbidden", "RESOURCE_POLICY_DENIES");
  if (!verifying && context.policyCanDeny === false && context.iamMethod === true) return verdict("forbidden", "AUTHORIZER_ON_METHOD");
  return verdict("forbidden", null, false);
}

/** Every request of the lines, oldest first. */
export function evidenceOfLines(events: readonly LogEvent[], context: LineContext): RequestEvidence[] {
  return [...linesByRequest(events).entries()].map(([id, lines]) => evidenceOf(id, lines, context));
}
