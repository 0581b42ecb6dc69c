import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { GetQueryResultsCommand, StartQueryCommand, paginateDescribeLogGroups, paginateFilterLogEvents } from "@aws-sdk/client-cloudwatch-logs";
import type { RawLogEvent } from "@/lib/logs/types";
import type { AwsClients } from "./clients";
import { AwsCallError } from "./errors";
import { collect, read, readOrNull } from "./read";

/** The IAM resource of a log group; the account is not known here, hence `*`. */
const logGroupArn = (region: string, logGroupName: string) => `arn:aws:logs:${region}:*:log-group:${logGroupName}`;

/** AWS answers `startFromHead: false` only for windows starting on or after this instant (InvalidParameterException before). */
const NEWEST_FIRST_EARLIEST_START = Date.UTC(2024, 0, 1);

export interface FilterLogEventsInput {
  logGroupName: string;
  /** Epoch ms, both ends inclusive. */
  startTime: number;
  endTime: number;
  filterPattern?: string;
  /** Events per page (AWS's `limit`, at most 10,000). */
  limit?: number;
  /**
   * Newest events first (`startFromHead: false`), so a capped search keeps the most recent matches.
   * Ignored for windows starting before 2024, which AWS refuses to read backwards.
   */
  newestFirst?: boolean;
  /** Stop once this many events were found. */
  maxEvents: number;
  /** Stop after this many calls: AWS may answer empty pages with a nextToken while it scans. */
  maxPages: number;
}

export interface FilterLogEventsResult {
  events: RawLogEvent[];
  /** false when maxEvents or maxPages stopped the search before AWS ran out of pages. */
  complete: boolean;
  /** The log group does not exist (execution logging never wrote to it): an answer, not a failure. */
  groupMissing?: true;
}

/** Whether AWS reads a search newest first: it refuses to read windows starting before 2024 backwards. */
export const readsNewestFirst = ({ newestFirst, startTime }: Pick<FilterLogEventsInput, "newestFirst" | "startTime">): boolean => newestFirst === true && startTime >= NEWEST_FIRST_EARLIEST_START;

/** FilterLogEvents over a whole log group (every stream), following nextToken within the caps. */
export async function filterLogEvents(clients: AwsClients, input: FilterLogEventsInput): Promise<FilterLogEventsResult> {
  const { logGroupName, startTime, endTime, filterPattern, limit, maxEvents, maxPages } = input;
  const found = await readOrNull("FilterLogEvents", `logs:FilterLogEvents ${logGroupArn(clients.region, logGroupName)}`, async () => {
    const events: RawLogEvent[] = [];
    let pages = 0;
    let complete = true;
    const pager = paginateFilterLogEvents({ client: clients.logs, pageSize: limit }, { logGroupName, startTime, endTime, filterPattern, startFromHead: readsNewestFirst(input) ? false : undefined });
    for await (const page of pager) {
      pages++;
      for (const e of page.events ?? []) {
        events.push({ message: e.message ?? "", timestamp: e.timestamp, logStreamName: e.logStreamName, eventId: e.eventId });
      }
      if (events.length >= maxEvents || pages >= maxPages) {
        complete = page.nextToken === undefined && events.length <= maxEvents;
        break;
      }
    }
    return { events: events.slice(0, maxEvents), complete };
  });
  return found ?? { events: [], complete: true, groupMissing: true };
}

/** Names of the log groups starting with a prefix (DescribeLogGroups, 50 per page). */
export function listLogGroupNames(clients: AwsClients, prefix: string): Promise<string[]> {
  return read("DescribeLogGroups", `logs:DescribeLogGroups ${logGroupArn(clients.region, "*")}`, async () =>
    (await collect(paginateDescribeLogGroups({ client: clients.logs, pageSize: 50 }, { logGroupNamePrefix: prefix }), (p) => p.logGroups)).flatMap((g) => (g.logGroupName ? [g.logGroupName] : [])),
  );
}

export interface InsightsQueryInput {
  /** At most 50, as StartQuery allows. */
  logGroupNames: string[];
  /** Epoch ms; Logs Insights works in whole seconds, both ends inclusive. */
  startTime: number;
  endTime: number;
  queryString: string;
  /**
   * The longest wait between two GetQueryResults. The first comes `firstPollMs` after StartQuery (default: pollMs),
   * each next one waits twice as long, up to pollMs: a small query is read soon, a long one is not asked about often.
   */
  pollMs: number;
  firstPollMs?: number;
  timeoutMs: number;
}

const MAX_QUERY_LOG_GROUPS = 50;
/** Statuses after which GetQueryResults will not change any more. */
const QUERY_ENDED = new Set(["Complete", "Failed", "Cancelled", "Timeout"]);

/**
 * Runs a Logs Insights query (StartQuery, then GetQueryResults at growing intervals up to pollMs) and returns its rows,
 * field → value. GetQueryResults has a per-account quota (5 per second per region): the calls are paced (pacing.ts).
 */
export async function runInsightsQuery(clients: AwsClients, input: InsightsQueryInput): Promise<Record<string, string>[]> {
  const { logGroupNames, startTime, endTime, queryString, pollMs, timeoutMs } = input;
  let wait = Math.min(pollMs, input.firstPollMs ?? pollMs);
  const first = logGroupNames[0];
  if (first === undefined || logGroupNames.length > MAX_QUERY_LOG_GROUPS) {
    throw new RangeError(`a Logs Insights query reads 1 to ${MAX_QUERY_LOG_GROUPS} log groups, not ${logGroupNames.length}`);
  }
  const others = logGroupNames.length > 1 ? ` (+${logGroupNames.length - 1} log groups)` : "";
  const startAction = `logs:StartQuery ${logGroupArn(clients.region, first)}${others}`;
  const { queryId } = await read("StartQuery", startAction, () =>
    clients.logs.send(new StartQueryCommand({ logGroupNames, startTime: Math.floor(startTime / 1000), endTime: Math.floor(endTime / 1000), queryString })),
  );
  if (!queryId) throw new AwsCallError({ code: "MissingQueryId", status: null, operation: "StartQuery", action: startAction, message: "StartQuery answered without a queryId", kind: "other" });

  const resultsAction = "logs:GetQueryResults *";
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await read("GetQueryResults", resultsAction, () => clients.logs.send(new GetQueryResultsCommand({ queryId })));
    const status = out.status ?? "Unknown";
    if (status === "Complete") {
      return (out.results ?? []).map((fields) => Object.fromEntries(fields.flatMap((f) => (f.field !== undefined && f.value !== undefined ? [[f.field, f.value]] : []))));
    }
    if (QUERY_ENDED.has(status)) {
      throw new AwsCallError({
        code: `Query${status}`,
        status: null,
        operation: "GetQueryResults",
        action: resultsAction,
        message: `Logs Insights query ${queryId} ended with status ${status}`,
        kind: "other",
      });
    }
    if (Date.now() + wait > deadline) {
      throw new AwsCallError({
        code: "TimeoutError",
        status: null,
        operation: "GetQueryResults",
        action: resultsAction,
        message: `Logs Insights query ${queryId} still ${status} after ${timeoutMs} ms`,
        kind: "timeout",
      });
    }
    await sleep(wait);
    wait = Math.min(pollMs, wait * 2);
  }
}
