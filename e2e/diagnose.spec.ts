// The diagnosis view in a real Chromium against the built server + the simulator: what an on-call engineer
// opening a pasted link sees, and that no API key value ever reaches the page, the network or the URL.
import { expect, test, type Page } from "@playwright/test";
import { byName, diagnoseQuery, scenarios, seededKeyValues, watchForKeyValues, type ScenarioFile } from "./scenarios";

/** Scenarios whose call is structured (a pasted request is the paste box's job) and which break. */
const broken = scenarios.filter((s) => s.expect?.firstBreak && diagnoseQuery(s));
const linkOf = (s: ScenarioFile) => `/diagnose?${diagnoseQuery(s)}`;

const brokenEdge = (page: Page, code: string) => page.locator(`[data-testid="edge-label"][data-status="broken"][data-code="${code}"]`);

test("the scenario table has broken structured calls to open", () => {
  expect(broken.length).toBeGreaterThan(10);
});

test.describe("a link to each broken scenario", () => {
  for (const s of broken) {
    const code = s.expect!.firstBreak!;
    test(`${s.name}: the broken link carries ${code}`, async ({ page }) => {
      const leaks = watchForKeyValues(page);
      await page.goto(linkOf(s));

      const label = brokenEdge(page, code);
      await expect(label).toBeVisible();
      await expect(label).toHaveText(`✕ ${code}`);
      // The edge itself says it in words for screen readers, not only by colour.
      await expect(page.locator(`.react-flow__edge[aria-label^="broken link"][aria-label*="${code}"]`)).toHaveCount(1);

      const verdict = page.getByTestId("verdict");
      await expect(verdict).toHaveAttribute("data-code", code);
      await expect(verdict).toContainText(code);
      await expect(verdict).toContainText({ forbidden: "Forbidden:", throttled: "Throttled (429):", allowed: "Allowed", unknown: "Unknown:" }[s.expect!.verdict]);

      const logLines = s.expect!.logLines ?? [];
      const logs = page.getByLabel("Log lines");
      for (const line of logLines) await expect(logs).toContainText(line);
      if (logLines.length > 0) {
        await expect(page.getByTestId("log-supports").first()).toBeVisible();
        await expect(page.locator("li[data-supports]:not([data-supports=''])").first()).toBeVisible();
      }
      if (logLines.length === 0) await expect(page.getByTestId("log-status")).not.toHaveAttribute("data-status", "found");

      expect(await page.locator(".react-flow__node").count()).toBeLessThan(30);
      await page.screenshot({ path: `test-results/screenshots/diagnose-${s.name}.png`, fullPage: true });
      await leaks.check();
    });
  }
});

test("selecting a finding highlights its log lines; the graph is one tab stop whose arrow keys move from hop to hop and Enter selects", async ({ page, request }) => {
  const s = byName("key-in-no-plan");
  const order = ((await (await request.get(`/api/v1/diagnose?${diagnoseQuery(s)}`)).json()) as { chain: { nodes: { id: string }[] } }).chain.nodes.map((n) => n.id);
  await page.goto(linkOf(s));
  const finding = page.locator('li[data-code="KEY_IN_NO_PLAN"]');
  // The first break is selected on arrival, and its supporting lines are highlighted.
  await expect(finding).toHaveAttribute("data-selected", "true");
  await expect(page.locator("li[data-highlighted='true']").first()).toBeVisible();

  // One tab stop: from the key picker, Tab passes the verdict's fix command and its Copy button, lands on the
  // graph, and the next Tab leaves it for the findings.
  const graph = page.getByRole("application", { name: "Request chain graph" });
  await expect(page.locator(".react-flow__node[tabindex], .react-flow__edge[tabindex], .react-flow__controls button:not([tabindex='-1'])")).toHaveCount(0);
  await page.getByRole("combobox", { name: "API key", exact: true }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Fix command")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("verdict-fix-command").getByRole("button", { name: "Copy command" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(graph).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.locator("li[data-code] button[aria-pressed]").first()).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(graph).toBeFocused();

  // Arrow keys move a visible cursor, said aloud; Enter selects the hop's findings.
  const cursor = page.getByTestId("graph-cursor");
  await page.keyboard.press("Home");
  await expect(cursor).toContainText(`1 of ${order.length}.`);
  await page.keyboard.press("ArrowRight");
  await expect(page.locator(`.react-flow__node.chain-cursor[data-id="${order[1]}"]`)).toBeVisible();
  await expect(cursor).toContainText(`2 of ${order.length}.`);
  await expect(cursor).toContainText("No finding.");
  await page.keyboard.press("Enter");
  await expect(finding).toHaveAttribute("data-selected", "false");
  await expect(page.getByText("No finding on the selected element")).toBeVisible();
  await expect(page.locator("li[data-highlighted='true']")).toHaveCount(0);

  for (let i = 1; i < order.indexOf("key"); i++) await page.keyboard.press("ArrowRight");
  await expect(page.locator('.react-flow__node.chain-cursor[data-id="key"]')).toBeVisible();
  await expect(cursor).toContainText("Findings: KEY_IN_NO_PLAN; Enter shows them.");
  await page.keyboard.press("Enter");
  await expect(finding).toHaveAttribute("data-selected", "true");

  // A finding's own button selects it too (Tab reaches it like any button).
  await page.keyboard.press("Home");
  await page.keyboard.press("Enter");
  await expect(finding).toHaveAttribute("data-selected", "false");
  await finding.locator("button[aria-pressed]").focus();
  await page.keyboard.press("Enter");
  await expect(finding).toHaveAttribute("data-selected", "true");
  await expect(page.locator("li[data-highlighted='true']").first()).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the chain is a list of its links, the broken one first, each with its state and code in words", async ({ page }) => {
    const s = byName("key-plan-missing-stage");
    await page.goto(linkOf(s));
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_PLAN_MISSING_STAGE");
    const links = page.getByRole("list", { name: "Links of the request chain, broken first" }).getByRole("listitem");
    await expect(links.first()).toHaveAttribute("data-status", "broken");
    await expect(links.first()).toHaveAttribute("data-link-code", "KEY_PLAN_MISSING_STAGE");
    await expect(links.first()).toContainText("broken");
    await expect(links.first()).toContainText("KEY_PLAN_MISSING_STAGE");
    await expect(page.locator(".react-flow")).toHaveCount(0);
    // Every link says its state in words, and the sound ones come after all the others.
    const states = await links.evaluateAll((items) => items.map((li) => li.getAttribute("data-status")));
    expect(states.length).toBeGreaterThan(3);
    expect(states.indexOf("ok")).toBeGreaterThan(0);
    expect(states.slice(states.indexOf("ok")).every((state) => state === "ok")).toBe(true);
    await expect(links.last()).toContainText("ok");

    // Pressing a sound link selects it, as clicking it on the graph does.
    const finding = page.locator('li[data-code="KEY_PLAN_MISSING_STAGE"]');
    await expect(finding).toHaveAttribute("data-selected", "true");
    await links.last().getByRole("button").click();
    await expect(links.last().getByRole("button")).toHaveAttribute("aria-pressed", "true");
    await expect(finding).toHaveAttribute("data-selected", "false");
    await expect(page.getByText("No finding on the selected element")).toBeVisible();
  });
});

test.describe("copy link", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("the copied link reproduces the same diagnosis in a new page, window included, with no key value", async ({ page, context }) => {
    const s = byName("key-plan-missing-stage");
    const leaks = watchForKeyValues(page);
    await page.goto(linkOf(s));
    await expect(brokenEdge(page, "KEY_PLAN_MISSING_STAGE")).toBeVisible();
    const firstLog = (await page.getByLabel("Log lines").locator("li").first().textContent()) ?? "";

    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByText("✓ Link copied")).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(await page.getByLabel("Link to this diagnosis").inputValue()).toBe(copied);
    const url = new URL(copied);
    for (const field of ["region", "api", "stage", "method", "path", "key", "from", "to"]) expect(url.searchParams.get(field), field).toBeTruthy();
    expect(url.searchParams.get("key")).toBe(s.expect!.call.keyId);
    for (const value of seededKeyValues) expect(copied.includes(value)).toBe(false);

    const other = await context.newPage();
    const otherLeaks = watchForKeyValues(other);
    await other.goto(copied);
    await expect(brokenEdge(other, "KEY_PLAN_MISSING_STAGE")).toBeVisible();
    await expect(other.getByTestId("verdict")).toHaveText((await page.getByTestId("verdict").textContent()) ?? "");
    await expect(other.getByLabel("Log lines").locator("li").first()).toHaveText(firstLog);
    await leaks.check();
    await otherLeaks.check();
  });
});

test("the time window goes into the URL and the log panel", async ({ page }) => {
  await page.goto(linkOf(byName("key-in-no-plan")));
  await expect(page.getByRole("button", { name: "1 h", pressed: true })).toBeVisible();
  // The page is server-rendered: a click that lands before React hydrates it does nothing, so click until it takes.
  await expect(async () => {
    await page.getByRole("button", { name: "24 h" }).click();
    await expect(page).toHaveURL(/from=.*&to=/, { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("button", { name: "24 h", pressed: true })).toBeVisible();
  const url = new URL(page.url());
  expect(Date.parse(url.searchParams.get("to")!) - Date.parse(url.searchParams.get("from")!)).toBe(24 * 60 * 60 * 1000);
  await expect(brokenEdge(page, "KEY_IN_NO_PLAN")).toBeVisible();
});

test("logging off shows how to switch it on instead of an empty log box", async ({ page }) => {
  await page.goto(linkOf(byName("execution-logging-off")));
  const status = page.getByTestId("log-status");
  await expect(status).toHaveAttribute("data-status", "logging-off");
  await expect(status).toContainText("To switch logging on");
  await expect(status.locator("code")).toContainText("loglevel,value=INFO");
  await expect(page.locator('[data-testid="edge-label"][data-status="warning"][data-code="EXECUTION_LOGGING_OFF"]')).toHaveText("⚠ EXECUTION_LOGGING_OFF");
});

test("an unknown API shows the closest id and a way back, not a blank page", async ({ page }) => {
  await page.goto("/diagnose?region=us-east-1&api=rkhm8gm12x&stage=prod&method=GET&path=/shipments");
  // (Next.js's route announcer is an empty role=alert too.)
  const alert = page.getByRole("alert").filter({ hasText: "API_NOT_FOUND" });
  await expect(alert).toContainText("There is no API rkhm8gm12x in us-east-1.");
  await expect(alert).toContainText("Closest: rkhm8gm12d");
  await expect(alert.getByRole("link", { name: "← Back to the APIs in us-east-1" })).toHaveAttribute("href", "/?region=us-east-1");
  await alert.getByRole("link", { name: "Diagnose rkhm8gm12d instead" }).click();
  await expect(page).toHaveURL(/api=rkhm8gm12d/);
  await expect(brokenEdge(page, "KEY_PLAN_MISSING_STAGE").or(page.getByTestId("verdict")).first()).toBeVisible();
});

test("a malformed link names the bad field and offers the link without it", async ({ page }) => {
  await page.goto("/diagnose?region=us-east-1&api=NOT-AN-ID&stage=prod");
  const invalid = page.getByRole("alert").filter({ hasText: "INVALID_INPUT" });
  await expect(invalid).toContainText("This diagnosis link is malformed.");
  await expect(invalid).toContainText("The API id (api) must be an API id");

  const s = byName("key-in-no-plan");
  await page.goto(`${linkOf(s)}&method=FETCH`.replace(/method=GET&/, ""));
  const alert = page.getByRole("alert").filter({ hasText: "INVALID_INPUT" });
  await expect(alert).toContainText("The method (method) must be an HTTP verb");
  await alert.getByRole("link", { name: "Open it without `method`" }).click();
  await expect(brokenEdge(page, "KEY_IN_NO_PLAN")).toBeVisible();
});

test("the key picker searches by name and never renders more than its limit", async ({ page }) => {
  const leaks = watchForKeyValues(page);
  await page.goto(linkOf(byName("key-in-no-plan")));
  await expect(brokenEdge(page, "KEY_IN_NO_PLAN")).toBeVisible();
  const picker = page.getByRole("combobox", { name: "API key", exact: true });
  await expect(picker).toContainText("mpk39mcm7v");
  await picker.click();
  const options = page.getByRole("listbox", { name: "API keys" }).getByRole("option");
  await expect(page.getByTestId("key-count")).toContainText(/Showing 20 of [\d,]+ keys/);
  // 20 keys + "from the logs" + "no key", whatever the account holds.
  expect(await options.count()).toBeLessThanOrEqual(22);

  const target = byName("key-plan-missing-stage").apiKeys![0]!;
  await page.getByRole("combobox", { name: "Search API keys by name, id or masked suffix" }).fill(target.name);
  await expect(options.filter({ hasText: target.id })).toBeVisible();
  expect(await options.count()).toBeLessThanOrEqual(22);
  await options.filter({ hasText: target.id }).click();
  await expect(page).toHaveURL(new RegExp(`key=${target.id}`));
  await leaks.check();
});

test("a stage link from the overview asks for the call, then diagnoses it", async ({ page }) => {
  await page.goto("/");
  const card = page.getByRole("list", { name: "REST APIs" }).getByRole("listitem").filter({ hasText: "rj1211gqfw" }).first();
  await card.getByRole("link", { name: "prod", exact: true }).click();
  await expect(page).toHaveURL(/\/diagnose\?region=us-east-1&api=rj1211gqfw&stage=prod$/);
  await page.getByRole("list", { name: "Deployed routes" }).getByText("GET /invoices", { exact: true }).click();
  await expect(page).toHaveURL(/method=GET&path=%2Finvoices/);
  await expect(page.getByTestId("verdict")).toBeVisible();
});

test("a diagnosis in dark mode", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(linkOf(byName("key-plan-missing-stage")));
  await expect(brokenEdge(page, "KEY_PLAN_MISSING_STAGE")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/diagnose-dark.png", fullPage: true });
});
