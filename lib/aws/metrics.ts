import "server-only";
import { paginateGetMetricData, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { AwsClients } from "./clients";
import { read } from "./read";
import type { MetricWindow, StageTraffic, TrafficPoint } from "./types";

/** GetMetricData takes at most 500 queries a call. */
export const MAX_METRIC_QUERIES = 500;

const METRICS = [
  ["Count", "requests"],
  ["4XXError", "errors4xx"],
  ["5XXError", "errors5xx"],
] as const satisfies readonly (readonly [string, keyof TrafficPoint])[];

/**
 * The ApiName dimension API Gateway reports a REST API's metrics under: its name without non-ASCII characters,
 * or its id when none remain. APIs sharing a name share their metrics.
 */
export function metricApiName(api: { id: string; name: string }): string {
  const ascii = api.name.replace(/[^\x00-\x7f]/g, "");
  return ascii === "" ? api.id : ascii;
}

export interface MetricStage {
  /** The ApiName dimension (metricApiName). */
  apiName: string;
  stage: string;
}

/**
 * Requests, 4XX and 5XX per stage over the window, in the order asked: three metric queries per stage, sent 500 to
 * a GetMetricData call (the fewest AWS allows), each call's pages followed by NextToken. `maxDatapoints` is the
 * page size (AWS's default, 100,800, unless set).
 */
export function getStageTraffic(clients: AwsClients, stages: MetricStage[], window: MetricWindow, options: { maxDatapoints?: number } = {}): Promise<StageTraffic[]> {
  return read("GetMetricData", "cloudwatch:GetMetricData *", async () => {
    const start = Date.parse(window.start);
    const periodMs = window.periodSeconds * 1000;
    const periods = Math.ceil((Date.parse(window.end) - start) / periodMs);
    const queries: MetricDataQuery[] = stages.flatMap((s, i) =>
      METRICS.map(([metricName], m) => ({
        Id: `s${i}m${m}`,
        MetricStat: {
          Metric: {
            Namespace: "AWS/ApiGateway",
            MetricName: metricName,
            Dimensions: [
              { Name: "ApiName", Value: s.apiName },
              { Name: "Stage", Value: s.stage },
            ],
          },
          Period: window.periodSeconds,
          Stat: "Sum",
        },
      })),
    );
    const values = new Map<string, number[]>();
    const statuses = new Map<string, string>();
    const chunks = Array.from({ length: Math.ceil(queries.length / MAX_METRIC_QUERIES) }, (_, i) => queries.slice(i * MAX_METRIC_QUERIES, (i + 1) * MAX_METRIC_QUERIES));
    await Promise.all(
      chunks.map(async (chunk) => {
        const pages = paginateGetMetricData(
          { client: clients.cloudwatch, pageSize: options.maxDatapoints },
          { MetricDataQueries: chunk, StartTime: new Date(start), EndTime: new Date(window.end), ScanBy: "TimestampAscending" },
        );
        for await (const page of pages) {
          for (const result of page.MetricDataResults ?? []) {
            if (!result.Id) continue;
            let series = values.get(result.Id);
            if (!series) values.set(result.Id, (series = new Array<number>(periods).fill(0)));
            (result.Timestamps ?? []).forEach((at, i) => {
              const period = Math.floor((at.getTime() - start) / periodMs);
              if (period >= 0 && period < periods) series[period] = result.Values?.[i] ?? 0;
            });
            // The last page's status is the metric's: PartialData only means more pages follow
            statuses.set(result.Id, result.StatusCode ?? "Complete");
          }
        }
      }),
    );
    return stages.map((_, i) => {
      const series: TrafficPoint[] = Array.from({ length: periods }, (_, p) => ({ at: new Date(start + p * periodMs).toISOString(), requests: 0, errors4xx: 0, errors5xx: 0 }));
      METRICS.forEach(([, field], m) => {
        values.get(`s${i}m${m}`)?.forEach((value, p) => {
          series[p]![field] = value;
        });
      });
      const total = (field: (typeof METRICS)[number][1]) => series.reduce((n, point) => n + point[field], 0);
      return {
        requests: total("requests"),
        errors4xx: total("errors4xx"),
        errors5xx: total("errors5xx"),
        series,
        complete: METRICS.every((_, m) => statuses.get(`s${i}m${m}`) === "Complete"),
      };
    });
  });
}
