// gatecheck's own identities in the default scenarios (sim/scenarios/zz-gatecheck-identities.json), through the real
// SDK: the read-only user's key reads what iam/gatecheck-readonly.json allows and cannot write; the write-mode role
// gatecheck-fix, assumed from that key as GATECHECK_WRITE_ROLE_ARN would be, applies a fix (key-disabled's key, enabled
// again, lets its call through). Keys not declared there keep behaving as before.
import fs from "node:fs";
import path from "node:path";
import { CreateUsagePlanKeyCommand, GetApiKeyCommand, GetRestApisCommand, UpdateApiKeyCommand, type APIGatewayServiceException } from "@aws-sdk/client-api-gateway";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "./scenario";
import { SIM_ACCOUNT_ID } from "./state";
import { startSim, type RunningSim } from "./testing";

const READ_KEY = { accessKeyId: "AKIAGATECHECKREAD001", secretAccessKey: "gatecheck-readonly-secret" };
const FIX_ROLE = `arn:aws:iam::${SIM_ACCOUNT_ID}:role/gatecheck-fix`;
const READ_USER = `arn:aws:iam::${SIM_ACCOUNT_ID}:user/gatecheck-readonly`;

const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const identities = scenarios.find((s) => s.name === "zz-gatecheck-identities")!;
const keyDisabled = scenarios.find((s) => s.name === "key-disabled")!;
const call = keyDisabled.expect!.call;
const keyValue = keyDisabled.apiKeys.find((k) => k.id === call.keyId)!.value;
const enable = new UpdateApiKeyCommand({ apiKey: call.keyId!, patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] });

const policyActions = (file: string) =>
  (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "iam", file), "utf8")) as { Statement: { Action: string | string[] }[] }).Statement.flatMap((s) => [s.Action].flat());

let running: RunningSim;

beforeAll(async () => {
  running = await startSim();
});
afterAll(() => running.close());
beforeEach(() => running.sim.load());

function failure(call: Promise<unknown>): Promise<APIGatewayServiceException> {
  return call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err as APIGatewayServiceException,
  );
}

const reader = () => running.clients(READ_KEY);
/** The write role's session, assumed from the read-only key by the SDK's own provider, as gatecheck's write mode would. */
const fixer = () =>
  running.clients(
    fromTemporaryCredentials({ masterCredentials: READ_KEY, params: { RoleArn: FIX_ROLE, RoleSessionName: "gatecheck-write" }, clientConfig: { region: "us-east-1", endpoint: running.endpoint } }),
  );
const sendCall = () => fetch(`${running.endpoint}/restapis/${call.apiId}/${call.stage}/_user_request_${call.path}`, { headers: { "x-api-key": keyValue } });

describe("the scenario file", () => {
  it("declares the read-only key with exactly the read-only policy's actions (and sts:AssumeRole), and the fix role with the fix policy's and GET", () => {
    const [account] = identities.accounts;
    expect(account!.id).toBe(SIM_ACCOUNT_ID);
    const key = account!.accessKeys.find((k) => k.accessKeyId === READ_KEY.accessKeyId)!;
    expect(key.user).toBe("gatecheck-readonly");
    expect(new Set(key.allowedActions)).toEqual(new Set([...policyActions("gatecheck-readonly.json"), "sts:AssumeRole"]));
    const role = account!.roles.find((r) => r.name === "gatecheck-fix")!;
    expect(role.trustedPrincipals).toEqual([`arn:aws:iam::${SIM_ACCOUNT_ID}:root`]);
    expect(new Set(role.allowedActions)).toEqual(new Set([...policyActions("gatecheck-fix.json"), "apigateway:GET"]));
    // Nothing else: no resources, no expect (tests iterating the scenarios skip it)
    expect(identities.expect).toBeUndefined();
    expect([identities.restApis, identities.apiKeys, identities.usagePlans, identities.traffic, identities.s3Buckets].every((l) => l.length === 0)).toBe(true);
  });
});

describe("AKIAGATECHECKREAD001, the read-only user", () => {
  it("reads API Gateway, logs and metrics", async () => {
    const clients = reader();
    expect((await clients.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(READ_USER);
    expect((await clients.apigateway.send(new GetRestApisCommand({}))).items?.map((a) => a.id)).toContain(call.apiId);
    expect((await clients.apigateway.send(new GetApiKeyCommand({ apiKey: call.keyId! }))).enabled).toBe(false);
    expect((await clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups?.length).toBeGreaterThan(0);
    const events = await clients.logs.send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${call.apiId}/${call.stage}` }));
    expect(events.events?.length).toBeGreaterThan(0);
    const metrics = await clients.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 3_600_000),
        EndTime: new Date(),
        MetricDataQueries: [
          { Id: "m", MetricStat: { Metric: { Namespace: "AWS/ApiGateway", MetricName: "Count", Dimensions: [{ Name: "ApiName", Value: "pricing-api" }] }, Period: 3600, Stat: "Sum" } },
        ],
      }),
    );
    expect(metrics.MetricDataResults).toHaveLength(1);
  });

  it("cannot write: UpdateApiKey and CreateUsagePlanKey are refused with AccessDeniedException naming the user", async () => {
    const clients = reader();
    const update = await failure(clients.apigateway.send(enable));
    expect([update.name, update.$metadata.httpStatusCode]).toEqual(["AccessDeniedException", 403]);
    expect(update.message).toBe(`User: ${READ_USER} is not authorized to perform: apigateway:PATCH on resource: arn:aws:apigateway:us-east-1::/apikeys/${call.keyId}`);
    const plan = keyDisabled.usagePlans[0]!.id;
    const create = await failure(clients.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan, keyId: call.keyId!, keyType: "API_KEY" })));
    expect(create.message).toBe(`User: ${READ_USER} is not authorized to perform: apigateway:POST on resource: arn:aws:apigateway:us-east-1::/usageplans/${plan}/keys`);
    expect((await sendCall()).status).toBe(403);
  });
});

describe("gatecheck-fix, assumed from the read-only user", () => {
  it("applies the fix: the disabled key enabled again, its call gets through", async () => {
    expect((await sendCall()).status).toBe(403);
    const clients = fixer();
    expect((await clients.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${SIM_ACCOUNT_ID}:assumed-role/gatecheck-fix/gatecheck-write`);
    expect((await clients.apigateway.send(enable)).enabled).toBe(true);
    expect((await reader().apigateway.send(new GetApiKeyCommand({ apiKey: call.keyId! }))).enabled).toBe(true);
    expect((await sendCall()).status).toBe(200);
  });

  it("reads API Gateway but not logs: only what it was given", async () => {
    const clients = fixer();
    expect((await clients.apigateway.send(new GetApiKeyCommand({ apiKey: call.keyId! }))).id).toBe(call.keyId);
    const logs = await failure(clients.logs.send(new DescribeLogGroupsCommand({})));
    expect(logs.name).toBe("AccessDeniedException");
    expect(logs.message).toMatch(/^User: arn:aws:sts::123456789012:assumed-role\/gatecheck-fix\/gatecheck-write is not authorized to perform: logs:DescribeLogGroups/);
  });
});

describe("other keys, as before", () => {
  it("the test key is the default principal and may write; an unknown AKIA key is refused", async () => {
    expect((await running.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${SIM_ACCOUNT_ID}:user/gatecheck`);
    expect((await running.apigateway.send(enable)).enabled).toBe(true);
    const unknown = await failure(running.clients({ accessKeyId: "AKIAGATECHECKREAD999", secretAccessKey: "x" }).apigateway.send(new GetRestApisCommand({})));
    expect(unknown.name).toBe("UnrecognizedClientException");
  });
});
