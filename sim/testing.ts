// Test harness: a simulator on a free loopback port and real AWS SDK clients pointed at it.
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client } from "@aws-sdk/client-s3";
import { Simulator, type SimOptions } from "./server";

export const TEST_CREDENTIALS = { accessKeyId: "AKIDSIMULATOR", secretAccessKey: "simulator-secret" };

export interface RunningSim {
  sim: Simulator;
  endpoint: string;
  apigateway: APIGatewayClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  /** Path-style, as any client pointed at a custom endpoint must be. */
  s3: S3Client;
  close(): Promise<void>;
}

/** The faults a test starts from: none. */
export const NO_FAULTS = { latencyMs: 0, throttleRate: 0, throttleOperations: [], deny: [], dropRate: 0, retryAfterSeconds: 0 };

export async function startSim(options: SimOptions = {}, region = "us-east-1"): Promise<RunningSim> {
  const sim = new Simulator({ faults: NO_FAULTS, ...options });
  sim.load();
  const endpoint = await sim.listen(0);
  const clientConfig = { region, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 3 };
  const apigateway = new APIGatewayClient(clientConfig);
  const logs = new CloudWatchLogsClient(clientConfig);
  const cloudwatch = new CloudWatchClient(clientConfig);
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
  return {
    sim,
    endpoint,
    apigateway,
    logs,
    cloudwatch,
    s3,
    async close() {
      apigateway.destroy();
      logs.destroy();
      cloudwatch.destroy();
      s3.destroy();
      await sim.close();
    },
  };
}
