// `npm run bench`: gatecheck's performance targets (DESIGN.md), each next to a naive baseline run in the same
// process against the same simulator, with the ratio. Prints figures; asserts nothing (tests never time).
import { GetUsagePlanKeysCommand, paginateGetUsagePlans } from "@aws-sdk/client-api-gateway";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { awsClients } from "@/lib/aws/clients";
import { clearCache } from "@/lib/inventory/cache";
import { loadOverview } from "@/lib/inventory/overview";
import { executionLogGroupName } from "@/lib/logs/patterns";
import { logsOfRequest } from "@/lib/logs/query";
import { MemoryTriageStore } from "@/lib/triage/store";
import { parseRequest } from "@/lib/request/parse";
import { diagnoseCall, type DiagnoseInput } from "@/lib/workflows/diagnose";
import { loadOrganizationTriage, loadTriage } from "@/lib/workflows/triage";
import { DEFAULT_ACCOUNTS_OPTIONS, generateAccounts, HUB, memberAccounts } from "./generate-accounts";
import { EVENT_OVERHEAD_BYTES } from "@/sim/logs/queries";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import type { Simulator } from "@/sim/server";
import { startSim } from "@/sim/testing";
import { pointAwsAt } from "@/test/aws-env";
import { diagnosisLinkOf, startInstance } from "@/test/instance";
import { redisServerInstalled, startRedis } from "@/test/redis";
import { PATHOLOGICAL_REQUESTS } from "@/test/pathological-requests";
import { generateScenario } from "./generate-scenario";

// `--small`: the smoke run inside `npm test` — same figures at sizes that finish in seconds.
const SMALL = process.argv.includes("--small");
const SIZE = SMALL
  ? { apis: 20, plans: 20, keys: 600, runs: 2, logLines: 20_000, diagnoses: 40, stages: 4, triageMinutes: 30, organizationMinutes: 5 }
  : { apis: 300, plans: 300, keys: 10_000, runs: 7, logLines: 1_000_000, diagnoses: 200, stages: 10, triageMinutes: 60, organizationMinutes: 30 };

const LOGS_OPERATIONS = new Set(["FilterLogEvents", "DescribeLogGroups", "StartQuery", "GetQueryResults", "GetLogEvents"]);
const rows: string[][] = [["figure", "gatecheck", "naive baseline", "ratio"]];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (ours: number, naive: number) => (ours === 0 ? "∞" : `${(naive / ours).toFixed(1)}×`);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-bench-"));
  for (const file of fs.readdirSync(DEFAULT_SCENARIO_DIR)) fs.copyFileSync(path.join(DEFAULT_SCENARIO_DIR, file), path.join(dir, file));
  const { scenario: big } = generateScenario({ apis: SIZE.apis, plans: SIZE.plans, keys: SIZE.keys, seed: 1, name: "zz-bench-account", region: "us-east-1", traffic: 0 });
  fs.writeFileSync(path.join(dir, "zz-bench-account.json"), JSON.stringify(big));
  const running = await startSim({ scenarios: dir });
  pointAwsAt(running.endpoint);
  const { sim } = running;
  const controlPlaneCalls = () => sim.stats.calls.filter((c) => !LOGS_OPERATIONS.has(c.operation)).length;
  console.log(`simulated account: ${sim.state.restApis.length} REST APIs, ${sim.state.usagePlans.length} usage plans, ${sim.state.apiKeys.length} API keys`);

  // 0. Pasted requests built to make a backtracking parser slow (each near the 256 KiB body limit).
  const parses = Object.entries(PATHOLOGICAL_REQUESTS).map(([name, text]) => {
    const started = performance.now();
    parseRequest(text);
    return { name, ms: performance.now() - started };
  });
  const worstParse = parses.reduce((a, b) => (b.ms > a.ms ? b : a));
  rows.push([`request parsing: worst of ${parses.length} pathological inputs (goal < 50 ms each)`, ms(worstParse.ms), "-", worstParse.name]);

  // 1. Focused diagnosis with 50 ms per AWS call.
  sim.faults = { ...sim.faults, latencyMs: 50 };
  const call = readScenarioFiles(path.join(DEFAULT_SCENARIO_DIR, "key-plan-missing-stage.json"))[0]!.scenario.expect!.call;
  const ours: number[] = [];
  let ourCalls = 0;
  for (let i = 0; i < SIZE.runs; i++) {
    clearCache();
    sim.stats.reset();
    const started = performance.now();
    await diagnoseCall({ region: "us-east-1", api: call.apiId!, stage: call.stage!, method: call.method!, path: call.path!, key: call.keyId! });
    ours.push(performance.now() - started);
    ourCalls = controlPlaneCalls();
    await new Promise((r) => setTimeout(r, 1_200)); // let the pacing bucket refill between runs
  }
  // Naive: find the key's plans by listing every plan, then every plan's keys.
  const clients = awsClients("us-east-1");
  sim.stats.reset();
  const naiveStarted = performance.now();
  const plans = [];
  for await (const page of paginateGetUsagePlans({ client: clients.apigateway, pageSize: 25 }, {})) plans.push(...(page.items ?? []));
  for (const plan of plans) await clients.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id!, limit: 500 }));
  const naiveMs = performance.now() - naiveStarted;
  const naiveCalls = controlPlaneCalls();
  rows.push(["focused diagnosis: control-plane calls", String(ourCalls), String(naiveCalls), ratio(ourCalls, naiveCalls)]);
  rows.push(["focused diagnosis: p50 time, 50 ms/call (target ≤ 250 ms)", ms(median(ours)), ms(naiveMs), ratio(median(ours), naiveMs)]);

  // 2. Account-wide inventory: calls against the minimum the API allows, then a warm cache.
  sim.faults = { ...sim.faults, latencyMs: 0 };
  clearCache();
  sim.stats.reset();
  await loadOverview("us-east-1", { fresh: true });
  const apis = sim.state.restApis.filter((a) => a.region === "us-east-1").length;
  const stages = sim.state.restApis.filter((a) => a.region === "us-east-1").reduce((n, a) => n + a.stages.length, 0);
  // list + stages per API + plans + account + v2 list + GetMetricData (3 metrics per stage, 500 a call)
  const minimum = Math.ceil(apis / 500) + apis + Math.ceil(sim.state.usagePlans.length / 500) + 2 + Math.ceil((stages * 3) / 500);
  const overviewCalls = controlPlaneCalls();
  const throttled = sim.stats.calls.filter((c) => c.status === 429).length;
  rows.push(["account inventory: calls (minimum the API allows)", String(overviewCalls), String(minimum), `${((overviewCalls / minimum - 1) * 100).toFixed(1)}% over`]);
  rows.push(["account inventory: throttling errors surfaced", String(throttled), "-", "-"]);
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await loadOverview("us-east-1");
    warm.push(performance.now() - started);
  }
  rows.push(["account inventory: warm cache (target ≤ 20 ms)", ms(median(warm)), "-", "-"]);

  // 3. Log correlation by request id in a group of 1,000,000 lines (small: 20,000) over 7 days.
  const group = executionLogGroupName(call.apiId!, call.stage!);
  const now = Date.now();
  const span = 7 * 24 * 3600_000;
  const events = Array.from({ length: SIZE.logLines }, (_, i) => ({
    timestamp: now - span + Math.floor((i / SIZE.logLines) * span),
    message: `(${i.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000) Method completed with status: 200`,
  }));
  sim.logs.put("us-east-1", group, "0123456789abcdef0123456789abcdef", events);
  const wanted = events[Math.floor(SIZE.logLines * 0.999)]!;
  const requestId = /^\(([^)]+)\)/.exec(wanted.message)![1]!;
  sim.logs.scannedEvents = 0;
  let started = performance.now();
  await logsOfRequest(clients, { apiId: call.apiId!, stage: call.stage!, requestId, from: wanted.timestamp - 5 * 60_000, to: wanted.timestamp + 5 * 60_000 });
  const ourMs = performance.now() - started;
  const ourScanned = sim.logs.scannedEvents;
  sim.logs.scannedEvents = 0;
  started = performance.now();
  let token: string | undefined;
  do {
    const page = await clients.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `"${requestId}"`, nextToken: token }));
    token = page.nextToken;
  } while (token);
  const scanMs = performance.now() - started;
  rows.push([`log correlation: lines scanned (${SIZE.logLines.toLocaleString("en")}-line group)`, String(ourScanned), String(sim.logs.scannedEvents), ratio(ourScanned, sim.logs.scannedEvents)]);
  rows.push(["log correlation: time", ms(ourMs), ms(scanMs), ratio(ourMs, scanMs)]);

  // 4. Distinct diagnoses at once, paced as against AWS (FilterLogEvents: 5 calls/s per account and region): log
  // reads merged per log group vs one search per diagnosis (GATECHECK_LOG_BATCHING=off), same diagnoses and window.
  sim.faults = { ...sim.faults, latencyMs: 50 };
  const window = { from: new Date(Date.now() - 2 * 3600_000).toISOString(), to: new Date(Date.now() + 10 * 60_000).toISOString() };
  const diagnoses = distinctDiagnoses(sim, SIZE.diagnoses, SIZE.stages, window);
  const burst = async (batching: "on" | "off") => {
    process.env.GATECHECK_LOG_BATCHING = batching;
    clearCache();
    // The stages' configuration is read first: the figure is the log reads'.
    await Promise.all(diagnoses.map((input) => diagnoseCall({ ...input, readLogs: false })));
    await new Promise((r) => setTimeout(r, 1_200)); // let the pacing bucket refill
    sim.stats.reset();
    const started = performance.now();
    await Promise.all(diagnoses.map((input) => diagnoseCall(input)));
    return { ms: performance.now() - started, calls: sim.stats.byOperation.get("FilterLogEvents") ?? 0 };
  };
  const naiveBurst = await burst("off");
  const ourBurst = await burst("on");
  delete process.env.GATECHECK_LOG_BATCHING;
  sim.faults = { ...sim.faults, latencyMs: 0 };
  const burstName = `${diagnoses.length} distinct diagnoses at once (${SIZE.stages} stages, pacing on, 50 ms/call)`;
  rows.push([`${burstName}: wall time`, ms(ourBurst.ms), ms(naiveBurst.ms), ratio(ourBurst.ms, naiveBurst.ms)]);
  rows.push([`${burstName}: FilterLogEvents calls`, String(ourBurst.calls), String(naiveBurst.calls), ratio(ourBurst.calls, naiveBurst.calls)]);

  // 5. One diagnosis link opened by 50 people at once, spread over two instances behind a load balancer: AWS calls with
  // the instances sharing Redis, against the same two instances each on its own (coalescing within a process only).
  sim.faults = { ...sim.faults, latencyMs: 50 };
  const viewersName = "one diagnosis link: AWS calls of 50 concurrent viewers over 2 instances";
  if (redisServerInstalled()) {
    const link = diagnosisLinkOf(call);
    const redis = await startRedis();
    try {
      const alone = await viewersOf(sim, link, { viewers: 1, instances: 1, redisUrl: undefined });
      const shared = await viewersOf(sim, link, { viewers: 50, instances: 2, redisUrl: redis.url });
      const separate = await viewersOf(sim, link, { viewers: 50, instances: 2, redisUrl: undefined });
      rows.push(["one diagnosis link: AWS calls of one viewer alone", String(alone), "-", "-"]);
      rows.push([`${viewersName}, sharing Redis (baseline: without)`, String(shared), String(separate), ratio(shared, separate)]);
    } finally {
      await redis.stop();
    }
  } else {
    rows.push([viewersName, "skipped: no redis-server (npm test installs it)", "-", "-"]);
  }
  sim.faults = { ...sim.faults, latencyMs: 0 };

  // 6. First paint of the chain for a stage whose plans hold ~500 keys, in headless Chromium (needs `npm run build`).
  const plan = big.usagePlans.reduce((a, b) => (b.keys.length > a.keys.length ? b : a));
  const stage = plan.apiStages[0];
  if (stage && fs.existsSync(SERVER) && fs.existsSync(CHROMIUM)) {
    const keysOfStage = big.usagePlans.filter((p) => p.apiStages.some((s) => s.apiId === stage.apiId && s.stage === stage.stage)).reduce((n, p) => n + p.keys.length, 0);
    const route = big.restApis.find((a) => a.id === stage.apiId)!.routes.find((r) => !r.path.includes("{"))!;
    const paint = await firstPaint(running.endpoint, new URLSearchParams({ region: "us-east-1", api: stage.apiId, stage: stage.stage, method: route.method, path: route.path, key: plan.keys[0]! }));
    rows.push([
      `graph first paint, ${keysOfStage} keys on the stage, server-prefetched vs client-only (target ≤ 1 s)`,
      ms(paint.ms),
      ms(paint.clientOnlyMs),
      `${ratio(paint.ms, paint.clientOnlyMs)}; ${paint.nodes} nodes, ${paint.elements} DOM elements`,
    ]);
  } else {
    rows.push(["graph first paint", "skipped: run `npm run build` first (and install chromium)", "-", "-"]);
  }

  // 7. An open triage board (1-hour window, refreshed every 30 s) while the scenarios' traffic goes on, time driven
  // (SIZE.triageMinutes of it, figures per hour): the bytes Logs Insights scans (what AWS bills) for refreshes that
  // read only the time since the last one vs a read of the whole window at every refresh. The board's first load, a
  // whole-window read either way, is not counted. Pacing off and fast polls: the figure is bytes, not time.
  const pacing = process.env.GATECHECK_AWS_PACING;
  process.env.GATECHECK_AWS_PACING = "off";
  const board = new MemoryTriageStore();
  const poll = { firstPollMs: 5, pollMs: 20 };
  const opened = Date.now();
  let at = opened;
  await loadTriage("us-east-1", "1h", { now: at, store: board, poll });
  const scanned = { incremental: 0, full: 0 };
  let sameAnswers = true;
  for (let i = 0; i < (SIZE.triageMinutes * 60) / 30; i++) {
    sim.replayTrafficBetween(at, at + 30_000);
    at += 30_000;
    let mark = sim.logs.insights.bytesScanned;
    const incremental = await loadTriage("us-east-1", "1h", { now: at, store: board, poll });
    scanned.incremental += sim.logs.insights.bytesScanned - mark;
    mark = sim.logs.insights.bytesScanned;
    const full = await loadTriage("us-east-1", "1h", { now: at, store: null, poll });
    scanned.full += sim.logs.insights.bytesScanned - mark;
    sameAnswers &&= JSON.stringify(incremental) === JSON.stringify(full);
  }
  if (pacing === undefined) delete process.env.GATECHECK_AWS_PACING;
  else process.env.GATECHECK_AWS_PACING = pacing;
  const perHour = 60 / SIZE.triageMinutes;
  const triageName = "triage board: Logs Insights bytes scanned per hour (1 h window, refresh every 30 s)";
  rows.push([`${triageName}, incremental vs full re-scan (goal ≥ 50×)`, bytes(scanned.incremental * perHour), bytes(scanned.full * perHour), ratio(scanned.incremental, scanned.full)]);
  rows.push([
    `triage board: bytes written per hour to the logs it reads; answers ${sameAnswers ? "identical" : "DIFFER"} at every refresh`,
    bytes(executionLogBytes(sim, opened, at) * perHour),
    "-",
    `${(scanned.incremental / executionLogBytes(sim, opened, at)).toFixed(2)} scanned / written`,
  ]);

  // 8. The organization's board: 5 member accounts × 4 regions reached through assumed roles, its first load (AWS
  // calls and time, 50 ms per call) and the bytes Logs Insights scans per hour of it open, incremental vs a full
  // re-scan of every account × region every 30 s (SIZE.organizationMinutes of time driven, figures per hour).
  rows.push(...(await organizationFigures()));

  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  await running.close();
}

const bytes = (n: number) => `${Math.round(n).toLocaleString("en")} B`;

/** Bytes of the region's execution-log events with a timestamp in [from, to), as Insights counts what it scans. */
function executionLogBytes(sim: Simulator, from: number, to: number): number {
  let total = 0;
  for (const group of sim.logs.groupsOf("us-east-1")) {
    if (!group.logGroupName.startsWith("API-Gateway-Execution-Logs_")) continue;
    for (const stream of group.streams.values()) for (const e of stream.events) if (e.timestamp >= from && e.timestamp < to) total += Buffer.byteLength(e.message) + EVENT_OVERHEAD_BYTES;
  }
  return total;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The built server (`npm run build`): Next's standalone server.js, as `npm start` runs it. */
const SERVER = path.join(process.cwd(), ".next", "standalone", "server.js");

/**
 * The AWS calls the simulator counts while `viewers` requests for one diagnosis link arrive at once, spread over
 * `instances` fresh instances (scripts/instance.ts, the route handlers without a build), sharing `redisUrl` if given.
 */
async function viewersOf(sim: Simulator, link: URLSearchParams, options: { viewers: number; instances: number; redisUrl: string | undefined }): Promise<number> {
  const env = { GATECHECK_REDIS_URL: options.redisUrl, GATECHECK_REDIS_PREFIX: `gatecheck-bench-${Date.now()}:` };
  const instances = await Promise.all(Array.from({ length: options.instances }, () => startInstance(env)));
  try {
    sim.stats.reset();
    const answers = await Promise.all(Array.from({ length: options.viewers }, (_, i) => fetch(`${instances[i % instances.length]!.url}/api/v1/diagnose?${link}`)));
    const failed = answers.find((r) => !r.ok);
    if (failed) throw new Error(`a viewer got ${failed.status}: ${await failed.text()}`);
    return sim.stats.calls.length;
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
  }
}

/**
 * `count` different diagnoses over the first `stageCount` logged stages of the replayed traffic, taken from each
 * stage in turn: a request id of its traffic, a key seen in it on a route, a route's concrete path.
 */
function distinctDiagnoses(sim: Simulator, count: number, stageCount: number, window: { from: string; to: string }): DiagnoseInput[] {
  const logged = sim.state.journal.filter((e) => e.executionLogged && e.apiId && e.stage);
  const stages = [...new Set(logged.map((e) => `${e.apiId}/${e.stage}`))].slice(0, stageCount);
  const perStage = stages.map((ref) => {
    const traffic = logged.filter((e) => `${e.apiId}/${e.stage}` === ref);
    const { apiId, stage } = traffic[0]!;
    const api = sim.state.restApis.find((a) => a.id === apiId)!;
    const base = { region: api.region, api: api.id, stage: stage!, ...window };
    const routes = api.resources.flatMap((r) => Object.keys(r.methods).map((method) => ({ method, path: r.path })));
    const concrete = (path: string, n: number) => path.replace(/\{[^}]+\}/g, `v-${n}`);
    const keys = [...new Set(traffic.flatMap((e) => (e.apiKeyId ? [e.apiKeyId] : [])))];
    const inputs: DiagnoseInput[][] = [
      traffic.map((e) => ({ ...base, requestId: e.requestId })),
      keys.flatMap((key) => routes.map((r) => ({ ...base, method: r.method, path: concrete(r.path, 0), key }))),
      routes.filter((r) => r.path.includes("{")).flatMap((r) => Array.from({ length: 20 }, (_, n) => ({ ...base, method: r.method, path: concrete(r.path, n + 1) }))),
    ];
    return interleaved(inputs);
  });
  return interleaved(perStage).slice(0, count);
}

/** The first item of each list, then the second of each, and so on. */
const interleaved = <T>(lists: T[][]): T[] => Array.from({ length: Math.max(0, ...lists.map((l) => l.length)) }, (_, n) => lists.flatMap((l) => (n < l.length ? [l[n]!] : []))).flat();

/**
 * Starts the built dashboard against the simulator and times, in Chromium, the diagnosis page until its graph
 * shows (median of 3): as served (the first diagnosis read on the server) and client-only (fetched after hydration).
 */
async function firstPaint(simEndpoint: string, query: URLSearchParams): Promise<{ ms: number; clientOnlyMs: number; nodes: number; elements: number }> {
  const { chromium } = await import("@playwright/test");
  const port = 3000 + Math.floor(Math.random() * 1000) + 5000;
  const app = spawn(process.execPath, [SERVER], {
    env: { ...process.env, AWS_ENDPOINT_URL: simEndpoint, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: "ignore",
  });
  try {
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/api/v1/apis`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    try {
      const page = await browser.newPage();
      const url = `http://127.0.0.1:${port}/diagnose?${query}`;
      await page.goto(url); // a first viewer fills the server's caches; the figure is the next viewer's
      const time = async (prefetch: "on" | "off") => {
        await page.setExtraHTTPHeaders(prefetch === "off" ? { "x-gatecheck-prefetch": "off" } : {});
        const runs: number[] = [];
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          await page.goto(url, { waitUntil: "commit" });
          await page.locator(".react-flow__node").first().waitFor();
          runs.push(performance.now() - started);
        }
        return median(runs);
      };
      const clientOnlyMs = await time("off");
      const prefetchedMs = await time("on");
      return { ms: prefetchedMs, clientOnlyMs, nodes: await page.locator(".react-flow__node").count(), elements: await page.locator("*").count() };
    } finally {
      await browser.close();
    }
  } finally {
    app.kill("SIGTERM");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/** Figure 8: its own simulator with 5 member accounts × 4 regions, and gatecheck.config.json listing them. */
async function organizationFigures(): Promise<string[][]> {
  const regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-bench-org-"));
  const options = { ...DEFAULT_ACCOUNTS_OPTIONS, members: 5, regions, refusing: false };
  for (const { file, scenario } of generateAccounts(options)) fs.writeFileSync(path.join(dir, file), JSON.stringify(scenario));
  const members = memberAccounts(options);
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-bench-config-")), "gatecheck.config.json");
  fs.writeFileSync(config, JSON.stringify({ accounts: members.map((m) => ({ name: m.name, accountId: m.id, roleArn: m.roleArn, externalId: m.externalId, regions })) }));
  const running = await startSim({ scenarios: dir });
  const saved = { ...process.env };
  pointAwsAt(running.endpoint);
  Object.assign(process.env, { GATECHECK_CONFIG: config, AWS_ACCESS_KEY_ID: HUB.accessKeyId, GATECHECK_AWS_PACING: "on" });
  const { sim } = running;
  const poll = { firstPollMs: 5, pollMs: 20 };
  try {
    sim.faults = { ...sim.faults, latencyMs: 50 };
    const opened = Date.now();
    const started = performance.now();
    sim.stats.reset();
    await loadOrganizationTriage("1h", { now: opened, poll });
    const firstLoad = { ms: performance.now() - started, calls: sim.stats.calls.length };
    sim.faults = { ...sim.faults, latencyMs: 0 };
    process.env.GATECHECK_AWS_PACING = "off";
    const bytesScanned = () => [...members.map((m) => m.id)].reduce((n, id) => n + sim.world(id).logs.insights.bytesScanned, 0);
    let at = opened;
    const scanned = { incremental: 0, full: 0 };
    for (let i = 0; i < (SIZE.organizationMinutes * 60) / 30; i++) {
      sim.replayTrafficBetween(at, at + 30_000);
      at += 30_000;
      let mark = bytesScanned();
      await loadOrganizationTriage("1h", { now: at, poll });
      scanned.incremental += bytesScanned() - mark;
      mark = bytesScanned();
      await loadOrganizationTriage("1h", { now: at, poll, store: null });
      scanned.full += bytesScanned() - mark;
    }
    const perHour = 60 / SIZE.organizationMinutes;
    const name = `organization triage, ${members.length} accounts × ${regions.length} regions through assumed roles`;
    return [
      [`${name}: first load, AWS calls and time (50 ms/call, pacing on)`, `${firstLoad.calls} calls, ${ms(firstLoad.ms)}`, "-", "-"],
      [
        `${name}: Logs Insights bytes scanned per hour open, incremental vs full re-scan every 30 s (goal ≥ 50×)`,
        bytes(scanned.incremental * perHour),
        bytes(scanned.full * perHour),
        ratio(scanned.incremental, scanned.full),
      ],
    ];
  } finally {
    process.env = saved;
    await running.close();
  }
}
