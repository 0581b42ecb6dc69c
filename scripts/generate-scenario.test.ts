import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyScenario, readScenarioFiles } from "../sim/scenario";
import { emptyState, type SimState } from "../sim/state";
import { MAX_PLANS_PER_KEY, runCli } from "./generate-scenario";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-generate-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function generate(file: string, seed = 7): string {
  return runCli(["--apis", "20", "--plans", "15", "--keys", "500", "--seed", String(seed), "--traffic", "5", "--out", path.join(dir, file)]);
}

describe("generate-scenario", () => {
  let summary = "";
  let loaded: ReturnType<typeof readScenarioFiles> = [];
  const state: SimState = emptyState();
  beforeAll(() => {
    summary = generate("small.json");
    loaded = readScenarioFiles(path.join(dir, "small.json"));
    for (const { file, scenario } of loaded) applyScenario(state, scenario, file, Date.now());
  });

  it("writes one scenario that loads into the simulator", () => {
    expect(summary).toMatch(/^wrote .*small\.json: 20 APIs, .* 15 plans, 500 keys/);
    expect(loaded).toHaveLength(1);
    expect(state.restApis).toHaveLength(20);
    expect(state.usagePlans).toHaveLength(15);
    expect(state.apiKeys).toHaveLength(500);
    // 5 calls by keys of their plans, and refused twins (no key, or a key that does not exist) for every other one.
    const healthy = state.traffic.filter((t) => t.sourceIp.startsWith("198.51.100."));
    expect(healthy).toHaveLength(5);
    expect(state.traffic.length - healthy.length).toBeGreaterThan(0);
    expect(state.traffic.length - healthy.length).toBeLessThanOrEqual(3);
    expect(state.accounts["us-east-1"]?.cloudwatchRoleArn).toMatch(/^arn:aws:iam::/);
  });

  it("keeps AWS's limits: ≤ 10 plans per key, at most one plan per key per stage", () => {
    for (const key of state.apiKeys) {
      const plans = state.usagePlans.filter((p) => p.keyIds.includes(key.id));
      expect(plans.length).toBeLessThanOrEqual(MAX_PLANS_PER_KEY);
      const stages = plans.flatMap((p) => p.apiStages.map((s) => `${s.apiId}/${s.stage}`));
      expect(new Set(stages).size).toBe(stages.length);
    }
  });

  it("gives every API 2–3 stages and a handful of routes, each stage on a deployment", () => {
    for (const api of state.restApis) {
      expect(api.stages.length).toBeGreaterThanOrEqual(2);
      expect(api.stages.length).toBeLessThanOrEqual(3);
      const methods = api.resources.reduce((n, r) => n + Object.keys(r.methods).length, 0);
      expect(methods).toBeGreaterThanOrEqual(3);
      expect(methods).toBeLessThanOrEqual(8);
      for (const stage of api.stages) expect(api.deployments.some((d) => d.id === stage.deploymentId)).toBe(true);
    }
  });

  it("has some disabled keys and some keys in no plan; ids and values are unique", () => {
    expect(state.apiKeys.some((k) => !k.enabled)).toBe(true);
    expect(state.apiKeys.some((k) => !state.usagePlans.some((p) => p.keyIds.includes(k.id)))).toBe(true);
    expect(new Set(state.apiKeys.map((k) => k.value)).size).toBe(500);
    expect(state.apiKeys.every((k) => /^[A-Za-z0-9]{40}$/.test(k.value))).toBe(true);
  });

  it("is deterministic for a seed", () => {
    generate("again.json");
    generate("other.json", 8);
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    expect(read("again.json")).toBe(read("small.json"));
    expect(read("other.json")).not.toBe(read("small.json"));
  });

  it("rejects bad arguments", () => {
    expect(() => runCli(["--apis", "20"])).toThrow(/--out/);
    expect(() => runCli(["--apis", "zero", "--out", path.join(dir, "x.json")])).toThrow(/--apis/);
    expect(() => runCli(["--bogus", "1", "--out", path.join(dir, "x.json")])).toThrow();
  });
});
