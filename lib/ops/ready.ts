import "server-only";
import { LRUCache } from "lru-cache";
import { defaultRegion } from "@/lib/api/params";
import { getAccount } from "@/lib/aws/apigateway";
import { awsClients } from "@/lib/aws/clients";
import { AwsCallError } from "@/lib/aws/errors";
import { headBucket, s3LocationFromEnv } from "@/lib/aws/s3";
import { sharedRedis } from "@/lib/shared/redis";

// Whether this server can do its work: each dependency it is configured with answers one cheap read. A load
// balancer polls this, so the answer names each dependency's state and an error code, never a message, an
// address or a credential (those go to the server log).

/** One dependency: a name, and a cheap read that throws when the dependency cannot serve. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export type CheckStatus = { status: "ok" } | { status: "failed"; error: string };

export interface Readiness {
  status: "ready" | "not-ready";
  checks: Record<string, CheckStatus>;
}

const CHECK_TIMEOUT_MS = 3_000;
/** How long a ready answer is reused, so probes from many load balancer nodes cost AWS one read per instance. */
const READY_TTL_MS = 5_000;

/** The configured credentials can read API Gateway in the default region (GetAccount: one call, no resource named). */
const aws: ReadinessCheck = {
  name: "aws",
  check: async () => {
    await getAccount(awsClients(defaultRegion(), { requestTimeoutMs: CHECK_TIMEOUT_MS, maxAttempts: 1 }));
  },
};

/**
 * The checks of this server's configuration: AWS always; Redis when GATECHECK_REDIS_URL is set (the shared
 * cache: reads still answer without it, but every instance then costs AWS its own reads); S3 when
 * GATECHECK_S3_BUCKET is set (snapshots and audit events live only there).
 */
export function readinessChecks(): ReadinessCheck[] {
  const redis = sharedRedis();
  const bucket = s3LocationFromEnv();
  return [
    aws,
    ...(redis
      ? [
          {
            name: "redis",
            check: async () => {
              if (!(await redis.usable())) throw Object.assign(new Error("Redis (GATECHECK_REDIS_URL) is unreachable"), { name: "RedisUnreachable" });
              await redis.client.ping();
            },
          },
        ]
      : []),
    ...(bucket ? [{ name: "s3", check: () => headBucket(bucket) }] : []),
  ];
}

async function run({ name, check }: ReadinessCheck): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`), { name: "Timeout" })), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: "ok" };
  } catch (err) {
    const error = err instanceof AwsCallError ? err.fault.code : err instanceof Error ? err.name : "Error";
    console.error(`gatecheck: not ready: ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return { status: "failed", error };
  } finally {
    clearTimeout(timer);
  }
}

async function evaluate(checks: ReadinessCheck[]): Promise<Readiness> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await run(c)] as const));
  return { status: results.every(([, r]) => r.status === "ok") ? "ready" : "not-ready", checks: Object.fromEntries(results) };
}

// Concurrent probes share one evaluation; a ready answer is kept READY_TTL_MS, a failed one not at all, so an
// instance is back in service as soon as its dependency is.
const answers = new LRUCache<"readiness", Readiness>({
  max: 1,
  ttl: READY_TTL_MS,
  fetchMethod: async (_key, _stale, { options }) => {
    const readiness = await evaluate(readinessChecks());
    if (readiness.status !== "ready") options.ttl = 1;
    return readiness;
  },
});

export async function readiness(): Promise<Readiness> {
  return (await answers.fetch("readiness"))!;
}
