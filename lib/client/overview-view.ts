// What the overview shows and in which order, from its URL: `q` (text), `failing=1` (only stages that answered
// 4XX or 5XX in the window) and `sort` (`trouble`, the default, then `requests` or `name`). Pure, so it is tested
// without a browser.
import type { RestApiSummary, StageSummary } from "@/lib/inventory/types";

export const SORTS = ["trouble", "requests", "name"] as const;
export type OverviewSort = (typeof SORTS)[number];

export interface OverviewView {
  q: string;
  failing: boolean;
  sort: OverviewSort;
}

export function viewOf(params: { get(name: string): string | null }): OverviewView {
  const sort = params.get("sort");
  return { q: params.get("q") ?? "", failing: params.get("failing") === "1", sort: SORTS.find((s) => s === sort) ?? "trouble" };
}

/** The query string with `change` applied, other parameters (region) kept and defaults left out. */
export function withView(params: { toString(): string }, change: Partial<OverviewView>): string {
  const next = new URLSearchParams(params.toString());
  const set = (name: string, value: string | null) => (value ? next.set(name, value) : next.delete(name));
  if (change.q !== undefined) set("q", change.q);
  if (change.failing !== undefined) set("failing", change.failing ? "1" : null);
  if (change.sort !== undefined) set("sort", change.sort === "trouble" ? null : change.sort);
  return next.toString();
}

/**
 * How much a stage needs looking at, worst first: it refuses calls (4XX), it fails them (5XX), a configuration
 * warning, traffic unknown (CloudWatch unreadable), nothing found.
 */
export type Trouble = "refusing" | "failing" | "warning" | "unknown" | "ok";
const RANK: Record<Trouble, number> = { refusing: 4, failing: 3, warning: 2, unknown: 1, ok: 0 };

export function troubleOf(stage: StageSummary): Trouble {
  if (stage.traffic && stage.traffic.errors4xx > 0) return "refusing";
  if (stage.traffic && stage.traffic.errors5xx > 0) return "failing";
  if (stage.warnings.length > 0) return "warning";
  return stage.traffic ? "ok" : "unknown";
}

const rate4xx = (stage: StageSummary) => (stage.traffic && stage.traffic.requests > 0 ? stage.traffic.errors4xx / stage.traffic.requests : 0);
const requestsOf = (stage: StageSummary) => stage.traffic?.requests ?? 0;

/** Negative when `a` comes first. */
function compareStages(a: StageSummary, b: StageSummary, sort: OverviewSort): number {
  if (sort === "name") return a.name.localeCompare(b.name);
  if (sort === "requests") return requestsOf(b) - requestsOf(a) || a.name.localeCompare(b.name);
  return (
    RANK[troubleOf(b)] - RANK[troubleOf(a)] ||
    rate4xx(b) - rate4xx(a) ||
    (b.traffic?.errors4xx ?? 0) - (a.traffic?.errors4xx ?? 0) ||
    (b.traffic?.errors5xx ?? 0) - (a.traffic?.errors5xx ?? 0) ||
    a.name.localeCompare(b.name)
  );
}

function compareApis(a: RestApiSummary, b: RestApiSummary, sort: OverviewSort): number {
  if (sort === "name") return a.name.localeCompare(b.name);
  if (sort === "requests") {
    const total = (api: RestApiSummary) => api.stages.reduce((n, s) => n + requestsOf(s), 0);
    return total(b) - total(a) || a.name.localeCompare(b.name);
  }
  // An API ranks as its worst stage (its stages come sorted); one whose stages are unreadable as "unknown".
  const [worstA, worstB] = [a.stages[0], b.stages[0]];
  if (worstA && worstB) return compareStages(worstA, worstB, sort) || a.name.localeCompare(b.name);
  const rank = (api: RestApiSummary) => (api.stages[0] ? RANK[troubleOf(api.stages[0])] : api.stagesGap ? RANK.unknown : RANK.ok);
  return rank(b) - rank(a) || a.name.localeCompare(b.name);
}

const failing = (stage: StageSummary) => stage.traffic !== null && stage.traffic.errors4xx + stage.traffic.errors5xx > 0;

/** The REST APIs the view shows, each with the stages it shows, in its order. */
export function arrange(apis: RestApiSummary[], view: OverviewView): RestApiSummary[] {
  const needle = view.q.trim().toLowerCase();
  return apis
    .filter((api) => !needle || `${api.name} ${api.id} ${api.stages.map((s) => s.name).join(" ")}`.toLowerCase().includes(needle))
    .map((api) => ({ ...api, stages: api.stages.filter((s) => !view.failing || failing(s)).sort((a, b) => compareStages(a, b, view.sort)) }))
    .filter((api) => !view.failing || api.stages.length > 0)
    .sort((a, b) => compareApis(a, b, view.sort));
}
