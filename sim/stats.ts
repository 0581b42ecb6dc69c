// Counts every control-plane and Logs call, with timings, so tests and the benchmark can count AWS calls
// and sequential rounds.
import type { InsightsTotals } from "./logs/store";

export interface CallRecord {
  operation: string;
  /** ms since the simulator started (monotonic). */
  start: number;
  end: number;
  status: number;
}

const MAX_CALLS = 20_000;

export class Stats {
  readonly byOperation = new Map<string, number>();
  calls: CallRecord[] = [];
  private readonly origin = performance.now();

  clock(): number {
    return performance.now() - this.origin;
  }

  record(call: CallRecord): void {
    this.byOperation.set(call.operation, (this.byOperation.get(call.operation) ?? 0) + 1);
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls = this.calls.slice(-MAX_CALLS / 2);
  }

  reset(): void {
    this.byOperation.clear();
    this.calls = [];
  }

  toJSON(logs: { scannedEvents: number; insights: InsightsTotals }) {
    return {
      operations: Object.fromEntries([...this.byOperation.entries()].sort(([a], [b]) => a.localeCompare(b))),
      total: [...this.byOperation.values()].reduce((a, b) => a + b, 0),
      calls: this.calls,
      logs: { scannedEvents: logs.scannedEvents },
      insights: { ...logs.insights },
    };
  }
}
