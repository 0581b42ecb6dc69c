// CloudWatch Logs storage: groups of streams of time-ordered events, searchable by time window
// with binary search so a narrow window scans few events however large the group is.
import type { StoredQuery } from "./queries";

export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  /**
   * Unique per store, as AWS's eventId: 20 digits of timestamp then 36 of insertion sequence, so
   * ordering by eventId orders by time (ties by arrival) within a stream and across streams.
   */
  eventId: string;
}

export interface LogStream {
  logStreamName: string;
  creationTime: number;
  lastIngestionTime: number;
  /** Sorted by timestamp, hence by eventId. */
  events: StoredEvent[];
}

export interface LogGroup {
  logGroupName: string;
  region: string;
  creationTime: number;
  retentionInDays?: number;
  /** UTF-8 bytes of all messages (AWS reports compressed bytes; close enough for a dashboard). */
  storedBytes: number;
  streams: Map<string, LogStream>;
}

export interface InsightsTotals {
  queries: number;
  bytesScanned: number;
  recordsScanned: number;
}

export const EVENT_ID_DIGITS = 56;
const TIMESTAMP_DIGITS = 20;

export class LogStore {
  readonly groups = new Map<string, LogGroup>();
  /** Logs Insights queries by queryId (StartQuery → GetQueryResults). */
  readonly queries = new Map<string, StoredQuery>();
  private sequence = 0;
  /** Events looked at by searches, for the benchmark (`/_sim/stats`). */
  scannedEvents = 0;
  /** Logs Insights queries started, and what they scanned (their statistics summed), for tests and the benchmark (`/_sim/stats`). */
  insights: InsightsTotals = { queries: 0, bytesScanned: 0, recordsScanned: 0 };

  private key(region: string, name: string): string {
    return `${region}\u0000${name}`;
  }

  group(region: string, logGroupName: string): LogGroup | undefined {
    return this.groups.get(this.key(region, logGroupName));
  }

  /** The region's groups by name in code-unit order, as AWS lists them (not locale order). */
  groupsOf(region: string): LogGroup[] {
    return [...this.groups.values()].filter((g) => g.region === region).sort((a, b) => compareNames(a.logGroupName, b.logGroupName));
  }

  ensureGroup(region: string, logGroupName: string, creationTime: number): LogGroup {
    const key = this.key(region, logGroupName);
    let group = this.groups.get(key);
    if (!group) {
      group = { logGroupName, region, creationTime, storedBytes: 0, streams: new Map() };
      this.groups.set(key, group);
    }
    return group;
  }

  /** Appends events, keeping each stream sorted by timestamp (traffic replay writes out of order). */
  put(region: string, logGroupName: string, logStreamName: string, events: { timestamp: number; message: string }[]): void {
    const first = events[0];
    if (!first) return;
    // A loop, not Math.min(...events): spreading 100k+ arguments overflows the stack.
    const earliest = events.reduce((min, e) => Math.min(min, e.timestamp), first.timestamp);
    const group = this.ensureGroup(region, logGroupName, earliest);
    let stream = group.streams.get(logStreamName);
    if (!stream) {
      stream = { logStreamName, creationTime: earliest, lastIngestionTime: 0, events: [] };
      group.streams.set(logStreamName, stream);
    }
    for (const e of events) {
      const stored: StoredEvent = {
        timestamp: e.timestamp,
        ingestionTime: e.timestamp + 150,
        message: e.message,
        eventId: `${String(e.timestamp).padStart(TIMESTAMP_DIGITS, "0")}${String(++this.sequence).padStart(EVENT_ID_DIGITS - TIMESTAMP_DIGITS, "0")}`,
      };
      const last = stream.events[stream.events.length - 1];
      if (!last || last.timestamp <= e.timestamp) stream.events.push(stored);
      else stream.events.splice(upperBound(stream.events, e.timestamp), 0, stored);
      stream.lastIngestionTime = Math.max(stream.lastIngestionTime, stored.ingestionTime);
      group.storedBytes += Buffer.byteLength(e.message, "utf8");
    }
  }

  clear(): void {
    this.groups.clear();
    this.queries.clear();
    this.resetCounters();
  }

  /** Zeroes what searches and queries scanned (`POST /_sim/stats/reset`). */
  resetCounters(): void {
    this.scannedEvents = 0;
    this.insights = { queries: 0, bytesScanned: 0, recordsScanned: 0 };
  }
}

/** Ordinal string order (AWS sorts names by code unit, so "B" < "a" and "-" < "/"). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose timestamp is >= t. */
export function lowerBound(events: StoredEvent[], t: number): number {
  return firstIndex(events, (e) => e.timestamp >= t);
}

/** First index whose timestamp is > t. */
export function upperBound(events: StoredEvent[], t: number): number {
  return firstIndex(events, (e) => e.timestamp > t);
}

/** First index whose eventId is > id (ids are fixed-width digit strings, so string order is numeric order). */
export function afterEventId(events: StoredEvent[], id: string): number {
  return firstIndex(events, (e) => e.eventId > id);
}

/** First index whose eventId is >= id. */
export function atOrAfterEventId(events: StoredEvent[], id: string): number {
  return firstIndex(events, (e) => e.eventId >= id);
}

/** Binary search for the first index where a monotone predicate turns true. */
function firstIndex(events: StoredEvent[], isAtOrPast: (e: StoredEvent) => boolean): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAtOrPast(events[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
