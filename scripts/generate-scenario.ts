// Builds one large-account scenario for benchmarks and scale tests:
//   npm run sim:generate -- --apis 300 --plans 300 --keys 10000 --out <file> [--seed N] [--name …] [--region …] [--traffic N]
// The same seed gives the same file byte for byte. AWS's limits hold: at most 10 usage plans per key and at most one
// plan per key per stage (AWS answers ConflictException otherwise); every API has 2–3 stages and a handful of routes.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { seededRandom as prng } from "../sim/random";
import { parseScenario } from "../sim/scenario";

/** AWS: "Usage plans per API key" (hard limit). */
export const MAX_PLANS_PER_KEY = 10;
/** AWS default quotas per account and region; larger accounts are generated with a warning. */
const DEFAULT_QUOTAS = { apis: 600, plans: 300, keys: 10_000 } as const;

export interface GenerateOptions {
  apis: number;
  plans: number;
  keys: number;
  seed: number;
  name: string;
  region: string;
  /** Traffic entries to add (each replays 1–20 requests); 0 = none. */
  traffic: number;
}

type Verb = "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS";
interface RouteIn {
  path: string;
  method: Verb;
  apiKeyRequired?: boolean;
  mockStatus?: number;
}
interface ApiIn {
  id: string;
  name: string;
  endpointType?: "REGIONAL" | "EDGE";
  tags: Record<string, string>;
  routes: RouteIn[];
  deployments: { id: string; description: string; createdMinutesAgo: number; routes?: RouteIn[] }[];
  stages: { name: string; deploymentId: string; loggingLevel: "OFF" | "ERROR" | "INFO" }[];
}
interface KeyIn {
  id: string;
  name: string;
  value: string;
  enabled?: boolean;
  customerId?: string;
}
interface PlanIn {
  id: string;
  name: string;
  apiStages: { apiId: string; stage: string }[];
  keys: string[];
  throttle?: { burstLimit: number; rateLimit: number };
  quota?: { limit: number; offset: number; period: "DAY" | "WEEK" | "MONTH" };
}
interface TrafficIn {
  method: Verb;
  apiId: string;
  path: string;
  headers?: Record<string, string>;
  sourceIp: string;
  count: number;
}
export interface GeneratedScenario {
  name: string;
  description: string;
  region: string;
  account: { cloudwatchRoleArn: string };
  restApis: ApiIn[];
  apiKeys: KeyIn[];
  usagePlans: PlanIn[];
  traffic: TrafficIn[];
}

export interface GenerateSummary {
  apis: number;
  stages: number;
  routes: number;
  plans: number;
  keys: number;
  disabledKeys: number;
  keysInNoPlan: number;
  memberships: number;
  maxPlansPerKey: number;
  stagesInNoPlan: number;
}

const DOMAINS = [
  "orders",
  "payments",
  "inventory",
  "catalog",
  "shipments",
  "invoices",
  "users",
  "accounts",
  "search",
  "reports",
  "prices",
  "quotes",
  "points",
  "bookings",
  "notifications",
  "events",
  "profiles",
  "returns",
  "reviews",
  "coupons",
  "carts",
  "subscriptions",
  "entries",
  "documents",
  "tickets",
  "devices",
  "stores",
  "vendors",
  "claims",
  "policies",
];
const TEAMS = ["core", "retail", "partner", "mobile", "internal", "data", "edge", "finance", "growth", "platform", "ops", "b2b"];
const TIERS = ["free", "basic", "silver", "gold", "platinum", "enterprise", "partner", "internal", "trial", "mobile"];
const CUSTOMERS = [
  "acme",
  "globex",
  "initech",
  "umbrella",
  "hooli",
  "vandelay",
  "soylent",
  "tyrell",
  "wayne",
  "stark",
  "contoso",
  "fabrikam",
  "northwind",
  "wingtip",
  "adventure-works",
  "lufthaven",
  "fastfreight",
  "initrode",
  "wonka",
  "cyberdyne",
];
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function generateScenario(options: GenerateOptions): { scenario: GeneratedScenario; summary: GenerateSummary } {
  const random = prng(options.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const chars = (alphabet: string, n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };
  const taken = new Set<string>();
  const unique = (make: () => string) => {
    for (;;) {
      const v = make();
      if (!taken.has(v)) {
        taken.add(v);
        return v;
      }
    }
  };
  const longId = () => unique(() => chars("abcdefghijklmnopqrstuvwxyz", 1) + chars(LOWER, 9));
  const shortId = () => unique(() => chars("abcdefghijklmnopqrstuvwxyz", 1) + chars(LOWER, 5));
  const keyValue = () => unique(() => chars(ALNUM, 40));
  const names = new Map<string, number>();
  const uniqueName = (base: string) => {
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };

  // REST APIs: 2–3 stages, 3–8 routes, most of them keyed; a few prod deployments lag behind the draft.
  const restApis: ApiIn[] = [];
  for (let i = 0; i < options.apis; i++) {
    const domain = pick(DOMAINS);
    const team = pick(TEAMS);
    const param = `{${domain.replace(/s$/, "").replace(/-(.)/g, (_, c: string) => c.toUpperCase())}Id}`;
    const candidates: RouteIn[] = [
      { path: `/${domain}`, method: "GET", apiKeyRequired: !chance(0.1) },
      { path: `/${domain}`, method: "POST", apiKeyRequired: true, mockStatus: 201 },
      { path: `/${domain}/${param}`, method: "GET", apiKeyRequired: true },
      { path: `/${domain}/${param}`, method: "PUT", apiKeyRequired: true },
      { path: `/${domain}/${param}`, method: "DELETE", apiKeyRequired: true },
      { path: `/${domain}/${param}/history`, method: "GET", apiKeyRequired: true },
      { path: `/${domain}`, method: "OPTIONS" },
      { path: "/health", method: "GET" },
    ];
    const routes = [candidates[0]!, ...candidates.slice(1).filter(() => chance(0.55))];
    while (routes.length < 3) routes.push(candidates.find((c) => !routes.includes(c))!);
    const stageNames = chance(0.1) ? ["prod", "sandbox"] : ["prod", "staging", "dev"].slice(0, int(2, 3));
    const deployments: ApiIn["deployments"] = [];
    const stages: ApiIn["stages"] = [];
    for (const [j, stage] of stageNames.entries()) {
      const drift = stage === "prod" && routes.length > 3 ? random() : 1;
      const deployed: RouteIn[] | undefined =
        drift < 0.05
          ? routes.slice(0, -1) // the newest route never reached prod
          : drift < 0.1
            ? routes.map((r, k) => (k === 0 && r.apiKeyRequired ? { ...r, apiKeyRequired: false } : r)) // key requirement not redeployed
            : undefined;
      const id = shortId();
      deployments.push({
        id,
        description: `${domain} ${int(1, 9)}.${int(0, 30)}.${int(0, 9)}`,
        createdMinutesAgo: (stageNames.length - j) * int(60, 60 * 24 * 20),
        ...(deployed ? { routes: deployed } : {}),
      });
      const roll = random();
      stages.push({ name: stage, deploymentId: id, loggingLevel: roll < 0.8 ? "INFO" : roll < 0.9 ? "ERROR" : "OFF" });
    }
    restApis.push({
      id: longId(),
      name: uniqueName(`${team}-${domain}-api`),
      ...(chance(0.15) ? { endpointType: "EDGE" as const } : {}),
      tags: { team, "cost-center": `cc-${int(100, 999)}` },
      routes,
      deployments,
      stages,
    });
  }
  const allStages = restApis.flatMap((api) => api.stages.map((s) => ({ apiId: api.id, stage: s.name })));

  // Usage plans: 1–4 stages each, drawn at random, so some stages end up in no plan at all.
  const usagePlans: PlanIn[] = [];
  for (let i = 0; i < options.plans; i++) {
    const apiStages: PlanIn["apiStages"] = [];
    const stageCount = Math.min(allStages.length, int(1, 4));
    while (apiStages.length < stageCount) {
      const s = pick(allStages);
      if (!apiStages.includes(s)) apiStages.push(s);
    }
    const tier = pick(TIERS);
    usagePlans.push({
      id: shortId(),
      name: uniqueName(tier),
      apiStages,
      keys: [],
      ...(chance(0.7) ? { throttle: { burstLimit: pick([10, 20, 50, 100, 500, 1000]), rateLimit: pick([5, 10, 25, 50, 250, 500]) } } : {}),
      ...(chance(0.5) ? { quota: { limit: pick([1000, 10_000, 100_000, 1_000_000]), offset: 0, period: pick(["DAY", "WEEK", "MONTH"] as const) } } : {}),
    });
  }
  const stageKey = (s: { apiId: string; stage: string }) => `${s.apiId}/${s.stage}`;
  const planStages = usagePlans.map((p) => p.apiStages.map(stageKey));

  // API keys: ~5% disabled, ~8% in no plan, most in one plan, a few in up to 10; never two plans on one stage.
  const apiKeys: KeyIn[] = [];
  let memberships = 0;
  let keysInNoPlan = 0;
  let maxPlansPerKey = 0;
  for (let i = 0; i < options.keys; i++) {
    const customer = pick(CUSTOMERS);
    const key: KeyIn = {
      id: longId(),
      name: uniqueName(`${customer}-${pick(["prod", "test", "mobile", "backend", "partner"])}`),
      value: keyValue(),
      ...(chance(0.05) ? { enabled: false } : {}),
      ...(chance(0.6) ? { customerId: customer } : {}),
    };
    apiKeys.push(key);
    const roll = random();
    const wanted = usagePlans.length === 0 || roll < 0.08 ? 0 : roll < 0.63 ? 1 : roll < 0.83 ? 2 : roll < 0.93 ? 3 : int(4, MAX_PLANS_PER_KEY);
    const covered = new Set<string>();
    const chosen = new Set<number>();
    for (let attempt = 0; chosen.size < wanted && attempt < wanted * 4 + 10; attempt++) {
      const p = Math.floor(random() * usagePlans.length);
      if (chosen.has(p) || planStages[p]!.some((s) => covered.has(s))) continue;
      chosen.add(p);
      for (const s of planStages[p]!) covered.add(s);
      usagePlans[p]!.keys.push(key.id);
    }
    memberships += chosen.size;
    maxPlansPerKey = Math.max(maxPlansPerKey, chosen.size);
    if (chosen.size === 0) keysInNoPlan++;
  }

  // A little traffic, if asked: keys calling a stage of one of their plans (a disabled key gets its 403); and, for
  // every other entry, the same call refused as clients get it wrong: the key left out, or a key that does not exist.
  const traffic: TrafficIn[] = [];
  const planned = usagePlans.filter((p) => p.keys.length > 0);
  for (let i = 0; i < options.traffic && planned.length > 0; i++) {
    const plan = pick(planned);
    const target = pick(plan.apiStages);
    const api = restApis.find((a) => a.id === target.apiId)!;
    const route = pick(api.routes.filter((r) => r.method === "GET"));
    const keyId = pick(plan.keys);
    const key = apiKeys.find((k) => k.id === keyId)!;
    traffic.push({
      method: "GET",
      apiId: api.id,
      path: `/${target.stage}${route.path.replace(/\{[^}]+\}/g, () => `id-${int(1000, 9999)}`)}`,
      headers: { "x-api-key": key.value },
      sourceIp: `198.51.100.${int(1, 254)}`,
      count: int(1, 20),
    });
    const keyed = api.routes.filter((r) => r.method === "GET" && r.apiKeyRequired);
    if (i % 2 === 0 && keyed.length > 0) {
      const refused = pick(keyed);
      const headers: Record<string, string> = i % 4 === 0 ? {} : { "x-api-key": `${key.value.slice(0, -6)}XXXXXX` };
      traffic.push({ method: "GET", apiId: api.id, path: `/${target.stage}${refused.path.replace(/\{[^}]+\}/g, "id-1")}`, headers, sourceIp: `203.0.113.${int(1, 254)}`, count: int(1, 6) });
    }
  }

  const coveredStages = new Set(usagePlans.flatMap((p) => p.apiStages.map(stageKey)));
  const summary: GenerateSummary = {
    apis: restApis.length,
    stages: allStages.length,
    routes: restApis.reduce((n, a) => n + a.routes.length, 0),
    plans: usagePlans.length,
    keys: apiKeys.length,
    disabledKeys: apiKeys.filter((k) => k.enabled === false).length,
    keysInNoPlan,
    memberships,
    maxPlansPerKey,
    stagesInNoPlan: allStages.filter((s) => !coveredStages.has(stageKey(s))).length,
  };
  const scenario: GeneratedScenario = {
    name: options.name,
    description: `Generated account (seed ${options.seed}): ${summary.apis} REST APIs, ${summary.stages} stages, ${summary.plans} usage plans, ${summary.keys} API keys.`,
    region: options.region,
    // Execution logging works in the generated region (API Gateway writes nothing without this role).
    account: { cloudwatchRoleArn: "arn:aws:iam::123456789012:role/APIGatewayPushToCloudWatchLogs" },
    restApis,
    apiKeys,
    usagePlans,
    traffic,
  };
  return { scenario, summary };
}

/** A whole-number command-line option (`--apis 20`), or the fallback when absent. */
export function count(flag: string, raw: string | undefined, fallback: number, min: number): number {
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

/** Parses the command line, generates, validates against scenarioSchema and writes the file; returns the summary line. */
export function runCli(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      apis: { type: "string" },
      plans: { type: "string" },
      keys: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      name: { type: "string" },
      region: { type: "string" },
      traffic: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.out) throw new Error("--out <file> is required");
  const options: GenerateOptions = {
    apis: count("apis", values.apis, 300, 1),
    plans: count("plans", values.plans, 300, 0),
    keys: count("keys", values.keys, 10_000, 0),
    seed: count("seed", values.seed, 1, 0),
    name: values.name ?? "generated-account",
    region: values.region ?? "us-east-1",
    traffic: count("traffic", values.traffic, 0, 0),
  };
  for (const limit of ["apis", "plans", "keys"] as const) {
    if (options[limit] > DEFAULT_QUOTAS[limit]) {
      console.warn(`generate-scenario: --${limit} ${options[limit]} is above AWS's default quota of ${DEFAULT_QUOTAS[limit]} per region`);
    }
  }
  const started = Date.now();
  const { scenario, summary } = generateScenario(options);
  parseScenario(scenario, values.out); // throws ScenarioError naming the field if the generator ever drifts from the format
  fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  fs.writeFileSync(values.out, JSON.stringify(scenario) + "\n");
  const bytes = fs.statSync(values.out).size;
  return (
    `wrote ${values.out}: ${summary.apis} APIs, ${summary.stages} stages (${summary.stagesInNoPlan} in no plan), ${summary.routes} routes, ` +
    `${summary.plans} plans, ${summary.keys} keys (${summary.disabledKeys} disabled, ${summary.keysInNoPlan} in no plan, ` +
    `${summary.memberships} plan memberships, ≤ ${summary.maxPlansPerKey} plans per key), ${scenario.traffic.length} traffic entries, ` +
    `seed ${options.seed}, ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - started} ms`
  );
}

if (process.argv[1] && /generate-scenario\.ts$/.test(process.argv[1])) {
  try {
    console.log(runCli(process.argv.slice(2)));
  } catch (err) {
    console.error(`generate-scenario: ${(err as Error).message}`);
    process.exit(2);
  }
}
