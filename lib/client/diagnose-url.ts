import type { Diagnosis } from "@/lib/diagnosis/types";

// The diagnosis view's whole state lives in its URL, so a pasted link reproduces the view exactly.
// `key` is an API key *id*: a key value never enters a URL. `requestId` (x-amzn-RequestId) narrows the
// log lines to that one request.

export interface DiagnoseParams {
  /** A configured account's name (gatecheck.config.json); null: the first one. */
  account: string | null;
  region: string;
  api: string | null;
  stage: string | null;
  method: string | null;
  path: string | null;
  key: string | null;
  requestId: string | null;
  /** "1" when the caller runs inside a VPC (PUBLIC_API_BEHIND_PRIVATE_DNS). */
  fromVpc: string | null;
  from: string | null;
  to: string | null;
}

const FIELDS = ["account", "region", "api", "stage", "method", "path", "key", "requestId", "fromVpc", "from", "to"] as const;

/** The account and region of an API query: the account only when one is named (none: the first configured). */
export function scopeQuery(account: string | null, region: string): Record<string, string> {
  return account ? { account, region } : { region };
}

export function readDiagnoseParams(search: URLSearchParams, defaultRegion: string): DiagnoseParams {
  const get = (name: string) => search.get(name) || null;
  return {
    account: get("account"),
    region: get("region") ?? defaultRegion,
    api: get("api"),
    stage: get("stage"),
    method: get("method"),
    path: get("path"),
    key: get("key"),
    requestId: get("requestId"),
    fromVpc: get("fromVpc"),
    from: get("from"),
    to: get("to"),
  };
}

/** The query string of these params, in a stable order (also the API's query for GET /api/v1/diagnose); absent fields are left out. */
export function diagnoseSearch(params: Partial<DiagnoseParams>): string {
  const search = new URLSearchParams();
  for (const field of FIELDS) {
    const value = params[field];
    if (value) search.set(field, value);
  }
  return search.toString();
}

export function diagnoseHref(params: Partial<DiagnoseParams>): string {
  return `/diagnose?${diagnoseSearch(params)}`;
}

/** The same call as a JSON body for POST /api/v1/diagnose or /api/v1/snapshots (which take no nulls). */
export function diagnoseBody(params: Partial<DiagnoseParams>): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(diagnoseSearch(params)));
}

/** Time windows offered for the logs; the URL carries absolute from/to so a link keeps its window. */
export const WINDOWS = [
  { label: "15 min", ms: 15 * 60_000 },
  { label: "1 h", ms: 60 * 60_000 },
  { label: "6 h", ms: 6 * 60 * 60_000 },
  { label: "24 h", ms: 24 * 60 * 60_000 },
] as const;

/** Whether a deployed route template (`/reports/{id}/export`, `/{proxy+}`) serves a concrete path. */
export function templateMatches(template: string, path: string): boolean {
  if (template === path) return true;
  const pattern = template
    .split("/")
    .map((part) => (/^\{.+\+\}$/.test(part) ? ".+" : /^\{.+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}$`).test(path);
}

export const hasParam = (template: string) => template.includes("{");

const VERDICT_WORDS = { forbidden: "Forbidden", throttled: "Throttled", allowed: "Allowed", unknown: "Unknown" } as const;

/** The tab title of a diagnosis: the code (or the verdict) and api/stage, so a row of tabs tells them apart. */
export function diagnosisTitle(diagnosis: Pick<Diagnosis, "verdict" | "firstBreak" | "chain" | "request">): string {
  const api = diagnosis.chain.nodes.find((n) => n.kind === "api")?.label ?? diagnosis.request.apiId ?? "?";
  return `${diagnosis.firstBreak?.code ?? VERDICT_WORDS[diagnosis.verdict]} · ${api}/${diagnosis.request.stage ?? "?"} — gatecheck`;
}
