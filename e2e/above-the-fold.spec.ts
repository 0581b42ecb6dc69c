// The diagnosis page for on-call (issue 11, items 2 and 8): the verdict and its fix command are in the first
// screen and in the server's HTML, the tab names the code and api/stage, and Freeze, Copy link and picking a
// key move nothing on the page.
import { expect, test } from "@playwright/test";
import { byName, diagnoseQuery } from "./scenarios";

const s = byName("key-in-no-plan");
const link = `/diagnose?${diagnoseQuery(s)}`;
const apiName = s.restApis!.find((a) => a.id === s.expect!.call.apiId)!.name;

test("the server's HTML already holds the verdict, its fix command and the tab title", async ({ request }) => {
  const html = await (await request.get(link)).text();
  expect(html).toContain('data-testid="verdict"');
  expect(html).toContain('data-code="KEY_IN_NO_PLAN"');
  expect(html).toContain('data-testid="verdict-fix-command"');
  expect(html).toContain(`<title>KEY_IN_NO_PLAN · ${apiName}/${s.expect!.call.stage} — gatecheck</title>`);
});

test("the verdict's fix command is above the fold with a Copy button; the title follows a new key", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(link);
  const command = page.getByTestId("verdict-fix-command");
  await expect(command).toBeInViewport();
  await command.getByRole("button", { name: "Copy command" }).click();
  await expect(command.getByRole("button")).toHaveText("✓ Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("aws apigateway");
  await expect(page).toHaveTitle(`KEY_IN_NO_PLAN · ${apiName}/${s.expect!.call.stage} — gatecheck`);

  // Picking another key retitles the tab and does not scroll the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole("combobox", { name: "API key", exact: true }).click();
  // By keyboard: a mouse click would let Playwright scroll the option into view itself.
  await expect(page.getByRole("listbox", { name: "API keys" }).getByRole("option", { name: /no key/i })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_MISSING");
  await expect(page).toHaveTitle(new RegExp(`^KEY_MISSING · ${apiName}/`));
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: "test-results/screenshots/diagnose-above-the-fold.png" });
});

test("Freeze and Copy link keep the toolbar on one line and the page where it was", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(link);
  const verdict = page.getByTestId("verdict");
  await expect(verdict).toBeVisible();
  const before = await verdict.boundingBox();
  const freeze = page.getByTestId("freeze");
  const toolbarHeight = async () => (await freeze.locator("..").boundingBox())!.height;
  const height = await toolbarHeight();

  await page.getByRole("button", { name: "Freeze" }).click();
  await expect(page.getByLabel("Link to the frozen diagnosis")).toBeVisible();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByRole("button", { name: "✓ Link copied" })).toBeVisible();

  expect(await toolbarHeight()).toBe(height);
  expect(await verdict.boundingBox()).toEqual(before);
  await page.screenshot({ path: "test-results/screenshots/diagnose-frozen-panel.png" });
});

test("with a slow AWS, the page shows each part of the reading as it completes, then the diagnosis", async ({ page, request }) => {
  const simUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4577}`;
  await request.post(`${simUrl}/_sim/faults`, { data: { latencyMs: 700 } });
  try {
    // A key the other tests do not read, so nothing of this call is in the server's cache yet.
    const other = byName("key-disabled");
    await page.goto(`/diagnose?${diagnoseQuery(other)}`, { waitUntil: "commit" });
    const progress = page.getByRole("status", { name: "Reading from AWS" });
    await expect(progress.locator('[data-step="configuration"]')).toBeVisible();
    await expect(progress.locator('[data-step="configuration"][data-state="done"]')).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/diagnose-progress.png" });
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", other.expect!.firstBreak!);
    await expect(progress).toHaveCount(0);
  } finally {
    await request.post(`${simUrl}/_sim/faults`, { data: { latencyMs: 0 } });
  }
});
