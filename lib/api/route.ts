import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { withAccount } from "@/lib/accounts/context";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/types";
import { hasRole, type Role } from "@/lib/auth/config";
import { identify, type User } from "@/lib/auth/identity";
import { AwsCallError, type AwsFault } from "@/lib/aws/errors";
import { maskKeyValue, maskSecrets, redactSecrets } from "@/lib/logs/mask";
import { keyValuesIn } from "@/lib/request/parse";
import { AWS_FAULT_DOCS, awsFaultAnchor, ERROR_DOCS, errorDocLink } from "./error-docs";
import { ApiError } from "./errors";
import { refusedRequest, securityHeaders } from "./guard";
import { clientOf, countAction } from "./rate-limit";

// The one wrapper every route handler goes through: the host and cross-site checks, who is asking and what
// their role allows, input parsing (zod), rate limits and audit events, error mapping, security headers, and
// no secret in any answer, error or server log — every key value the input carries is masked in all three, here.

const MAX_BODY_BYTES = 256 * 1024;

interface RouteSpec<Q extends z.ZodType, B extends z.ZodType, R> {
  query?: Q;
  body?: B;
  /** Who may call it: "public" (health checks, sign-in) or the least role; default viewer. */
  access?: "public" | Role;
  /** A counted, audited action beyond reading: its per-user rate limit and its audit event's details. */
  action?: { name: Extract<AuditAction, "probe" | "freeze">; details: (result: R) => AuditDetails };
}

type AuditDetails = Record<string, string | number | boolean | null>;

/** What needs more than viewing, in words, for the 403. */
const ACTION_WORDS: Record<string, string> = { probe: "Sending a request", freeze: "Freezing a diagnosis", "key-lookup": "Finding an API key by its value" };

/** An answer with a status other than 200, in the route's own body shape (readiness: 503 naming the dependency that failed). */
export class RouteAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** A handler's result as the answer: JSON (200, or a RouteAnswer's status), or a Response as it is (the sign-in's redirects). */
function answerOf(result: unknown, secrets: readonly string[]): Response {
  if (result instanceof Response) return result;
  const { status, body } = result instanceof RouteAnswer ? result : { status: 200, body: result };
  return NextResponse.json(redactSecrets(body, secrets), { status, headers: API_HEADERS });
}

interface RouteInput<Q extends z.ZodType, B extends z.ZodType> {
  query: z.output<Q>;
  body: z.output<B>;
  request: Request;
  params: Record<string, string>;
  /** The key values the input carries, for a handler that stores what it answers (snapshots). */
  secrets: readonly string[];
  user: User;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R = unknown>(
  spec: RouteSpec<Q, B, R>,
  handler: (input: RouteInput<Q, B>) => Promise<R>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    let secrets: string[] = [];
    try {
      const headers = withHost(request);
      const refused = refusedRequest({ method: request.method, headers, url: request.url });
      if (refused) throw refused;
      const identity = await identify(headers);
      if ("refusal" in identity && spec.access !== "public") throw identity.refusal;
      const user = "user" in identity ? identity.user : null;
      const url = new URL(request.url);
      const query = parseInput(spec.query, Object.fromEntries(url.searchParams), "query") as z.output<Q>;
      const raw = spec.body ? await readJson(request) : undefined;
      secrets = secretsOfInput(raw);
      const body = (spec.body ? parseInput(spec.body, raw, "body") : undefined) as z.output<B>;
      const params = Object.fromEntries(Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      if (spec.access === "public") return answerOf(await handler({ query, body, request, params, secrets, user: user! }), secrets);
      // A key value in the input makes gatecheck compare it with every key: that is finding a key by value.
      const needs = (secrets.length > 0 ? ["key-lookup"] : []).concat(spec.action ? [spec.action.name] : []);
      // Finding a key by value, sending or freezing needs responder on any route; it never lowers what the route asks.
      const least = spec.access ?? "viewer";
      const needed = needs.length > 0 && !hasRole({ role: least }, "responder") ? "responder" : least;
      assertRole(user!, needed, needed === least ? undefined : needs[needs.length - 1]);
      // The account every AWS read of this request goes to (lib/accounts/context.ts): `account` in the query or the body.
      const account = url.searchParams.get("account") ?? (raw !== null && typeof raw === "object" ? (raw as { account?: unknown }).account : undefined);
      if (account !== undefined && (typeof account !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(account)))
        throw new ApiError(400, "INVALID_INPUT", "The account (account) must be a configured account's name.", "Pick an account from the list.", { field: "account" });
      // Signed in, a user is counted as themselves; without sign-in, by address.
      const who = user!.sub === "local" ? clientOf(request) : `user:${user!.sub}`;
      for (const action of needs) await countAction(action as "probe" | "freeze" | "key-lookup", who);
      // Recorded when asked, whatever comes of it: the lookup itself is what an audit wants to see.
      const keys: AuditDetails = secrets.length > 0 ? { keys: [...new Set(secrets.map((s) => maskKeyValue(s.trim())))].join(", ") } : {};
      if (secrets.length > 0) await recordAudit("key-lookup", user!, { route: url.pathname, ...keys, ...(account ? { account } : {}) });
      let result: R;
      try {
        result = await withAccount(account, () => handler({ query, body, request, params, secrets, user: user! }));
      } catch (err) {
        if (spec.action) await recordAudit(spec.action.name, user!, { failed: toApiError(err).code, ...keys });
        throw err;
      }
      // Masked like the answer: a target URL may carry a key anywhere in it.
      if (spec.action) await recordAudit(spec.action.name, user!, { ...redactSecrets(spec.action.details(result), secrets), ...keys, ...(account ? { account } : {}) });
      return answerOf(result, secrets);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.status >= 500) console.error(maskSecrets(`gatecheck: ${request.method} ${new URL(request.url).pathname}: ${describe(err)}`, secrets));
      const body = apiError.toBody();
      body.error.message = maskSecrets(body.error.message, secrets);
      body.error.hint = maskSecrets(body.error.hint, secrets);
      return errorResponse(apiError, body);
    }
  };
}

const API_HEADERS = { "cache-control": "no-store", ...securityHeaders("api") };

function errorResponse(error: ApiError, body = error.toBody()): Response {
  return NextResponse.json(body, { status: error.status, headers: { ...API_HEADERS, ...error.extra.headers } });
}

/** A request built without a Host header (a handler called directly) is judged by its URL's host. */
function withHost(request: Request): Headers {
  if (request.headers.has("host")) return request.headers;
  const headers = new Headers(request.headers);
  headers.set("host", new URL(request.url).host);
  return headers;
}

function assertRole(user: User, needed: Role, action: string | undefined): void {
  if (hasRole(user, needed)) return;
  const what = action ? ACTION_WORDS[action]! : "This page";
  throw new ApiError(
    403,
    "ROLE_REQUIRED",
    `${what} needs the ${needed} role; you are signed in as ${user.role}.`,
    `Ask an admin to add you to a group mapped to ${needed} (GATECHECK_${needed.toUpperCase()}_GROUPS).`,
  );
}

type Handler = (request: Request, context: RouteContext) => Promise<Response>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * A route's handlers, every other method answering 405 in the one JSON error shape (Next's own 405 has an
 * empty body). HEAD and OPTIONS stay Next's: HEAD runs GET, OPTIONS lists the methods and grants no CORS.
 */
export function routeMethods(handlers: Partial<Record<(typeof METHODS)[number], Handler>>): Record<(typeof METHODS)[number], Handler> {
  const allowed = METHODS.filter((m) => handlers[m]);
  const notAllowed: Handler = async (request) =>
    errorResponse(
      new ApiError(405, "METHOD_NOT_ALLOWED", `This route does not answer ${request.method}.`, `Use ${allowed.join(" or ")}.`, {
        headers: { allow: allowed.join(", ") },
      }),
    );
  return Object.fromEntries(METHODS.map((m) => [m, handlers[m] ?? notAllowed])) as Record<(typeof METHODS)[number], Handler>;
}

/** Any path under /api/ that names no route: 404 in the one JSON error shape, whatever the method. */
export const unknownApiPath: Handler = async () => errorResponse(new ApiError(404, "NOT_FOUND", "No API route has this path.", ERROR_DOCS.NOT_FOUND!.fix));

/** Key values a JSON body carries: a typed-in `keyValue`, and every key-like token of a pasted `request`. */
function secretsOfInput(raw: unknown): string[] {
  if (raw === null || typeof raw !== "object") return [];
  const { request, keyValue } = raw as { request?: unknown; keyValue?: unknown };
  const typed = typeof keyValue === "string" ? [keyValue, keyValue.trim()] : [];
  return [...typed, ...(typeof request === "string" ? keyValuesIn(request) : [])].filter((s) => s.length > 0);
}

function parseInput<S extends z.ZodType>(schema: S | undefined, value: unknown, where: "query" | "body"): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".") || where;
  // zod 4 leaves the input out of its issues: whether the field was given is read from the input itself.
  const problem = issue.code === "invalid_type" && !isPresent(value, issue.path) ? "is required" : issue.message;
  throw new ApiError(
    400,
    "INVALID_INPUT",
    `${FIELD_NAMES[field] ? `${FIELD_NAMES[field]} (${field})` : `The field ${field}`} ${problem}.`,
    where === "query" ? "Change it in the page (or in the link) and try again." : "Change it and send again.",
    {
      field,
    },
  );
}

/** Fields in words people use; the `field` of the error keeps the machine name. */
const FIELD_NAMES: Record<string, string> = {
  account: "The account",
  region: "The region",
  api: "The API id",
  stage: "The stage",
  method: "The method",
  path: "The resource path",
  key: "The API key id",
  keyValue: "The API key value",
  request: "The pasted request",
  requestId: "The request id",
  from: "The start of the time window",
  to: "The end of the time window",
  fromVpc: "The from-VPC switch",
  fresh: "The fresh switch",
  corrected: "The corrected switch",
  q: "The search text",
  limit: "The number of results",
  since: "The triage window",
  scope: "The triage scope",
  body: "The request body",
  query: "The query string",
  code: "The finding code",
  option: "The fix option",
  fingerprint: "The preview's fingerprint",
  undoToken: "The undo token",
};

function isPresent(value: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at !== undefined;
}

const bodyTooLarge = () => new ApiError(413, "BODY_TOO_LARGE", "The request body is larger than 256 KiB.", "Send a shorter request.", { field: "body" });

/** The body as UTF-8 text, counted in bytes as it arrives: reading stops at the limit, whatever is sent. */
async function readBody(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) throw bodyTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw bodyTooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, "INVALID_JSON", "The request body is not valid UTF-8.", "Send the JSON body encoded as UTF-8.", { field: "body" });
  }
}

async function readJson(request: Request): Promise<unknown> {
  const text = await readBody(request);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "INVALID_JSON", "The request body is not valid JSON.", 'Send a JSON object, for example {"request": "curl …"}.', { field: "body" });
  }
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AwsCallError) return fromAwsFault(err.fault);
  return new ApiError(500, "INTERNAL", "gatecheck failed unexpectedly.", "Retry; if it persists, report it with the server log line of this request.");
}

export function fromAwsFault(fault: AwsFault): ApiError {
  const what = `${fault.operation} (${fault.action})`;
  // The hint is the fault kind's entry on /docs/errors, which the link opens.
  const make = (status: number, message: string, headers?: Record<string, string>) =>
    new ApiError(status, fault.code, message, AWS_FAULT_DOCS[fault.kind].fix, { link: errorDocLink(awsFaultAnchor(fault.kind)), ...(headers ? { headers } : {}) });
  switch (fault.kind) {
    case "access-denied":
      return make(403, `gatecheck's AWS credentials may not call ${what}.`);
    case "not-found":
      return make(404, `AWS found nothing for ${what}: ${fault.message}`);
    case "throttled":
      return make(503, `AWS throttled ${what} even after retries.`, { "retry-after": "5" });
    case "timeout":
      return make(504, `AWS did not answer ${what} in time.`);
    case "network":
      return make(502, `gatecheck could not reach AWS for ${what}.`);
    case "bad-request":
      return make(400, `AWS rejected ${what}: ${fault.message}`);
    default:
      return make(502, `AWS failed ${what}: ${fault.message}`);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
