import { describe, expect, it } from "vitest";
import type { StageTraffic } from "@/lib/aws/types";
import type { RestApiSummary, StageSummary } from "@/lib/inventory/types";
import { arrange, troubleOf, viewOf, withView } from "./overview-view";

const traffic = (requests: number, errors4xx = 0, errors5xx = 0): StageTraffic => ({ requests, errors4xx, errors5xx, series: [], complete: true });

function stage(name: string, t: StageTraffic | null, warnings: string[] = []): StageSummary {
  return { name, deploymentId: "d1", loggingLevel: "INFO", webAclArn: null, lastUpdatedDate: null, usagePlans: ["gold"], warnings, traffic: t };
}

function api(name: string, stages: StageSummary[], extra: Partial<RestApiSummary> = {}): RestApiSummary {
  return {
    id: `${name.slice(0, 4).padEnd(4, "x")}000000`,
    name,
    description: null,
    createdDate: null,
    apiKeySource: "HEADER",
    endpointTypes: ["REGIONAL"],
    vpcEndpointIds: [],
    disableExecuteApiEndpoint: false,
    policy: null,
    stages,
    stagesGap: null,
    sharesMetricsWith: [],
    ...extra,
  };
}

const names = (apis: RestApiSummary[]) => apis.map((a) => `${a.name}:${a.stages.map((s) => s.name).join(",")}`);

describe("the view in the URL", () => {
  it("reads q, failing and sort, defaulting to everything, trouble first", () => {
    expect(viewOf(new URLSearchParams(""))).toEqual({ q: "", failing: false, sort: "trouble" });
    expect(viewOf(new URLSearchParams("q=orders&failing=1&sort=requests&region=eu-west-1"))).toEqual({ q: "orders", failing: true, sort: "requests" });
    expect(viewOf(new URLSearchParams("sort=bogus&failing=yes")).sort).toBe("trouble");
    expect(viewOf(new URLSearchParams("failing=yes")).failing).toBe(false);
  });

  it("writes changes back, keeping the region and leaving defaults out", () => {
    const params = new URLSearchParams("region=eu-west-1&q=pay");
    expect(withView(params, { failing: true, sort: "name" })).toBe("region=eu-west-1&q=pay&failing=1&sort=name");
    expect(withView(new URLSearchParams("region=eu-west-1&q=pay&failing=1&sort=name"), { q: "", failing: false, sort: "trouble" })).toBe("region=eu-west-1");
    const roundTrip = withView(new URLSearchParams(""), { q: "a b&c", failing: true, sort: "requests" });
    expect(viewOf(new URLSearchParams(roundTrip))).toEqual({ q: "a b&c", failing: true, sort: "requests" });
  });
});

describe("trouble", () => {
  it("a stage that answered 4XX is refusing even with a spotless configuration, never ok", () => {
    expect(troubleOf(stage("prod", traffic(10, 1)))).toBe("refusing");
    expect(troubleOf(stage("prod", traffic(10, 0, 2)))).toBe("failing");
    expect(troubleOf(stage("prod", traffic(10), ["execution logging is off"]))).toBe("warning");
    expect(troubleOf(stage("prod", traffic(10)))).toBe("ok");
    expect(troubleOf(stage("prod", traffic(0)))).toBe("ok");
    expect(troubleOf(stage("prod", null))).toBe("unknown");
  });
});

describe("arrange", () => {
  const apis = [
    api("alpha", [stage("dev", traffic(5)), stage("prod", traffic(100))]),
    api("beta", [stage("prod", traffic(40, 4)), stage("dev", traffic(10, 5))]),
    api("gamma", [stage("prod", traffic(30, 0, 3))]),
    api("delta", [stage("prod", traffic(2), ["no usage plan covers this stage"])]),
    api("epsilon", [], { stagesGap: { operation: "GetStages", action: "apigateway:GET /restapis/x/stages", code: "AccessDeniedException", kind: "access-denied", message: "" } }),
    api("zeta", [stage("prod", null)]),
  ];

  it("trouble first: refusing (higher 4XX share first), failing, warnings, unknown, healthy", () => {
    expect(names(arrange(apis, { q: "", failing: false, sort: "trouble" }))).toEqual(["beta:dev,prod", "gamma:prod", "delta:prod", "epsilon:", "zeta:prod", "alpha:dev,prod"]);
  });

  it("by requests and by name", () => {
    expect(names(arrange(apis, { q: "", failing: false, sort: "requests" }))).toEqual(["alpha:prod,dev", "beta:prod,dev", "gamma:prod", "delta:prod", "epsilon:", "zeta:prod"]);
    expect(names(arrange(apis, { q: "", failing: false, sort: "name" }))).toEqual(["alpha:dev,prod", "beta:dev,prod", "delta:prod", "epsilon:", "gamma:prod", "zeta:prod"]);
  });

  it("only failing keeps the stages that answered 4XX or 5XX, and the APIs that have one", () => {
    expect(names(arrange(apis, { q: "", failing: true, sort: "trouble" }))).toEqual(["beta:dev,prod", "gamma:prod"]);
  });

  it("text matches an API's name, id or stage names, case-insensitively", () => {
    expect(names(arrange(apis, { q: "GAM", failing: false, sort: "trouble" }))).toEqual(["gamma:prod"]);
    expect(names(arrange(apis, { q: "dev", failing: true, sort: "trouble" }))).toEqual(["beta:dev,prod"]);
    expect(arrange(apis, { q: "nothing-like-it", failing: false, sort: "trouble" })).toEqual([]);
  });
});
