// The triage board: the region's recent 403s grouped by cause, the stages it cannot see, and the way from a
// group to the diagnosis of its latest request.
import { expect, test, type Page } from "@playwright/test";
import { FINDING_TITLES } from "../lib/client/finding-titles";
import { watchForKeyValues } from "./scenarios";

const groups = (page: Page) => page.getByRole("list", { name: "Causes of 403, biggest first" });
const card = (page: Page, code: string) => groups(page).locator(`li[data-code="${code}"]`);

test("the last hour's 403s by cause, biggest first, with the blind spots and their fix", async ({ page }) => {
  const leaks = watchForKeyValues(page);
  await page.goto("/triage?region=us-east-1&since=1h");
  await expect(page.getByRole("button", { name: "1 h", pressed: true })).toBeVisible();
  for (const code of ["KEY_IN_NO_PLAN", "KEY_MISSING"] as const) {
    const group = card(page, code);
    await expect(group).toBeVisible();
    expect(Number(await group.getAttribute("data-count"))).toBeGreaterThan(0);
    await expect(group.getByRole("heading", { name: FINDING_TITLES[code] })).toBeVisible();
    await expect(group).toContainText(code);
    await expect(group.getByRole("img", { name: /^Requests per \d+ minutes from .* oldest first: [\d, ]+$/ })).toBeVisible();
    await expect(group).toContainText(/Last seen.*UTC/);
    await expect(group.getByRole("link", { name: "Diagnose the latest one →" })).toBeVisible();
  }
  await expect(card(page, "KEY_IN_NO_PLAN")).toContainText("✓ confirmed by configuration");
  await expect(card(page, "KEY_IN_NO_PLAN").getByText("GET /invoices", { exact: true })).toBeVisible();
  // Keys are shown masked, by the last characters AWS logs too.
  await expect(
    card(page, "KEY_IN_NO_PLAN")
      .locator("code", { hasText: /^\*{4}[A-Za-z0-9]{6}$/ })
      .first(),
  ).toBeVisible();

  const counts = await groups(page)
    .locator(":scope > li")
    .evaluateAll((items) => items.map((li) => Number(li.getAttribute("data-count"))));
  expect(counts.length).toBeGreaterThan(2);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));

  const spots = page.getByRole("list", { name: "Blind spots" });
  const loyalty = spots.getByRole("listitem").filter({ hasText: "loyalty-api" });
  await expect(loyalty).toContainText("execution logging is off");
  await expect(loyalty.locator("code", { hasText: "loglevel,value=INFO" })).toBeVisible();
  await expect(loyalty.getByRole("button", { name: "Copy command" })).toBeVisible();
  await expect(page.getByTestId("updated")).toContainText(/Updated (just now|\d+ s ago)/);
  await page.screenshot({ path: "test-results/screenshots/triage.png", fullPage: true });

  await page.getByRole("button", { name: "15 min" }).click();
  await expect(page).toHaveURL(/since=15m/);
  await expect(page.getByRole("button", { name: "15 min", pressed: true })).toBeVisible();
  await expect(page.getByTestId("triage-summary")).toContainText("the last 15 minutes");
  await leaks.check();
});

for (const code of ["KEY_IN_NO_PLAN", "KEY_PLAN_MISSING_STAGE"]) {
  test(`${code}: "Diagnose the latest one" opens the diagnosis of that request, naming the same finding`, async ({ page }) => {
    const leaks = watchForKeyValues(page);
    await page.goto("/triage?region=us-east-1&since=1h");
    const link = card(page, code).getByRole("link", { name: "Diagnose the latest one →" });
    const href = new URL((await link.getAttribute("href"))!, "http://x");
    const requestId = href.searchParams.get("requestId")!;
    expect(requestId).toBeTruthy();
    for (const field of ["region", "api", "stage", "method", "path", "key"]) expect(href.searchParams.get(field), field).toBeTruthy();
    await link.click();

    await expect(page).toHaveURL(/\/diagnose\?/);
    const verdict = page.getByTestId("verdict");
    await expect(verdict).toHaveAttribute("data-code", code);
    await expect(page.getByTestId("log-request-id")).toContainText(requestId);
    const lines = page.getByLabel("Log lines").locator("li");
    await expect(lines.first()).toBeVisible();
    expect(new Set(await lines.evaluateAll((items) => items.map((li) => li.getAttribute("data-request-id"))))).toEqual(new Set([requestId]));
    if (code === "KEY_IN_NO_PLAN") await page.screenshot({ path: "test-results/screenshots/triage-diagnose.png", fullPage: true });

    // "all requests" drops the request id and keeps the call.
    await page.getByRole("link", { name: "all requests" }).click();
    await expect(page).not.toHaveURL(/requestId=/);
    await expect(verdict).toHaveAttribute("data-code", code);
    await leaks.check();
  });
}

test("a region where no stage's logs can be read says so instead of 'No 403', and lists what it cannot see", async ({ page }) => {
  // eu-west-1 has no CloudWatch role: nothing is logged there, so "no 403" would be a guess (issue 11).
  await page.goto("/triage?region=eu-west-1&since=15m");
  await expect(page.getByText("No stage's logs could be read in eu-west-1.")).toBeVisible();
  await expect(page.getByText("No 403 in")).toHaveCount(0);
  const spots = page.getByRole("list", { name: "Blind spots" });
  await expect(spots).toContainText("no CloudWatch role");
  await page.screenshot({ path: "test-results/screenshots/triage-empty.png", fullPage: true });
});

test("a bad window is an error with a way back", async ({ page }) => {
  await page.goto("/triage?region=us-east-1&since=forever");
  const alert = page.getByRole("alert").filter({ hasText: "INVALID_INPUT" });
  await expect(alert).toContainText("The triage window (since) must be");
  await alert.getByRole("link", { name: "Show the last hour instead" }).click();
  await expect(card(page, "KEY_MISSING")).toBeVisible();
});

test("it reads again every 30 s while visible, and not while the tab is hidden", async ({ page }) => {
  await page.clock.install();
  let reads = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/v1/triage") reads += 1;
  });
  await page.goto("/triage?region=us-east-1&since=1h");
  await expect(card(page, "KEY_MISSING")).toBeVisible();
  expect(reads).toBe(1);

  await page.clock.runFor(31_000);
  await expect.poll(() => reads).toBe(2);
  await expect(page.getByTestId("updated")).toContainText(/Updated (just now|\d+ s ago)/);

  // What the browser does when the user switches tabs.
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
  });
  await page.clock.runFor(95_000);
  await page.waitForTimeout(500);
  expect(reads).toBe(2);
});

test("triage in dark mode", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/triage?region=us-east-1&since=1h");
  await expect(card(page, "KEY_IN_NO_PLAN")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/triage-dark.png", fullPage: true });
});
