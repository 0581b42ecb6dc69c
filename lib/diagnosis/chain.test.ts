import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, API_ID, GOLD, REGION, buildInventory, diagnoseWith, gap, method, plan, resource } from "./__fixtures__/inventory";
import type { ChainEdge, Diagnosis } from "./types";

const edgeOf = (d: Diagnosis, id: string): ChainEdge => {
  const edge = d.chain.edges.find((e) => e.id === id);
  if (!edge) throw new Error(`no edge ${id} among [${d.chain.edges.map((e) => e.id).join(", ")}]`);
  return edge;
};

describe("the chain graph", () => {
  it("draws request → API → stage → deployment → method → key → plan → stage, and the logs, all ok", () => {
    const d = diagnoseWith();
    expect(d.chain.nodes.map((n) => n.id)).toEqual(["request", "api", "stage", "deployment", "method", "key", `plan-${GOLD.id}`, "logs"]);
    expect(d.chain.edges.map((e) => [e.source, e.target])).toEqual([
      ["request", "api"],
      ["api", "stage"],
      ["stage", "deployment"],
      ["deployment", "method"],
      ["method", "key"],
      ["key", `plan-${GOLD.id}`],
      [`plan-${GOLD.id}`, "stage"],
      ["stage", "logs"],
    ]);
    expect(d.chain.edges.every((e) => e.status === "ok" && e.code === null)).toBe(true);
    expect(d.chain.nodes.find((n) => n.id === "method")).toMatchObject({ label: "GET /orders/{id}", detail: "API key required" });
  });

  it("a blocker breaks its link and names the finding", () => {
    const d = diagnoseWith({ inventory: buildInventory({ key: { enabled: false } }) });
    expect(edgeOf(d, "method-key")).toMatchObject({ status: "broken", code: "KEY_DISABLED", reason: "API key partner-acme is disabled" });
  });

  it("a warning weakens its link", () => {
    const d = diagnoseWith({ inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET"), method("OPTIONS"))] }) });
    expect(edgeOf(d, "method-key")).toMatchObject({ status: "warning", code: "PREFLIGHT_REQUIRES_KEY" });
  });

  it("a WAF ACL with no logged call is an unknown link, not a pass", () => {
    const d = diagnoseWith({ inventory: buildInventory({ stage: { webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/acl/1` } }) });
    expect(edgeOf(d, "api-stage")).toMatchObject({ status: "unknown" });
  });

  it("an info finding leaves its link ok", () => {
    const d = diagnoseWith({ inventory: buildInventory({ resources: [resource("/orders/{id}", method("GET", { apiKeyRequired: false }))] }) });
    expect(d.findings.map((f) => f.code)).toEqual(["KEY_NOT_REQUIRED"]);
    expect(edgeOf(d, "method-key")).toEqual({ id: "method-key", source: "method", target: "key", status: "ok", code: null, reason: null });
  });

  it("an unreadable read makes its link unknown, with the reason and no code", () => {
    const denied = gap("access-denied", "GetUsagePlans", "apigateway:GET /usageplans");
    const d = diagnoseWith({ inventory: buildInventory({ reads: { keyPlans: denied, stagePlans: denied } }) });
    expect(d.chain.nodes.find((n) => n.kind === "usage-plan")).toMatchObject({ id: "plan-none", label: "usage plans" });
    expect(edgeOf(d, "key-plan")).toEqual({
      id: "key-plan",
      source: "key",
      target: "plan-none",
      status: "unknown",
      code: null,
      reason: "gatecheck may not read the key's usage plans (apigateway:GET /usageplans denied)",
    });
  });

  it("broken outranks unknown on the same link", () => {
    // Snapshot unreadable (route hop unknown) and the path exists nowhere (ROUTE_NOT_FOUND from the draft).
    const d = diagnoseWith({ inventory: buildInventory({ deployed: null, resources: [resource("/customers", method("GET"))] }) });
    expect(edgeOf(d, "deployment-method")).toMatchObject({ status: "broken", code: "ROUTE_NOT_FOUND" });
    expect(d.chain.nodes.find((n) => n.id === "deployment")?.detail).toContain("snapshot unreadable");
  });

  it("a key in no plan: one 'no usage plan' node, the key→plan edge broken", () => {
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [] }) });
    expect(d.chain.nodes.find((n) => n.id === "plan-none")).toMatchObject({ label: "no usage plan", detail: "the key is in no plan" });
    expect(edgeOf(d, "key-plan")).toMatchObject({ status: "broken", code: "KEY_IN_NO_PLAN" });
  });

  it("a plan missing the stage breaks only its plan→stage edge", () => {
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [plan("silver01", "silver", [`${API_ID}/dev`])] }) });
    expect(edgeOf(d, "key-plan-silver01").status).toBe("ok");
    expect(edgeOf(d, "plan-stage-silver01")).toMatchObject({ status: "broken", code: "KEY_PLAN_MISSING_STAGE" });
  });

  it("more than 3 plans collapse into a '+N plans' node; the covering plan is drawn first", () => {
    const others = ["a", "b", "c", "d"].map((n) => plan(`plan${n}`, `plan ${n}`, [`${API_ID}/dev`]));
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: [...others, GOLD] }) });
    const plans = d.chain.nodes.filter((n) => n.kind === "usage-plan");
    expect(plans.map((n) => n.label)).toEqual(["gold", "plan a", "plan b"]);
    expect(d.chain.nodes.find((n) => n.kind === "more-plans")).toMatchObject({ id: "more-plans", label: "+2 plans" });
    expect(edgeOf(d, `plan-stage-${GOLD.id}`).status).toBe("ok");
    expect(d.chain.nodes.length).toBe(11);
  });

  it("stays at 11 nodes for 40 plans", () => {
    const many = Array.from({ length: 40 }, (_, i) => plan(`p${i}`, `plan ${i}`, [`${API_ID}/dev`]));
    const d = diagnoseWith({ inventory: buildInventory({ keyPlans: many }) });
    expect(d.chain.nodes.length).toBe(11);
    expect(d.chain.nodes.find((n) => n.kind === "more-plans")?.label).toBe("+37 plans");
  });

  it.each([
    ["healthy", buildInventory()],
    ["no plan", buildInventory({ keyPlans: [] })],
    ["many plans", buildInventory({ keyPlans: Array.from({ length: 5 }, (_, i) => plan(`p${i}`, `plan ${i}`, [`${API_ID}/prod`])) })],
    ["no stage", buildInventory({ stage: { name: "dev" } })],
  ])("every edge joins drawn nodes, ids unique (%s)", (_, inventory) => {
    const { nodes, edges } = diagnoseWith({ inventory }).chain;
    const ids = new Set(nodes.map((n) => n.id));
    expect(ids.size).toBe(nodes.length);
    expect(new Set(edges.map((e) => e.id)).size).toBe(edges.length);
    for (const e of edges) expect([ids.has(e.source), ids.has(e.target)]).toEqual([true, true]);
  });
});
