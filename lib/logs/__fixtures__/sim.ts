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

export async function startLogSim(): Promise<LogSim> {
  const running = await startSim({ scenarios: fileURLToPath(new URL("./one-stage.json", import.meta.url)), replayTraffic: false }, REGION);
  const restore = pointAwsAt(running.endpoint, REGION);
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
