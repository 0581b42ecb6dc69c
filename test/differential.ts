// The differential test: random accounts mixing several causes at once (scripts/mixed-scenario.ts), their
// requests replayed through the simulator's data plane, and for every request the simulator's own decision (its
// journal: status and cause) against gatecheck's diagnosis of that request id (verdict and first break), made
// through the real SDK as a user's would be. Each configuration runs twice: with execution logging on, and off,
// so that the configuration alone must carry the answer too; every logged 401/403 must also land in the triage
// group its cause maps to. The map from the simulator's causes to finding
// codes is written here, from AWS's documented behaviour and the generator's intent, never from lib/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Diagnosis } from "@/lib/diagnosis/types";
import type { ApiKey } from "@/lib/aws/types";
import { policyCanDeny } from "@/lib/diagnosis/policy";
import { clearCache } from "@/lib/inventory/cache";
import { maskKeyValue } from "@/lib/logs/mask";
import { classify, type TriageConfig } from "@/lib/triage/classify";
import { diagnoseCall } from "@/lib/workflows/diagnose";
import { mixedScenario, type MixedConfig, type MixedRequest } from "@/scripts/mixed-scenario";
import { parseScenario } from "@/sim/scenario";
import type { Simulator } from "@/sim/server";
import type { JournalEntry } from "@/sim/state";

export interface Expected {
  verdict: Diagnosis["verdict"];
  code: string | null;
}

/**
 * AWS's order of evaluation as this test states it (docs/order-of-evaluation.md): the position of each cause,
 * and of the hops gatecheck cannot judge from configuration alone (WAF's rules, an authorizer's answer, the key
 * an authorizer returns). An unknown hop hides every cause at or after its position.
 */
const POSITION: Record<string, number> = {
  PRIVATE_API_NEEDS_VPC_ENDPOINT: 0,
  EXECUTE_API_ENDPOINT_DISABLED: 0,
  STAGE_NOT_FOUND: 1,
  WAF_ACL_ATTACHED: 2,
  ROUTE_NOT_DEPLOYED: 3,
  ROUTE_NOT_FOUND: 3,
  RESOURCE_POLICY_DENIES: 4,
  AUTHORIZER_ON_METHOD: 4,
  KEY_SOURCE_AUTHORIZER: 5,
  KEY_NOT_IN_HEADER: 5,
  KEY_MISSING: 5,
  PREFLIGHT_REQUIRES_KEY: 5,
  KEY_UNKNOWN: 5,
  KEY_DISABLED: 5,
  STAGE_IN_NO_PLAN: 6,
  KEY_IN_NO_PLAN: 6,
  KEY_PLAN_MISSING_STAGE: 6,
  QUOTA_OR_THROTTLE: 7,
};
const ALLOWED_POSITION = 8;
const INVISIBLE_HOP_POSITION: Record<string, number> = { waf: 2, auth: 4, request: 5 };

/** What a correct diagnosis says of one replayed request, from the simulator's cause and the generator's intent. */
export function expectedOf(entry: JournalEntry, request: MixedRequest, config: MixedConfig): Expected {
  const forbidden = (code: string): Expected => ({ verdict: "forbidden", code });
  const api = (config.scenario.restApis as { apiKeySource: string; routes: { path: string; method: string; authorizationType: string }[] }[])[0]!;
  const resourcePath = request.path.replace(/^\/(prod|Prod)(?=\/)/, "").split("?")[0]!;
  switch (entry.cause) {
    case "ok":
      return { verdict: "allowed", code: null };
    case "stage-not-found":
      return forbidden("STAGE_NOT_FOUND");
    case "private-api-outside-vpce":
    case "vpce-not-associated":
    case "vpce-without-api-id":
      return forbidden("PRIVATE_API_NEEDS_VPC_ENDPOINT");
    case "execute-api-endpoint-disabled":
      return forbidden("EXECUTE_API_ENDPOINT_DISABLED");
    case "wafFiltered":
      return forbidden("WAF_ACL_ATTACHED");
    case "missingAuthenticationToken":
      // A route the draft has and the deployment lacks, else a route that exists nowhere.
      return forbidden(config.undeployed.some((r) => r.method === request.method && r.path === resourcePath) ? "ROUTE_NOT_DEPLOYED" : "ROUTE_NOT_FOUND");
    case "resourcePolicyExplicitDeny":
    case "resourcePolicyImplicitDeny":
      return forbidden("RESOURCE_POLICY_DENIES");
    case "iam-unsigned":
      return forbidden("AUTHORIZER_ON_METHOD");
    case "authorizerExplicitDeny":
    case "authorizerUnauthorized":
      return forbidden("AUTHORIZER_ON_METHOD");
    case "key-missing":
      // With key source AUTHORIZER the key is what the Lambda returns, which only the usage-plan line shows.
      if (api.apiKeySource === "AUTHORIZER") return forbidden("KEY_SOURCE_AUTHORIZER");
      if (request.method === "OPTIONS") return forbidden("PREFLIGHT_REQUIRES_KEY");
      return forbidden(request.key.placement === "body" || request.key.placement === "query" ? "KEY_NOT_IN_HEADER" : "KEY_MISSING");
    case "key-unknown":
      return forbidden("KEY_UNKNOWN");
    case "key-disabled":
      return forbidden("KEY_DISABLED");
    case "no-plan-for-key-and-stage":
      return forbidden(request.key.which === "no-plan" ? "KEY_IN_NO_PLAN" : "KEY_PLAN_MISSING_STAGE");
    case "stage-in-no-plan":
      return forbidden("STAGE_IN_NO_PLAN");
    case "throttled":
    case "quotaExceeded":
      return { verdict: "throttled", code: "QUOTA_OR_THROTTLE" };
    default:
      throw new Error(`the test has no expectation for the simulator's cause "${entry.cause}"`);
  }
}

/**
 * The group triage must put a refused request in, from the same expectation: triage reads only the lines, so
 * where lines read alike it says so — a key sent elsewhere reads as none in the header, and an unsigned IAM
 * call reads like a policy denial on an API that has both.
 */
export function expectedTriageCode(expected: Expected, entry: JournalEntry, config: MixedConfig): string {
  const api = (config.scenario.restApis as { policy?: object; endpointType: string; routes: { authorizationType: string }[] }[])[0]!;
  const policyCanDenyAny = policyCanDeny({ policy: api.policy ? JSON.stringify(api.policy) : null, endpointTypes: [api.endpointType] });
  const iamMethods = api.routes.some((r) => r.authorizationType === "AWS_IAM");
  if (expected.code === "KEY_NOT_IN_HEADER") return "KEY_MISSING";
  if (expected.code === "RESOURCE_POLICY_DENIES" && iamMethods) return "UNCLASSIFIED_403";
  if (entry.cause === "iam-unsigned" && policyCanDenyAny) return "UNCLASSIFIED_403";
  // A preflight answered by ANY: the refusal line names the method as defined (ANY), not the verb sent.
  const options = (config.scenario.restApis as { routes: { path: string; method: string }[] }[])[0]!.routes.some((r) => r.path === "/cart" && r.method === "OPTIONS");
  if (expected.code === "PREFLIGHT_REQUIRES_KEY" && !options) return "KEY_MISSING";
  return expected.code ?? "UNCLASSIFIED_403";
}

/** What triage knows of the configuration, read here from the scenario (triage reads it from AWS). */
function triageConfigOf(config: MixedConfig): TriageConfig {
  const api = (config.scenario.restApis as { id: string; apiKeySource: "HEADER" | "AUTHORIZER"; policy?: object; endpointType: string; routes: { authorizationType: string }[] }[])[0]!;
  const keys = (config.scenario.apiKeys as { id: string; name: string; value: string; enabled?: boolean }[]).map(
    (k) => ({ id: k.id, name: k.name, enabled: k.enabled ?? true, maskedValue: maskKeyValue(k.value), createdDate: null, lastUpdatedDate: null, customerId: null }) as ApiKey,
  );
  const plans = config.scenario.usagePlans as { id: string; name: string; apiStages: { apiId: string; stage: string }[]; keys: string[] }[];
  return {
    keysByMasked: new Map(keys.map((k) => [k.maskedValue!, k])),
    plansOfKey: new Map(keys.map((k) => [k.id, plans.filter((p) => p.keys.includes(k.id)).map((p) => ({ id: p.id, name: p.name, apiStages: p.apiStages, throttle: null, quota: null }))])),
    apiKeySourceOf: () => api.apiKeySource,
    policyCanDenyOf: () => policyCanDeny({ policy: api.policy ? JSON.stringify(api.policy) : null, endpointTypes: [api.endpointType] }),
    iamMethodsOf: () => api.routes.some((r) => r.authorizationType === "AWS_IAM"),
  };
}

/** The request as a person would paste it (raw HTTP), the caller's address where the simulator reads it. */
export function rawRequest(request: MixedRequest): string {
  const headers = Object.entries({ host: request.host, ...request.headers, "x-forwarded-for": request.sourceIp }).map(([name, value]) => `${name}: ${value}`);
  return `${request.method} ${request.path} HTTP/1.1\n${headers.join("\n")}\n\n${request.body ?? ""}`;
}

export interface Mismatch {
  seed: number;
  logging: boolean;
  requestId: string;
  cause: string;
  expected: Expected;
  got: { verdict: string; firstBreak: string | null; unknownHops: string[]; triage?: string };
  request: string;
  scenarioFile: string;
}

/**
 * Whether the diagnosis agrees with the simulator. Where the request has no log line, a hop gatecheck cannot
 * judge from configuration may stand in for the real cause: the verdict is then "unknown", or the same verdict
 * with a later break that is certain either way — never a different cause before it, never a green light.
 */
export function agrees(d: Diagnosis, expected: Expected, entry: JournalEntry, quotaBoundary: boolean): boolean {
  if (d.verdict === expected.verdict && (d.firstBreak?.code ?? null) === expected.code) return true;
  if (entry.executionLogged) return false;
  const hidden = Math.min(...d.unknownHops.map((u) => INVISIBLE_HOP_POSITION[u.hop] ?? Infinity));
  const causeAt = expected.code ? POSITION[expected.code]! : ALLOWED_POSITION;
  if (hidden <= causeAt && d.unknownHops.every((u) => u.hop in INVISIBLE_HOP_POSITION)) {
    const firstAt = d.firstBreak ? (POSITION[d.firstBreak.code] ?? -1) : ALLOWED_POSITION;
    if (d.verdict === "unknown" && firstAt >= causeAt) return true;
    if (d.verdict === expected.verdict && firstAt > causeAt) return true;
  }
  // The request that used the quota's last unit reads, from configuration alone, like the ones refused after it.
  return quotaBoundary && (d.verdict === "throttled" || d.verdict === "unknown") && d.firstBreak?.code === "QUOTA_OR_THROTTLE";
}

export interface DifferentialResult {
  configs: number;
  requests: number;
  /** How often the simulator decided each cause, with logging on / off: the test's coverage. */
  causes: Record<string, number>;
  /** Logged 401/403s whose triage group was compared too. */
  triaged: number;
  mismatches: Mismatch[];
}

/** Replays `configs` generated configurations (each twice: logging on, off) on `sim` and compares every request. */
export async function runDifferential(sim: Simulator, options: { configs: number; firstSeed?: number; requestsPerConfig?: number }): Promise<DifferentialResult> {
  const mismatches: Mismatch[] = [];
  const causes: Record<string, number> = {};
  let requests = 0;
  let triaged = 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-differential-"));
  for (let seed = options.firstSeed ?? 1; seed < (options.firstSeed ?? 1) + options.configs; seed++) {
    for (const logging of [true, false]) {
      const config = mixedScenario(seed, { logging, requests: options.requestsPerConfig ?? 6 });
      const file = path.join(dir, `mixed-${seed}${logging ? "" : "-logging-off"}.json`);
      fs.writeFileSync(file, JSON.stringify(config.scenario, null, 2));
      sim.load([{ file, scenario: parseScenario(config.scenario, file) }]);
      clearCache();
      const now = Date.now();
      const sent = config.requests.map((request, i) => {
        const [pathOnly = "/", query = ""] = request.path.split("?", 2);
        const at = now - (config.requests.length - i) * 2_000;
        const response = sim.dataPlane({
          method: request.method,
          path: pathOnly,
          query: new URLSearchParams(query),
          headers: { host: request.host, ...request.headers },
          body: request.body ?? "",
          region: "us-east-1",
          sourceIp: request.sourceIp,
          at,
        });
        return { request, at, requestId: response.headers["x-amzn-RequestId"]! };
      });
      const quotaKey = config.keyIds.ok;
      const firstOkOfQuotaKey = sim.state.journal.find((e) => e.cause === "ok" && e.apiKeyId === quotaKey)?.requestId;
      const hasQuota = (config.scenario.usagePlans as { quota?: unknown }[]).some((p) => p.quota);
      for (const { request, at, requestId } of sent) {
        const entry = sim.state.journal.find((e) => e.requestId === requestId)!;
        const expected = expectedOf(entry, request, config);
        const d = await diagnoseCall({ region: "us-east-1", request: rawRequest(request), requestId, from: new Date(at - 30_000).toISOString(), to: new Date(at + 30_000).toISOString() });
        requests++;
        causes[entry.cause] = (causes[entry.cause] ?? 0) + 1;
        // Triage groups the logged 401/403s by the same mapping of lines to codes.
        const refusedAndLogged = entry.executionLogged && (entry.status === 401 || entry.status === 403);
        const triage = refusedAndLogged ? (classify({ requestId, apiId: entry.apiId!, stage: entry.stage!, at, lines: d.logs }, triageConfigOf(config))?.code ?? "not refused") : null;
        const triageAgrees = triage === null || triage === expectedTriageCode(expected, entry, config);
        if (triage !== null) triaged++;
        if (!agrees(d, expected, entry, hasQuota && requestId === firstOkOfQuotaKey) || !triageAgrees) {
          mismatches.push({
            seed,
            logging,
            requestId,
            cause: entry.cause,
            expected,
            got: { verdict: d.verdict, firstBreak: d.firstBreak?.code ?? null, unknownHops: d.unknownHops.map((u) => `${u.hop}: ${u.reason}`), ...(triage ? { triage } : {}) },
            request: `${request.method} ${request.host}${request.path} key=${request.key.which ?? "none"}@${request.key.placement} ip=${request.sourceIp}${request.headers.authorization ? ` auth=${request.headers.authorization.slice(0, 16)}` : ""}${request.headers["x-apigw-api-id"] ? " x-apigw-api-id" : ""}`,
            scenarioFile: file,
          });
        }
      }
    }
  }
  return { configs: options.configs, requests, causes, triaged, mismatches };
}

/** One line per mismatch: the seed to replay, what the simulator decided and what gatecheck said. */
export function describeMismatch(m: Mismatch): string {
  return `seed ${m.seed}${m.logging ? "" : " (logging off)"}: ${m.request} → simulator ${m.cause} (expected ${m.expected.verdict} ${m.expected.code ?? "-"}), gatecheck ${m.got.verdict} ${m.got.firstBreak ?? "-"}${m.got.triage ? `, triage ${m.got.triage}` : ""}${m.got.unknownHops.length ? ` [unknown ${m.got.unknownHops.join("; ")}]` : ""} — ${m.scenarioFile}`;
}
