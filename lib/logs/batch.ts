// FilterLogEvents searches of one log group, merged. AWS allows 5 FilterLogEvents calls per second per account
// and region, not raisable, so diagnoses reading a group at the same time share calls instead of queueing for
// them: the searches that arrive while a call for their group is in flight go out together, as one search for
// the alternatives of all their terms over the union of their windows (or as few as the pattern limits allow),
// and each caller gets back exactly the lines its own search would have found.
import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { AwsClients } from "@/lib/aws/clients";
import { filterLogEvents, readsNewestFirst, type FilterLogEventsInput, type FilterLogEventsResult } from "@/lib/aws/logs";
import { MAX_FILTER_PATTERN_LENGTH, MAX_IDS_PER_PATTERN, filterPatternAny } from "./patterns";
import type { RawLogEvent } from "./types";

export interface LogSearch extends Omit<FilterLogEventsInput, "filterPattern"> {
  /** Lines containing any of these, case-sensitively: FilterLogEvents' quoted terms. */
  terms: string[];
}

interface Waiting {
  search: LogSearch;
  resolve: (result: FilterLogEventsResult) => void;
  reject: (err: unknown) => void;
}

/** Per set of clients (a region and its settings), the searches of each busy log group not sent yet. */
const queues = new WeakMap<AwsClients, Map<string, Waiting[]>>();

/**
 * The events of one search, as `filterLogEvents` returns them for `filterPatternAny(terms)`.
 * `GATECHECK_LOG_BATCHING=off` makes every search its own call (the bench's baseline).
 */
export async function searchLogs(clients: AwsClients, search: LogSearch): Promise<FilterLogEventsResult> {
  const own = ownInput(search);
  // A pattern AWS refuses must fail alone, not take the searches merged with it down.
  if (process.env.GATECHECK_LOG_BATCHING === "off" || own.filterPattern.length > MAX_FILTER_PATTERN_LENGTH) return filterLogEvents(clients, own);
  let groups = queues.get(clients);
  if (!groups) queues.set(clients, (groups = new Map()));
  const queue = groups.get(search.logGroupName);
  return new Promise((resolve, reject) => {
    if (queue) queue.push({ search, resolve, reject });
    else {
      groups.set(search.logGroupName, [{ search, resolve, reject }]);
      void drain(clients, groups, search.logGroupName);
    }
  });
}

/** Sends a group's waiting searches, then those that arrived meanwhile, until none is left. */
async function drain(clients: AwsClients, groups: Map<string, Waiting[]>, logGroupName: string): Promise<void> {
  for (;;) {
    // An idle group's first search waits one turn of the event loop only: the searches started with it join it.
    await nextTurn();
    const batch = groups.get(logGroupName) ?? [];
    if (batch.length === 0) {
      groups.delete(logGroupName);
      return;
    }
    groups.set(logGroupName, []);
    await Promise.all(byWindow(batch).map((searches) => send(clients, searches)));
  }
}

/** Searches whose windows overlap or touch, each set read as one window: the union holds no line neither reads. */
function byWindow(batch: Waiting[]): Waiting[][] {
  const sets: { end: number; searches: Waiting[] }[] = [];
  for (const waiting of [...batch].sort((a, b) => a.search.startTime - b.search.startTime)) {
    const last = sets[sets.length - 1];
    if (last && waiting.search.startTime <= last.end + 1) {
      last.searches.push(waiting);
      last.end = Math.max(last.end, waiting.search.endTime);
    } else sets.push({ end: waiting.search.endTime, searches: [waiting] });
  }
  return sets.map((s) => s.searches);
}

/** One set of searches with overlapping windows: settles every one of them, never rejects. */
async function send(clients: AwsClients, searches: Waiting[]): Promise<void> {
  const [only] = searches;
  if (only && searches.length === 1) return settle(only, filterLogEvents(clients, ownInput(only.search)));
  const parts = packed([...new Set(searches.flatMap((w) => w.search.terms))]);
  const merged = {
    logGroupName: searches[0]!.search.logGroupName,
    startTime: Math.min(...searches.map((w) => w.search.startTime)),
    endTime: Math.max(...searches.map((w) => w.search.endTime)),
    maxEvents: searches.reduce((sum, w) => sum + w.search.maxEvents, 0),
    maxPages: Math.max(...searches.map((w) => w.search.maxPages)),
  };
  let found: { terms: string[]; result: FilterLogEventsResult }[];
  try {
    found = await Promise.all(parts.map(async (terms) => ({ terms, result: await filterLogEvents(clients, { ...merged, filterPattern: filterPatternAny(terms) }) })));
  } catch (err) {
    // Same group, same action: each search alone would have failed the same way.
    for (const w of searches) w.reject(err);
    return;
  }
  if (found.some((f) => f.result.groupMissing)) {
    for (const w of searches) w.resolve({ events: [], complete: true, groupMissing: true });
    return;
  }
  // A part stopped by its caps may lack lines of its terms: the searches using one make their own call.
  const uncertain = new Set(found.flatMap((f) => (f.result.complete ? [] : f.terms)));
  const lines = distinct(found.flatMap((f) => f.result.events)).sort(byTime);
  await Promise.all(searches.map((w) => (w.search.terms.some((t) => uncertain.has(t)) ? settle(w, filterLogEvents(clients, ownInput(w.search))) : w.resolve(linesOf(w.search, lines)))));
}

async function settle(waiting: Waiting, result: Promise<FilterLogEventsResult>): Promise<void> {
  try {
    waiting.resolve(await result);
  } catch (err) {
    waiting.reject(err);
  }
}

function ownInput({ terms, ...input }: LogSearch): FilterLogEventsInput & { filterPattern: string } {
  return { ...input, filterPattern: filterPatternAny(terms) };
}

/** The terms in as few patterns as hold them within FilterLogEvents' limits (longest first, each where it fits). */
function packed(terms: string[]): string[][] {
  const parts: string[][] = [];
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const part = parts.find((p) => p.length < MAX_IDS_PER_PATTERN && filterPatternAny([...p, term]).length <= MAX_FILTER_PATTERN_LENGTH);
    if (part) part.push(term);
    else parts.push([term]);
  }
  return parts;
}

/** A line matched by terms of two parts comes back from both. */
function distinct(events: RawLogEvent[]): RawLogEvent[] {
  const seen = new Map<string, RawLogEvent>();
  for (const e of events) seen.set(e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}`, e);
  return [...seen.values()];
}

/**
 * What one search alone answers, from the complete lines of a merged one: its lines (a quoted term matches as
 * a case-sensitive substring) within its own window, in the order AWS reads them, cut at its own cap.
 */
function linesOf(search: LogSearch, lines: RawLogEvent[]): FilterLogEventsResult {
  const { startTime, endTime, terms, maxEvents } = search;
  const matched = lines.filter((e) => e.timestamp !== undefined && e.timestamp >= startTime && e.timestamp <= endTime && terms.some((t) => e.message.includes(t)));
  if (readsNewestFirst(search)) matched.reverse();
  return { events: matched.slice(0, maxEvents), complete: matched.length <= maxEvents };
}

/** Time order, as AWS reads a group: streams interleaved by timestamp, ties by arrival. */
export const byTime = (a: RawLogEvent, b: RawLogEvent): number => (a.timestamp ?? 0) - (b.timestamp ?? 0) || compareIds(a.eventId, b.eventId);

// eventIds are fixed-width digit strings: string order is arrival order
const compareIds = (a = "", b = "") => (a < b ? -1 : a > b ? 1 : 0);
