import type { SimContext } from "../context";
import { json, type SimRequest, type SimResponse } from "../http";

// Placeholder until the data plane lands.
export function handleDataPlane(_req: SimRequest, _ctx: SimContext): SimResponse {
  return json(403, { message: "Forbidden" }, { "x-amzn-errortype": "ForbiddenException" });
}
