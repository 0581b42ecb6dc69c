// DescribeLogGroups, DescribeLogStreams, and how every operation names its log group.
import type { SimContext } from "../context";
import {
  LOG_GROUP_IDENTIFIER,
  LOG_GROUP_NAME,
  LOG_STREAM_NAME,
  NEXT_TOKEN,
  decodeToken,
  encodeToken,
  invalidParameter,
  optBoolean,
  optInteger,
  optString,
  optStringList,
  resourceNotFound,
  type Input,
} from "./input";
import { compareNames, type LogGroup, type LogStream } from "./store";

const GROUP_ARN = /^arn:aws[\w-]*:logs:[a-z0-9-]*:\d{12}:log-group:([^:]+)$/;

export function groupArn(region: string, accountId: string, logGroupName: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** A logGroupIdentifier is a name or an ARN without the trailing `:*` (its pattern has no asterisk). */
export function nameFromIdentifier(identifier: string): string {
  return GROUP_ARN.exec(identifier)?.[1] ?? identifier;
}

/** `logGroupName` or `logGroupIdentifier`: AWS wants exactly one of them. */
export function groupNameOf(input: Input): string {
  const name = optString(input, "logGroupName", LOG_GROUP_NAME);
  const identifier = optString(input, "logGroupIdentifier", LOG_GROUP_IDENTIFIER);
  if ((name === undefined) === (identifier === undefined)) throw invalidParameter("Exactly one of logGroupName and logGroupIdentifier must be specified.");
  return name ?? nameFromIdentifier(identifier!);
}

export function requireGroup(ctx: SimContext, region: string, logGroupName: string): LogGroup {
  const group = ctx.logs.group(region, logGroupName);
  if (!group) throw resourceNotFound("The specified log group does not exist.");
  return group;
}

export function describeLogGroups(input: Input, ctx: SimContext, region: string) {
  const prefix = optString(input, "logGroupNamePrefix", LOG_GROUP_NAME);
  const pattern = optString(input, "logGroupNamePattern", { min: 0, max: 512, pattern: /^[.\-_/#A-Za-z0-9]*$/ });
  const identifiers = optStringList(input, "logGroupIdentifiers", { min: 1, max: 50 }, LOG_GROUP_IDENTIFIER)?.map(nameFromIdentifier);
  const limit = optInteger(input, "limit", { min: 1, max: 50 }) ?? 50;
  const token = optString(input, "nextToken", NEXT_TOKEN);
  if (prefix !== undefined && pattern !== undefined) throw invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  if (identifiers && (prefix !== undefined || pattern !== undefined)) throw invalidParameter("logGroupIdentifiers cannot be combined with logGroupNamePrefix or logGroupNamePattern.");
  // the token remembers the last name returned, so groups created between pages are not skipped
  const after = token === undefined ? undefined : String(decodeToken("DescribeLogGroups", token).after);
  const matching = ctx.logs
    .groupsOf(region)
    .filter(
      (g) =>
        (prefix === undefined || g.logGroupName.startsWith(prefix)) &&
        (pattern === undefined || g.logGroupName.includes(pattern)) &&
        (identifiers === undefined || identifiers.includes(g.logGroupName)) &&
        (after === undefined || compareNames(g.logGroupName, after) > 0),
    );
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logGroups: page.map((g) => describeGroup(g, ctx.state.accountId, pattern !== undefined)),
    ...(matching.length > limit && last ? { nextToken: encodeToken("DescribeLogGroups", { after: last.logGroupName }) } : {}),
  };
}

/** With logGroupNamePattern AWS returns only the name, creation time and ARN. */
function describeGroup(group: LogGroup, accountId: string, brief: boolean) {
  const arn = groupArn(group.region, accountId, group.logGroupName);
  const base = { logGroupName: group.logGroupName, creationTime: group.creationTime, arn: `${arn}:*` };
  if (brief) return base;
  return {
    ...base,
    ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
    metricFilterCount: 0,
    storedBytes: group.storedBytes,
    logGroupClass: "STANDARD",
    logGroupArn: arn,
  };
}

export function describeLogStreams(input: Input, ctx: SimContext, region: string) {
  const logGroupName = groupNameOf(input);
  const prefix = optString(input, "logStreamNamePrefix", LOG_STREAM_NAME);
  const orderBy = optString(input, "orderBy", { oneOf: ["LogStreamName", "LastEventTime"] }) ?? "LogStreamName";
  const descending = optBoolean(input, "descending") ?? false;
  const limit = optInteger(input, "limit", { min: 1, max: 50 }) ?? 50;
  const token = optString(input, "nextToken", NEXT_TOKEN);
  if (orderBy === "LastEventTime" && prefix !== undefined) throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  const offset = token === undefined ? 0 : Number(decodeToken("DescribeLogStreams", token).offset);
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameter("The specified nextToken is invalid.");
  const group = requireGroup(ctx, region, logGroupName);

  const streams = [...group.streams.values()].filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix));
  streams.sort((a, b) => (orderBy === "LogStreamName" ? compareNames(a.logStreamName, b.logStreamName) : lastEventTime(a) - lastEventTime(b)));
  if (descending) streams.reverse();
  const page = streams.slice(offset, offset + limit);
  const groupArnValue = groupArn(region, ctx.state.accountId, logGroupName);
  return {
    logStreams: page.map((s) => describeStream(s, groupArnValue)),
    ...(offset + limit < streams.length ? { nextToken: encodeToken("DescribeLogStreams", { offset: offset + limit }) } : {}),
  };
}

function lastEventTime(stream: LogStream): number {
  return stream.events[stream.events.length - 1]?.timestamp ?? stream.creationTime;
}

function describeStream(stream: LogStream, groupArnValue: string) {
  const first = stream.events[0];
  const last = stream.events[stream.events.length - 1];
  return {
    logStreamName: stream.logStreamName,
    creationTime: stream.creationTime,
    ...(first && last ? { firstEventTimestamp: first.timestamp, lastEventTimestamp: last.timestamp, lastIngestionTime: stream.lastIngestionTime } : {}),
    arn: `${groupArnValue}:log-stream:${stream.logStreamName}`,
    // AWS stopped reporting per-stream bytes in 2019 and always answers 0
    storedBytes: 0,
  };
}
