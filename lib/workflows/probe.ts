import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { maskSecrets } from "@/lib/logs/mask";
import { ProbeRefused, sendProbe, type ProbeResponse } from "@/lib/probe/send";
import { probeTarget, type ProbeMode } from "@/lib/probe/target";
import { toCurl } from "@/lib/request/curl";
import { redactRequestFacts, unsendablePart } from "@/lib/request/parse";
import { correctedRequest, diagnoseCallDetailed, type DiagnoseInput } from "./diagnose";

export interface ProbeInput extends DiagnoseInput {
  /** Send the request as gatecheck corrected it instead of as pasted. */
  corrected?: boolean;
}

export interface ProbeResult {
  sent: { method: string; url: string; curl: string; changes: string[] };
  response: Omit<ProbeResponse, "headers"> & { headers: Record<string, string> };
  requestId: string | null;
  extendedRequestId: string | null;
  diagnosis: Diagnosis;
}

/** Response headers worth showing: API Gateway's ids and error type, and where a redirect would have gone. */
const SHOWN_HEADERS = ["x-amzn-requestid", "x-amz-apigw-id", "x-amzn-errortype", "content-type", "location", "retry-after"];
const LOG_WAIT_MS = 20_000;
const LOG_POLL_MS = 2_000;

function probeMode(): ProbeMode {
  const endpoint = process.env.AWS_ENDPOINT_URL_API_GATEWAY ?? process.env.AWS_ENDPOINT_URL;
  return endpoint ? { kind: "endpoint", endpoint: new URL(endpoint) } : { kind: "aws" };
}

/** `POST /api/v1/probe`: sends the described request to the API's own host, then diagnoses it with its log lines. */
export async function probeCall(input: ProbeInput): Promise<ProbeResult> {
  if (!input.request) throw new ApiError(400, "INVALID_INPUT", "A pasted request is required to send a probe.", "Paste the curl command or raw HTTP request to send.", { field: "request" });
  // Configuration only: the logs worth reading are those of the request about to be sent.
  const before = await diagnoseCallDetailed({ ...input, readLogs: false });
  const pasted = before.facts!;
  const { facts: toSend, changes } = input.corrected ? correctedRequest(pasted, before.diagnosis, before.inventory) : { facts: pasted, changes: [] };
  const { apiId, region } = before.diagnosis.request;
  // A custom domain counts only when API Gateway maps it to this very API.
  const mappings = before.inventory.basePathMappings.state === "ok" ? before.inventory.basePathMappings.value : null;
  const customDomains = toSend.hostKind === "custom-domain" && toSend.host && mappings?.some((m) => m.restApiId === apiId) ? [toSend.host] : [];
  const target = probeTarget(toSend, { apiId: apiId!, region, customDomains }, probeMode());
  if (!target.ok) throw refused(target.reason);
  const unsendable = unsendablePart(toSend, true);
  if (unsendable) throw new ApiError(400, "PROBE_UNSENDABLE", unsendable.message, unsendable.hint, { field: "request" });

  const secrets = toSend.keyLocations.map((k) => k.value).filter(Boolean);
  let response: ProbeResponse;
  try {
    response = await sendProbe(target.target, { method: toSend.method, headers: toSend.headers, ...(toSend.body !== undefined ? { body: toSend.body } : {}) });
  } catch (err) {
    if (err instanceof ProbeRefused) throw refused(err.reason, 502);
    throw err;
  }
  const requestId = response.headers["x-amzn-requestid"] ?? null;
  const diagnosis = requestId ? await diagnosisWithLogs({ ...input, request: toCurl(toSend) }, requestId) : before.diagnosis;
  const masked = redactRequestFacts(toSend);
  return {
    sent: { method: toSend.method, url: masked.url ?? "", curl: toCurl(masked), changes },
    response: {
      ...response,
      headers: Object.fromEntries(SHOWN_HEADERS.filter((h) => response.headers[h] !== undefined).map((h) => [h, response.headers[h]!])),
      body: maskSecrets(response.body, secrets),
    },
    requestId,
    extendedRequestId: response.headers["x-amz-apigw-id"] ?? null,
    diagnosis,
  };
}

/** Execution logs arrive a few seconds after the call on AWS: poll while they may still come. */
async function diagnosisWithLogs(input: DiagnoseInput, requestId: string): Promise<Diagnosis> {
  const deadline = Date.now() + LOG_WAIT_MS;
  for (;;) {
    const { diagnosis } = await diagnoseCallDetailed({ ...input, requestId, to: new Date(Date.now() + 60_000).toISOString(), from: new Date(Date.now() - 5 * 60_000).toISOString() });
    const waiting = diagnosis.logStatus.status === "none-in-window" || diagnosis.logStatus.status === "group-missing";
    if (!waiting || Date.now() + LOG_POLL_MS > deadline) return diagnosis;
    await new Promise((r) => setTimeout(r, LOG_POLL_MS));
  }
}

function refused(reason: string, status = 400): ApiError {
  return new ApiError(
    status,
    status === 400 ? "PROBE_TARGET_REFUSED" : "PROBE_FAILED",
    `gatecheck did not send this request: ${reason}.`,
    "gatecheck sends probes only to the selected API's own hosts (its execute-api name, its custom domains, or the configured AWS endpoint).",
    {
      field: "request",
    },
  );
}
