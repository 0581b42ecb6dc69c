// The keyboard's way through the dashboard: a skip link first, a focus ring wherever focus lands, and the key
// picker named for what it picks.
import { expect, test, type Page } from "@playwright/test";
import { byName, diagnoseQuery } from "./scenarios";

const link = `/diagnose?${diagnoseQuery(byName("key-in-no-plan"))}`;

/** How the focused element shows focus: its outline, or a ring drawn as a box shadow. */
const focusLook = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    // Past the last element, focus leaves the page for the browser's own controls.
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      what: `<${el.tagName.toLowerCase()}> ${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}`,
      ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
    };
  });

test("the first Tab reaches a visible 'Skip to content' that moves past the header", async ({ page }) => {
  await page.goto(link);
  await expect(page.getByTestId("verdict")).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  expect((await skip.boundingBox())!.width).toBeGreaterThan(40);
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // The next stop is inside the page, not the header's links.
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.querySelector("main")!.contains(document.activeElement))).toBe(true);
});

for (const [name, path] of [
  ["overview", "/"],
  ["diagnose", link],
  ["triage", "/triage?region=us-east-1&since=1h"],
] as const) {
  test(`${name}: every element Tab reaches shows a focus ring`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator("main").getByRole("heading").first()).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /Reading/ })).toHaveCount(0);
    const seen = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const look = await focusLook(page);
      if (!look) break;
      expect(look.ring, `${look.what} shows no focus ring`).toBe(true);
      seen.add(look.what);
    }
    expect(seen.size).toBeGreaterThan(10);
  });
}

test("the key picker is named 'API key' and shows the key picked", async ({ page }) => {
  await page.goto(link);
  const picker = page.getByRole("combobox", { name: "API key", exact: true });
  await expect(picker).toHaveCount(1);
  await expect(picker).toContainText("partner-initech");
  await expect(picker).toHaveAttribute("aria-expanded", "false");
  await picker.press("Enter");
  await expect(picker).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("listbox", { name: "API keys" })).toBeVisible();
});
