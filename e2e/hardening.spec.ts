// The running server under forged requests (issue 10, items 4 and 11): Next's proxy and the route wrapper
// refuse a foreign Host and cross-site writes, every answer carries the security headers, and every error —
// 405s and unknown /api/ paths included — is the one JSON shape.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { E2E_DATA_DIR } from "../playwright.config";
import { byName } from "./scenarios";

const appPort = Number(process.env.E2E_APP_PORT ?? 3077);
const app = `http://127.0.0.1:${appPort}`;
const simUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4577}`;
const SNAPSHOT_DIR = path.join(E2E_DATA_DIR, "snapshots");

/** A raw request with exactly the Host header given (fetch and Playwright set their own). */
function rawRequest(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: appPort, path, headers: { host } }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const errorShape = { error: { code: expect.any(String), message: expect.any(String), hint: expect.any(String), link: expect.any(String) } };

test("pages and API answers carry CSP, nosniff, no-referrer and no-framing; the dashboard works under its CSP", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  const response = await page.goto("/");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});

test("a foreign Host header (DNS rebinding) gets 421 JSON on pages and API, except on the health and readiness probes", async () => {
  for (const path of ["/", "/api/v1/apis", "/triage"]) {
    const { status, body } = await rawRequest(path, "evil.example");
    expect(status, path).toBe(421);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "HOST_NOT_ALLOWED" } });
  }
  expect((await rawRequest("/api/v1/apis", `localhost:${appPort}`)).status).toBe(200);
  // A load balancer's health check names the target by its address: the probes answer it, and only they.
  for (const path of ["/api/health", "/api/ready"]) expect((await rawRequest(path, "10.0.1.23:3000")).status, path).toBe(200);
});

test("another site cannot freeze, probe or diagnose through the visitor's browser, nor frame the dashboard", async ({ page }) => {
  const s = byName("key-in-no-plan");
  const request = `curl https://${s.expect!.call.apiId}.execute-api.us-east-1.amazonaws.com/${s.expect!.call.stage}${s.expect!.call.path}`;
  // The other site: a page served from another origin on this machine (Chromium blocks public → loopback itself).
  const evil = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><form id="f" method="post" action="${app}/api/v1/snapshots" enctype="text/plain"><input name='{"request":"${request}","x":"' value='"}'></form>
      <iframe id="frame" src="${app}/"></iframe>`);
  });
  await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
  const evilOrigin = `http://localhost:${(evil.address() as AddressInfo).port}`;
  // What a refused request must not have caused: AWS reads (a fresh diagnosis), a probe sent, a snapshot written.
  const effects = async () => {
    const stats = (await (await fetch(`${simUrl}/_sim/stats`)).json()) as { total: number };
    const journal = (await (await fetch(`${simUrl}/_sim/journal`)).json()) as { requests: unknown[] };
    const snapshots = fs.existsSync(SNAPSHOT_DIR) ? fs.readdirSync(SNAPSHOT_DIR).length : 0;
    return { awsCalls: stats.total, probesSent: journal.requests.length, snapshots };
  };
  const before = await effects();
  await page.goto(`${evilOrigin}/`);
  // The frame stays empty: the browser refuses to show gatecheck inside another site.
  const frame = page.frame({ url: `${app}/` });
  expect(
    await frame
      ?.locator("text=gatecheck")
      .count()
      .catch(() => 0),
  ).toBeFalsy();

  // no-cors fetches, the one kind of cross-site POST a page can send without a preflight; the answers are
  // opaque to the page, so the proof is on the server's side (effects below)
  await page.evaluate(
    async ({ app, request }) => {
      for (const path of ["/api/v1/snapshots", "/api/v1/probe", "/api/v1/diagnose?fresh=1"]) {
        await fetch(`${app}${path}`, { method: "POST", mode: "no-cors", body: JSON.stringify({ request }) }).catch(() => undefined);
      }
    },
    { app, request },
  );
  const formResponse = page.waitForResponse((r) => r.url().endsWith("/api/v1/snapshots") && r.request().method() === "POST");
  await page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit());
  expect((await formResponse).status()).toBe(403);
  expect(await effects()).toEqual(before);
  evil.close();
});

test("405 and unknown /api/ paths answer in the one JSON error shape", async ({ request }) => {
  const notAllowed = await request.delete("/api/v1/diagnose");
  expect(notAllowed.status()).toBe(405);
  expect(notAllowed.headers()["allow"]).toBe("GET, POST");
  expect(await notAllowed.json()).toMatchObject(errorShape);
  const getProbe = await request.get("/api/v1/probe");
  expect(getProbe.status()).toBe(405);
  expect(await getProbe.json()).toMatchObject(errorShape);
  for (const path of ["/api/v1/nope", "/api/v2/apis", "/api/x/y/z"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.json()).toMatchObject(errorShape);
  }
});
