// Test harness for the data plane: a state built from an inline scenario, and calls straight into
// handleDataPlane (no HTTP), with the log store read directly.
import type { z } from "zod";
import type { SimContext } from "../../context";
import type { SimRequest, SimResponse } from "../../http";
import { LogStore } from "../../logs/store";
import { applyScenario, parseScenario, type scenarioSchema } from "../../scenario";
import { emptyState, type SimState } from "../../state";
import { handleDataPlane } from "..";

export const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
export const API_ID = "pets123456";
export const KEY_VALUE = "Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9jKl1n";
export const KEY_ID = "key0000001";
export const EXEC_GROUP = `API-Gateway-Execution-Logs_${API_ID}/prod`;
export const ACCESS_GROUP = `access-logs-${API_ID}-prod`;

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type RestApiInput = NonNullable<ScenarioInput["restApis"]>[number];
export type StageInput = NonNullable<RestApiInput["stages"]>[number];

/** A REST API with a key-requiring route, a key in a plan for its stage, INFO logging and a CloudWatch role. */
export function baseScenario(): ScenarioInput & { restApis: [RestApiInput & { stages: [StageInput] }] } {
  return {
    name: "dataplane-test",
    description: "data-plane unit test",
    account: { cloudwatchRoleArn: "arn:aws:iam::123456789012:role/apigw-logs" },
    restApis: [
      {
        id: API_ID,
        name: "pets",
        routes: [
          { path: "/pets", method: "GET", apiKeyRequired: true, mockBody: '{"pets":[]}' },
          { path: "/pets/{petId}", method: "GET" },
          { path: "/files/{proxy+}", method: "ANY" },
        ],
        deployments: [{ id: "dep001" }],
        stages: [{ name: "prod", deploymentId: "dep001", loggingLevel: "INFO" }],
      },
    ],
    apiKeys: [{ id: KEY_ID, name: "mobile", value: KEY_VALUE }],
    usagePlans: [{ id: "plan01", name: "basic", apiStages: [{ apiId: API_ID, stage: "prod" }], keys: [KEY_ID] }],
  };
}

export type TestScenario = ReturnType<typeof baseScenario>;

export interface Sim {
  state: SimState;
  logs: LogStore;
  ctx: SimContext;
}

export function simOf(scenario: TestScenario): Sim {
  const state = emptyState();
  applyScenario(state, parseScenario(scenario, "test.json"), "test.json", NOW);
  const logs = new LogStore();
  return { state, logs, ctx: { state, logs, now: () => NOW } };
}

export interface CallInput {
  method?: string;
  /** Path-style unless `host` is given: then the path as the client sends it. */
  path: string;
  host?: string;
  headers?: Record<string, string>;
  sourceIp?: string;
  at?: number;
}

/** Sends a request to the stage `prod` of the test API through the path-style endpoint by default. */
export function send(sim: Sim, input: CallInput): SimResponse {
  const [path = "/", query = ""] = (input.host ? input.path : `/restapis/${API_ID}/prod/_user_request_${input.path}`).split("?", 2);
  const req: SimRequest = {
    method: input.method ?? "GET",
    path,
    query: new URLSearchParams(query),
    headers: { ...(input.host ? { host: input.host } : {}), ...input.headers },
    body: "",
    region: "us-east-1",
    sourceIp: input.sourceIp ?? "203.0.113.10",
    at: input.at ?? NOW,
  };
  return handleDataPlane(req, sim.ctx);
}

export const withKey = (value = KEY_VALUE) => ({ "x-api-key": value });

export const requestIdOf = (res: SimResponse): string => res.headers["x-amzn-RequestId"] ?? "";

/** Every event of a group, all streams, in time order. */
export function eventsOf(sim: Sim, group: string) {
  const found = sim.logs.group("us-east-1", group);
  return found ? [...found.streams.values()].flatMap((s) => s.events.map((e) => ({ ...e, stream: s.logStreamName }))).sort((a, b) => a.timestamp - b.timestamp) : [];
}

/** The execution-log messages of one request, prefix included. */
export function executionLog(sim: Sim, res: SimResponse): string[] {
  const id = requestIdOf(res);
  return eventsOf(sim, EXEC_GROUP)
    .filter((e) => e.message.startsWith(`(${id}) `))
    .map((e) => e.message);
}
