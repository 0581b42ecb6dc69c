// Wire helpers shared by the control-plane handlers: the call context, JSON bodies, AWS paging and
// JSON-Patch operations, each in the one form API Gateway uses for every operation.
import { AwsError, badRequest, type SimRequest, type SimResponse } from "../http";
import type { SimState } from "../state";

/** One resolved control-plane call, as a handler sees it. */
export interface Call {
  req: SimRequest;
  state: SimState;
  /** Wall clock, ms. */
  now: number;
  /** URI labels of the matched route, percent-decoded (`restApiId`, `stageName`, …). */
  params: Record<string, string>;
}

export type Handler = (call: Call) => SimResponse;

/** A required URI label; the router guarantees every label of its template is present. */
export function param(call: Call, name: string): string {
  const value = call.params[name];
  if (value === undefined) throw new Error(`route has no label {${name}}`);
  return value;
}

const serializationError = (message: string) => new AwsError(400, "SerializationException", message);

/** The request body as a JSON object (`{}` when empty), failing the way AWS's JSON layer does. */
export function jsonBody(req: SimRequest): Record<string, unknown> {
  if (req.body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw serializationError("Unable to parse request body as JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw serializationError("Request body must be a JSON object");
  return parsed as Record<string, unknown>;
}

/** A string member of a JSON body; AWS rejects other JSON types at deserialization. */
export function stringMember(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw serializationError(`class ${javaTypeOf(value)} can not be converted to an String`);
  return value;
}

function javaTypeOf(value: unknown): string {
  if (typeof value === "boolean") return "java.lang.Boolean";
  if (typeof value === "number") return "com.amazon.coral.value.json.numbers.TruncatingBigNumber";
  return "java.util.LinkedHashMap";
}

/** Boolean query parameters and patch values: AWS reads anything but "true" as false. */
export const isTrue = (value: string | null | undefined): boolean => value?.toLowerCase() === "true";

// ---- paging -------------------------------------------------------------------------------------

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;

export interface PageParams {
  /** Query parameter holding the page size (`limit`; v2: `maxResults`). */
  size: string;
  /** Query parameter holding the opaque token (`position`; v2: `nextToken`). */
  token: string;
}

const REST_PAGING: PageParams = { size: "limit", token: "position" };

/**
 * One page of `items` the way API Gateway pages: default 25, at most 500, an opaque token that is
 * absent on the last page. The token encodes the offset, so it survives between independent calls.
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams, names: PageParams = REST_PAGING): { items: T[]; next?: string } {
  const rawSize = query.get(names.size);
  const size = rawSize === null ? DEFAULT_PAGE_SIZE : Number(rawSize);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badRequest(`Invalid ${names.size} value ${rawSize}: must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  const token = query.get(names.token);
  const offset = token === null ? 0 : decodeToken(token);
  if (offset === undefined) throw badRequest(`Invalid ${names.token} value specified`);
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length ? { next: encodeToken(end) } : {}) };
}

const encodeToken = (offset: number): string => Buffer.from(`o${offset}`).toString("base64url");

function decodeToken(token: string): number | undefined {
  const match = /^o(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match ? Number(match[1]) : undefined;
}

/** The REST list body `{"item":[…],"position":…}` (the SDK renames `item` to `items`). */
export function listBody<T>(items: readonly T[], query: URLSearchParams, shape: (item: T) => unknown): { item: unknown[]; position?: string } {
  const page = paginate(items, query);
  return { item: page.items.map(shape), ...(page.next ? { position: page.next } : {}) };
}

// ---- patch operations ---------------------------------------------------------------------------

const PATCH_OPS = ["add", "remove", "move", "test", "replace", "copy"] as const;
export type PatchOp = (typeof PATCH_OPS)[number];

export interface PatchOperation {
  op: PatchOp;
  path: string;
  value?: string;
  from?: string;
}

export interface PatchRule<T> {
  /** A literal path, or a pattern whose capture groups are passed to `apply`. */
  path: string | RegExp;
  ops: readonly PatchOp[];
  apply(target: T, operation: PatchOperation, groups: string[]): void;
}

type OptionalStringField<T> = { [K in keyof T]-?: undefined extends T[K] ? (string extends NonNullable<T[K]> ? K : never) : never }[keyof T];

/** `replace` of an optional string field: an empty value removes it, as AWS does. */
export function optionalStringRule<T>(path: string, field: OptionalStringField<T>): PatchRule<T> {
  return {
    path,
    ops: ["replace"],
    apply(target, op) {
      if (op.value) (target as Record<string, unknown>)[field as string] = op.value;
      else delete (target as Record<string, unknown>)[field as string];
    },
  };
}

/**
 * Applies the body's `patchOperations` to a copy of `target` and returns the copy, so that a failing
 * operation leaves the stored object untouched (AWS applies a PATCH all or nothing).
 * `inputName` is the Coral input name AWS puts in validation messages (`updateRestApiInput`).
 */
export function applyPatch<T>(req: SimRequest, inputName: string, target: T, rules: readonly PatchRule<T>[]): T {
  const operations = patchOperationsOf(jsonBody(req), inputName);
  const patched = structuredClone(target);
  for (const operation of operations) {
    const [rule, groups] = matchRule(rules, operation.path);
    if (!rule.ops.includes(operation.op)) throw badRequest(`Invalid patch operation specified. Must be one of: [${rule.ops.join(", ")}]`);
    rule.apply(patched, operation, groups);
  }
  return patched;
}

function matchRule<T>(rules: readonly PatchRule<T>[], path: string): [PatchRule<T>, string[]] {
  for (const rule of rules) {
    if (typeof rule.path === "string") {
      if (rule.path === path) return [rule, []];
      continue;
    }
    const match = rule.path.exec(path);
    if (match) return [rule, match.slice(1).map((g) => g ?? "")];
  }
  throw badRequest(`Invalid patch path ${path}`);
}

function patchOperationsOf(body: Record<string, unknown>, inputName: string): PatchOperation[] {
  const raw = body.patchOperations ?? [];
  if (!Array.isArray(raw)) throw serializationError("patchOperations must be a list");
  const problems: string[] = [];
  const operations = raw.map((item: unknown, i): PatchOperation => {
    if (typeof item !== "object" || item === null) throw serializationError("patchOperations members must be objects");
    const entry = item as Record<string, unknown>;
    const op = stringMember(entry, "op");
    if (!PATCH_OPS.includes(op as PatchOp)) {
      problems.push(`Value '${op ?? "null"}' at '${inputName}.patchOperations.${i + 1}.member.op' failed to satisfy constraint: Member must satisfy enum value set: [${PATCH_OPS.join(", ")}]`);
    }
    const value = stringMember(entry, "value");
    const from = stringMember(entry, "from");
    return { op: op as PatchOp, path: stringMember(entry, "path") ?? "null", ...(value !== undefined ? { value } : {}), ...(from !== undefined ? { from } : {}) };
  });
  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 validation error" : `${problems.length} validation errors`;
    throw new AwsError(400, "ValidationException", `${count} detected: ${problems.join("; ")}`);
  }
  return operations;
}

/** The value of an add/replace operation; AWS refuses a missing one. */
export function requiredValue(operation: PatchOperation): string {
  if (operation.value === undefined) throw badRequest(`Invalid null or empty value for ${operation.path}`);
  return operation.value;
}
