// The simulator's HTTP front door: routes each request to the API Gateway control plane, CloudWatch Logs,
// CloudWatch metrics, S3, STS, the data plane or the admin routes, and applies faults and call counting on the
// AWS-facing ones. It keeps one state and one log store per account: an AWS call acts in its signer's account
// (sim/sts/identities.ts), a data-plane call in the account of the API it reaches.
import http from "node:http";
import { z } from "zod";
import type { AddressInfo } from "node:net";
import { routeApiGateway } from "./apigateway";
import { CLOUDWATCH_TARGET_PREFIX, routeCloudWatch } from "./cloudwatch";
import type { Operation, SimContext } from "./context";
import { handleDataPlane } from "./dataplane";
import { namedApiId } from "./dataplane/endpoint";
import { faultsFromEnv, faultsSchema, type Faults } from "./faults";
import { AwsError, accessKeyIdOf, apigatewayError, cloudwatchError, json, logsError, regionFromAuthorization, serviceFromAuthorization, type SimRequest, type SimResponse } from "./http";
import { routeLogs } from "./logs";
import { LogStore } from "./logs/store";
import { seededRandom } from "./random";
import { routeS3, s3Error } from "./s3";
import { DEFAULT_SCENARIO_DIR, applyScenario, checkAcrossAccounts, declareAccounts, readScenarioFiles, type Scenario } from "./scenario";
import { DEFAULT_REGION, SIM_ACCOUNT_ID, addBucket, emptyState, type JournalEntry, type SimState, type TrafficEntry } from "./state";
import { Stats } from "./stats";
import { STS_VERSION, routeSts, stsError } from "./sts";
import { DEFAULT_PRINCIPAL, Identities, mayPerform, type CredentialProblem, type Resolution } from "./sts/identities";

export interface SimOptions {
  /** Scenario files or directories, loaded in order; default: sim/scenarios. */
  scenarios?: string | string[];
  faults?: Partial<Faults>;
  /** Replay each scenario's traffic at load (default true). */
  replayTraffic?: boolean;
  now?: () => number;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

type Service = "apigateway" | "logs" | "cloudwatch" | "s3" | "sts";
const ERROR_SHAPES: Record<Service, typeof apigatewayError> = { apigateway: apigatewayError, logs: logsError, cloudwatch: cloudwatchError, s3: s3Error, sts: stsError };
/** How each service refuses a call (status, error code) and throttles one (status, code, message). */
const FAULT_ANSWERS: Record<Service, { denied: [number, string]; throttled: [number, string, string] }> = {
  apigateway: { denied: [403, "AccessDeniedException"], throttled: [429, "TooManyRequestsException", "Too Many Requests"] },
  logs: { denied: [400, "AccessDeniedException"], throttled: [400, "ThrottlingException", "Rate exceeded"] },
  cloudwatch: { denied: [403, "AccessDeniedException"], throttled: [400, "ThrottlingException", "Rate exceeded"] },
  s3: { denied: [403, "AccessDenied"], throttled: [503, "SlowDown", "Please reduce your request rate."] },
  sts: { denied: [403, "AccessDenied"], throttled: [400, "Throttling", "Rate exceeded"] },
};
const INVALID_TOKEN = "The security token included in the request is invalid.";
const EXPIRED_TOKEN = "The security token included in the request is expired";
/** How each service refuses credentials it does not accept (sim/sts/uncertain.ts): status, error code, message. */
const CREDENTIAL_ANSWERS: Record<Exclude<Service, "s3">, Record<CredentialProblem, [number, string, string]>> = {
  apigateway: {
    "unknown-key": [403, "UnrecognizedClientException", INVALID_TOKEN],
    "invalid-token": [403, "UnrecognizedClientException", INVALID_TOKEN],
    expired: [403, "ExpiredTokenException", EXPIRED_TOKEN],
  },
  logs: {
    "unknown-key": [400, "UnrecognizedClientException", INVALID_TOKEN],
    "invalid-token": [400, "UnrecognizedClientException", INVALID_TOKEN],
    expired: [400, "ExpiredTokenException", EXPIRED_TOKEN],
  },
  // The __type names; cloudwatchError sends the query codes InvalidClientTokenId and ExpiredToken the SDK reads
  cloudwatch: {
    "unknown-key": [403, "UnrecognizedClientException", INVALID_TOKEN],
    "invalid-token": [403, "UnrecognizedClientException", INVALID_TOKEN],
    expired: [403, "ExpiredTokenException", EXPIRED_TOKEN],
  },
  sts: {
    "unknown-key": [403, "InvalidClientTokenId", INVALID_TOKEN],
    "invalid-token": [403, "InvalidClientTokenId", INVALID_TOKEN],
    expired: [403, "ExpiredToken", EXPIRED_TOKEN],
  },
};

/** S3's own words, with the element naming what it refused. */
function s3CredentialError(refused: Extract<Resolution, { ok: false }>): SimResponse {
  if (refused.problem === "unknown-key") {
    return s3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", {}, { AWSAccessKeyId: refused.accessKeyId });
  }
  const token = { "Token-0": refused.sessionToken ?? "" };
  return refused.problem === "expired"
    ? s3Error(400, "ExpiredToken", "The provided token has expired.", {}, token)
    : s3Error(400, "InvalidToken", "The provided token is malformed or otherwise invalid.", {}, token);
}
const REPLAY_WINDOW_MS = 60 * 60 * 1000;

export class Simulator {
  readonly stats = new Stats();
  /** Access keys, roles and issued sessions: who signs each AWS call. */
  readonly identities = new Identities();
  faults: Faults;
  scenarios: { file: string; scenario: Scenario }[] = [];
  readonly server: http.Server;
  /** Each account's state and log store (a SimContext per account), created when first needed. */
  private worlds = new Map<string, SimContext>();
  /** Which account owns each REST API and custom domain (the data plane routes across accounts by them). */
  private apiOwners = new Map<string, string>();
  private domainOwners = new Map<string, string>();
  private readonly now: () => number;
  private random: () => number = seededRandom(1);

  constructor(private readonly options: SimOptions = {}) {
    this.faults = faultsSchema.parse({ ...faultsFromEnv(process.env), ...options.faults });
    this.now = options.now ?? Date.now;
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        console.error("sim: unexpected error", err);
        if (!res.headersSent) writeResponse(res, apigatewayError(500, "InternalServerError", "Internal server error"));
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  /** One account's state and logs, as the services see them. */
  world(accountId: string): SimContext {
    let world = this.worlds.get(accountId);
    if (!world) {
      world = { state: emptyState(accountId), logs: new LogStore(), now: this.now };
      this.worlds.set(accountId, world);
    }
    return world;
  }

  /** The default account's state (every scenario without `accountId` loads into it). */
  get state(): SimState {
    return this.world(SIM_ACCOUNT_ID).state;
  }

  /** The default account's CloudWatch Logs. */
  get logs(): LogStore {
    return this.world(SIM_ACCOUNT_ID).logs;
  }

  /** The accounts holding state, the default one first. */
  get accountIds(): string[] {
    return [...new Set([SIM_ACCOUNT_ID, ...this.worlds.keys()])];
  }

  /** Loads the scenarios (throws ScenarioError on a broken file; default: the configured files) and replays their traffic. */
  load(scenarios?: { file: string; scenario: Scenario }[]): void {
    this.scenarios = scenarios ?? [this.options.scenarios ?? DEFAULT_SCENARIO_DIR].flat().flatMap((target) => readScenarioFiles(target));
    this.worlds = new Map();
    this.identities.reset();
    this.random = seededRandom(1);
    const now = this.now();
    for (const { file, scenario } of this.scenarios) {
      declareAccounts(this.identities, scenario, file);
      const others = [...this.worlds.values()].filter((w) => w.state.accountId !== scenario.accountId).map((w) => w.state);
      checkAcrossAccounts(scenario, file, others);
      applyScenario(this.world(scenario.accountId).state, scenario, file, now);
    }
    this.apiOwners = new Map([...this.worlds.values()].flatMap((w) => w.state.restApis.map((api) => [api.id, w.state.accountId] as const)));
    this.domainOwners = new Map([...this.worlds.values()].flatMap((w) => w.state.domainNames.map((d) => [d.domainName, w.state.accountId] as const)));
    if (this.options.replayTraffic !== false) this.replayTraffic(now);
    this.stats.reset();
  }

  /** Sends each scenario's traffic through the data plane, spread over the last hour, oldest first. */
  private replayTraffic(now: number): void {
    const requests: SimRequest[] = [];
    for (const entry of [...this.worlds.values()].flatMap((w) => w.state.traffic)) {
      for (let i = 0; i < entry.count; i++) {
        const slot = (i + 0.2 + 0.6 * this.random()) / entry.count;
        requests.push(trafficRequest(entry, Math.round(now - REPLAY_WINDOW_MS + slot * (REPLAY_WINDOW_MS - 60_000))));
      }
    }
    requests.sort((a, b) => a.at - b.at);
    for (const req of requests) this.dataPlane(req);
  }

  /**
   * Time passing for tests and the benchmark: the scenarios' traffic at the rate replayed at load (each entry's count
   * per hour), at random times in [from, to), oldest first; `only` picks entries. Returns how many requests were sent.
   */
  replayTrafficBetween(from: number, to: number, only: (entry: TrafficEntry) => boolean = () => true): number {
    const requests: SimRequest[] = [];
    const share = (to - from) / REPLAY_WINDOW_MS;
    for (const entry of [...this.worlds.values()].flatMap((w) => w.state.traffic).filter(only)) {
      const count = Math.floor(entry.count * share + this.random());
      for (let i = 0; i < count; i++) requests.push(trafficRequest(entry, Math.floor(from + this.random() * (to - from))));
    }
    requests.sort((a, b) => a.at - b.at);
    for (const req of requests) this.dataPlane(req);
    return requests.length;
  }

  /** One request through the data plane, as a client's would arrive (tests replay their own traffic with it). */
  dataPlane(req: SimRequest): SimResponse {
    return handleDataPlane(req, this.world(this.ownerOf(req)));
  }

  /** The Logs counters of every account's log store, summed (what `/_sim/stats` reports). */
  private logCounters(): { scannedEvents: number; insights: { queries: number; bytesScanned: number; recordsScanned: number } } {
    const stores = [...this.worlds.values()].map((w) => w.logs);
    const sum = (f: (s: LogStore) => number) => stores.reduce((n, s) => n + f(s), 0);
    return {
      scannedEvents: sum((s) => s.scannedEvents),
      insights: { queries: sum((s) => s.insights.queries), bytesScanned: sum((s) => s.insights.bytesScanned), recordsScanned: sum((s) => s.insights.recordsScanned) },
    };
  }

  /** The account of the API a data-plane request reaches (API ids and custom domains are unique across accounts). */
  private ownerOf(req: SimRequest): string {
    const apiId = namedApiId(req);
    const owner = apiId !== undefined ? this.apiOwners.get(apiId) : this.domainOwners.get(hostOf(req));
    return owner ?? SIM_ACCOUNT_ID;
  }

  listen(port = 0, host = "127.0.0.1"): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        const { port: bound } = this.server.address() as AddressInfo;
        resolve(`http://${host}:${bound}`);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (body === null) {
      writeResponse(res, apigatewayError(413, "BadRequestException", "Request body too large"));
      return;
    }
    const url = new URL(req.url ?? "/", "http://sim.invalid");
    const headers = lowercaseKeys(req.headers as Record<string, string | string[] | undefined>);
    const simReq: SimRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      region: regionFromAuthorization(headers.authorization, DEFAULT_REGION),
      sourceIp: headers["x-forwarded-for"]?.split(",")[0]?.trim() || req.socket.remoteAddress?.replace(/^::ffff:/, "") || "127.0.0.1",
      at: this.now(),
    };

    if (simReq.path.startsWith("/_sim/")) {
      writeResponse(res, this.admin(simReq));
      return;
    }
    // S3's paths (`/{bucket}/{key}`) and STS's form posts to `/` look like nothing else's: the credential scope tells them apart
    const scope = serviceFromAuthorization(headers.authorization);
    const s3 = scope === "s3";
    if (!s3 && this.isDataPlane(simReq)) {
      writeResponse(res, this.dataPlane(simReq));
      return;
    }
    // Both JSON protocols post to `/`; the target's prefix names the service
    const target = headers["x-amz-target"];
    const sts = scope === "sts" || (scope === null && target === undefined && new URLSearchParams(body).get("Version") === STS_VERSION);
    const service: Service = s3
      ? "s3"
      : sts
        ? "sts"
        : simReq.method !== "POST" || simReq.path !== "/" || target === undefined
          ? "apigateway"
          : target.startsWith(CLOUDWATCH_TARGET_PREFIX)
            ? "cloudwatch"
            : "logs";
    // Who signed: AWS authenticates before anything else
    const identity = this.identities.resolve(accessKeyIdOf(headers.authorization, simReq.query), headers["x-amz-security-token"] ?? simReq.query.get("X-Amz-Security-Token") ?? undefined, simReq.at);
    if (identity.ok) simReq.accountId = identity.principal.accountId;
    // (an STS operation of refused credentials never runs: any caller will do)
    const caller = identity.ok ? identity.principal : DEFAULT_PRINCIPAL;
    const operation = service === "sts" ? routeSts(simReq, this.identities, caller) : { apigateway: routeApiGateway, logs: routeLogs, cloudwatch: routeCloudWatch, s3: routeS3 }[service](simReq);
    const response = await this.runOperation(operation, service, simReq, identity, res);
    if (response) writeResponse(res, response);
  }

  /** Runs one AWS operation as its signer, with faults applied; returns null when the connection was dropped. */
  private async runOperation(operation: Operation, service: Service, req: SimRequest, identity: Resolution, res: http.ServerResponse): Promise<SimResponse | null> {
    const start = this.stats.clock();
    const accountId = identity.ok ? identity.principal.accountId : undefined;
    const finish = (response: SimResponse) => {
      this.stats.record({ operation: operation.name, start, end: this.stats.clock(), status: response.status, ...(accountId ? { accountId } : {}) });
      return response;
    };
    const faults = this.faults;
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.dropRate > 0 && this.random() < faults.dropRate) {
      this.stats.record({ operation: operation.name, start, end: this.stats.clock(), status: 0, ...(accountId ? { accountId } : {}) });
      res.socket?.destroy();
      return null;
    }
    const error = ERROR_SHAPES[service];
    if (!identity.ok) return finish(service === "s3" ? s3CredentialError(identity) : error(...CREDENTIAL_ANSWERS[service][identity.problem]));
    const caller = identity.principal;
    const world = this.world(caller.accountId);
    const answers = FAULT_ANSWERS[service];
    // Refused by IAM: an operation denied by fault, or one the signer's allowed actions do not cover (an unknown
    // operation answers its own error instead)
    if (faults.deny.includes(operation.name) || (operation.name !== "Unknown" && !mayPerform(caller, operation.action))) {
      return finish(error(...answers.denied, `User: ${caller.arn} is not authorized to perform: ${operation.action} on resource: ${operation.resource}`));
    }
    if (faults.throttleOperations.includes(operation.name) || (faults.throttleRate > 0 && this.random() < faults.throttleRate)) {
      return finish(error(...answers.throttled, { "retry-after": String(faults.retryAfterSeconds) }));
    }
    if (faults.noDeployedSnapshot && operation.name === "GetExport") {
      return finish(error(404, "NotFoundException", "Invalid export type specified"));
    }
    if (faults.noDeployedSnapshot && operation.name === "GetDeployment") req.query.delete("embed");
    // A bucket of another account: its policy is the simulator's default, which grants nothing to other accounts
    const bucket = service === "s3" ? decodeURIComponent(req.path.split("/")[1] ?? "") : "";
    if (bucket && !world.state.s3Buckets.has(bucket) && this.accountIds.some((id) => this.world(id).state.s3Buckets.has(bucket))) {
      return finish(s3Error(403, "AccessDenied", "Access Denied"));
    }
    try {
      return finish(operation.run(world));
    } catch (err) {
      if (err instanceof AwsError) return finish(error(err.status, err.type, err.message));
      throw err;
    }
  }

  private isDataPlane(req: SimRequest): boolean {
    if (/^\/restapis\/[^/]+\/[^/]+\/_user_request_(\/|$)/.test(req.path)) return true;
    const host = hostOf(req);
    if (host.endsWith(".execute-api.localhost")) return true;
    return this.domainOwners.has(host);
  }

  private admin(req: SimRequest): SimResponse {
    const route = `${req.method} ${req.path}`;
    switch (route) {
      case "GET /_sim/health":
        return json(200, { ok: true });
      case "GET /_sim/stats":
        return json(200, this.stats.toJSON(this.logCounters()));
      case "POST /_sim/stats/reset":
        this.stats.reset();
        for (const w of this.worlds.values()) w.logs.resetCounters();
        return json(200, { ok: true });
      case "GET /_sim/faults":
        return json(200, this.faults);
      case "POST /_sim/faults": {
        const parsed = faultsSchema.partial().safeParse(safeJson(req.body));
        if (!parsed.success) return json(400, { message: `invalid faults: ${parsed.error.issues[0]?.message}`, fields: Object.keys(faultsSchema.shape) });
        this.faults = faultsSchema.parse({ ...this.faults, ...parsed.data });
        return json(200, this.faults);
      }
      case "POST /_sim/reset":
        this.load();
        this.faults = faultsSchema.parse({ ...faultsFromEnv(process.env), ...this.options.faults });
        return json(200, { ok: true, scenarios: this.scenarios.length });
      case "POST /_sim/s3/buckets": {
        // A bucket for gatecheck's S3 stores (scenarios can declare them too: `s3Buckets`)
        const parsed = z
          .strictObject({
            name: z.string(),
            region: z
              .string()
              .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
              .default(DEFAULT_REGION),
            accountId: z
              .string()
              .regex(/^\d{12}$/)
              .default(SIM_ACCOUNT_ID),
          })
          .safeParse(safeJson(req.body));
        if (!parsed.success) return json(400, { message: `expected {"name": "bucket-name", "region"?: "us-east-1", "accountId"?: "123456789012"}: ${parsed.error.issues[0]?.message}` });
        const { name, region, accountId } = parsed.data;
        // Bucket names are global: taken in any account is taken
        const owner = this.accountIds.find((id) => this.world(id).state.s3Buckets.has(name));
        const problem = owner !== undefined ? `bucket ${name} exists already, in account ${owner}` : addBucket(this.world(accountId).state, name, region, this.now());
        return problem ? json(400, { message: problem }) : json(200, { ok: true, bucket: name });
      }
      case "GET /_sim/journal": {
        // Every account's decisions in time order, or one account's with ?accountId=
        const only = req.query.get("accountId");
        const journals = this.accountIds.filter((id) => only === null || id === only).map((id) => this.world(id).state.journal);
        const requests: JournalEntry[] = journals.length === 1 ? journals[0]! : journals.flat().sort((a, b) => a.at - b.at);
        return json(200, { requests });
      }
      case "GET /_sim/scenarios":
        return json(200, { scenarios: this.scenarios.map(({ file, scenario }) => ({ file, name: scenario.name, description: scenario.description, expect: scenario.expect ?? null })) });
      default:
        return json(404, { message: `unknown simulator admin route ${route}` });
    }
  }
}

function hostOf(req: SimRequest): string {
  return (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
}

function trafficRequest(entry: TrafficEntry, at: number): SimRequest {
  const host = entry.host ?? `${entry.apiId}.execute-api.localhost`;
  const [path = "/", query = ""] = entry.path.split("?", 2);
  return {
    method: entry.method,
    path,
    query: new URLSearchParams(query),
    headers: { host, ...lowercaseKeys(entry.headers) },
    body: entry.body ?? "",
    region: DEFAULT_REGION,
    sourceIp: entry.sourceIp,
    at,
  };
}

function safeJson(body: string): unknown {
  try {
    return body ? JSON.parse(body) : {};
  } catch {
    return undefined;
  }
}

function lowercaseKeys(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function writeResponse(res: http.ServerResponse, response: SimResponse): void {
  const body = Buffer.from(response.body, "utf8");
  res.writeHead(response.status, { ...response.headers, "content-length": String(body.length), date: new Date().toUTCString() });
  res.end(body);
}
