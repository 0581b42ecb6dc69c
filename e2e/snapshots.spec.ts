// Frozen diagnoses: Freeze on a live or pasted diagnosis, the read-only `/s/{id}` page that keeps saying
// what gatecheck saw then, "Re-run live" for what it sees now, and 404s for ids that name nothing.
import { expect, test, type Page } from "@playwright/test";
import { byName, diagnoseQuery, watchForKeyValues } from "./scenarios";

const simUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4577}`;

/** Console errors (a hydration mismatch among them) fail the test that collects them; the app has no favicon. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function freeze(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Freeze" }).click();
  const link = page.getByLabel("Link to the frozen diagnosis");
  await expect(link).toBeVisible();
  const url = await link.inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{24}$/);
  return url;
}

test("a frozen diagnosis keeps its verdict when the configuration changes; Re-run live shows the new one", async ({ page, request }) => {
  const s = byName("key-plan-missing-stage");
  const keyId = s.expect!.call.keyId!;
  // The plan that lists the stage called: adding the key to it is the fix.
  const plan = s.usagePlans!.find((p) => p.apiStages.some((st) => st.apiId === s.expect!.call.apiId && st.stage === s.expect!.call.stage))!;
  const leaks = watchForKeyValues(page);
  const errors = watchConsole(page);

  await page.goto(`/diagnose?${diagnoseQuery(s)}`);
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-code", "KEY_PLAN_MISSING_STAGE");
  const url = await freeze(page);
  await page.screenshot({ path: "test-results/screenshots/snapshot-freeze.png" });

  await page.goto(url);
  const banner = page.getByTestId("frozen-banner");
  await expect(banner).toContainText(/Configuration as of \d{4}-\d\d-\d\d \d\d:\d\d UTC, frozen at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  await expect(verdict).toHaveAttribute("data-verdict", "forbidden");
  await expect(verdict).toHaveAttribute("data-code", "KEY_PLAN_MISSING_STAGE");
  await expect(page.locator('[data-testid="edge-label"][data-status="broken"][data-code="KEY_PLAN_MISSING_STAGE"]')).toBeVisible();
  // Read-only: no pickers, no refresh, no window to change.
  await expect(page.getByRole("button", { name: "Refresh" })).toHaveCount(0);
  await expect(page.getByRole("group", { name: "Time window" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Freeze" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/snapshot.png", fullPage: true });

  try {
    const added = await request.post(`${simUrl}/usageplans/${plan.id}/keys`, { data: { keyId, keyType: "API_KEY" } });
    expect(added.ok()).toBe(true);

    await page.reload();
    await expect(verdict).toHaveAttribute("data-code", "KEY_PLAN_MISSING_STAGE");

    const live = page.getByRole("link", { name: "Re-run live →" });
    const href = new URL((await live.getAttribute("href"))!, "http://x");
    expect(Object.fromEntries(href.searchParams)).toEqual(Object.fromEntries(diagnoseQuery(s)!));
    await live.click();
    await expect(page).toHaveURL(/\/diagnose\?/);
    await expect(verdict).toBeVisible();
    // gatecheck shares its AWS reads for 30 s; Refresh reads the new configuration now.
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(verdict).toHaveAttribute("data-verdict", "allowed");
    await page.screenshot({ path: "test-results/screenshots/snapshot-live.png", fullPage: true });
  } finally {
    await request.delete(`${simUrl}/usageplans/${plan.id}/keys/${keyId}`);
    // Leave gatecheck's shared cache as the scenario says, for the tests after this one.
    await request.get(`/api/v1/diagnose?${diagnoseQuery(s)}&fresh=1`);
  }
  await leaks.check();
  expect(errors).toEqual([]);
});

test("a pasted request frozen: the snapshot shows what was read from it and the corrected request, key masked", async ({ page }) => {
  const s = byName("key-not-in-header");
  const leaks = watchForKeyValues(page);
  const errors = watchConsole(page);
  await page.goto("/paste");
  await page.getByLabel("Paste the request that got 403").fill(s.expect!.call.request!);
  await page.getByRole("button", { name: "Explain", exact: true }).click();
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
  const url = await freeze(page);

  await page.goto(url);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
  await expect(page.getByTestId("request-facts")).toContainText('the body field "x-api-key"');
  await expect(page.getByLabel("Corrected curl")).toContainText(`-H "x-api-key: $API_KEY"`);
  await expect(page.getByRole("button", { name: "Send corrected" })).toHaveCount(0);
  await expect(page.getByTestId("frozen-banner")).toContainText("It explains a pasted request");
  const live = new URL((await page.getByRole("link", { name: "Re-run live →" }).getAttribute("href"))!, "http://x");
  expect(live.searchParams.get("api")).toBe("j9vbk1oy96");
  expect(live.searchParams.get("key")).toBe(s.apiKeys![0]!.id);
  await page.screenshot({ path: "test-results/screenshots/snapshot-pasted.png", fullPage: true });
  await leaks.check();
  expect(errors).toEqual([]);
});

for (const id of ["AAAAAAAAAAAAAAAAAAAAAAAA", "not-a-snapshot", "..%2F..%2Fpackage.json", "A".repeat(300)]) {
  test(`/s/${id.slice(0, 30)} is a 404 page, not a crash`, async ({ page }) => {
    const response = await page.goto(`/s/${id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("No frozen diagnosis has this link.")).toBeVisible();
    await expect(page.getByRole("link", { name: "← Back to the APIs" })).toBeVisible();
  });
}
