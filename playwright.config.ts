import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { multiAccountConfig } from "./test/multi-accounts";
import { albInstanceEnv, IDP, multiInstanceEnv, PORTS, SNAPSHOT_BUCKET, TEAM_A, TEAM_B, teamInstanceEnv, writeInstanceEnv } from "./e2e/support/team";
import { generateScenario } from "./scripts/generate-scenario";

// The built dashboard (Next's standalone server, as `npm start` and the Docker image run it) against the simulator,
// both on loopback, in Debian's Chromium. `npm test` runs all of it under Node 24.
const simPort = Number(process.env.E2E_SIM_PORT ?? 4577);
const appPort = Number(process.env.E2E_APP_PORT ?? 3077);

/** A large account (3,000 keys) loaded next to the demo scenarios, for the "thousands of keys" tests. */
export const LARGE_ACCOUNT_FILE = path.join(__dirname, "test-results", "e2e-large-account.json");
const large = generateScenario({ apis: 12, plans: 40, keys: 3000, seed: 42, name: "zz-large-account", region: "us-east-1", traffic: 0 }).scenario;
fs.mkdirSync(path.dirname(LARGE_ACCOUNT_FILE), { recursive: true });
fs.writeFileSync(LARGE_ACCOUNT_FILE, JSON.stringify(large));

/** The team deployment's bucket (snapshots and audit events of the two signed-in instances), made at the simulator's start. */
const TEAM_SCENARIO_FILE = path.join(__dirname, "test-results", "e2e-team-bucket.json");
fs.writeFileSync(TEAM_SCENARIO_FILE, JSON.stringify({ name: "zz-team-bucket", description: "The S3 bucket the team instances share.", s3Buckets: [SNAPSHOT_BUCKET] }));

/** The accounts file of the many-accounts instance (e2e/accounts.spec.ts). */
const MULTI_CONFIG_FILE = path.join(__dirname, "test-results", "e2e-gatecheck.config.json");
fs.writeFileSync(MULTI_CONFIG_FILE, JSON.stringify(multiAccountConfig()));

/** Where the e2e server keeps its snapshots (GATECHECK_DATA_DIR): in the test results, not in the build. */
export const E2E_DATA_DIR = path.join(__dirname, "test-results", "e2e-data");

/** The built dashboard (standalone server) on `port`, pointed at the simulator. */
function app(port: number, env: Record<string, string>) {
  return {
    command: "node .next/standalone/server.js",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${simPort}`,
      AWS_ACCESS_KEY_ID: "AKIDGATECHECKE2E",
      AWS_SECRET_ACCESS_KEY: "gatecheck-e2e-secret",
      AWS_REGION: "us-east-1",
      AWS_PROFILE: "",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      // the suite sends hundreds of pasted keys, probes and freezes from one address; the limits are tested in vitest
      GATECHECK_KEY_LOOKUPS_PER_MINUTE: "100000",
      GATECHECK_PROBES_PER_MINUTE: "100000",
      GATECHECK_FREEZES_PER_MINUTE: "100000",
      ...env,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json"]],
  use: {
    baseURL: `http://127.0.0.1:${appPort}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: [
    {
      command: `node node_modules/tsx/dist/cli.mjs sim/main.ts --port ${simPort} --scenarios sim/scenarios --scenarios ${LARGE_ACCOUNT_FILE} --scenarios ${TEAM_SCENARIO_FILE} --scenarios sim/scenarios-multi`,
      url: `http://127.0.0.1:${simPort}/_sim/health`,
      reuseExistingServer: false,
      stdout: "pipe",
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
    app(appPort, { GATECHECK_DATA_DIR: E2E_DATA_DIR }),
    // The team deployment (e2e/team.spec.ts): an IdP, Redis, two signed-in instances sharing both, one behind an "ALB".
    {
      command: `node node_modules/tsx/dist/cli.mjs e2e/support/idp.ts --port ${PORTS.idp} --redirect ${TEAM_A}/api/auth/callback --redirect ${TEAM_B}/api/auth/callback`,
      url: `${IDP}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    { command: `redis-server --port ${PORTS.redis} --bind 127.0.0.1 --save '' --appendonly no`, port: PORTS.redis, reuseExistingServer: false },
    app(PORTS.teamA, teamInstanceEnv(TEAM_A, "a")),
    app(PORTS.teamB, teamInstanceEnv(TEAM_B, "b")),
    app(PORTS.alb, albInstanceEnv()),
    // Many accounts (e2e/accounts.spec.ts): the hub's key, each member's role assumed with its external id.
    app(PORTS.multi, multiInstanceEnv(MULTI_CONFIG_FILE)),
    // Write mode (e2e/fixes.spec.ts): fixes applied from the dashboard through the write role.
    app(PORTS.write, writeInstanceEnv()),
  ],
});
