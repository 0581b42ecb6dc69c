import type { Operation } from "../context";
import { AwsError, type SimRequest } from "../http";

// Placeholder until the Logs service lands.
export function routeLogs(req: SimRequest): Operation {
  return { name: "Unknown", action: "logs:Unknown", resource: "*", run: () => { throw new AwsError(400, "UnknownOperationException", `Unknown operation ${req.headers["x-amz-target"]}`); } };
}
