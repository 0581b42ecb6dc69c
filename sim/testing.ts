// Test harness: a simulator on a free loopback port and real AWS SDK clients pointed at it, as the default
// principal or as any other identity (another account's access key, or a role assumed through the simulator's STS).
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { Simulator, type SimOptions } from "./server";

export const TEST_CREDENTIALS = { accessKeyId: "AKIDSIMULATOR", secretAccessKey: "simulator-secret" };

/** One client per simulated service, all signing with the same credentials. */
export interface AwsClients {
  apigateway: APIGatewayClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  /** Path-style, as any client pointed at a custom endpoint must be. */
  s3: S3Client;
  sts: STSClient;
  destroy(): void;
}

export interface RunningSim extends Omit<AwsClients, "destroy"> {
  sim: Simulator;
  endpoint: string;
  /** Clients signing with other credentials (static keys or a provider such as fromTemporaryCredentials), destroyed at close. */
  clients(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, region?: string): AwsClients;
  close(): Promise<void>;
}

/** The faults a test starts from: none. */
export const NO_FAULTS = { latencyMs: 0, throttleRate: 0, throttleOperations: [], deny: [], dropRate: 0, retryAfterSeconds: 0 };

export function clientsFor(endpoint: string, credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, region = "us-east-1"): AwsClients {
  const clientConfig = { region, endpoint, credentials, maxAttempts: 3 };
  const clients = {
    apigateway: new APIGatewayClient(clientConfig),
    logs: new CloudWatchLogsClient(clientConfig),
    cloudwatch: new CloudWatchClient(clientConfig),
    s3: new S3Client({ ...clientConfig, forcePathStyle: true }),
    sts: new STSClient(clientConfig),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((client) => client.destroy()) };
}

export async function startSim(options: SimOptions = {}, region = "us-east-1"): Promise<RunningSim> {
  const sim = new Simulator({ faults: NO_FAULTS, ...options });
  sim.load();
  const endpoint = await sim.listen(0);
  const own = clientsFor(endpoint, TEST_CREDENTIALS, region);
  const others: AwsClients[] = [];
  return {
    sim,
    endpoint,
    apigateway: own.apigateway,
    logs: own.logs,
    cloudwatch: own.cloudwatch,
    s3: own.s3,
    sts: own.sts,
    clients(credentials, otherRegion = region) {
      const made = clientsFor(endpoint, credentials, otherRegion);
      others.push(made);
      return made;
    },
    async close() {
      own.destroy();
      for (const made of others) made.destroy();
      await sim.close();
    },
  };
}
