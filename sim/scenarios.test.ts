// Every scenario's `expect` block against the running simulator: the expected call is sent live over HTTP,
// its status and x-amzn-ErrorType are checked, and its execution-log lines are read back by request id with
// the real CloudWatch Logs client (FilterLogEvents), as gatecheck itself reads them.
import http from "node:http";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles, type Scenario } from "./scenario";
import { TEST_CREDENTIALS, startSim, type RunningSim } from "./testing";

type Expectation = NonNullable<Scenario["expect"]>;

/** First breaks for which API Gateway writes no execution log at all (CAUSES.md, sim/CONVENTIONS.md). */
const NO_EXECUTION_LOG = new Set([
  "PRIVATE_API_NEEDS_VPC_ENDPOINT",
  "EXECUTE_API_ENDPOINT_DISABLED",
  "CUSTOM_DOMAIN_NO_MAPPING",
  "HTTP_API_NO_KEYS",
  "STAGE_NOT_FOUND",
  "WAF_ACL_ATTACHED",
  "ROUTE_NOT_DEPLOYED",
  "ROUTE_NOT_FOUND",
]);
/** Findings that switch the execution log off for the whole stage or account. */
const LOGGING_OFF = ["EXECUTION_LOGGING_OFF", "CLOUDWATCH_ROLE_MISSING"];

const awsWritesNoLog = (e: Expectation): boolean => (e.firstBreak !== null && NO_EXECUTION_LOG.has(e.firstBreak)) || e.findings.some((f) => LOGGING_OFF.includes(f));

interface WireRequest {
  method: string;
  /** Path and query as sent to the simulator. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Shell words of a one-line curl command: '…' and "…" quoting, backslash escapes outside single quotes. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      let text = "";
      for (; command[j] !== '"'; j++) text += command[j] === "\\" ? command[++j] : command[j];
      word = (word ?? "") + text;
      i = j;
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? "") + (ch === "\\" ? command[++i] : ch);
  }
  if (word !== null) words.push(word);
  return words;
}

/** AWS host names → the simulator's (sim/CONVENTIONS.md); custom domains stay as they are. */
function simHost(host: string): string {
  return host
    .replace(/^(vpce-[a-z0-9]+)-[a-z0-9]+\.execute-api\.[a-z0-9-]+\.vpce\.amazonaws\.com$/, "$1.execute-api.localhost")
    .replace(/^([a-z0-9-]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/, "$1.execute-api.localhost");
}

/** curl options whose argument must not be taken for the URL. */
const CURL_OPTIONS_WITH_ARGUMENT = new Set(["-u", "--user", "-o", "--output", "-A", "--user-agent", "-e", "--referer", "-b", "--cookie", "-m", "--max-time", "--connect-timeout"]);

function parseCurl(command: string): WireRequest {
  const words = shellWords(command);
  const headers: Record<string, string> = {};
  let method: string | undefined;
  let url: string | undefined;
  let body = "";
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === "-X" || word === "--request") method = words[++i];
    else if (word === "-H" || word === "--header") {
      const [name = "", ...value] = (words[++i] ?? "").split(":");
      headers[name.trim().toLowerCase()] = value.join(":").trim();
    } else if (["-d", "--data", "--data-raw", "--data-binary"].includes(word)) body = words[++i] ?? "";
    else if (word === "--url") url = words[++i];
    else if (CURL_OPTIONS_WITH_ARGUMENT.has(word)) i++;
    else if (!word.startsWith("-")) url = word;
  }
  if (!url) throw new Error(`no URL in the scenario's request: ${command}`);
  const parsed = new URL(url);
  return { method: method ?? (body ? "POST" : "GET"), path: parsed.pathname + parsed.search, headers: { host: simHost(parsed.host), ...headers }, body };
}

/** `GET /prod/pets HTTP/1.1` + header lines + blank line + body. */
function parseRawHttp(raw: string): WireRequest {
  const [head = "", body = ""] = raw.replace(/\r\n/g, "\n").split("\n\n", 2);
  const [requestLine = "", ...headerLines] = head.split("\n");
  const [method = "GET", target = "/"] = requestLine.split(" ");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const [name = "", ...value] = line.split(":");
    headers[name.trim().toLowerCase()] = value.join(":").trim();
  }
  if (headers.host) headers.host = simHost(headers.host);
  return { method, path: target, headers, body };
}

function wireRequest(scenario: Scenario, e: Expectation): WireRequest {
  const { call } = e;
  if (call.request) return /^\s*curl\s/.test(call.request) ? parseCurl(call.request) : parseRawHttp(call.request);
  if (!call.apiId || !call.stage) throw new Error(`${scenario.name}: expect.call needs apiId and stage, or request`);
  const key = call.keyId === undefined ? undefined : scenario.apiKeys.find((k) => k.id === call.keyId);
  if (call.keyId !== undefined && !key) throw new Error(`${scenario.name}: expect.call.keyId ${call.keyId} is not in apiKeys`);
  return {
    method: call.method ?? "GET",
    path: `/restapis/${call.apiId}/${call.stage}/_user_request_${call.path ?? "/"}`,
    headers: {
      ...(key ? { "x-api-key": key.value } : {}),
      // A call described by its fields stands for the application's own request, which carries its token:
      // without one a Lambda authorizer answers 401 before running (a raw `request` shows exactly what is sent).
      authorization: "Bearer scenario-call-token",
    },
    body: "",
  };
}

function sendOverHttp(endpoint: string, req: WireRequest): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const out = http.request({ hostname, port, method: req.method, path: req.path, headers: req.headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    out.on("error", reject);
    out.end(req.body);
  });
}

const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).flatMap(({ file, scenario }) => (scenario.expect?.status === undefined ? [] : [{ file, scenario, expectation: scenario.expect }]));

describe("scenario expectations, live against the simulator", () => {
  let running: RunningSim;
  const logsClients = new Map<string, CloudWatchLogsClient>();

  beforeAll(async () => {
    running = await startSim();
  });
  afterAll(async () => {
    for (const client of logsClients.values()) client.destroy();
    await running.close();
  });

  /** Every execution-log message of a request id, across the scenario's stages (real FilterLogEvents). */
  async function executionLogOf(scenario: Scenario, requestId: string): Promise<string[]> {
    let client = logsClients.get(scenario.region);
    if (!client) {
      client = new CloudWatchLogsClient({ region: scenario.region, endpoint: running.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      logsClients.set(scenario.region, client);
    }
    const messages: string[] = [];
    for (const api of scenario.restApis) {
      for (const stage of api.stages) {
        let nextToken: string | undefined;
        do {
          const page = await client
            .send(new FilterLogEventsCommand({ logGroupName: `API-Gateway-Execution-Logs_${api.id}/${stage.name}`, filterPattern: `"${requestId}"`, nextToken }))
            .catch((err: unknown) => {
              if ((err as Error).name === "ResourceNotFoundException") return { events: [], nextToken: undefined };
              throw err;
            });
          messages.push(...(page.events ?? []).map((event) => event.message ?? ""));
          nextToken = page.nextToken;
        } while (nextToken);
      }
    }
    return messages;
  }

  it("has scenario files with an expected status to check", () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(scenarios.map((s) => [s.scenario.name, s] as const))("%s", async (_, { scenario, expectation }) => {
    const res = await sendOverHttp(running.endpoint, wireRequest(scenario, expectation));
    const errorType = res.headers["x-amzn-errortype"];
    expect(res.status, "status").toBe(expectation.status);
    if (expectation.errorType !== undefined) expect(errorType, "x-amzn-ErrorType").toBe(expectation.errorType);
    else if (res.status < 400) expect(errorType, "x-amzn-ErrorType").toBeUndefined();

    const requestId = res.headers["x-amzn-requestid"];
    expect(requestId, "x-amzn-RequestId").toEqual(expect.any(String));
    const messages = await executionLogOf(scenario, String(requestId));
    for (const line of expectation.logLines) {
      expect(
        messages.some((m) => m.includes(line)),
        `execution log contains "${line}"\n${messages.join("\n")}`,
      ).toBe(true);
    }
    if (expectation.logLines.length === 0 && awsWritesNoLog(expectation)) expect(messages, "no execution log").toEqual([]);
  });
});
