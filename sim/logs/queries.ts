// Logs Insights over the wire: StartQuery runs the query at once over the window (times in epoch
// seconds, both ends inclusive) and keeps the results; GetQueryResults answers "Running" on its first
// call for each query, as a real query usually is, then "Complete". Deterministic either way.
import { randomUUID } from "node:crypto";
import type { SimContext } from "../context";
import { AwsError } from "../http";
import { nameFromIdentifier, requireGroup } from "./groups";
import { MalformedQueryError, compileQuery, runQuery, type CompiledQuery, type ResultField, type SourceEvent } from "./insights";
import { LOG_GROUP_IDENTIFIER, LOG_GROUP_NAME, invalidParameter, optInteger, optString, optStringList, requiredString, requiredTime, type Input } from "./input";
import { lowerBound } from "./store";

/** Bytes Insights counts per event on top of its UTF-8 message (PutLogEvents' accounting; see uncertain.ts). */
export const EVENT_OVERHEAD_BYTES = 26;

export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  logGroupsScanned: number;
}

export interface StoredQuery {
  region: string;
  status: "Running" | "Complete" | "Cancelled";
  /** GetQueryResults calls answered so far. */
  polls: number;
  results: ResultField[][];
  statistics: QueryStatistics;
}

const MAX_STORED_QUERIES = 1_000;
const MAX_QUERY_GROUPS = 50;

/** The log groups of a StartQuery: exactly one of logGroupName, logGroupNames, logGroupIdentifiers. */
export function queryGroupNames(input: Input): string[] {
  const name = optString(input, "logGroupName", LOG_GROUP_NAME);
  const given = [
    name === undefined ? undefined : [name],
    optStringList(input, "logGroupNames", { min: 1, max: MAX_QUERY_GROUPS }, LOG_GROUP_NAME),
    optStringList(input, "logGroupIdentifiers", { min: 1, max: MAX_QUERY_GROUPS }, LOG_GROUP_IDENTIFIER)?.map(nameFromIdentifier),
  ].filter((names) => names !== undefined);
  const names = given[0];
  if (given.length !== 1 || !names) throw invalidParameter("Exactly one of logGroupName, logGroupNames and logGroupIdentifiers must be specified.");
  return [...new Set(names)];
}

export function startQuery(input: Input, ctx: SimContext, region: string) {
  const groupNames = queryGroupNames(input);
  const language = optString(input, "queryLanguage", { oneOf: ["CWLI", "SQL", "PPL"] });
  if (language !== undefined && language !== "CWLI") throw invalidParameter(`queryLanguage ${language} is not supported by the simulator; use CWLI (Logs Insights).`);
  const startTime = requiredTime(input, "startTime");
  const endTime = requiredTime(input, "endTime");
  const queryString = requiredString(input, "queryString", { min: 0, max: 10_000 });
  const limit = optInteger(input, "limit", { min: 1, max: 10_000 }) ?? 10_000;
  if (endTime < startTime) throw invalidParameter("endTime must not be before startTime.");
  const query = compile(queryString);
  const groups = groupNames.map((name) => requireGroup(ctx, region, name));

  // both ends inclusive, in seconds: [start s, end s + 1) in ms
  const fromMs = startTime * 1000;
  const toMs = (endTime + 1) * 1000;
  const events: SourceEvent[] = [];
  let bytesScanned = 0;
  for (const group of groups) {
    const log = `${ctx.state.accountId}:${group.logGroupName}`;
    for (const stream of group.streams.values()) {
      const slice = stream.events.slice(lowerBound(stream.events, fromMs), lowerBound(stream.events, toMs));
      for (const e of slice) {
        events.push({ ...e, logStreamName: stream.logStreamName, log });
        bytesScanned += Buffer.byteLength(e.message, "utf8") + EVENT_OVERHEAD_BYTES;
      }
    }
  }
  ctx.logs.scannedEvents += events.length;
  // AWS bills Insights per byte scanned, whether or not the query is read to the end: counted at the start.
  ctx.logs.insights.queries++;
  ctx.logs.insights.bytesScanned += bytesScanned;
  ctx.logs.insights.recordsScanned += events.length;
  // newest first, the order Insights returns events in when the query does not sort
  events.sort((a, b) => (a.eventId < b.eventId ? 1 : -1));
  const { results, recordsMatched } = runQuery(query, events, limit);

  const queryId = randomUUID();
  const queries = ctx.logs.queries;
  queries.set(queryId, {
    region,
    status: "Running",
    polls: 0,
    results,
    statistics: { recordsMatched, recordsScanned: events.length, bytesScanned, logGroupsScanned: groups.length },
  });
  // keep memory bounded in long demo runs: forget the oldest query
  if (queries.size > MAX_STORED_QUERIES) queries.delete(queries.keys().next().value!);
  return { queryId };
}

function compile(queryString: string): CompiledQuery {
  try {
    return compileQuery(queryString);
  } catch (err) {
    if (err instanceof MalformedQueryError) throw new AwsError(400, "MalformedQueryException", err.message);
    throw err;
  }
}

function storedQuery(input: Input, ctx: SimContext, region: string): StoredQuery {
  const queryId = requiredString(input, "queryId", { min: 0, max: 256 });
  const query = ctx.logs.queries.get(queryId);
  if (!query || query.region !== region) throw invalidParameter(`Query ${queryId} does not exist.`);
  return query;
}

export function getQueryResults(input: Input, ctx: SimContext, region: string) {
  const query = storedQuery(input, ctx, region);
  query.polls++;
  if (query.status === "Running" && query.polls > 1) query.status = "Complete";
  const complete = query.status === "Complete";
  return {
    queryLanguage: "CWLI",
    status: query.status,
    results: complete ? query.results : [],
    statistics: complete ? query.statistics : { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0, logGroupsScanned: 0 },
  };
}

export function stopQuery(input: Input, ctx: SimContext, region: string) {
  const query = storedQuery(input, ctx, region);
  const running = query.status === "Running";
  if (running) query.status = "Cancelled";
  return { success: running };
}
