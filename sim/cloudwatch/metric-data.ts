// GetMetricData for API Gateway's REST API metrics (`AWS/ApiGateway`: Count, 4XXError, 5XXError with the
// dimensions ApiName+Stage or ApiName), computed from the data plane's journal. API Gateway emits one sample per
// request that reached a stage: Count 1, and 4XXError / 5XXError 1 when the status is of that class, else 0 — so
// Sum is the number of requests or errors and Average the error rate, as AWS documents. What could not be checked
// against AWS is listed in ./uncertain.ts.
import { createHash } from "node:crypto";
import type { SimContext } from "../context";
import { AwsError } from "../http";
import { decodeToken, encodeToken, type Input } from "../logs/input";
import type { JournalEntry, SimState } from "../state";

/** At most this many MetricDataQuery structures per call. */
export const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const NAMESPACE = "AWS/ApiGateway";
const SCAN_BY = ["TimestampDescending", "TimestampAscending"] as const;
const STATS = ["Sum", "SampleCount", "Average", "Minimum", "Maximum"] as const;
const DAY_MS = 86_400_000;

const invalidValue = (message: string) => new AwsError(400, "InvalidParameterValueException", message);
const validation = (message: string) => new AwsError(400, "ValidationException", message);
const missing = (name: string) => new AwsError(400, "MissingRequiredParameterException", `The parameter ${name} is required.`);
const invalidToken = () => new AwsError(400, "InvalidNextToken", "The service cannot use the NextToken given: it is invalid or belongs to another request.");
const serialization = (path: string, wanted: string) => new AwsError(400, "SerializationException", `Expected ${wanted} at '${path}'`);

interface Query {
  id: string;
  label: string;
  returnData: boolean;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  periodMs: number;
  stat: (typeof STATS)[number];
  unit: string | undefined;
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw serialization(path, "a structure");
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (typeof value !== "string") throw serialization(path, "a string");
  return value;
}

function optional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined || value === null ? undefined : read(value);
}

/** JSON 1.0 timestamps are epoch seconds, possibly with a fraction. */
function timestamp(input: Input, name: string): number {
  const value = input[name];
  if (value === undefined || value === null) throw missing(name);
  if (typeof value !== "number" || !Number.isFinite(value)) throw serialization(name, "an epoch-seconds number");
  return Math.round(value * 1000);
}

function parseQuery(raw: unknown, n: number): Query {
  const path = `MetricDataQueries.member.${n}`;
  const q = object(raw, path);
  if (q.Id === undefined || q.Id === null) throw missing(`${path}.Id`);
  const id = string(q.Id, `${path}.Id`);
  // "The first character must be a lowercase letter": the Id is a variable name in metric math
  if (!/^[a-z][a-zA-Z0-9_]{0,254}$/.test(id))
    throw validation(`The value ${id} for parameter ${path}.Id is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.`);
  const label = optional(q.Label, (v) => string(v, `${path}.Label`));
  const returnData = optional(q.ReturnData, (v) => {
    if (typeof v !== "boolean") throw serialization(`${path}.ReturnData`, "a boolean");
    return v;
  });
  if (q.Expression !== undefined && q.MetricStat !== undefined) throw validation(`${path}: specify either Expression or MetricStat, not both.`);
  if (q.Expression !== undefined) throw invalidValue(`${path}.Expression: metric math and Metrics Insights queries are not simulated; use MetricStat.`);
  if (q.MetricStat === undefined) throw missing(`${path}.MetricStat`);
  const stat = object(q.MetricStat, `${path}.MetricStat`);
  if (stat.Metric === undefined || stat.Metric === null) throw missing(`${path}.MetricStat.Metric`);
  const metric = object(stat.Metric, `${path}.MetricStat.Metric`);
  const dimensions: Record<string, string> = {};
  const rawDimensions = metric.Dimensions ?? [];
  if (!Array.isArray(rawDimensions)) throw serialization(`${path}.MetricStat.Metric.Dimensions`, "a list");
  if (rawDimensions.length > 30) throw validation(`The collection ${path}.MetricStat.Metric.Dimensions must not have a size greater than 30.`);
  rawDimensions.forEach((d, i) => {
    const dimension = object(d, `${path}.MetricStat.Metric.Dimensions.member.${i + 1}`);
    dimensions[string(dimension.Name, `${path}.MetricStat.Metric.Dimensions.member.${i + 1}.Name`)] = string(dimension.Value, `${path}.MetricStat.Metric.Dimensions.member.${i + 1}.Value`);
  });
  const period = stat.Period;
  if (period === undefined || period === null) throw missing(`${path}.MetricStat.Period`);
  if (typeof period !== "number" || !Number.isInteger(period)) throw serialization(`${path}.MetricStat.Period`, "an integer");
  // Regular-resolution metrics (API Gateway's are) take whole minutes only
  if (period < 60 || period % 60 !== 0) throw invalidValue("The parameter Period must be a multiple of 60.");
  if (stat.Stat === undefined || stat.Stat === null) throw missing(`${path}.MetricStat.Stat`);
  const statName = string(stat.Stat, `${path}.MetricStat.Stat`);
  if (!(STATS as readonly string[]).includes(statName)) throw invalidValue(`${path}.MetricStat.Stat: the simulator computes ${STATS.join(", ")}, not ${statName}.`);
  const metricName = string(metric.MetricName ?? "", `${path}.MetricStat.Metric.MetricName`);
  return {
    id,
    label: label ?? metricName,
    returnData: returnData ?? true,
    namespace: string(metric.Namespace ?? "", `${path}.MetricStat.Metric.Namespace`),
    metricName,
    dimensions,
    periodMs: period * 1000,
    stat: statName as Query["stat"],
    unit: optional(stat.Unit, (v) => string(v, `${path}.MetricStat.Unit`)),
  };
}

/** AWS rounds StartTime down: to the minute within 15 days, to 5 minutes within 63 days, else to the hour. */
function roundStart(start: number, now: number): number {
  const age = now - start;
  const step = age < 15 * DAY_MS ? 60_000 : age < 63 * DAY_MS ? 300_000 : 3_600_000;
  return Math.floor(start / step) * step;
}

/** The ApiName dimension: API Gateway drops non-ASCII characters, and uses the API id when nothing is left. */
function apiNameDimension(name: string, id: string): string {
  const ascii = name.replace(/[^\x00-\x7f]/g, "");
  return ascii === "" ? id : ascii;
}

const dimensionKey = (dimensions: Record<string, string>): string => JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The journal's requests by the dimension sets API Gateway reports them under (ApiName+Stage, and ApiName). */
function requestsByDimensions(state: SimState, region: string, asOf: number): Map<string, JournalEntry[]> {
  const names = new Map(state.restApis.filter((api) => api.region === region).map((api) => [api.id, apiNameDimension(api.name, api.id)]));
  const byKey = new Map<string, JournalEntry[]>();
  const add = (key: string, entry: JournalEntry) => {
    const list = byKey.get(key);
    if (list) list.push(entry);
    else byKey.set(key, [entry]);
  };
  for (const entry of state.journal) {
    const apiName = entry.apiId === null ? undefined : names.get(entry.apiId);
    // Only a request that reached a stage of an API is attributed to it
    if (apiName === undefined || entry.stage === null || entry.at > asOf) continue;
    add(dimensionKey({ ApiName: apiName, Stage: entry.stage }), entry);
    add(dimensionKey({ ApiName: apiName }), entry);
  }
  return byKey;
}

/** One request's sample of a metric, or undefined for metrics the simulator does not emit (Latency…). */
function sample(metricName: string, entry: JournalEntry): number | undefined {
  switch (metricName) {
    case "Count":
      return 1;
    case "4XXError":
      return entry.status >= 400 && entry.status < 500 ? 1 : 0;
    case "5XXError":
      return entry.status >= 500 ? 1 : 0;
    default:
      return undefined;
  }
}

interface Point {
  at: number;
  value: number;
}

/** A query's datapoints, one per period that holds samples (CloudWatch returns nothing for empty periods). */
function datapoints(query: Query, requests: JournalEntry[], start: number, end: number, ascending: boolean): Point[] {
  if (query.namespace !== NAMESPACE || (query.unit !== undefined && query.unit !== "Count")) return [];
  const buckets = new Map<number, { n: number; sum: number; min: number; max: number }>();
  for (const entry of requests) {
    if (entry.at < start || entry.at >= end) continue;
    const value = sample(query.metricName, entry);
    if (value === undefined) continue;
    const at = start + Math.floor((entry.at - start) / query.periodMs) * query.periodMs;
    const bucket = buckets.get(at);
    if (bucket) {
      bucket.n++;
      bucket.sum += value;
      bucket.min = Math.min(bucket.min, value);
      bucket.max = Math.max(bucket.max, value);
    } else {
      buckets.set(at, { n: 1, sum: value, min: value, max: value });
    }
  }
  const points = [...buckets.entries()].map(([at, b]) => ({
    at,
    value: { Sum: b.sum, SampleCount: b.n, Average: b.sum / b.n, Minimum: b.min, Maximum: b.max }[query.stat],
  }));
  return points.sort((a, b) => (ascending ? a.at - b.at : b.at - a.at));
}

export function getMetricData(input: Input, ctx: SimContext, region: string) {
  const rawQueries = input.MetricDataQueries;
  if (rawQueries === undefined || rawQueries === null) throw missing("MetricDataQueries");
  if (!Array.isArray(rawQueries)) throw serialization("MetricDataQueries", "a list");
  if (rawQueries.length === 0) throw validation("The collection MetricDataQueries must not be empty.");
  if (rawQueries.length > MAX_QUERIES) throw validation(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const queries = rawQueries.map((q, i) => parseQuery(q, i + 1));
  const seen = new Set<string>();
  for (const q of queries) {
    if (seen.has(q.id)) throw validation(`The value ${q.id} for parameter MetricDataQueries.member.N.Id is not unique.`);
    seen.add(q.id);
  }
  const startTime = timestamp(input, "StartTime");
  const endTime = timestamp(input, "EndTime");
  if (startTime >= endTime) throw invalidValue("The parameter StartTime must be less than the parameter EndTime.");
  const scanBy = optional(input.ScanBy, (v) => string(v, "ScanBy")) ?? "TimestampDescending";
  if (!(SCAN_BY as readonly string[]).includes(scanBy)) throw validation(`Value '${scanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [${SCAN_BY.join(", ")}]`);
  const maxDatapoints = optional(input.MaxDatapoints, (v) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw invalidValue("The parameter MaxDatapoints must be a positive integer.");
    return v;
  });
  const pageSize = maxDatapoints ?? DEFAULT_MAX_DATAPOINTS;

  // A NextToken belongs to one request: same queries, window and order; it also freezes the data it pages through.
  const digest = createHash("sha256")
    .update(JSON.stringify([rawQueries, input.StartTime, input.EndTime, scanBy, pageSize]))
    .digest("base64url")
    .slice(0, 22);
  let offset = 0;
  let asOf = ctx.now();
  const token = optional(input.NextToken, (v) => string(v, "NextToken"));
  if (token !== undefined) {
    const state = decodeToken("GetMetricData", token, invalidToken);
    if (state.digest !== digest || typeof state.offset !== "number" || typeof state.asOf !== "number") throw invalidToken();
    offset = state.offset;
    asOf = state.asOf;
  }

  const start = roundStart(startTime, asOf);
  const byDimensions = requestsByDimensions(ctx.state, region, asOf);
  const returned = queries.filter((q) => q.returnData);
  const series = returned.map((q) => datapoints(q, byDimensions.get(dimensionKey(q.dimensions)) ?? [], start, endTime, scanBy === "TimestampAscending"));
  const total = series.reduce((n, points) => n + points.length, 0);
  const pageEnd = offset + pageSize;

  // Datapoints page in query order, then time order; every query answers on every page.
  let before = 0;
  const results = returned.map((q, i) => {
    const points = series[i]!;
    const from = Math.max(0, offset - before);
    const to = Math.max(from, Math.min(points.length, pageEnd - before));
    const slice = points.slice(from, to);
    const more = before + points.length > pageEnd;
    before += points.length;
    return {
      Id: q.id,
      Label: q.label,
      Timestamps: slice.map((p) => p.at / 1000),
      Values: slice.map((p) => p.value),
      StatusCode: more ? "PartialData" : "Complete",
      Messages: [],
    };
  });
  return {
    MetricDataResults: results,
    ...(pageEnd < total ? { NextToken: encodeToken("GetMetricData", { offset: pageEnd, asOf, digest }) } : {}),
    Messages: [],
  };
}
