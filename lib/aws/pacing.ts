import "server-only";
import Bottleneck from "bottleneck";

// Client-side pacing below AWS's account quotas, so a busy dashboard never surfaces throttling:
// API Gateway management calls 10/s with burst 40 (GetResources 5 per 2 s), CloudWatch Logs
// FilterLogEvents 5/s, Logs Insights StartQuery and GetQueryResults 5/s each, CloudWatch GetMetricData
// 50/s. One limiter per account, region and quota (AWS's quotas are per account and region), shared by every
// request of this process.
interface Quota {
  ratePerSecond: number;
  burst: number;
}

const QUOTAS: Record<string, Quota> = {
  apigateway: { ratePerSecond: 9, burst: 36 },
  "apigateway:GetResources": { ratePerSecond: 2.4, burst: 4 },
  logs: { ratePerSecond: 20, burst: 20 },
  "logs:FilterLogEvents": { ratePerSecond: 4.5, burst: 5 },
  "logs:StartQuery": { ratePerSecond: 4.5, burst: 5 },
  "logs:GetQueryResults": { ratePerSecond: 4.5, burst: 5 },
  cloudwatch: { ratePerSecond: 45, burst: 45 },
};

const limiters = new Map<string, Bottleneck>();

function limiterFor(quotaScope: string, quotaName: string): Bottleneck {
  const key = `${quotaScope}/${quotaName}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    const quota = QUOTAS[quotaName]!;
    // A token bucket: `burst` calls at once, refilled one token every 1/rate seconds.
    limiter = new Bottleneck({
      reservoir: quota.burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: Math.ceil(1000 / quota.ratePerSecond),
      reservoirIncreaseMaximum: quota.burst,
      maxConcurrent: 16,
    });
    limiters.set(key, limiter);
  }
  return limiter;
}

/**
 * Runs `call` once every limiter of its quotas (the operation's own, then the service's) lets it through.
 * `GATECHECK_AWS_PACING=off` skips pacing: for a local stand-in (the simulator, LocalStack, moto), which has
 * no account quota to stay under.
 */
/** `quotaScope`: the account and region whose quotas the call counts against ("prod/eu-west-1"). */
export function paced<T>(quotaScope: string, service: "apigateway" | "logs" | "cloudwatch", operation: string, call: () => Promise<T>): Promise<T> {
  if (process.env.GATECHECK_AWS_PACING === "off") return call();
  const specific = `${service}:${operation}`;
  const quotas = QUOTAS[specific] ? [specific, service] : [service];
  const run = quotas.reduceRight<() => Promise<T>>((next, quota) => () => limiterFor(quotaScope, quota).schedule(next), call);
  return run();
}
