import { describe, expect, it } from "vitest";
import type { DeployedRoutes } from "@/lib/aws/types";
import { method, resource } from "./__fixtures__/inventory";
import { closestName, editDistance, matchRoute, nearestPath, pathExists, routesOfDraft } from "./routes";

const open = { apiKeyRequired: false, authorizationType: "NONE" } as const;
const keyed = { apiKeyRequired: true, authorizationType: "NONE" } as const;

const ROUTES: DeployedRoutes = {
  "/": { GET: open },
  "/orders": { GET: keyed, POST: keyed },
  "/orders/latest": { GET: open },
  "/orders/{id}": { GET: keyed, ANY: open },
  "/{proxy+}": { ANY: open },
};

const templateOf = (path: string, verb: string) => matchRoute(ROUTES, path, verb)?.template ?? null;

describe("matchRoute", () => {
  it("a literal segment beats {param}", () => {
    expect(templateOf("/orders/latest", "GET")).toBe("/orders/latest");
    expect(templateOf("/orders/42", "GET")).toBe("/orders/{id}");
  });

  it("{param} beats {proxy+}; {proxy+} takes what nothing else matches, at any depth", () => {
    expect(templateOf("/orders/42", "DELETE")).toBe("/orders/{id}");
    expect(templateOf("/customers/7/invoices", "PUT")).toBe("/{proxy+}");
  });

  it("the exact path wins, root included", () => {
    expect(templateOf("/", "GET")).toBe("/");
    expect(templateOf("/orders", "POST")).toBe("/orders");
  });

  it("the verb beats ANY on the same resource, and carries that method's settings", () => {
    expect(matchRoute(ROUTES, "/orders/42", "GET")).toEqual({ template: "/orders/{id}", verb: "GET", ...keyed });
    expect(matchRoute(ROUTES, "/orders/42", "PATCH")).toEqual({ template: "/orders/{id}", verb: "ANY", ...open });
  });

  it("{proxy+} needs at least one segment", () => {
    const routes: DeployedRoutes = { "/files/{proxy+}": { GET: open } };
    expect(matchRoute(routes, "/files", "GET")).toBeNull();
    expect(matchRoute(routes, "/files/a/b.txt", "GET")?.template).toBe("/files/{proxy+}");
  });

  it("no match: a path nothing serves, a verb nothing serves, a segment too many", () => {
    const routes: DeployedRoutes = { "/orders/{id}": { GET: keyed } };
    expect(matchRoute(routes, "/customers/1", "GET")).toBeNull();
    expect(matchRoute(routes, "/orders/1", "POST")).toBeNull();
    expect(matchRoute(routes, "/orders/1/items", "GET")).toBeNull();
  });
});

describe("routesOfDraft", () => {
  it("keeps resources with methods, keyed by path then verb", () => {
    const draft = routesOfDraft([resource("/"), resource("/orders/{id}", method("GET"), method("DELETE", { apiKeyRequired: false, authorizationType: "AWS_IAM" }))]);
    expect(draft).toEqual({ "/orders/{id}": { GET: keyed, DELETE: { apiKeyRequired: false, authorizationType: "AWS_IAM" } } });
  });
});

describe("pathExists", () => {
  it("is true when some template matches the path with any verb", () => {
    const routes: DeployedRoutes = { "/orders/{id}": { GET: keyed } };
    expect(pathExists(routes, "/orders/9")).toBe(true);
    expect(pathExists(routes, "/orders")).toBe(false);
  });
});

describe("nearestPath", () => {
  const routes: DeployedRoutes = { "/orders": { GET: keyed }, "/orders/{id}": { GET: keyed }, "/customers": { GET: keyed } };

  it("suggests the template closest to a typo, case-insensitively", () => {
    expect(nearestPath(routes, "/ordres")).toBe("/orders");
    expect(nearestPath(routes, "/Customers")).toBe("/customers");
    expect(nearestPath(routes, "/order/{id}")).toBe("/orders/{id}");
  });

  it("suggests nothing when every template is far off", () => {
    expect(nearestPath(routes, "/inventory/warehouses")).toBeNull();
    expect(nearestPath({}, "/orders")).toBeNull();
  });
});

describe("closestName", () => {
  it("prefers a case-insensitive equal name", () => {
    expect(closestName(["dev", "Prod", "prod-eu"], "prod")).toBe("Prod");
    expect(closestName(["prod"], "PROD")).toBe("prod");
  });

  it("falls back to a near spelling, and to nothing when none is near", () => {
    expect(closestName(["prod", "staging"], "prdo")).toBe("prod");
    expect(closestName(["prod", "staging"], "Stagin")).toBe("staging");
    expect(closestName(["prod", "dev"], "production-eu")).toBeNull();
    expect(closestName([], "prod")).toBeNull();
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("prod", "prod")).toBe(0);
  });
});
