import { describe, expect, it } from "vitest";
import { classifyHost, locateApi, resolveBasePathMapping } from "./host";
import type { BasePathMapping } from "./types";

describe("classifyHost", () => {
  it.each([
    ["a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", { hostKind: "execute-api", apiId: "a1b2c3d4e5", region: "us-east-1" }],
    ["A1B2C3D4E5.Execute-Api.us-gov-west-1.amazonaws.com.", { hostKind: "execute-api", apiId: "a1b2c3d4e5", region: "us-gov-west-1" }],
    ["a1b2c3d4e5.execute-api.cn-northwest-1.amazonaws.com.cn", { hostKind: "execute-api", apiId: "a1b2c3d4e5", region: "cn-northwest-1" }],
    ["vpce-0123abcd-xyz.execute-api.us-east-1.vpce.amazonaws.com", { hostKind: "vpc-endpoint", vpceId: "vpce-0123abcd", region: "us-east-1" }],
    ["vpce-0a1b2c3d4e5f60718-abcd1234-eu-west-1b.execute-api.eu-west-1.vpce.amazonaws.com", { hostKind: "vpc-endpoint", vpceId: "vpce-0a1b2c3d4e5f60718", region: "eu-west-1" }],
    ["a1b2c3d4e5-vpce-0123abcd.execute-api.us-east-1.amazonaws.com", { hostKind: "vpc-endpoint", apiId: "a1b2c3d4e5", vpceId: "vpce-0123abcd", region: "us-east-1" }],
    ["a1b2c3d4e5.execute-api.localhost", { hostKind: "local-sim", apiId: "a1b2c3d4e5" }],
    ["vpce-0abc123.execute-api.localhost", { hostKind: "vpc-endpoint", vpceId: "vpce-0abc123" }],
    ["a1b2c3d4e5-vpce-0abc123.execute-api.localhost", { hostKind: "vpc-endpoint", apiId: "a1b2c3d4e5", vpceId: "vpce-0abc123" }],
    ["myapi.execute-api.localhost.localstack.cloud", { hostKind: "local-sim", apiId: "myapi" }],
    ["api.example.com", { hostKind: "custom-domain" }],
    // not 10 characters: not an execute-api name, so someone's own domain
    ["abc.execute-api.us-east-1.amazonaws.com", { hostKind: "custom-domain" }],
    ["127.0.0.1", { hostKind: "unknown" }],
    ["localhost", { hostKind: "unknown" }],
    ["[::1]", { hostKind: "unknown" }],
    ["localstack", { hostKind: "unknown" }],
  ])("%s", (host, expected) => {
    expect(classifyHost(host)).toEqual(expected);
  });
});

describe("locateApi", () => {
  it("takes the first segment as the stage on execute-api names", () => {
    expect(locateApi("a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", "/Prod/a/b/")).toMatchObject({
      stage: "Prod",
      resourcePath: "/a/b/",
    });
  });

  it("reads LocalStack's path style only on local hosts", () => {
    expect(locateApi("localhost", "/restapis/abc/dev/_user_request_")).toEqual({
      hostKind: "local-sim",
      apiId: "abc",
      stage: "dev",
      resourcePath: "/",
    });
    expect(locateApi("api.example.com", "/restapis/abc/dev/_user_request_/x")).toEqual({
      hostKind: "custom-domain",
      resourcePath: "/restapis/abc/dev/_user_request_/x",
    });
  });

  it("leaves a local host without the path style unknown", () => {
    expect(locateApi("127.0.0.1", "/prod/x")).toEqual({ hostKind: "unknown", resourcePath: "/prod/x" });
  });

  it("ignores an x-apigw-api-id that is no API id", () => {
    const vpce = "vpce-0123abcd-xyz.execute-api.us-east-1.vpce.amazonaws.com";
    expect(locateApi(vpce, "/prod/x", { apiIdHeader: "not an id" }).apiId).toBeUndefined();
    expect(locateApi(vpce, "/prod/x", { apiIdHeader: "a1b2c3d4e5" }).apiId).toBe("a1b2c3d4e5");
  });
});

describe("resolveBasePathMapping", () => {
  const catchAll: BasePathMapping = { basePath: "(none)", restApiId: "aaaaaaaaaa", stage: "prod" };
  const v1: BasePathMapping = { basePath: "v1", restApiId: "bbbbbbbbbb", stage: "live" };
  const v1admin: BasePathMapping = { basePath: "v1/admin", restApiId: "cccccccccc", stage: "prod" };
  const mappings = [catchAll, v1, v1admin];

  it("picks the longest matching base path", () => {
    expect(resolveBasePathMapping("/v1/admin/users", mappings)).toEqual({ mapping: v1admin, resourcePath: "/users" });
    expect(resolveBasePathMapping("/v1/pets", mappings)).toEqual({ mapping: v1, resourcePath: "/pets" });
  });

  it("matches whole segments only", () => {
    expect(resolveBasePathMapping("/v10/pets", mappings)).toEqual({ mapping: catchAll, resourcePath: "/v10/pets" });
    expect(resolveBasePathMapping("/v1admin", [v1, v1admin])).toBeNull();
  });

  it("maps the base path itself to /, and keeps a trailing slash", () => {
    expect(resolveBasePathMapping("/v1", mappings)).toEqual({ mapping: v1, resourcePath: "/" });
    expect(resolveBasePathMapping("/v1/pets/", mappings)).toEqual({ mapping: v1, resourcePath: "/pets/" });
  });

  it("falls back to (none), or to an empty base path", () => {
    expect(resolveBasePathMapping("/", mappings)).toEqual({ mapping: catchAll, resourcePath: "/" });
    const empty = { ...catchAll, basePath: "" };
    expect(resolveBasePathMapping("/orders", [empty])).toEqual({ mapping: empty, resourcePath: "/orders" });
  });

  it("returns null when nothing matches (CUSTOM_DOMAIN_NO_MAPPING)", () => {
    expect(resolveBasePathMapping("/orders", [v1, v1admin])).toBeNull();
    expect(resolveBasePathMapping("/orders", [])).toBeNull();
  });

  it("is case-sensitive and keeps the first of two equal base paths", () => {
    expect(resolveBasePathMapping("/V1/pets", [v1])).toBeNull();
    const twin = { ...v1, restApiId: "dddddddddd" };
    expect(resolveBasePathMapping("/v1/x", [v1, twin])?.mapping).toBe(v1);
  });

  it("shows the stage repeated after a mapping as part of the resource path", () => {
    expect(resolveBasePathMapping("/v1/live/pets", [v1])).toEqual({ mapping: v1, resourcePath: "/live/pets" });
  });
});
