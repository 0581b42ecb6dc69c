import "server-only";
import { assertWindow } from "@/lib/api/params";
import { awsClients } from "@/lib/aws/clients";
import { filterLogEvents } from "@/lib/aws/logs";
import { toReadGap } from "@/lib/inventory/gaps";
import type { ReadGap } from "@/lib/inventory/types";
import { parseLogEvents } from "@/lib/logs/parse";
import { executionLogGroupName } from "@/lib/logs/patterns";
import { logsOfRequest } from "@/lib/logs/query";
import type { LogEvent } from "@/lib/logs/types";

export interface StageLogs {
  logGroupName: string;
  window: { from: string; to: string };
  status: "found" | "none-in-window" | "group-missing" | "unreadable";
  /** Newest first. */
  events: LogEvent[];
  complete: boolean;
  gap: ReadGap | null;
}

const HOUR = 60 * 60 * 1000;
const MAX_EVENTS = 500;

/** `GET /api/v1/logs`: the parsed execution-log lines of a stage in a window, or of one request id. */
export async function readStageLogs(query: { region: string; api: string; stage: string; requestId?: string | undefined; from?: string | undefined; to?: string | undefined }): Promise<StageLogs> {
  const to = query.to ? Date.parse(query.to) : Date.now();
  const from = query.from ? Date.parse(query.from) : to - HOUR;
  assertWindow(from, to);
  const logGroupName = executionLogGroupName(query.api, query.stage);
  const clients = awsClients(query.region);
  const window = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  if (query.requestId) {
    const result = await logsOfRequest(clients, { apiId: query.api, stage: query.stage, requestId: query.requestId, from, to });
    return { logGroupName, window, status: result.status, events: [...result.events].reverse(), complete: true, gap: result.status === "unreadable" ? result.gap : null };
  }
  try {
    const result = await filterLogEvents(clients, { logGroupName, startTime: from, endTime: to, newestFirst: true, maxEvents: MAX_EVENTS, maxPages: 10 });
    if (result.groupMissing) return { logGroupName, window, status: "group-missing", events: [], complete: true, gap: null };
    const events = parseLogEvents([...result.events].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))).reverse();
    return { logGroupName, window, status: events.length ? "found" : "none-in-window", events, complete: result.complete, gap: null };
  } catch (err) {
    return { logGroupName, window, status: "unreadable", events: [], complete: false, gap: toReadGap(err) };
  }
}
