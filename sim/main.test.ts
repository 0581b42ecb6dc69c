// `npm run sim` as a user runs it: the CLI prints its address, and a broken scenario file stops it with
// the file, the field and what is wrong.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { faultsFromEnv } from "./faults";

const root = path.resolve(__dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function runSim(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, path.join(root, "sim", "main.ts"), ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("sim listening on")) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run sim", () => {
  it("prints the address it listens on, with every scenario loaded", async () => {
    const { stdout } = await runSim(["--port", "0"]);
    const count = fs.readdirSync(path.join(root, "sim", "scenarios")).filter((f) => f.endsWith(".json")).length;
    expect(stdout).toMatch(new RegExp(`sim listening on http://127\\.0\\.0\\.1:\\d+ \\(${count} scenarios\\)`));
  });

  it("stops on a broken scenario file, naming the file, the field and the problem", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-scenario-"));
    const file = path.join(dir, "broken.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: "broken",
        description: "stage points at a deployment that does not exist",
        restApis: [{ id: "abcdefghij", name: "x", routes: [{ path: "/a", method: "GET" }], deployments: [{ id: "dep1" }], stages: [{ name: "prod", deploymentId: "dep9" }] }],
      }),
    );
    const { code, stderr } = await runSim(["--port", "0", "--scenarios", file]);
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toContain("restApis[0].stages[0].deploymentId");
    expect(stderr).toContain("no deployment dep9");
  });

  it("rejects a scenario field of the wrong shape with the field's path", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-scenario-"));
    const file = path.join(dir, "bad-key.json");
    fs.writeFileSync(file, JSON.stringify({ name: "bad-key", description: "d", apiKeys: [{ id: "abcdefghij", name: "k", value: "short" }] }));
    const { code, stderr } = await runSim(["--port", "0", "--scenarios", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("apiKeys[0].value");
    expect(stderr).toContain("20–128 letters or digits");
  });
});

describe("faults from the environment", () => {
  it("reads SIM_LATENCY_MS, SIM_THROTTLE_RATE, SIM_THROTTLE_OPERATIONS, SIM_DENY and SIM_RETRY_AFTER", () => {
    expect(faultsFromEnv({ SIM_LATENCY_MS: "50", SIM_THROTTLE_RATE: "0.3", SIM_THROTTLE_OPERATIONS: "GetMetricData", SIM_DENY: "GetUsagePlans, FilterLogEvents", SIM_RETRY_AFTER: "2" })).toEqual({
      latencyMs: 50,
      throttleRate: 0.3,
      retryAfterSeconds: 2,
      throttleOperations: ["GetMetricData"],
      deny: ["GetUsagePlans", "FilterLogEvents"],
      dropRate: 0,
      noDeployedSnapshot: false,
    });
  });

  it("refuses a throttle rate outside 0..1", () => {
    expect(() => faultsFromEnv({ SIM_THROTTLE_RATE: "3" })).toThrow();
  });
});
