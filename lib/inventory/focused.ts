import "server-only";
import {
  getAccount,
  getApiKey,
  getAuthorizers,
  getBasePathMappings,
  getDeployment,
  getStageExport,
  getGatewayResponses,
  getResources,
  getRestApi,
  getStages,
  getQuotaUsage,
  getUsagePlans,
  listHttpApis,
} from "@/lib/aws/apigateway";
import { awsClients, type AwsClients } from "@/lib/aws/clients";
import { AwsCallError, type AwsFault } from "@/lib/aws/errors";
import type { BasePathMapping, Deployment } from "@/lib/aws/types";
import { cached } from "./cache";
import { toReadGap } from "./gaps";
import type { FocusedInventory, Read } from "./types";

export interface FocusTarget {
  region: string;
  apiId: string;
  stage: string | null;
  keyId: string | null;
  /** Host of a custom domain the call went to. */
  customDomain: string | null;
}

const skipped = (why: string): Read<never> => ({ state: "skipped", why });

const mapRead = <T, U>(read: Read<T>, fn: (value: T) => U): Read<U> => (read.state === "ok" ? { state: "ok", value: fn(read.value) } : read);

/** One cached read: AWS faults become gaps so the diagnosis degrades instead of failing. */
export async function attempt<T>(key: string, load: () => Promise<T>, fresh: boolean): Promise<Exclude<Read<T>, { state: "skipped" }>> {
  try {
    return { state: "ok", value: (await cached(key, load, { fresh })).value };
  } catch (err) {
    if (err instanceof AwsCallError) return { state: "gap", gap: toReadGap(err) };
    throw err;
  }
}

/**
 * Everything one diagnosis needs in two rounds of concurrent calls (at most 10 control-plane calls):
 * round 1 reads what the ids name; round 2 what round 1 points at (the stage's deployment, the plans
 * covering the stage when the key's own plans do not, an HTTP API when no REST API has the id).
 */
/** What round 1 reads: enough to start the log search while round 2 runs. */
export type Round1 = Pick<FocusedInventory, "stages" | "resources" | "apiKey">;

export async function loadFocusedInventory(
  target: FocusTarget,
  // `basePathMappings`: read already (they named the API); read once, so the diagnosis judges what named the API.
  options: { fresh?: boolean; afterRound1?: (round1: Round1) => void; basePathMappings?: Read<BasePathMapping[] | null> } = {},
): Promise<FocusedInventory> {
  const clients = awsClients(target.region);
  const fresh = options.fresh ?? false;
  const k = (...parts: string[]) => [target.region, ...parts].join("/");
  const { apiId, keyId } = target;

  const [restApi, stages, resources, apiKey, keyPlans, account, authorizers, gatewayResponses, basePathMappings] = await Promise.all([
    attempt(k("restapi", apiId), () => getRestApi(clients, apiId), fresh),
    attempt(k("stages", apiId), () => getStages(clients, apiId), fresh),
    attempt(k("resources", apiId), () => getResources(clients, apiId), fresh),
    keyId ? attempt(k("apikey", keyId), () => getApiKey(clients, keyId), fresh) : skipped("no API key given"),
    keyId ? attempt(k("plans-of-key", keyId), () => getUsagePlans(clients, keyId), fresh) : skipped("no API key given"),
    attempt(k("account"), () => getAccount(clients), fresh),
    attempt(k("authorizers", apiId), () => getAuthorizers(clients, apiId), fresh),
    attempt(k("gatewayresponses", apiId), () => getGatewayResponses(clients, apiId), fresh),
    target.customDomain ? (options.basePathMappings ?? attempt(k("mappings", target.customDomain), () => getBasePathMappings(clients, target.customDomain!), fresh)) : skipped("not a custom domain"),
  ]);

  options.afterRound1?.({ stages, resources, apiKey });
  const stage = stages.state === "ok" ? stages.value.find((s) => s.name === target.stage) : undefined;
  const keyCoversStage = keyPlans.state === "ok" && target.stage !== null && keyPlans.value.some((p) => p.apiStages.some((s) => s.apiId === apiId && s.stage === target.stage));
  const restApiMissing = restApi.state === "ok" && restApi.value === null;
  const wantSettings = restApi.state === "ok" && restApi.value !== null && (restApi.value.policy !== null || restApi.value.apiKeySource === "AUTHORIZER");
  const quotaPlan = keyPlans.state === "ok" ? keyPlans.value.find((p) => p.quota && p.apiStages.some((s) => s.apiId === apiId && s.stage === target.stage)) : undefined;

  const [deployment, stagePlans, httpApi, quotaUsage] = await Promise.all([
    stage?.deploymentId
      ? attempt(k("deployment", apiId, stage.deploymentId, wantSettings ? "settings" : "routes"), () => deployedSnapshot(clients, apiId, stage.name, stage.deploymentId!, wantSettings), fresh)
      : skipped("no deployed stage"),
    !stage || keyCoversStage
      ? skipped(keyCoversStage ? "the key's plans cover the stage" : "no stage")
      : attempt(k("plans"), () => getUsagePlans(clients), fresh).then((read) => mapRead(read, (plans) => plans.filter((p) => p.apiStages.some((s) => s.apiId === apiId && s.stage === stage.name)))),
    restApiMissing ? attempt(k("httpapis"), () => listHttpApis(clients), fresh).then((read) => mapRead(read, (apis) => apis.find((a) => a.id === apiId) ?? null)) : skipped("the id names a REST API"),
    // Cached like the rest (a second viewer costs nothing); Refresh (`fresh`) reads it again.
    quotaPlan && keyId ? attempt(k("usage", quotaPlan.id, keyId), () => getQuotaUsage(clients, quotaPlan.id, keyId), fresh) : skipped("no quota on the key's plan for this stage"),
  ]);

  return {
    region: target.region,
    at: new Date().toISOString(),
    restApi,
    httpApi,
    stages,
    resources,
    deployment,
    apiKey,
    keyPlans,
    stagePlans,
    account,
    authorizers,
    gatewayResponses,
    basePathMappings,
    quotaUsage,
  };
}

/**
 * The deployment with its route snapshot; the stage's OpenAPI export when `apiSummary` is absent (emulators), or
 * when the draft has a resource policy or takes keys from an authorizer — AWS applies both on deployment, so the
 * deployed ones decide (one more call, only for such APIs).
 */
async function deployedSnapshot(clients: AwsClients, apiId: string, stage: string, deploymentId: string, wantSettings: boolean): Promise<Deployment | null> {
  const deployment = await getDeployment(clients, apiId, deploymentId);
  if (!deployment || (deployment.routes && !wantSettings)) return deployment;
  try {
    const exported = await getStageExport(clients, apiId, stage);
    if (!exported) return deployment;
    const settings = { policy: exported.policy, apiKeySource: exported.apiKeySource };
    if (deployment.routes) return { ...deployment, settings };
    return exported.routes ? { ...deployment, routes: exported.routes, routesSource: "export", settings } : { ...deployment, settings };
  } catch (err) {
    // A service that cannot export (a stand-in answers 400 or 501) leaves the draft to judge, with a caveat; a read
    // refused or failed (denied, throttled, timed out) leaves the deployed state unknown: the whole read is a gap.
    if (err instanceof AwsCallError && cannotExport(err.fault)) return deployment;
    throw err;
  }
}

const cannotExport = (fault: AwsFault) => fault.kind === "bad-request" || fault.status === 501;
