// The simulator's HTTP front door: routes each request to the API Gateway control plane, CloudWatch Logs,
// CloudWatch metrics, S3, the data plane or the admin routes, and applies faults and call counting on the AWS-facing ones.
import http from "node:http";
import { z } from "zod";
import type { AddressInfo } from "node:net";
import { routeApiGateway } from "./apigateway";
import { CLOUDWATCH_TARGET_PREFIX, routeCloudWatch } from "./cloudwatch";
import type { Operation, SimContext } from "./context";
import { handleDataPlane } from "./dataplane";
import { faultsFromEnv, faultsSchema, type Faults } from "./faults";
import { AwsError, apigatewayError, cloudwatchError, json, logsError, regionFromAuthorization, serviceFromAuthorization, type SimRequest, type SimResponse } from "./http";
import { routeLogs } from "./logs";
import { LogStore } from "./logs/store";
import { seededRandom } from "./random";
import { routeS3, s3Error } from "./s3";
import { DEFAULT_SCENARIO_DIR, applyScenario, readScenarioFiles, type Scenario } from "./scenario";
import { DEFAULT_REGION, addBucket, emptyState, type SimState, type TrafficEntry } from "./state";
import { Stats } from "./stats";

export interface SimOptions {
  /** Scenario files or directories, loaded in order; default: sim/scenarios. */
  scenarios?: string | string[];
  faults?: Partial<Faults>;
  /** Replay each scenario's traffic at load (default true). */
  replayTraffic?: boolean;
  now?: () => number;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

type Service = "apigateway" | "logs" | "cloudwatch" | "s3";
const ERROR_SHAPES: Record<Service, typeof apigatewayError> = { apigateway: apigatewayError, logs: logsError, cloudwatch: cloudwatchError, s3: s3Error };
/** How each service refuses a call (status, error code) and throttles one (status, code, message). */
const FAULT_ANSWERS: Record<Service, { denied: [number, string]; throttled: [number, string, string] }> = {
  apigateway: { denied: [403, "AccessDeniedException"], throttled: [429, "TooManyRequestsException", "Too Many Requests"] },
  logs: { denied: [400, "AccessDeniedException"], throttled: [400, "ThrottlingException", "Rate exceeded"] },
  cloudwatch: { denied: [403, "AccessDeniedException"], throttled: [400, "ThrottlingException", "Rate exceeded"] },
  s3: { denied: [403, "AccessDenied"], throttled: [503, "SlowDown", "Please reduce your request rate."] },
};
const REPLAY_WINDOW_MS = 60 * 60 * 1000;

export class Simulator {
  state: SimState = emptyState();
  readonly logs = new LogStore();
  readonly stats = new Stats();
  faults: Faults;
  scenarios: { file: string; scenario: Scenario }[] = [];
  readonly server: http.Server;
  private readonly context: SimContext;
  private random: () => number = seededRandom(1);

  constructor(private readonly options: SimOptions = {}) {
    this.faults = faultsSchema.parse({ ...faultsFromEnv(process.env), ...options.faults });
    const now = options.now ?? Date.now;
    const getState = () => this.state;
    this.context = {
      get state() {
        return getState();
      },
      logs: this.logs,
      now,
    };
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch((err: unknown) => {
        console.error("sim: unexpected error", err);
        if (!res.headersSent) writeResponse(res, apigatewayError(500, "InternalServerError", "Internal server error"));
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  /** Loads the scenarios (throws ScenarioError on a broken file; default: the configured files) and replays their traffic. */
  load(scenarios?: { file: string; scenario: Scenario }[]): void {
    this.scenarios = scenarios ?? [this.options.scenarios ?? DEFAULT_SCENARIO_DIR].flat().flatMap((target) => readScenarioFiles(target));
    this.state = emptyState();
    this.logs.clear();
    this.random = seededRandom(1);
    const now = this.context.now();
    for (const { file, scenario } of this.scenarios) applyScenario(this.state, scenario, file, now);
    if (this.options.replayTraffic !== false) this.replayTraffic(now);
    this.stats.reset();
  }

  /** Sends each scenario's traffic through the data plane, spread over the last hour, oldest first. */
  private replayTraffic(now: number): void {
    const requests: SimRequest[] = [];
    for (const entry of this.state.traffic) {
      for (let i = 0; i < entry.count; i++) {
        const slot = (i + 0.2 + 0.6 * this.random()) / entry.count;
        requests.push(trafficRequest(entry, Math.round(now - REPLAY_WINDOW_MS + slot * (REPLAY_WINDOW_MS - 60_000))));
      }
    }
    requests.sort((a, b) => a.at - b.at);
    for (const req of requests) handleDataPlane(req, this.context);
  }

  /**
   * Time passing for tests and the benchmark: the scenarios' traffic at the rate replayed at load (each entry's count
   * per hour), at random times in [from, to), oldest first; `only` picks entries. Returns how many requests were sent.
   */
  replayTrafficBetween(from: number, to: number, only: (entry: TrafficEntry) => boolean = () => true): number {
    const requests: SimRequest[] = [];
    const share = (to - from) / REPLAY_WINDOW_MS;
    for (const entry of this.state.traffic.filter(only)) {
      const count = Math.floor(entry.count * share + this.random());
      for (let i = 0; i < count; i++) requests.push(trafficRequest(entry, Math.floor(from + this.random() * (to - from))));
    }
    requests.sort((a, b) => a.at - b.at);
    for (const req of requests) handleDataPlane(req, this.context);
    return requests.length;
  }

  /** One request through the data plane, as a client's would arrive (tests replay their own traffic with it). */
  dataPlane(req: SimRequest): SimResponse {
    return handleDataPlane(req, this.context);
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
      at: this.context.now(),
    };

    if (simReq.path.startsWith("/_sim/")) {
      writeResponse(res, this.admin(simReq));
      return;
    }
    // S3's paths (`/{bucket}/{key}`) look like nothing else's: its credential scope tells it apart
    const s3 = serviceFromAuthorization(headers.authorization) === "s3";
    if (!s3 && this.isDataPlane(simReq)) {
      writeResponse(res, handleDataPlane(simReq, this.context));
      return;
    }
    // Both JSON protocols post to `/`; the target's prefix names the service
    const target = headers["x-amz-target"];
    const service: Service = s3 ? "s3" : simReq.method !== "POST" || simReq.path !== "/" || target === undefined ? "apigateway" : target.startsWith(CLOUDWATCH_TARGET_PREFIX) ? "cloudwatch" : "logs";
    const operation = { apigateway: routeApiGateway, logs: routeLogs, cloudwatch: routeCloudWatch, s3: routeS3 }[service](simReq);
    const response = await this.runOperation(operation, service, simReq.query, res);
    if (response) writeResponse(res, response);
  }

  /** Runs one AWS operation with faults applied; returns null when the connection was dropped. */
  private async runOperation(operation: Operation, service: Service, query: URLSearchParams, res: http.ServerResponse): Promise<SimResponse | null> {
    const start = this.stats.clock();
    const finish = (response: SimResponse) => {
      this.stats.record({ operation: operation.name, start, end: this.stats.clock(), status: response.status });
      return response;
    };
    const faults = this.faults;
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.dropRate > 0 && this.random() < faults.dropRate) {
      this.stats.record({ operation: operation.name, start, end: this.stats.clock(), status: 0 });
      res.socket?.destroy();
      return null;
    }
    const error = ERROR_SHAPES[service];
    const answers = FAULT_ANSWERS[service];
    if (faults.deny.includes(operation.name)) {
      return finish(
        error(
          ...answers.denied,
          `User: arn:aws:sts::${this.state.accountId}:assumed-role/gatecheck-readonly/gatecheck is not authorized to perform: ${operation.action} on resource: ${operation.resource}`,
        ),
      );
    }
    if (faults.throttleOperations.includes(operation.name) || (faults.throttleRate > 0 && this.random() < faults.throttleRate)) {
      return finish(error(...answers.throttled, { "retry-after": String(faults.retryAfterSeconds) }));
    }
    if (faults.noDeployedSnapshot && operation.name === "GetExport") {
      return finish(error(404, "NotFoundException", "Invalid export type specified"));
    }
    if (faults.noDeployedSnapshot && operation.name === "GetDeployment") query.delete("embed");
    try {
      return finish(operation.run(this.context));
    } catch (err) {
      if (err instanceof AwsError) return finish(error(err.status, err.type, err.message));
      throw err;
    }
  }

  private isDataPlane(req: SimRequest): boolean {
    if (/^\/restapis\/[^/]+\/[^/]+\/_user_request_(\/|$)/.test(req.path)) return true;
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (host.endsWith(".execute-api.localhost")) return true;
    return this.state.domainNames.some((d) => d.domainName === host);
  }

  private admin(req: SimRequest): SimResponse {
    const route = `${req.method} ${req.path}`;
    switch (route) {
      case "GET /_sim/health":
        return json(200, { ok: true });
      case "GET /_sim/stats":
        return json(200, this.stats.toJSON(this.logs));
      case "POST /_sim/stats/reset":
        this.stats.reset();
        this.logs.resetCounters();
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
          })
          .safeParse(safeJson(req.body));
        if (!parsed.success) return json(400, { message: `expected {"name": "bucket-name", "region"?: "us-east-1"}: ${parsed.error.issues[0]?.message}` });
        const problem = addBucket(this.state, parsed.data.name, parsed.data.region, this.context.now());
        return problem ? json(400, { message: problem }) : json(200, { ok: true, bucket: parsed.data.name });
      }
      case "GET /_sim/journal":
        return json(200, { requests: this.state.journal });
      case "GET /_sim/scenarios":
        return json(200, { scenarios: this.scenarios.map(({ file, scenario }) => ({ file, name: scenario.name, description: scenario.description, expect: scenario.expect ?? null })) });
      default:
        return json(404, { message: `unknown simulator admin route ${route}` });
    }
  }
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
