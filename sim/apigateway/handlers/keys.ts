// API keys and usage plans: GetApiKey(s), UpdateApiKey, GetUsagePlan(s), UpdateUsagePlan,
// GetUsagePlanKeys, Create/DeleteUsagePlanKey, GetUsage.
import { badRequest, conflict, json, notFound } from "../../http";
import { epochSeconds, findRestApi, type ApiStage, type SimApiKey, type SimState, type SimUsagePlan } from "../../state";
import { apiKeyOf, usagePlanOf } from "../lookup";
import { apiKeyShape, usagePlanKeyShape, usagePlanShape } from "../shapes";
import { daysBetween, usageOn, usedInQuotaPeriod } from "../usage";
import { applyPatch, isTrue, jsonBody, listBody, optionalStringRule, paginate, param, requiredValue, stringMember, type Call, type Handler, type PatchRule } from "../wire";

const regionKeys = ({ state, req }: Call) => state.apiKeys.filter((k) => k.region === req.region);

export const getApiKeys: Handler = (call) => {
  const { query } = call.req;
  const name = query.get("name");
  const customerId = query.get("customerId");
  const includeValues = isTrue(query.get("includeValues"));
  // `name` (nameQuery on the SDK) matches as a prefix.
  const keys = regionKeys(call).filter((k) => (name === null || k.name.startsWith(name)) && (customerId === null || k.customerId === customerId));
  return json(
    200,
    listBody(keys, query, (k) => apiKeyShape(k, includeValues)),
  );
};

export const getApiKey: Handler = (call) => json(200, apiKeyShape(apiKeyOf(call, param(call, "apiKey")), isTrue(call.req.query.get("includeValue"))));

const apiKeyRules: PatchRule<SimApiKey>[] = [
  {
    path: "/enabled",
    ops: ["replace"],
    apply(key, op) {
      key.enabled = isTrue(op.value);
    },
  },
  {
    path: "/name",
    ops: ["replace"],
    apply(key, op) {
      const name = requiredValue(op);
      if (name.trim() === "") throw badRequest("API Key name cannot be empty");
      key.name = name;
    },
  },
  optionalStringRule("/description", "description"),
  optionalStringRule("/customerId", "customerId"),
];

/** UpdateApiKey answers without the key's value. */
export const updateApiKey: Handler = (call) => {
  const key = apiKeyOf(call, param(call, "apiKey"));
  Object.assign(key, applyPatch(call.req, "updateApiKeyInput", key, apiKeyRules), { lastUpdatedDate: epochSeconds(call.now) });
  return json(200, apiKeyShape(key, false));
};

export const getUsagePlans: Handler = (call) => {
  const keyId = call.req.query.get("keyId");
  const plans = call.state.usagePlans.filter((p) => p.region === call.req.region && (keyId === null || p.keyIds.includes(keyId)));
  return json(200, listBody(plans, call.req.query, usagePlanShape));
};

export const getUsagePlan: Handler = (call) => json(200, usagePlanShape(usagePlanOf(call)));

/**
 * The plan (other than `planId`) that already gives `keyId` one of `stages`: API Gateway allows a key
 * in at most one usage plan per API stage.
 */
function clashingPlan(state: SimState, region: string, keyId: string, stages: readonly ApiStage[], planId: string): { plan: SimUsagePlan; stage: ApiStage } | undefined {
  for (const plan of state.usagePlans) {
    if (plan.region !== region || plan.id === planId || !plan.keyIds.includes(keyId)) continue;
    const stage = plan.apiStages.find((s) => stages.some((t) => t.apiId === s.apiId && t.stage === s.stage));
    if (stage) return { plan, stage };
  }
  return undefined;
}

const multiplePlansConflict = (planId: string, keyId: string, stage: ApiStage) =>
  conflict(`Usage Plan ${planId} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${stage.apiId}:${stage.stage}`);

/** `apiId:stage`, the value form of the `/apiStages` patch path. */
function parseApiStage(value: string | undefined): ApiStage {
  const match = /^([^:]+):(.+)$/.exec(value ?? "");
  if (!match) throw badRequest("Invalid API Stage specified");
  return { apiId: match[1] ?? "", stage: match[2] ?? "" };
}

const invalidApiStage = (stage: ApiStage, planId: string) => `Invalid API Stage {api: ${stage.apiId}, stage: ${stage.stage}} specified for usageplan ${planId}`;

function usagePlanRules(call: Call): PatchRule<SimUsagePlan>[] {
  return [
    {
      path: "/apiStages",
      ops: ["add", "remove"],
      apply(plan, op) {
        const stage = parseApiStage(op.value);
        const index = plan.apiStages.findIndex((s) => s.apiId === stage.apiId && s.stage === stage.stage);
        if (op.op === "remove") {
          if (index < 0) throw notFound(invalidApiStage(stage, plan.id));
          plan.apiStages.splice(index, 1);
          return;
        }
        const api = findRestApi(call.state, call.req.region, stage.apiId);
        if (!api?.stages.some((s) => s.stageName === stage.stage)) throw badRequest(invalidApiStage(stage, plan.id));
        if (index >= 0) return;
        for (const keyId of plan.keyIds) {
          const clash = clashingPlan(call.state, call.req.region, keyId, [stage], plan.id);
          if (clash) throw multiplePlansConflict(plan.id, keyId, clash.stage);
        }
        plan.apiStages.push(stage);
      },
    },
    {
      path: "/name",
      ops: ["replace"],
      apply(plan, op) {
        plan.name = requiredValue(op);
      },
    },
    {
      path: "/description",
      ops: ["replace"],
      apply(plan, op) {
        if (op.value) plan.description = op.value;
        else delete plan.description;
      },
    },
    {
      path: /^\/throttle\/(burstLimit|rateLimit)$/,
      ops: ["replace"],
      apply(plan, op, [member]) {
        const n = Number(requiredValue(op));
        if (!Number.isFinite(n) || n < 0) throw badRequest(`Invalid throttle value: ${op.value}`);
        plan.throttle = { ...plan.throttle, [member === "burstLimit" ? "burstLimit" : "rateLimit"]: n };
      },
    },
    {
      path: /^\/quota\/(limit|offset|period)$/,
      ops: ["replace"],
      apply(plan, op, [member]) {
        const value = requiredValue(op);
        const quota = plan.quota ?? { limit: 0, offset: 0, period: "DAY" as const };
        if (member === "period") {
          if (value !== "DAY" && value !== "WEEK" && value !== "MONTH") throw badRequest(`Invalid quota period: ${value}`);
          quota.period = value;
        } else {
          const n = Number(value);
          if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid quota ${member}: ${value}`);
          if (member === "limit") quota.limit = n;
          else quota.offset = n;
        }
        plan.quota = quota;
      },
    },
  ];
}

export const updateUsagePlan: Handler = (call) => {
  const plan = usagePlanOf(call);
  Object.assign(plan, applyPatch(call.req, "updateUsagePlanInput", plan, usagePlanRules(call)));
  return json(200, usagePlanShape(plan));
};

/** The plan's keys that still exist, in the order they were added. */
function keysOfPlan(call: Call, plan: SimUsagePlan): SimApiKey[] {
  return plan.keyIds.flatMap((id) => regionKeys(call).filter((k) => k.id === id));
}

export const getUsagePlanKeys: Handler = (call) => {
  const plan = usagePlanOf(call);
  const name = call.req.query.get("name");
  const keys = keysOfPlan(call, plan).filter((k) => name === null || k.name.startsWith(name));
  return json(200, listBody(keys, call.req.query, usagePlanKeyShape));
};

export const createUsagePlanKey: Handler = (call) => {
  const plan = usagePlanOf(call);
  const body = jsonBody(call.req);
  const keyId = stringMember(body, "keyId");
  const keyType = stringMember(body, "keyType");
  if (!keyId) throw badRequest("Invalid API Key identifier specified");
  if (keyType !== "API_KEY") throw badRequest(`Invalid key type specified: ${keyType ?? "null"}. Valid options are API_KEY`);
  const key = apiKeyOf(call, keyId);
  if (plan.keyIds.includes(key.id)) throw conflict(`Usage Plan Key ${key.id} already exists in usage plan ${plan.id}`);
  const clash = clashingPlan(call.state, call.req.region, key.id, plan.apiStages, plan.id);
  if (clash) throw multiplePlansConflict(plan.id, key.id, clash.stage);
  plan.keyIds.push(key.id);
  return json(201, usagePlanKeyShape(key));
};

export const deleteUsagePlanKey: Handler = (call) => {
  const plan = usagePlanOf(call);
  const keyId = param(call, "keyId");
  const index = plan.keyIds.indexOf(keyId);
  if (index < 0) throw notFound("Invalid Usage Plan Key identifier specified");
  plan.keyIds.splice(index, 1);
  return { status: 202, headers: {}, body: "" };
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_USAGE_DAYS = 366;

/**
 * Daily `[used, remaining]` per API key id of the plan, from `state.usage` (see usage.ts). Remaining is
 * what is left of the quota period's limit at the end of that day; a plan without quota reports 0.
 */
export const getUsage: Handler = (call) => {
  const plan = usagePlanOf(call);
  const { query } = call.req;
  const startDate = query.get("startDate") ?? "";
  const endDate = query.get("endDate") ?? "";
  if (!ISO_DATE.test(startDate) || !ISO_DATE.test(endDate) || Number.isNaN(Date.parse(startDate)) || Number.isNaN(Date.parse(endDate))) {
    throw badRequest("Invalid date format: startDate and endDate must be yyyy-MM-dd");
  }
  if (endDate < startDate) throw badRequest("The end date must not be before the start date");
  const days = daysBetween(startDate, endDate);
  if (days.length > MAX_USAGE_DAYS) throw badRequest(`The date range must not exceed ${MAX_USAGE_DAYS} days`);

  const keyId = query.get("keyId");
  if (keyId !== null && !plan.keyIds.includes(keyId)) throw notFound("Invalid Key identifier specified");
  const keyIds = keyId === null ? plan.keyIds : [keyId];
  const page = paginate(keyIds, query);
  const values = Object.fromEntries(
    page.items.map((id) => [id, days.map((day) => [usageOn(call.state, plan.id, id, day), plan.quota ? Math.max(0, plan.quota.limit - usedInQuotaPeriod(call.state, plan, id, day)) : 0])]),
  );
  return json(200, { usagePlanId: plan.id, startDate, endDate, values, ...(page.next ? { position: page.next } : {}) });
};
