// STS and the simulator's accounts through the real SDK over HTTP: AssumeRole and GetCallerIdentity with AWS's shapes
// and errors, temporary credentials (also through fromTemporaryCredentials) acting in the role's account, refused,
// unknown and expired credentials per service, and per-account isolation of API Gateway, Logs, Logs Insights, S3,
// CloudWatch, the journal and the call counts.
import { GetRestApiCommand, GetRestApisCommand, type APIGatewayServiceException } from "@aws-sdk/client-api-gateway";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand, FilterLogEventsCommand, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput, type STSServiceException } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScenarioError, parseScenario, type scenarioSchema } from "../scenario";
import type { JournalEntry } from "../state";
import { NO_FAULTS, startSim, type AwsClients, type RunningSim } from "../testing";
import type { z } from "zod";

const HUB = "111111111111";
const PROD = "222222222222";
const AUDIT = "333333333333";
const HUB_KEY = { accessKeyId: "AKIAHUB0000000000001", secretAccessKey: "hub-secret" };
const ROLE = `arn:aws:iam::${PROD}:role/gatecheck-readonly`;
const CHAINED_ROLE = `arn:aws:iam::${PROD}:role/chained-reader`;
const AUDIT_ROLE = `arn:aws:iam::${AUDIT}:role/gatecheck-readonly`;
const EXTERNAL_ID = "gc-prod-2222";
/** Each API's key value (key values are unique within an account). */
const keyValueOf = (apiId: string) => `Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd${apiId}`;
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

type Input = z.input<typeof scenarioSchema>;

/** One REST API with a keyed GET /orders on an INFO-logged prod stage, in the given account and region. */
function apiScenario(name: string, accountId: string, region: string, apiId: string): Input {
  return {
    name,
    description: `${apiId} in ${accountId} ${region}`,
    accountId,
    region,
    account: { cloudwatchRoleArn: `arn:aws:iam::${accountId}:role/apigw-logs` },
    restApis: [
      {
        id: apiId,
        name: `${name}-api`,
        routes: [{ path: "/orders", method: "GET", apiKeyRequired: true }],
        deployments: [{ id: "dep001" }],
        stages: [{ name: "prod", deploymentId: "dep001", loggingLevel: "INFO" }],
      },
    ],
    apiKeys: [{ id: `k${apiId.slice(1)}`, name: "mobile", value: keyValueOf(apiId) }],
    usagePlans: [{ id: `p${apiId.slice(1)}`, name: "basic", apiStages: [{ apiId, stage: "prod" }], keys: [`k${apiId.slice(1)}`] }],
  };
}

const ACCOUNTS: Input = {
  name: "accounts",
  description: "a hub with gatecheck's key, prod trusting the hub with an external id, audit trusting someone else",
  accounts: [
    { id: HUB, name: "hub", accessKeys: [{ accessKeyId: HUB_KEY.accessKeyId, user: "gatecheck" }] },
    {
      id: PROD,
      name: "prod",
      roles: [
        { name: "gatecheck-readonly", trustedPrincipals: [`arn:aws:iam::${HUB}:root`], externalId: EXTERNAL_ID },
        { name: "chained-reader", trustedPrincipals: [ROLE], maxSessionDuration: 7200 },
      ],
    },
    { id: AUDIT, name: "audit", roles: [{ name: "gatecheck-readonly", trustedPrincipals: ["arn:aws:iam::999999999999:root"], externalId: "gc-audit-3333" }] },
  ],
};

const SCENARIOS = [
  ACCOUNTS,
  apiScenario("default-use1", "123456789012", "us-east-1", "dflt000001"),
  apiScenario("prod-use1", PROD, "us-east-1", "prod000001"),
  apiScenario("prod-euw1", PROD, "eu-west-1", "prod000002"),
  apiScenario("audit-use1", AUDIT, "us-east-1", "audt000001"),
].map((input) => ({ file: `${input.name}.json`, scenario: parseScenario(input, `${input.name}.json`) }));

let running: RunningSim;
let clock = T0;

beforeAll(async () => {
  running = await startSim({ replayTraffic: false, now: () => clock });
});
afterAll(() => running.close());
beforeEach(() => {
  clock = T0;
  running.sim.load(SCENARIOS);
  running.sim.faults = { ...running.sim.faults, ...NO_FAULTS };
});

/** The error a call fails with (a call that succeeds fails the test). */
function failure<E = STSServiceException>(call: Promise<unknown>): Promise<E> {
  return call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err as E,
  );
}

const as = (credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, region = "us-east-1"): AwsClients => running.clients(credentials, region);
const hub = () => as(HUB_KEY);
const assume = (input: Partial<AssumeRoleCommandInput> = {}, clients: Pick<AwsClients, "sts"> = hub()) =>
  clients.sts.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: "gatecheck", ExternalId: EXTERNAL_ID, ...input }));

/** Static credentials of a fresh session of the prod role. */
async function prodSession(input: Partial<AssumeRoleCommandInput> = {}): Promise<AwsCredentialIdentity> {
  const { Credentials } = await assume(input);
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
}

/** The prod role through the SDK's own provider, as gatecheck would chain it. */
const prodProvider = (region = "us-east-1") =>
  fromTemporaryCredentials({ masterCredentials: HUB_KEY, params: { RoleArn: ROLE, RoleSessionName: "gatecheck", ExternalId: EXTERNAL_ID }, clientConfig: { region, endpoint: running.endpoint } });

const restApiIds = async (clients: Pick<AwsClients, "apigateway">) => ((await clients.apigateway.send(new GetRestApisCommand({}))).items ?? []).map((api) => api.id);

const callOrders = (apiId: string) => fetch(`${running.endpoint}/restapis/${apiId}/prod/_user_request_/orders`, { headers: { "x-api-key": keyValueOf(apiId) } });

describe("GetCallerIdentity", () => {
  it("names the default principal for the test keys, and a declared user for its access key", async () => {
    const own = await running.sts.send(new GetCallerIdentityCommand({}));
    expect(own).toMatchObject({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/gatecheck" });
    expect(own.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    const user = await hub().sts.send(new GetCallerIdentityCommand({}));
    expect(user).toMatchObject({ Account: HUB, Arn: `arn:aws:iam::${HUB}:user/gatecheck` });
    expect(user.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("names the assumed role's session for temporary credentials", async () => {
    const session = await as(await prodSession()).sts.send(new GetCallerIdentityCommand({}));
    expect(session.Account).toBe(PROD);
    expect(session.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/gatecheck-readonly/gatecheck`);
    expect(session.UserId).toMatch(/^AROA[A-Z0-9]{17}:gatecheck$/);
  });
});

describe("AssumeRole", () => {
  it("issues ASIA credentials with a session token, the assumed role user and the expiration asked for", async () => {
    const answer = await assume({ DurationSeconds: 900 });
    expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(answer.Credentials?.SecretAccessKey?.length).toBe(40);
    expect(answer.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    expect(answer.Credentials?.Expiration).toEqual(new Date(T0 + 900_000));
    expect(answer.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/gatecheck-readonly/gatecheck`);
    expect(answer.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:gatecheck$/);
    expect(answer.PackedPolicySize).toBeUndefined();
    // an hour unless asked otherwise; a session policy brings its packed size
    const defaulted = await assume({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "apigateway:GET", Resource: "*" }] }) });
    expect(defaulted.Credentials?.Expiration).toEqual(new Date(T0 + 3_600_000));
    expect(defaulted.PackedPolicySize).toBeGreaterThan(0);
  });

  it("gives credentials that act in the role's account, region by region", async () => {
    const prod = as(await prodSession());
    expect(await restApiIds(prod)).toEqual(["prod000001"]);
    expect(await restApiIds(as(await prodSession(), "eu-west-1"))).toEqual(["prod000002"]);
    // the hub and the default account see none of prod's APIs, prod none of theirs
    expect(await restApiIds(hub())).toEqual([]);
    expect(await restApiIds(running)).toEqual(["dflt000001"]);
    const err = await failure<APIGatewayServiceException>(running.apigateway.send(new GetRestApiCommand({ restApiId: "prod000001" })));
    expect(err.name).toBe("NotFoundException");
    expect(err.message).toBe("Invalid API identifier specified 123456789012:prod000001");
    const other = await failure<APIGatewayServiceException>(prod.apigateway.send(new GetRestApiCommand({ restApiId: "dflt000001" })));
    expect(other.message).toBe(`Invalid API identifier specified ${PROD}:dflt000001`);
  });

  it("works through fromTemporaryCredentials, and chains one role into another", async () => {
    expect(await restApiIds(as(prodProvider()))).toEqual(["prod000001"]);
    const chained = fromTemporaryCredentials({
      masterCredentials: prodProvider(),
      params: { RoleArn: CHAINED_ROLE, RoleSessionName: "second-hop" },
      clientConfig: { region: "us-east-1", endpoint: running.endpoint },
    });
    const identity = await as(chained).sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/chained-reader/second-hop`);
    // role chaining caps sessions at an hour, whatever the role allows
    const tooLong = await failure(as(prodProvider()).sts.send(new AssumeRoleCommand({ RoleArn: CHAINED_ROLE, RoleSessionName: "x2", DurationSeconds: 7200 })));
    expect(tooLong.name).toBe("ValidationError");
    expect(tooLong.message).toBe("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  });

  it("refuses a wrong or missing external id, an untrusted caller and an unknown role with AWS's AccessDenied", async () => {
    const denied = (caller: string, role: string) => `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`;
    const hubUser = `arn:aws:iam::${HUB}:user/gatecheck`;
    const issued = running.sim.identities.sessions.size;
    const cases: [() => Promise<unknown>, string][] = [
      [() => assume({ ExternalId: "gc-prod-wrong" }), denied(hubUser, ROLE)],
      [() => assume({ ExternalId: undefined }), denied(hubUser, ROLE)],
      [() => assume({ RoleArn: AUDIT_ROLE, ExternalId: "gc-audit-3333" }), denied(hubUser, AUDIT_ROLE)],
      [() => assume({ RoleArn: `arn:aws:iam::${PROD}:role/no-such-role` }), denied(hubUser, `arn:aws:iam::${PROD}:role/no-such-role`)],
      [() => assume({}, running), denied("arn:aws:iam::123456789012:user/gatecheck", ROLE)],
    ];
    for (const [call, message] of cases) {
      const err = await failure(call());
      expect(err.name).toBe("AccessDenied");
      expect(err.message).toBe(message);
      expect(err.$metadata.httpStatusCode).toBe(403);
      expect(err.$fault).toBe("client");
      expect((err as unknown as { Type?: string }).Type).toBe("Sender");
    }
    expect(running.sim.identities.sessions.size).toBe(issued);
  });

  it("validates DurationSeconds, RoleSessionName and ExternalId as AWS does", async () => {
    const cases: [Partial<AssumeRoleCommandInput>, string][] = [
      [{ DurationSeconds: 899 }, "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"],
      [{ DurationSeconds: 43_201 }, "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"],
      [{ DurationSeconds: 7200 }, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."],
      [{ RoleSessionName: "a" }, "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"],
      [
        { RoleSessionName: "x".repeat(65) },
        `1 validation error detected: Value '${"x".repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ],
      [
        { RoleSessionName: "gate check" },
        "1 validation error detected: Value 'gate check' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      ],
      [
        { RoleSessionName: "a", DurationSeconds: 100 },
        "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ],
      [{ RoleArn: "arn:aws:iam::222222222222:user/not-a-role" }, "Request ARN is invalid"],
    ];
    for (const [input, message] of cases) {
      const err = await failure(assume(input));
      expect(err.name).toBe("ValidationError");
      expect(err.message).toBe(message);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
    const session = await assume({ RoleSessionName: "gatecheck+ops=1,a.b@c-d_e" });
    expect(session.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/gatecheck-readonly/gatecheck+ops=1,a.b@c-d_e`);
  });

  it("answers an unknown action with InvalidAction, in STS's XML", async () => {
    const res = await fetch(running.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 Credential=AKIDSIMULATOR/20260115/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x" },
      body: "Action=GetSessionToken&Version=2011-06-15",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidAction<\/Code>\s*<Message>Could not find operation GetSessionToken for version 2011-06-15<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>/,
    );
  });
});

describe("credentials AWS does not accept", () => {
  it("answers an expired session with each service's ExpiredToken error", async () => {
    const session = as(await prodSession({ DurationSeconds: 900 }));
    expect(await restApiIds(session)).toEqual(["prod000001"]);
    clock = T0 + 900_000;
    const expected: [() => Promise<unknown>, string, number][] = [
      [() => session.apigateway.send(new GetRestApisCommand({})), "ExpiredTokenException", 403],
      [() => session.logs.send(new DescribeLogGroupsCommand({})), "ExpiredTokenException", 400],
      [() => session.cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(T0 - 3_600_000), EndTime: new Date(T0), MetricDataQueries: [] })), "ExpiredToken", 403],
      [() => session.sts.send(new GetCallerIdentityCommand({})), "ExpiredToken", 403],
      [() => session.s3.send(new ListObjectsV2Command({ Bucket: "any-bucket" })), "ExpiredToken", 400],
    ];
    for (const [call, name, status] of expected) {
      const err = await failure(call());
      expect(err.name).toBe(name);
      expect(err.$metadata.httpStatusCode).toBe(status);
      expect(err.message).toMatch(/^The (security token included in the request is expired|provided token has expired\.)$/);
    }
  });

  it("answers an unknown AKIA key, and a session key without its token, with each service's invalid-token error", async () => {
    const unknown = as({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" });
    const session = await prodSession();
    const noToken = as({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey });
    const wrongToken = as({ ...session, sessionToken: "not-the-token" });
    for (const clients of [unknown, noToken, wrongToken]) {
      const expected: [() => Promise<unknown>, string, number][] = [
        [() => clients.apigateway.send(new GetRestApisCommand({})), "UnrecognizedClientException", 403],
        [() => clients.logs.send(new DescribeLogGroupsCommand({})), "UnrecognizedClientException", 400],
        [() => clients.cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(T0 - 3_600_000), EndTime: new Date(T0), MetricDataQueries: [] })), "InvalidClientTokenId", 403],
        [() => clients.sts.send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", 403],
      ];
      for (const [call, name, status] of expected) {
        const err = await failure(call());
        expect(err.name).toBe(name);
        expect(err.$metadata.httpStatusCode).toBe(status);
        expect(err.message).toBe("The security token included in the request is invalid.");
      }
    }
    const s3Unknown = await failure(unknown.s3.send(new ListObjectsV2Command({ Bucket: "any-bucket" })));
    expect(s3Unknown.name).toBe("InvalidAccessKeyId");
    expect(s3Unknown.$metadata.httpStatusCode).toBe(403);
    expect((await failure(wrongToken.s3.send(new ListObjectsV2Command({ Bucket: "any-bucket" })))).name).toBe("InvalidToken");
  });

  it("denies by fault naming the caller's ARN: a role session's, a user's", async () => {
    const session = as(await prodSession());
    running.sim.faults = { ...running.sim.faults, deny: ["GetRestApis", "AssumeRole"] };
    const err = await failure<APIGatewayServiceException>(session.apigateway.send(new GetRestApisCommand({})));
    expect(err.name).toBe("AccessDeniedException");
    expect(err.message).toBe(`User: arn:aws:sts::${PROD}:assumed-role/gatecheck-readonly/gatecheck is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/restapis`);
    const refused = await failure(assume());
    expect(refused.name).toBe("AccessDenied");
    expect(refused.message).toBe(`User: arn:aws:iam::${HUB}:user/gatecheck is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
  });
});

describe("state per account", () => {
  it("writes a data-plane call's logs in its API's account, and each account's Logs and Logs Insights see only their own", async () => {
    for (const apiId of ["prod000001", "dflt000001", "audt000001"]) expect((await callOrders(apiId)).status).toBe(200);
    const group = (apiId: string) => `API-Gateway-Execution-Logs_${apiId}/prod`;
    const prod = as(await prodSession());
    const groupsOf = async (clients: Pick<AwsClients, "logs">) => ((await clients.logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => [g.logGroupName, g.arn]);
    expect(await groupsOf(prod)).toEqual([[group("prod000001"), `arn:aws:logs:us-east-1:${PROD}:log-group:${group("prod000001")}:*`]]);
    expect(await groupsOf(running)).toEqual([[group("dflt000001"), `arn:aws:logs:us-east-1:123456789012:log-group:${group("dflt000001")}:*`]]);
    expect(await groupsOf(hub())).toEqual([]);
    const events = await prod.logs.send(new FilterLogEventsCommand({ logGroupName: group("prod000001") }));
    expect(events.events?.some((e) => e.message?.includes("Method completed with status: 200"))).toBe(true);
    const notHers = await failure(running.logs.send(new FilterLogEventsCommand({ logGroupName: group("prod000001") })));
    expect(notHers.name).toBe("ResourceNotFoundException");

    const query = { startTime: Math.floor(T0 / 1000) - 3600, endTime: Math.floor(T0 / 1000) + 60, queryString: "fields @log, @message | limit 5" };
    const { queryId } = await prod.logs.send(new StartQueryCommand({ ...query, logGroupNames: [group("prod000001")] }));
    let results = await prod.logs.send(new GetQueryResultsCommand({ queryId }));
    if (results.status === "Running") results = await prod.logs.send(new GetQueryResultsCommand({ queryId }));
    expect(results.status).toBe("Complete");
    expect(results.results?.[0]?.find((f) => f.field === "@log")?.value).toBe(`${PROD}:${group("prod000001")}`);
    expect((await failure(running.logs.send(new StartQueryCommand({ ...query, logGroupNames: [group("prod000001")] })))).name).toBe("ResourceNotFoundException");
    // a query id is only good in the account that started it
    expect((await failure(running.logs.send(new GetQueryResultsCommand({ queryId })))).name).toBe("InvalidParameterException");
  });

  it("journals each call in its API's account, filterable by account, and computes CloudWatch metrics per account", async () => {
    for (const apiId of ["prod000001", "prod000002", "dflt000001", "audt000001", "prod000001"]) await callOrders(apiId);
    expect((await fetch(`${running.endpoint}/restapis/prod000001/prod/_user_request_/orders`)).status).toBe(403);
    const journal = async (query = "") => ((await (await fetch(`${running.endpoint}/_sim/journal${query}`)).json()) as { requests: JournalEntry[] }).requests;
    const prodEntries = await journal(`?accountId=${PROD}`);
    expect(prodEntries.map((e) => [e.apiId, e.status, e.cause])).toEqual([
      ["prod000001", 200, "ok"],
      ["prod000002", 200, "ok"],
      ["prod000001", 200, "ok"],
      ["prod000001", 403, "key-missing"],
    ]);
    expect(prodEntries.every((e) => e.accountId === PROD)).toBe(true);
    const all = await journal();
    expect(all).toHaveLength(6);
    expect(new Set(all.map((e) => e.accountId))).toEqual(new Set(["123456789012", PROD, AUDIT]));
    expect(running.sim.state.journal.map((e) => e.apiId)).toEqual(["dflt000001"]);

    const metric = (clients: Pick<AwsClients, "cloudwatch">) =>
      clients.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(T0 - 3_600_000),
          EndTime: new Date(T0 + 3_600_000),
          MetricDataQueries: [
            { Id: "count", MetricStat: { Metric: { Namespace: "AWS/ApiGateway", MetricName: "Count", Dimensions: [{ Name: "ApiName", Value: "prod-use1-api" }] }, Period: 3600, Stat: "Sum" } },
          ],
        }),
      );
    const sum = (answer: Awaited<ReturnType<typeof metric>>) => (answer.MetricDataResults?.[0]?.Values ?? []).reduce((a, b) => a + b, 0);
    expect(sum(await metric(as(await prodSession())))).toBe(3);
    expect(sum(await metric(running))).toBe(0);
  });

  it("keeps S3 buckets per account: another account's bucket is AccessDenied, names stay global", async () => {
    const create = (body: object) => fetch(`${running.endpoint}/_sim/s3/buckets`, { method: "POST", body: JSON.stringify(body) });
    expect((await create({ name: "prod-snapshots", accountId: PROD })).status).toBe(200);
    const taken = await create({ name: "prod-snapshots" });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain(`in account ${PROD}`);
    const prod = as(await prodSession());
    await prod.s3.send(new PutObjectCommand({ Bucket: "prod-snapshots", Key: "a.json", Body: "{}" }));
    expect((await prod.s3.send(new ListObjectsV2Command({ Bucket: "prod-snapshots" }))).KeyCount).toBe(1);
    const err = await failure(running.s3.send(new GetObjectCommand({ Bucket: "prod-snapshots", Key: "a.json" })));
    expect(err.name).toBe("AccessDenied");
    expect(err.$metadata.httpStatusCode).toBe(403);
  });

  it("counts calls per signing account in /_sim/stats", async () => {
    running.sim.stats.reset();
    const prod = as(await prodSession());
    await restApiIds(prod);
    await restApiIds(prod);
    await restApiIds(running);
    await failure(as({ accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" }).apigateway.send(new GetRestApisCommand({})));
    const stats = (await (await fetch(`${running.endpoint}/_sim/stats`)).json()) as { total: number; byAccount: Record<string, { operations: Record<string, number>; total: number }> };
    expect(stats.byAccount).toEqual({
      "123456789012": { operations: { GetRestApis: 1 }, total: 1 },
      [HUB]: { operations: { AssumeRole: 1 }, total: 1 },
      [PROD]: { operations: { GetRestApis: 2 }, total: 2 },
    });
    expect(stats.total).toBe(5);
  });
});

describe("scenario files with accounts", () => {
  const load = (...inputs: Input[]) => running.sim.load(inputs.map((input, i) => ({ file: `f${i}.json`, scenario: parseScenario(input, `f${i}.json`) })));

  it("names the field of a broken account declaration", () => {
    const broken = (accounts: unknown) => () => parseScenario({ name: "a", description: "d", accounts }, "a.json");
    expect(broken([{ id: "12345", roles: [] }])).toThrow("a.json: accounts[0].id: 12 digits");
    expect(broken([{ id: PROD, roles: [{ name: "r", trustedPrincipals: ["arn:aws:iam::1:root"] }] }])).toThrow("accounts[0].roles[0].trustedPrincipals[0]");
    expect(broken([{ id: PROD, roles: [{ name: "r", trustedPrincipals: [HUB], externalId: "x" }] }])).toThrow("accounts[0].roles[0].externalId");
    expect(broken([{ id: PROD, accessKeys: [{ accessKeyId: "AKIDSHORT", user: "u" }] }])).toThrow("accounts[0].accessKeys[0].accessKeyId");
    expect(() => parseScenario({ name: "a", description: "d", accountId: "prod" }, "a.json")).toThrow("a.json: accountId: 12 digits");
  });

  it("refuses a role or access key declared twice, and a REST API id used in two accounts", () => {
    const role = { id: PROD, roles: [{ name: "r", trustedPrincipals: [HUB] }] };
    expect(() => load({ name: "a", description: "d", accounts: [role] }, { name: "b", description: "d", accounts: [role] })).toThrow(
      `f1.json: accounts[0].roles[0].name: role arn:aws:iam::${PROD}:role/r is declared already`,
    );
    expect(() => load(apiScenario("x", PROD, "us-east-1", "same000001"), apiScenario("y", AUDIT, "us-east-1", "same000001"))).toThrow(
      `f1.json: restApis[0].id: REST API id same000001 is used in account ${PROD}`,
    );
    expect(() => load(apiScenario("x", PROD, "us-east-1", "same000001"), apiScenario("y", AUDIT, "us-east-1", "same000001"))).toThrow(ScenarioError);
  });
});
