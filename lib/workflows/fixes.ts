import "server-only";
import { z } from "zod";
import { currentAccount } from "@/lib/accounts/context";
import { ApiError } from "@/lib/api/errors";
import { defaultRegion } from "@/lib/api/params";
import { recordAudit } from "@/lib/audit/record";
import type { User } from "@/lib/auth/identity";
import { getApiKey, getResources, getStages, getUsagePlan, getUsagePlanKeys, getUsagePlans } from "@/lib/aws/apigateway";
import { apigatewayWriteClient, awsClients, type AwsClients } from "@/lib/aws/clients";
import { AwsCallError } from "@/lib/aws/errors";
import { callerAccountId } from "@/lib/aws/sts";
import { sendWrite } from "@/lib/aws/writes";
import { loggingLevelOf } from "@/lib/diagnosis/context";
import { keysOfRequests } from "@/lib/diagnosis/evidence";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import { WRITE_PERMISSIONS } from "@/lib/fixes/calls";
import { explainWriteFault } from "@/lib/fixes/explain";
import { withFixLocks } from "@/lib/fixes/lock";
import { apiStagesOf, listState, NoPlan, planFix, stateChanges } from "@/lib/fixes/plan";
import { claimOnce, signFixToken, verifyFixToken } from "@/lib/fixes/token";
import type { AppliedFix, FixPlan, PlannedCall, ResourceState, UndoneFix, Verification } from "@/lib/fixes/types";
import { diagnoseCallDetailed, type DiagnoseInput } from "./diagnose";
import { probeCall } from "./probe";

// Write mode's workflow (issue 14): preview a finding's fix from a fresh read, apply it with the write credentials
// under a lock, re-read and re-diagnose to verify, and undo. Every step is an audit event with before and after,
// refusals included. What the browser carries between the steps is signed and good once (lib/fixes/token.ts), and
// names the call it was made for: apply and undo act on that call, whatever else a request says.

export interface FixInput extends DiagnoseInput {
  code: FindingCode;
  option?: string;
}

const resourceState = z.object({ resource: z.string(), label: z.string(), state: z.record(z.string(), z.string()) });
const plannedCall = z.object({
  call: z.object({ operation: z.enum(Object.keys(WRITE_PERMISSIONS) as [string, ...string[]]), input: z.record(z.string(), z.unknown()) }),
  summary: z.string(),
  cli: z.string(),
  iam: z.object({ action: z.string(), resource: z.string() }),
});
/** The call a fix was made for, as the diagnosis resolved it (the key found in its log lines included). */
const callFacts = z.object({ region: z.string(), api: z.string(), stage: z.string().nullable(), method: z.string(), path: z.string(), key: z.string().nullable() });
type CallFacts = z.output<typeof callFacts>;

const previewTokenSchema = z.object({ code: z.string(), option: z.string(), account: z.string(), fingerprint: z.string(), before: z.array(resourceState), call: callFacts });
const undoTokenSchema = z.object({ code: z.string(), account: z.string(), calls: z.array(plannedCall), expect: z.array(resourceState), restore: z.array(resourceState), call: callFacts });

const PREVIEW_HOURS = 1;
const UNDO_HOURS = 24 * 7;
/** Sent once more after a fix only when sending cannot change anything. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The call as the diagnosis resolved it: the key found in its log lines, or "none" when they show the callers send none. */
function factsOf(d: Diagnosis): CallFacts {
  const sendsNone = d.request.noKey || (!d.request.presentedKey && keysOfRequests(d.logs, d.request.requestId).keys[0] === "");
  const key = d.request.keyId ?? d.request.keysFromLogs[0]?.keyId ?? (sendsNone ? "none" : null);
  return { region: d.request.region, api: d.request.apiId ?? "", stage: d.request.stage, method: d.request.method, path: d.request.path, key };
}
const sameCall = (a: CallFacts, b: CallFacts) => JSON.stringify(a) === JSON.stringify(b);
/** The fields of a diagnosis input naming the call; the pasted request is kept, to send it once more. */
const inputOf = (call: CallFacts, request?: string): DiagnoseInput => ({
  region: call.region,
  api: call.api,
  ...(call.stage ? { stage: call.stage } : {}),
  method: call.method,
  path: call.path,
  ...(request ? { request } : call.key ? { key: call.key } : {}),
});
/** Lock names: the resources, and the finding's call (two fixes of one finding through different resources wait too). */
const lockNames = (account: string, code: string, call: CallFacts, resources: ResourceState[]) =>
  [...resources.map((r) => r.resource), `/findings/${code}/${call.api}/${call.stage ?? "-"}/${call.key ?? "-"}`].map((r) => `${account}/${call.region}${r}`);

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

function noPlanError(code: string, why: NoPlan, changes: string[] = []): ApiError {
  return why.reason.startsWith("the diagnosis no longer shows")
    ? new ApiError(
        409,
        "FIX_NOT_NEEDED",
        `Nothing applied: ${code} is already gone${changes.length ? ` — since your preview, ${changes.join("; ")}` : ""}.`,
        "Someone fixed it, or AWS changed. Refresh the diagnosis to see the call as it is now.",
      )
    : new ApiError(422, "FIX_NOT_AVAILABLE", `gatecheck cannot apply ${code}'s fix here: ${why.reason}.`, "Run the fix's AWS CLI command shown with the finding.");
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
const operations = (calls: PlannedCall[]) => calls.map((c) => c.call.operation).join(", ");

/** Runs a step, recording its refusal (an ApiError) as an audit event too: who tried what, and why it was refused. */
async function refusalsAudited<T>(action: "fix-apply" | "fix-undo", user: User, details: Record<string, string>, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof ApiError) await recordAudit(action, user, { ...details, refused: err.code, why: err.message });
    throw err;
  }
}

/**
 * The write credentials must act in the account gatecheck reads: a write role of another account would change that
 * account, not the one diagnosed. A configured account names its id; without a config file the read credentials tell it.
 */
async function assertWriteAccount(region: string): Promise<void> {
  const account = currentAccount();
  let reads: string;
  let writes: string;
  try {
    [reads, writes] = await Promise.all([account.accountId ?? callerAccountId(account, region, "read"), callerAccountId(account, region, "write")]);
  } catch (err) {
    if (!(err instanceof AwsCallError)) throw err;
    throw new ApiError(
      403,
      "WRITE_CREDENTIALS_FAILED",
      `gatecheck could not tell which account its credentials act in (${err.fault.operation}: ${err.fault.code}).`,
      "Check the write role's trust policy and external id (GATECHECK_WRITE_ROLE_ARN), or the write profile.",
    );
  }
  if (reads !== writes)
    throw new ApiError(
      403,
      "WRITE_ACCOUNT_MISMATCH",
      `The write credentials act in account ${writes}, but gatecheck reads account ${reads}: a fix would change another account.`,
      `Point the write credentials (GATECHECK_WRITE_ROLE_ARN, or writeRoleArn in gatecheck.config.json) at a role in account ${reads}.`,
    );
}

/** `POST /api/v1/fixes/preview`. */
export async function previewFix(input: FixInput, user: User): Promise<FixPlan> {
  await assertWriteAccount(input.region ?? defaultRegion());
  const { plan, diagnosis } = await planNow(input);
  if (plan instanceof NoPlan) throw noPlanError(input.code, plan);
  const account = currentAccount().name;
  const call = factsOf(diagnosis);
  await recordAudit("fix-preview", user, { code: plan.code, option: plan.option, account, region: call.region, before: auditStates(plan.before), calls: operations(plan.calls) });
  const token = await signFixToken(
    "preview",
    { code: plan.code, option: plan.option, account, fingerprint: plan.fingerprint, before: plan.before, call } satisfies z.input<typeof previewTokenSchema>,
    PREVIEW_HOURS,
  );
  return { ...plan, fingerprint: token };
}

/** `POST /api/v1/fixes/apply`: the previewed plan, once, for the previewed call, if AWS still matches the preview. */
export async function applyFix(input: FixInput & { fingerprint: string }, user: User): Promise<AppliedFix> {
  const previewed = await verifyFixToken("preview", input.fingerprint, "fingerprint", previewTokenSchema);
  const account = currentAccount().name;
  if (previewed.code !== input.code || previewed.account !== account)
    throw new ApiError(400, "FIX_PREVIEW_INVALID", "This preview was made for another finding or account.", "Preview the fix again, then apply it.", { field: "fingerprint" });
  const details = { code: input.code, option: previewed.option, account, region: previewed.call.region };
  await assertWriteAccount(previewed.call.region);
  return refusalsAudited("fix-apply", user, details, () =>
    withFixLocks(lockNames(account, input.code, previewed.call, previewed.before), async () => {
      // The previewed call, not the body's: a key found in the logs then is the key now.
      const { plan, diagnosis } = await planNow({ ...inputOf(previewed.call, input.request), ...(input.keyValue ? { keyValue: input.keyValue } : {}), code: input.code, option: previewed.option });
      if (!sameCall(factsOf(diagnosis), previewed.call))
        throw new ApiError(400, "FIX_PREVIEW_INVALID", "This preview was made for another call (API, stage, route or key).", "Preview the fix again from the call's diagnosis, then apply it.", {
          field: "fingerprint",
        });
      const clients = awsClients(previewed.call.region);
      if (plan instanceof NoPlan) throw noPlanError(input.code, plan, stateChanges(previewed.before, await readStates(clients, previewed.before)));
      if (plan.fingerprint !== previewed.fingerprint) {
        const changes = stateChanges(previewed.before, plan.before);
        throw new ApiError(
          409,
          "FIX_STALE",
          `Nothing applied: AWS changed since your preview — ${changes.length ? changes.join("; ") : "what the fix would change or ship is different now"}.`,
          "Preview the fix again to see what it would do now.",
        );
      }
      if (!(await claimOnce(previewed.jti, PREVIEW_HOURS)))
        throw new ApiError(409, "FIX_PREVIEW_USED", "Nothing applied: this preview was applied already.", "Preview the fix again if it is still needed.");
      await runCalls(plan.calls, previewed.call.region, async (ran, refusal) => {
        await recordAudit("fix-apply", user, { ...details, calls: operations(ran), before: auditStates(plan.before), refused: refusal.code, why: refusal.message });
      });
      // AWS changed: from here on the answer says so, even when reading it back or checking the call fails.
      const after = await readStates(clients, plan.before).catch(() => null);
      await recordAudit("fix-apply", user, { ...details, calls: operations(plan.calls), before: auditStates(plan.before), after: after ? auditStates(after) : "unreadable" });
      const verification = await verify(previewed.call, input.request, plan.code, "apply");
      const verified = await recordAudit("fix-verify", user, {
        code: plan.code,
        account,
        region: previewed.call.region,
        outcome: verification.outcome,
        sentence: verification.sentence,
        sent: verification.sent?.status ?? null,
      });
      // Undo checks that AWS still shows what the fix left: with that unreadable, only the commands remain.
      const undoToken =
        plan.undo.kind === "calls" && after
          ? await signFixToken(
              "undo",
              { code: plan.code, account, calls: plan.undo.calls, expect: after, restore: plan.before, call: previewed.call } satisfies z.input<typeof undoTokenSchema>,
              UNDO_HOURS,
            )
          : null;
      return { code: plan.code, calls: plan.calls, before: plan.before, after: after ?? plan.after, verification, undoToken, undo: plan.undo, auditId: verified.id };
    }),
  );
}

/** `POST /api/v1/fixes/undo`: the fix's undo calls, once, if AWS still shows what the fix left. */
export async function undoFix(input: DiagnoseInput & { undoToken: string }, user: User): Promise<UndoneFix> {
  const token = await verifyFixToken("undo", input.undoToken, "undoToken", undoTokenSchema);
  const account = currentAccount().name;
  if (token.account !== account || (input.region && input.region !== token.call.region))
    throw new ApiError(400, "UNDO_TOKEN_INVALID", "This undo belongs to another account or region.", "Open the diagnosis the fix was applied from, then undo it there.", { field: "undoToken" });
  const calls = token.calls as PlannedCall[];
  const details = { code: token.code, account, region: token.call.region };
  await assertWriteAccount(token.call.region);
  return refusalsAudited("fix-undo", user, details, () =>
    withFixLocks(lockNames(account, token.code, token.call, token.expect), async () => {
      const clients = awsClients(token.call.region);
      const changes = stateChanges(token.expect, await readStates(clients, token.expect));
      if (changes.length)
        throw new ApiError(
          409,
          "UNDO_STALE",
          `Nothing undone: AWS changed since the fix — ${changes.join("; ")}.`,
          "Someone undid it or changed the resource since; check the diagnosis before changing anything else.",
        );
      if (!(await claimOnce(token.jti, UNDO_HOURS))) throw new ApiError(409, "UNDO_STALE", "Nothing undone: this fix was undone already.", "Check the diagnosis before changing anything else.");
      const ran = await runCalls(calls, token.call.region, async (done, refusal) => {
        await recordAudit("fix-undo", user, { ...details, calls: operations(done), before: auditStates(token.expect), refused: refusal.code, why: refusal.message });
      });
      const after = await readStates(clients, token.restore).catch(() => null);
      await recordAudit("fix-undo", user, { ...details, calls: operations(calls), before: auditStates(token.expect), after: after ? auditStates(after) : "unreadable" });
      const verification = await verify(token.call, input.request, token.code as FindingCode, "undo");
      const verified = await recordAudit("fix-verify", user, { ...details, outcome: verification.outcome, sentence: verification.sentence, sent: verification.sent?.status ?? null });
      return { code: token.code as FindingCode, calls: ran, before: token.expect, after: after ?? token.restore, verification, auditId: verified.id };
    }),
  );
}

/**
 * Sends the calls in order with the write credentials. A refusal is explained, naming the calls that ran before it;
 * when some did, `onPartial` records them first (AWS changed, though the fix did not complete).
 */
async function runCalls(calls: PlannedCall[], region: string, onPartial: (ran: PlannedCall[], refusal: ApiError) => Promise<void>): Promise<PlannedCall[]> {
  const writer = writeClient(region);
  const ran: PlannedCall[] = [];
  for (const call of calls) {
    try {
      await sendWrite(writer, call.call, region);
    } catch (err) {
      if (!(err instanceof AwsCallError)) throw err;
      const refusal = explainWriteFault(err.fault, call, ran);
      if (ran.length) await onPartial(ran, refusal);
      throw refusal;
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
    if (fields.includes("usagePlans")) read.usagePlans = listState((await getUsagePlans(clients, keyId)).map((p) => p.id));
  } else if (parts[0] === "usageplans") {
    const plan = await getUsagePlan(clients, parts[1]!);
    read.apiStages = plan ? listState(apiStagesOf(plan)) : "gone";
  } else if (parts[0] === "restapis" && parts[2] === "stages") {
    const stage = (await getStages(clients, parts[1]!)).find((s) => s.name === parts[3]);
    if (fields.includes("deploymentId")) read.deploymentId = stage?.deploymentId ?? "gone";
    if (fields.includes("*/*/logging/loglevel")) read["*/*/logging/loglevel"] = stage ? loggingLevelOf(stage, null, "*") : "gone";
  } else if (parts[0] === "restapis" && parts[2] === "resources") {
    const method = (await getResources(clients, parts[1]!)).find((r) => r.id === parts[3])?.methods.find((m) => m.httpMethod === parts[5]);
    read.apiKeyRequired = method ? String(method.apiKeyRequired) : "gone";
  }
  return read;
}

/** Re-reads and re-diagnoses the call (and sends a pasted GET, HEAD or OPTIONS once more): did the fix hold? */
async function verify(call: CallFacts, request: string | undefined, code: FindingCode, after: "apply" | "undo"): Promise<Verification> {
  try {
    return judge(...(await verifyingDiagnosis(call, request)), code, after);
  } catch (err) {
    if (!(err instanceof ApiError) && !(err instanceof AwsCallError)) throw err;
    const why = err instanceof ApiError ? err.message : `${err.fault.operation}: ${err.fault.code}`;
    const done = after === "apply" ? "Applied" : "Undone";
    return {
      outcome: "unverified",
      sentence: `${done}, but the check afterwards failed: ${why}. Refresh the diagnosis to see the call as it is now.`,
      verdict: "unknown",
      firstBreak: null,
      sent: null,
    };
  }
}

async function verifyingDiagnosis(call: CallFacts, request: string | undefined): Promise<[Diagnosis, Verification["sent"], string]> {
  // The probe diagnoses what it sent, with that request's own log lines.
  if (request && SAFE_METHODS.has(call.method)) {
    const probe = await probeCall({ ...inputOf(call, request), fresh: true });
    return [probe.diagnosis, { status: probe.response.status, requestId: probe.requestId }, ` (AWS answered ${probe.response.status} to the request sent once more)`];
  }
  // The configuration alone: the window's older log lines show the refusals from before the fix.
  const { diagnosis } = await diagnoseCallDetailed({ ...inputOf(call, request), fresh: true, readLogs: false });
  return [diagnosis, null, request ? ` (not sent again: a ${call.method} may change something — send it from the paste page)` : ""];
}

/** The verification in words; what AWS answered to the request sent once more decides over the configuration. */
function judge(diagnosis: Diagnosis, sent: Verification["sent"], answered: string, code: FindingCode, after: "apply" | "undo"): Verification {
  const firstBreak = diagnosis.firstBreak ? { code: diagnosis.firstBreak.code, title: diagnosis.firstBreak.title } : null;
  const still = diagnosis.findings.find((f) => f.code === code);
  const base = { verdict: diagnosis.verdict, firstBreak, sent };
  const refused = sent ? sent.status === 403 || sent.status === 401 : diagnosis.verdict === "forbidden";
  if (after === "undo") {
    const sentence = !still
      ? `Undone, but the diagnosis does not show ${code} again (the verdict is ${diagnosis.verdict})${answered}: refresh to check.`
      : firstBreak?.code === code
        ? `Undone: the original verdict is back — the first break is ${code}: ${firstBreak.title}${answered}.`
        : `Undone: ${code} is back${firstBreak ? `; the first break is ${firstBreak.code}: ${firstBreak.title}` : ` (the verdict is ${diagnosis.verdict})`}${answered}.`;
    return { ...base, outcome: still ? "not-fixed" : refused ? "still-refused" : "fixed", sentence };
  }
  if (still) return { ...base, outcome: "not-fixed", sentence: `Not fixed: AWS still shows ${code} (${still.title}). A change can take a few seconds to reach API Gateway: refresh to check again.` };
  if (refused)
    return {
      ...base,
      outcome: "still-refused",
      sentence: `${code} is fixed. Still refused${answered}: ${firstBreak ? `the next first break is ${firstBreak.code}: ${firstBreak.title}` : "see the diagnosis"}.`,
    };
  if (sent) {
    const passes =
      sent.status < 400
        ? "the call now passes"
        : sent.status === 429
          ? "the call now passes the key checks, and is throttled (429) by its plan's limits"
          : "the call now gets past API Gateway's checks";
    return { ...base, outcome: "fixed", sentence: `Fixed: ${passes}${answered}.` };
  }
  if (diagnosis.verdict === "unknown")
    return { ...base, outcome: "unverified", sentence: `${code} is fixed; whether the call passes is unknown (${diagnosis.unknownHops.map((h) => `${h.hop}: ${h.reason}`).join("; ")}).` };
  return {
    ...base,
    outcome: "fixed",
    sentence: diagnosis.verdict === "throttled" ? "Fixed: the call now passes the key checks; it is throttled by its plan's limits." : "Fixed: the call now passes.",
  };
}
