// Counts every AWS call the simulator answers (control plane, Logs, CloudWatch, S3, STS), with timings and the
// signing account, so tests and the benchmark can count AWS calls, sequential rounds and calls per account.
import type { InsightsTotals } from "./logs/store";

export interface CallRecord {
  operation: string;
  /** ms since the simulator started (monotonic). */
  start: number;
  end: number;
  status: number;
  /** The signing principal's account; absent when the credentials were refused. */
  accountId?: string;
}

const MAX_CALLS = 20_000;

export class Stats {
  readonly byOperation = new Map<string, number>();
  /** Account → operation → calls. */
  readonly byAccount = new Map<string, Map<string, number>>();
  calls: CallRecord[] = [];
  private readonly origin = performance.now();

  clock(): number {
    return performance.now() - this.origin;
  }

  record(call: CallRecord): void {
    this.byOperation.set(call.operation, (this.byOperation.get(call.operation) ?? 0) + 1);
    if (call.accountId !== undefined) {
      let operations = this.byAccount.get(call.accountId);
      if (!operations) this.byAccount.set(call.accountId, (operations = new Map()));
      operations.set(call.operation, (operations.get(call.operation) ?? 0) + 1);
    }
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls = this.calls.slice(-MAX_CALLS / 2);
  }

  reset(): void {
    this.byOperation.clear();
    this.byAccount.clear();
    this.calls = [];
  }

  /** `logs`: the Logs counters summed over every account's log store. */
  toJSON(logs: { scannedEvents: number; insights: InsightsTotals }) {
    const sorted = (counts: Map<string, number>) => Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
    return {
      operations: sorted(this.byOperation),
      total: total(this.byOperation),
      byAccount: Object.fromEntries([...this.byAccount.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, counts]) => [id, { operations: sorted(counts), total: total(counts) }])),
      calls: this.calls,
      logs: { scannedEvents: logs.scannedEvents },
      insights: { ...logs.insights },
    };
  }
}
