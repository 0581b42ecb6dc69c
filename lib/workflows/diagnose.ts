import "server-only";
import { currentAccount } from "@/lib/accounts/context";
import { findApiKeyByValue, getBasePathMappings, listApiKeys, listRestApis } from "@/lib/aws/apigateway";
import { awsClients } from "@/lib/aws/clients";
import { ApiError } from "@/lib/api/errors";
import { assertWindow, defaultRegion } from "@/lib/api/params";
import { diagnose, type CallLogs } from "@/lib/diagnosis";
import { correctionFor } from "@/lib/diagnosis/correction";
import { keysOfRequests } from "@/lib/diagnosis/evidence";
import { matchRoute, routesOfDraft, closestName } from "@/lib/diagnosis/routes";
import type { CallFacts, Diagnosis, PresentedKey } from "@/lib/diagnosis/types";
import { CACHE_TTL_MS, cached } from "@/lib/inventory/cache";
import { attempt, loadFocusedInventory, type Round1 } from "@/lib/inventory/focused";
import type { FocusedInventory, Read, ReadGap } from "@/lib/inventory/types";
import type { BasePathMapping } from "@/lib/aws/types";
import { last6, maskKeyValue } from "@/lib/logs/mask";
import { accessLogsOfCall, logsOfCall, logsOfRequest } from "@/lib/logs/query";
import { resolveBasePathMapping } from "@/lib/request/host";
import { correctRequest, toCurl } from "@/lib/request/curl";
import { parseRequest, redactRequestFacts } from "@/lib/request/parse";
import type { RequestFacts } from "@/lib/request/types";
import { createHash } from "node:crypto";

/** What `GET` and `POST /api/v1/diagnose` accept, validated by the route. */
export interface DiagnoseInput {
  /** Default: the region of the pasted URL's host, else AWS_REGION. */
  region?: string | undefined;
  request?: string;
  api?: string;
  stage?: string;
  method?: string;
  path?: string;
  /** An API key id, or "none": the client sends no key. */
  key?: string;
  /** An API key value: used server-side only, never echoed. */
  keyValue?: string;
  requestId?: string;
  /** The caller runs inside a VPC (PUBLIC_API_BEHIND_PRIVATE_DNS needs the user to say so). */
  fromVpc?: boolean;
  /** false: skip the log search (the probe's look before sending has no request of its own to find yet). */
  readLogs?: boolean;
  from?: string;
  to?: string;
  fresh?: boolean;
  /** Told as each part of the reading completes, for a page that shows progress while it waits. */
  onStep?: (step: DiagnoseStep) => void;
}

/** The parts of a diagnosis's reading, in the order they complete. */
export const DIAGNOSE_STEPS = ["configuration", "deployment", "logs"] as const;
export type DiagnoseStep = (typeof DIAGNOSE_STEPS)[number];

const HOUR = 60 * 60 * 1000;
const LOG_WINDOW_STEP_MS = 10_000;

/** How long a log read that found nothing is kept: its exact window is its key, so a probe's polls (each a new window) never hit it. */
const EMPTY_LOG_READ_TTL_MS = 10_000;

/** A log read shared by identical concurrent diagnoses; found lines are kept for later ones, "none" briefly. */
const sharedLogRead = async <T extends { status: string }>(key: string, load: () => Promise<T>): Promise<T> =>
  (await cached(key, load, { ttlOf: (result) => (result.status === "found" ? CACHE_TTL_MS : result.status === "none-in-window" ? EMPTY_LOG_READ_TTL_MS : 1) })).value;

/** Reads what the call needs (configuration, then logs) and diagnoses it. */
export async function diagnoseCall(input: DiagnoseInput): Promise<Diagnosis> {
  return (await diagnoseCallDetailed(input)).diagnosis;
}

/** The diagnosis with what it was made from: the pasted request unmasked (server-side only) and the inventory. */
export async function diagnoseCallDetailed(input: DiagnoseInput): Promise<{ diagnosis: Diagnosis; facts: RequestFacts | null; inventory: FocusedInventory }> {
  const facts = input.request ? parsePasted(input.request, input.keyValue) : null;
  const region = input.region ?? facts?.region ?? defaultRegion();
  const clients = awsClients(region);
  // "Now" rounded up to 10 s, so people opening the same link share one log read (see readCallLogs).
  const to = input.to ? Date.parse(input.to) : Math.ceil(Date.now() / LOG_WINDOW_STEP_MS) * LOG_WINDOW_STEP_MS;
  const from = input.from ? Date.parse(input.from) : to - HOUR;
  assertWindow(from, to);

  let apiId = input.api ?? facts?.apiId ?? null;
  let stage = input.stage ?? facts?.stage ?? null;
  let path = input.path ?? facts?.resourcePath ?? "/";
  // A request id alone (a triage example whose lines name no route) leaves the route to be judged unknown.
  const routeUnknown = input.path === undefined && !facts && input.requestId !== undefined;
  const customDomain = facts?.hostKind === "custom-domain" && facts.host ? facts.host : null;
  let mappingsRead: Read<BasePathMapping[] | null> | undefined;
  if (customDomain && facts) {
    // A custom domain names API and stage through its base path mappings; unreadable, they name neither.
    mappingsRead = await attempt(`${region}/mappings/${customDomain}`, () => getBasePathMappings(clients, customDomain), input.fresh ?? false);
    const mappings = (mappingsRead.state === "ok" ? mappingsRead.value : null) ?? [];
    const resolved = resolveBasePathMapping(
      facts.rawPath,
      mappings.map((m) => ({ basePath: m.basePath, restApiId: m.restApiId, stage: m.stage ?? "" })),
    );
    if (resolved) {
      apiId = input.api ?? resolved.mapping.restApiId;
      stage = input.stage ?? resolved.mapping.stage;
      path = input.path ?? resolved.resourcePath;
    } else {
      apiId ??= mappings[0]?.restApiId ?? null;
      stage = input.stage ?? null;
      path = input.path ?? facts.rawPath;
    }
  }
  const presented = await presentedKey(region, input, facts);
  const noKey = input.key === "none";
  const chosenKey = noKey ? undefined : input.key;
  const keyId = chosenKey ?? presented?.keyId ?? null;
  const account = currentAccount();
  const call: CallFacts = {
    // Named only with a config file: without one, links and snapshots stay as they were before accounts.
    ...(account.accountId !== null ? { account: account.name } : {}),
    region,
    apiId,
    stage,
    method: (input.method ?? facts?.method ?? "GET").toUpperCase(),
    path,
    ...(routeUnknown ? { routeUnknown } : {}),
    keyId,
    presentedKey: presented ?? (chosenKey ? { where: "key-id", name: "key id", maskedValue: null, resolution: "by-id", keyId: chosenKey } : null),
    request: facts ? redactRequestFacts(facts) : null,
    window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    requestId: input.requestId ?? null,
    callerInVpc: input.fromVpc ?? false,
    noKey,
    keysFromLogs: [],
  };
  if (!apiId) {
    // Only the custom domain's mappings could have named the API, and they are unreadable: the diagnosis says so.
    if (mappingsRead?.state === "gap") {
      const inventory = inventoryWithoutApi(region, mappingsRead);
      return { diagnosis: diagnose(call, inventory, { status: "not-read", events: [] }), facts, inventory };
    }
    throw new ApiError(
      400,
      "INVALID_INPUT",
      "The API id is required: none was given and none could be read from the request.",
      "Pick an API, or paste a request whose URL names it (https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/…).",
      {
        field: "api",
      },
    );
  }
  // Logs need only round 1 (stages, resources, the key): they are read while round 2 runs.
  let logsRead: Promise<CallLogs> | undefined;
  const inventory = await loadFocusedInventory(
    { region, apiId, stage, keyId, customDomain },
    {
      fresh: input.fresh ?? false,
      ...(mappingsRead ? { basePathMappings: mappingsRead } : {}),
      afterRound1: (round1) => {
        input.onStep?.("configuration");
        logsRead = input.readLogs === false ? Promise.resolve({ status: "not-read", events: [] }) : readCallLogs(call, round1, from, to);
        // Awaited below; this only keeps a failure from counting as unhandled if round 2 throws first.
        logsRead.catch(() => undefined);
      },
    },
  );
  await assertApiExists(region, apiId, inventory);
  input.onStep?.("deployment");
  const logs = await (logsRead ?? readCallLogs(call, inventory, from, to));
  input.onStep?.("logs");
  const fromLogs = !noKey && !call.presentedKey && !facts ? await keyFromLogs(call, inventory, logs, customDomain, input.fresh ?? false) : null;
  const used = fromLogs ?? { call, inventory, logs };
  const diagnosis = diagnose(used.call, used.inventory, used.logs);
  if (!facts) return { diagnosis, facts, inventory: used.inventory };
  const { facts: corrected, changes } = correctedRequest(facts, diagnosis, inventory);
  return { diagnosis: { ...diagnosis, correctedRequest: changes.length ? { curl: toCurl(redactRequestFacts(corrected), { keyAsVariable: true }), changes } : null }, facts, inventory: used.inventory };
}

/** The pasted request as the findings say it should be sent (unmasked: for the server's own use). */
export function correctedRequest(facts: RequestFacts, diagnosis: Diagnosis, inventory: FocusedInventory) {
  const stageNames = inventory.stages.state === "ok" ? inventory.stages.value.map((s) => s.name) : [];
  return correctRequest(facts, correctionFor(diagnosis.findings, stageNames, facts.stage ?? null));
}

/** The inventory of a call whose API could not be told (its custom domain's mappings unreadable): nothing else to read. */
function inventoryWithoutApi(region: string, basePathMappings: Read<BasePathMapping[] | null>): FocusedInventory {
  const unknownApi = { state: "skipped", why: "the API is not known" } as const;
  return {
    region,
    at: new Date().toISOString(),
    restApi: unknownApi,
    httpApi: unknownApi,
    stages: unknownApi,
    resources: unknownApi,
    deployment: unknownApi,
    apiKey: unknownApi,
    keyPlans: unknownApi,
    stagePlans: unknownApi,
    account: unknownApi,
    authorizers: unknownApi,
    gatewayResponses: unknownApi,
    basePathMappings,
    quotaUsage: unknownApi,
  };
}

function parsePasted(text: string, keyValue: string | undefined): RequestFacts {
  const parsed = parseRequest(text, keyValue ? { knownKeyValues: [keyValue] } : {});
  if (!parsed.ok) throw new ApiError(400, "INVALID_REQUEST", parsed.error.message, parsed.error.hint, { field: "request" });
  return parsed.facts;
}

/** A gap as a diagnosis carries it: AWS's message names gatecheck's role, and a diagnosis can be shared. */
const withoutMessage = ({ operation, action, code, kind }: ReadGap): Omit<ReadGap, "message"> => ({ operation, action, code, kind });

const digest = (value: string) => createHash("sha256").update(value).digest("hex");

/** The key the caller presented, resolved server-side to its id; the value itself goes no further. */
async function presentedKey(region: string, input: DiagnoseInput, facts: RequestFacts | null): Promise<PresentedKey | null> {
  const located = facts?.keyLocations.find((k) => k.value !== "");
  const value = input.keyValue ?? located?.value;
  if (!value) return null;
  const where = input.keyValue && !located ? { where: "header" as const, name: "x-api-key" } : { where: located!.where, name: located!.name };
  const maskedValue = maskKeyValue(value.trim() === value ? value : value.trim());
  // Cached by digest: the cache never holds the value.
  const lookup = await attempt(`${region}/key-by-value/${digest(value)}`, () => findApiKeyByValue(awsClients(region), value), input.fresh ?? false);
  // Keys that cannot be listed leave the key unmatched, not unknown to AWS.
  if (lookup.state === "gap") return { ...where, maskedValue, resolution: "unreadable", gap: withoutMessage(lookup.gap), keyId: null };
  const { exact, trimmed } = lookup.value;
  return { ...where, maskedValue, resolution: exact ? "exact" : trimmed ? "trimmed" : "unknown", keyId: (exact ?? trimmed)?.id ?? null };
}

/**
 * No key was named: the one the call's own log lines show (masked; matched to a key of the region on the
 * server), and the inventory and lines of that key. A call the logs show without any key stays keyless
 * (KEY_MISSING then comes from the lines); several keys are listed, the diagnosed request's first.
 */
async function keyFromLogs(
  call: CallFacts,
  inventory: FocusedInventory,
  logs: CallLogs,
  customDomain: string | null,
  fresh: boolean,
): Promise<{ call: CallFacts; inventory: FocusedInventory; logs: CallLogs } | null> {
  const { keys: seen, keyOf } = keysOfRequests(logs.events, call.requestId);
  if (seen.length === 0 || seen[0] === "") return null;
  const keysRead = await attempt(`${call.region}/apikeys`, () => listApiKeys(awsClients(call.region)), fresh);
  const keys = { list: keysRead.state === "ok" ? keysRead.value : [], gap: keysRead.state === "gap" ? keysRead.gap : null };
  const keysFromLogs = seen
    .filter((m) => m !== "")
    .map((maskedValue) => {
      const key = keys.list.find((k) => k.maskedValue === maskedValue);
      return { maskedValue, keyId: key?.id ?? null, name: key?.name ?? null };
    });
  const chosen = keysFromLogs[0]!;
  const shown = { where: "logs", name: "execution log", maskedValue: chosen.maskedValue, keyId: chosen.keyId } as const;
  const withKey: CallFacts = {
    ...call,
    keyId: chosen.keyId,
    // Keys that cannot be listed leave the key unmatched, not unknown to AWS.
    presentedKey: keys.gap ? { ...shown, resolution: "unreadable", gap: withoutMessage(keys.gap) } : { ...shown, resolution: chosen.keyId ? "exact" : "unknown" },
    keysFromLogs,
  };
  // The key's own reads (its plans, its quota); with no key of this region behind the mask, nothing more to read.
  const withKeyInventory = chosen.keyId ? await loadFocusedInventory({ region: call.region, apiId: call.apiId!, stage: call.stage, keyId: chosen.keyId, customDomain }, { fresh }) : inventory;
  // The chosen key's requests, and those that show no key at all (refused before the key check).
  const events = logs.events.filter((e) => !e.requestId || [chosen.maskedValue, null].includes(keyOf.get(e.requestId) ?? null));
  return { call: withKey, inventory: withKeyInventory, logs: { ...logs, events } };
}

/** An id that names no REST or HTTP API is a 404 with the closest names, not a diagnosis. */
async function assertApiExists(region: string, apiId: string, inventory: FocusedInventory): Promise<void> {
  // Unreadable HTTP APIs leave the id undecided (a diagnosis with the hop unknown), not missing.
  const missing = inventory.restApi.state === "ok" && inventory.restApi.value === null && inventory.httpApi.state === "ok" && inventory.httpApi.value === null;
  if (!missing) return;
  const apis = (await cached(`${region}/restapis`, () => listRestApis(awsClients(region))).catch(() => ({ value: [] }))).value;
  const byId = closestName(
    apis.map((a) => a.id),
    apiId,
  );
  const hint = apis.length
    ? `Closest: ${
        byId
          ? `${byId} (${apis.find((a) => a.id === byId)?.name})`
          : apis
              .slice(0, 5)
              .map((a) => `${a.id} (${a.name})`)
              .join(", ")
      }.`
    : `No REST API exists in ${region}.`;
  throw new ApiError(404, "API_NOT_FOUND", `No REST or HTTP API ${apiId} in ${region}.`, `Check the id and the region. ${hint}`, { field: "api" });
}

async function readCallLogs(call: CallFacts, inventory: Round1, from: number, to: number): Promise<CallLogs> {
  const stage = inventory.stages.state === "ok" ? inventory.stages.value.find((s) => s.name === call.stage) : undefined;
  if (!stage || !call.apiId) return { status: "not-read", events: [] };
  const clients = awsClients(call.region);
  // The draft's template: the deployed snapshot (round 2) names the same one whenever logs can exist.
  const routes = inventory.resources.state === "ok" ? routesOfDraft(inventory.resources.value) : null;
  const template = (routes ? matchRoute(routes, call.path, call.method)?.template : undefined) ?? call.path;
  const masked = call.presentedKey?.maskedValue ?? (inventory.apiKey.state === "ok" ? inventory.apiKey.value?.maskedValue : null);
  const accessLogGroup = stage.accessLogSettings?.destinationArn.match(/:log-group:([^:]+)/)?.[1];

  // A stage that logs no method (every level OFF or inherited from an OFF */*), its settings unchanged since before
  // the window (lastUpdatedDate is to the second), wrote no execution line in it: no FilterLogEvents call to make.
  const logsNoMethod = Object.values(stage.methodSettings).every((s) => (s.loggingLevel ?? "OFF") === "OFF");
  const executionLogged = !logsNoMethod || stage.lastUpdatedDate === null || Date.parse(stage.lastUpdatedDate) + 1_000 > from;

  const request = { apiId: call.apiId, stage: stage.name, requestId: call.requestId ?? "", from, to };
  const callQuery = { apiId: call.apiId, stage: stage.name, method: call.method, resourcePath: template, path: call.path, ...(masked ? { maskedKeyTail: last6(masked) } : {}), from, to };
  const accessQuery = accessLogGroup ? { logGroupName: accessLogGroup, method: call.method, resourcePath: template, ...(call.requestId ? { requestIds: [call.requestId] } : {}), from, to } : null;
  const key = (kind: string, query: object) => `${call.region}/${kind}/${JSON.stringify(query)}`;
  const [execution, access] = await Promise.all([
    !executionLogged
      ? ({ status: "none-in-window", events: [] } as const)
      : call.requestId
        ? sharedLogRead(key("logs-of-request", request), () => logsOfRequest(clients, request))
        : sharedLogRead(key("logs-of-call", callQuery), () => logsOfCall(clients, callQuery)),
    // Access logs show what execution logs never do (a WAF block, the gateway response type).
    accessQuery ? sharedLogRead(key("access-logs", accessQuery), () => accessLogsOfCall(clients, accessQuery)) : null,
  ]);
  const accessEvents = access?.status === "found" ? access.events : [];
  if (execution.status === "unreadable") return { status: "unreadable", events: accessEvents, gap: execution.gap };
  const events = [...execution.events, ...accessEvents];
  return { status: events.length ? "found" : execution.status, events };
}
