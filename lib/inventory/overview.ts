import "server-only";
import { getAccount, getStages, getUsagePlans, listHttpApis, listRestApis } from "@/lib/aws/apigateway";
import { awsClients } from "@/lib/aws/clients";
import type { Stage, UsagePlan } from "@/lib/aws/types";
import { cached } from "./cache";
import { toReadGap } from "./gaps";
import type { Overview, ReadGap, StageSummary } from "./types";

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
  return { name: stage.name, deploymentId: stage.deploymentId, loggingLevel, webAclArn: stage.webAclArn, lastUpdatedDate: stage.lastUpdatedDate, usagePlans, warnings };
}

/** Every REST API (with its stages) and HTTP API of a region; what cannot be read is a gap, never a failure. */
export async function loadOverview(region: string, options: { fresh?: boolean } = {}): Promise<Overview> {
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
      const withStages = await Promise.all(
        restApiList.list.map(async (api) => {
          try {
            return { ...api, stages: (await getStages(clients, api.id)).map((stage) => summarize(api.id, stage, plans, cloudwatchRole)), stagesGap: null };
          } catch (err) {
            const gap = toReadGap(err);
            return { ...api, stages: [], stagesGap: gap };
          }
        }),
      );
      withStages.sort((a, b) => a.name.localeCompare(b.name));
      return { restApis: withStages, restApisGap: restApiList.gap, httpApis: httpApis ?? [], gaps };
    },
    options,
  );
  return { region, inventoryAt: at, ...value };
}
