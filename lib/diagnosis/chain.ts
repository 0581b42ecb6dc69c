// The chain the user sees: request → API → stage → deployment → method → key → usage plan(s) → back to
// the stage, and the stage's logs. Each edge takes the worst outcome of the rules on its link.
import { coversStage, valueOf, type DiagnosisContext } from "./context";
import type { ChainLink } from "./rules";
import type { ChainEdge, ChainNode, Finding, FindingCode, LinkStatus, UnknownHop } from "./types";

const RANK: Record<LinkStatus, number> = { ok: 0, unknown: 1, warning: 2, broken: 3 };
const MAX_PLAN_NODES = 3;

export interface LinkState {
  status: LinkStatus;
  code: FindingCode | null;
  reason: string | null;
}

export function worse(a: LinkState, b: LinkState): LinkState {
  return RANK[b.status] > RANK[a.status] ? b : a;
}

export function linkStateOf(finding: Finding): LinkState {
  const status: LinkStatus = finding.severity === "blocker" ? "broken" : finding.severity === "warning" ? "warning" : "ok";
  return { status, code: status === "ok" ? null : finding.code, reason: status === "ok" ? null : finding.title };
}

export function unknownState(unknown: UnknownHop): LinkState {
  return { status: "unknown", code: null, reason: unknown.reason };
}

export function buildChain(ctx: DiagnosisContext, links: Map<ChainLink, LinkState>): { nodes: ChainNode[]; edges: ChainEdge[] } {
  const state = (link: ChainLink): LinkState => links.get(link) ?? { status: "ok", code: null, reason: null };
  const { call } = ctx;
  const nodes: ChainNode[] = [];
  const edges: ChainEdge[] = [];
  const node = (id: string, kind: ChainNode["kind"], label: string, detail: string | null, status: LinkStatus = "ok") => nodes.push({ id, kind, label, detail, status });
  const edge = (id: string, source: string, target: string, s: LinkState) => edges.push({ id, source, target, status: s.status, code: s.code, reason: s.reason });

  const http = valueOf(ctx.inventory.httpApi);
  node("request", "request", `${call.method} ${call.path}`, call.request?.host ?? (call.requestId ? `request ${call.requestId}` : "as chosen in gatecheck"));
  node(
    "api",
    "api",
    ctx.api?.name ?? http?.name ?? `API ${call.apiId ?? "?"}`,
    ctx.api ? `${ctx.api.id} · ${ctx.api.endpointTypes.join("/")} · key source ${ctx.api.apiKeySource}` : http ? `${http.id} · HTTP API` : "not found",
    ctx.api ? "ok" : "broken",
  );
  edge("request-api", "request", "api", state("request-api"));

  const stageName = ctx.stage?.name ?? call.stage ?? "(no stage)";
  node("stage", "stage", stageName, ctx.stage ? (ctx.stage.webAclArn ? "WAF attached" : null) : "not found", ctx.stage ? "ok" : "broken");
  edge("api-stage", "api", "stage", state("api-stage"));

  const deployment = valueOf(ctx.inventory.deployment);
  const deploymentDetail = !ctx.stage
    ? "no stage, so no deployment"
    : deployment
      ? `${deployment.createdDate ? `deployed ${deployment.createdDate.slice(0, 16).replace("T", " ")} UTC` : ""}${deployment.routes ? "" : " · snapshot unreadable"}`.trim() || null
      : "unreadable";
  node("deployment", "deployment", ctx.stage ? `deployment ${ctx.stage.deploymentId ?? "?"}` : "deployment", deploymentDetail);
  edge("stage-deployment", "stage", "deployment", state("stage-deployment"));

  const m = ctx.method;
  node(
    "method",
    "method",
    m ? `${m.verb} ${m.template}` : `${call.method} ${call.path}`,
    m
      ? `${m.apiKeyRequired ? "API key required" : "no API key required"}${m.authorizationType !== "NONE" ? ` · ${m.authorizationType}` : ""}${ctx.methodFromDraft ? " · from draft" : ""}`
      : "not served",
  );
  edge("deployment-method", "deployment", "method", state("deployment-method"));

  const presented = call.presentedKey;
  const keyLabel =
    ctx.key?.name ??
    (presented ? (presented.resolution === "unknown" ? "unknown key" : presented.resolution === "unreadable" ? "key (not matched: keys unreadable)" : (presented.keyId ?? "key")) : "no key");
  node("key", "key", keyLabel, ctx.key ? `${ctx.key.id} · ${ctx.key.maskedValue ?? ""}${ctx.key.enabled ? "" : " · disabled"}`.trim() : (presented?.maskedValue ?? null));
  edge("method-key", "method", "key", state("method-key"));

  const stageId = ctx.stage?.name;
  const plans = ctx.keyPlans ?? [];
  if (plans.length === 0) {
    node("plan-none", "usage-plan", ctx.keyPlans ? "no usage plan" : "usage plans", ctx.keyPlans ? "the key is in no plan" : null);
    edge("key-plan", "key", "plan-none", state("key-plan"));
    edge("plan-stage", "plan-none", "stage", state("plan-stage"));
  }
  // The plans covering the stage first: they are the ones that matter.
  const ordered = [...plans].sort((a, b) => Number(stageId ? coversStage(b, ctx.api?.id ?? "", stageId) : 0) - Number(stageId ? coversStage(a, ctx.api?.id ?? "", stageId) : 0));
  for (const plan of ordered.slice(0, MAX_PLAN_NODES)) {
    const id = `plan-${plan.id}`;
    const covers = stageId ? coversStage(plan, ctx.api?.id ?? "", stageId) : false;
    node(id, "usage-plan", plan.name, `${plan.id} · ${plan.apiStages.map((s) => `${s.apiId}/${s.stage}`).join(", ") || "no stages"}`);
    edge(`key-plan-${plan.id}`, "key", id, state("key-plan"));
    edge(`plan-stage-${plan.id}`, id, "stage", covers ? { status: "ok", code: null, reason: null } : state("plan-stage"));
  }
  if (ordered.length > MAX_PLAN_NODES) {
    node("more-plans", "more-plans", `+${ordered.length - MAX_PLAN_NODES} plans`, "none of them decides this call");
    edge("key-more-plans", "key", "more-plans", { status: "ok", code: null, reason: null });
  }

  const level = ctx.stage ? (ctx.stage.methodSettings["*/*"]?.loggingLevel ?? "OFF") : null;
  node("logs", "logs", "execution logs", level ? `level ${level}` : null);
  edge("stage-logs", "stage", "logs", state("stage-logs"));
  return { nodes, edges };
}
