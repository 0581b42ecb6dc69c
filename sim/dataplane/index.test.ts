import { describe, expect, it } from "vitest";
import { usageCounterKey, utcDay } from "../apigateway/usage";
import type { SimResponse } from "../http";
import { methodSettingsKey } from "../state";
import { ACCESS_GROUP, API_ID, EXEC_GROUP, KEY_ID, KEY_VALUE, NOW, baseScenario, eventsOf, executionLog, requestIdOf, send, simOf, withKey, type TestScenario } from "./__fixtures__/harness";

/** KEY_VALUE (40 characters) as AWS masks it. */
const MASKED = `${"*".repeat(34)}9jKl1n`;

/** The execution-log lines expected for a request: each message prefixed with its request id. */
function lines(res: SimResponse, ...messages: string[]): string[] {
  const id = requestIdOf(res);
  return [`Extended Request Id: ${res.headers["x-amz-apigw-id"]}`, ...messages].map((m) => `(${id}) ${m}`);
}

const verifying = (id: string, masked = MASKED) => `Verifying Usage Plan for request: ${id}. API Key: ${masked} API Stage: ${API_ID}/prod`;
const succeeded = (masked = MASKED) => `Usage Plan check succeeded for API Key ${masked} and API Stage ${API_ID}/prod`;
const notAuthorized = (masked: string, ending: string) =>
  `API Key ${masked} not authorized because method 'GET /pets' requires API Key and API Key is not associated with a Usage Plan for API Stage ${API_ID}/prod: ${ending}`;

function scenario(change: (s: TestScenario) => void = () => {}): TestScenario {
  const s = baseScenario();
  change(s);
  return s;
}

describe("a request that passes", () => {
  it("answers the MOCK integration with AWS's headers and logs the whole pipeline in order", () => {
    const sim = simOf(scenario());
    const res = send(sim, { path: "/pets", headers: withKey() });
    const id = requestIdOf(res);

    expect(res.status).toBe(200);
    expect(res.body).toBe('{"pets":[]}');
    expect(res.headers["content-type"]).toBe("application/json");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers["x-amz-apigw-id"]).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(res.headers["x-amzn-ErrorType"]).toBeUndefined();
    expect(executionLog(sim, res)).toEqual(
      lines(res, verifying(id), succeeded(), `Starting execution for request: ${id}`, "HTTP Method: GET, Resource Path: /pets", `API Key: ${MASKED}`, "Method completed with status: 200"),
    );
    expect(sim.state.usage.get(usageCounterKey("plan01", KEY_ID, utcDay(NOW)))).toBe(1);
  });

  it("says a method without apiKeyRequired ignores the key (empty key: two spaces) and counts nothing", () => {
    const sim = simOf(scenario());
    const res = send(sim, { path: "/pets/7" });
    const id = requestIdOf(res);
    expect(res.status).toBe(200);
    expect(executionLog(sim, res)).toEqual(
      lines(
        res,
        verifying(id, ""),
        "API Key  authorized because method 'GET /pets/{petId}' does not require API Key. Request will not contribute to throttle or quota limits",
        succeeded(""),
        `Starting execution for request: ${id}`,
        "HTTP Method: GET, Resource Path: /pets/{petId}",
        "Method completed with status: 200",
      ),
    );
    expect(sim.state.usage.size).toBe(0);
  });

  it("names an ANY method by its verb ANY and the template path, the request verb in HTTP Method", () => {
    const sim = simOf(scenario());
    const res = send(sim, { method: "DELETE", path: "/files/a/b.txt", headers: withKey() });
    expect(res.status).toBe(200);
    expect(executionLog(sim, res)).toContain(
      `(${requestIdOf(res)}) API Key ${MASKED} authorized because method 'ANY /files/{proxy+}' does not require API Key. Request will not contribute to throttle or quota limits`,
    );
    expect(executionLog(sim, res)).toContain(`(${requestIdOf(res)}) HTTP Method: DELETE, Resource Path: /files/{proxy+}`);
  });

  it("prints the method request headers with the key masked when data trace is on", () => {
    const sim = simOf(scenario((s) => Object.assign(s.restApis[0].stages[0], { dataTraceEnabled: true })));
    const res = send(sim, { path: "/pets", headers: { ...withKey(), accept: "application/json" } });
    const log = executionLog(sim, res);
    expect(log.at(-2)).toBe(`(${requestIdOf(res)}) Method request headers: {x-api-key=${MASKED}, accept=application/json}`);
    expect(log.join("\n")).not.toContain(KEY_VALUE);
  });

  it("spreads a stage's lines over a few 32-hex streams, one per request, a few ms apart from req.at", () => {
    const sim = simOf(scenario());
    const at = NOW - 60_000;
    for (let i = 0; i < 20; i++) send(sim, { path: "/pets", headers: withKey(), at: at + i * 1000 });
    const streams = sim.logs.group("us-east-1", EXEC_GROUP)!.streams;
    expect(streams.size).toBeGreaterThan(1);
    expect(streams.size).toBeLessThanOrEqual(3);
    for (const name of streams.keys()) expect(name).toMatch(/^[0-9a-f]{32}$/);

    const res = send(sim, { path: "/pets", headers: withKey(), at });
    const events = eventsOf(sim, EXEC_GROUP).filter((e) => e.message.startsWith(`(${requestIdOf(res)}) `));
    expect(new Set(events.map((e) => e.stream)).size).toBe(1);
    expect(events.map((e) => e.timestamp - at)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });
});

describe("API key and usage plan rejections", () => {
  it("answers a missing key 403 Forbidden with 'was required but not present' and no Starting execution", () => {
    const sim = simOf(scenario());
    const res = send(sim, { path: "/pets" });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-ErrorType"]).toBe("ForbiddenException");
    expect(JSON.parse(res.body)).toEqual({ message: "Forbidden" });
    expect(executionLog(sim, res)).toEqual(lines(res, verifying(requestIdOf(res), ""), notAuthorized("", "API Key was required but not present"), "Method completed with status: 403"));
  });

  it("takes the key only from the x-api-key header", () => {
    const sim = simOf(scenario());
    const res = send(sim, { path: "/pets?api_key=" + KEY_VALUE, headers: { authorization: KEY_VALUE } });
    expect(res.status).toBe(403);
    expect(executionLog(sim, res)[1]).toContain("API Key:  API Stage");
  });

  it("writes no verdict line of its own for an unknown or disabled key (AWS's is unconfirmed)", () => {
    for (const [change, value] of [
      [() => {}, "Zz9yXw8vUt7sRq6pOn5mLk4jIh3gFe2dCb1aZy0x"],
      [(s: TestScenario) => Object.assign(s.apiKeys![0]!, { enabled: false }), KEY_VALUE],
    ] as const) {
      const sim = simOf(scenario(change));
      const res = send(sim, { path: "/pets", headers: withKey(value) });
      expect(res.status).toBe(403);
      expect(res.headers["x-amzn-ErrorType"]).toBe("ForbiddenException");
      const masked = "*".repeat(34) + value.slice(-6);
      expect(executionLog(sim, res)).toEqual(lines(res, verifying(requestIdOf(res), masked), "Method completed with status: 403"));
    }
  });

  it("ends 'No Usage Plan found for key and API Stage' when some plan covers the stage but not for this key", () => {
    const sim = simOf(scenario((s) => Object.assign(s.usagePlans![0]!, { keys: [] })));
    const res = send(sim, { path: "/pets", headers: withKey() });
    expect(res.status).toBe(403);
    expect(executionLog(sim, res)).toEqual(lines(res, verifying(requestIdOf(res)), notAuthorized(MASKED, "No Usage Plan found for key and API Stage"), "Method completed with status: 403"));
  });

  it("ends 'API Stage is not in a Usage Plan' when no plan lists the stage", () => {
    const sim = simOf(scenario((s) => Object.assign(s.usagePlans![0]!, { apiStages: [] })));
    const res = send(sim, { path: "/pets", headers: withKey() });
    expect(executionLog(sim, res)[2]).toBe(`(${requestIdOf(res)}) ${notAuthorized(MASKED, "API Stage is not in a Usage Plan")}`);
  });

  it("judges apiKeyRequired from the deployed snapshot, not the draft", () => {
    const sim = simOf(
      scenario((s) => {
        s.restApis[0].deployments = [{ id: "dep001", routes: [{ path: "/pets", method: "GET", apiKeyRequired: false }] }];
      }),
    );
    const res = send(sim, { path: "/pets" });
    expect(res.status).toBe(200);
    expect(executionLog(sim, res)[2]).toContain("authorized because method 'GET /pets' does not require API Key");
  });
});

describe("limits", () => {
  it("answers 429 Limit Exceeded once the plan's quota is used up, counting only served requests", () => {
    const sim = simOf(scenario((s) => Object.assign(s.usagePlans![0]!, { quota: { limit: 2, period: "DAY" } })));
    const statuses = [0, 1, 2, 3].map((i) => send(sim, { path: "/pets", headers: withKey(), at: NOW + i * 5000 }).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const res = send(sim, { path: "/pets", headers: withKey(), at: NOW + 60_000 });
    expect(res.headers["x-amzn-ErrorType"]).toBe("LimitExceededException");
    expect(JSON.parse(res.body)).toEqual({ message: "Limit Exceeded" });
    expect(executionLog(sim, res)).toEqual(
      lines(
        res,
        verifying(requestIdOf(res)),
        `API Key ${MASKED} exceeded quota limit for API Stage ${API_ID}/prod: Key quota exhausted for Usage Plan ID plan01. Limit: 2 Period: DAY`,
        "Method completed with status: 429",
      ),
    );
    expect(sim.state.usage.get(usageCounterKey("plan01", KEY_ID, utcDay(NOW)))).toBe(2);
    // the next UTC day starts a new period
    expect(send(sim, { path: "/pets", headers: withKey(), at: NOW + 24 * 3600_000 }).status).toBe(200);
  });

  it("answers 429 Too Many Requests past the plan's rate within one second of req.at", () => {
    const sim = simOf(scenario((s) => Object.assign(s.usagePlans![0]!, { throttle: { rateLimit: 1, burstLimit: 2 } })));
    const statuses = [0, 100, 200, 1000, 1100].map((ms) => send(sim, { path: "/pets", headers: withKey(), at: NOW + ms }).status);
    expect(statuses).toEqual([200, 200, 429, 200, 200]);
    const res = send(sim, { path: "/pets", headers: withKey(), at: NOW + 1200 });
    expect(res.status).toBe(429);
    expect(res.headers["x-amzn-ErrorType"]).toBe("TooManyRequestsException");
    expect(JSON.parse(res.body)).toEqual({ message: "Too Many Requests" });
    const resourceId = sim.state.restApis[0]!.resources.find((r) => r.path === "/pets")!.id;
    expect(executionLog(sim, res)[2]).toBe(
      `(${requestIdOf(res)}) API Key ${MASKED} exceeded throttle limit for API Stage ${API_ID}/prod: Key throttle limit exceeded for Usage Plan ID plan01, RestApi ${API_ID}, Stage prod, Resource ${resourceId}, HttpMethod GET. Limit: 1.00 Burst: 2`,
    );
  });
});

describe("rejections before the key check", () => {
  it("answers an unknown stage (names are case-sensitive) 403 Forbidden and logs nothing at all", () => {
    const sim = simOf(scenario((s) => Object.assign(s.restApis[0].stages[0], { accessLogFormat: "$context.requestId" })));
    const res = send(sim, { path: "/Prod/pets", host: `${API_ID}.execute-api.localhost`, headers: withKey() });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-ErrorType"]).toBe("ForbiddenException");
    expect(JSON.parse(res.body)).toEqual({ message: "Forbidden" });
    expect(res.headers["x-amzn-RequestId"]).toBeTruthy();
    expect(sim.logs.groups.size).toBe(0);
  });

  it("answers a route missing from the deployed snapshot Missing Authentication Token, with no execution log", () => {
    const sim = simOf(
      scenario((s) => {
        s.restApis[0].deployments = [{ id: "dep001", routes: [{ path: "/pets/{petId}", method: "GET" }] }];
        Object.assign(s.restApis[0].stages[0], { accessLogFormat: "$context.error.responseType $context.resourcePath" });
      }),
    );
    const res = send(sim, { path: "/pets", headers: withKey() });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-ErrorType"]).toBe("MissingAuthenticationTokenException");
    expect(JSON.parse(res.body)).toEqual({ message: "Missing Authentication Token" });
    expect(sim.logs.group("us-east-1", EXEC_GROUP)).toBeUndefined();
    expect(eventsOf(sim, ACCESS_GROUP).map((e) => e.message)).toEqual(["MISSING_AUTHENTICATION_TOKEN -"]);
  });

  it("answers a WAF block 403 WAF_FILTERED: no execution log, WAF_BLOCK in the access log", () => {
    const arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/1";
    const sim = simOf(
      scenario((s) => {
        s.webAcls = [{ arn, blockSourceIps: ["198.51.100.0/24"] }];
        Object.assign(s.restApis[0].stages[0], { webAclArn: arn, accessLogFormat: "$context.wafResponseCode $context.status $context.error.responseType" });
      }),
    );
    const blocked = send(sim, { path: "/pets", headers: withKey(), sourceIp: "198.51.100.23" });
    expect(blocked.status).toBe(403);
    expect(blocked.headers["x-amzn-ErrorType"]).toBe("ForbiddenException");
    expect(JSON.parse(blocked.body)).toEqual({ message: "Forbidden" });
    expect(executionLog(sim, blocked)).toEqual([]);
    const allowed = send(sim, { path: "/pets", headers: withKey(), sourceIp: "203.0.113.9" });
    expect(allowed.status).toBe(200);
    expect(eventsOf(sim, ACCESS_GROUP).map((e) => e.message)).toEqual(["WAF_BLOCK 403 WAF_FILTERED", "WAF_ALLOW 200 -"]);
  });

  it("answers a resource-policy denial AccessDenied with AWS's masked ARN", () => {
    const policy = (deny: boolean) => ({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: deny ? "execute-api:/prod/POST/*" : "execute-api:/*" },
        ...(deny ? [] : [{ Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }]),
      ],
    });
    const arn = `arn:aws:execute-api:us-east-1:********9012:${API_ID}/prod/GET/pets`;

    const implicit = simOf(scenario((s) => Object.assign(s.restApis[0], { policy: policy(true) })));
    const res = send(implicit, { path: "/pets", headers: withKey() });
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-ErrorType"]).toBe("AccessDeniedException");
    expect(JSON.parse(res.body)).toEqual({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn}` });
    // AWS's own line for the policy verdict is unconfirmed: only the generic lines are written
    expect(executionLog(implicit, res)).toEqual(lines(res, "Method completed with status: 403"));

    const explicit = simOf(scenario((s) => Object.assign(s.restApis[0], { policy: policy(false) })));
    const denied = send(explicit, { path: "/pets", headers: withKey() });
    expect(JSON.parse(denied.body)).toEqual({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn} with an explicit deny` });
    expect(send(explicit, { path: "/pets", headers: withKey(), sourceIp: "10.1.2.3" }).status).toBe(200);
  });

  it("admits a private API's caller only through a VPC endpoint its policy allows", () => {
    const sim = simOf(
      scenario((s) =>
        Object.assign(s.restApis[0], {
          endpointType: "PRIVATE",
          policy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-0good" } } }],
          },
        }),
      ),
    );
    const via = (vpce: string) => send(sim, { path: "/prod/pets", host: `${vpce}.execute-api.localhost`, headers: { ...withKey(), "x-apigw-api-id": API_ID } });
    expect(via("vpce-0good").status).toBe(200);
    expect(via("vpce-0evil").headers["x-amzn-ErrorType"]).toBe("AccessDeniedException");
    const direct = send(sim, { path: "/pets", headers: withKey() });
    expect([direct.status, direct.headers["x-amzn-ErrorType"]]).toEqual([403, "ForbiddenException"]);
  });

  it("answers an unsigned call to an AWS_IAM method Missing Authentication Token, a SigV4-signed one passes", () => {
    const sim = simOf(scenario((s) => (s.restApis[0].routes = [{ path: "/pets/{petId}", method: "GET", authorizationType: "AWS_IAM" }])));
    const unsigned = send(sim, { path: "/pets/1" });
    expect([unsigned.status, unsigned.headers["x-amzn-ErrorType"]]).toEqual([403, "MissingAuthenticationTokenException"]);
    expect(executionLog(sim, unsigned)).toEqual(lines(unsigned, "Method completed with status: 403"));
    const signed = send(sim, { path: "/pets/1", headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKID/20250615/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc" } });
    expect(signed.status).toBe(200);
  });
});

describe("Lambda authorizers", () => {
  const withAuthorizer = (decision: Record<string, unknown>, apiKeySource: "HEADER" | "AUTHORIZER" = "HEADER") =>
    scenario((s) =>
      Object.assign(s.restApis[0], {
        apiKeySource,
        authorizers: [{ id: "auth01", name: "jwt", type: "TOKEN", identitySource: "method.request.header.Authorization", decision }],
        routes: [{ path: "/pets", method: "GET", apiKeyRequired: true, authorizationType: "CUSTOM", authorizerId: "auth01" }],
      }),
    );
  const token = { authorization: "Bearer t0ken" };

  it("answers a Deny policy 403 AccessDenied after a successful authorizer execution, before the key check", () => {
    const sim = simOf(withAuthorizer({ effect: "Deny", principalId: "user-4821" }));
    const res = send(sim, { path: "/pets", headers: { ...token, ...withKey() } });
    const id = requestIdOf(res);
    expect(res.status).toBe(403);
    expect(res.headers["x-amzn-ErrorType"]).toBe("AccessDeniedException");
    expect(JSON.parse(res.body)).toEqual({ Message: "User is not authorized to access this resource with an explicit deny" });
    expect(executionLog(sim, res)).toEqual(
      lines(
        res,
        `Starting authorizer: auth01 for request: ${id}`,
        "Using valid authorizer policy for principal: ***r-4821",
        "Successfully completed authorizer execution",
        "Method completed with status: 403",
      ),
    );
  });

  it("answers 401 Unauthorized when the authorizer says so or the identity source is missing", () => {
    const unauthorized = simOf(withAuthorizer({ effect: "Unauthorized" }));
    const res = send(unauthorized, { path: "/pets", headers: token });
    expect([res.status, res.headers["x-amzn-ErrorType"], JSON.parse(res.body)]).toEqual([401, "UnauthorizedException", { message: "Unauthorized" }]);
    const id = requestIdOf(res);
    expect(executionLog(unauthorized, res)).toEqual(lines(res, `Starting authorizer: auth01 for request: ${id}`, `Unauthorized request: ${id}`, "Method completed with status: 401"));
    expect(send(simOf(withAuthorizer({ effect: "Allow" })), { path: "/pets", headers: withKey() }).status).toBe(401);
  });

  it("takes the key from the authorizer's usageIdentifierKey when apiKeySource is AUTHORIZER, ignoring the header", () => {
    const withUsageKey = simOf(withAuthorizer({ effect: "Allow", principalId: "svc", usageIdentifierKey: KEY_VALUE }, "AUTHORIZER"));
    const res = send(withUsageKey, { path: "/pets", headers: token });
    expect(res.status).toBe(200);
    expect(executionLog(withUsageKey, res)).toContain(`(${requestIdOf(res)}) API Key: ${MASKED}`);

    const without = simOf(withAuthorizer({ effect: "Allow", principalId: "svc" }, "AUTHORIZER"));
    const rejected = send(without, { path: "/pets", headers: { ...token, ...withKey() } });
    expect(rejected.status).toBe(403);
    expect(executionLog(without, rejected)).toContain(`(${requestIdOf(rejected)}) ${notAuthorized("", "API Key was required but not present")}`);
  });
});

describe("when logs are written", () => {
  it("writes no execution log when logging is OFF or absent, or the account has no CloudWatch role", () => {
    const variants: ((s: TestScenario) => void)[] = [
      (s) => Object.assign(s.restApis[0].stages[0], { loggingLevel: "OFF" }),
      (s) => delete s.restApis[0].stages[0].loggingLevel,
      (s) => (s.account = { cloudwatchRoleArn: null }),
    ];
    for (const change of variants) {
      const sim = simOf(scenario(change));
      expect(send(sim, { path: "/pets" }).status).toBe(403);
      expect(sim.logs.group("us-east-1", EXEC_GROUP)).toBeUndefined();
    }
  });

  it("at ERROR logs only failing requests; a per-method setting overrides */*", () => {
    const sim = simOf(scenario((s) => Object.assign(s.restApis[0].stages[0], { loggingLevel: "ERROR", methodSettings: { [methodSettingsKey("/pets/{petId}", "GET")]: { loggingLevel: "OFF" } } })));
    const ok = send(sim, { path: "/pets", headers: withKey() });
    const failed = send(sim, { path: "/pets" });
    const quiet = send(sim, { path: "/pets/9", headers: { "x-api-key": "x" } });
    expect([ok.status, failed.status, quiet.status]).toEqual([200, 403, 200]);
    expect(executionLog(sim, ok)).toEqual([]);
    expect(executionLog(sim, failed)).toHaveLength(4);
    expect(executionLog(sim, quiet)).toEqual([]);
  });

  it("renders the access-log format into the destination group, unknown or valueless variables as '-'", () => {
    const format =
      '{"requestId":"$context.requestId","ext":"$context.extendedRequestId","ip":"$context.identity.sourceIp","key":"$context.identity.apiKeyId",' +
      '"method":"$context.httpMethod","resource":"$context.resourcePath","status":"$context.status","msg":"$context.error.message",' +
      '"msgString":$context.error.messageString,"type":"$context.error.responseType","waf":"$context.wafResponseCode","time":"$context.requestTime",' +
      '"epoch":"$context.requestTimeEpoch","stage":"$context.stage","api":"$context.apiId","protocol":"$context.protocol","length":"$context.responseLength",' +
      '"agent":"$context.identity.userAgent"}';
    const sim = simOf(scenario((s) => Object.assign(s.restApis[0].stages[0], { accessLogFormat: format })));
    const res = send(sim, { method: "GET", path: "/pets", headers: withKey("Zz9yXw8vUt7sRq6pOn5mLk4jIh3gFe2dCb1aZy0x"), sourceIp: "192.0.2.7" });
    const [event] = eventsOf(sim, ACCESS_GROUP);
    expect(event?.timestamp).toBe(NOW);
    expect(event?.stream).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(event!.message)).toEqual({
      requestId: requestIdOf(res),
      ext: res.headers["x-amz-apigw-id"],
      ip: "192.0.2.7",
      key: "-",
      method: "GET",
      resource: "/pets",
      status: "403",
      msg: "Forbidden",
      msgString: "Forbidden",
      type: "INVALID_API_KEY",
      waf: "-",
      time: "15/Jun/2025:12:00:00 +0000",
      epoch: String(NOW),
      stage: "prod",
      api: API_ID,
      protocol: "HTTP/1.1",
      length: String(res.body.length),
      agent: "-",
    });
    // AWS prints "-" unquoted where the format has no quotes: a served request breaks this format's JSON
    const served = send(sim, { path: "/pets", headers: withKey() });
    const line = eventsOf(sim, ACCESS_GROUP).find((e) => e.message.includes(requestIdOf(served)))!.message;
    expect(line).toContain(`"key":"${KEY_ID}","method":"GET","resource":"/pets","status":"200","msg":"-","msgString":-,"type":"-"`);
  });
});

describe("customised gateway responses", () => {
  it("answer with the API's status, header parameters and rendered application/json template", () => {
    const sim = simOf(
      scenario((s) =>
        Object.assign(s.restApis[0], {
          gatewayResponses: [
            {
              responseType: "INVALID_API_KEY",
              statusCode: "401",
              responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'*'", "gatewayresponse.header.X-Origin": "method.request.header.origin" },
              responseTemplates: {
                "application/json": '{"error":$context.error.messageString,"raw":"$context.error.message","type":"$context.error.responseType","id":"$context.requestId","x":"$context.nope"}',
              },
            },
          ],
        }),
      ),
    );
    const res = send(sim, { path: "/pets", headers: { origin: "https://app.example" } });
    expect(res.status).toBe(401);
    expect(res.headers["x-amzn-ErrorType"]).toBe("ForbiddenException");
    expect(res.headers["Access-Control-Allow-Origin"]).toBe("*");
    expect(res.headers["X-Origin"]).toBe("https://app.example");
    expect(JSON.parse(res.body)).toEqual({ error: "Forbidden", raw: "Forbidden", type: "INVALID_API_KEY", id: requestIdOf(res), x: "$context.nope" });
    expect(executionLog(sim, res).at(-1)).toBe(`(${requestIdOf(res)}) Method completed with status: 401`);
  });

  it("fall back to a customised DEFAULT_4XX for a type the API did not customise", () => {
    const sim = simOf(
      scenario((s) =>
        Object.assign(s.restApis[0], {
          gatewayResponses: [{ responseType: "DEFAULT_4XX", statusCode: "400", responseTemplates: { "application/json": '{"oops":$context.error.messageString}' } }],
        }),
      ),
    );
    const res = send(sim, { path: "/nothing" });
    expect([res.status, res.body]).toEqual([400, '{"oops":"Missing Authentication Token"}']);
  });
});
