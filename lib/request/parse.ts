/**
 * PURE: turns what a user pasted (a curl command, a raw HTTP request, or a URL) into RequestFacts.
 * No I/O; runs in the browser too. Error messages never quote the input: it may hold a key.
 */
import { maskKeyValue } from "../logs/mask";
import { locateApi } from "./host";
import { splitCommandLine } from "./shell";
import type { KeyLocation, ParseRequestOptions, ParseRequestResult, RequestFacts, RequestHeader, RequestParseError } from "./types";

/** What each input form yields before URL, path and key analysis, which all forms share. */
interface Draft {
  method: string;
  /** absolute URL (curl, bare URL, absolute-form target), or "//host/path" from a Host header */
  url?: string;
  /** origin-form target of a raw HTTP request without any host: "/prod/pets?type=dog" */
  target?: string;
  headers: RequestHeader[];
  body?: string;
}

type Step<T> = { ok: true; value: T } | { ok: false; error: RequestParseError };

const fail = (message: string, hint: string): { ok: false; error: RequestParseError } => ({
  ok: false,
  error: { field: "request", message, hint },
});

const EXPECTED_HINT =
  "Paste a curl command (curl https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/path -H 'x-api-key: …'), " +
  "a raw HTTP request (GET /{stage}/path HTTP/1.1 with a Host header), or the invoke URL.";

export function parseRequest(text: string, options: ParseRequestOptions = {}): ParseRequestResult {
  // a shell prompt copied along with the command
  const input = text.trim().replace(/^[$>]\s+/, "");
  if (input === "") return fail("The request is empty.", EXPECTED_HINT);

  const draft = /^curl(?:\.exe)?(?:\s|$)/i.test(input) ? parseCurl(input) : (parseRawHttp(input) ?? parseBareUrl(input));
  if (draft === null) {
    return fail("The request is not a curl command, a raw HTTP request or a URL.", EXPECTED_HINT);
  }
  if (!draft.ok) return draft;

  const unsendable = unsendablePart(draft.value);
  if (unsendable) return { ok: false, error: unsendable };
  const facts = buildFacts(draft.value, options.knownKeyValues ?? []);
  return facts.ok ? { ok: true, facts: facts.value } : facts;
}

// ---------------------------------------------------------------------------------------- curl

/** Options that take a value; any other option is a switch, so an unknown one cannot eat the URL. */
const CURL_VALUE_OPTIONS = new Set([
  "-X",
  "--request",
  "-H",
  "--header",
  "-d",
  "--data",
  "--data-ascii",
  "--data-binary",
  "--data-raw",
  "--data-urlencode",
  "--json",
  "--url",
  "-u",
  "--user",
  "-A",
  "--user-agent",
  "-e",
  "--referer",
  "-b",
  "--cookie",
  "-c",
  "--cookie-jar",
  "-o",
  "--output",
  "-w",
  "--write-out",
  "-m",
  "--max-time",
  "--connect-timeout",
  "-x",
  "--proxy",
  "-U",
  "--proxy-user",
  "-F",
  "--form",
  "--form-string",
  "-E",
  "--cert",
  "--key",
  "--cacert",
  "--capath",
  "--cert-type",
  "--key-type",
  "-T",
  "--upload-file",
  "-r",
  "--range",
  "-K",
  "--config",
  "-D",
  "--dump-header",
  "--retry",
  "--retry-delay",
  "--retry-max-time",
  "--resolve",
  "--connect-to",
  "--aws-sigv4",
  "--oauth2-bearer",
  "--limit-rate",
  "--max-filesize",
  "--interface",
  "--dns-servers",
  "--output-dir",
  "--trace",
  "--trace-ascii",
  "--stderr",
  "-Y",
  "--speed-limit",
  "-y",
  "--speed-time",
  "-z",
  "--time-cond",
  "-C",
  "--continue-at",
  "-P",
  "--ftp-port",
  "-Q",
  "--quote",
  "-t",
  "--telnet-option",
  "--variable",
  "--proxy-header",
  "--noproxy",
  "--expect100-timeout",
  "--happy-eyeballs-timeout-ms",
]);

/** Options that set a request header. */
const CURL_HEADER_OPTIONS: Record<string, string> = {
  "-A": "User-Agent",
  "--user-agent": "User-Agent",
  "-e": "Referer",
  "--referer": "Referer",
  "-b": "Cookie",
  "--cookie": "Cookie",
};

type CurlArg = { option: string; value: string } | { option: string; value?: undefined } | { positional: string };

/** Expands "-sSL", "-XPOST", "--request=POST" and "--" into one entry per option. */
function expandCurlArgs(args: readonly string[]): Step<CurlArg[]> {
  const out: CurlArg[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    const takeNext = (option: string): boolean => {
      const value = args[i + 1];
      if (value === undefined) return false;
      out.push({ option, value });
      i += 1;
      return true;
    };
    if (optionsEnded || !arg.startsWith("-") || arg === "-") {
      out.push({ positional: arg });
    } else if (arg === "--") {
      optionsEnded = true;
    } else if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (eq > 0 && CURL_VALUE_OPTIONS.has(name)) out.push({ option: name, value: arg.slice(eq + 1) });
      else if (!CURL_VALUE_OPTIONS.has(arg)) out.push({ option: arg });
      else if (!takeNext(arg)) return missingValue(arg);
    } else {
      for (let j = 1; j < arg.length; j += 1) {
        const option = `-${arg.charAt(j)}`;
        if (!CURL_VALUE_OPTIONS.has(option)) {
          out.push({ option });
          continue;
        }
        const attached = arg.slice(j + 1);
        if (attached !== "") out.push({ option, value: attached });
        else if (!takeNext(option)) return missingValue(option);
        break;
      }
    }
  }
  return { ok: true, value: out };
}

const missingValue = (option: string): { ok: false; error: RequestParseError } => fail(`The curl option ${option} has no value after it.`, `Give ${option} its value, or remove it.`);

/** curl -H: "Name: value"; "Name;" sends an empty value; "Name:" only removes a header curl adds. */
function curlHeader(arg: string): RequestHeader | null {
  const colon = arg.indexOf(":");
  if (colon > 0) {
    const value = arg.slice(colon + 1).replace(/^[ \t]+/, "");
    return value === "" ? null : { name: arg.slice(0, colon).trim(), value };
  }
  return arg.endsWith(";") && arg.length > 1 ? { name: arg.slice(0, -1).trim(), value: "" } : null;
}

/** curl's URL encoding: everything but unreserved characters. */
const urlEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** --data-urlencode "name=content" | "=content" | "content"; "name@file" reads a file: unknown here. */
function curlUrlEncodeArg(arg: string): string | null {
  const eq = arg.indexOf("=");
  if (eq >= 0) {
    const name = arg.slice(0, eq);
    return name === "" ? urlEncode(arg.slice(eq + 1)) : `${name}=${urlEncode(arg.slice(eq + 1))}`;
  }
  return arg.includes("@") ? null : urlEncode(arg);
}

const hasHeader = (headers: readonly RequestHeader[], name: string): boolean => headers.some((h) => h.name.toLowerCase() === name);

function parseCurl(command: string): Step<Draft> {
  const split = splitCommandLine(command);
  if (!split.ok) {
    return fail(`The curl command has an unterminated ${split.quote} quote.`, "Paste the command exactly as copied; inside '…' a single quote is written '\\''.");
  }
  const expanded = expandCurlArgs(split.args.slice(1));
  if (!expanded.ok) return expanded;

  let method: string | undefined;
  let head = false;
  let get = false;
  let form = false;
  let json = false;
  let sendsData = false;
  const data: string[] = [];
  const urls: string[] = [];
  const headers: RequestHeader[] = [];

  for (const arg of expanded.value) {
    if ("positional" in arg) {
      urls.push(arg.positional);
      continue;
    }
    const { option, value } = arg;
    if (value === undefined) {
      if (option === "-G" || option === "--get") get = true;
      else if (option === "-I" || option === "--head") head = true;
      continue;
    }
    const headerName = CURL_HEADER_OPTIONS[option];
    if (headerName !== undefined) {
      // -b without "=" names a cookie file
      if (headerName !== "Cookie" || value.includes("=")) headers.push({ name: headerName, value });
      continue;
    }
    if (option === "--json") {
      // --data-binary plus JSON headers (added below)
      json = true;
      sendsData = true;
      if (!value.startsWith("@")) data.push(value);
      continue;
    }
    switch (option) {
      case "-X":
      case "--request":
        method = value;
        break;
      case "-H":
      case "--header": {
        const header = value.startsWith("@") ? null : curlHeader(value);
        if (header) headers.push(header);
        break;
      }
      case "--oauth2-bearer":
        headers.push({ name: "Authorization", value: `Bearer ${value}` });
        break;
      case "--url":
        urls.push(value);
        break;
      case "-F":
      case "--form":
      case "--form-string":
        form = true;
        break;
      case "-d":
      case "--data":
      case "--data-ascii":
      case "--data-binary":
        sendsData = true;
        // "@file" / "@-" read a file or stdin, which a pasted command does not carry
        if (!value.startsWith("@")) data.push(value);
        break;
      case "--data-raw":
        sendsData = true;
        data.push(value);
        break;
      case "--data-urlencode": {
        sendsData = true;
        const encoded = curlUrlEncodeArg(value);
        if (encoded !== null) data.push(encoded);
        break;
      }
    }
  }

  const rawUrl = urls.find((u) => u.includes("://")) ?? urls[0];
  if (rawUrl === undefined) {
    return fail("The curl command has no URL.", "Add the invoke URL: curl https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/path");
  }
  // curl's own default for a URL without a scheme
  let url = rawUrl.includes("://") ? rawUrl : `http://${rawUrl}`;
  const joined = data.join(json ? "" : "&");
  let body: string | undefined;
  if (get) {
    if (data.length > 0) url += (url.includes("?") ? "&" : "?") + joined;
  } else if (sendsData) {
    if (data.length > 0) body = joined;
    if (!hasHeader(headers, "content-type")) {
      headers.push({ name: "Content-Type", value: json ? "application/json" : "application/x-www-form-urlencoded" });
    }
    if (json && !hasHeader(headers, "accept")) headers.push({ name: "Accept", value: "application/json" });
  }

  const defaultMethod = head ? "HEAD" : (sendsData && !get) || form ? "POST" : "GET";
  const draft: Draft = { method: (method ?? defaultMethod).toUpperCase(), url, headers };
  if (body !== undefined) draft.body = body;
  return { ok: true, value: draft };
}

// ------------------------------------------------------------------------------ raw HTTP, URL

const REQUEST_LINE = /^(?<method>[A-Za-z]+) +(?<target>\S+)(?: +(?<version>HTTP\/\d(?:\.\d)?))? *$/;
const HTTP_VERBS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/** "GET /prod/pets HTTP/1.1" + headers + blank line + body; also "POST https://…" (REST-client files). */
function parseRawHttp(input: string): Step<Draft> | null {
  const lines = input.split(/\r?\n/);
  const request = REQUEST_LINE.exec(lines[0] ?? "")?.groups;
  if (!request?.method || !request.target) return null;
  const method = request.method.toUpperCase();
  const absolute = /^https?:\/\//i.test(request.target);
  if (!absolute && !request.target.startsWith("/")) return null;
  if (request.version === undefined && !HTTP_VERBS.has(method)) return null;

  const headers: RequestHeader[] = [];
  let authority: string | undefined;
  let n = 1;
  for (; n < lines.length; n += 1) {
    const line = lines[n] ?? "";
    if (line.trim() === "") break;
    const previous = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && previous) {
      previous.value = `${previous.value} ${line.trim()}`; // obsolete line folding
      continue;
    }
    // HTTP/2 pseudo-headers as browsers' dev tools show them
    const pseudo = /^:(?<name>[a-z]+):\s*(?<value>.*)$/.exec(line)?.groups;
    if (pseudo) {
      if (pseudo.name === "authority") authority = pseudo.value?.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      return fail(`Line ${n + 1} of the HTTP request is not a "Name: value" header.`, "Put each header on its own line, and a blank line between the headers and the body.");
    }
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  const body = lines.slice(n + 1).join("\n");

  const draft: Draft = { method, headers };
  const host = headers.find((h) => h.name.toLowerCase() === "host")?.value || authority;
  if (absolute) draft.url = request.target;
  // the scheme is not part of a raw request; the Host header still names the endpoint
  else if (host) draft.url = `//${host}${request.target}`;
  else draft.target = request.target;
  if (body !== "") draft.body = body;
  return { ok: true, value: draft };
}

/** A URL on its own; without a scheme, https (API Gateway serves nothing else). */
function parseBareUrl(input: string): Step<Draft> | null {
  if (/\s/.test(input)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return { ok: true, value: { method: "GET", url: input, headers: [] } };
  if (/^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#]|$)/i.test(input)) {
    return { ok: true, value: { method: "GET", url: `https://${input}`, headers: [] } };
  }
  return null;
}

// ------------------------------------------------------------------------------ what HTTP can carry

/** RFC 9110 token: what a method and a header name are made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A field value holds tab, visible ASCII and Latin-1 bytes; CR, LF, NUL and wider characters cannot be sent. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * A method or header no HTTP client can send, named (never quoted: a value may be a key). A line break at
 * either end of a value is kept for the diagnosis (a key with a trailing newline is a classic KEY_UNKNOWN);
 * `exact` refuses it too, for sending.
 */
export function unsendablePart(draft: Pick<RequestFacts, "method" | "headers">, exact = false): RequestParseError | null {
  if (!TOKEN.test(draft.method)) {
    return { field: "request", message: "The method is not a single HTTP token (it holds a space, a quote or a non-ASCII character).", hint: "Use a method such as GET or POST: -X POST." };
  }
  for (const [i, { name, value }] of draft.headers.entries()) {
    const which = TOKEN.test(name) ? `The header ${name}` : `Header ${i + 1}`;
    if (!TOKEN.test(name)) {
      return {
        field: "request",
        message: `${which}'s name is not an HTTP token (it holds a space, a colon or a non-ASCII character).`,
        hint: "Header names are letters, digits and - only: -H 'x-api-key: …'.",
      };
    }
    if (!FIELD_VALUE.test(exact ? value : value.trim())) {
      return {
        field: "request",
        message: `${which} holds a line break, a NUL or a character beyond Latin-1, which HTTP cannot carry.`,
        hint: "Retype the value in plain ASCII; API keys are letters and digits.",
      };
    }
  }
  return null;
}

// -------------------------------------------------------------------------------- URL → facts

/** The parts of "scheme://authority/path?query#fragment", split by scanning once (no backtracking). */
interface UrlParts {
  scheme?: string;
  authority: string;
  path: string;
  query?: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/i;
/** Space and control characters: curl refuses them in a URL, and Node cannot send them. */
const UNSENDABLE_IN_URL = /[\u0000-\u0020\u007f]/;

/** "path?query#fragment" → path and query. */
function splitTarget(target: string): { path: string; query?: string } {
  const hash = target.indexOf("#");
  const beforeFragment = hash < 0 ? target : target.slice(0, hash);
  const question = beforeFragment.indexOf("?");
  return question < 0 ? { path: beforeFragment } : { path: beforeFragment.slice(0, question), query: beforeFragment.slice(question + 1) };
}

function splitUrl(url: string): UrlParts | null {
  const slashes = url.indexOf("//");
  if (slashes < 0) return null;
  let scheme: string | undefined;
  if (slashes > 0) {
    if (url.charAt(slashes - 1) !== ":") return null;
    scheme = url.slice(0, slashes - 1);
    if (!SCHEME.test(scheme)) return null;
  }
  const rest = url.slice(slashes + 2);
  let end = rest.length;
  for (const delimiter of ["/", "?", "#"]) {
    const at = rest.indexOf(delimiter);
    if (at >= 0 && at < end) end = at;
  }
  const parts: UrlParts = { authority: rest.slice(0, end), ...splitTarget(rest.slice(end)) };
  if (scheme !== undefined) parts.scheme = scheme;
  return parts;
}

interface Location {
  scheme?: "https" | "http";
  host?: string;
  port?: number;
  rawPath: string;
  query: string;
}

function parseLocation(draft: Draft): Step<Location> {
  if (draft.url === undefined) {
    const target = splitTarget(draft.target ?? "/");
    return { ok: true, value: { rawPath: target.path || "/", query: target.query ?? "" } };
  }
  if (UNSENDABLE_IN_URL.test(draft.url)) {
    return fail("The URL contains a space or a control character.", "Percent-encode it (a space is %20), or quote the URL so the shell keeps it whole.");
  }
  const parts = splitUrl(draft.url);
  if (!parts) return fail("The URL is not valid.", "Use the invoke URL: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/path");
  const scheme = parts.scheme?.toLowerCase();
  if (scheme !== undefined && scheme !== "https" && scheme !== "http") {
    return fail("The URL's scheme is neither https nor http.", "API Gateway is called over https://.");
  }
  // user:password@ in front of the host is sent as Basic auth, not as part of the host
  const authority = parts.authority.slice(parts.authority.lastIndexOf("@") + 1);
  const hostPort = /^(?<host>\[[^\]]*\]|[^:]*)(?::(?<port>\d*))?$/.exec(authority)?.groups;
  const host = hostPort?.host?.toLowerCase();
  if (!hostPort || !host) {
    return fail("The URL has no valid host.", "Use the invoke URL: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/path");
  }
  const location: Location = { host, rawPath: parts.path || "/", query: parts.query ?? "" };
  if (scheme !== undefined) location.scheme = scheme;
  if (hostPort.port) {
    const port = Number(hostPort.port);
    if (port < 1 || port > 65535) return fail("The URL's port is out of range.", "Use a port from 1 to 65535, or none.");
    location.port = port;
  }
  return { ok: true, value: location };
}

/** application/x-www-form-urlencoded decoding that keeps undecodable text as sent. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

function parseFormPairs(s: string): [string, string][] {
  return s
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq < 0 ? [formDecode(pair), ""] : [formDecode(pair.slice(0, eq)), formDecode(pair.slice(eq + 1))];
    });
}

function parseQuery(query: string): Record<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of parseFormPairs(query)) params.set(name, [...(params.get(name) ?? []), value]);
  // fromEntries defines own properties, so "__proto__" is just a name
  return Object.fromEntries(params);
}

function buildFacts(draft: Draft, knownKeyValues: readonly string[]): Step<RequestFacts> {
  const location = parseLocation(draft);
  if (!location.ok) return location;
  const { scheme, host, port, rawPath, query } = location.value;

  const header = (name: string): string | undefined => draft.headers.find((h) => h.name.toLowerCase() === name)?.value;
  const apiIdHeader = header("x-apigw-api-id")?.trim();
  const routing: { hostHeader?: string; apiIdHeader?: string } = {};
  const hostHeader = header("host");
  if (hostHeader !== undefined) routing.hostHeader = hostHeader.replace(/:\d+$/, "");
  if (apiIdHeader !== undefined) routing.apiIdHeader = apiIdHeader;

  const facts: RequestFacts = {
    method: draft.method,
    ...locateApi(host, rawPath, routing),
    rawPath,
    query: parseQuery(query),
    headers: draft.headers,
    keyLocations: [],
  };
  if (scheme !== undefined && draft.url !== undefined) {
    facts.url = draft.url;
    facts.scheme = scheme;
  }
  if (host !== undefined) facts.host = host;
  if (port !== undefined) facts.port = port;
  if (draft.body !== undefined) facts.body = draft.body;
  if (apiIdHeader !== undefined) facts.apiIdHeader = apiIdHeader;
  facts.keyLocations = findKeyLocations(facts, new Set(knownKeyValues));
  return { ok: true, value: facts };
}

// ------------------------------------------------------------------------------ key locations

/** AWS API key values are 20 to 128 characters; generated ones are alphanumeric. */
const KEY_LIKE = /^[A-Za-z0-9]{20,128}$/;
/** Names that suggest a key sits there. */
const KEY_NAME_HINT = /key|api|token|auth|secret|cred/i;
/** Authorization: bare value, or one behind a scheme a key is commonly sent with. */
const AUTHORIZATION_VALUE = /^(?:(?:Bearer|ApiKey|Api-Key|Token|Key)\s+)?(?<token>\S+)\s*$/i;

/**
 * Headers that carry no API key: protocol and browser headers, and AWS headers whose values
 * look key-like without being one (x-amz-content-sha256 is 64 hex characters). A known key
 * value still counts in them.
 */
const NOT_KEY_HEADERS = new Set([
  "host",
  "content-type",
  "content-length",
  "content-encoding",
  "accept",
  "accept-encoding",
  "accept-language",
  "accept-charset",
  "user-agent",
  "connection",
  "cache-control",
  "pragma",
  "origin",
  "referer",
  "te",
  "upgrade",
  "expect",
  "dnt",
  "priority",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "range",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-content-sha256",
  "x-amz-user-agent",
  "x-amz-target",
  "x-amzn-trace-id",
  "x-apigw-api-id",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-forwarded-host",
  "x-request-id",
  "x-correlation-id",
  "traceparent",
  "tracestate",
  "postman-token",
]);

interface Candidate {
  location: KeyLocation;
  score: number;
}

function findKeyLocations(facts: RequestFacts, known: ReadonlySet<string>): KeyLocation[] {
  const isKnown = (v: string): boolean => known.has(v) || known.has(v.trim());
  const candidates: Candidate[] = [];
  const consider = (where: KeyLocation["where"], name: string, value: string): void => {
    const trimmed = value.trim();
    const knownValue = isKnown(value);
    // the x-api-key header is the key by definition, whatever it holds
    if (where !== "header" && !knownValue && !KEY_LIKE.test(trimmed)) return;
    const score =
      (where === "header" ? 1000 : 0) + (knownValue ? 100 : 0) + (where === "authorization" || KEY_NAME_HINT.test(name) ? 10 : 0) + (/[0-9]/.test(trimmed) && /[A-Za-z]/.test(trimmed) ? 2 : 0);
    candidates.push({ location: { where, name, value }, score });
  };

  for (const { name, value } of facts.headers) {
    const lower = name.toLowerCase();
    if (lower === "x-api-key") consider("header", name, value);
    else if (lower === "authorization") {
      const token = AUTHORIZATION_VALUE.exec(value)?.groups?.token;
      if (token !== undefined) consider("authorization", name, token);
    } else if (!NOT_KEY_HEADERS.has(lower) && !lower.startsWith("sec-")) consider("other-header", name, value);
    else if (isKnown(value)) consider("other-header", name, value);
  }
  for (const [name, values] of Object.entries(facts.query)) {
    for (const value of values) consider("query", name, value);
  }
  if (facts.body !== undefined) {
    for (const [name, value] of bodyFields(facts.body, facts.headers)) consider("body", name, value);
  }

  const unique = new Map<string, Candidate>();
  for (const c of candidates) {
    const id = JSON.stringify([c.location.where, c.location.name, c.location.value]);
    if (!unique.has(id)) unique.set(id, c);
  }
  return [...unique.values()]
    .sort((a, b) => b.score - a.score) // stable: ties keep header → query → body order
    .map((c) => c.location);
}

/** String fields of a JSON or form-encoded body, with their JSON path / field name. */
function bodyFields(body: string, headers: readonly RequestHeader[]): [string, string][] {
  const contentType = headers.find((h) => h.name.toLowerCase() === "content-type")?.value ?? "";
  const trimmed = body.trim();
  if (/json/i.test(contentType) || /^[[{]/.test(trimmed)) {
    try {
      return jsonStrings(JSON.parse(trimmed), "");
    } catch {
      // not JSON after all: try form encoding below
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType) || /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/.test(trimmed)) {
    return parseFormPairs(trimmed);
  }
  return [];
}

function jsonStrings(value: unknown, path: string): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => jsonStrings(item, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => jsonStrings(item, path === "" ? key : `${path}.${key}`));
  }
  return [];
}

// ---------------------------------------------------------------------------------- redaction

/**
 * The facts with every key value found masked like AWS masks keys, wherever it appears (URL,
 * query, headers, body, keyLocations): what may leave the server (DESIGN.md, invariants).
 */
export function redactRequestFacts(facts: RequestFacts): RequestFacts {
  const secrets = [...new Set(facts.keyLocations.flatMap((l) => [l.value, l.value.trim()]))].filter((s) => s !== "").sort((a, b) => b.length - a.length); // a value's trimmed form after the value itself
  const redact = (s: string): string => secrets.reduce((out, secret) => out.split(secret).join(maskKeyValue(secret)), s);

  const redacted: RequestFacts = {
    ...facts,
    query: Object.fromEntries(Object.entries(facts.query).map(([name, values]) => [name, values.map(redact)])),
    headers: facts.headers.map((h) => ({ name: h.name, value: redact(h.value) })),
    keyLocations: facts.keyLocations.map((l) => ({ ...l, value: maskKeyValue(l.value) })),
  };
  if (facts.url !== undefined) redacted.url = redact(facts.url);
  if (facts.body !== undefined) redacted.body = redact(facts.body);
  return redacted;
}

/** A run of letters and digits as long as an API key: what any key-like token in pasted text looks like. */
const KEY_LIKE_TOKEN = /[A-Za-z0-9]{20,}/g;

/**
 * Every value in a pasted request that may be a key, for masking wherever the request is echoed: the key
 * locations found, and every key-like token anywhere in the text (a cookie, "token=KEY", a plain-text body,
 * userinfo) except the host's own labels. Works on text that does not parse too.
 */
export function keyValuesIn(text: string): string[] {
  const parsed = parseRequest(text);
  const located = parsed.ok ? parsed.facts.keyLocations.flatMap((l) => [l.value, l.value.trim()]) : [];
  const host = parsed.ok ? (parsed.facts.host ?? "") : "";
  const tokens = (text.match(KEY_LIKE_TOKEN) ?? []).filter((t) => !host.includes(t.toLowerCase()));
  return [...new Set([...located, ...tokens])].filter((v) => v !== "");
}
