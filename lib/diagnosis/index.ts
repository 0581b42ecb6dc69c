// PURE: (call, inventory, log lines) → Diagnosis. No I/O, no SDK.
import type { FocusedInventory, Read, ReadGap } from "@/lib/inventory/types";
import type { LogEvent } from "@/lib/logs/types";
import { buildChain, linkStateOf, unknownState, worse, type LinkState } from "./chain";
import { buildContext, type CallLogs, type DiagnosisContext } from "./context";
import { consoleUrl } from "./fixes";
import { RULES, type ChainLink, type Rule } from "./rules";
import { type CallFacts, type Diagnosis, type Finding, type FindingCode, type Hop, type LogStatus, type UnknownHop } from "./types";

export type { CallLogs } from "./context";

/** Hops whose rejection happens before the stage's execution log exists. */
const NO_LOG_HOPS: Hop[] = ["endpoint", "stage", "waf", "route"];
/**
 * Causes the configuration shows in full (plans, keys, deployments, quota usage): when the lines name one that
 * the configuration passes now, the configuration changed after that call. Other causes (what the client sent,
 * an authorizer's answer, WAF, a caller-dependent policy, a rate throttle) only the lines show.
 */
const CONFIGURATION_DECIDES = new Set<FindingCode>([
  "KEY_IN_NO_PLAN",
  "KEY_PLAN_MISSING_STAGE",
  "STAGE_IN_NO_PLAN",
  "KEY_DISABLED",
  "KEY_UNKNOWN",
  "ROUTE_NOT_DEPLOYED",
  "ROUTE_NOT_FOUND",
  "STAGE_NOT_FOUND",
]);
/** Hops that decide a 403: when one is unknown, so is the verdict. */
const DECISIVE_HOPS: Hop[] = ["endpoint", "stage", "waf", "route", "auth", "request", "api-key", "usage-plan"];

export function diagnose(call: CallFacts, inventory: FocusedInventory, logs: CallLogs): Diagnosis {
  const ctx = buildContext(call, inventory, logs);
  const findings: { finding: Finding; rule: Rule }[] = [];
  const unknownHops: UnknownHop[] = [];
  const links = new Map<ChainLink, LinkState>();
  const mark = (link: ChainLink, state: LinkState) => links.set(link, worse(links.get(link) ?? { status: "ok", code: null, reason: null }, state));

  for (const rule of RULES) {
    const outcome = rule.check(ctx);
    if (outcome.result === "unknown") {
      const unknown: UnknownHop = { hop: rule.hop, reason: outcome.reason, ...(outcome.caveat ? { caveat: true } : {}) };
      if (!unknownHops.some((u) => u.hop === unknown.hop && u.reason === unknown.reason)) unknownHops.push(unknown);
      mark(rule.link, unknownState(unknown));
    } else if (outcome.result === "fail") {
      const finding: Finding = { code: rule.code, hop: rule.hop, severity: outcome.severity, title: outcome.title, detail: outcome.detail, evidence: outcome.evidence, fix: outcome.fix, logLines: [] };
      findings.push({ finding, rule });
      mark(rule.link, linkStateOf(finding));
      if (outcome.unknown) unknownHops.push({ hop: rule.hop, reason: outcome.unknown });
    }
  }

  const permission = permissionFinding(ctx);
  if (permission) findings.push({ finding: permission, rule: { code: permission.code, hop: "logging", link: "stage-logs", check: () => ({ result: "n/a" }) } });

  const logEvents = attachLogLines(ctx, findings);
  // The table is AWS's order of evaluation (docs/order-of-evaluation.md): the first blocker is the first break.
  const order = (f: { rule: Rule }) => {
    const i = RULES.indexOf(f.rule);
    return i === -1 ? RULES.length : i;
  };
  findings.sort((a, b) => order(a) - order(b));
  const { verdict, first } = reconcile(ctx, findings, unknownHops);
  if (first) mark(first.rule.link, linkStateOf(first.finding));
  return {
    verdict,
    firstBreak: first?.finding ?? null,
    findings: findings.map((f) => f.finding),
    unknownHops,
    chain: buildChain(ctx, links),
    logs: logEvents,
    logStatus: logStatusOf(
      ctx,
      first?.finding ?? null,
      findings.map((f) => f.finding),
    ),
    request: call,
    correctedRequest: null,
    inventoryAt: inventory.at,
  };
}

/**
 * The verdict is what the call gets, from the configuration and the call's own log lines together. The
 * configuration's first blocker decides; when it finds none but the target request's lines show a refusal,
 * the lines decide (a passing configuration never shows green beside refused lines); when an unreadable hop
 * leaves the configuration undecided but the lines show the call completing, the call was allowed.
 */
function reconcile(ctx: DiagnosisContext, findings: { finding: Finding; rule: Rule }[], unknownHops: UnknownHop[]): { verdict: Diagnosis["verdict"]; first: { finding: Finding; rule: Rule } | null } {
  let first = findings.find((f) => f.finding.severity === "blocker") ?? null;
  const target = ctx.target;
  const refused = target && (target.outcome === "forbidden" || target.outcome === "throttled");
  // Part of the configuration could not be read: it cannot be said to pass (the caveats pushed below do not count).
  const decisiveUnknown = unknownHops.some((u) => !u.caveat && DECISIVE_HOPS.includes(u.hop));
  // The lines name a cause the configuration shows in full, and the configuration passes it now: it changed since.
  if (!first && refused && !decisiveUnknown && target.code && CONFIGURATION_DECIDES.has(target.code) && target.confirmed !== false && !findings.some((f) => f.finding.code === target.code)) {
    unknownHops.push({
      hop: "request",
      reason: `request ${target.requestId} was refused (${target.code}), but the configuration passes that check now: it changed since. Send the call again to confirm`,
      caveat: true,
    });
  } else if (!first && refused) {
    const named = target.code ? findings.find((f) => f.finding.code === target.code) : undefined;
    if (named) {
      named.finding.severity = "blocker";
      named.finding.evidence.push(`Execution log: request ${target.requestId} was refused${target.status ? ` with ${target.status}` : ""}.`);
      first = named;
    } else {
      const refusal = `request ${target.requestId} was refused${target.status ? ` with ${target.status}` : ""}${target.code ? ` (its lines point to ${target.code})` : ""}`;
      unknownHops.push({
        hop: "request",
        reason: decisiveUnknown
          ? `${refusal}; what could not be read (the unknown hops) would confirm the cause — refresh once gatecheck may read it`
          : `the configuration passes, but ${refusal}: the configuration may have changed since, or the client sends something else — paste the request`,
      });
      return { verdict: target.outcome === "throttled" ? "throttled" : "forbidden", first: null };
    }
  }
  // A 429 is the last gate: an earlier hop that could not be judged may refuse the call with 403 first.
  if (first?.rule.verdictWhenFirst === "throttled" && decisiveUnknown && !(target && target.outcome === "throttled")) return { verdict: "unknown", first };
  if (first) return { verdict: first.rule.verdictWhenFirst ?? "forbidden", first };
  if (!ctx.api || ctx.inventory.restApi.state === "gap") return { verdict: "unknown", first: null };
  // The resource policy decides per caller: a request of the same key served, but not asked for by id, may be another caller's.
  const policyUnjudged = ctx.policy.verdict === "unreadable" && !ctx.call.requestId;
  // The call's own lines show every gate letting it through: what could not be read did not stop it.
  if (decisiveUnknown && (target?.outcome !== "allowed" || policyUnjudged)) return { verdict: "unknown", first: null };
  return { verdict: "allowed", first: null };
}

/** Each log line names the first finding it supports; each finding lists its lines. */
function attachLogLines(ctx: DiagnosisContext, findings: { finding: Finding; rule: Rule }[]): LogEvent[] {
  return ctx.logs.events.map((event, index) => {
    const owner = findings.find(({ rule }) => rule.supportedBy?.(event, ctx));
    if (!owner) return { ...event };
    owner.finding.logLines.push(index);
    return { ...event, supports: owner.finding.code };
  });
}

const READ_NAMES: Record<keyof Omit<FocusedInventory, "region" | "at">, string> = {
  restApi: "the REST API",
  httpApi: "HTTP APIs",
  stages: "stages",
  resources: "resources and methods",
  deployment: "the deployed snapshot",
  apiKey: "the API key",
  keyPlans: "the key's usage plans",
  stagePlans: "usage plans",
  account: "account settings",
  authorizers: "authorizers",
  gatewayResponses: "gateway responses",
  basePathMappings: "base path mappings",
  quotaUsage: "the key's quota usage",
};

/** gatecheck's own credentials were refused some reads: name each action and what it hides. */
function permissionFinding(ctx: DiagnosisContext): Finding | null {
  const denied: { gap: Omit<ReadGap, "message">; what: string }[] = [];
  for (const [name, what] of Object.entries(READ_NAMES)) {
    const read = ctx.inventory[name as keyof typeof READ_NAMES] as Read<unknown>;
    if (read.state === "gap" && read.gap.kind === "access-denied" && !denied.some((d) => d.gap.action === read.gap.action)) denied.push({ gap: read.gap, what });
  }
  const presented = ctx.call.presentedKey;
  if (presented?.resolution === "unreadable" && presented.gap.kind === "access-denied" && !denied.some((d) => d.gap.action === presented.gap.action))
    denied.push({ gap: presented.gap, what: "API keys" });
  if (ctx.logs.gap?.kind === "access-denied") denied.push({ gap: ctx.logs.gap, what: "execution logs" });
  if (denied.length === 0) return null;
  return {
    code: "DASHBOARD_PERMISSION_MISSING",
    hop: "logging",
    severity: "warning",
    title: `gatecheck may not read ${denied.map((d) => d.what).join(", ")}`,
    detail: "gatecheck's own AWS credentials were refused these reads, so the hops that need them show as unknown. Everything else was still checked.",
    evidence: denied.map((d) => `${d.gap.operation} denied: needs ${d.gap.action}.`),
    fix: { summary: "Attach gatecheck's read-only IAM policy (iam/gatecheck-readonly.json) to the credentials it runs with.", cli: [], consoleUrl: consoleUrl.iam(ctx.call.region) },
    logLines: [],
  };
}

function logStatusOf(ctx: DiagnosisContext, first: Finding | null, findings: Finding[]): Diagnosis["logStatus"] {
  const status = (s: LogStatus, message: string) => ({ status: s, message });
  if (first && NO_LOG_HOPS.includes(first.hop)) {
    return status("no-log-expected", `No execution log is expected here: API Gateway rejects this call at the ${first.hop} before the stage logs anything.`);
  }
  if (!ctx.stage) return status("no-log-expected", "No execution log is expected: the stage does not exist.");
  if (findings.some((f) => f.code === "CLOUDWATCH_ROLE_MISSING")) return status("logging-off", "API Gateway cannot write execution logs in this region: the account has no CloudWatch role.");
  if (findings.some((f) => f.code === "EXECUTION_LOGGING_OFF")) return status("logging-off", `Execution logging is off on ${ctx.stage.name}: nothing was written.`);
  switch (ctx.logs.status) {
    case "unreadable":
      return status("unreadable", `The execution log could not be read${ctx.logs.gap ? `: ${ctx.logs.gap.code} on ${ctx.logs.gap.action}` : ""}.`);
    case "group-missing":
      return status("group-missing", "The stage's log group does not exist yet: API Gateway has logged nothing for it.");
    case "none-in-window":
      return status("none-in-window", "No matching lines in the time window. Widen the window, or send the call again.");
    case "not-read":
      return status("not-read", "Execution logs were not read for this diagnosis.");
    default:
      return status("found", `${new Set(ctx.logs.events.map((e) => e.requestId)).size} matching request(s) in the window.`);
  }
}
