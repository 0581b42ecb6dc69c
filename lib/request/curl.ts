/**
 * PURE: a corrected request (key moved to the x-api-key header, stage put in the path, a stray
 * x-apigw-api-id removed) and its curl command. Callers mask the result before it leaves the server.
 */
import type { KeyLocation, RequestFacts, RequestHeader } from "./types";

export interface Correction {
  /** Move the first key found outside the x-api-key header into it. */
  moveKeyToHeader?: boolean;
  /** The stage the path should name: replacing a wrong first segment, or inserted before the path. */
  stage?: { name: string; mode: "replace" | "insert" };
  dropApiIdHeader?: boolean;
}

export interface CorrectedRequest {
  facts: RequestFacts;
  /** What was changed, one sentence each, for the user. */
  changes: string[];
}

const isHeader = (h: RequestHeader, name: string) => h.name.toLowerCase() === name;

function describeLocation(k: KeyLocation): string {
  return {
    body: `the body field "${k.name}"`,
    query: `the query parameter "${k.name}"`,
    authorization: "the Authorization header",
    "other-header": `the header ${k.name}`,
    header: "the x-api-key header",
  }[k.where];
}

/** Removes the JSON field at `path` ("auth.apiKey", "items[0].key"); the body unchanged when it is not JSON. */
function withoutJsonField(body: string, path: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return body;
  }
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "");
  let parent: unknown = doc;
  for (const part of parts.slice(0, -1)) parent = (parent as Record<string, unknown> | undefined)?.[part];
  const last = parts[parts.length - 1];
  if (parent && typeof parent === "object" && last !== undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete (parent as Record<string, unknown>)[last];
  }
  return JSON.stringify(doc);
}

function withoutFormField(body: string, name: string): string {
  return body
    .split("&")
    .filter((pair) => decodeURIComponent(pair.split("=")[0]?.replace(/\+/g, " ") ?? "") !== name)
    .join("&");
}

function moveKey(facts: RequestFacts, changes: string[]): RequestFacts {
  const key = facts.keyLocations.find((k) => k.where !== "header" && k.value !== "");
  if (!key) return facts;
  let { headers, body, query, url } = facts;
  if (key.where === "body" && body !== undefined) body = body.trimStart().startsWith("{") || body.trimStart().startsWith("[") ? withoutJsonField(body, key.name) : withoutFormField(body, key.name);
  if (key.where === "query") {
    query = Object.fromEntries(Object.entries(query).filter(([name]) => name !== key.name));
    if (url) {
      const u = new URL(url);
      u.searchParams.delete(key.name);
      url = u.toString();
    }
  }
  if (key.where === "authorization" || key.where === "other-header") headers = headers.filter((h) => !isHeader(h, key.where === "authorization" ? "authorization" : key.name.toLowerCase()));
  headers = [...headers.filter((h) => !isHeader(h, "x-api-key")), { name: "x-api-key", value: key.value.trim() }];
  changes.push(`Moved the API key from ${describeLocation(key)} to the x-api-key header.`);
  return {
    ...facts,
    headers,
    query,
    keyLocations: [{ where: "header", name: "x-api-key", value: key.value.trim() }],
    ...(body !== undefined ? { body } : {}),
    ...(url !== undefined ? { url } : {}),
  };
}

function setStage(facts: RequestFacts, stage: NonNullable<Correction["stage"]>, changes: string[]): RequestFacts {
  if (!facts.url || (facts.hostKind !== "execute-api" && facts.hostKind !== "vpc-endpoint")) return facts;
  const u = new URL(facts.url);
  const segments = u.pathname.split("/").filter(Boolean);
  const replaced = stage.mode === "replace" ? segments[0] : undefined;
  if (replaced !== undefined) segments[0] = stage.name;
  else segments.unshift(stage.name);
  u.pathname = `/${segments.join("/")}`;
  changes.push(replaced !== undefined ? `Replaced the stage "${replaced}" with "${stage.name}" (stage names are case-sensitive).` : `Added the stage "/${stage.name}" before the path.`);
  return { ...facts, url: u.toString(), stage: stage.name, rawPath: u.pathname, resourcePath: `/${segments.slice(1).join("/")}` };
}

function dropApiIdHeader(facts: RequestFacts, changes: string[]): RequestFacts {
  if (!facts.headers.some((h) => isHeader(h, "x-apigw-api-id"))) return facts;
  changes.push("Removed the x-apigw-api-id header (it is only for private APIs called through a VPC endpoint).");
  const { apiIdHeader: _dropped, ...rest } = facts;
  return { ...rest, headers: facts.headers.filter((h) => !isHeader(h, "x-apigw-api-id")) };
}

export function correctRequest(facts: RequestFacts, correction: Correction): CorrectedRequest {
  const changes: string[] = [];
  let out = facts;
  if (correction.moveKeyToHeader) out = moveKey(out, changes);
  if (correction.stage) out = setStage(out, correction.stage, changes);
  if (correction.dropApiIdHeader) out = dropApiIdHeader(out, changes);
  return { facts: out, changes };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The request as one curl command (POSIX shell quoting). `keyAsVariable`: the x-api-key header reads
 * `$API_KEY`, so a command shown to people runs as pasted (a masked value would fail when run).
 */
export function toCurl(facts: RequestFacts, options: { keyAsVariable?: boolean } = {}): string {
  const url = facts.url ?? `${facts.scheme ?? "https"}://${facts.host ?? "localhost"}${facts.rawPath}`;
  const parts = ["curl"];
  if (facts.method !== "GET" && !(facts.method === "POST" && facts.body !== undefined)) parts.push("-X", facts.method);
  parts.push(shellQuote(url));
  for (const h of facts.headers) parts.push("-H", options.keyAsVariable && isHeader(h, "x-api-key") ? `"${h.name}: $API_KEY"` : shellQuote(`${h.name}: ${h.value}`));
  if (facts.body !== undefined) parts.push("--data-raw", shellQuote(facts.body));
  return parts.join(" ");
}
