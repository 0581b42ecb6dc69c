// The control plane's wire behaviour: faults, IAM denials, region isolation, paging limits, bad requests.
import {
  APIGatewayClient,
  BadRequestException,
  GetAccountCommand,
  GetApiKeysCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetUsagePlansCommand,
  TooManyRequestsException,
  UpdateApiKeyCommand,
} from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client, GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TEST_CREDENTIALS, startSim, type RunningSim } from "../testing";
import { EU_API, FIXTURE_SCENARIOS, PETS_API, keyId } from "./__fixtures__/fixture";

let running: RunningSim;

beforeAll(async () => {
  running = await startSim({ scenarios: FIXTURE_SCENARIOS, replayTraffic: false });
});
afterAll(async () => {
  await running.close();
});
afterEach(() => {
  running.sim.faults = { ...running.sim.faults, throttleRate: 0, deny: [] };
});

function clientFor(region: string, maxAttempts = 3): APIGatewayClient {
  return new APIGatewayClient({ region, endpoint: running.endpoint, credentials: TEST_CREDENTIALS, maxAttempts });
}

describe("throttling", () => {
  it("surfaces TooManyRequestsException when retries are off", async () => {
    running.sim.faults = { ...running.sim.faults, throttleRate: 1, retryAfterSeconds: 0 };
    const once = clientFor("us-east-1", 1);
    try {
      const error = await once.send(new GetRestApisCommand({})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooManyRequestsException);
      expect(error).toMatchObject({ name: "TooManyRequestsException", retryAfterSeconds: "0", $metadata: { httpStatusCode: 429 } });
    } finally {
      once.destroy();
    }
  });

  it("lets the default client retry through partial throttling", async () => {
    running.sim.faults = { ...running.sim.faults, throttleRate: 0.5, retryAfterSeconds: 0 };
    running.sim.stats.reset();
    for (let i = 0; i < 4; i++) {
      const page = await running.apigateway.send(new GetUsagePlansCommand({}));
      expect(page.items).toHaveLength(3);
    }
    const statuses = running.sim.stats.calls.map((c) => c.status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
  });
});

describe("IAM denial", () => {
  it("answers AccessDeniedException naming the action and the resource ARN", async () => {
    running.sim.faults = { ...running.sim.faults, deny: ["GetUsagePlans", "UpdateApiKey"] };
    await expect(running.apigateway.send(new GetUsagePlansCommand({ keyId: keyId(1) }))).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining("is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/usageplans"),
    });
    await expect(running.apigateway.send(new UpdateApiKeyCommand({ apiKey: keyId(1), patchOperations: [{ op: "replace", path: "/enabled", value: "false" }] }))).rejects.toMatchObject({
      message: expect.stringContaining(`apigateway:PATCH on resource: arn:aws:apigateway:us-east-1::/apikeys/${keyId(1)}`),
    });
    // Other operations still answer.
    expect((await running.apigateway.send(new GetAccountCommand({}))).apiKeyVersion).toBe("4");
  });
});

describe("regions", () => {
  it("shows each region only its own objects", async () => {
    const eu = clientFor("eu-west-1");
    const v2 = new ApiGatewayV2Client({ region: "eu-west-1", endpoint: running.endpoint, credentials: TEST_CREDENTIALS });
    try {
      expect((await eu.send(new GetRestApisCommand({}))).items?.map((a) => a.id)).toEqual([EU_API]);
      expect((await eu.send(new GetApiKeysCommand({}))).items?.map((k) => k.id)).toEqual(["eukey00001"]);
      expect((await eu.send(new GetUsagePlansCommand({}))).items?.map((p) => p.id)).toEqual(["euplan"]);
      expect((await eu.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBeUndefined();
      expect((await v2.send(new GetApisCommand({}))).Items?.map((a) => a.ApiId)).toEqual(["euhttp0001"]);
      await expect(eu.send(new GetRestApiCommand({ restApiId: PETS_API }))).rejects.toMatchObject({
        name: "NotFoundException",
        message: `Invalid API identifier specified 123456789012:${PETS_API}`,
      });
      await expect(running.apigateway.send(new GetRestApiCommand({ restApiId: EU_API }))).rejects.toMatchObject({ name: "NotFoundException" });
    } finally {
      eu.destroy();
      v2.destroy();
    }
  });
});

describe("paging limits", () => {
  it("refuses a limit above 500 and a forged position", async () => {
    await expect(running.apigateway.send(new GetApiKeysCommand({ limit: 501 }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(running.apigateway.send(new GetApiKeysCommand({ limit: 0 }))).rejects.toBeInstanceOf(BadRequestException);
    await expect(running.apigateway.send(new GetApiKeysCommand({ position: "forged" }))).rejects.toBeInstanceOf(BadRequestException);
    expect((await running.apigateway.send(new GetApiKeysCommand({ limit: 500 }))).items).toHaveLength(60);
  });

  it("defaults to 25 items and omits position on the last page", async () => {
    const first = await running.apigateway.send(new GetApiKeysCommand({}));
    expect(first.items).toHaveLength(25);
    expect(first.position).toEqual(expect.any(String));
    const last = await running.apigateway.send(new GetApiKeysCommand({ position: first.position, limit: 35 }));
    expect(last.items).toHaveLength(35);
    expect(last.position).toBeUndefined();
  });
});

describe("requests no operation matches", () => {
  it("answers an unknown path or verb as operation Unknown, 404 UnknownOperationException", async () => {
    running.sim.stats.reset();
    for (const [method, path] of [
      ["GET", "/restapis/x/nothing"],
      ["DELETE", "/restapis"],
    ] as const) {
      const response = await fetch(`${running.endpoint}${path}`, { method });
      expect(response.status).toBe(404);
      expect(response.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException:/);
    }
    expect(running.sim.stats.byOperation.get("Unknown")).toBe(2);
  });

  it("answers a malformed JSON body with SerializationException", async () => {
    const response = await fetch(`${running.endpoint}/apikeys/${keyId(1)}`, { method: "PATCH", body: "{not json", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^SerializationException:/);
  });
});
