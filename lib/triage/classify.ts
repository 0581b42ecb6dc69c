// PURE: the cause of each recently rejected request, from its execution-log lines and the configuration,
// and the groups the triage board shows.
import type { ApiKey, UsagePlan } from "@/lib/aws/types";
import type { FindingCode } from "@/lib/diagnosis/types";
import type { LogEvent } from "@/lib/logs/types";

export type TriageCode = FindingCode | "UNCLASSIFIED_403";

export interface RejectedRequest {
  requestId: string;
  apiId: string;
  stage: string;
  /** Epoch ms of its first line. */
  at: number;
  lines: LogEvent[];
}

/** What the configuration says, to tell apart causes whose log lines read alike. */
export interface TriageConfig {
  /** Keys by their masked value, as logs show them. */
  keysByMasked: Map<string, ApiKey>;
  /** Plans holding a key, for the keys seen in rejections (absent: not read). */
  plansOfKey: Map<string, UsagePlan[]>;
  apiKeySourceOf: (apiId: string) => "HEADER" | "AUTHORIZER" | null;
}

export interface Classified {
  code: TriageCode;
  /** The configuration agrees with what the log lines suggest. */
  confirmed: boolean;
  maskedKey: string | null;
  keyId: string | null;
  /** `GET /orders/{id}` when a line names it. */
  route: string | null;
  method: string | null;
  resourcePath: string | null;
}

function statusOf(lines: LogEvent[]): number | null {
  return lines.find((e) => e.kind === "method-completed")?.status ?? null;
}

/** The cause of one request, or null when it was not refused with 401/403. */
export function classify(request: RejectedRequest, config: TriageConfig): Classified | null {
  const { lines } = request;
  const status = statusOf(lines);
  const notAuthorized = lines.find((e) => e.kind === "api-key-not-authorized");
  const refusedByAuthorizer = lines.some((e) => e.kind === "authorizer-unauthorized" || e.kind === "authorizer-denied");
  if (!notAuthorized && !refusedByAuthorizer && status !== 401 && status !== 403) return null;

  const verifying = lines.find((e) => e.kind === "usage-plan-verifying");
  const maskedKey = notAuthorized?.maskedKey ?? verifying?.maskedKey ?? null;
  const key = maskedKey ? (config.keysByMasked.get(maskedKey) ?? null) : null;
  const named = notAuthorized ?? lines.find((e) => e.kind === "http-method");
  const method = named?.method ?? null;
  const resourcePath = named?.resourcePath ?? null;
  const base = { maskedKey: maskedKey || null, keyId: key?.id ?? null, method, resourcePath, route: method && resourcePath ? `${method} ${resourcePath}` : null };
  const result = (code: TriageCode, confirmed: boolean): Classified => ({ ...base, code, confirmed });

  const authorizerRan = lines.some((e) => e.kind === "authorizer-starting");
  if (refusedByAuthorizer || (authorizerRan && !verifying)) return result("AUTHORIZER_ON_METHOD", true);
  if (maskedKey === "" || notAuthorized?.reason === "API_KEY_NOT_PRESENT") {
    const authorizerSource = config.apiKeySourceOf(request.apiId) === "AUTHORIZER";
    return result(authorizerSource ? "KEY_SOURCE_AUTHORIZER" : "KEY_MISSING", true);
  }
  if (notAuthorized?.reason === "STAGE_NOT_IN_USAGE_PLAN") return result("STAGE_IN_NO_PLAN", true);
  if (notAuthorized?.reason === "NO_USAGE_PLAN_FOR_KEY_AND_STAGE") {
    // The same line for both: the key's own plans decide (CAUSES.md, "Log line → finding").
    const plans = key ? config.plansOfKey.get(key.id) : undefined;
    if (!plans) return result("KEY_IN_NO_PLAN", false);
    return result(plans.length === 0 ? "KEY_IN_NO_PLAN" : "KEY_PLAN_MISSING_STAGE", true);
  }
  // Refused after the usage-plan check began but with no verdict line: the key itself (AWS logs no line for it).
  if (verifying && maskedKey) {
    if (!key) return result("KEY_UNKNOWN", config.keysByMasked.size > 0);
    if (!key.enabled) return result("KEY_DISABLED", true);
  }
  return result("UNCLASSIFIED_403", false);
}

export interface TriageGroup {
  code: TriageCode;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** `{apiId}/{stage}` */
  stages: string[];
  exampleRequestId: string;
  /** Where the example happened, for a link to its diagnosis. */
  example: { apiId: string; stage: string; method: string | null; path: string | null; keyId: string | null; at: string };
  /** Every classified request agrees with the configuration. */
  confirmed: boolean;
  /** Counts per time bucket over the window, oldest first. */
  timeline: number[];
  topKeys: { maskedKey: string; keyId: string | null; count: number }[];
  topRoutes: { route: string; count: number }[];
}

const TOP = 5;

function top<T extends string>(values: (T | null)[]): { value: T; count: number }[] {
  const counts = new Map<T, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, TOP);
}

/** Groups classified requests by code, biggest first, with a timeline of `buckets` bins over the window. */
export function groupByCode(items: { request: RejectedRequest; classified: Classified }[], window: { from: number; to: number }, buckets: number): TriageGroup[] {
  const byCode = new Map<TriageCode, { request: RejectedRequest; classified: Classified }[]>();
  for (const item of items) byCode.set(item.classified.code, [...(byCode.get(item.classified.code) ?? []), item]);
  const span = Math.max(1, window.to - window.from);
  return [...byCode.entries()]
    .map(([code, members]) => {
      const sorted = [...members].sort((a, b) => a.request.at - b.request.at);
      const newest = sorted[sorted.length - 1]!;
      const timeline = Array.from({ length: buckets }, () => 0);
      for (const m of sorted) timeline[Math.min(buckets - 1, Math.max(0, Math.floor(((m.request.at - window.from) / span) * buckets)))]! += 1;
      const keyIds = new Map(sorted.map((m) => [m.classified.maskedKey, m.classified.keyId]));
      return {
        code,
        count: sorted.length,
        firstSeen: new Date(sorted[0]!.request.at).toISOString(),
        lastSeen: new Date(newest.request.at).toISOString(),
        stages: [...new Set(sorted.map((m) => `${m.request.apiId}/${m.request.stage}`))].sort(),
        exampleRequestId: newest.request.requestId,
        example: {
          apiId: newest.request.apiId,
          stage: newest.request.stage,
          method: newest.classified.method,
          path: newest.classified.resourcePath,
          keyId: newest.classified.keyId,
          at: new Date(newest.request.at).toISOString(),
        },
        confirmed: sorted.every((m) => m.classified.confirmed),
        timeline,
        topKeys: top(sorted.map((m) => m.classified.maskedKey)).map(({ value, count }) => ({ maskedKey: value, keyId: keyIds.get(value) ?? null, count })),
        topRoutes: top(sorted.map((m) => m.classified.route)).map(({ value, count }) => ({ route: value, count })),
      };
    })
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
