// Liveness and readiness (issue 12, item 6), through the route wrapper: what a load balancer's target group, an
// orchestrator's probe and Docker's HEALTHCHECK read. e2e/standalone.spec.ts asks the built server the same.
import { describe, expect, it } from "vitest";
import { TEST_CREDENTIALS } from "@/sim/testing";
import { simulatorForFile } from "@/test/sim-env";
import { GET as health } from "../health/route";
import { GET as keys } from "../v1/keys/route";
import { GET as ready, POST as readyPost } from "./route";

const sim = simulatorForFile({ pacing: false });
const noParams = { params: Promise.resolve({}) };
/** A load balancer's health check names the target by its private address, which no allow-list holds. */
const probe = (path: string) => new Request(`http://10.0.1.23:3000${path}`, { headers: { host: "10.0.1.23:3000" } });

describe("GET /api/health", () => {
  it("answers 200 {status: ok} without reading AWS, uncached", async () => {
    sim().sim.stats.reset();
    const response = await health(probe("/api/health"), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(sim().sim.stats.calls).toEqual([]);
  });
});

describe("GET /api/ready", () => {
  // First: a failed answer is not kept, a ready one is (for a few seconds), so the order matters here.
  it("answers 503 naming the dependency and AWS's error code when the credentials may not read API Gateway; no secret, no message", async () => {
    sim().sim.faults = { ...sim().sim.faults, deny: ["GetAccount"] };
    try {
      const response = await ready(probe("/api/ready"), noParams);
      expect(response.status).toBe(503);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ status: "not-ready", checks: { aws: { status: "failed", error: "AccessDeniedException" } } });
      expect(text).not.toContain(TEST_CREDENTIALS.accessKeyId);
      expect(text).not.toContain(sim().endpoint);
    } finally {
      sim().sim.faults = { ...sim().sim.faults, deny: [] };
    }
  });

  it("answers 200 once the credentials can read API Gateway again: one GetAccount call, shared by the probes that follow", async () => {
    sim().sim.stats.reset();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ready(probe("/api/ready"), noParams)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await answers[0]!.json()).toEqual({ status: "ready", checks: { aws: { status: "ok" } } });
    expect((await ready(probe("/api/ready"), noParams)).status).toBe(200);
    expect(sim().sim.stats.byOperation.get("GetAccount")).toBe(1);
  });

  it("answers under any Host, where every other route refuses a host it does not serve; other methods get 405", async () => {
    expect((await keys(probe("/api/v1/keys?q=abc"), noParams)).status).toBe(421);
    expect((await readyPost(new Request("http://gatecheck.test/api/ready", { method: "POST" }), noParams)).status).toBe(405);
  });
});
