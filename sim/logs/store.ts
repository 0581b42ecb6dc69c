// CloudWatch Logs storage: groups of streams of time-ordered events, searchable by time window
// with binary search so a narrow window scans few events however large the group is.

export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** Unique per group, as AWS's eventId. */
  eventId: string;
}

export interface LogStream {
  logStreamName: string;
  creationTime: number;
  events: StoredEvent[];
}

export interface LogGroup {
  logGroupName: string;
  region: string;
  creationTime: number;
  retentionInDays?: number;
  streams: Map<string, LogStream>;
}

export class LogStore {
  readonly groups = new Map<string, LogGroup>();
  private sequence = 0;
  /** Events looked at by searches, for the benchmark (`/_sim/stats`). */
  scannedEvents = 0;

  private key(region: string, name: string): string {
    return `${region}\u0000${name}`;
  }

  group(region: string, logGroupName: string): LogGroup | undefined {
    return this.groups.get(this.key(region, logGroupName));
  }

  groupsOf(region: string): LogGroup[] {
    return [...this.groups.values()].filter((g) => g.region === region).sort((a, b) => a.logGroupName.localeCompare(b.logGroupName));
  }

  ensureGroup(region: string, logGroupName: string, creationTime: number): LogGroup {
    const key = this.key(region, logGroupName);
    let group = this.groups.get(key);
    if (!group) {
      group = { logGroupName, region, creationTime, streams: new Map() };
      this.groups.set(key, group);
    }
    return group;
  }

  /** Appends events, keeping each stream sorted by timestamp (traffic replay writes out of order). */
  put(region: string, logGroupName: string, logStreamName: string, events: { timestamp: number; message: string }[]): void {
    if (events.length === 0) return;
    const group = this.ensureGroup(region, logGroupName, Math.min(...events.map((e) => e.timestamp)));
    let stream = group.streams.get(logStreamName);
    if (!stream) {
      stream = { logStreamName, creationTime: events[0]!.timestamp, events: [] };
      group.streams.set(logStreamName, stream);
    }
    for (const e of events) {
      const stored: StoredEvent = {
        timestamp: e.timestamp,
        ingestionTime: e.timestamp + 150,
        message: e.message,
        eventId: `${String(e.timestamp).padStart(20, "0")}${String(++this.sequence).padStart(36, "0")}`,
      };
      const at = upperBound(stream.events, e.timestamp);
      stream.events.splice(at, 0, stored);
    }
  }

  clear(): void {
    this.groups.clear();
    this.scannedEvents = 0;
  }
}

/** First index whose timestamp is >= t. */
export function lowerBound(events: StoredEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose timestamp is > t. */
export function upperBound(events: StoredEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
