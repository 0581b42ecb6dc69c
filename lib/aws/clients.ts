import "server-only";
import { LRUCache } from "lru-cache";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { ApiGatewayV2Client } from "@aws-sdk/client-apigatewayv2";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { MiddlewareStack } from "@smithy/types";
import type { Account } from "@/lib/accounts/config";
import { currentAccount } from "@/lib/accounts/context";
import { credentialsOf } from "./credentials";
import { paced } from "./pacing";

// One set of SDK clients per account and region. Credentials come from the account's configuration: the SDK's
// default chain (env, AWS_PROFILE, SSO, instance roles), a named profile, or a role assumed with an external id;
// the endpoint from AWS_ENDPOINT_URL[_SERVICE] when set, so the same code serves AWS, the simulator, LocalStack and moto.
export interface AwsClients {
  /** The configured account's name. */
  account: string;
  region: string;
  apigateway: APIGatewayClient;
  apigatewayv2: ApiGatewayV2Client;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
}

export interface AwsClientSettings {
  /** Per-attempt timeout; a slow AWS turns into a timeout finding rather than a hung page. */
  requestTimeoutMs: number;
  maxAttempts: number;
}

export function clientSettingsFromEnv(env: Record<string, string | undefined> = process.env): AwsClientSettings {
  const timeout = Number(env.GATECHECK_AWS_TIMEOUT_MS);
  const attempts = Number(env.GATECHECK_AWS_MAX_ATTEMPTS);
  return {
    requestTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 8_000,
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : 4,
  };
}

type Service = "apigateway" | "logs" | "cloudwatch";

/** Paces every attempt (it sits inside the SDK's retry loop) through the quota limiters of its account and region. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every SDK client's stack fits
function addPacing(stack: MiddlewareStack<any, any>, quotaScope: string, service: Service): void {
  stack.add((next, context) => (args) => paced(quotaScope, service, String(context.commandName ?? "").replace(/Command$/, ""), () => next(args)), {
    step: "finalizeRequest",
    priority: "low",
    name: "gatecheckPacing",
  });
}

// Bounded: one set of clients per region and settings in use, the least recently used destroyed past the limit.
const cache = new LRUCache<string, AwsClients>({
  max: 64,
  dispose: (clients) => {
    clients.apigateway.destroy();
    clients.apigatewayv2.destroy();
    clients.logs.destroy();
    clients.cloudwatch.destroy();
  },
});

const writeClients = new LRUCache<string, APIGatewayClient>({ max: 16, dispose: (client) => client.destroy() });

/**
 * Write mode's API Gateway client for `account` in `region`: signed with the account's write credentials only (never the
 * read role's, never the default chain), paced under the same quotas as reads. Null when the account has none.
 */
export function apigatewayWriteClient(region: string, account: Account = currentAccount(), settings: AwsClientSettings = clientSettingsFromEnv()): APIGatewayClient | null {
  if (!account.write) return null;
  const key = `${account.name}/${region}`;
  let client = writeClients.get(key);
  if (!client) {
    client = new APIGatewayClient({
      region,
      credentials: credentialsOf(account, account.regions[0] ?? region, "write"),
      // One attempt: a CreateDeployment that timed out may still have run, and a retry would deploy twice.
      maxAttempts: 1,
      requestHandler: { requestTimeout: Math.max(settings.requestTimeoutMs, 15_000), throwOnRequestTimeout: true, connectionTimeout: Math.min(settings.requestTimeoutMs, 3_000) },
    });
    addPacing(client.middlewareStack, `${account.name}/${region}`, "apigateway");
    writeClients.set(key, client);
  }
  return client;
}

/** The clients of `account` (default: the request's, see lib/accounts/context.ts) in `region`. */
export function awsClients(region: string, settings: AwsClientSettings = clientSettingsFromEnv(), account: Account = currentAccount()): AwsClients {
  const key = `${account.name}/${region}/${settings.requestTimeoutMs}/${settings.maxAttempts}`;
  let clients = cache.get(key);
  if (!clients) {
    const credentials = credentialsOf(account, account.regions[0] ?? region);
    const config = {
      region,
      ...(credentials ? { credentials } : {}),
      maxAttempts: settings.maxAttempts,
      // Without throwOnRequestTimeout the SDK only logs a warning when the timeout passes.
      requestHandler: { requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true, connectionTimeout: Math.min(settings.requestTimeoutMs, 3_000) },
    };
    clients = {
      account: account.name,
      region,
      apigateway: new APIGatewayClient(config),
      apigatewayv2: new ApiGatewayV2Client(config),
      logs: new CloudWatchLogsClient(config),
      cloudwatch: new CloudWatchClient(config),
    };
    // AWS's quotas are per account and region: each pair has its own limiters, and pairs run concurrently.
    const quotaScope = `${account.name}/${region}`;
    addPacing(clients.apigateway.middlewareStack, quotaScope, "apigateway");
    addPacing(clients.apigatewayv2.middlewareStack, quotaScope, "apigateway");
    addPacing(clients.logs.middlewareStack, quotaScope, "logs");
    addPacing(clients.cloudwatch.middlewareStack, quotaScope, "cloudwatch");
    cache.set(key, clients);
  }
  return clients;
}
