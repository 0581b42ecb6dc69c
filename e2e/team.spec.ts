// gatecheck run for a team (issue 12): sign-in in Chromium against a real OpenID Connect provider, each role
// allowed exactly its actions, 401 for every route without a session, the ALB mode's signed header, and two
// instances sharing sessions, Redis and S3 — a link frozen on one opens on the other.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { byName, diagnoseQuery, watchForKeyValues } from "./scenarios";
import { ALB_APP, IDP, TEAM_A, TEAM_B } from "./support/team";

test.describe.configure({ mode: "serial" });

/** A fresh browser (no cookies) signed in as `login` through the IdP's own login form. */
async function signedIn(browser: Browser, login: string, base = TEAM_A, returnTo = "/"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}${returnTo}`);
  // Not signed in: gatecheck sends the browser to the IdP.
  await expect(page).toHaveURL(new RegExp(`^${IDP}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.waitForURL((url) => url.href.startsWith(base));
  return { context, page };
}

const s = byName("key-in-no-plan");
const call = s.expect!.call;
const KEY = s.apiKeys!.find((k) => k.id === call.keyId)!.value;
const pasted = `curl https://${call.apiId}.execute-api.us-east-1.amazonaws.com/${call.stage}${call.path} -H 'x-api-key: ${KEY}'`;
const API_ROUTES = ["/api/v1/apis", "/api/v1/routes", "/api/v1/keys", "/api/v1/logs", "/api/v1/triage", "/api/v1/diagnose", "/api/v1/audit", "/api/v1/snapshots/AAAAAAAAAAAAAAAAAAAAAAAA"];
const POST_ROUTES = ["/api/v1/diagnose", "/api/v1/probe", "/api/v1/snapshots"];

test("without a session every API route answers 401, every page sends you to sign in, health and ready stay open", async ({ playwright }) => {
  const anonymous = await playwright.request.newContext();
  for (const base of [TEAM_A, TEAM_B, ALB_APP]) {
    for (const path of API_ROUTES) {
      const response = await anonymous.get(`${base}${path}`);
      expect([base, path, response.status(), (await response.json()).error?.code]).toEqual([base, path, 401, "SIGN_IN_REQUIRED"]);
    }
    for (const path of POST_ROUTES) {
      const response = await anonymous.post(`${base}${path}`, { data: { request: pasted } });
      expect([base, path, response.status()]).toEqual([base, path, 401]);
    }
    expect((await anonymous.get(`${base}/api/health`)).status()).toBe(200);
  }
  const page = await anonymous.get(`${TEAM_A}/triage?since=1h`, { maxRedirects: 0 });
  expect(page.status()).toBe(307);
  // Next writes a same-origin redirect as a path.
  expect(page.headers().location).toBe("/api/auth/login?returnTo=%2Ftriage%3Fsince%3D1h");
  await anonymous.dispose();
});

test("a viewer diagnoses and triages; sending, freezing, finding a key by value and the audit log are closed to them", async ({ browser }) => {
  const { context, page } = await signedIn(browser, "vera", TEAM_A, `/diagnose?${diagnoseQuery(s)!}`);
  // Back where they asked to go, signed in.
  await expect(page).toHaveURL(`${TEAM_A}/diagnose?${diagnoseQuery(s)!}`);
  await expect(page.getByTestId("account")).toContainText("Vera Viewer");
  await expect(page.getByLabel("Role: viewer")).toBeVisible();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_IN_NO_PLAN");
  await expect(page.getByRole("button", { name: "Freeze" })).toBeDisabled();
  await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);
  // Write mode is on for this instance, for admins only: a viewer gets no Apply button, and the routes refuse them.
  const access = await page.request.get(`${TEAM_A}/api/v1/fixes`);
  expect(await access.json()).toMatchObject({ enabled: false, reason: expect.stringContaining("needs the admin role; you are signed in as viewer") });
  await expect(page.locator('li[data-code="KEY_IN_NO_PLAN"]')).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply fix…" })).toHaveCount(0);
  const call = Object.fromEntries(new URLSearchParams(diagnoseQuery(s)!));
  for (const [path, body] of [
    ["/api/v1/fixes/preview", { ...call, code: "KEY_IN_NO_PLAN" }],
    ["/api/v1/fixes/apply", { ...call, code: "KEY_IN_NO_PLAN", fingerprint: "x" }],
    ["/api/v1/fixes/undo", { ...call, undoToken: "x" }],
  ] as const) {
    const refused = await page.request.post(`${TEAM_A}${path}`, { data: body });
    expect([path, refused.status(), (await refused.json()).error?.message]).toEqual([path, 403, "Applying a fix needs the admin role; you are signed in as viewer."]);
  }

  await page.goto(`${TEAM_A}/paste`);
  await expect(page.getByRole("button", { name: "Send it" })).toBeDisabled();
  await expect(page.getByText("You are signed in as a viewer")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/team-viewer-paste.png" });

  for (const path of POST_ROUTES) {
    const response = await page.request.post(`${TEAM_A}${path}`, { data: { request: pasted } });
    expect([path, response.status(), (await response.json()).error?.code]).toEqual([path, 403, "ROLE_REQUIRED"]);
  }
  expect((await page.request.get(`${TEAM_A}/api/v1/audit`)).status()).toBe(403);
  expect((await page.request.get(`${TEAM_A}/api/v1/triage?since=1h`)).status()).toBe(200);
  await page.goto(`${TEAM_A}/admin/audit`);
  await expect(page.getByRole("alert").filter({ hasText: "audit log" })).toContainText("needs the admin role; you are signed in as viewer");
  await context.close();
});

test("a responder sends a request and freezes on one instance; the link opens on the other; the admin sees both in the audit log", async ({ browser }) => {
  const responder = await signedIn(browser, "rui");
  const leaks = watchForKeyValues(responder.page);
  await expect(responder.page.getByLabel("Role: responder")).toBeVisible();

  // Send it, from the paste page: allowed, confirmed, sent once.
  await responder.page.goto(`${TEAM_A}/paste`);
  await responder.page.getByLabel("Paste the request that got 403").fill(pasted);
  // A GET: sent at once, without the confirmation a POST asks for.
  await responder.page.getByRole("button", { name: "Send it" }).click();
  await expect(responder.page.getByTestId("probe-status")).toContainText("403");

  // Freeze on instance A …
  await responder.page.goto(`${TEAM_A}/diagnose?${diagnoseQuery(s)!}`);
  await expect(responder.page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_IN_NO_PLAN");
  await responder.page.getByRole("button", { name: "Freeze" }).click();
  const link = await responder.page.getByLabel("Link to the frozen diagnosis").inputValue();
  expect(link.startsWith(`${TEAM_A}/s/`)).toBe(true);
  // … open on instance B: the session and the snapshot (in S3) are shared, nothing is on B's disk.
  await responder.page.goto(link.replace(TEAM_A, TEAM_B));
  await expect(responder.page.getByTestId("frozen-banner")).toBeVisible();
  await expect(responder.page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_IN_NO_PLAN");
  await leaks.check();
  // Signed in, the hardening still holds: a write another origin asks for is refused, session cookie or not.
  const forged = await responder.page.request.post(`${TEAM_A}/api/v1/snapshots`, { headers: { origin: IDP }, data: { request: pasted } });
  expect([forged.status(), (await forged.json()).error.code]).toEqual([403, "CROSS_SITE_REQUEST"]);
  await responder.context.close();

  const admin = await signedIn(browser, "ada", TEAM_B, `/diagnose?${diagnoseQuery(s)!}`);
  // An admin is offered the fix, and its preview (the apply itself is e2e/fixes.spec.ts's).
  await admin.page.locator('li[data-code="KEY_IN_NO_PLAN"]').getByRole("button", { name: "Apply fix…" }).click();
  await expect(admin.page.getByRole("region", { name: "Fix preview for KEY_IN_NO_PLAN" })).toContainText("aws apigateway create-usage-plan-key");
  await admin.page.getByRole("link", { name: "Audit" }).click();
  await expect(admin.page).toHaveURL(`${TEAM_B}/admin/audit`);
  const rows = admin.page.getByRole("row");
  // Events written by instance A, read by instance B (the audit store is S3).
  await expect(rows.filter({ hasText: "Rui Responder" }).filter({ hasText: "Sent a request" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Rui Responder" }).filter({ hasText: "Froze a diagnosis" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Rui Responder" }).filter({ hasText: "Looked up a key by value" }).first()).toContainText(`****${KEY.slice(-6)}`);
  await expect(rows.filter({ hasText: "Vera Viewer" }).filter({ hasText: "Signed in" }).first()).toBeVisible();
  expect(await admin.page.content()).not.toContain(KEY);
  await admin.page.screenshot({ path: "test-results/screenshots/team-audit.png", fullPage: true });
  await admin.context.close();
});

test("a user in no mapped group is told so, and signing out ends the session", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${TEAM_A}/`);
  await page.locator('input[name="login"]').fill("nobody");
  await page.locator('input[name="password"]').fill("x");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await expect(page).toHaveURL(`${TEAM_A}/signed-out?reason=no-role`);
  await expect(page.getByRole("heading", { name: "Your account has no gatecheck role" })).toBeVisible();
  expect((await page.request.get(`${TEAM_A}/api/v1/apis`)).status()).toBe(401);
  await context.close();

  const viewer = await signedIn(browser, "vera");
  expect((await viewer.page.request.get(`${TEAM_A}/api/v1/apis`)).status()).toBe(200);
  await viewer.page.getByRole("button", { name: "Sign out" }).click();
  await expect(viewer.page).toHaveURL(`${TEAM_A}/signed-out`);
  expect((await viewer.page.request.get(`${TEAM_A}/api/v1/apis`)).status()).toBe(401);
  await viewer.context.close();
});

test("behind an ALB: a valid x-amzn-oidc-data is the user; a forged, expired or missing one is refused", async ({ playwright, browser }) => {
  const api = await playwright.request.newContext();
  const sign = async (body: object) => (await api.post(`${IDP}/alb/sign`, { data: body })).text();
  const valid = await sign({ login: "rui" });
  const get = (token?: string) => api.get(`${ALB_APP}/api/v1/apis`, { headers: token ? { "x-amzn-oidc-data": token } : {} });
  expect((await get(valid)).status()).toBe(200);
  const me = await (await api.get(`${ALB_APP}/api/auth/me`, { headers: { "x-amzn-oidc-data": valid } })).json();
  expect(me).toEqual({ mode: "alb", user: { sub: "rui", name: "Rui Responder", email: "rui@example.test", role: "responder" } });

  // Forged: the viewer's token with an admin's groups put in; the signature no longer matches.
  const [header, , signature] = (await sign({ login: "vera" })).split(".");
  const adminClaims = Buffer.from(JSON.stringify({ sub: "vera", groups: ["platform-admins"], exp: Math.floor(Date.now() / 1000) + 60 })).toString("base64url");
  const expired = await sign({ login: "rui", expiresIn: -30 });
  for (const [name, token, words] of [
    ["forged", `${header}.${adminClaims}.${signature}`, /signature does not verify/],
    ["expired", expired, /expired/],
    ["missing", undefined, /load balancer/],
  ] as const) {
    const response = await get(token);
    const body = await response.json();
    expect([name, response.status(), body.error.code]).toEqual([name, 401, "SIGN_IN_REQUIRED"]);
    expect(body.error.message).toMatch(words);
  }

  // In Chromium, as the load balancer would forward it: the page knows the user and their role.
  const context = await browser.newContext({ extraHTTPHeaders: { "x-amzn-oidc-data": valid } });
  const page = await context.newPage();
  await page.goto(`${ALB_APP}/`);
  await expect(page.getByTestId("account")).toContainText("Rui Responder");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await context.close();
  await api.dispose();
});
