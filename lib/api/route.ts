import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AwsCallError, type AwsFault } from "@/lib/aws/errors";
import { maskSecrets, redactSecrets } from "@/lib/logs/mask";
import { keyValuesIn } from "@/lib/request/parse";
import { ApiError, IAM_POLICY_LINK } from "./errors";

// The one wrapper every route handler goes through: input parsing (zod), error mapping, and no secret in
// any answer, error or server log — every key value the input carries is masked in all three, here.
// Access control will land here too.

const MAX_BODY_BYTES = 256 * 1024;

interface RouteSpec<Q extends z.ZodType, B extends z.ZodType> {
  query?: Q;
  body?: B;
}

interface RouteInput<Q extends z.ZodType, B extends z.ZodType> {
  query: z.output<Q>;
  body: z.output<B>;
  request: Request;
  params: Record<string, string>;
  /** The key values the input carries, for a handler that stores what it answers (snapshots). */
  secrets: readonly string[];
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<Q, B>,
  handler: (input: RouteInput<Q, B>) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    let secrets: string[] = [];
    try {
      const url = new URL(request.url);
      const query = parseInput(spec.query, Object.fromEntries(url.searchParams), "query") as z.output<Q>;
      const raw = spec.body ? await readJson(request) : undefined;
      secrets = secretsOfInput(raw);
      const body = (spec.body ? parseInput(spec.body, raw, "body") : undefined) as z.output<B>;
      const params = Object.fromEntries(Object.entries((await context.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const result = await handler({ query, body, request, params, secrets });
      return NextResponse.json(redactSecrets(result, secrets), { headers: { "cache-control": "no-store" } });
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.status >= 500) console.error(maskSecrets(`gatecheck: ${request.method} ${new URL(request.url).pathname}: ${describe(err)}`, secrets));
      const body = apiError.toBody();
      body.error.message = maskSecrets(body.error.message, secrets);
      body.error.hint = maskSecrets(body.error.hint, secrets);
      return NextResponse.json(body, { status: apiError.status, headers: { "cache-control": "no-store", ...apiError.extra.headers } });
    }
  };
}

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
  const problem = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
  throw new ApiError(400, "INVALID_INPUT", `\`${field}\` ${problem}.`, `Correct \`${field}\` in the ${where === "query" ? "query string" : "JSON body"} and send the request again.`, {
    field,
  });
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError(413, "BODY_TOO_LARGE", "The request body is larger than 256 KiB.", "Send a shorter request.");
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
  switch (fault.kind) {
    case "access-denied":
      return new ApiError(403, fault.code, `gatecheck's AWS credentials may not call ${what}.`, `Attach gatecheck's read-only IAM policy (iam/gatecheck-readonly.json) to the credentials gatecheck runs with.`, {
        link: IAM_POLICY_LINK,
      });
    case "not-found":
      return new ApiError(404, fault.code, `AWS found nothing for ${what}: ${fault.message}`, "Check the id and the region.");
    case "throttled":
      return new ApiError(503, fault.code, `AWS throttled ${what} even after retries.`, "Wait a few seconds and refresh.", { headers: { "retry-after": "5" } });
    case "timeout":
      return new ApiError(504, fault.code, `AWS did not answer ${what} in time.`, "Refresh; if AWS is slow, raise GATECHECK_AWS_TIMEOUT_MS.");
    case "network":
      return new ApiError(502, fault.code, `gatecheck could not reach AWS for ${what}.`, "Check the network and AWS_ENDPOINT_URL, then refresh.");
    case "bad-request":
      return new ApiError(400, fault.code, `AWS rejected ${what}: ${fault.message}`, "Check the ids and parameters given.");
    default:
      return new ApiError(502, fault.code, `AWS failed ${what}: ${fault.message}`, "Refresh; if it persists, check the AWS service health.");
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
