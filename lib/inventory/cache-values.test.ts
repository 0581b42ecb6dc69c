// With GATECHECK_REDIS_URL, every value passed to cached() travels as JSON to the other instances, so it must come
// back the same: plain objects, arrays, strings, finite numbers, booleans and null (an undefined property vanishes,
// as absent). Checked on every read that the workflows make for every scenario, the overview, triage, logs and pickers.
import { describe, expect, it, vi } from "vitest";
import { loadOverview } from "@/lib/inventory/overview";
import { readStageLogs } from "@/lib/workflows/logs";
import { diagnoseCall } from "@/lib/workflows/diagnose";
import { loadStageRoutes, searchApiKeys } from "@/lib/workflows/stage";
import { loadTriage } from "@/lib/workflows/triage";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";

const seen = new Map<string, unknown>();

vi.mock("@/lib/inventory/cache", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./cache")>();
  return {
    ...actual,
    cached: async (...args: Parameters<typeof actual.cached>) => {
      const read = await actual.cached(...args);
      seen.set(args[0], read.value);
      return read;
    },
  };
});

/** Where `value` holds something JSON would not bring back as it is, or null. */
function notJson(value: unknown, at = "value"): string | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${at} is ${value}`;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = item === undefined ? `${at}[${i}] is undefined` : notJson(item, `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${at} is a ${(value as object).constructor?.name ?? "class instance"}`;
    for (const [key, item] of Object.entries(value)) {
      const found = item === undefined ? null : notJson(item, `${at}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return `${at} is a ${typeof value}`;
}

const sim = simulatorForFile({ pacing: false });

describe("every value the workflows cache survives JSON (what Redis carries between instances)", () => {
  it("diagnoses of every scenario, the overview, triage, stage logs, routes and key search", async () => {
    const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).flatMap(({ scenario }) => (scenario.expect ? [scenario] : []));
    for (const scenario of scenarios) {
      const call = scenario.expect!.call;
      if (call.request) await diagnoseCall({ region: scenario.region, request: call.request });
      else await diagnoseCall({ region: scenario.region, api: call.apiId!, stage: call.stage!, method: call.method!, path: call.path!, ...(call.keyId ? { key: call.keyId } : {}) });
    }
    const api = sim().sim.state.restApis.find((a) => a.region === "us-east-1" && a.stages.length > 0)!;
    await loadOverview("us-east-1", { now: Date.now() });
    await loadTriage("us-east-1", "1h");
    await readStageLogs({ region: "us-east-1", api: api.id, stage: api.stages[0]!.stageName });
    await loadStageRoutes("us-east-1", api.id, api.stages[0]!.stageName);
    await searchApiKeys("us-east-1", "partner", 10);

    expect(seen.size).toBeGreaterThan(50);
    const kinds = new Set([...seen.keys()].map((key) => key.split("/").find((part) => /^[a-z-]+$/.test(part) && !/^[a-z]{2}-[a-z]+-\d$/.test(part))));
    for (const kind of ["overview", "restapi", "stages", "resources", "apikey", "plans-of-key", "account", "deployment", "logs-of-call", "apikeys", "log-groups"]) expect(kinds).toContain(kind);
    const problems = [...seen].flatMap(([key, value]) => {
      const found = notJson(value);
      return found ? [`${key}: ${found}`] : [];
    });
    expect(problems).toEqual([]);
  }, 120_000);
});
