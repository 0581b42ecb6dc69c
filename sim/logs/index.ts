// CloudWatch Logs (JSON 1.1): `POST /` with `x-amz-target: Logs_20140328.<Operation>` and a JSON body.
// Resolves the operation (its name, IAM action and resource feed faults and stats) before running it.
import { randomUUID } from "node:crypto";
import type { Operation, SimContext } from "../context";
import { AwsError, type SimRequest, type SimResponse } from "../http";
import { SIM_ACCOUNT_ID } from "../state";
import { filterLogEvents, getLogEvents } from "./events";
import { describeLogGroups, describeLogStreams, groupArn, nameFromIdentifier } from "./groups";
import { parseInput, type Input } from "./input";
import { getQueryResults, startQuery, stopQuery } from "./queries";

const TARGET_PREFIX = "Logs_20140328.";

type Handler = (input: Input, ctx: SimContext, region: string) => unknown;

const HANDLERS: Record<string, Handler> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
  StartQuery: startQuery,
  GetQueryResults: getQueryResults,
  StopQuery: stopQuery,
};

export function routeLogs(req: SimRequest): Operation {
  const target = req.headers["x-amz-target"] ?? "";
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (!handler) {
    // AWS answers an unknown target with 400 UnknownOperationException (aws/aws-sdk-net#1536)
    return {
      name: "Unknown",
      action: "logs:Unknown",
      resource: "*",
      run: () => {
        throw new AwsError(400, "UnknownOperationException", `Unknown operation ${target}`);
      },
    };
  }
  let input: Input | AwsError;
  try {
    input = parseInput(req.body);
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    input = err;
  }
  return {
    name,
    action: `logs:${name}`,
    resource: input instanceof AwsError ? "*" : resourceOf(name, input, req.region, req.accountId ?? SIM_ACCOUNT_ID),
    run: (ctx) => {
      if (input instanceof AwsError) throw input;
      return {
        status: 200,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() },
        body: JSON.stringify(handler(input, ctx, req.region)),
      } satisfies SimResponse;
    },
  };
}

/** The IAM resource AccessDenied messages name: the log group, when the request names one. */
function resourceOf(operation: string, input: Input, region: string, accountId: string): string {
  // DescribeLogGroups is authorised on this odd-looking resource, as AWS's denials show it
  if (operation === "DescribeLogGroups") return `arn:aws:logs:${region}:${accountId}:log-group::log-stream:`;
  const first = (list: unknown) => (Array.isArray(list) ? list[0] : undefined);
  const named = [input.logGroupName, input.logGroupIdentifier, first(input.logGroupNames), first(input.logGroupIdentifiers)].find((v) => typeof v === "string");
  return typeof named === "string" ? groupArn(region, accountId, nameFromIdentifier(named)) : "*";
}
