import { describe, expect, it } from "vitest";
import type { SimRequest } from "../http";
import { applyScenario, parseScenario } from "../scenario";
import { emptyState } from "../state";
import { resolveEndpoint } from "./endpoint";

const stage = [{ name: "prod", deploymentId: "dep001" }];
const deployments = [{ id: "dep001" }];
const routes = [{ path: "/pets", method: "GET" }];

const state = emptyState();
applyScenario(
  state,
  parseScenario(
    {
      name: "endpoints",
      description: "endpoint forms",
      restApis: [
        { id: "public0001", name: "public", routes, deployments, stages: stage },
        { id: "public0002", name: "public-v2", routes, deployments, stages: [...stage, { name: "v2", deploymentId: "dep001" }] },
        { id: "private001", name: "private", endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0aaa"], routes, deployments, stages: stage },
        { id: "noexecapi1", name: "domain-only", disableExecuteApiEndpoint: true, routes, deployments, stages: stage },
      ],
      domainNames: [
        {
          domainName: "api.example.com",
          basePathMappings: [
            { basePath: "pets", restApiId: "public0001", stage: "prod" },
            { basePath: "pets/v2", restApiId: "public0002", stage: "v2" },
            { restApiId: "noexecapi1", stage: "prod" },
          ],
        },
        { domainName: "strict.example.com", basePathMappings: [{ basePath: "orders", restApiId: "public0001", stage: "prod" }] },
      ],
    },
    "endpoints.json",
  ),
  "endpoints.json",
  Date.UTC(2025, 0, 1),
);

function resolve(path: string, headers: Record<string, string> = {}) {
  const req: SimRequest = { method: "GET", path, query: new URLSearchParams(), headers, body: "", region: "us-east-1", sourceIp: "203.0.113.1", at: 0 };
  const found = resolveEndpoint(req, state);
  return found.ok ? { api: found.api.id, stage: found.stageName, path: found.path, reach: found.reach } : { rejected: found.reason };
}

describe("resolveEndpoint", () => {
  it("reads the path-style endpoint (LocalStack's convention)", () => {
    expect(resolve("/restapis/public0001/prod/_user_request_/pets")).toEqual({ api: "public0001", stage: "prod", path: "/pets", reach: { kind: "execute-api" } });
    expect(resolve("/restapis/public0001/prod/_user_request_")).toMatchObject({ path: "/" });
  });

  it("reads the execute-api host name, stage from the first segment; no segment = empty stage", () => {
    expect(resolve("/prod/pets", { host: "public0001.execute-api.localhost:4566" })).toEqual({
      api: "public0001",
      stage: "prod",
      path: "/pets",
      reach: { kind: "execute-api" },
    });
    expect(resolve("/", { host: "public0001.execute-api.localhost" })).toMatchObject({ stage: "", path: "/" });
  });

  it("rejects an unknown API and an unknown host", () => {
    expect(resolve("/prod/pets", { host: "nosuchapi1.execute-api.localhost" })).toEqual({ rejected: "no REST API nosuchapi1" });
    expect(resolve("/prod/pets", { host: "example.org" })).toEqual({ rejected: "no API or custom domain for host example.org" });
  });

  it("reaches a private API only through a VPC endpoint", () => {
    expect(resolve("/prod/pets", { host: "vpce-0bbb.execute-api.localhost", "x-apigw-api-id": "private001" })).toMatchObject({
      api: "private001",
      reach: { kind: "vpce", vpceId: "vpce-0bbb", form: "public-dns" },
    });
    expect(resolve("/prod/pets", { host: "private001-vpce-0aaa.execute-api.localhost" })).toMatchObject({
      reach: { kind: "vpce", vpceId: "vpce-0aaa", form: "api-specific" },
    });
    expect(resolve("/prod/pets", { host: "private001-vpce-0bbb.execute-api.localhost" })).toEqual({
      rejected: "VPC endpoint vpce-0bbb is not associated with API private001",
    });
    expect(resolve("/prod/pets", { host: "private001.execute-api.localhost" })).toEqual({ rejected: "private API private001 called outside a VPC endpoint" });
    expect(resolve("/prod/pets", { host: "vpce-0bbb.execute-api.localhost" })).toEqual({
      rejected: "call to vpce-0bbb.execute-api.localhost without an x-apigw-api-id header",
    });
  });

  it("serves x-apigw-api-id on a public API's own host (AWS-FACTS #3: no evidence AWS refuses it), rejects a public API through a VPC endpoint", () => {
    expect(resolve("/prod/pets", { host: "public0001.execute-api.localhost", "x-apigw-api-id": "public0001" })).toMatchObject({ api: "public0001", stage: "prod" });
    expect(resolve("/prod/pets", { host: "public0001-vpce-0aaa.execute-api.localhost" })).toEqual({
      rejected: "public API public0001 called through VPC endpoint vpce-0aaa",
    });
  });

  it("rejects the default endpoint when disableExecuteApiEndpoint is set, but serves its custom domain", () => {
    expect(resolve("/restapis/noexecapi1/prod/_user_request_/pets")).toEqual({ rejected: "the execute-api endpoint of API noexecapi1 is disabled" });
    expect(resolve("/orders", { host: "api.example.com" })).toMatchObject({ api: "noexecapi1", stage: "prod", path: "/orders" });
  });

  it("maps a custom domain by the longest base path, (none) as the catch-all", () => {
    expect(resolve("/pets/v2/pets", { host: "api.example.com" })).toEqual({
      api: "public0002",
      stage: "v2",
      path: "/pets",
      reach: { kind: "custom-domain", domainName: "api.example.com", basePath: "pets/v2" },
    });
    expect(resolve("/pets/pets", { host: "api.example.com" })).toMatchObject({ api: "public0001", path: "/pets" });
    expect(resolve("/petshop", { host: "api.example.com" })).toMatchObject({ api: "noexecapi1", path: "/petshop", reach: { basePath: "(none)" } });
    // the stage repeated after the mapping stays in the path (the route lookup then fails)
    expect(resolve("/pets/prod/pets", { host: "api.example.com" })).toMatchObject({ api: "public0001", path: "/prod/pets" });
    expect(resolve("/v1/orders", { host: "strict.example.com" })).toEqual({ rejected: "no base path mapping of strict.example.com matches /v1/orders" });
  });
});
