// Control-plane writes (gatecheck's fix actions) through the real AWS SDK, with AWS's validation errors.
import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateUsagePlanKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetAccountCommand,
  GetDeploymentCommand,
  GetExportCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetStageCommand,
  GetStagesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  UpdateAccountCommand,
  UpdateApiKeyCommand,
  UpdateMethodCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
  UpdateUsagePlanCommand,
  type PatchOperation,
} from "@aws-sdk/client-api-gateway";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSim, type RunningSim } from "../testing";
import { FIXTURE_SCENARIOS, PETS_API, keyId } from "./__fixtures__/fixture";

let running: RunningSim;
const client = () => running.apigateway;

beforeAll(async () => {
  running = await startSim({ scenarios: FIXTURE_SCENARIOS, replayTraffic: false });
});
afterAll(async () => {
  await running.close();
});
// Every test starts from the fixture as written.
beforeEach(() => {
  running.sim.load();
});

const replace = (path: string, value: string): PatchOperation => ({ op: "replace", path, value });

async function resourceId(path: string): Promise<string> {
  const { items = [] } = await client().send(new GetResourcesCommand({ restApiId: PETS_API }));
  const id = items.find((r) => r.path === path)?.id;
  if (!id) throw new Error(`no resource ${path}`);
  return id;
}

async function deployedPetsGet(deploymentId: string) {
  const deployment = await client().send(new GetDeploymentCommand({ restApiId: PETS_API, deploymentId, embed: ["apisummary"] }));
  return deployment.apiSummary?.["/pets"]?.GET;
}

describe("UpdateMethod and CreateDeployment", () => {
  it("changes the draft only: the deployed snapshot drifts until the next deployment", async () => {
    const pets = await resourceId("/pets");
    const updated = await client().send(new UpdateMethodCommand({ restApiId: PETS_API, resourceId: pets, httpMethod: "GET", patchOperations: [replace("/apiKeyRequired", "false")] }));
    expect(updated.apiKeyRequired).toBe(false);
    const draft = await client().send(new GetMethodCommand({ restApiId: PETS_API, resourceId: pets, httpMethod: "GET" }));
    expect(draft.apiKeyRequired).toBe(false);
    expect(await deployedPetsGet("dep001")).toEqual({ authorizationType: "NONE", apiKeyRequired: true });

    const deployment = await client().send(new CreateDeploymentCommand({ restApiId: PETS_API, stageName: "prod", description: "fix" }));
    expect(deployment.id).toMatch(/^[a-z0-9]{6}$/);
    expect(deployment.createdDate).toBeInstanceOf(Date);
    const stage = await client().send(new GetStageCommand({ restApiId: PETS_API, stageName: "prod" }));
    expect(stage.deploymentId).toBe(deployment.id);
    expect(await deployedPetsGet(deployment.id ?? "")).toEqual({ authorizationType: "NONE", apiKeyRequired: false });
    expect(await deployedPetsGet("dep001")).toEqual({ authorizationType: "NONE", apiKeyRequired: true });
  });

  it("requires a valid authorizer for CUSTOM and drops it for NONE", async () => {
    const pets = await resourceId("/pets");
    const custom = (ops: PatchOperation[]) => client().send(new UpdateMethodCommand({ restApiId: PETS_API, resourceId: pets, httpMethod: "POST", patchOperations: ops }));
    const error = await custom([replace("/authorizationType", "CUSTOM")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error).toMatchObject({
      message: "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.",
    });
    expect(await custom([replace("/authorizationType", "CUSTOM"), replace("/authorizerId", "auth01")])).toMatchObject({
      authorizationType: "CUSTOM",
      authorizerId: "auth01",
    });
    const none = await custom([replace("/authorizationType", "NONE")]);
    expect(none.authorizerId).toBeUndefined();
  });

  it("rejects unsupported patch operations and paths the way AWS words them", async () => {
    const pets = await resourceId("/pets");
    const send = (op: PatchOperation) => client().send(new UpdateMethodCommand({ restApiId: PETS_API, resourceId: pets, httpMethod: "GET", patchOperations: [op] }));
    await expect(send({ op: "add", path: "/apiKeyRequired", value: "true" })).rejects.toMatchObject({
      name: "BadRequestException",
      message: "Invalid patch operation specified. Must be one of: [replace]",
    });
    await expect(send(replace("/httpMethod", "PUT"))).rejects.toMatchObject({ name: "BadRequestException", message: "Invalid patch path /httpMethod" });
    await expect(send({ op: "wrong" as "add", path: "/apiKeyRequired" })).rejects.toMatchObject({
      name: "ValidationException",
      message:
        "1 validation error detected: Value 'wrong' at 'updateMethodInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    });
    await expect(client().send(new UpdateMethodCommand({ restApiId: PETS_API, resourceId: pets, httpMethod: "PUT", patchOperations: [replace("/apiKeyRequired", "true")] }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });

  it("creates the stage a deployment names when it does not exist, and validates", async () => {
    await client().send(new CreateDeploymentCommand({ restApiId: PETS_API, stageName: "staging", stageDescription: "pre-prod" }));
    const { item = [] } = await client().send(new GetStagesCommand({ restApiId: PETS_API }));
    expect(item.find((s) => s.stageName === "staging")).toMatchObject({ description: "pre-prod", methodSettings: {} });
    await expect(client().send(new CreateDeploymentCommand({ restApiId: PETS_API, stageName: "bad stage" }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(client().send(new CreateDeploymentCommand({ restApiId: "nope000000", stageName: "prod" }))).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe("UpdateStage", () => {
  it("sets stage-wide and per-method logging, in both patch-path spellings", async () => {
    const stage = await client().send(
      new UpdateStageCommand({
        restApiId: PETS_API,
        stageName: "dev",
        patchOperations: [
          replace("/*/*/logging/loglevel", "ERROR"),
          replace("/*/*/logging/dataTrace", "true"),
          replace("/~1pets~1{id}/GET/logging/loglevel", "INFO"),
          replace("/pets/POST/logging/loglevel", "OFF"),
          replace("/description", "dev stage"),
        ],
      }),
    );
    expect(stage.description).toBe("dev stage");
    expect(stage.methodSettings?.["*/*"]).toMatchObject({ loggingLevel: "ERROR", dataTraceEnabled: true });
    expect(stage.methodSettings?.["pets/{id}/GET"]).toMatchObject({ loggingLevel: "INFO" });
    expect(stage.methodSettings?.["pets/POST"]).toMatchObject({ loggingLevel: "OFF" });
  });

  it("points the stage at another deployment, and refuses an unknown one", async () => {
    const stage = await client().send(new UpdateStageCommand({ restApiId: PETS_API, stageName: "prod", patchOperations: [replace("/deploymentId", "dep000")] }));
    expect(stage.deploymentId).toBe("dep000");
    await expect(client().send(new UpdateStageCommand({ restApiId: PETS_API, stageName: "prod", patchOperations: [replace("/deploymentId", "nope00")] }))).rejects.toMatchObject({
      name: "BadRequestException",
      message: "Deployment id does not exist",
    });
    await expect(client().send(new UpdateStageCommand({ restApiId: PETS_API, stageName: "nope", patchOperations: [replace("/description", "x")] }))).rejects.toMatchObject({
      name: "NotFoundException",
      message: "Invalid Stage identifier specified",
    });
  });

  it("applies a PATCH all or nothing", async () => {
    await expect(
      client().send(new UpdateStageCommand({ restApiId: PETS_API, stageName: "prod", patchOperations: [replace("/description", "changed"), replace("/*/*/logging/loglevel", "LOUD")] })),
    ).rejects.toBeInstanceOf(BadRequestException);
    const stage = await client().send(new GetStageCommand({ restApiId: PETS_API, stageName: "prod" }));
    expect(stage.description).toBeUndefined();
    expect(stage.methodSettings?.["*/*"]?.loggingLevel).toBe("INFO");
  });
});

describe("UpdateRestApi", () => {
  it("changes the key source, execute-api endpoint, policy and name of the draft", async () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    const api = await client().send(
      new UpdateRestApiCommand({
        restApiId: PETS_API,
        patchOperations: [replace("/apiKeySource", "AUTHORIZER"), replace("/disableExecuteApiEndpoint", "true"), replace("/policy", policy), replace("/name", "pets-v2")],
      }),
    );
    expect(api).toMatchObject({ apiKeySource: "AUTHORIZER", disableExecuteApiEndpoint: true, name: "pets-v2" });
    expect(api.policy).toBe('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}');
    // The stage keeps serving the deployed key source until the next deployment.
    const exported = await client().send(new GetExportCommand({ restApiId: PETS_API, stageName: "prod", exportType: "oas30", parameters: { extensions: "apigateway" } }));
    expect(JSON.parse(new TextDecoder().decode(exported.body))["x-amazon-apigateway-api-key-source"]).toBe("HEADER");
  });

  it("refuses unknown values and paths", async () => {
    const send = (op: PatchOperation) => client().send(new UpdateRestApiCommand({ restApiId: PETS_API, patchOperations: [op] }));
    await expect(send(replace("/apiKeySource", "QUERY"))).rejects.toBeInstanceOf(BadRequestException);
    await expect(send(replace("/policy", "{not json"))).rejects.toBeInstanceOf(BadRequestException);
    await expect(send(replace("/id", "x"))).rejects.toMatchObject({ name: "BadRequestException", message: "Invalid patch path /id" });
  });
});

describe("UpdateApiKey and UpdateAccount", () => {
  it("enables, renames and describes a key, answering without its value", async () => {
    const key = await client().send(new UpdateApiKeyCommand({ apiKey: keyId(59), patchOperations: [replace("/enabled", "true"), replace("/name", "renamed"), replace("/description", "fixed")] }));
    expect(key).toMatchObject({ id: keyId(59), enabled: true, name: "renamed", description: "fixed" });
    expect(key.value).toBeUndefined();
    expect(key.lastUpdatedDate?.getTime()).toBeGreaterThan(key.createdDate?.getTime() ?? 0);
    await expect(client().send(new UpdateApiKeyCommand({ apiKey: "nokey00000", patchOperations: [replace("/enabled", "true")] }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it("sets and clears the CloudWatch role of the region", async () => {
    const role = "arn:aws:iam::123456789012:role/other-role";
    expect(await client().send(new UpdateAccountCommand({ patchOperations: [replace("/cloudwatchRoleArn", role)] }))).toMatchObject({ cloudwatchRoleArn: role });
    await client().send(new UpdateAccountCommand({ patchOperations: [replace("/cloudwatchRoleArn", "")] }));
    expect((await client().send(new GetAccountCommand({}))).cloudwatchRoleArn).toBeUndefined();
    await expect(client().send(new UpdateAccountCommand({ patchOperations: [replace("/cloudwatchRoleArn", "not-an-arn")] }))).rejects.toBeInstanceOf(BadRequestException);
  });
});

describe("usage plan keys and stages", () => {
  const addKey = (usagePlanId: string, id: string) => client().send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId: id, keyType: "API_KEY" }));
  const patchPlan = (usagePlanId: string, op: "add" | "remove", value: string) => client().send(new UpdateUsagePlanCommand({ usagePlanId, patchOperations: [{ op, path: "/apiStages", value }] }));

  it("adds a key to a plan and refuses it twice", async () => {
    const added = await addKey("plan03", keyId(45));
    expect(added).toEqual({ $metadata: expect.objectContaining({ httpStatusCode: 201 }), id: keyId(45), type: "API_KEY", name: "customer-45", value: expect.any(String) });
    const { items = [] } = await client().send(new GetUsagePlanKeysCommand({ usagePlanId: "plan03" }));
    expect(items.map((k) => k.id)).toEqual([keyId(45)]);
    const again = await addKey("plan03", keyId(45)).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictException);
    expect(again).toMatchObject({ name: "ConflictException", $metadata: { httpStatusCode: 409 } });
  });

  it("refuses a key already in another plan for the same stage", async () => {
    await patchPlan("plan03", "add", `${PETS_API}:prod`);
    await expect(addKey("plan03", keyId(0))).rejects.toBeInstanceOf(ConflictException);
    // plan01 holds key0000000 for prod; giving plan01 the dev stage clashes with plan02.
    await expect(patchPlan("plan01", "add", `${PETS_API}:dev`)).rejects.toBeInstanceOf(ConflictException);
  });

  it("answers NotFound for an unknown key or plan", async () => {
    await expect(addKey("plan03", "nokey00000")).rejects.toMatchObject({ name: "NotFoundException", message: "Invalid API Key identifier specified" });
    await expect(addKey("nope", keyId(1))).rejects.toMatchObject({ name: "NotFoundException", message: "Invalid Usage Plan ID specified" });
  });

  it("removes a key from a plan", async () => {
    await client().send(new DeleteUsagePlanKeyCommand({ usagePlanId: "plan01", keyId: keyId(0) }));
    const plans = await client().send(new GetUsagePlansCommand({ keyId: keyId(0) }));
    expect(plans.items?.map((p) => p.id)).toEqual(["plan02"]);
    await expect(client().send(new DeleteUsagePlanKeyCommand({ usagePlanId: "plan01", keyId: keyId(0) }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it("adds and removes API stages, refusing a stage that does not exist", async () => {
    const added = await patchPlan("plan03", "add", `${PETS_API}:dev`);
    expect(added.apiStages).toEqual([{ apiId: PETS_API, stage: "dev" }]);
    const error = await patchPlan("plan03", "add", `${PETS_API}:nope`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error).toMatchObject({ message: `Invalid API Stage {api: ${PETS_API}, stage: nope} specified for usageplan plan03` });
    expect((await patchPlan("plan03", "remove", `${PETS_API}:dev`)).apiStages).toEqual([]);
    await expect(patchPlan("plan03", "remove", `${PETS_API}:dev`)).rejects.toBeInstanceOf(NotFoundException);
  });
});
