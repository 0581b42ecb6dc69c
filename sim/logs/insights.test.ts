import { describe, expect, it } from "vitest";
import { MalformedQueryError, compileQuery, runQuery, type ResultField, type SourceEvent } from "./insights";

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const LOG = "123456789012:API-Gateway-Execution-Logs_a1b2c3d4e5/prod";

let sequence = 0;
function event(offsetMs: number, message: string, logStreamName = "stream-a"): SourceEvent {
  const timestamp = T0 + offsetMs;
  return { timestamp, ingestionTime: timestamp + 150, message, eventId: `${timestamp}-${++sequence}`, logStreamName, log: LOG };
}

/** Newest first, as the handler hands them over. */
const EVENTS = [
  event(0, "(req-1) Method completed with status: 403"),
  event(1_000, "(req-1) API Key **********abc123 not authorized because method 'GET /pets' requires API Key", "stream-b"),
  event(2_000, "(req-2) Method completed with status: 200"),
  event(6 * 60_000, "(req-3) Unauthorized request: req-3", "stream-b"),
  event(7 * 60_000, "(req-4) Method completed with status: 403"),
  event(8 * 60_000, '{"requestId":"req-5","status":403,"error":{"responseType":"INVALID_API_KEY"}}'),
].reverse();

const run = (query: string, limit = 10_000) => runQuery(compileQuery(query), EVENTS, limit);
const rows = (results: ResultField[][]) => results.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value])));

describe("Logs Insights subset", () => {
  it("returns the requested fields plus @ptr, newest first, with times formatted as Insights does", () => {
    const { results, recordsMatched } = run("fields @timestamp, @message, @logStream, @log | filter @message like /status: 403/");
    expect(recordsMatched).toBe(2);
    expect(rows(results)).toEqual([
      { "@timestamp": "2025-01-15 12:07:00.000", "@message": "(req-4) Method completed with status: 403", "@logStream": "stream-a", "@log": LOG, "@ptr": expect.any(String) },
      { "@timestamp": "2025-01-15 12:00:00.000", "@message": "(req-1) Method completed with status: 403", "@logStream": "stream-a", "@log": LOG, "@ptr": expect.any(String) },
    ]);
    expect(results[0]!.map((f) => f.field)).toEqual(["@timestamp", "@message", "@logStream", "@log", "@ptr"]);
  });

  it('matches like "text" as a case-sensitive substring and combines and / or / not', () => {
    expect(run('filter @message like "not authorized"').recordsMatched).toBe(1);
    expect(run('filter @message like "Not Authorized"').recordsMatched).toBe(0);
    expect(run("filter @message like /(?i)not AUTHORIZED/").recordsMatched).toBe(1);
    expect(run('filter @message like "status: 403" or @message like /Unauthorized request/').recordsMatched).toBe(3);
    expect(run('filter @message like "status:" and not @message like "200"').recordsMatched).toBe(2);
    expect(run('filter (@message like "req-1" or @message like "req-2") and @message not like /200$/').recordsMatched).toBe(2);
  });

  it("parses named regex groups and counts by them", () => {
    const { results } = run(String.raw`parse @message /^\((?<requestId>[^)]+)\) Method completed with status: (?<code>\d+)/ | filter ispresent(code) | stats count(*) as n by code | sort n desc`);
    expect(rows(results)).toEqual([
      { code: "403", n: "2" },
      { code: "200", n: "1" },
    ]);
  });

  it("parses a glob pattern into the names after as", () => {
    const { results } = run('parse @message "(*) Method completed with status: *" as rid, code | filter code = 403 | display rid, code');
    expect(rows(results)).toEqual([
      { rid: "req-4", code: "403", "@ptr": expect.any(String) },
      { rid: "req-1", code: "403", "@ptr": expect.any(String) },
    ]);
  });

  it("bins @timestamp and sorts by the bin", () => {
    const { results, recordsMatched } = run("stats count(*) by bin(5m) | sort bin(5m) desc");
    expect(recordsMatched).toBe(6);
    expect(rows(results)).toEqual([
      { "bin(5m)": "2025-01-15 12:05:00.000", "count(*)": "3" },
      { "bin(5m)": "2025-01-15 12:00:00.000", "count(*)": "3" },
    ]);
  });

  it("discovers the fields of JSON events", () => {
    const { results } = run("filter status = 403 and ispresent(requestId) | stats count(*) as n by error.responseType");
    expect(rows(results)).toEqual([{ "error.responseType": "INVALID_API_KEY", n: "1" }]);
  });

  it("applies the query's limit and the StartQuery limit, and sorts ascending on request", () => {
    expect(run("fields @message | sort @timestamp asc | limit 2").results.map((r) => r[0]!.value)).toEqual([
      "(req-1) Method completed with status: 403",
      "(req-1) API Key **********abc123 not authorized because method 'GET /pets' requires API Key",
    ]);
    expect(run("fields @message", 3).results).toHaveLength(3);
  });

  it("aggregates with count_distinct, min and max, and ignores # comments", () => {
    const { results } = run("# who was refused\nstats count_distinct(@logStream) as streams, min(@timestamp) as first, max(@timestamp) as last");
    expect(rows(results)).toEqual([{ streams: "2", first: "2025-01-15 12:00:00.000", last: "2025-01-15 12:08:00.000" }]);
  });

  it.each([
    ["fields @message | dedup @message", /does not support the Logs Insights command "dedup" at line 1 and position 19/],
    ["fields @message |", /unexpected end of query/],
    ["fields strlen(@message)", /does not support the function strlen\(\)/],
    ["filter @message like 403", /expected "text" or \/regex\/ after like/],
    ["stats percentile(latency, 99)", /does not support the stats function percentile\(\)/],
    ["stats count(*) by bin(5w)", /bin\(\) units/],
    ["parse @message /no groups/", /needs named groups/],
    ['parse @message "* and *" as a', /2 wildcards but 1 names/],
    ["limit 0", /whole number from 1 to 10000/],
    ["fields @message\n| bogus", /unexpected symbol found bogus at line 2 and position 3/],
    ["filter @message like /unterminated", /unterminated regular expression/],
  ])("rejects %j", (query, message) => {
    expect(() => compileQuery(query)).toThrow(MalformedQueryError);
    expect(() => compileQuery(query)).toThrow(message);
  });
});
