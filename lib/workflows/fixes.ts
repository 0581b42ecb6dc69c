import "server-only";
import { currentAccount } from "@/lib/accounts/context";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record";
import type { User } from "@/lib/auth/identity";
import { getApiKey, getResources, getStages, getUsagePlan, getUsagePlanKeys, getUsagePlans } from "@/lib/aws/apigateway";
import { apigatewayWriteClient, awsClients, type AwsClients } from "@/lib/aws/clients";
import { AwsCallError } from "@/lib/aws/errors";
import { sendWrite } from "@/lib/aws/writes";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import { withFixLocks } from "@/lib/fixes/lock";
import { NoPlan, planFix, stateChanges } from "@/lib/fixes/plan";
import { explainWriteFault } from "@/lib/fixes/explain";
import { signFixToken, verifyFixToken } from "@/lib/fixes/token";
import type { AppliedFix, FixPlan, PlannedCall, ResourceState, UndoneFix, Verification } from "@/lib/fixes/types";
import { diagnoseCallDetailed, type DiagnoseInput } from "./diagnose";
import { probeCall } from "./probe";

// Write mode's workflow (issue 14): preview a finding's fix from a fresh read, apply it with the write credentials
// under a lock, re-read and re-diagnose to verify, and undo. Every step is an audit event with before and after.

export interface FixInput extends DiagnoseInput {
  code: FindingCode;
  option?: string;
}

interface PreviewToken {
  code: FindingCode;
  option: string;
  account: string;
  region: string;
  fingerprint: string;
  before: ResourceState[];
  /** The finding's call: two fixes of one finding through different resources (key into a plan, stage into another) wait on each other too. */
  finding: string;
}

interface UndoToken {
  code: FindingCode;
  account: string;
  region: string;
  apiId: string | null;
  calls: PlannedCall[];
  /** The state the fix left; undo is refused when AWS no longer shows it. */
  expect: ResourceState[];
  restore: ResourceState[];
}

const PREVIEW_HOURS = 1;
const UNDO_HOURS = 24 * 7;

/** The diagnosis from a fresh read, and the plan for `code` in it. */
async function planNow(input: FixInput): Promise<{ plan: FixPlan | NoPlan; diagnosis: Diagnosis }> {
  const { diagnosis, inventory } = await diagnoseCallDetailed({ ...input, fresh: true, onStep: undefined });
  const clients = awsClients(diagnosis.request.region);
  const keyPlans = inventory.keyPlans.state === "ok" ? inventory.keyPlans.value : [];
  // The plans a fix may add the stage to: whose keys would gain it (read only when such a fix is possible).
  const widened = input.code === "KEY_PLAN_MISSING_STAGE" || input.code === "STAGE_IN_NO_PLAN" ? keyPlans : [];
  const planKeys = Object.fromEntries(await Promise.all(widened.map(async (p) => [p.id, await getUsagePlanKeys(clients, p.id)] as const)));
  return { plan: planFix(input.code, { diagnosis, inventory, planKeys, option: input.option }), diagnosis };
}

function noPlanError(code: FindingCode, why: NoPlan): ApiError {
  return why.reason.startsWith("the diagnosis no longer shows")
    ? new ApiError(409, "FIX_NOT_NEEDED", `The diagnosis no longer shows ${code}: someone fixed it, or AWS changed.`, "Refresh the diagnosis to see the call as it is now.")
    : new ApiError(422, "FIX_NOT_AVAILABLE", `gatecheck cannot apply ${code}'s fix here: ${why.reason}.`, "Run the fix's AWS CLI command shown with the finding.");
}

/** The call's facts pinned to what the diagnosis resolved (a key found in the logs), for re-reads that skip the logs. */
function pinned(input: DiagnoseInput, diagnosis: Diagnosis): DiagnoseInput {
  const keyId = diagnosis.request.keyId ?? diagnosis.request.keysFromLogs[0]?.keyId;
  return { ...input, ...(input.key === undefined && !input.request && keyId ? { key: keyId } : {}) };
}

const auditStates = (states: ResourceState[]) =>
  states
    .map(
      (s) =>
        `${s.resource} ${Object.entries(s.state)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}`,
    )
    .join("; ");

/** `POST /api/v1/fixes/preview`. */
export async function previewFix(input: FixInput, user: User): Promise<FixPlan> {
  const { plan, diagnosis } = await planNow(input);
  if (plan instanceof NoPlan) throw noPlanError(input.code, plan);
  const account = currentAccount().name;
  const { region } = diagnosis.request;
  await recordAudit("fix-preview", user, { code: plan.code, option: plan.option, account, region, before: auditStates(plan.before), calls: plan.calls.map((c) => c.call.operation).join(", ") });
  const { apiId, stage, keyId } = diagnosis.request;
  const finding = `/findings/${plan.code}/${apiId}/${stage ?? "-"}/${keyId ?? "-"}`;
  const token = await signFixToken(
    "preview",
    { code: plan.code, option: plan.option, account, region, fingerprint: plan.fingerprint, before: plan.before, finding } satisfies PreviewToken,
    PREVIEW_HOURS,
  );
  return { ...plan, fingerprint: token };
}

/** `POST /api/v1/fixes/apply`: the previewed plan, if AWS still matches the preview. */
export async function applyFix(input: FixInput & { fingerprint: string }, user: User): Promise<AppliedFix> {
  const previewed = await verifyFixToken<PreviewToken>("preview", input.fingerprint, "fingerprint");
  const account = currentAccount().name;
  if (previewed.code !== input.code || previewed.account !== account)
    throw new ApiError(400, "FIX_PREVIEW_INVALID", "This preview was made for another finding or account.", "Preview the fix again, then apply it.", { field: "fingerprint" });
  return withFixLocks(
    [...previewed.before.map((s) => s.resource), previewed.finding].map((resource) => `${account}/${previewed.region}${resource}`),
    async () => {
      const { plan, diagnosis } = await planNow({ ...input, option: previewed.option });
      const clients = awsClients(diagnosis.request.region);
      if (plan instanceof NoPlan) {
        const changes = stateChanges(previewed.before, await readStates(clients, previewed.before));
        if (plan.reason.startsWith("the diagnosis no longer shows"))
          throw new ApiError(
            409,
            "FIX_NOT_NEEDED",
            `Nothing applied: ${input.code} is already gone${changes.length ? ` — since your preview, ${changes.join("; ")}` : ""}.`,
            "Someone else fixed it. Refresh the diagnosis to see the call as it is now.",
          );
        throw noPlanError(input.code, plan);
      }
      if (plan.fingerprint !== previewed.fingerprint) {
        const changes = stateChanges(previewed.before, plan.before);
        throw new ApiError(
          409,
          "FIX_STALE",
          `Nothing applied: AWS changed since your preview — ${changes.length ? changes.join("; ") : "the draft the deployment would ship changed"}.`,
          "Preview the fix again to see what it would do now.",
        );
      }
      await runCalls(plan.calls, diagnosis.request.region);
      const after = await readStates(clients, plan.before);
      await recordAudit("fix-apply", user, {
        code: plan.code,
        option: plan.option,
        account,
        region: diagnosis.request.region,
        calls: plan.calls.map((c) => c.call.operation).join(", "),
        before: auditStates(plan.before),
        after: auditStates(after),
      });
      const verification = await verify(pinned(input, diagnosis), plan.code, "apply");
      const verified = await recordAudit("fix-verify", user, {
        code: plan.code,
        account,
        region: diagnosis.request.region,
        outcome: verification.outcome,
        sentence: verification.sentence,
        sent: verification.sent?.status ?? null,
      });
      const undoToken =
        plan.undo.kind === "calls"
          ? await signFixToken(
              "undo",
              { code: plan.code, account, region: diagnosis.request.region, apiId: diagnosis.request.apiId, calls: plan.undo.calls, expect: after, restore: plan.before } satisfies UndoToken,
              UNDO_HOURS,
            )
          : null;
      return { code: plan.code, calls: plan.calls, before: plan.before, after, verification, undoToken, undo: plan.undo, auditId: verified.id };
    },
  );
}

/** `POST /api/v1/fixes/undo`: the fix's undo calls, if AWS still shows what the fix left. */
export async function undoFix(input: DiagnoseInput & { undoToken: string }, user: User): Promise<UndoneFix> {
  const token = await verifyFixToken<UndoToken>("undo", input.undoToken, "undoToken");
  const account = currentAccount().name;
  if (token.account !== account || (input.region && input.region !== token.region))
    throw new ApiError(400, "UNDO_TOKEN_INVALID", "This undo belongs to another account or region.", "Open the diagnosis the fix was applied from, then undo it there.", { field: "undoToken" });
  const clients = awsClients(token.region);
  return withFixLocks(
    token.expect.map((s) => `${account}/${token.region}${s.resource}`),
    async () => {
      const changes = stateChanges(token.expect, await readStates(clients, token.expect));
      if (changes.length)
        throw new ApiError(
          409,
          "UNDO_STALE",
          `Nothing undone: AWS changed since the fix — ${changes.join("; ")}.`,
          "Someone undid it or changed the resource since; check the diagnosis before changing anything else.",
        );
      const ran = await runCalls(token.calls, token.region);
      const after = await readStates(clients, token.restore);
      await recordAudit("fix-undo", user, {
        code: token.code,
        account,
        region: token.region,
        calls: token.calls.map((c) => c.call.operation).join(", "),
        before: auditStates(token.expect),
        after: auditStates(after),
      });
      const verification = await verify({ ...input, region: token.region }, token.code, "undo");
      const verified = await recordAudit("fix-verify", user, {
        code: token.code,
        account,
        region: token.region,
        outcome: verification.outcome,
        sentence: verification.sentence,
        sent: verification.sent?.status ?? null,
      });
      return { code: token.code, calls: ran, before: token.expect, after, verification, auditId: verified.id };
    },
  );
}

/** Sends the calls in order with the write credentials; a refusal is explained, naming the calls that ran before it. */
async function runCalls(calls: PlannedCall[], region: string): Promise<PlannedCall[]> {
  const writer = writeClient(region);
  const ran: PlannedCall[] = [];
  for (const call of calls) {
    try {
      await sendWrite(writer, call.call, region);
    } catch (err) {
      if (err instanceof AwsCallError) throw explainWriteFault(err.fault, call, ran);
      throw err;
    }
    ran.push(call);
  }
  return ran;
}

function writeClient(region: string) {
  const client = apigatewayWriteClient(region);
  // The route checked this already (lib/fixes/mode.ts); the account cannot lose its credentials in between.
  if (!client) throw new ApiError(403, "WRITE_CREDENTIALS_MISSING", "This account has no write credentials.", "Set GATECHECK_WRITE_ROLE_ARN or GATECHECK_WRITE_PROFILE.");
  return client;
}

/** The same resources read again now (no cache): the fields the fix cares about, as text. */
async function readStates(clients: AwsClients, states: ResourceState[]): Promise<ResourceState[]> {
  return Promise.all(states.map(async (s) => ({ ...s, state: await readState(clients, s) })));
}

async function readState(clients: AwsClients, { resource, state }: ResourceState): Promise<Record<string, string>> {
  const parts = resource.split("/").filter(Boolean);
  const read: Record<string, string> = {};
  const fields = Object.keys(state);
  if (parts[0] === "apikeys") {
    const keyId = parts[1]!;
    if (fields.includes("enabled")) read.enabled = String((await getApiKey(clients, keyId))?.enabled ?? "gone");
    if (fields.includes("usagePlans"))
      read.usagePlans =
        (await getUsagePlans(clients, keyId))
          .map((p) => p.id)
          .sort()
          .join(", ") || "none";
  } else if (parts[0] === "usageplans") {
    const plan = await getUsagePlan(clients, parts[1]!);
    read.apiStages = plan
      ? plan.apiStages
          .map((s) => `${s.apiId}:${s.stage}`)
          .sort()
          .join(", ") || "none"
      : "gone";
  } else if (parts[0] === "restapis" && parts[2] === "stages") {
    const stage = (await getStages(clients, parts[1]!)).find((s) => s.name === parts[3]);
    if (fields.includes("deploymentId")) read.deploymentId = stage?.deploymentId ?? "gone";
    if (fields.includes("*/*/logging/loglevel")) read["*/*/logging/loglevel"] = stage ? (stage.methodSettings["*/*"]?.loggingLevel ?? "OFF") : "gone";
  } else if (parts[0] === "restapis" && parts[2] === "resources") {
    const method = (await getResources(clients, parts[1]!)).find((r) => r.id === parts[3])?.methods.find((m) => m.httpMethod === parts[5]);
    read.apiKeyRequired = method ? String(method.apiKeyRequired) : "gone";
  }
  return read;
}

/** Re-reads and re-diagnoses the call (and sends a pasted request once more): did the fix hold? */
async function verify(input: DiagnoseInput, code: FindingCode, after: "apply" | "undo"): Promise<Verification> {
  let diagnosis: Diagnosis;
  let sent: Verification["sent"] = null;
  if (input.request) {
    const probe = await probeCall({ ...input, fresh: true });
    diagnosis = probe.diagnosis;
    sent = { status: probe.response.status, requestId: probe.requestId };
  } else {
    // The configuration alone: the window's older log lines show the refusals from before the fix.
    diagnosis = (await diagnoseCallDetailed({ ...input, fresh: true, readLogs: false })).diagnosis;
  }
  const firstBreak = diagnosis.firstBreak ? { code: diagnosis.firstBreak.code, title: diagnosis.firstBreak.title } : null;
  const still = diagnosis.findings.find((f) => f.code === code);
  const base = { verdict: diagnosis.verdict, firstBreak, sent };
  const answered = sent ? ` (AWS answered ${sent.status} to the request sent once more)` : "";
  if (after === "undo") {
    const sentence = firstBreak
      ? `Undone: the original verdict is back — the first break is ${firstBreak.code}: ${firstBreak.title}${answered}.`
      : `Undone: ${code} ${still ? "is back" : "is not shown"}; the verdict is ${diagnosis.verdict}${answered}.`;
    return { ...base, outcome: still ? "not-fixed" : diagnosis.verdict === "forbidden" ? "still-refused" : "fixed", sentence };
  }
  if (still) return { ...base, outcome: "not-fixed", sentence: `Not fixed: AWS still shows ${code} (${still.title}). A change can take a few seconds to reach API Gateway: refresh to check again.` };
  const refused = (sent && sent.status === 403) || diagnosis.verdict === "forbidden";
  if (refused)
    return {
      ...base,
      outcome: "still-refused",
      sentence: `${code} is fixed. Still refused${answered}: ${firstBreak ? `the next first break is ${firstBreak.code}: ${firstBreak.title}` : "see the diagnosis"}.`,
    };
  if (diagnosis.verdict === "unknown")
    return { ...base, outcome: "fixed", sentence: `Fixed: ${code} is gone; whether the call passes is unknown (${diagnosis.unknownHops.map((h) => `${h.hop}: ${h.reason}`).join("; ")})${answered}.` };
  return {
    ...base,
    outcome: "fixed",
    sentence: diagnosis.verdict === "throttled" ? `Fixed: the call now passes the key checks; it is throttled by its plan's limits${answered}.` : `Fixed: the call now passes${answered}.`,
  };
}
