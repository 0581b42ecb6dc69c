import "server-only";
import { getAccount, getStages, getUsagePlans, listHttpApis, listRestApis } from "@/lib/aws/apigateway";
import { awsClients, type AwsClients } from "@/lib/aws/clients";
import { getStageTraffic, metricApiName } from "@/lib/aws/metrics";
import type { MetricWindow, Stage, StageTraffic, UsagePlan } from "@/lib/aws/types";
import { cached } from "./cache";
import { toReadGap } from "./gaps";
import type { Overview, ReadGap, RestApiSummary, StageSummary } from "./types";

/** Stage health from what the overview reads anyway: logging, the region's CloudWatch role, usage plans. */
function summarize(apiId: string, stage: Stage, plans: UsagePlan[] | null, cloudwatchRole: boolean | null): StageSummary {
  const loggingLevel = stage.methodSettings["*/*"]?.loggingLevel ?? "OFF";
  const usagePlans = plans ? plans.filter((p) => p.apiStages.some((s) => s.apiId === apiId && s.stage === stage.name)).map((p) => p.name) : null;
  const warnings = [
    ...(loggingLevel === "OFF" ? ["execution logging is off"] : []),
    ...(cloudwatchRole === false ? ["no CloudWatch role in this region: nothing is logged"] : []),
    ...(usagePlans?.length === 0 ? ["no usage plan covers this stage: every method that requires a key refuses every key"] : []),
    ...(stage.webAclArn ? ["a WAF web ACL guards this stage"] : []),
  ];
  return { name: stage.name, deploymentId: stage.deploymentId, loggingLevel, webAclArn: stage.webAclArn, lastUpdatedDate: stage.lastUpdatedDate, usagePlans, warnings, traffic: null };
}

const TRAFFIC_PERIOD_SECONDS = 300;
const TRAFFIC_SPAN_MS = 3_600_000;

/** The last hour up to the next whole minute (CloudWatch rounds a start down to one), in 12 periods of 5 minutes. */
export function trafficWindow(now: number): MetricWindow {
  const end = Math.ceil(now / 60_000) * 60_000;
  return { start: new Date(end - TRAFFIC_SPAN_MS).toISOString(), end: new Date(end).toISOString(), periodSeconds: TRAFFIC_PERIOD_SECONDS };
}

/** Every stage's traffic from CloudWatch, one metric set per ApiName and stage; APIs sharing a name share it. */
async function withTraffic(clients: AwsClients, apis: RestApiSummary[], window: MetricWindow): Promise<{ apis: RestApiSummary[]; gap: ReadGap | null }> {
  const keyOf = (api: RestApiSummary, stage: StageSummary) => `${metricApiName(api)}\n${stage.name}`;
  const wanted = new Map(apis.flatMap((api) => api.stages.map((stage) => [keyOf(api, stage), { apiName: metricApiName(api), stage: stage.name }] as const)));
  if (wanted.size === 0) return { apis, gap: null };
  let traffic: Map<string, StageTraffic>;
  try {
    const read = await getStageTraffic(clients, [...wanted.values()], window);
    traffic = new Map([...wanted.keys()].map((key, i) => [key, read[i]!]));
  } catch (err) {
    return { apis, gap: toReadGap(err) };
  }
  return { apis: apis.map((api) => ({ ...api, stages: api.stages.map((stage) => ({ ...stage, traffic: traffic.get(keyOf(api, stage)) ?? null })) })), gap: null };
}

/**
 * Every REST API (with its stages and their last hour of traffic) and HTTP API of a region; what cannot be read
 * is a gap, never a failure. `now` places the traffic window (tests pin it to the simulator's clock).
 */
export async function loadOverview(region: string, options: { fresh?: boolean; now?: number } = {}): Promise<Overview> {
  const { value, at } = await cached(
    `overview/${region}`,
    async () => {
      const clients = awsClients(region);
      const gaps: ReadGap[] = [];
      const optional = <T>(read: Promise<T>): Promise<T | null> =>
        read.catch((err: unknown) => {
          gaps.push(toReadGap(err));
          return null;
        });
      const [restApiList, httpApis, plans, account] = await Promise.all([
        // Kept apart from the other gaps: without the list, triage finds the stages by their log groups.
        listRestApis(clients).then(
          (list) => ({ list, gap: null }),
          (err: unknown) => ({ list: [], gap: toReadGap(err) }),
        ),
        optional(listHttpApis(clients)),
        optional(getUsagePlans(clients)),
        optional(getAccount(clients)),
      ]);
      const cloudwatchRole = account ? account.cloudwatchRoleArn !== null : null;
      // CloudWatch names an API by its name: APIs sharing one share their metrics (one pass, not one per pair).
      const idsByMetricName = new Map<string, string[]>();
      for (const api of restApiList.list) idsByMetricName.set(metricApiName(api), [...(idsByMetricName.get(metricApiName(api)) ?? []), api.id]);
      const withStages: RestApiSummary[] = await Promise.all(
        restApiList.list.map(async (api) => {
          const sharesMetricsWith = (idsByMetricName.get(metricApiName(api)) ?? []).filter((id) => id !== api.id);
          try {
            const stages = (await getStages(clients, api.id)).map((stage) => summarize(api.id, stage, plans, cloudwatchRole));
            return { ...api, stages, stagesGap: null, sharesMetricsWith };
          } catch (err) {
            return { ...api, stages: [], stagesGap: toReadGap(err), sharesMetricsWith };
          }
        }),
      );
      withStages.sort((a, b) => a.name.localeCompare(b.name));
      const window = trafficWindow(options.now ?? Date.now());
      const traffic = await withTraffic(clients, withStages, window);
      return { restApis: traffic.apis, restApisGap: restApiList.gap, httpApis: httpApis ?? [], gaps, trafficWindow: window, trafficGap: traffic.gap };
    },
    options,
  );
  return { region, inventoryAt: at, ...value };
}
