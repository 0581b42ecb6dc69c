// The usage counters the data plane writes and GetUsage / quota checks read.
import { describe, expect, it } from "vitest";
import { emptyState, type SimUsagePlan } from "../state";
import { recordUsage, usageCounterKey, usedInQuotaPeriod } from "./usage";

const plan = (period: "DAY" | "WEEK" | "MONTH"): SimUsagePlan => ({
  region: "us-east-1",
  id: "plan01",
  name: "p",
  apiStages: [],
  keyIds: ["key0000001"],
  quota: { limit: 100, offset: 0, period },
});

describe("usage counters", () => {
  it("keys one counter per plan, key and UTC day", () => {
    const state = emptyState();
    recordUsage(state, "plan01", "key0000001", Date.parse("2024-05-08T23:59:00Z"));
    recordUsage(state, "plan01", "key0000001", Date.parse("2024-05-08T01:00:00Z"), 2);
    expect(usageCounterKey("plan01", "key0000001", "2024-05-08")).toBe("plan01/key0000001/2024-05-08");
    expect([...state.usage]).toEqual([["plan01/key0000001/2024-05-08", 3]]);
  });

  it("sums the days of the quota period: DAY, WEEK from Sunday, MONTH from the 1st", () => {
    const state = emptyState();
    // 2024-05-05 is a Sunday.
    for (const day of ["2024-04-30", "2024-05-04", "2024-05-05", "2024-05-07", "2024-05-08"]) recordUsage(state, "plan01", "key0000001", Date.parse(`${day}T12:00:00Z`));
    expect(usedInQuotaPeriod(state, plan("DAY"), "key0000001", "2024-05-08")).toBe(1);
    expect(usedInQuotaPeriod(state, plan("WEEK"), "key0000001", "2024-05-08")).toBe(3);
    expect(usedInQuotaPeriod(state, plan("MONTH"), "key0000001", "2024-05-08")).toBe(4);
  });
});
