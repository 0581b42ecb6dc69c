import "server-only";
import { getAccount, getResources, getUsagePlans, listApiKeys } from "@/lib/aws/apigateway";
import { awsClients, type AwsClients } from "@/lib/aws/clients";
import { AwsCallError } from "@/lib/aws/errors";
import { listLogGroupNames, runInsightsQuery } from "@/lib/aws/logs";
import type { RestApi, UsagePlan } from "@/lib/aws/types";
import { ApiError } from "@/lib/api/errors";
import { cliFix } from "@/lib/diagnosis/fixes";
import { policyCanDeny } from "@/lib/diagnosis/policy";
import { cached } from "@/lib/inventory/cache";
import { toReadGap } from "@/lib/inventory/gaps";
import { loadOverview } from "@/lib/inventory/overview";
import type { ReadGap } from "@/lib/inventory/types";
import { parseLogLine } from "@/lib/logs/parse";
import { REJECTION_LINES, executionLogGroupName, stageOfLogGroup } from "@/lib/logs/patterns";
import type { LogEvent } from "@/lib/logs/types";
import { classify, groupByCode, type RejectedRequest, type TriageConfig, type TriageGroup } from "@/lib/triage/classify";

export interface BlindSpot {
  apiId: string;
  apiName: string;
  stage: string;
  reason: string;
  fix: string[];
}

/** `GET /api/v1/triage`: recent 401/403s across the region's stages, grouped by cause. */
export interface Triage {
  region: string;
  window: { from: string; to: string };
  bucketMinutes: number;
  groups: TriageGroup[];
  blindSpots: BlindSpot[];
  /** Log groups read, and rejected requests found in them. */
  scanned: { logGroups: number; requests: number };
  gaps: ReadGap[];
}

const LOG_GROUP_PREFIX = "API-Gateway-Execution-Logs_";
const MAX_GROUPS_PER_QUERY = 50;
const BUCKETS = 12;
const MAX_UNRESOLVED = 200;
const MAX_KEYS_TO_CHECK = 20;
const MAX_APIS_TO_CHECK = 20;

/**
 * Why Logs Insights rather than FilterLogEvents: one StartQuery reads up to 50 log groups server-side, so a
 * region with 300 logged stages costs 6 queries instead of 300+ FilterLogEvents calls at 5 per second; the
 * price (per GB scanned) stays small because the window is short and the filter is applied by AWS.
 */
export async function loadTriage(region: string, since: string | undefined): Promise<Triage> {
  const to = Date.now();
  const from = parseSince(since, to);
  const clients = awsClients(region);
  const gaps: ReadGap[] = [];
  const soft = <T>(read: Promise<T>, fallback: T): Promise<T> =>
    read.catch((err: unknown) => {
      gaps.push(toReadGap(err));
      return fallback;
    });

  const [overview, account, existing] = await Promise.all([
    loadOverview(region),
    soft(
      cached(`${region}/account`, () => getAccount(clients)).then((r) => r.value),
      null,
    ),
    soft(
      cached(`${region}/log-groups`, () => listLogGroupNames(clients, LOG_GROUP_PREFIX)).then((r) => new Set(r.value)),
      new Set<string>(),
    ),
  ]);
  const noRole = account !== null && account.cloudwatchRoleArn === null;
  const blindSpots: BlindSpot[] = [];
  const logged: { apiId: string; stage: string; group: string }[] = [];
  for (const api of overview.restApis) {
    for (const stage of api.stages) {
      if (noRole)
        blindSpots.push({
          apiId: api.id,
          apiName: api.name,
          stage: stage.name,
          reason: `API Gateway has no CloudWatch role in ${region}: nothing is logged`,
          fix: [cliFix.cloudwatchRole(region, null)],
        });
      else if (stage.loggingLevel === "OFF")
        blindSpots.push({ apiId: api.id, apiName: api.name, stage: stage.name, reason: "execution logging is off", fix: [cliFix.loggingOn(region, api.id, stage.name)] });
      else if (existing.has(executionLogGroupName(api.id, stage.name))) logged.push({ apiId: api.id, stage: stage.name, group: executionLogGroupName(api.id, stage.name) });
    }
  }
  // Stages the overview could not list (the REST API list, or an API's stages, unreadable): their log groups name them.
  const stagesUnread = new Set(overview.restApis.filter((api) => api.stagesGap).map((api) => api.id));
  for (const group of existing) {
    const named = stageOfLogGroup(group);
    if (named && (overview.restApisGap || stagesUnread.has(named.apiId))) logged.push({ ...named, group });
  }
  gaps.push(...[overview.restApisGap, ...overview.restApis.map((api) => api.stagesGap)].filter((gap) => gap !== null));

  const byGroup = new Map(logged.map((l) => [l.group, l]));
  const lines = await readLines(clients, [...byGroup.keys()], from, to, gaps);
  let requests = toRequests(lines, byGroup);
  // Requests refused with no verdict line (unknown or disabled key): read their other lines.
  const unresolved = requests.filter((r) => !r.lines.some((e) => e.kind === "api-key-not-authorized" || e.kind.startsWith("authorizer"))).slice(0, MAX_UNRESOLVED);
  if (unresolved.length) {
    const more = await readLines(
      clients,
      [...new Set(unresolved.map((r) => executionLogGroupName(r.apiId, r.stage)))],
      from,
      to,
      gaps,
      unresolved.map((r) => r.requestId),
    );
    requests = toRequests([...lines, ...more], byGroup);
  }

  const config = await triageConfig(clients, region, requests, overview.restApis, gaps);
  const classified = requests.flatMap((request) => {
    const result = classify(request, config);
    return result ? [{ request, classified: result }] : [];
  });
  const apiNames = new Map(overview.restApis.map((a) => [a.id, a.name]));
  const keyNames = new Map([...config.keysByMasked.values()].map((k) => [k.id, k.name]));
  return {
    region,
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    bucketMinutes: Math.round((to - from) / BUCKETS / 60_000),
    groups: groupByCode(classified, { from, to }, BUCKETS, {
      api: (apiId) => apiNames.get(apiId) ?? null,
      key: (keyId) => keyNames.get(keyId) ?? null,
    }),
    blindSpots,
    scanned: { logGroups: logged.length, requests: classified.length },
    gaps,
  };
}

interface Line {
  group: string;
  event: LogEvent;
}

/** Rejection lines (or every line of the given request ids) from the groups, one Insights query per 50 groups. */
async function readLines(clients: AwsClients, groups: string[], from: number, to: number, gaps: ReadGap[], requestIds?: string[]): Promise<Line[]> {
  const pattern = requestIds ? new RegExp(requestIds.map((id) => id.replace(/[^A-Za-z0-9-]/g, "")).join("|")) : REJECTION_LINES;
  const batches: string[][] = [];
  for (let i = 0; i < groups.length; i += MAX_GROUPS_PER_QUERY) batches.push(groups.slice(i, i + MAX_GROUPS_PER_QUERY));
  const results = await Promise.all(
    batches.map((logGroupNames) =>
      runInsightsQuery(clients, {
        logGroupNames,
        startTime: from,
        endTime: to,
        queryString: `fields @timestamp, @message, @log\n| filter @message like /${pattern.source}/\n| sort @timestamp desc\n| limit 10000`,
        pollMs: 1_000,
        timeoutMs: 30_000,
      }).catch((err: unknown) => {
        if (!(err instanceof AwsCallError)) throw err;
        gaps.push(toReadGap(err));
        return [];
      }),
    ),
  );
  return results.flat().flatMap((row) => {
    const group = row["@log"]?.replace(/^\d+:/, "") ?? "";
    const message = row["@message"] ?? "";
    const timestamp = Date.parse(`${(row["@timestamp"] ?? "").replace(" ", "T")}Z`);
    return [{ group, event: parseLogLine(message, Number.isNaN(timestamp) ? {} : { timestamp }) }];
  });
}

function toRequests(lines: Line[], byGroup: Map<string, { apiId: string; stage: string }>): RejectedRequest[] {
  const requests = new Map<string, RejectedRequest>();
  for (const { group, event } of lines) {
    const where = byGroup.get(group);
    if (!where || !event.requestId) continue;
    const request = requests.get(event.requestId) ?? { requestId: event.requestId, apiId: where.apiId, stage: where.stage, at: event.timestamp ?? 0, lines: [] };
    if (!request.lines.some((e) => e.message === event.message)) request.lines.push(event);
    if (event.timestamp !== null) request.at = Math.min(request.at || event.timestamp, event.timestamp);
    requests.set(event.requestId, request);
  }
  return [...requests.values()];
}

async function triageConfig(clients: AwsClients, region: string, requests: RejectedRequest[], apis: RestApi[], gaps: ReadGap[]): Promise<TriageConfig> {
  const keys = await cached(`${region}/apikeys`, () => listApiKeys(clients)).then(
    (r) => r.value,
    (err: unknown) => {
      gaps.push(toReadGap(err));
      return [];
    },
  );
  const keysByMasked = new Map(keys.flatMap((k) => (k.maskedValue ? [[k.maskedValue, k] as const] : [])));
  const needPlans = [
    ...new Set(
      requests
        .flatMap((r) => r.lines.flatMap((e) => (e.reason === "NO_USAGE_PLAN_FOR_KEY_AND_STAGE" && e.maskedKey ? [keysByMasked.get(e.maskedKey)?.id] : [])))
        .filter((id): id is string => id !== undefined),
    ),
  ].slice(0, MAX_KEYS_TO_CHECK);
  const plansOfKey = new Map<string, UsagePlan[]>();
  await Promise.all(
    needPlans.map(async (keyId) => {
      try {
        plansOfKey.set(keyId, (await cached(`${region}/plans-of-key/${keyId}`, () => getUsagePlans(clients, keyId))).value);
      } catch (err) {
        gaps.push(toReadGap(err));
      }
    }),
  );
  // An unsigned call to an AWS_IAM method reads like a policy denial (no key check, no authorizer line): the
  // methods of the APIs with such refusals tell them apart (GetResources, shared with diagnoses' cache).
  const noKeyCheck = [...new Set(requests.filter((r) => !r.lines.some((e) => e.kind === "usage-plan-verifying" || e.kind.startsWith("authorizer"))).map((r) => r.apiId))].slice(0, MAX_APIS_TO_CHECK);
  const iamMethods = new Map<string, boolean>();
  await Promise.all(
    noKeyCheck.map(async (apiId) => {
      try {
        const resources = (await cached(`${region}/resources/${apiId}`, () => getResources(clients, apiId))).value;
        iamMethods.set(
          apiId,
          resources.some((r) => r.methods.some((m) => m.authorizationType === "AWS_IAM")),
        );
      } catch (err) {
        gaps.push(toReadGap(err));
      }
    }),
  );
  const byId = new Map(apis.map((a) => [a.id, a]));
  return {
    iamMethodsOf: (apiId) => iamMethods.get(apiId) ?? null,
    keysByMasked,
    plansOfKey,
    apiKeySourceOf: (apiId) => byId.get(apiId)?.apiKeySource ?? null,
    policyCanDenyOf: (apiId) => {
      const api = byId.get(apiId);
      return api ? policyCanDeny(api) : null;
    },
  };
}

const DURATION = /^(\d+)(m|h|d)$/;

/** `since`: an ISO time, or a duration back from now (`15m`, `1h`, `24h`, `7d`); default one hour. */
function parseSince(since: string | undefined, now: number): number {
  if (!since) return now - 60 * 60_000;
  const duration = DURATION.exec(since);
  const from = duration ? now - Number(duration[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as "m" | "h" | "d"] : Date.parse(since);
  if (Number.isNaN(from) || from >= now || now - from > 7 * 86_400_000) {
    throw new ApiError(
      400,
      "INVALID_INPUT",
      "The triage window (since) must be an ISO time or a duration such as 15m, 1h or 24h, within the last 7 days.",
      "Pass ?since=1h (the default) or an ISO time.",
      { field: "since" },
    );
  }
  return from;
}
