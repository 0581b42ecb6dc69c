// Issue 9's "What was seen", as a person sees it in Chromium: a verdict never contradicts the log lines beside it,
// the key comes from the evidence, and a 429 reads as throttled, not allowed.
import { expect, test } from "@playwright/test";
import { watchForKeyValues } from "./scenarios";

const link = (query: Record<string, string>) => `/diagnose?${new URLSearchParams({ region: "us-east-1", ...query })}`;

test("payments-api POST /payments with key checkout-widget: not green beside refused lines, the fix says the header is missing", async ({ page }) => {
  const leaks = watchForKeyValues(page);
  // The replayed traffic's hour, before the paste tests sent corrected calls with this key.
  const now = Date.now();
  const window = { from: new Date(now - 60 * 60_000).toISOString(), to: new Date(now - 10 * 60_000).toISOString() };
  await page.goto(link({ api: "j9vbk1oy96", stage: "prod", method: "POST", path: "/payments", key: "x6y804id6s", ...window }));
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "forbidden");
  await expect(verdict).toHaveAttribute("data-code", "KEY_MISSING");
  await expect(page.getByLabel("Log lines")).toContainText("API Key was required but not present");
  await expect(page.locator('li[data-code="KEY_MISSING"]')).toContainText("The key you picked would pass");
  await page.screenshot({ path: "test-results/screenshots/verdict-picked-key-not-sent.png", fullPage: true });
  await leaks.check();
});

test("invoices-api GET /invoices with no key picked: the key the logged calls carry, and its real cause", async ({ page }) => {
  await page.goto(link({ api: "rj1211gqfw", stage: "prod", method: "GET", path: "/invoices" }));
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_IN_NO_PLAN");
  await expect(page.getByTestId("key-from-logs")).toContainText("partner-initech");
  const picker = page.getByRole("combobox", { name: "API key", exact: true });
  await expect(picker).toContainText("From the logs: partner-initech");

  // The masked suffix the logs show finds the key in the picker.
  await picker.click();
  await page.getByRole("combobox", { name: "Search API keys by name, id or masked suffix" }).fill("L22fXu");
  await expect(page.getByRole("listbox", { name: "API keys" }).getByRole("option").filter({ hasText: "mpk39mcm7v" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/verdict-key-from-logs.png", fullPage: true });
});

test("geocode-api: every logged call got 429, so the banner says throttled with the quota fix", async ({ page }) => {
  await page.goto(link({ api: "d7t1vgi705", stage: "prod", method: "GET", path: "/geocode", key: "g047qg8eav" }));
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-verdict", "throttled");
  await expect(verdict).toContainText("Throttled (429)");
  await expect(verdict).not.toContainText("Allowed");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/screenshots/verdict-throttled-dark.png", fullPage: true });
});

test("choosing 'no key' says KEY_MISSING; leaving it unchosen takes the key from the logs", async ({ page }) => {
  await page.goto(link({ api: "xyrwv56bk2", stage: "prod", method: "GET", path: "/orders" }));
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-verdict", "allowed");
  const picker = page.getByRole("combobox", { name: "API key", exact: true });
  await expect(picker).toContainText("From the logs");
  await picker.click();
  await page
    .getByRole("listbox", { name: "API keys" })
    .getByRole("option", { name: /No key/ })
    .click();
  await expect(page).toHaveURL(/key=none/);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_MISSING");
});
