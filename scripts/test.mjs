// `npm test`: everything CI runs — typecheck, lint, unit/integration (vitest), e2e (Playwright in
// Debian's Chromium) — then one closing line `N passed, N failed` over all suites. Two Node versions are tested
// without running anything twice: vitest on the machine's Node, Playwright and the servers it starts on Node 24.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CHROMIUM, ensureBuild, ensureChromium, ensureDependencies, ensureRedis, freePort, log, root, run } from "./lib.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.NEXT_TELEMETRY_DISABLED = "1";
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });
const tally = { passed: 0, failed: 0 };
const summary = [];

function count(name, passed, failed) {
  tally.passed += passed;
  tally.failed += failed;
  summary.push(`${name}: ${passed} passed, ${failed} failed`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

ensureDependencies();
ensureChromium();
ensureRedis();

log("typecheck (tsc --noEmit)");
count("typecheck", ...(run(process.execPath, [bin("typescript", "bin/tsc"), "--noEmit"]) === 0 ? [1, 0] : [0, 1]));

log("lint (eslint, then prettier --check)");
const linted = run(process.execPath, [bin("eslint", "bin/eslint.js"), "."]) === 0 && run(process.execPath, [bin("prettier", "bin/prettier.cjs"), "--check", "."]) === 0;
count("lint", ...(linted ? [1, 0] : [0, 1]));

log("unit and integration tests (vitest)");
const vitestReport = path.join(results, "vitest.json");
fs.rmSync(vitestReport, { force: true });
const vitestStatus = run(process.execPath, [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
const vitest = readJson(vitestReport);
if (vitest) count("vitest", vitest.numPassedTests, vitest.numFailedTests + (vitestStatus !== 0 && vitest.numFailedTests === 0 ? 1 : 0));
else count("vitest", 0, 1);

/** Node 24 from the npm registry's `node` package (npx keeps it in its cache after the first fetch), or null. */
function node24() {
  const found = spawnSync("npx", ["-y", "-p", "node@24", "node", "-p", "process.execPath"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const execPath = found.status === 0 ? found.stdout.trim().split("\n").at(-1) : "";
  return execPath && fs.existsSync(execPath) ? execPath : null;
}

log("end-to-end tests (Playwright, Chromium)");
if (ensureBuild() !== 0) {
  count("e2e (build failed)", 0, 1);
} else {
  let node = node24();
  if (!node) {
    log("FAILED: Node 24 could not be fetched from the npm registry (npx -p node@24); the e2e tests run on this machine's Node instead");
    count("Node 24", 0, 1);
    node = process.execPath;
  }
  const suite = `e2e on Node ${spawnSync(node, ["-v"], { encoding: "utf8" }).stdout.trim()}`;
  log(`${suite} (${node})`);
  const playwrightReport = path.join(root, "test-results", "playwright.json");
  fs.rmSync(playwrightReport, { force: true });
  // Free ports chosen here and passed down, so every Playwright process agrees on them.
  const ports = {};
  for (const name of ["E2E_SIM_PORT", "E2E_APP_PORT", "E2E_IDP_PORT", "E2E_REDIS_PORT", "E2E_TEAM_A_PORT", "E2E_TEAM_B_PORT", "E2E_ALB_PORT", "E2E_MULTI_PORT", "E2E_WRITE_PORT"]) {
    let port;
    do port = String(await freePort());
    while (Object.values(ports).includes(port));
    ports[name] = port;
  }
  // First on PATH, so the servers Playwright starts (`node …`) run on the Node that runs Playwright.
  const PATH = `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}`;
  const status = run(node, [bin("@playwright/test", "cli.js"), "test"], {
    env: { ...process.env, ...ports, PATH, CHROMIUM_PATH: CHROMIUM, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
  });
  const stats = readJson(playwrightReport)?.stats;
  if (stats) count(suite, stats.expected + (stats.flaky ?? 0), stats.unexpected + (status !== 0 && stats.unexpected === 0 ? 1 : 0));
  else count(suite, 0, 1);
}

// The bench at small sizes: it must complete and print its table (figures are read by people, not asserted).
log("benchmark smoke run (npm run bench -- --small)");
const bench = spawnSync("npm", ["run", "--silent", "bench", "--", "--small"], { cwd: root, encoding: "utf8", env: { ...process.env, CHROMIUM_PATH: CHROMIUM } });
process.stdout.write(bench.stdout ?? "");
process.stderr.write(bench.stderr ?? "");
const benchPrinted = /^figure\s+gatecheck\s+naive baseline/m.test(bench.stdout ?? "");
count("bench smoke", ...(bench.status === 0 && benchPrinted ? [1, 0] : [0, 1]));

for (const line of summary) log(line);
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed > 0 ? 1 : 0);
