// The JSON API over real HTTP against the built server + the simulator, as `curl` on a running demo would see it.
import { expect, test } from "@playwright/test";
import { diagnoseQuery, scenarios, seededKeyValues } from "./scenarios";

const bodies: string[] = [];

for (const s of scenarios.filter((x) => x.expect)) {
  test(`diagnose ${s.name} → ${s.expect!.firstBreak ?? s.expect!.verdict}`, async ({ request }) => {
    const query = diagnoseQuery(s);
    const response = query ? await request.get(`/api/v1/diagnose?${query}`) : await request.post("/api/v1/diagnose", { data: { request: s.expect!.call.request, region: s.region ?? "us-east-1" } });
    const text = await response.text();
    bodies.push(text);
    expect(response.status(), text.slice(0, 300)).toBe(200);
    const body = JSON.parse(text);
    expect(body.firstBreak?.code ?? null).toBe(s.expect!.firstBreak);
    expect(body.verdict).toBe(s.expect!.verdict);
  });
}

test("GET /api/v1/logs returns parsed lines of a stage, keys masked", async ({ request }) => {
  const s = scenarios.find((x) => x.name === "key-in-no-plan")!;
  const response = await request.get(`/api/v1/logs?region=us-east-1&api=${s.expect!.call.apiId}&stage=${s.expect!.call.stage}`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("found");
  expect(body.events.some((e: { kind: string }) => e.kind === "api-key-not-authorized")).toBe(true);
  bodies.push(JSON.stringify(body));
});

test("no seeded key value in any response", () => {
  expect(bodies.length).toBeGreaterThan(20);
  const all = bodies.join("\n");
  for (const value of seededKeyValues) expect(all.includes(value), `key …${value.slice(-6)} leaked`).toBe(false);
});
