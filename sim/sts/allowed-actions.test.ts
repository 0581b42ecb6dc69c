// Restricted principals through the real SDK: an access key or role with `allowedActions` may call only the
// operations whose IAM action one of them matches; any other call gets the service's AccessDenied, worded as a
// fault's denial ("User: {ARN} is not authorized to perform: {action} on resource: {resource}"). Principals without
// `allowedActions` (the default principal, every key and role before) may do everything.
import { GetApiKeyCommand, UpdateApiKeyCommand, type APIGatewayServiceException } from "@aws-sdk/client-api-gateway";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { FIXTURE_SCENARIOS, keyId } from "../apigateway/__fixtures__/fixture";
import { ScenarioError, parseScenario, readScenarioFiles, type scenarioSchema } from "../scenario";
import { NO_FAULTS, startSim, type AwsClients, type RunningSim } from "../testing";
import { mayPerform, userPrincipal } from "./identities";

const ACCOUNT = "123456789012";
const READER_ROLE = `arn:aws:iam::${ACCOUNT}:role/reader`;
const WRITER_ROLE = `arn:aws:iam::${ACCOUNT}:role/writer`;
const LOGS_ONLY_KEY = { accessKeyId: "AKIASIMLOGSONLY00001", secretAccessKey: "logs-only-secret" };
const KEY = keyId(1);
const disable = new UpdateApiKeyCommand({ apiKey: KEY, patchOperations: [{ op: "replace", path: "/enabled", value: "false" }] });

const IDENTITIES: z.input<typeof scenarioSchema> = {
  name: "identities",
  description: "a read-only role, an unrestricted role, and a key that may only read logs, in the default account",
  accounts: [
    {
      id: ACCOUNT,
      accessKeys: [{ accessKeyId: LOGS_ONLY_KEY.accessKeyId, user: "logs-reader", allowedActions: ["LOGS:filter*"] }],
      roles: [
        { name: "reader", trustedPrincipals: [`arn:aws:iam::${ACCOUNT}:root`], allowedActions: ["apigateway:GET", "logs:Describe*", "logs:StartQuery"] },
        { name: "writer", trustedPrincipals: [`arn:aws:iam::${ACCOUNT}:root`] },
      ],
    },
  ],
};

let running: RunningSim;

beforeAll(async () => {
  running = await startSim({ replayTraffic: false });
});
afterAll(() => running.close());
beforeEach(() => {
  running.sim.load([...readScenarioFiles(FIXTURE_SCENARIOS), { file: "identities.json", scenario: parseScenario(IDENTITIES, "identities.json") }]);
  running.sim.faults = { ...running.sim.faults, ...NO_FAULTS };
});

/** The error a call fails with (a call that succeeds fails the test). */
function failure<E = APIGatewayServiceException>(call: Promise<unknown>): Promise<E> {
  return call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err as E,
  );
}

/** Clients signing as a fresh session of the role, assumed by the default principal (its account's root is trusted). */
async function session(roleArn: string, from: Pick<AwsClients, "sts"> = running): Promise<AwsClients> {
  const { Credentials } = await from.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "test" }));
  const credentials: AwsCredentialIdentity = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
  return running.clients(credentials);
}

const enabled = async () => (await running.apigateway.send(new GetApiKeyCommand({ apiKey: KEY }))).enabled;

describe("a read-only role's session", () => {
  it("reads an API key, and is refused UpdateApiKey with API Gateway's AccessDeniedException naming the session, the action and the key", async () => {
    const reader = await session(READER_ROLE);
    expect((await reader.apigateway.send(new GetApiKeyCommand({ apiKey: KEY }))).id).toBe(KEY);
    const err = await failure(reader.apigateway.send(disable));
    expect(err.name).toBe("AccessDeniedException");
    expect(err.$metadata.httpStatusCode).toBe(403);
    expect(err.message).toBe(`User: arn:aws:sts::${ACCOUNT}:assumed-role/reader/test is not authorized to perform: apigateway:PATCH on resource: arn:aws:apigateway:us-east-1::/apikeys/${KEY}`);
    expect(await enabled()).toBe(true);
  });

  it("gets each service's own refusal: Logs 400, CloudWatch 403, STS AccessDenied; GetCallerIdentity needs no permission", async () => {
    const reader = await session(READER_ROLE);
    expect((await reader.logs.send(new DescribeLogGroupsCommand({}))).logGroups).toBeDefined();
    const logs = await failure(reader.logs.send(new FilterLogEventsCommand({ logGroupName: "API-Gateway-Execution-Logs_petsapi001/prod" })));
    expect([logs.name, logs.$metadata.httpStatusCode]).toEqual(["AccessDeniedException", 400]);
    expect(logs.message).toMatch(/^User: arn:aws:sts::123456789012:assumed-role\/reader\/test is not authorized to perform: logs:FilterLogEvents on resource: /);
    const metrics = await failure(reader.cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(0), EndTime: new Date(), MetricDataQueries: [] })));
    expect(metrics.$metadata.httpStatusCode).toBe(403);
    expect(metrics.message).toContain("is not authorized to perform: cloudwatch:GetMetricData");
    expect((await reader.sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/reader/test`);
    // sts:AssumeRole is not among its actions: the writer's trust would let it, its own policy does not
    const chained = await failure(session(WRITER_ROLE, reader));
    expect(chained.name).toBe("AccessDenied");
    expect(chained.message).toBe(`User: arn:aws:sts::${ACCOUNT}:assumed-role/reader/test is not authorized to perform: sts:AssumeRole on resource: ${WRITER_ROLE}`);
  });
});

describe("unrestricted principals", () => {
  it("write: the default principal, and a session of a role without allowedActions", async () => {
    const writer = await session(WRITER_ROLE);
    expect((await writer.apigateway.send(disable)).enabled).toBe(false);
    expect(await enabled()).toBe(false);
    await running.apigateway.send(new UpdateApiKeyCommand({ apiKey: KEY, patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] }));
    expect(await enabled()).toBe(true);
  });

  it("are still refused what a fault denies, in the same words", async () => {
    running.sim.faults = { ...running.sim.faults, deny: ["UpdateApiKey"] };
    const err = await failure((await session(WRITER_ROLE)).apigateway.send(disable));
    expect(err.message).toBe(`User: arn:aws:sts::${ACCOUNT}:assumed-role/writer/test is not authorized to perform: apigateway:PATCH on resource: arn:aws:apigateway:us-east-1::/apikeys/${KEY}`);
  });
});

describe("a restricted access key", () => {
  it("is held to its actions, matched as IAM does (case-insensitive, wildcards)", async () => {
    const logsOnly = running.clients(LOGS_ONLY_KEY);
    // "LOGS:filter*" lets FilterLogEvents through to the group, which holds nothing yet (no traffic replayed)
    expect((await failure(logsOnly.logs.send(new FilterLogEventsCommand({ logGroupName: "API-Gateway-Execution-Logs_petsapi001/prod" })))).name).toBe("ResourceNotFoundException");
    expect((await failure(logsOnly.logs.send(new DescribeLogGroupsCommand({})))).name).toBe("AccessDeniedException");
    const err = await failure(logsOnly.apigateway.send(new GetApiKeyCommand({ apiKey: KEY })));
    expect(err.message).toBe(`User: arn:aws:iam::${ACCOUNT}:user/logs-reader is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/apikeys/${KEY}`);
  });
});

describe("allowedActions", () => {
  it("matches IAM action globs", () => {
    const as = (allowedActions?: string[]) => userPrincipal(ACCOUNT, "u", allowedActions);
    expect(mayPerform(as(), "apigateway:DELETE")).toBe(true);
    expect(mayPerform(as([]), "apigateway:GET")).toBe(false);
    expect(mayPerform(as([]), "sts:GetCallerIdentity")).toBe(true);
    expect(mayPerform(as(["*"]), "s3:PutObject")).toBe(true);
    expect(mayPerform(as(["apigateway:*"]), "apigateway:PATCH")).toBe(true);
    expect(mayPerform(as(["apigateway:GET"]), "apigateway:PATCH")).toBe(false);
    expect(mayPerform(as(["apigateway:P?T"]), "apigateway:PUT")).toBe(true);
    expect(mayPerform(as(["apigateway:P?T"]), "apigateway:PATCH")).toBe(false);
    expect(mayPerform(as(["logs:Get*"]), "logs:GetQueryResults")).toBe(true);
    expect(mayPerform(as(["logs:Get*"]), "cloudwatch:GetMetricData")).toBe(false);
  });

  it("must be IAM actions in a scenario", () => {
    const withActions = (allowedActions: string[]) =>
      parseScenario({ name: "x", description: "x", accounts: [{ id: ACCOUNT, accessKeys: [{ accessKeyId: "AKIASIMLOGSONLY00002", user: "u", allowedActions }] }] }, "x.json");
    expect(withActions(["apigateway:GET", "logs:*", "*"]).accounts[0]!.accessKeys[0]!.allowedActions).toEqual(["apigateway:GET", "logs:*", "*"]);
    expect(() => withActions(["GET"])).toThrow(ScenarioError);
    expect(() => withActions(["apigateway:GET /apikeys"])).toThrow("accounts[0].accessKeys[0].allowedActions[0]: an IAM action such as apigateway:GET, logs:* or *");
  });
});
