// lib/aws against the simulator: the deployed snapshot read two ways (apiSummary, and the OpenAPI export used
// when a stand-in has no apiSummary) must agree, and both differ from the draft where the draft moved on.
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import { getDeployment, getStageExport, getResources, getStages } from "./apigateway";
import { awsClients } from "./clients";

const scenario = (name: string) =>
  readScenarioFiles(DEFAULT_SCENARIO_DIR)
    .map((s) => s.scenario)
    .find((s) => s.name === name)!;

simulatorForFile({ replayTraffic: false });

describe("the deployed snapshot", () => {
  it("the export carries the deployed resource policy and key source", async () => {
    const clients = awsClients("us-east-1");
    const policyApi = scenario("resource-policy-denies").restApis[0]!;
    const withPolicy = await getStageExport(clients, policyApi.id, "prod");
    expect(JSON.parse(withPolicy!.policy!)).toEqual(policyApi.policy);
    expect(withPolicy!.apiKeySource).toBe("HEADER");
    const authorizerApi = scenario("key-source-authorizer").restApis[0]!;
    expect((await getStageExport(clients, authorizerApi.id, "prod"))!.apiKeySource).toBe("AUTHORIZER");
  });

  it.each(["route-not-deployed", "deployment-drift", "healthy-key", "authorizer-on-method"])("%s: the export gives the same routes as apiSummary", async (name) => {
    const call = scenario(name).expect!.call;
    const apiId = call.apiId ?? scenario(name).restApis[0]!.id;
    const stageName = call.stage ?? "prod";
    const clients = awsClients("us-east-1");
    const stage = (await getStages(clients, apiId)).find((s) => s.name === stageName)!;
    const deployment = (await getDeployment(clients, apiId, stage.deploymentId!))!;
    const exported = await getStageExport(clients, apiId, stageName);
    expect(deployment.routesSource).toBe("apiSummary");
    expect(exported?.routes).toEqual(deployment.routes);
  });

  it("route-not-deployed: the draft has a route the deployment lacks", async () => {
    const call = scenario("route-not-deployed").expect!.call;
    const clients = awsClients("us-east-1");
    const draft = await getResources(clients, call.apiId!);
    const stage = (await getStages(clients, call.apiId!)).find((s) => s.name === call.stage)!;
    const deployed = (await getDeployment(clients, call.apiId!, stage.deploymentId!))!.routes!;
    const draftPaths = draft.filter((r) => r.methods.length > 0).map((r) => r.path);
    expect(draftPaths.some((p) => !(p in deployed))).toBe(true);
  });
});
