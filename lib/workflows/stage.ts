import "server-only";
import { getDeployment, getResources, getStages, listApiKeys } from "@/lib/aws/apigateway";
import { awsClients } from "@/lib/aws/clients";
import { AwsCallError } from "@/lib/aws/errors";
import type { ApiKey, AuthorizationType } from "@/lib/aws/types";
import { ApiError } from "@/lib/api/errors";
import { routesOfDraft } from "@/lib/diagnosis/routes";
import { cached } from "@/lib/inventory/cache";
import { toReadGap } from "@/lib/inventory/gaps";
import type { ReadGap } from "@/lib/inventory/types";
import { last6 } from "@/lib/logs/mask";

export interface StageRoute {
  method: string;
  path: string;
  apiKeyRequired: boolean;
  authorizationType: AuthorizationType;
}

/** `GET /api/v1/routes`: what a stage serves, for the method and path pickers. */
export interface StageRoutes {
  routes: StageRoute[];
  /** "deployment" when read from the stage's deployed snapshot, "draft" when that was unreadable. */
  source: "deployment" | "draft";
  /** Reads AWS refused or failed: the routes are then the draft's, or none. */
  gaps: ReadGap[];
}

export async function loadStageRoutes(region: string, apiId: string, stage: string): Promise<StageRoutes> {
  const clients = awsClients(region);
  const gaps: ReadGap[] = [];
  // A failed read is a gap and the picker offers what could be read; an API that does not exist is still a 404.
  const soft = <T>(key: string, load: () => Promise<T>): Promise<T | null> =>
    cached(key, load).then(
      (read) => read.value,
      (err: unknown) => {
        if (err instanceof AwsCallError && err.fault.kind === "not-found") throw err;
        gaps.push(toReadGap(err));
        return null;
      },
    );
  const stages = await soft(`${region}/stages/${apiId}`, () => getStages(clients, apiId));
  const found = stages?.find((s) => s.name === stage);
  if (stages && !found) throw new ApiError(404, "STAGE_NOT_FOUND", `API ${apiId} has no stage "${stage}".`, `Stages: ${stages.map((s) => s.name).join(", ") || "none"}.`, { field: "stage" });
  const deployment = found?.deploymentId ? await soft(`${region}/deployment/${apiId}/${found.deploymentId}`, () => getDeployment(clients, apiId, found.deploymentId!)) : null;
  const draft = deployment?.routes ? null : await soft(`${region}/resources/${apiId}`, () => getResources(clients, apiId));
  const routes = deployment?.routes ?? (draft ? routesOfDraft(draft) : {});
  return {
    gaps,
    source: deployment?.routes ? "deployment" : "draft",
    routes: Object.entries(routes)
      .flatMap(([path, verbs]) => Object.entries(verbs).map(([method, m]) => ({ method, path, ...m })))
      .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)),
  };
}

export interface KeySearch {
  keys: ApiKey[];
  /** How many keys matched in all; `keys` holds at most `limit`. */
  total: number;
}

/** `GET /api/v1/keys`: keys whose name or id contains `q`, masked; the list of a large account stays short. */
export async function searchApiKeys(region: string, q: string, limit: number): Promise<KeySearch> {
  const all = (await cached(`${region}/apikeys`, () => listApiKeys(awsClients(region)))).value;
  const needle = q.trim().toLowerCase();
  // The masked form the logs and triage show (`****L22fXu`), or its last 6 alone: compared by tail, case kept.
  const tail = /^\**[A-Za-z0-9]{6}$/.test(q.trim()) ? last6(q.trim()) : null;
  const matches = needle ? all.filter((k) => k.name.toLowerCase().includes(needle) || k.id.includes(needle) || (tail !== null && k.maskedValue !== null && last6(k.maskedValue) === tail)) : all;
  return { keys: [...matches].sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit), total: matches.length };
}
