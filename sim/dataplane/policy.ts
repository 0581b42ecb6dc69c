// API Gateway resource-policy evaluation for an anonymous caller: an explicit Deny wins, otherwise an Allow
// is needed. Covers what resource policies on REST APIs use in practice: Principal "*", Action
// execute-api:Invoke, Resource ARNs (full or the `execute-api:/…` shorthand) with `*`/`?` wildcards, and
// conditions IpAddress/NotIpAddress on aws:SourceIp and StringEquals/StringNotEquals on
// aws:SourceVpce/aws:SourceVpc. A statement using anything else (another operator, NotResource, a named
// principal) never matches, so it neither allows nor denies.
import { BlockList, isIP } from "node:net";

export type PolicyVerdict = "allow" | "implicit-deny" | "explicit-deny";

/** Request-context keys a condition can test; absent = the request has no such value. */
export interface PolicyContext {
  "aws:SourceIp"?: string;
  "aws:SourceVpce"?: string;
  "aws:SourceVpc"?: string;
}

export interface PolicyRequest {
  region: string;
  accountId: string;
  apiId: string;
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` (executeApiArn). */
  resourceArn: string;
  context: PolicyContext;
}

/** The ARN API Gateway authorizes a call against: the request's own path, without its leading slash. */
export function executeApiArn(region: string, accountId: string, apiId: string, stage: string, verb: string, path: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${verb}/${path.replace(/^\//, "")}`;
}

/** Whether an IPv4/IPv6 address lies in a CIDR block (a bare address is its own /32 or /128). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [network = "", prefix] = cidr.trim().split("/", 2);
  const family = isIP(network);
  if (family === 0 || isIP(ip) !== family) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
  if (!Number.isInteger(bits)) return false;
  const list = new BlockList();
  try {
    list.addSubnet(network, bits, type);
  } catch {
    return false;
  }
  return list.check(ip, type);
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const strings = (v: unknown): string[] => asList(v).filter((s): s is string => typeof s === "string");

function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

function principalIsAnyone(principal: unknown): boolean {
  if (principal === "*") return true;
  return isRecord(principal) && strings(principal.AWS).includes("*");
}

function actionMatches(action: unknown): boolean {
  return strings(action).some((a) => globMatches(a.toLowerCase(), "execute-api:invoke"));
}

function resourceMatches(resource: unknown, req: PolicyRequest): boolean {
  return strings(resource).some((pattern) => {
    // The `execute-api:/stage/VERB/path` shorthand expands to this API's ARN, as API Gateway does on save.
    const full = pattern.startsWith("execute-api:/") ? `arn:aws:execute-api:${req.region}:${req.accountId}:${req.apiId}${pattern.slice("execute-api:".length)}` : pattern;
    return globMatches(full, req.resourceArn);
  });
}

const CONTEXT_KEYS: (keyof PolicyContext)[] = ["aws:SourceIp", "aws:SourceVpce", "aws:SourceVpc"];

function conditionHolds(operator: string, key: string, values: string[], context: PolicyContext): boolean {
  const name = CONTEXT_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
  const actual = name === undefined ? undefined : context[name];
  // IAM: a negated operator holds when the key is absent; a positive one does not.
  switch (operator) {
    case "IpAddress":
      return name === "aws:SourceIp" && actual !== undefined && values.some((cidr) => ipInCidr(actual, cidr));
    case "NotIpAddress":
      return name === "aws:SourceIp" && (actual === undefined || !values.some((cidr) => ipInCidr(actual, cidr)));
    case "StringEquals":
      return actual !== undefined && values.includes(actual);
    case "StringNotEquals":
      return name !== undefined && (actual === undefined || !values.includes(actual));
    default:
      return false;
  }
}

function conditionsHold(condition: unknown, context: PolicyContext): boolean {
  if (condition === undefined) return true;
  if (!isRecord(condition)) return false;
  return Object.entries(condition).every(([operator, block]) => isRecord(block) && Object.entries(block).every(([key, values]) => conditionHolds(operator, key, strings(values), context)));
}

function statementApplies(statement: Json, req: PolicyRequest): boolean {
  if ("NotPrincipal" in statement || "NotAction" in statement || "NotResource" in statement) return false;
  return principalIsAnyone(statement.Principal) && actionMatches(statement.Action) && resourceMatches(statement.Resource, req) && conditionsHold(statement.Condition, req.context);
}

/** GetRestApi returns the policy with its quotes backslash-escaped (`{\"Version\":…}`); accept both forms. */
function parsePolicy(policy: string): unknown {
  for (const text of [policy, policy.replace(/\\"/g, '"')]) {
    try {
      return JSON.parse(text);
    } catch {
      // try the unescaped form next
    }
  }
  return undefined;
}

export function evaluatePolicy(policy: string, req: PolicyRequest): PolicyVerdict {
  const document = parsePolicy(policy);
  const statements = isRecord(document) ? asList(document.Statement).filter(isRecord) : [];
  const applying = statements.filter((s) => statementApplies(s, req));
  if (applying.some((s) => s.Effect === "Deny")) return "explicit-deny";
  return applying.some((s) => s.Effect === "Allow") ? "allow" : "implicit-deny";
}
