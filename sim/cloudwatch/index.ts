// CloudWatch (metrics), as @aws-sdk/client-cloudwatch 3.1162 speaks it: AWS JSON 1.0 on `POST /` with
// `x-amz-target: GraniteServiceVersion20100801.<Operation>` and `x-amzn-query-mode: true` (the service keeps its
// awsQuery-era error codes, answered in `x-amzn-query-error`: see cloudwatchError in ../http.ts).
import { randomUUID } from "node:crypto";
import type { Operation } from "../context";
import { AwsError, type SimRequest, type SimResponse } from "../http";
import { parseInput, type Input } from "../logs/input";
import { getMetricData } from "./metric-data";

export const CLOUDWATCH_TARGET_PREFIX = "GraniteServiceVersion20100801.";

const HANDLERS = { GetMetricData: getMetricData } as const;

export function routeCloudWatch(req: SimRequest): Operation {
  const target = req.headers["x-amz-target"] ?? "";
  const name = target.slice(CLOUDWATCH_TARGET_PREFIX.length);
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name as keyof typeof HANDLERS] : undefined;
  if (!handler) {
    return {
      name: "Unknown",
      action: "cloudwatch:Unknown",
      resource: "*",
      run: () => {
        throw new AwsError(400, "UnknownOperationException", `The simulator serves CloudWatch's GetMetricData only, not ${name || target}`);
      },
    };
  }
  return {
    name,
    action: `cloudwatch:${name}`,
    // GetMetricData has no resource-level permissions: IAM evaluates it on "*"
    resource: "*",
    run: (ctx) => {
      const input: Input = parseInput(req.body);
      return {
        status: 200,
        headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() },
        body: JSON.stringify(handler(input, ctx, req.region)),
      } satisfies SimResponse;
    },
  };
}
