// A finding's fix as write calls, made from what a diagnosis read: PURE (no AWS, no clock), so each plan is
// tested against inventories built by hand. One entry per finding code whose fix gatecheck can apply.
import { createHash } from "node:crypto";
import type { DeployedRoutes, UsagePlan } from "@/lib/aws/types";
import { coversStage, loggingLevelOf } from "@/lib/diagnosis/context";
import { matchRoute, routeDifferences, routesOfDraft } from "@/lib/diagnosis/routes";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import type { FocusedInventory } from "@/lib/inventory/types";
import { planned } from "./calls";
import type { FixOption, FixPlan, PlannedCall, ResourceState } from "./types";

/** What a plan is made from: the diagnosis, its inventory, and the keys of each plan a fix would widen. */
export interface PlanInput {
  diagnosis: Diagnosis;
  inventory: FocusedInventory;
  /** GetUsagePlanKeys of the plans a fix may add a stage to: the keys that gain it (names and ids only). */
  planKeys: Record<string, { id: string; name: string }[]>;
  option?: string | undefined;
}

/** Why a finding has no plan here: its fix is not a write, or not one gatecheck can make safely. */
export class NoPlan {
  constructor(readonly reason: string) {}
}

type Planner = (input: PlanInput, ctx: PlanContext) => Omit<FixPlan, "code" | "fingerprint"> | NoPlan;

interface PlanContext {
  region: string;
  apiId: string;
  stageName: string | null;
}

const ok = <T>(read: { state: string; value?: T }): T | null => (read.state === "ok" ? (read.value ?? null) : null);
const stageLabel = (apiName: string, apiId: string, stage: string) => `Stage ${stage} of ${apiName} (${apiId})`;
const planLabel = (plan: UsagePlan) => `Usage plan ${plan.name} (${plan.id})`;
const stagesOf = (plan: UsagePlan) => apiStagesOf(plan).sort();

// How a resource's state reads, here and where AWS is read back after a write (lib/workflows/fixes.ts): the two must agree.
/** A list as a state shows it: sorted, "none" when empty. */
export const listState = (items: string[]) => [...items].sort().join(", ") || "none";
export const apiStagesOf = (plan: UsagePlan) => plan.apiStages.map((s) => `${s.apiId}:${s.stage}`);

const limitsOf = (plan: UsagePlan) =>
  [
    plan.throttle ? `throttle ${plan.throttle.rateLimit ?? "∞"} requests/s (burst ${plan.throttle.burstLimit ?? "∞"})` : null,
    plan.quota ? `quota ${plan.quota.limit} per ${plan.quota.period.toLowerCase()}` : null,
  ].filter(Boolean);

function apiName(input: PlanInput, apiId: string): string {
  return ok(input.inventory.restApi)?.name ?? apiId;
}

function keyOf(input: PlanInput) {
  const key = ok(input.inventory.apiKey);
  return key ? { id: key.id, name: key.name, label: `API key ${key.name} (${key.id})`, enabled: key.enabled } : null;
}

/** The plans that list the call's API stage. */
const coveringPlans = (input: PlanInput, ctx: PlanContext) => (ok(input.inventory.stagePlans) ?? []).filter((p) => ctx.stageName !== null && coversStage(p, ctx.apiId, ctx.stageName));

/** The option asked for (the first when none was), its plan, and every option as the preview lists them. */
function choose(options: (FixOption & { plan: UsagePlan })[], wanted: string | undefined): { id: string; plan: UsagePlan; options: FixOption[] } | NoPlan {
  const chosen = wanted === undefined ? options[0] : options.find((o) => o.id === wanted);
  if (!chosen) return new NoPlan(options.length ? `option ${wanted} is not one of ${options.map((o) => o.id).join(", ")}` : "no option");
  return { id: chosen.id, plan: chosen.plan, options: options.map(({ id, label }) => ({ id, label })) };
}

/** Adds `apiId:stage` to a plan: every key in that plan gains the stage. */
function addStageToPlan(input: PlanInput, ctx: PlanContext, plan: UsagePlan, options: FixOption[], option: string): Omit<FixPlan, "code" | "fingerprint"> {
  const stage = ctx.stageName!;
  const value = `${ctx.apiId}:${stage}`;
  const others = (input.planKeys[plan.id] ?? []).filter((k) => k.id !== ok(input.inventory.apiKey)?.id);
  const add = planned({ operation: "UpdateUsagePlan", input: { usagePlanId: plan.id, patchOperations: [{ op: "add", path: "/apiStages", value }] } }, `Add ${value} to ${planLabel(plan)}`, ctx.region);
  const remove = planned(
    { operation: "UpdateUsagePlan", input: { usagePlanId: plan.id, patchOperations: [{ op: "remove", path: "/apiStages", value }] } },
    `Remove ${value} from ${planLabel(plan)}`,
    ctx.region,
  );
  const before: ResourceState = { resource: `/usageplans/${plan.id}`, label: planLabel(plan), state: { apiStages: listState(apiStagesOf(plan)) } };
  return {
    option,
    options,
    summary: `Add stage ${stage} of ${apiName(input, ctx.apiId)} to usage plan ${plan.name}.`,
    calls: [add],
    sideEffects: [
      others.length
        ? `${others.length} other key${others.length === 1 ? "" : "s"} in ${plan.name} gain${others.length === 1 ? "s" : ""} access to ${value}: ${others.map((k) => `${k.name} (${k.id})`).join(", ")}.`
        : `No other key is in ${plan.name} today; any key added to it later gets ${value} too.`,
      ...(limitsOf(plan).length ? [`Calls to ${value} count against ${plan.name}'s ${limitsOf(plan).join(" and ")}.`] : []),
    ],
    undo: { kind: "calls", summary: `Remove ${value} from usage plan ${plan.name} again.`, calls: [remove] },
    before: [before],
    after: [{ ...before, state: { apiStages: listState([...apiStagesOf(plan), value]) } }],
  };
}

/** Puts the key into a plan: the key gains every stage the plan lists, under its limits. */
function addKeyToPlan(input: PlanInput, ctx: PlanContext, plan: UsagePlan, keyPlans: UsagePlan[], options: FixOption[], option: string): Omit<FixPlan, "code" | "fingerprint"> | NoPlan {
  const key = keyOf(input);
  if (!key) return new NoPlan("the key could not be read");
  const create = planned({ operation: "CreateUsagePlanKey", input: { usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" } }, `Add ${key.label} to ${planLabel(plan)}`, ctx.region);
  const remove = planned({ operation: "DeleteUsagePlanKey", input: { usagePlanId: plan.id, keyId: key.id } }, `Remove ${key.label} from ${planLabel(plan)}`, ctx.region);
  const current = keyPlans.map((p) => p.id).sort();
  const before: ResourceState = { resource: `/apikeys/${key.id}`, label: key.label, state: { usagePlans: listState(current) } };
  const extra = stagesOf(plan).filter((s) => s !== `${ctx.apiId}:${ctx.stageName}`);
  return {
    option,
    options,
    summary: `Add key ${key.name} to usage plan ${plan.name}, which covers stage ${ctx.stageName}.`,
    calls: [create],
    sideEffects: [
      extra.length ? `Key ${key.name} also gains every other stage ${plan.name} lists: ${extra.join(", ")}.` : `${plan.name} lists no other stage: the key gains only this one.`,
      limitsOf(plan).length
        ? `Key ${key.name}'s calls now count against ${plan.name}'s ${limitsOf(plan).join(" and ")}.`
        : `${plan.name} has no throttle or quota: the key's calls are not limited by it.`,
    ],
    undo: { kind: "calls", summary: `Remove key ${key.name} from usage plan ${plan.name} again.`, calls: [remove] },
    before: [before],
    after: [{ ...before, state: { usagePlans: listState([...current, plan.id]) } }],
  };
}

/** A new deployment of the draft to the stage: it ships every difference between the draft and what the stage serves. */
function deployDraft(input: PlanInput, ctx: PlanContext, why: string, draftChange?: { routes: DeployedRoutes; call: PlannedCall; undo: PlannedCall; state: ResourceState; after: ResourceState }) {
  const stages = ok(input.inventory.stages) ?? [];
  const stage = stages.find((s) => s.name === ctx.stageName);
  const resources = ok(input.inventory.resources);
  if (!stage?.deploymentId || !resources) return new NoPlan("the stage or the draft could not be read");
  const draft = draftChange?.routes ?? routesOfDraft(resources);
  const deployment = ok(input.inventory.deployment);
  const deployed = deployment?.routes ?? null;
  const differences = deployed ? routeDifferences(draft, deployed) : null;
  const restApi = ok(input.inventory.restApi);
  const settings = deployment?.settings;
  const shipped = [
    ...(differences === null
      ? ["The deployed snapshot could not be read: gatecheck cannot list what else this deployment changes."]
      : differences.length
        ? [`Every route difference between the draft and what ${ctx.stageName} serves ships: ${differences.join("; ")}.`]
        : [`The draft's routes match what ${ctx.stageName} serves: no other route changes.`]),
    ...Object.entries(draft).flatMap(([path, verbs]) =>
      Object.entries(verbs)
        .filter(([verb, method]) => method.apiKeyRequired && deployed?.[path]?.[verb]?.apiKeyRequired === false)
        .map(([verb]) => `From then on ${verb} ${path} requires an API key: callers that send none get 403 Forbidden.`),
    ),
    ...(settings && restApi && settings.policy !== null && (settings.policy ?? "") !== (restApi.policy ?? "") ? ["The draft's resource policy differs from the deployed one: it ships too."] : []),
    ...(settings && restApi && settings.apiKeySource !== null && settings.apiKeySource !== restApi.apiKeySource
      ? [`The API key source changes from ${settings.apiKeySource} to ${restApi.apiKeySource}.`]
      : []),
    "Whatever else the draft holds ships too (integrations, authorizers, validators, gateway responses): gatecheck compares routes, key requirements, authorization, the resource policy and the key source only.",
    `Other stages keep their own deployments.`,
  ];
  const stageResource = `/restapis/${ctx.apiId}/stages/${stage.name}`;
  const label = stageLabel(apiName(input, ctx.apiId), ctx.apiId, stage.name);
  const deploy = planned(
    { operation: "CreateDeployment", input: { restApiId: ctx.apiId, stageName: stage.name, description: `gatecheck: ${why}` } },
    `Deploy the draft of ${apiName(input, ctx.apiId)} to stage ${stage.name}`,
    ctx.region,
  );
  const restore = planned(
    { operation: "UpdateStage", input: { restApiId: ctx.apiId, stageName: stage.name, patchOperations: [{ op: "replace", path: "/deploymentId", value: stage.deploymentId }] } },
    `Point stage ${stage.name} back at deployment ${stage.deploymentId}`,
    ctx.region,
  );
  const before: ResourceState = { resource: stageResource, label, state: { deploymentId: stage.deploymentId } };
  return {
    calls: [...(draftChange ? [draftChange.call] : []), deploy],
    sideEffects: shipped,
    undo: {
      kind: "calls" as const,
      summary: `Point stage ${stage.name} back at deployment ${stage.deploymentId}${draftChange ? ", and restore the method in the draft" : ""}; the new deployment stays in the history.`,
      calls: [restore, ...(draftChange ? [draftChange.undo] : [])],
    },
    before: [before, ...(draftChange ? [draftChange.state] : [])],
    after: [{ ...before, state: { deploymentId: "a new deployment of the draft" } }, ...(draftChange ? [draftChange.after] : [])],
    /** What ships is part of what was previewed: a draft edited since changes the fingerprint. */
    shipped: { draft, policy: restApi?.policy ?? null, apiKeySource: restApi?.apiKeySource ?? null },
  };
}

/** The draft deployed to the stage, as the fix of `code`. */
function deployment(input: PlanInput, ctx: PlanContext, code: FindingCode, why: string): ReturnType<Planner> {
  const deploy = deployDraft(input, ctx, `deploy pending changes (${code})`);
  if (deploy instanceof NoPlan) return deploy;
  return { option: "deploy", options: [{ id: "deploy", label: "Deploy the draft" }], summary: `Deploy the draft to stage ${ctx.stageName}, ${why}.`, ...deploy };
}

const PLANNERS: Partial<Record<FindingCode, Planner>> = {
  KEY_DISABLED(input, ctx) {
    const key = keyOf(input);
    if (!key || key.enabled) return new NoPlan("the key is not disabled");
    const plans = ok(input.inventory.keyPlans) ?? [];
    const before: ResourceState = { resource: `/apikeys/${key.id}`, label: key.label, state: { enabled: "false" } };
    const patch = (value: boolean) =>
      planned(
        { operation: "UpdateApiKey", input: { apiKey: key.id, patchOperations: [{ op: "replace", path: "/enabled", value: String(value) }] } },
        `${value ? "Enable" : "Disable"} ${key.label}`,
        ctx.region,
      );
    return {
      option: "enable",
      options: [{ id: "enable", label: `Enable ${key.name}` }],
      summary: `Enable API key ${key.name}.`,
      calls: [patch(true)],
      sideEffects: [
        plans.length
          ? `The key works again on every stage its usage plans list: ${plans.map((p) => `${p.name} (${stagesOf(p).join(", ") || "no stage"})`).join("; ")}.`
          : "The key is in no usage plan: it stays refused until a plan holds it.",
        "Whoever holds this key can call with it again: make sure it was not disabled on purpose (a leaked or revoked key).",
      ],
      undo: { kind: "calls", summary: `Disable API key ${key.name} again.`, calls: [patch(false)] },
      before: [before],
      after: [{ ...before, state: { enabled: "true" } }],
    };
  },
  KEY_IN_NO_PLAN(input, ctx) {
    const covering = coveringPlans(input, ctx);
    if (covering.length === 0) return new NoPlan("no usage plan covers the stage: create one (the command) first");
    const chosen = choose(
      covering.map((plan) => ({ id: `key-to:${plan.id}`, label: `Add the key to ${plan.name}`, plan })),
      input.option,
    );
    return chosen instanceof NoPlan ? chosen : addKeyToPlan(input, ctx, chosen.plan, [], chosen.options, chosen.id);
  },
  KEY_PLAN_MISSING_STAGE(input, ctx) {
    const keyPlans = ok(input.inventory.keyPlans) ?? [];
    const covering = coveringPlans(input, ctx);
    // Safest first, as the finding says: the key into a plan that covers the stage; widening one of its plans opens the stage to all its keys.
    const chosen = choose(
      [
        ...covering.map((plan) => ({ id: `key-to:${plan.id}`, label: `Add the key to ${plan.name} (covers the stage)`, plan })),
        ...keyPlans.map((plan) => ({ id: `stage-to:${plan.id}`, label: `Add the stage to the key's plan ${plan.name} (opens it to all its keys)`, plan })),
      ],
      input.option,
    );
    if (chosen instanceof NoPlan) return chosen;
    return chosen.id.startsWith("key-to:") ? addKeyToPlan(input, ctx, chosen.plan, keyPlans, chosen.options, chosen.id) : addStageToPlan(input, ctx, chosen.plan, chosen.options, chosen.id);
  },
  STAGE_IN_NO_PLAN(input, ctx) {
    const keyPlans = ok(input.inventory.keyPlans) ?? [];
    if (keyPlans.length === 0) return new NoPlan("no usage plan to add the stage to: create one (the command) first");
    const chosen = choose(
      keyPlans.map((plan) => ({ id: `stage-to:${plan.id}`, label: `Add the stage to ${plan.name}`, plan })),
      input.option,
    );
    return chosen instanceof NoPlan ? chosen : addStageToPlan(input, ctx, chosen.plan, chosen.options, chosen.id);
  },
  DEPLOYMENT_DRIFT: (input, ctx) => deployment(input, ctx, "DEPLOYMENT_DRIFT", "so it serves the method as configured"),
  ROUTE_NOT_DEPLOYED: (input, ctx) => deployment(input, ctx, "ROUTE_NOT_DEPLOYED", "so it serves the route"),
  PREFLIGHT_REQUIRES_KEY(input, ctx) {
    const resources = ok(input.inventory.resources);
    const { method, path } = input.diagnosis.request;
    if (!resources) return new NoPlan("the draft could not be read");
    const template = matchRoute(routesOfDraft(resources), path, method)?.template;
    const resource = resources.find((r) => r.path === template);
    const options = resource?.methods.find((m) => m.httpMethod === "OPTIONS");
    // Through ANY, the fix is a new OPTIONS method (a MOCK integration): more than gatecheck writes for you.
    if (!resource || !options?.apiKeyRequired) return new NoPlan("the resource has no OPTIONS method of its own that requires a key");
    const patch = (required: boolean) =>
      planned(
        {
          operation: "UpdateMethod",
          input: { restApiId: ctx.apiId, resourceId: resource.id, httpMethod: "OPTIONS", patchOperations: [{ op: "replace", path: "/apiKeyRequired", value: String(required) }] },
        },
        `${required ? "Require" : "Stop requiring"} an API key on OPTIONS ${resource.path} (draft)`,
        ctx.region,
      );
    const routes = routesOfDraft(resources);
    routes[resource.path] = { ...routes[resource.path], OPTIONS: { ...routes[resource.path]!.OPTIONS!, apiKeyRequired: false } };
    const state: ResourceState = { resource: `/restapis/${ctx.apiId}/resources/${resource.id}/methods/OPTIONS`, label: `OPTIONS ${resource.path} in the draft`, state: { apiKeyRequired: "true" } };
    const deploy = deployDraft(input, ctx, "stop requiring an API key on the CORS preflight (PREFLIGHT_REQUIRES_KEY)", {
      routes,
      call: patch(false),
      undo: patch(true),
      state,
      after: { ...state, state: { apiKeyRequired: "false" } },
    });
    if (deploy instanceof NoPlan) return deploy;
    return {
      option: "no-key-on-options",
      options: [{ id: "no-key-on-options", label: "No key on OPTIONS" }],
      summary: `Stop requiring an API key on OPTIONS ${resource.path}, then deploy to stage ${ctx.stageName}.`,
      ...deploy,
    };
  },
  EXECUTION_LOGGING_OFF(input, ctx) {
    const stage = (ok(input.inventory.stages) ?? []).find((s) => s.name === ctx.stageName);
    if (!stage) return new NoPlan("the stage could not be read");
    const level = loggingLevelOf(stage, null, "*");
    const patch = (value: string) =>
      planned(
        { operation: "UpdateStage", input: { restApiId: ctx.apiId, stageName: stage.name, patchOperations: [{ op: "replace", path: "/*/*/logging/loglevel", value }] } },
        `Set execution logging of every method of stage ${stage.name} to ${value}`,
        ctx.region,
      );
    const before: ResourceState = {
      resource: `/restapis/${ctx.apiId}/stages/${stage.name}`,
      label: stageLabel(apiName(input, ctx.apiId), ctx.apiId, stage.name),
      state: { "*/*/logging/loglevel": level },
    };
    const roleMissing = input.diagnosis.findings.some((f) => f.code === "CLOUDWATCH_ROLE_MISSING");
    return {
      option: "info",
      options: [{ id: "info", label: "INFO execution logging" }],
      summary: `Turn on INFO execution logging for every method of stage ${stage.name}.`,
      calls: [patch("INFO")],
      sideEffects: [
        `Every method of ${stage.name} writes INFO lines to the log group API-Gateway-Execution-Logs_${ctx.apiId}/${stage.name}: CloudWatch Logs charges for what is ingested and stored.`,
        "Per-method logging settings, where a method has its own, are unchanged.",
        ...(roleMissing ? ["The account has no CloudWatch role (CLOUDWATCH_ROLE_MISSING): AWS refuses to turn logging on until one is set."] : []),
      ],
      undo: { kind: "calls", summary: `Set the stage's execution logging back to ${level}.`, calls: [patch(level)] },
      before: [before],
      after: [{ ...before, state: { "*/*/logging/loglevel": "INFO" } }],
    };
  },
};

/** Finding codes whose fix gatecheck can apply (when the finding's own facts allow it). */
export const FIXABLE_CODES = Object.keys(PLANNERS) as FindingCode[];

/** The plan for `code` in this diagnosis, or why there is none. */
export function planFix(code: FindingCode, input: PlanInput): FixPlan | NoPlan {
  const planner = PLANNERS[code];
  if (!planner) return new NoPlan(`${code}'s fix is not an API Gateway write gatecheck makes: run its command`);
  if (!input.diagnosis.findings.some((f) => f.code === code)) return new NoPlan(`the diagnosis no longer shows ${code}`);
  const { apiId, stage, region } = input.diagnosis.request;
  if (!apiId) return new NoPlan("the API is not known");
  const made = planner(input, { region, apiId, stageName: stage });
  if (made instanceof NoPlan) return made;
  const { shipped, ...plan } = made as typeof made & { shipped?: unknown };
  return { code, ...plan, fingerprint: fingerprintOf(plan.before, plan.calls, shipped) };
}

/** Digest of what the plan was made from and the calls it makes; a deployment's also covers what it would ship. */
function fingerprintOf(before: ResourceState[], calls: PlannedCall[], shipped?: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify([before, calls.map((c) => c.call), shipped ?? null]))
    .digest("hex")
    .slice(0, 32);
}

/** What differs between two readings of the same resources, in words: "API key … enabled: false → true". */
export function stateChanges(previewed: ResourceState[], now: ResourceState[]): string[] {
  const out: string[] = [];
  for (const was of previewed) {
    const is = now.find((r) => r.resource === was.resource);
    for (const [field, value] of Object.entries(was.state)) {
      const current = is?.state[field];
      if (current !== value) out.push(`${was.label} ${field}: ${value} → ${current ?? "gone"}`);
    }
  }
  return out;
}
