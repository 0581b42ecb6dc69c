// GetMetricData through the real @aws-sdk/client-cloudwatch against the simulator: AWS JSON 1.0 with the
// awsQuery-era error codes, sums that match the data plane's journal, periods, paging, the 500-query limit.
import {
  CloudWatchClient,
  GetMetricDataCommand,
  InvalidNextToken,
  InvalidParameterValueException,
  ValidationException,
  paginateGetMetricData,
  type GetMetricDataCommandInput,
  type MetricDataQuery,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JournalEntry } from "../state";
import { NO_FAULTS, TEST_CREDENTIALS, startSim, type RunningSim } from "../testing";

// A whole hour, so the replayed traffic (spread over the hour before the simulator's clock) fills 12 periods.
const T0 = Date.UTC(2026, 2, 10, 12, 0, 0);
const WINDOW = { StartTime: new Date(T0 - 3_600_000), EndTime: new Date(T0) };
const ORDERS = { id: "xyrwv56bk2", name: "orders-api" };

let running: RunningSim;

beforeAll(async () => {
  running = await startSim({ now: () => T0 });
  // Five 502s from the integration at known times, so 5XXError has something to count.
  const method = running.sim.state.restApis
    .find((a) => a.id === ORDERS.id)!
    .deployments.flatMap((d) => d.snapshot.resources)
    .find((r) => r.path === "/orders")!.methods.GET!;
  const status = method.mockStatus;
  method.mockStatus = 502;
  for (let i = 0; i < 5; i++) {
    running.sim.dataPlane({
      method: "GET",
      path: "/prod/orders",
      query: new URLSearchParams(),
      headers: { host: `${ORDERS.id}.execute-api.localhost`, "x-api-key": "L2cM9cP9aaDbg8C5Zys1pdU3EMxNtastqYQahZsg" },
      body: "",
      region: "us-east-1",
      sourceIp: "198.51.100.14",
      at: T0 - 10 * 60_000 + i * 1000,
    });
  }
  method.mockStatus = status;
});
afterAll(async () => {
  await running.close();
});
afterEach(() => {
  running.sim.faults = { ...running.sim.faults, ...NO_FAULTS };
});

const query = (id: string, metricName: string, dimensions: Record<string, string>, stat = "Sum", period = 300): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: "AWS/ApiGateway", MetricName: metricName, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
    Period: period,
    Stat: stat,
  },
});

const journal = (apiId: string, stage?: string): JournalEntry[] =>
  running.sim.state.journal.filter((e) => e.apiId === apiId && e.stage !== null && (stage === undefined || e.stage === stage) && e.at >= T0 - 3_600_000 && e.at < T0);
const sum = (values: number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0);
const send = (input: Omit<GetMetricDataCommandInput, "StartTime" | "EndTime"> & Partial<GetMetricDataCommandInput>) => running.cloudwatch.send(new GetMetricDataCommand({ ...WINDOW, ...input }));

describe("sums", () => {
  it("Count, 4XXError and 5XXError per stage add up to what the data plane answered", async () => {
    const stages = running.sim.state.restApis.filter((a) => a.region === "us-east-1").flatMap((api) => api.stages.map((s) => ({ api, stage: s.stageName })));
    const queries = stages.flatMap(({ api, stage }, i) => [
      query(`c${i}`, "Count", { ApiName: api.name, Stage: stage }),
      query(`f${i}`, "4XXError", { ApiName: api.name, Stage: stage }),
      query(`s${i}`, "5XXError", { Stage: stage, ApiName: api.name }),
    ]);
    const out = await send({ MetricDataQueries: queries });
    const byId = new Map(out.MetricDataResults!.map((r) => [r.Id, r]));
    let refused = 0;
    stages.forEach(({ api, stage }, i) => {
      const served = journal(api.id, stage);
      expect(sum(byId.get(`c${i}`)?.Values), `${api.name}/${stage}`).toBe(served.length);
      expect(sum(byId.get(`f${i}`)?.Values), `${api.name}/${stage}`).toBe(served.filter((e) => e.status >= 400 && e.status < 500).length);
      expect(sum(byId.get(`s${i}`)?.Values), `${api.name}/${stage}`).toBe(served.filter((e) => e.status >= 500).length);
      refused += served.filter((e) => e.status === 403).length;
    });
    expect(refused).toBeGreaterThan(50);
    expect(sum(byId.get(`s${stages.findIndex((s) => s.api.id === ORDERS.id && s.stage === "prod")}`)?.Values)).toBe(5);
    expect(out.MetricDataResults!.every((r) => r.StatusCode === "Complete")).toBe(true);
    expect(out.NextToken).toBeUndefined();
  });

  it("ApiName alone sums every stage; Average is the error rate and SampleCount the requests", async () => {
    const served = journal(ORDERS.id);
    const out = await send({
      MetricDataQueries: [
        query("all", "Count", { ApiName: ORDERS.name }, "Sum", 3600),
        query("rate", "5XXError", { ApiName: ORDERS.name }, "Average", 3600),
        query("n", "5XXError", { ApiName: ORDERS.name }, "SampleCount", 3600),
      ],
    });
    const [all, rate, n] = out.MetricDataResults!;
    expect(all?.Values).toEqual([served.length]);
    expect(n?.Values).toEqual([served.length]);
    expect(rate?.Values?.[0]).toBeCloseTo(5 / served.length, 10);
  });

  it("answers no datapoints for other namespaces, units, dimension sets and unsimulated metrics", async () => {
    const out = await send({
      MetricDataQueries: [
        {
          ...query("ns", "Count", { ApiName: ORDERS.name }),
          MetricStat: { ...query("x", "Count", { ApiName: ORDERS.name }).MetricStat!, Metric: { Namespace: "AWS/Lambda", MetricName: "Count", Dimensions: [{ Name: "ApiName", Value: ORDERS.name }] } },
        },
        { ...query("unit", "Count", { ApiName: ORDERS.name }), MetricStat: { ...query("x", "Count", { ApiName: ORDERS.name }).MetricStat!, Unit: "Seconds" } },
        query("extra", "Count", { ApiName: ORDERS.name, Stage: "prod", Method: "GET" }),
        query("latency", "Latency", { ApiName: ORDERS.name, Stage: "prod" }, "Average"),
      ],
    });
    expect(out.MetricDataResults!.map((r) => [r.Id, r.Values, r.StatusCode])).toEqual([
      ["ns", [], "Complete"],
      ["unit", [], "Complete"],
      ["extra", [], "Complete"],
      ["latency", [], "Complete"],
    ]);
  });

  it("keeps regions apart", async () => {
    const eu = new CloudWatchClient({ region: "eu-west-1", endpoint: running.endpoint, credentials: TEST_CREDENTIALS });
    try {
      const out = await eu.send(new GetMetricDataCommand({ ...WINDOW, MetricDataQueries: [query("c", "Count", { ApiName: ORDERS.name, Stage: "prod" })] }));
      expect(out.MetricDataResults?.[0]?.Values).toEqual([]);
    } finally {
      eu.destroy();
    }
  });
});

describe("periods and timestamps", () => {
  it("one datapoint per period with traffic, starting at the StartTime rounded down to the minute, newest first", async () => {
    const served = journal(ORDERS.id, "prod");
    // 30 s past the minute: AWS rounds a start within 15 days down to the whole minute
    const start = T0 - 3_600_000 + 30_000;
    const out = await send({ StartTime: new Date(start), MetricDataQueries: [query("c", "Count", { ApiName: ORDERS.name, Stage: "prod" })] });
    const result = out.MetricDataResults![0]!;
    const expected = new Map<number, number>();
    for (const e of served.filter((e) => e.at >= T0 - 3_600_000)) {
      const at = T0 - 3_600_000 + Math.floor((e.at - (T0 - 3_600_000)) / 300_000) * 300_000;
      expected.set(at, (expected.get(at) ?? 0) + 1);
    }
    const newestFirst = [...expected.entries()].sort(([a], [b]) => b - a);
    expect(result.Timestamps!.map((t) => t.getTime())).toEqual(newestFirst.map(([at]) => at));
    expect(result.Values).toEqual(newestFirst.map(([, n]) => n));
    expect(result.Timestamps!.every((t) => (t.getTime() - T0) % 300_000 === 0)).toBe(true);
  });

  it("ScanBy TimestampAscending returns the same points oldest first", async () => {
    const q = [query("c", "Count", { ApiName: ORDERS.name, Stage: "prod" })];
    const [desc, asc] = await Promise.all([send({ MetricDataQueries: q }), send({ MetricDataQueries: q, ScanBy: "TimestampAscending" })]);
    expect(asc.MetricDataResults![0]!.Timestamps).toEqual([...desc.MetricDataResults![0]!.Timestamps!].reverse());
    expect(asc.MetricDataResults![0]!.Values).toEqual([...desc.MetricDataResults![0]!.Values!].reverse());
  });

  it("refuses a period that is not a whole number of minutes, and an empty window", async () => {
    const period = await send({ MetricDataQueries: [query("c", "Count", { ApiName: ORDERS.name }, "Sum", 90)] }).catch((e: unknown) => e);
    expect(period).toBeInstanceOf(InvalidParameterValueException);
    expect(period).toMatchObject({
      name: "InvalidParameterValueException",
      message: "The parameter Period must be a multiple of 60.",
      Code: "InvalidParameterValue",
      $metadata: { httpStatusCode: 400 },
    });
    const window = await send({ StartTime: new Date(T0), EndTime: new Date(T0), MetricDataQueries: [query("c", "Count", { ApiName: ORDERS.name })] }).catch((e: unknown) => e);
    expect(window).toMatchObject({ name: "InvalidParameterValueException", message: "The parameter StartTime must be less than the parameter EndTime." });
  });
});

describe("limits and paging", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => query(`q${i}`, "Count", { ApiName: ORDERS.name, Stage: i % 2 ? "prod" : "dev" }));

  it("takes 500 queries in one call and refuses 501 with AWS's ValidationError", async () => {
    running.sim.stats.reset();
    const ok = await send({ MetricDataQueries: many(500) });
    expect(ok.MetricDataResults).toHaveLength(500);
    const refused = await send({ MetricDataQueries: many(501) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationException);
    expect(refused).toMatchObject({
      message: "The collection MetricDataQueries must not have a size greater than 500.",
      Code: "ValidationError",
      Type: "Sender",
      $metadata: { httpStatusCode: 400, requestId: expect.any(String) },
    });
    expect(running.sim.stats.byOperation.get("GetMetricData")).toBe(2);
  });

  it("pages by MaxDatapoints with NextToken and PartialData, and the pages add up to the one-call answer", async () => {
    const queries = [query("prod", "Count", { ApiName: ORDERS.name, Stage: "prod" }, "Sum", 60), query("dev", "Count", { ApiName: ORDERS.name, Stage: "dev" }, "Sum", 60)];
    const whole = await send({ MetricDataQueries: queries });
    const points = whole.MetricDataResults!.reduce((n, r) => n + r.Values!.length, 0);
    expect(points).toBeGreaterThan(20);

    const first = await send({ MetricDataQueries: queries, MaxDatapoints: 7 });
    expect(first.NextToken).toEqual(expect.any(String));
    expect(first.MetricDataResults!.map((r) => r.Values!.length)).toEqual([7, 0]);
    expect(first.MetricDataResults!.map((r) => r.StatusCode)).toEqual(["PartialData", "PartialData"]);

    running.sim.stats.reset();
    const pages = [];
    for await (const page of paginateGetMetricData({ client: running.cloudwatch, pageSize: 7 }, { ...WINDOW, MetricDataQueries: queries })) pages.push(page);
    expect(pages).toHaveLength(Math.ceil(points / 7));
    expect(running.sim.stats.byOperation.get("GetMetricData")).toBe(pages.length);
    for (const id of ["prod", "dev"]) {
      const parts = pages.map((p) => p.MetricDataResults!.find((r) => r.Id === id)!);
      const full = whole.MetricDataResults!.find((r) => r.Id === id)!;
      expect(parts.flatMap((r) => r.Timestamps!)).toEqual(full.Timestamps);
      expect(parts.flatMap((r) => r.Values!)).toEqual(full.Values);
      expect(parts.at(-1)?.StatusCode).toBe("Complete");
    }
  });

  it("refuses a NextToken from another request", async () => {
    const queries = [query("prod", "Count", { ApiName: ORDERS.name, Stage: "prod" }, "Sum", 60)];
    const first = await send({ MetricDataQueries: queries, MaxDatapoints: 3 });
    const other = await send({ MetricDataQueries: [query("dev", "Count", { ApiName: ORDERS.name, Stage: "dev" }, "Sum", 60)], MaxDatapoints: 3, NextToken: first.NextToken }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(InvalidNextToken);
    expect(other).toMatchObject({ Code: "InvalidNextToken", $metadata: { httpStatusCode: 400 } });
  });

  it("refuses duplicate and malformed ids", async () => {
    const duplicate = await send({ MetricDataQueries: [query("a", "Count", {}), query("a", "Count", {})] }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ValidationException);
    const upper = await send({ MetricDataQueries: [query("A1", "Count", {})] }).catch((e: unknown) => e);
    expect(upper).toBeInstanceOf(ValidationException);
  });
});

describe("faults", () => {
  it("a denied call is AccessDenied (403) naming cloudwatch:GetMetricData", async () => {
    running.sim.faults = { ...running.sim.faults, deny: ["GetMetricData"] };
    const denied = await send({ MetricDataQueries: [query("c", "Count", {})] }).catch((e: unknown) => e);
    expect(denied).toMatchObject({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } });
    expect((denied as Error).message).toContain("cloudwatch:GetMetricData");
  });

  it("throttling is the Query-era Throttling code, which the SDK retries", async () => {
    running.sim.faults = { ...running.sim.faults, throttleRate: 1, retryAfterSeconds: 0 };
    const once = new CloudWatchClient({ region: "us-east-1", endpoint: running.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 });
    try {
      running.sim.stats.reset();
      const throttled = await once.send(new GetMetricDataCommand({ ...WINDOW, MetricDataQueries: [query("c", "Count", {})] })).catch((e: unknown) => e);
      expect(throttled).toMatchObject({ name: "Throttling", message: "Rate exceeded", $metadata: { httpStatusCode: 400, attempts: 2 } });
      expect(running.sim.stats.byOperation.get("GetMetricData")).toBe(2);
    } finally {
      once.destroy();
    }
  });

  it("an operation the simulator does not serve is an error, not an empty success", async () => {
    const response = await fetch(running.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "GraniteServiceVersion20100801.ListMetrics" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-query-error")).toBe("InvalidAction;Sender");
    expect(await response.json()).toMatchObject({ __type: "com.amazon.coral.service#UnknownOperationException" });
  });
});
