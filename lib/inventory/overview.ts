import "server-only";
import { getStages, listHttpApis, listRestApis } from "@/lib/aws/apigateway";
import { awsClients } from "@/lib/aws/clients";
import type { Stage } from "@/lib/aws/types";
import { cached } from "./cache";
import { toReadGap } from "./gaps";
import type { Overview, ReadGap, StageSummary } from "./types";

function summarize(stage: Stage): StageSummary {
  return {
    name: stage.name,
    deploymentId: stage.deploymentId,
    loggingLevel: stage.methodSettings["*/*"]?.loggingLevel ?? "OFF",
    webAclArn: stage.webAclArn,
    lastUpdatedDate: stage.lastUpdatedDate,
  };
}

/** Every REST API (with its stages) and HTTP API of a region. The REST API list itself must be readable. */
export async function loadOverview(region: string, options: { fresh?: boolean } = {}): Promise<Overview> {
  const { value, at } = await cached(
    `overview/${region}`,
    async () => {
      const clients = awsClients(region);
      const gaps: ReadGap[] = [];
      const [restApis, httpApis] = await Promise.all([
        listRestApis(clients),
        listHttpApis(clients).catch((err: unknown) => {
          gaps.push(toReadGap(err));
          return [];
        }),
      ]);
      const withStages = await Promise.all(
        restApis.map(async (api) => {
          try {
            return { ...api, stages: (await getStages(clients, api.id)).map(summarize), stagesGap: null };
          } catch (err) {
            const gap = toReadGap(err);
            return { ...api, stages: [], stagesGap: gap };
          }
        }),
      );
      withStages.sort((a, b) => a.name.localeCompare(b.name));
      return { restApis: withStages, httpApis, gaps };
    },
    options,
  );
  return { region, inventoryAt: at, ...value };
}
