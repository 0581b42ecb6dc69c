import { describe, expect, it } from "vitest";
import { resourcesFromRoutes } from "../scenario";
import { matchRoute } from "./routes";

type Verb = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ANY";

function resources(...routes: [string, Verb][]) {
  let n = 0;
  return resourcesFromRoutes(
    routes.map(([path, method]) => ({ path, method, apiKeyRequired: false, authorizationType: "NONE" as const, mockStatus: 200, mockBody: "{}" })),
    "root00",
    () => `res${String(++n).padStart(3, "0")}`,
  );
}

const match = (res: ReturnType<typeof resources>, path: string, verb = "GET") => {
  const found = matchRoute(res, path, verb);
  return found && { path: found.resource.path, verb: found.method.httpMethod, params: found.pathParameters };
};

describe("matchRoute", () => {
  const api = resources(["/", "GET"], ["/pets", "GET"], ["/pets/{petId}", "GET"], ["/pets/mine", "GET"], ["/{proxy+}", "ANY"]);

  it("prefers a literal segment over {param} over {proxy+}", () => {
    expect(match(api, "/pets/mine")).toEqual({ path: "/pets/mine", verb: "GET", params: {} });
    expect(match(api, "/pets/42")).toEqual({ path: "/pets/{petId}", verb: "GET", params: { petId: "42" } });
    expect(match(api, "/owners/7/pets")).toEqual({ path: "/{proxy+}", verb: "ANY", params: { proxy: "owners/7/pets" } });
  });

  it("matches the root only with the root resource, never with {proxy+}", () => {
    expect(match(api, "/")).toEqual({ path: "/", verb: "GET", params: {} });
    expect(match(resources(["/{proxy+}", "ANY"]), "/")).toBeUndefined();
  });

  it("falls back to ANY on the matched resource, and to a {proxy+} sibling for a verb the resource lacks (AWS-FACTS #1)", () => {
    expect(match(api, "/anything", "DELETE")).toMatchObject({ path: "/{proxy+}", verb: "ANY" });
    expect(match(api, "/pets", "POST")).toEqual({ path: "/{proxy+}", verb: "ANY", params: { proxy: "pets" } });
    expect(match(resources(["/orders", "GET"]), "/orders", "POST")).toBeUndefined();
  });

  it("lets ANY answer OPTIONS when the resource has no OPTIONS method", () => {
    expect(match(resources(["/cart", "ANY"]), "/cart", "OPTIONS")).toMatchObject({ path: "/cart", verb: "ANY" });
    expect(match(resources(["/cart", "ANY"], ["/cart", "OPTIONS"]), "/cart", "OPTIONS")).toMatchObject({ path: "/cart", verb: "OPTIONS" });
  });

  it("backtracks when a more specific branch dead-ends", () => {
    const res = resources(["/a/b/c", "GET"], ["/{x}/b/d", "GET"]);
    expect(match(res, "/a/b/d")).toEqual({ path: "/{x}/b/d", verb: "GET", params: { x: "a" } });
  });

  it("treats intermediate resources without methods as no route", () => {
    expect(match(resources(["/v1/orders", "GET"]), "/v1")).toBeUndefined();
  });

  it("decodes segments, ignores a trailing slash and is verb-case-insensitive", () => {
    expect(match(api, "/pets/a%20b/", "get")).toEqual({ path: "/pets/{petId}", verb: "GET", params: { petId: "a b" } });
  });

  it("finds nothing for an unknown path when there is no catch-all", () => {
    expect(match(resources(["/pets", "GET"]), "/owners")).toBeUndefined();
  });
});
