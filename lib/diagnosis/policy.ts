import { BlockList, isIP } from "node:net";

// Evaluates an API's resource policy against what is known of a call. Facts gatecheck cannot see
// (the caller's IP, its VPC) make a statement "depends" rather than guessed.

export interface CallerFacts {
  /** The call is not SigV4-signed, so only statements for Principal "*" can apply to it. */
  anonymous?: boolean;
  sourceIp?: string;
  sourceVpce?: string;
  sourceVpc?: string;
}

export type PolicyVerdict =
  | { verdict: "no-policy" }
  | { verdict: "allowed"; statement: string }
  | { verdict: "denied"; statement: string; reason: string }
  | { verdict: "maybe-denied"; statement: string; reason: string }
  | { verdict: "unreadable"; reason: string };

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

type Match = "match" | "no-match" | "depends";

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function glob(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

/** `execute-api:/prod/GET/orders/*` and `arn:aws:execute-api:region:acct:api/prod/GET/orders/*` → `prod/GET/orders/*`. */
function resourceTail(resource: string, apiId: string): string | null {
  if (resource === "*") return "*";
  const short = /^execute-api:\/(.*)$/.exec(resource);
  if (short) return short[1]!;
  // `arn:aws:execute-api:*:*:*`: a bare wildcard spans API id, stage, verb and path alike.
  if (/^arn:aws[\w-]*:execute-api:[^:]*:[^:]*:\*$/.test(resource)) return "*";
  const arn = /^arn:aws[\w-]*:execute-api:[^:]*:[^:]*:([^/]+)\/(.*)$/.exec(resource);
  if (arn) return glob(arn[1]!, apiId) ? arn[2]! : null;
  return null;
}

/** IPv4 and IPv6 CIDR ranges alike (aws:SourceIp accepts both); an address of the other family never matches. */
function ipInCidr(ip: string, cidr: string): boolean {
  const [network = "", prefix] = cidr.trim().split("/", 2);
  const family = isIP(network);
  if (family === 0 || isIP(ip) !== family) return false;
  const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
  const ranges = new BlockList();
  try {
    ranges.addSubnet(network, bits, family === 4 ? "ipv4" : "ipv6");
    return ranges.check(ip, family === 4 ? "ipv4" : "ipv6");
  } catch {
    return false;
  }
}

const CONDITION_KEYS: Record<string, "sourceIp" | "sourceVpce" | "sourceVpc"> = {
  "aws:sourceip": "sourceIp",
  "aws:sourcevpce": "sourceVpce",
  "aws:sourcevpc": "sourceVpc",
};

function conditionMatches(condition: Statement["Condition"], facts: CallerFacts): Match {
  let result: Match = "match";
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const fact = CONDITION_KEYS[key.toLowerCase()];
      const actual = fact ? facts[fact] : undefined;
      if (actual === undefined) {
        result = "depends";
        continue;
      }
      const values = list(expected);
      const op = operator.replace(/IfExists$/, "");
      const positive =
        op === "IpAddress" || op === "NotIpAddress"
          ? values.some((cidr) => ipInCidr(actual, cidr))
          : op.startsWith("StringLike") || op.startsWith("StringNotLike")
            ? values.some((v) => glob(v, actual))
            : values.includes(actual);
      const holds = op.startsWith("Not") || op.startsWith("StringNot") ? !positive : positive;
      if (!holds) return "no-match";
    }
  }
  return result;
}

/** Principal "*" (or AWS "*") names every caller; any other principal needs a signed caller gatecheck cannot identify. */
function principalMatches(principal: unknown, facts: CallerFacts): Match {
  const everyone = principal === "*" || (typeof principal === "object" && principal !== null && list((principal as { AWS?: string | string[] }).AWS ?? []).includes("*"));
  if (everyone || principal === undefined) return "match";
  return facts.anonymous ? "no-match" : "depends";
}

function statementApplies(statement: Statement, apiId: string, requestTail: string, facts: CallerFacts): Match {
  const principal = principalMatches(statement.Principal, facts);
  if (principal === "no-match") return "no-match";
  const actions = list(statement.Action);
  const actionMatches = statement.NotAction ? !list(statement.NotAction).some((a) => glob(a, "execute-api:Invoke", true)) : actions.some((a) => glob(a, "execute-api:Invoke", true));
  if (!actionMatches) return "no-match";
  const resourceMatches = statement.NotResource
    ? !list(statement.NotResource).some((r) => {
        const tail = resourceTail(r, apiId);
        return tail !== null && glob(tail, requestTail);
      })
    : list(statement.Resource).some((r) => {
        const tail = resourceTail(r, apiId);
        return tail !== null && glob(tail, requestTail);
      });
  if (!resourceMatches) return "no-match";
  const condition = conditionMatches(statement.Condition, facts);
  return condition === "match" ? principal : condition;
}

const describeStatement = (s: Statement, i: number) => (s.Sid ? `"${s.Sid}"` : `#${i + 1}`);

/** API Gateway's order for a resource policy alone: an explicit Deny wins; otherwise an Allow must match. */
export function evaluatePolicy(policy: string | null, call: { apiId: string; stage: string; method: string; path: string }, facts: CallerFacts): PolicyVerdict {
  if (!policy) return { verdict: "no-policy" };
  const statements = statementsOf(policy);
  if (!statements) return { verdict: "unreadable", reason: "the resource policy is not valid JSON" };
  const tail = `${call.stage}/${call.method}${call.path.startsWith("/") ? call.path : `/${call.path}`}`;
  const applied = statements.map((s, i) => ({ s, i, match: statementApplies(s, call.apiId, tail, facts) }));
  const deny = applied.find((a) => a.s.Effect === "Deny" && a.match === "match");
  if (deny) return { verdict: "denied", statement: describeStatement(deny.s, deny.i), reason: `statement ${describeStatement(deny.s, deny.i)} explicitly denies this call` };
  const maybeDeny = applied.find((a) => a.s.Effect === "Deny" && a.match === "depends");
  const allow = applied.find((a) => a.s.Effect === "Allow" && a.match === "match");
  if (maybeDeny) {
    const keys = Object.values(maybeDeny.s.Condition ?? {})
      .flatMap((c) => Object.keys(c))
      .join(", ");
    return { verdict: "maybe-denied", statement: describeStatement(maybeDeny.s, maybeDeny.i), reason: `statement ${describeStatement(maybeDeny.s, maybeDeny.i)} denies callers depending on ${keys}` };
  }
  if (allow) return { verdict: "allowed", statement: describeStatement(allow.s, allow.i) };
  const maybeAllow = applied.find((a) => a.s.Effect === "Allow" && a.match === "depends");
  if (maybeAllow) {
    const keys = Object.values(maybeAllow.s.Condition ?? {})
      .flatMap((c) => Object.keys(c))
      .join(", ");
    return {
      verdict: "maybe-denied",
      statement: describeStatement(maybeAllow.s, maybeAllow.i),
      reason: `only statement ${describeStatement(maybeAllow.s, maybeAllow.i)} allows it, depending on ${keys}`,
    };
  }
  return { verdict: "denied", statement: "(none)", reason: "no statement allows execute-api:Invoke on this method, so the policy denies it implicitly" };
}

/** Whether an API's policy can refuse some caller: a PRIVATE API without one refuses all; an allow-all policy none. */
export function policyCanDeny(api: { policy: string | null; endpointTypes: string[] }): boolean {
  if (!api.policy) return api.endpointTypes.includes("PRIVATE");
  const statements = statementsOf(api.policy);
  if (!statements) return true;
  // The part after `{api-id}/` (or `execute-api:/`): "*" spans every stage, verb and path.
  const everything = (r: string) => r === "*" || /^(?:execute-api:\/|arn:aws[\w-]*:execute-api:[^:]*:[^:]*:[^/]+\/)\*$/.test(r) || /^arn:aws[\w-]*:execute-api:[^:]*:[^:]*:\*$/.test(r);
  const allowsAll = statements.some((s) => s.Effect === "Allow" && !s.Condition && list(s.Resource).some(everything) && principalMatches(s.Principal, {}) === "match");
  return !allowsAll || statements.some((s) => s.Effect === "Deny");
}

/** A policy document's statements (one or a list); null when it is not valid JSON. */
function statementsOf(policy: string): Statement[] | null {
  try {
    const doc = JSON.parse(policy) as { Statement?: Statement | Statement[] };
    return Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  } catch {
    return null;
  }
}
