// Usage-plan request counters (`state.usage`), shared by the data plane (which counts) and GetUsage
// (which reports). One counter per usage plan, API key and UTC day; quota periods are sums of days.
import type { SimState, SimUsagePlan } from "../state";

/**
 * The `state.usage` key counting the requests API key `keyId` made under usage plan `planId` on the UTC
 * day `dayIsoDate` (`YYYY-MM-DD`): `"{planId}/{keyId}/{dayIsoDate}"`. The data plane adds one for every
 * request that passed the usage-plan check (use `recordUsage`); GetUsage and quota checks read it.
 */
export function usageCounterKey(planId: string, keyId: string, dayIsoDate: string): string {
  return `${planId}/${keyId}/${dayIsoDate}`;
}

/** `YYYY-MM-DD` of an instant, in UTC (AWS counts usage by UTC day). */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Counts `count` requests of `keyId` under `planId` at `atMs` (the request's time, `req.at`). */
export function recordUsage(state: SimState, planId: string, keyId: string, atMs: number, count = 1): void {
  const key = usageCounterKey(planId, keyId, utcDay(atMs));
  state.usage.set(key, (state.usage.get(key) ?? 0) + count);
}

export function usageOn(state: SimState, planId: string, keyId: string, day: string): number {
  return state.usage.get(usageCounterKey(planId, keyId, day)) ?? 0;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = dayMs(from); t <= dayMs(to); t += DAY_MS) days.push(utcDay(t));
  return days;
}

/**
 * First day of the quota period that contains `day`: the day itself, the Sunday before (WEEK), or the
 * first of the month (MONTH), in UTC. The quota `offset` does not move the period (see uncertain.ts).
 */
function quotaPeriodStart(period: NonNullable<SimUsagePlan["quota"]>["period"], day: string): string {
  const date = new Date(dayMs(day));
  if (period === "DAY") return day;
  if (period === "WEEK") return utcDay(date.getTime() - date.getUTCDay() * DAY_MS);
  return utcDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** Requests counted against the plan's quota in the period containing `day`, up to and including `day`. */
export function usedInQuotaPeriod(state: SimState, plan: SimUsagePlan, keyId: string, day: string): number {
  if (!plan.quota) return usageOn(state, plan.id, keyId, day);
  return daysBetween(quotaPeriodStart(plan.quota.period, day), day).reduce((sum, d) => sum + usageOn(state, plan.id, keyId, d), 0);
}
