import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, API_ID, REGION } from "./__fixtures__/inventory";
import { evaluatePolicy, type CallerFacts } from "./policy";

const GET_ORDER = { apiId: API_ID, stage: "prod", method: "GET", path: "/orders/42" };
const VPCE = "vpce-0abc123def4567890";

const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (resource: string | string[], extra: object = {}) => ({ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: resource, ...extra });
const deny = (resource: string | string[], extra: object = {}) => ({ Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: resource, ...extra });
const verdictOf = (policy: string, facts: CallerFacts = {}, call = GET_ORDER) => evaluatePolicy(policy, call, facts).verdict;

describe("evaluatePolicy", () => {
  it("no policy", () => {
    expect(evaluatePolicy(null, GET_ORDER, {})).toEqual({ verdict: "no-policy" });
  });

  it("an explicit Deny wins over an Allow, and is named by its Sid", () => {
    expect(evaluatePolicy(doc(allow("execute-api:/*"), deny("execute-api:/prod/GET/orders/*", { Sid: "no-orders" })), GET_ORDER, {})).toEqual({
      verdict: "denied",
      statement: '"no-orders"',
      reason: 'statement "no-orders" explicitly denies this call',
    });
  });

  it("a statement without Sid is named by its position", () => {
    expect(evaluatePolicy(doc(allow("execute-api:/*"), deny("execute-api:/*")), GET_ORDER, {})).toMatchObject({ verdict: "denied", statement: "#2" });
  });

  it("implicit deny when no Allow matches", () => {
    expect(evaluatePolicy(doc(allow("execute-api:/prod/POST/*")), GET_ORDER, {})).toEqual({
      verdict: "denied",
      statement: "(none)",
      reason: "no statement allows execute-api:Invoke on this method, so the policy denies it implicitly",
    });
  });

  it("a single Statement object (not an array) counts", () => {
    expect(verdictOf(JSON.stringify({ Version: "2012-10-17", Statement: allow("execute-api:/*") }))).toBe("allowed");
  });

  describe("NotIpAddress on a Deny", () => {
    const policy = doc(allow("execute-api:/*"), deny("execute-api:/*", { Sid: "office-only", Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.10/32"] } } }));

    it("depends when the caller's IP is not known", () => {
      expect(evaluatePolicy(policy, GET_ORDER, {})).toEqual({ verdict: "maybe-denied", statement: '"office-only"', reason: 'statement "office-only" denies callers depending on aws:SourceIp' });
    });

    it.each([
      ["203.0.113.77", "allowed"],
      ["198.51.100.10", "allowed"],
      ["198.51.100.11", "denied"],
    ])("caller %s is %s", (sourceIp, verdict) => {
      expect(verdictOf(policy, { sourceIp })).toBe(verdict);
    });
  });

  describe("IpAddress on the only Allow", () => {
    const policy = doc(allow("execute-api:/*", { Sid: "office", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }));

    it("depends when the caller's IP is not known", () => {
      expect(evaluatePolicy(policy, GET_ORDER, {})).toEqual({ verdict: "maybe-denied", statement: '"office"', reason: 'only statement "office" allows it, depending on aws:SourceIp' });
    });

    it("allows a caller in the range and implicitly denies one outside", () => {
      expect(verdictOf(policy, { sourceIp: "203.0.113.1" })).toBe("allowed");
      expect(evaluatePolicy(policy, GET_ORDER, { sourceIp: "192.0.2.1" })).toMatchObject({ verdict: "denied", statement: "(none)" });
    });
  });

  describe("aws:SourceVpce (the private API pattern)", () => {
    const policy = doc(allow("execute-api:/*"), deny("execute-api:/*", { Condition: { StringNotEquals: { "aws:SourceVpce": VPCE } } }));
    const allowOnly = doc(allow("execute-api:/*", { Condition: { StringEquals: { "aws:sourceVpce": VPCE } } }));

    it("allows the named endpoint, denies another, depends on an unknown one", () => {
      expect(verdictOf(policy, { sourceVpce: VPCE })).toBe("allowed");
      expect(verdictOf(policy, { sourceVpce: "vpce-0fff000000000000f" })).toBe("denied");
      expect(verdictOf(policy)).toBe("maybe-denied");
    });

    it("StringEquals on an Allow, condition keys case-insensitive", () => {
      expect(verdictOf(allowOnly, { sourceVpce: VPCE })).toBe("allowed");
      expect(verdictOf(allowOnly, { sourceVpce: "vpce-0fff000000000000f" })).toBe("denied");
    });
  });

  describe("Resource forms", () => {
    it.each([
      ["execute-api:/prod/GET/*", "allowed"],
      ["execute-api:/*/GET/orders/*", "allowed"],
      ["execute-api:/prod/POST/*", "denied"],
      ["execute-api:/dev/GET/*", "denied"],
      [`arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${API_ID}/prod/GET/orders/*`, "allowed"],
      [`arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${API_ID}/*`, "allowed"],
      [`arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:*/prod/*`, "allowed"],
      [`arn:aws:execute-api:*:*:*`, "allowed"],
      [`arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:zz9yy8xx7w/*`, "denied"],
      ["*", "allowed"],
    ])("Allow on %s → %s", (resource, verdict) => {
      expect(verdictOf(doc(allow(resource)))).toBe(verdict);
    });

    it("a list of resources matches when one does", () => {
      expect(verdictOf(doc(allow(["execute-api:/prod/POST/*", "execute-api:/prod/GET/orders/{id}", "execute-api:/prod/GET/orders/42"])))).toBe("allowed");
    });

    it("a Deny scoped to another API's ARN does not apply", () => {
      expect(verdictOf(doc(allow("execute-api:/*"), deny(`arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:zz9yy8xx7w/*`)))).toBe("allowed");
    });

    it("NotResource: a Deny on everything but /public", () => {
      const policy = doc(allow("execute-api:/*"), { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", NotResource: "execute-api:/prod/GET/public/*" });
      expect(verdictOf(policy)).toBe("denied");
      expect(verdictOf(policy, {}, { ...GET_ORDER, path: "/public/status" })).toBe("allowed");
    });
  });

  describe("Actions", () => {
    it.each(["execute-api:*", "*", "execute-api:invoke"])("%s covers execute-api:Invoke", (action) => {
      expect(verdictOf(doc({ ...allow("execute-api:/*"), Action: action }))).toBe("allowed");
    });

    it("another action does not allow the call", () => {
      expect(verdictOf(doc({ ...allow("execute-api:/*"), Action: "execute-api:ManageConnections" }))).toBe("denied");
    });
  });

  describe("unreadable policies", () => {
    it("not JSON", () => {
      expect(evaluatePolicy('{"Version": "2012-10-17", ', GET_ORDER, {})).toEqual({ verdict: "unreadable", reason: "the resource policy is not valid JSON" });
    });

    it("AWS's backslash-escaped policy string is decoded by lib/aws, not here", () => {
      const escaped = doc(allow("execute-api:/*")).replace(/"/g, '\\"');
      expect(verdictOf(escaped)).toBe("unreadable");
    });
  });
});
