// Faults on demand: latency, throttling, denied operations, dropped connections.
import { z } from "zod";

export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of control-plane, Logs and CloudWatch calls answered 429 (API Gateway) or ThrottlingException (Logs, CloudWatch). */
  throttleRate: z.number().min(0).max(1).default(0),
  retryAfterSeconds: z.number().int().min(0).max(60).default(1),
  /** Operation names always answered as throttled, e.g. ["GetMetricData"]: one service's quota spent, the others fine. */
  throttleOperations: z.array(z.string().regex(/^[A-Za-z0-9]+$/)).default([]),
  /** Operation names answered AccessDeniedException, e.g. ["GetUsagePlans"]. */
  deny: z.array(z.string().regex(/^[A-Za-z0-9]+$/)).default([]),
  /** Share of calls whose connection is dropped without an answer. */
  dropRate: z.number().min(0).max(1).default(0),
  /** Behave like emulators that keep no deployed snapshot: GetDeployment ignores `embed=apisummary`, GetExport 404s. */
  noDeployedSnapshot: z.boolean().default(false),
});

export type Faults = z.infer<typeof faultsSchema>;

export function faultsFromEnv(env: Record<string, string | undefined>): Faults {
  return faultsSchema.parse({
    latencyMs: env.SIM_LATENCY_MS ? Number(env.SIM_LATENCY_MS) : undefined,
    throttleRate: env.SIM_THROTTLE_RATE ? Number(env.SIM_THROTTLE_RATE) : undefined,
    retryAfterSeconds: env.SIM_RETRY_AFTER ? Number(env.SIM_RETRY_AFTER) : undefined,
    throttleOperations: env.SIM_THROTTLE_OPERATIONS
      ? env.SIM_THROTTLE_OPERATIONS.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    deny: env.SIM_DENY
      ? env.SIM_DENY.split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    dropRate: env.SIM_DROP_RATE ? Number(env.SIM_DROP_RATE) : undefined,
    noDeployedSnapshot: env.SIM_NO_DEPLOYED_SNAPSHOT === "1" ? true : undefined,
  });
}
