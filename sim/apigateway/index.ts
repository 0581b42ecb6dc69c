import type { Operation } from "../context";
import { notFound, type SimRequest } from "../http";

// Placeholder until the control plane lands.
export function routeApiGateway(req: SimRequest): Operation {
  return { name: "Unknown", action: `apigateway:${req.method}`, resource: req.path, run: () => { throw notFound("Unknown operation"); } };
}
