// Test support: the simulator with one logged stage and no traffic, and gatecheck's own clients
// (lib/aws/clients) pointed at it the way a user points them anywhere: the standard AWS variables.
import { fileURLToPath } from "node:url";
import { awsClients, type AwsClients } from "@/lib/aws/clients";
import { executionLogGroupName } from "@/lib/logs/patterns";
import { startSim, type RunningSim } from "@/sim/testing";
import { pointAwsAt } from "@/test/sim-env";

export const REGION = "us-east-1";
export const API_ID = "k3xd9r2m7q";
export const STAGE = "prod";
export const GROUP = executionLogGroupName(API_ID, STAGE);

export interface LogSim {
  running: RunningSim;
  clients: AwsClients;
  close(): Promise<void>;
}

/** `pacing: false` skips the pacing meant for AWS's quotas, for tests that make many calls. */
export async function startLogSim(options: { pacing?: boolean } = {}): Promise<LogSim> {
  const running = await startSim({ scenarios: fileURLToPath(new URL("./one-stage.json", import.meta.url)), replayTraffic: false }, REGION);
  const restore = pointAwsAt(running.endpoint, REGION, options);
  return {
    running,
    clients: awsClients(REGION),
    async close() {
      await running.close();
      restore();
    },
  };
}

/** One request's execution-log messages as CloudWatch stores them: `(requestId) ` prefix, 2 ms apart. */
export function requestLines(requestId: string, at: number, messages: readonly string[]): { timestamp: number; message: string }[] {
  return messages.map((message, i) => ({ timestamp: at + i * 2, message: `(${requestId}) ${message}` }));
}

/** How execution-log lines name the stage. */
export const STAGE_REF = `${API_ID}/${STAGE}`;
const verifying = (id: string, key: string) => `Verifying Usage Plan for request: ${id}. API Key: ${key} API Stage: ${STAGE_REF}`;

/** Execution-log messages of one request (real texts: test/fixtures/execution-log-samples.txt, CAUSES.md). */
export const REQUEST_MESSAGES = {
  verifying,
  notAuthorized: (key: string, route: string, ending: string) =>
    `API Key ${key} not authorized because method '${route}' requires API Key and API Key is not associated with a Usage Plan for API Stage ${STAGE_REF}: ${ending}`,
  served: (id: string, key: string, verb: string, path: string, status: number) => [
    `Extended Request Id: ${id.slice(0, 8)}FQ1Q=`,
    verifying(id, key),
    `Usage Plan check succeeded for API Key ${key} and API Stage ${STAGE_REF}`,
    `Starting execution for request: ${id}`,
    `HTTP Method: ${verb}, Resource Path: ${path}`,
    `API Key: ${key}`,
    `Method completed with status: ${status}`,
  ],
  keyRejected: (id: string, key: string, route: string, ending: string) => [
    `Extended Request Id: ${id.slice(0, 8)}FQ1Q=`,
    verifying(id, key),
    REQUEST_MESSAGES.notAuthorized(key, route, ending),
    "Method completed with status: 403",
  ],
};
