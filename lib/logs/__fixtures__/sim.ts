// Test support: the simulator with one logged stage and no traffic, and gatecheck's own clients
// (lib/aws/clients) pointed at it the way a user points them anywhere: the standard AWS variables.
import { fileURLToPath } from "node:url";
import { awsClients, type AwsClients } from "@/lib/aws/clients";
import { executionLogGroupName } from "@/lib/logs/patterns";
import { TEST_CREDENTIALS, startSim, type RunningSim } from "@/sim/testing";

export const REGION = "us-east-1";
export const API_ID = "k3xd9r2m7q";
export const STAGE = "prod";
export const GROUP = executionLogGroupName(API_ID, STAGE);

const ENV = {
  AWS_ENDPOINT_URL: undefined as string | undefined,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: undefined as string | undefined,
  AWS_PROFILE: undefined as string | undefined,
};

export interface LogSim {
  running: RunningSim;
  clients: AwsClients;
  close(): Promise<void>;
}

export async function startLogSim(): Promise<LogSim> {
  const running = await startSim({ scenarios: fileURLToPath(new URL("./one-stage.json", import.meta.url)), replayTraffic: false }, REGION);
  const saved = Object.fromEntries(Object.keys(ENV).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries({ ...ENV, AWS_ENDPOINT_URL: running.endpoint })) setEnv(name, value);
  return {
    running,
    clients: awsClients(REGION),
    async close() {
      await running.close();
      for (const [name, value] of Object.entries(saved)) setEnv(name, value);
    },
  };
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** One request's execution-log messages as CloudWatch stores them: `(requestId) ` prefix, 2 ms apart. */
export function requestLines(requestId: string, at: number, messages: readonly string[]): { timestamp: number; message: string }[] {
  return messages.map((message, i) => ({ timestamp: at + i * 2, message: `(${requestId}) ${message}` }));
}
