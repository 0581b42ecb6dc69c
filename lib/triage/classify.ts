// PURE: the cause of each recently rejected request, from its execution-log lines and the configuration,
// and the groups the triage board shows.
import type { ApiKey, UsagePlan } from "@/lib/aws/types";
import type { FindingCode } from "@/lib/diagnosis/types";
import { evidenceOf } from "@/lib/diagnosis/evidence";
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

/** What the configuration says, to tell apart causes whose log lines read alike (the same rules as a diagnosis). */
export interface TriageConfig {
  /** Keys by their masked value, as logs show them. */
  keysByMasked: Map<string, ApiKey>;
  /** Plans holding a key, for the keys seen in rejections (absent: not read). */
  plansOfKey: Map<string, UsagePlan[]>;
  apiKeySourceOf: (apiId: string) => "HEADER" | "AUTHORIZER" | null;
  /** The API's resource policy can deny some caller (or the API is PRIVATE without one); null when the API was not read. */
  policyCanDenyOf: (apiId: string) => boolean | null;
  /** Whether the API has AWS_IAM methods (an unsigned call reads like a policy denial); null when not read. */
  iamMethodsOf: (apiId: string) => boolean | null;
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

/** The cause of one request, or null when it was not refused (the mapping a diagnosis uses: diagnosis/evidence.ts). */
export function classify(request: RejectedRequest, config: TriageConfig): Classified | null {
  const evidence = evidenceOf(request.requestId, request.lines, {
    keysByMasked: config.keysByMasked,
    keysComplete: config.keysByMasked.size > 0,
    plansOfKey: config.plansOfKey,
    apiKeySource: config.apiKeySourceOf(request.apiId),
    policyCanDeny: config.policyCanDenyOf(request.apiId),
    iamMethod: config.iamMethodsOf(request.apiId),
  });
  if (evidence.outcome !== "forbidden") return null;
  const { method, resourcePath, maskedKey, keyId } = evidence;
  return {
    code: evidence.code ?? "UNCLASSIFIED_403",
    confirmed: evidence.code !== null && evidence.confirmed,
    maskedKey: maskedKey || null,
    keyId,
    method,
    resourcePath,
    route: method && resourcePath ? `${method} ${resourcePath}` : null,
  };
}

export interface TriageGroup {
  code: TriageCode;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** `{apiId}/{stage}` */
  stages: string[];
  /** API names by id, for the stages above. */
  apiNames: Record<string, string | null>;
  exampleRequestId: string;
  /** Where the example happened, for a link to its diagnosis; names beside the ids. */
  example: { apiId: string; apiName: string | null; stage: string; method: string | null; path: string | null; keyId: string | null; keyName: string | null; at: string };
  /** Every classified request agrees with the configuration. */
  confirmed: boolean;
  /** Counts per time bucket over the window, oldest first. */
  timeline: number[];
  topKeys: { maskedKey: string; keyId: string | null; name: string | null; count: number }[];
  topRoutes: { route: string; count: number }[];
}

const TOP = 5;

function top<T extends string>(values: (T | null)[]): { value: T; count: number }[] {
  const counts = new Map<T, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, TOP);
}

/** Names of APIs and keys by id, shown beside the ids. */
export interface Names {
  api(apiId: string): string | null;
  key(keyId: string): string | null;
}

/** Groups classified requests by code, biggest first, with a timeline of `buckets` bins over the window. */
export function groupByCode(items: { request: RejectedRequest; classified: Classified }[], window: { from: number; to: number }, buckets: number, names: Names): TriageGroup[] {
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
        apiNames: Object.fromEntries(sorted.map((m) => [m.request.apiId, names.api(m.request.apiId)])),
        exampleRequestId: newest.request.requestId,
        example: {
          apiId: newest.request.apiId,
          apiName: names.api(newest.request.apiId),
          stage: newest.request.stage,
          method: newest.classified.method,
          path: newest.classified.resourcePath,
          keyId: newest.classified.keyId,
          keyName: newest.classified.keyId ? names.key(newest.classified.keyId) : null,
          at: new Date(newest.request.at).toISOString(),
        },
        confirmed: sorted.every((m) => m.classified.confirmed),
        timeline,
        topKeys: top(sorted.map((m) => m.classified.maskedKey)).map(({ value, count }) => {
          const keyId = keyIds.get(value) ?? null;
          return { maskedKey: value, keyId, name: keyId ? names.key(keyId) : null, count };
        }),
        topRoutes: top(sorted.map((m) => m.classified.route)).map(({ value, count }) => ({ route: value, count })),
      };
    })
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
