// FilterLogEvents and GetLogEvents. Both narrow each stream to the time window with binary search,
// so the events examined grow with the window, not with the group; FilterLogEvents also stops after a
// scan budget and answers a short (even empty) page with a nextToken, as AWS does when it stops scanning.
import type { SimContext } from "../context";
import { FilterPatternError, compileFilterPattern, type EventMatcher } from "./filter-pattern";
import { groupNameOf, requireGroup } from "./groups";
import {
  LOG_STREAM_NAME,
  NEXT_TOKEN,
  decodeToken,
  encodeToken,
  invalidParameter,
  optBoolean,
  optInteger,
  optString,
  optStringList,
  optTime,
  requiredString,
  resourceNotFound,
  type Input,
} from "./input";
import { EVENT_ID_DIGITS, afterEventId, atOrAfterEventId, lowerBound, upperBound, type LogGroup, type LogStream, type StoredEvent } from "./store";

/** Events one FilterLogEvents call examines at most before answering with a nextToken. */
export const FILTER_SCAN_BUDGET = 20_000;
/** Pages carry at most 1 MB of events, counted as AWS counts ingestion: UTF-8 message + 26 bytes. */
const MAX_PAGE_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_EVENTS_PER_PAGE = 10_000;
/** FilterLogEvents serves newest-first (startFromHead: false) only for windows from 2024 on. */
const TAIL_FIRST_EARLIEST_START = Date.UTC(2024, 0, 1);

const eventBytes = (e: StoredEvent) => Buffer.byteLength(e.message, "utf8") + EVENT_OVERHEAD_BYTES;

export function filterLogEvents(input: Input, ctx: SimContext, region: string) {
  const logGroupName = groupNameOf(input);
  const streamNames = optStringList(input, "logStreamNames", { min: 1, max: 100 }, LOG_STREAM_NAME);
  const prefix = optString(input, "logStreamNamePrefix", LOG_STREAM_NAME);
  const startTime = optTime(input, "startTime");
  const endTime = optTime(input, "endTime");
  const filterPattern = optString(input, "filterPattern", { min: 0, max: 1024 });
  const limit = optInteger(input, "limit", { min: 1, max: MAX_EVENTS_PER_PAGE }) ?? MAX_EVENTS_PER_PAGE;
  const token = optString(input, "nextToken", NEXT_TOKEN);
  // interleaved has been ignored (always true) since 2019; unmask has no masked data to reveal here
  optBoolean(input, "interleaved");
  optBoolean(input, "unmask");
  let forward = optBoolean(input, "startFromHead") ?? true;
  if (streamNames && prefix !== undefined) throw invalidParameter("logStreamNames and logStreamNamePrefix cannot both be specified.");

  // the token carries the scan position and direction; on a later page the token's direction wins
  let resumeAfter: string | undefined;
  if (token !== undefined) {
    const state = decodeToken("FilterLogEvents", token);
    if (state.group !== logGroupName || typeof state.at !== "string") throw invalidParameter("The specified nextToken is invalid.");
    resumeAfter = state.at;
    forward = state.forward === 1;
  }
  if (!forward && startTime !== undefined && startTime < TAIL_FIRST_EARLIEST_START) {
    throw invalidParameter("startFromHead set to false is supported only when startTime is on or after Jan 1, 2024 00:00:00 UTC.");
  }
  const matches = compilePattern(filterPattern ?? "");
  const group = requireGroup(ctx, region, logGroupName);

  const streams = selectStreams(group, streamNames, prefix);
  const cursors = new Heap<Cursor>((a, b) => current(a).eventId < current(b).eventId === forward);
  for (const stream of streams) {
    const events = stream.events;
    let from = startTime === undefined ? 0 : lowerBound(events, startTime);
    // endTime is inclusive here ("events with a timestamp later than this time are not returned")
    let to = endTime === undefined ? events.length : upperBound(events, endTime);
    if (resumeAfter !== undefined) {
      if (forward) from = Math.max(from, afterEventId(events, resumeAfter));
      else to = Math.min(to, atOrAfterEventId(events, resumeAfter));
    }
    if (from < to) cursors.push({ stream, index: forward ? from : to - 1, from, to });
  }

  const found: ReturnType<typeof filteredEvent>[] = [];
  let scanned = 0;
  let bytes = 0;
  let position: string | undefined;
  while (cursors.size > 0 && found.length < limit && scanned < FILTER_SCAN_BUDGET) {
    const cursor = cursors.peek()!;
    const event = current(cursor);
    const isMatch = matches(event.message);
    // a full page ends before this event; the next page starts with it
    if (isMatch && found.length > 0 && bytes + eventBytes(event) > MAX_PAGE_BYTES) break;
    scanned++;
    position = event.eventId;
    if (isMatch) {
      found.push(filteredEvent(event, cursor.stream.logStreamName));
      bytes += eventBytes(event);
    }
    cursors.pop();
    cursor.index += forward ? 1 : -1;
    if (cursor.index >= cursor.from && cursor.index < cursor.to) cursors.push(cursor);
  }
  ctx.logs.scannedEvents += scanned;
  return {
    events: found,
    // deprecated since 2020: AWS always answers an empty list
    searchedLogStreams: [],
    ...(cursors.size > 0 && position !== undefined ? { nextToken: encodeToken("FilterLogEvents", { group: logGroupName, at: position, forward: forward ? 1 : 0 }) } : {}),
  };
}

function compilePattern(pattern: string): EventMatcher {
  try {
    return compileFilterPattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw invalidParameter(err.message);
    throw err;
  }
}

function selectStreams(group: LogGroup, names: string[] | undefined, prefix: string | undefined): LogStream[] {
  if (names) return [...new Set(names)].flatMap((name) => group.streams.get(name) ?? []);
  const streams = [...group.streams.values()];
  return prefix === undefined ? streams : streams.filter((s) => s.logStreamName.startsWith(prefix));
}

function filteredEvent(event: StoredEvent, logStreamName: string) {
  return { logStreamName, timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime, eventId: event.eventId };
}

interface Cursor {
  stream: LogStream;
  index: number;
  /** The stream's slice still to scan: [from, to). */
  from: number;
  to: number;
}

const current = (cursor: Cursor): StoredEvent => cursor.stream.events[cursor.index]!;

/** Binary heap: merges the streams' slices in eventId (= time) order. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.before(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.before(items[right]!, items[best]!)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}

// ---- GetLogEvents ----

/**
 * GetLogEvents tokens look like AWS's: `f/<56 digits>/s` and `b/<56 digits>/s`. The digits name the gap
 * after an eventId: forward reads events after it, backward reads events up to it.
 */
const LOG_EVENTS_TOKEN = new RegExp(`^([fb])/(\\d{${EVENT_ID_DIGITS}})(?:/s)?$`);
const START_GAP = "0".repeat(EVENT_ID_DIGITS);
const logEventsToken = (direction: "f" | "b", gap: string) => `${direction}/${gap}/s`;

export function getLogEvents(input: Input, ctx: SimContext, region: string) {
  const logGroupName = groupNameOf(input);
  const logStreamName = requiredString(input, "logStreamName", LOG_STREAM_NAME);
  const startTime = optTime(input, "startTime");
  const endTime = optTime(input, "endTime");
  const limit = optInteger(input, "limit", { min: 1, max: MAX_EVENTS_PER_PAGE }) ?? MAX_EVENTS_PER_PAGE;
  const startFromHead = optBoolean(input, "startFromHead") ?? false;
  optBoolean(input, "unmask");
  const nextToken = optString(input, "nextToken", NEXT_TOKEN);
  const parsed = nextToken === undefined ? undefined : LOG_EVENTS_TOKEN.exec(nextToken);
  if (parsed === null) throw invalidParameter("The specified nextToken is invalid.");
  const stream = requireGroup(ctx, region, logGroupName).streams.get(logStreamName);
  if (!stream) throw resourceNotFound("The specified log stream does not exist.");

  const events = stream.events;
  let from = startTime === undefined ? 0 : lowerBound(events, startTime);
  // endTime is exclusive here ("events with a timestamp equal to or later than this time are not included")
  let to = endTime === undefined ? events.length : lowerBound(events, endTime);
  // a token's direction wins over startFromHead
  const forward = parsed ? parsed[1] === "f" : startFromHead;
  if (parsed) {
    const gap = parsed[2]!;
    if (forward) from = Math.max(from, afterEventId(events, gap));
    else to = Math.min(to, afterEventId(events, gap));
  }
  to = Math.max(from, to);

  // forward pages grow from the head of the window, backward ones from its tail
  let bytes = 0;
  let first = forward ? from : to;
  let end = forward ? from : to;
  while (end - first < limit && (forward ? end < to : first > from)) {
    const next = events[forward ? end : first - 1]!;
    if (end > first && bytes + eventBytes(next) > MAX_PAGE_BYTES) break;
    bytes += eventBytes(next);
    if (forward) end++;
    else first--;
  }
  const page = events.slice(first, end);
  ctx.logs.scannedEvents += page.length;

  const gapBefore = (index: number) => (index > 0 ? events[index - 1]!.eventId : START_GAP);
  // at the end of the stream AWS hands back the token it was given, which is how readers know to stop
  const sameAsGiven = page.length === 0 && nextToken !== undefined;
  return {
    events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: sameAsGiven && forward ? nextToken : logEventsToken("f", gapBefore(end)),
    nextBackwardToken: sameAsGiven && !forward ? nextToken : logEventsToken("b", gapBefore(first)),
  };
}
