import { describe, expect, it } from "vitest";
import { evaluatePolicy, executeApiArn, ipInCidr, type PolicyContext } from "./policy";

const ARN = executeApiArn("us-east-1", "123456789012", "abcde12345", "prod", "GET", "/pets/7");

function verdict(statements: unknown[], context: PolicyContext = { "aws:SourceIp": "203.0.113.10" }, resourceArn = ARN) {
  return evaluatePolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements }), {
    region: "us-east-1",
    accountId: "123456789012",
    apiId: "abcde12345",
    resourceArn,
    context,
  });
}

const allowAll = { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" };

describe("executeApiArn", () => {
  it("uses the request path without its leading slash, the root as an empty path", () => {
    expect(ARN).toBe("arn:aws:execute-api:us-east-1:123456789012:abcde12345/prod/GET/pets/7");
    expect(executeApiArn("eu-west-1", "********9012", "abcde12345", "api", "GET", "/")).toBe("arn:aws:execute-api:eu-west-1:********9012:abcde12345/api/GET/");
  });
});

describe("evaluatePolicy", () => {
  it("allows with a matching Allow, denies implicitly without one", () => {
    expect(verdict([allowAll])).toBe("allow");
    expect(verdict([{ ...allowAll, Resource: "execute-api:/prod/POST/*" }])).toBe("implicit-deny");
    expect(verdict([])).toBe("implicit-deny");
  });

  it("lets an explicit Deny win over an Allow", () => {
    expect(verdict([allowAll, { ...allowAll, Effect: "Deny", Resource: "arn:aws:execute-api:us-east-1:123456789012:abcde12345/*/GET/pets/*" }])).toBe("explicit-deny");
  });

  it("evaluates IpAddress / NotIpAddress on aws:SourceIp against CIDR blocks", () => {
    const officeOnly = [allowAll, { ...allowAll, Effect: "Deny", Condition: { NotIpAddress: { "aws:SourceIp": ["198.51.100.0/24"] } } }];
    expect(verdict(officeOnly, { "aws:SourceIp": "198.51.100.7" })).toBe("allow");
    expect(verdict(officeOnly, { "aws:SourceIp": "203.0.113.10" })).toBe("explicit-deny");
    expect(verdict([{ ...allowAll, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/28" } } }])).toBe("allow");
    expect(verdict([{ ...allowAll, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.16/28" } } }])).toBe("implicit-deny");
  });

  it("evaluates StringEquals / StringNotEquals on aws:SourceVpce and aws:SourceVpc", () => {
    const vpceOnly = [allowAll, { ...allowAll, Effect: "Deny", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0abc" } } }];
    expect(verdict(vpceOnly, { "aws:SourceVpce": "vpce-0abc" })).toBe("allow");
    expect(verdict(vpceOnly, { "aws:SourceVpce": "vpce-0other" })).toBe("explicit-deny");
    expect(verdict([{ ...allowAll, Condition: { StringEquals: { "aws:sourcevpc": ["vpc-1", "vpc-2"] } } }], { "aws:SourceVpc": "vpc-2" })).toBe("allow");
  });

  it("follows IAM for an absent key: positive operators fail, negated ones hold", () => {
    expect(verdict([{ ...allowAll, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0abc" } } }], {})).toBe("implicit-deny");
    expect(verdict([allowAll, { ...allowAll, Effect: "Deny", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0abc" } } }], {})).toBe("explicit-deny");
    expect(verdict([allowAll, { ...allowAll, Effect: "Deny", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }], {})).toBe("explicit-deny");
  });

  it("requires every condition of a statement to hold", () => {
    const both = { ...allowAll, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" }, StringEquals: { "aws:SourceVpce": "vpce-0abc" } } };
    expect(verdict([both], { "aws:SourceIp": "203.0.113.10" })).toBe("implicit-deny");
    expect(verdict([both], { "aws:SourceIp": "203.0.113.10", "aws:SourceVpce": "vpce-0abc" })).toBe("allow");
  });

  it("matches Principal {AWS: '*'} and execute-api:* but not a named principal or an unknown operator", () => {
    expect(verdict([{ ...allowAll, Principal: { AWS: ["*"] }, Action: ["execute-api:*"] }])).toBe("allow");
    expect(verdict([{ ...allowAll, Principal: { AWS: "arn:aws:iam::111122223333:root" } }])).toBe("implicit-deny");
    expect(verdict([{ ...allowAll, Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } }])).toBe("implicit-deny");
  });

  it("reads a single statement object and the backslash-escaped form GetRestApi returns", () => {
    const single = JSON.stringify({ Version: "2012-10-17", Statement: allowAll });
    const req = { region: "us-east-1", accountId: "123456789012", apiId: "abcde12345", resourceArn: ARN, context: {} };
    expect(evaluatePolicy(single, req)).toBe("allow");
    expect(evaluatePolicy(single.replace(/"/g, '\\"'), req)).toBe("allow");
    expect(evaluatePolicy("not json", req)).toBe("implicit-deny");
  });
});

describe("ipInCidr", () => {
  it("handles IPv4, IPv6, bare addresses and junk", () => {
    expect(ipInCidr("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(ipInCidr("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(ipInCidr("198.51.100.23", "198.51.100.23")).toBe(true);
    expect(ipInCidr("2001:db8::1", "2001:db8::/32")).toBe(true);
    expect(ipInCidr("10.1.2.3", "2001:db8::/32")).toBe(false);
    expect(ipInCidr("10.1.2.3", "10.0.0.0/x")).toBe(false);
  });
});
