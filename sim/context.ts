import type { SimRequest, SimResponse } from "./http";
import type { LogStore } from "./logs/store";
import type { SimState } from "./state";

export interface SimContext {
  state: SimState;
  logs: LogStore;
  /** Wall clock in ms; traffic replay passes `req.at` instead for data-plane time. */
  now(): number;
}

/** One control-plane or Logs operation, resolved from the wire before it runs (faults and stats need its name). */
export interface Operation {
  /** AWS operation name (`GetUsagePlans`), or `Unknown`. */
  name: string;
  /** IAM action as AWS names it in AccessDenied messages (`apigateway:GET`, `logs:FilterLogEvents`). */
  action: string;
  /** IAM resource the action applies to (`arn:aws:apigateway:us-east-1::/usageplans`). */
  resource: string;
  run(ctx: SimContext): SimResponse;
}

export type OperationRouter = (req: SimRequest) => Operation;
