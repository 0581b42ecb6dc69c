// The Logs service through the real AWS SDK client and paginators, against a simulator seeded directly.
import path from "node:path";
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  GetQueryResultsCommand,
  InvalidParameterException,
  MalformedQueryException,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
  ThrottlingException,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  paginateGetLogEvents,
  type FilterLogEventsCommandInput,
  type GetQueryResultsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_CREDENTIALS, startSim, type RunningSim } from "../testing";
import { FILTER_SCAN_BUDGET } from "./events";

const REGION = "us-east-1";
const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);
const FIXTURE = path.join(__dirname, "__fixtures__", "no-traffic.json");

let running: RunningSim;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  running = await startSim({ scenarios: FIXTURE, replayTraffic: false });
  logs = running.logs;
});

afterAll(async () => {
  await running?.close();
});

const put = (group: string, stream: string, events: { timestamp: number; message: string }[], region = REGION) => running.sim.logs.put(region, group, stream, events);

async function filterAll(input: FilterLogEventsCommandInput, pageSize?: number) {
  const pages = [];
  for await (const page of paginateFilterLogEvents({ client: logs, ...(pageSize ? { pageSize } : {}) }, input)) pages.push(page);
  return { pages, events: pages.flatMap((p) => p.events ?? []) };
}

async function pollResults(queryId: string): Promise<GetQueryResultsCommandOutput[]> {
  const answers: GetQueryResultsCommandOutput[] = [];
  for (let i = 0; i < 5; i++) {
    const answer = await logs.send(new GetQueryResultsCommand({ queryId }));
    answers.push(answer);
    if (answer.status !== "Running" && answer.status !== "Scheduled") return answers;
  }
  throw new Error("query did not complete");
}

describe("DescribeLogGroups / DescribeLogStreams", () => {
  it("pages groups of the request's region in name order, with AWS's fields", async () => {
    for (const name of ["/gc/list/e", "/gc/list/a", "/gc/list/c", "/gc/list/b", "/gc/list/d"]) put(name, "s", [{ timestamp: T0, message: "hello" }]);
    put("/gc/list/elsewhere", "s", [{ timestamp: T0, message: "x" }], "eu-west-1");

    const pages = [];
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 2 }, { logGroupNamePrefix: "/gc/list/" })) pages.push(page);
    expect(pages.map((p) => p.logGroups?.length)).toEqual([2, 2, 1]);
    const groups = pages.flatMap((p) => p.logGroups ?? []);
    expect(groups.map((g) => g.logGroupName)).toEqual(["/gc/list/a", "/gc/list/b", "/gc/list/c", "/gc/list/d", "/gc/list/e"]);
    expect(groups[0]).toMatchObject({
      logGroupName: "/gc/list/a",
      creationTime: T0,
      arn: "arn:aws:logs:us-east-1:123456789012:log-group:/gc/list/a:*",
      logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/gc/list/a",
      storedBytes: 5,
      metricFilterCount: 0,
    });
  });

  it("orders streams by last event time, newest first", async () => {
    put("/gc/streams", "old", [{ timestamp: T0, message: "a" }]);
    put("/gc/streams", "new", [{ timestamp: T0 + 60_000, message: "b" }]);
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/gc/streams", orderBy: "LastEventTime", descending: true }));
    expect(logStreams?.map((s) => [s.logStreamName, s.lastEventTimestamp])).toEqual([
      ["new", T0 + 60_000],
      ["old", T0],
    ]);
    expect(logStreams?.[0]?.arn).toBe("arn:aws:logs:us-east-1:123456789012:log-group:/gc/streams:log-stream:new");
  });
});

describe("FilterLogEvents", () => {
  const GROUP = "API-Gateway-Execution-Logs_a1b2c3d4e5/prod";

  beforeAll(() => {
    // three streams written interleaved in time, as API Gateway writes execution logs
    for (const [k, stream] of ["s0", "s1", "s2"].entries()) {
      put(
        GROUP,
        stream,
        Array.from({ length: 10 }, (_, i) => ({ timestamp: T0 + (i * 3 + k) * 1000, message: `line ${i * 3 + k}` })),
      );
    }
  });

  it("pages through every event in time order across streams", async () => {
    const { pages, events } = await filterAll({ logGroupName: GROUP }, 7);
    expect(pages.map((p) => p.events?.length)).toEqual([7, 7, 7, 7, 2]);
    expect(events.map((e) => e.message)).toEqual(Array.from({ length: 30 }, (_, i) => `line ${i}`));
    expect(new Set(events.map((e) => e.eventId)).size).toBe(30);
    expect(events[4]).toEqual({ logStreamName: "s1", timestamp: T0 + 4000, message: "line 4", ingestionTime: T0 + 4150, eventId: expect.stringMatching(/^\d{56}$/) });
    expect(pages[0]?.searchedLogStreams).toEqual([]);
  });

  it("keeps startTime and endTime inclusive, and narrows to logStreamNames", async () => {
    const { events } = await filterAll({ logGroupName: GROUP, startTime: T0 + 5000, endTime: T0 + 9000 });
    expect(events.map((e) => e.message)).toEqual(["line 5", "line 6", "line 7", "line 8", "line 9"]);
    const { events: fromS2 } = await filterAll({ logGroupIdentifier: `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`, logStreamNames: ["s2"], endTime: T0 + 10_000 });
    expect(fromS2.map((e) => e.message)).toEqual(["line 2", "line 5", "line 8"]);
  });

  it("reads newest first with startFromHead: false", async () => {
    const { events } = await filterAll({ logGroupName: GROUP, startFromHead: false, startTime: T0 }, 4);
    expect(events.map((e) => e.message)).toEqual(Array.from({ length: 30 }, (_, i) => `line ${29 - i}`));
  });

  it("caps a page at 1 MB", async () => {
    const big = "x".repeat(100_000);
    put(
      "/gc/bytes",
      "s",
      Array.from({ length: 25 }, (_, i) => ({ timestamp: T0 + i, message: big })),
    );
    const { pages } = await filterAll({ logGroupName: "/gc/bytes" });
    expect(pages.map((p) => p.events?.length)).toEqual([10, 10, 5]);
  });

  describe("filter patterns", () => {
    const PATTERNS_GROUP = "/gc/patterns";
    const LINES = [
      "(req-1) Extended Request Id: abc-123",
      "(req-2) API Key **********abc123 not authorized because method 'GET /pets' requires API Key and API Key is not associated with a Usage Plan for API Stage a1b2c3d4e5/prod: API Key was not found",
      "(req-3) Unauthorized request: req-3",
      "(req-4) not authorized: missing Authentication Token",
      "(req-5) Method completed with status: 200",
    ];

    beforeAll(() =>
      put(
        PATTERNS_GROUP,
        "s",
        LINES.map((message, i) => ({ timestamp: T0 + i, message })),
      ),
    );

    it.each([
      ['"abc-123"', [0]],
      ['"not authorized" "Usage Plan"', [1]],
      ['?"not authorized" ?"Unauthorized request"', [1, 2, 3]],
      ['"not authorized" -"Usage Plan"', [3]],
      ["-req", []],
      ["", [0, 1, 2, 3, 4]],
    ])("%s", async (filterPattern, expected) => {
      const { events } = await filterAll({ logGroupName: PATTERNS_GROUP, filterPattern });
      expect(events.map((e) => e.message)).toEqual(expected.map((i) => LINES[i]));
    });

    it("refuses an unquoted term with a hyphen and a JSON pattern", async () => {
      await expect(logs.send(new FilterLogEventsCommand({ logGroupName: PATTERNS_GROUP, filterPattern: "abc-123" }))).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(logs.send(new FilterLogEventsCommand({ logGroupName: PATTERNS_GROUP, filterPattern: "{ $.status = 403 }" }))).rejects.toThrow(/not supported by the simulator/);
    });
  });

  describe("a 200,000-event group", () => {
    const BIG = "/gc/big";
    const COUNT = 200_000;
    const STEP_MS = 100;
    const NEEDLE_AT = 150_000;

    beforeAll(() => {
      // two streams, one event every 100 ms: 200,000 events over 5.5 hours
      for (const stream of ["even", "odd"]) {
        const parity = stream === "even" ? 0 : 1;
        const events = [];
        for (let i = parity; i < COUNT; i += 2)
          events.push({ timestamp: T0 + i * STEP_MS, message: i === NEEDLE_AT ? "(req-needle) Method completed with status: 403" : `(req-${i}) Method completed with status: 200` });
        put(BIG, stream, events);
      }
    });

    it("scans about the events of a one-minute window, not the group", async () => {
      const windowStart = T0 + NEEDLE_AT * STEP_MS - 30_000;
      const before = running.sim.logs.scannedEvents;
      const { pages, events } = await filterAll({ logGroupName: BIG, startTime: windowStart, endTime: windowStart + 60_000 - 1, filterPattern: '"req-needle"' });
      const scanned = running.sim.logs.scannedEvents - before;
      expect(events.map((e) => e.message)).toEqual(["(req-needle) Method completed with status: 403"]);
      expect(pages).toHaveLength(1);
      expect(scanned).toBe(60_000 / STEP_MS);
    });

    it("answers short or empty pages with a nextToken when a whole-group scan runs out of budget", async () => {
      const before = running.sim.logs.scannedEvents;
      const { pages, events } = await filterAll({ logGroupName: BIG, filterPattern: '"req-needle"' });
      expect(events).toHaveLength(1);
      expect(pages).toHaveLength(COUNT / FILTER_SCAN_BUDGET);
      expect(pages[0]?.events).toEqual([]);
      expect(pages[0]?.nextToken).toBeDefined();
      expect(running.sim.logs.scannedEvents - before).toBe(COUNT);
    });
  });
});

describe("GetLogEvents", () => {
  const GROUP = "/gc/get";
  beforeAll(() =>
    put(
      GROUP,
      "s",
      Array.from({ length: 10 }, (_, i) => ({ timestamp: T0 + i * 1000, message: `line ${i}` })),
    ),
  );

  it("pages forward from the head and ends on the token it was given", async () => {
    const pages = [];
    for await (const page of paginateGetLogEvents({ client: logs, pageSize: 4, stopOnSameToken: true }, { logGroupName: GROUP, logStreamName: "s", startFromHead: true })) pages.push(page);
    expect(pages.map((p) => p.events?.map((e) => e.message))).toEqual([["line 0", "line 1", "line 2", "line 3"], ["line 4", "line 5", "line 6", "line 7"], ["line 8", "line 9"], []]);
    expect(pages[3]?.nextForwardToken).toBe(pages[2]?.nextForwardToken);
    expect(pages[0]?.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(pages[0]?.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
  });

  it("starts from the tail by default and walks back with nextBackwardToken; endTime is exclusive", async () => {
    const tail = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", limit: 3, endTime: T0 + 9000 }));
    expect(tail.events?.map((e) => e.message)).toEqual(["line 6", "line 7", "line 8"]);
    const back = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", limit: 3, nextToken: tail.nextBackwardToken }));
    expect(back.events?.map((e) => e.message)).toEqual(["line 3", "line 4", "line 5"]);
    const forward = await logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "s", limit: 3, nextToken: back.nextForwardToken }));
    expect(forward.events?.map((e) => e.message)).toEqual(["line 6", "line 7", "line 8"]);
  });
});

describe("StartQuery / GetQueryResults", () => {
  const GROUP = "/gc/insights";
  beforeAll(() => {
    const statuses = [403, 403, 200, 403, 429];
    put(
      GROUP,
      "s",
      statuses.map((status, i) => ({ timestamp: T0 + i * 60_000, message: `(req-${i}) Method completed with status: ${status}` })),
    );
    put(GROUP, "s", [{ timestamp: T0 + 3_600_000, message: "(late) Method completed with status: 403" }]);
  });

  it("runs stats by a parsed field over the window (epoch seconds), Running once then Complete", async () => {
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupNames: [GROUP],
        startTime: T0 / 1000,
        endTime: T0 / 1000 + 600,
        queryString: String.raw`parse @message /status: (?<status>\d+)/ | stats count(*) as n by status | sort n desc`,
      }),
    );
    const answers = await pollResults(queryId!);
    expect(answers.map((a) => a.status)).toEqual(["Running", "Complete"]);
    const done = answers[1]!;
    expect(done.results).toEqual([
      [
        { field: "status", value: "403" },
        { field: "n", value: "3" },
      ],
      [
        { field: "status", value: "200" },
        { field: "n", value: "1" },
      ],
      [
        { field: "status", value: "429" },
        { field: "n", value: "1" },
      ],
    ]);
    expect(done.statistics).toMatchObject({ recordsMatched: 5, recordsScanned: 5 });
    expect(done.statistics?.bytesScanned).toBeGreaterThan(0);
  });

  it("reports what it scanned as AWS does: every event of the groups in the window, filtered or not, in statistics and /_sim/stats", async () => {
    const before = { ...running.sim.logs.insights };
    // [T0, T0 + 120 s]: the first three events, one of which matches
    const { queryId } = await logs.send(
      new StartQueryCommand({ logGroupName: GROUP, startTime: T0 / 1000, endTime: T0 / 1000 + 120, queryString: "fields @message | filter @message like /status: 200/" }),
    );
    const done = (await pollResults(queryId!)).at(-1)!;
    const bytes = [403, 403, 200].reduce((sum, status, i) => sum + Buffer.byteLength(`(req-${i}) Method completed with status: ${status}`) + 26, 0);
    expect(done.statistics).toEqual({ recordsMatched: 1, recordsScanned: 3, bytesScanned: bytes, logGroupsScanned: 1 });
    const stats = (await (await fetch(`${running.endpoint}/_sim/stats`)).json()) as { insights: { queries: number; bytesScanned: number; recordsScanned: number } };
    expect(stats.insights).toEqual({ queries: before.queries + 1, bytesScanned: before.bytesScanned + bytes, recordsScanned: before.recordsScanned + 3 });
  });

  it("returns @log as account:group, and StopQuery cancels only a running query", async () => {
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: GROUP, startTime: T0 / 1000, endTime: T0 / 1000 + 7200, queryString: "fields @log | limit 1" }));
    expect((await logs.send(new StopQueryCommand({ queryId }))).success).toBe(true);
    expect((await logs.send(new GetQueryResultsCommand({ queryId }))).status).toBe("Cancelled");
    expect((await logs.send(new StopQueryCommand({ queryId }))).success).toBe(false);

    const { queryId: second } = await logs.send(new StartQueryCommand({ logGroupIdentifiers: [GROUP], startTime: T0 / 1000, endTime: T0 / 1000 + 7200, queryString: "fields @log | limit 1" }));
    const done = (await pollResults(second!)).at(-1)!;
    expect(done.results?.[0]).toEqual([
      { field: "@log", value: `123456789012:${GROUP}` },
      { field: "@ptr", value: expect.any(String) },
    ]);
  });

  it("answers MalformedQueryException naming the unsupported part", async () => {
    const start = logs.send(new StartQueryCommand({ logGroupName: GROUP, startTime: 0, endTime: 1, queryString: "fields @message | dedup @message" }));
    await expect(start).rejects.toBeInstanceOf(MalformedQueryException);
    await expect(start).rejects.toThrow(/"dedup"/);
  });
});

describe("errors", () => {
  it("names a missing group or stream with ResourceNotFoundException", async () => {
    const missingGroup = logs.send(new FilterLogEventsCommand({ logGroupName: "/gc/missing" }));
    await expect(missingGroup).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(missingGroup).rejects.toThrow("The specified log group does not exist.");
    put("/gc/errors", "s", [{ timestamp: T0, message: "x" }]);
    const missingStream = logs.send(new GetLogEventsCommand({ logGroupName: "/gc/errors", logStreamName: "nope" }));
    await expect(missingStream).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(missingStream).rejects.toThrow("The specified log stream does not exist.");
    // another region's group is invisible
    put("/gc/eu-only", "s", [{ timestamp: T0, message: "x" }], "eu-west-1");
    await expect(logs.send(new FilterLogEventsCommand({ logGroupName: "/gc/eu-only" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it.each([
    ["a limit above 50", () => logs.send(new DescribeLogGroupsCommand({ limit: 51 })), /Member must have value less than or equal to 50/],
    [
      "both logGroupName and logGroupIdentifier",
      () => logs.send(new FilterLogEventsCommand({ logGroupName: "/gc/errors", logGroupIdentifier: "/gc/errors" })),
      /Exactly one of logGroupName and logGroupIdentifier/,
    ],
    ["a limit of 0", () => logs.send(new FilterLogEventsCommand({ logGroupName: "/gc/errors", limit: 0 })), /greater than or equal to 1/],
    ["a foreign nextToken", () => logs.send(new FilterLogEventsCommand({ logGroupName: "/gc/errors", nextToken: "bm9wZQ" })), /nextToken is invalid/],
    ["an unknown queryId", () => logs.send(new GetQueryResultsCommand({ queryId: "00000000-0000-0000-0000-000000000000" })), /does not exist/],
    [
      "51 log groups",
      () => logs.send(new StartQueryCommand({ logGroupNames: Array.from({ length: 51 }, (_, i) => `/g${i}`), startTime: 0, endTime: 1, queryString: "fields @message" })),
      /less than or equal to 50/,
    ],
  ] as const)("answers InvalidParameterException for %s", async (_, send: () => Promise<unknown>, message) => {
    const sent = send();
    await expect(sent).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(sent).rejects.toThrow(message);
  });

  it("answers ThrottlingException when throttled and the client does not retry", async () => {
    const once = new CloudWatchLogsClient({ region: REGION, endpoint: running.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    running.sim.faults.throttleRate = 1;
    try {
      await expect(once.send(new DescribeLogGroupsCommand({}))).rejects.toBeInstanceOf(ThrottlingException);
    } finally {
      running.sim.faults.throttleRate = 0;
      once.destroy();
    }
  });

  it("answers an unknown target and a malformed body as AWS does, in JSON 1.1", async () => {
    const post = (target: string, body: string) => fetch(`${running.endpoint}/`, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target }, body });
    const unknown = await post("Logs_20140328.DescribeEverything", "{}");
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(await unknown.json()).toMatchObject({ __type: expect.stringMatching(/#UnknownOperationException$/) });
    const malformed = await post("Logs_20140328.DescribeLogGroups", "{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: expect.stringMatching(/#SerializationException$/) });
    const ok = await post("Logs_20140328.DescribeLogGroups", '{"limit":1}');
    expect(ok.headers.get("content-type")).toBe("application/x-amz-json-1.1");
  });
});
