import "server-only";
import { configuredAccounts } from "@/lib/accounts/config";
import { currentAccount, withAccount } from "@/lib/accounts/context";
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
import { mergeBoards, type OrganizationTriage } from "@/lib/triage/organization";
import { classify, groupByCode, type RejectedRequest, type TriageConfig, type TriageGroup } from "@/lib/triage/classify";
import { triageScope, triageStore, type StoredLine, type TriageState, type TriageStore } from "@/lib/triage/store";

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
 * Lines can reach CloudWatch Logs after a read of their time: AWS states no bound on that delay (lines usually show
 * within seconds; FRESH_OVERLAP_S covers those). Each second is read soon after it ends (fresh), then once more this
 * long after, for the later ones; the board's counts settle then. Re-reading only the 30 s that are 2 min old, rather
 * than overlapping each refresh by 2 min, keeps a line's reads at about two instead of five.
 */
export const LATE_LINES_MS = 2 * 60_000;
/** Each refresh reads again the last seconds the previous one read: lines usually reach CloudWatch seconds late. */
const FRESH_OVERLAP_S = 5;
/** A read this recent answers again without asking AWS (several viewers of one board, or instances sharing Redis). */
const REUSE_MS = 5_000;
/** Lines of one request are written ms apart: its other lines are read this far around its rejection lines. */
const REQUEST_SPAN_S = 5;
/** Polls of a Logs Insights query: the first soon (a triage refresh reads seconds of logs), then backing off. */
const POLL = { firstPollMs: 250, pollMs: 1_000, timeoutMs: 30_000 };

export interface TriageOptions {
  /** Epoch ms of the answer's `to` (tests and the bench drive time; default: now). */
  now?: number;
  /**
   * Where the lines already read are kept between loads (default: the process's, shared through Redis when set);
   * null reads the whole window every time.
   */
  store?: TriageStore | null;
  /** Polls of each Logs Insights query (default: 250 ms, doubling to 1 s); the simulator's tests poll faster. */
  poll?: { firstPollMs: number; pollMs: number };
}

/**
 * Why Logs Insights rather than FilterLogEvents: one StartQuery reads up to 50 log groups server-side, so a
 * region with 300 logged stages costs 6 queries instead of 300+ FilterLogEvents calls at 5 per second. AWS bills it
 * per byte scanned (every line of the groups in the time range, whatever the filter), so a board refreshed every 30 s
 * does not read its window again: the lines already read are kept (lib/triage/store.ts) and each refresh reads only
 * the time since the last one, plus a second look at the seconds that ended LATE_LINES_MS ago.
 */
export async function loadTriage(region: string, since: string | undefined, options: TriageOptions = {}): Promise<Triage> {
  const scope = triageScope(currentAccount().name, region);
  const to = options.now ?? Date.now();
  const from = parseSince(since, to);
  const clients = awsClients(scope.region);
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
  const store = options.store === undefined ? triageStore() : options.store;
  const reader: Reader = { clients, gaps, poll: { ...POLL, ...options.poll } };
  const read = (previous: TriageState | undefined) => readWindow(reader, previous, [...byGroup.keys()], { from, to }, byGroup);
  const { state, window } = store
    ? await store.update(`${scope.key}/triage/${since ?? ""}`, async (previous) => {
        const done = await read(previous);
        return { state: done.state, result: done };
      })
    : await read(undefined);
  const requests = requestsOf(state, window, byGroup);

  const config = await triageConfig(clients, region, requests, overview.restApis, gaps);
  const classified = requests.flatMap((request) => {
    const result = classify(request, config);
    return result ? [{ request, classified: result }] : [];
  });
  const apiNames = new Map(overview.restApis.map((a) => [a.id, a.name]));
  const keyNames = new Map([...config.keysByMasked.values()].map((k) => [k.id, k.name]));
  return {
    region,
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    bucketMinutes: Math.round((window.to - window.from) / BUCKETS / 60_000),
    groups: groupByCode(classified, window, BUCKETS, {
      api: (apiId) => apiNames.get(apiId) ?? null,
      key: (keyId) => keyNames.get(keyId) ?? null,
    }),
    blindSpots,
    scanned: { logGroups: logged.length, requests: classified.length },
    gaps,
  };
}

type Window = { from: number; to: number };
/** What reads the logs, and where their failures go. */
type Reader = { clients: AwsClients; gaps: ReadGap[]; poll: typeof POLL };
/** Whole epoch seconds, both ends inclusive, as StartQuery takes them. */
type Seconds = { start: number; end: number };

const seconds = (ms: number) => Math.floor(ms / 1000);
const lineKey = (l: StoredLine) => `${l.group}\u0000${l.timestamp}\u0000${l.message}`;
/** What a read over `window` sees: Insights reads whole seconds, so the second of `to` entirely. */
const inWindow = (l: StoredLine, window: Window) => l.timestamp >= seconds(window.from) * 1000 && l.timestamp < (seconds(window.to) + 1) * 1000;
const requestIdOf = (message: string) => /^\(([^)\s]+)\)/.exec(message)?.[1] ?? null;

/**
 * The rejection lines of `groups` over the window, and every line of the requests refused without a verdict: from
 * `previous` plus what AWS has written since (see LATE_LINES_MS), or all of it when there is nothing before. The
 * window answered is `window`, or the previous one's end when that read is under REUSE_MS old.
 */
async function readWindow(
  reader: Reader,
  previous: TriageState | undefined,
  groups: string[],
  window: Window,
  byGroup: Map<string, { apiId: string; stage: string }>,
): Promise<{ state: TriageState; window: Window }> {
  const fromS = seconds(window.from);
  const toS = seconds(window.to);
  const usable = previous && previous.queriedAt <= window.to && previous.readTo <= toS + 1 ? previous : undefined;
  const known = new Set(usable?.groups ?? []);
  const added = groups.filter((g) => !known.has(g));
  const kept = groups.filter((g) => known.has(g));
  const complete = usable !== undefined && usable.readTo === seconds(usable.queriedAt) + 1;
  if (usable && complete && added.length === 0 && groups.length === known.size && window.to - usable.queriedAt < REUSE_MS) {
    return { state: usable, window: { from: usable.queriedFrom, to: usable.queriedAt } };
  }

  const settledTo = seconds(window.to - LATE_LINES_MS);
  const reads: { groups: string[]; range: Seconds }[] = [];
  if (added.length) reads.push({ groups: added, range: { start: fromS, end: toS } });
  if (usable && kept.length) {
    const fresh = { start: Math.max(fromS, usable.readTo - FRESH_OVERLAP_S), end: toS };
    const late = { start: Math.max(fromS, usable.settledTo), end: Math.min(settledTo, usable.readTo) - 1 };
    // Touching or overlapping (a refresh after a pause): one query over both.
    if (late.start <= late.end && late.end + 1 >= fresh.start) reads.push({ groups: kept, range: { start: late.start, end: fresh.end } });
    else {
      if (fresh.start <= fresh.end) reads.push({ groups: kept, range: fresh });
      if (late.start <= late.end) reads.push({ groups: kept, range: late });
    }
  }
  const { gaps } = reader;
  const gapsBefore = gaps.length;
  const found = (await Promise.all(reads.map((r) => readLines(reader, r.groups, r.range)))).flat();
  // A read that failed is done again next time: the cursors stay, the groups not read yet stay unknown.
  const failed = gaps.length > gapsBefore;

  const current = new Set(groups);
  const keep = (l: StoredLine) => current.has(l.group) && l.timestamp >= fromS * 1000;
  const rejections = dedupe([...(usable?.rejections ?? []).filter(keep), ...found]);
  let extras = (usable?.extras ?? []).filter(keep);
  const extrasRead = new Set(usable?.extrasRead ?? []);

  // Requests refused with no verdict line (unknown or disabled key): read their other lines, once per request.
  const state: TriageState = failed
    ? { version: 1, groups: [...kept].sort(), readTo: usable?.readTo ?? 0, settledTo: usable?.settledTo ?? 0, queriedFrom: window.from, queriedAt: window.to, rejections, extras, extrasRead: [] }
    : {
        version: 1,
        groups: [...groups].sort(),
        readTo: toS + 1,
        settledTo: Math.max(usable?.settledTo ?? 0, settledTo),
        queriedFrom: window.from,
        queriedAt: window.to,
        rejections,
        extras,
        extrasRead: [],
      };
  const pending = unresolvedOf(toRequests(sortedLines(rejections.filter((l) => inWindow(l, window))), byGroup)).filter((r) => !extrasRead.has(r.requestId));
  if (pending.length) {
    const times = pending.map((r) => seconds(r.at));
    const range = { start: Math.max(fromS, Math.min(...times) - REQUEST_SPAN_S), end: Math.min(toS, Math.max(...times) + REQUEST_SPAN_S) };
    const pendingGroups = [...new Set(pending.map((r) => executionLogGroupName(r.apiId, r.stage)))].filter((g) => current.has(g));
    const before = gaps.length;
    const more = await readLines(
      reader,
      pendingGroups,
      range,
      pending.map((r) => r.requestId),
    );
    extras = dedupe([...extras, ...more]);
    // A failed read is tried again at the next refresh.
    if (gaps.length === before) for (const r of pending) extrasRead.add(r.requestId);
  }
  const ids = new Set(rejections.map((l) => requestIdOf(l.message)));
  state.extras = extras.filter((l) => ids.has(requestIdOf(l.message)));
  state.extrasRead = [...extrasRead].filter((id) => ids.has(id));
  return { state, window };
}

/** The requests of the window as a read of it all would build them (the same lines, in the same order). */
function requestsOf(state: TriageState, window: Window, byGroup: Map<string, { apiId: string; stage: string }>): RejectedRequest[] {
  const lines = sortedLines(state.rejections.filter((l) => byGroup.has(l.group) && inWindow(l, window)));
  const requests = toRequests(lines, byGroup);
  const unresolved = new Set(unresolvedOf(requests).map((r) => r.requestId));
  if (unresolved.size === 0) return requests;
  const more = sortedLines(state.extras.filter((l) => byGroup.has(l.group) && inWindow(l, window) && unresolved.has(requestIdOf(l.message) ?? "")));
  return toRequests([...lines, ...more], byGroup);
}

/** Requests with no line naming why they were refused, at most MAX_UNRESOLVED, newest first. */
const unresolvedOf = (requests: RejectedRequest[]) => requests.filter((r) => !r.lines.some((e) => e.kind === "api-key-not-authorized" || e.kind.startsWith("authorizer"))).slice(0, MAX_UNRESOLVED);

function dedupe(lines: StoredLine[]): StoredLine[] {
  return [...new Map(lines.map((l) => [lineKey(l), l])).values()];
}

/** Newest first, ties by text: one order whatever order the reads answered in. */
function sortedLines(lines: StoredLine[]): { group: string; event: LogEvent }[] {
  return [...lines]
    .sort((a, b) => b.timestamp - a.timestamp || (a.message < b.message ? -1 : a.message > b.message ? 1 : a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
    .map((l) => ({ group: l.group, event: parseLogLine(l.message, { timestamp: l.timestamp }) }));
}

/** Rejection lines (or every line of the given request ids) from the groups, one Insights query per 50 groups. */
async function readLines({ clients, gaps, poll }: Reader, groups: string[], range: Seconds, requestIds?: string[]): Promise<StoredLine[]> {
  const pattern = requestIds ? new RegExp(requestIds.map((id) => id.replace(/[^A-Za-z0-9-]/g, "")).join("|")) : REJECTION_LINES;
  const batches: string[][] = [];
  for (let i = 0; i < groups.length; i += MAX_GROUPS_PER_QUERY) batches.push(groups.slice(i, i + MAX_GROUPS_PER_QUERY));
  const results = await Promise.all(
    batches.map((logGroupNames) =>
      runInsightsQuery(clients, {
        logGroupNames,
        startTime: range.start * 1000,
        endTime: range.end * 1000,
        queryString: `fields @timestamp, @message, @log\n| filter @message like /${pattern.source}/\n| sort @timestamp desc\n| limit 10000`,
        ...poll,
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
    return Number.isNaN(timestamp) ? [] : [{ group, timestamp, message }];
  });
}

function toRequests(lines: { group: string; event: LogEvent }[], byGroup: Map<string, { apiId: string; stage: string }>): RejectedRequest[] {
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

/**
 * `GET /api/v1/triage?scope=all`: every configured account × region, read concurrently (each pair is paced under
 * its own quotas) at one moment, so their buckets line up, and merged by cause. A place that cannot be read
 * (a refused AssumeRole, a denied read) keeps its gaps on the board.
 */
export async function loadOrganizationTriage(since: string | undefined, options: TriageOptions = {}): Promise<OrganizationTriage> {
  const now = options.now ?? Date.now();
  const places = configuredAccounts().flatMap((account) => account.regions.map((region) => ({ account: account.name, region })));
  const boards = await Promise.all(
    places.map(async (place) => {
      try {
        return { place, triage: await withAccount(place.account, () => loadTriage(place.region, since, { ...options, now })) };
      } catch (err) {
        // A malformed window is the caller's: refuse it once, not per place.
        if (err instanceof ApiError) throw err;
        const from = new Date(parseSince(since, now)).toISOString();
        const empty: Triage = {
          region: place.region,
          window: { from, to: new Date(now).toISOString() },
          bucketMinutes: 0,
          groups: [],
          blindSpots: [],
          scanned: { logGroups: 0, requests: 0 },
          gaps: [toReadGap(err)],
        };
        return { place, triage: empty };
      }
    }),
  );
  const window = { from: new Date(parseSince(since, now)).toISOString(), to: new Date(now).toISOString() };
  return mergeBoards(boards, window, boards.find((b) => b.triage.bucketMinutes > 0)?.triage.bucketMinutes ?? 0);
}
