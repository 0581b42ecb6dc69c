// Reading a CloudWatch Logs JSON 1.1 request body the way the service does: wrong JSON types are a
// SerializationException, broken model constraints an InvalidParameterException worded like Coral's
// validator ("1 validation error detected: Value … at '…' failed to satisfy constraint: …").
import { AwsError } from "../http";

export type Input = Record<string, unknown>;

export const invalidParameter = (message: string) => new AwsError(400, "InvalidParameterException", message);
export const resourceNotFound = (message: string) => new AwsError(400, "ResourceNotFoundException", message);
const serialization = (message: string) => new AwsError(400, "SerializationException", message);

export function parseInput(body: string): Input {
  let value: unknown;
  try {
    value = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw serialization("Unexpected character in the request body: it is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw serialization("Start of structure or map expected");
  return value as Input;
}

function constraint(name: string, value: unknown, rule: string): AwsError {
  return invalidParameter(`1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must ${rule}`);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "START_ARRAY";
  if (value === null) return "VALUE_NULL";
  return { string: "VALUE_STRING", number: "VALUE_NUMBER", boolean: "VALUE_BOOLEAN", object: "START_OBJECT" }[typeof value as string] ?? "VALUE";
}

interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  oneOf?: readonly string[];
}

function checkString(name: string, value: unknown, rule: StringRule): string {
  if (typeof value !== "string") throw serialization(`${jsonType(value)} can not be converted to a String (at '${name}')`);
  if (rule.min !== undefined && value.length < rule.min) throw constraint(name, value, `have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max) throw constraint(name, value, `have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(value)) throw constraint(name, value, `satisfy regular expression pattern: ${rule.pattern.source.replace(/^\^|\$$/g, "")}`);
  if (rule.oneOf && !rule.oneOf.includes(value)) throw constraint(name, value, `satisfy enum value set: [${rule.oneOf.join(", ")}]`);
  return value;
}

export function optString(input: Input, name: string, rule: StringRule = {}): string | undefined {
  const value = input[name];
  return value === undefined || value === null ? undefined : checkString(name, value, rule);
}

export function requiredString(input: Input, name: string, rule: StringRule = {}): string {
  const value = optString(input, name, rule);
  if (value === undefined) throw constraint(name, "null", "not be null");
  return value;
}

export function optInteger(input: Input, name: string, range: { min: number; max: number }): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) throw serialization(`${jsonType(value)} can not be converted to an Integer (at '${name}')`);
  if (value < range.min) throw constraint(name, value, `have value greater than or equal to ${range.min}`);
  if (value > range.max) throw constraint(name, value, `have value less than or equal to ${range.max}`);
  return value;
}

/** Epoch times (ms for events, s for queries) are non-negative longs. */
export function optTime(input: Input, name: string): number | undefined {
  return optInteger(input, name, { min: 0, max: Number.MAX_SAFE_INTEGER });
}

export function requiredTime(input: Input, name: string): number {
  const value = optTime(input, name);
  if (value === undefined) throw constraint(name, "null", "not be null");
  return value;
}

export function optBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw serialization(`${jsonType(value)} can not be converted to a Boolean (at '${name}')`);
  return value;
}

export function optStringList(input: Input, name: string, count: { min: number; max: number }, item: StringRule = {}): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw serialization(`${jsonType(value)} can not be converted to a List (at '${name}')`);
  if (value.length < count.min) throw constraint(name, `[${value.join(", ")}]`, `have length greater than or equal to ${count.min}`);
  if (value.length > count.max) throw constraint(name, `[${value.join(", ")}]`, `have length less than or equal to ${count.max}`);
  return value.map((v, i) => checkString(`${name}.${i + 1}.member`, v, item));
}

/** AWS's LogGroupName shape. */
export const LOG_GROUP_NAME: StringRule = { min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/ };
/** AWS's LogStreamName shape (no colon, no asterisk). */
export const LOG_STREAM_NAME: StringRule = { min: 1, max: 512, pattern: /^[^:*]*$/ };
/** A log group name or ARN (LogGroupIdentifier shape). */
export const LOG_GROUP_IDENTIFIER: StringRule = { min: 1, max: 2048, pattern: /^[\w#+=/:,.@-]*$/ };
export const NEXT_TOKEN: StringRule = { min: 1 };

/**
 * Opaque paging tokens: base64url JSON tagged with the operation, so a token from another call is
 * rejected as AWS rejects foreign tokens (CloudWatch's GetMetricData uses them too, with its own error).
 */
export function encodeToken(kind: string, state: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ kind, ...state }), "utf8").toString("base64url");
}

export function decodeToken(kind: string, token: string, invalid: () => AwsError = () => invalidParameter("The specified nextToken is invalid.")): Record<string, unknown> {
  try {
    const state: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof state === "object" && state !== null && (state as { kind?: unknown }).kind === kind) return state as Record<string, unknown>;
  } catch {
    // falls through to the AWS error
  }
  throw invalid();
}
