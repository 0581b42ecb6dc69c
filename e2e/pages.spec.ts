// Every page at desktop (1440×900) and phone (390×844) size, light and dark: nothing scrolls sideways on a phone,
// axe finds no serious or critical violation, and a screenshot of each is kept for people to look at.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { byName, diagnoseQuery } from "./scenarios";

const VIEWPORTS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
const SCHEMES = ["light", "dark"] as const;

/** The document's width against the viewport's, and the innermost elements that stick out unclipped (to say what to fix). */
function widths() {
  const innerWidth = window.innerWidth;
  const clipped = (el: Element) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== "visible") return up.getBoundingClientRect().right <= innerWidth + 0.5;
    return false;
  };
  const out = [...document.body.querySelectorAll("*")].filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 && !clipped(el));
  const wide = out
    .filter((el) => !out.some((other) => other !== el && el.contains(other)))
    .slice(0, 8)
    .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}"> ${Math.round(el.getBoundingClientRect().right)}px`);
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, wide };
}

const diagnosed = byName("key-in-no-plan");
const pasted = byName("key-not-in-header");

/** The pages, each opened until its content is there. `/s/{id}` freezes a diagnosis first. */
const PAGES: { name: string; open: (page: Page) => Promise<void> }[] = [
  {
    name: "overview",
    open: async (page) => {
      await page.goto("/");
      await expect(page.getByRole("list", { name: "REST APIs" })).toBeVisible();
    },
  },
  {
    name: "diagnose",
    open: async (page) => {
      await page.goto(`/diagnose?${diagnoseQuery(diagnosed)}`);
      await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_IN_NO_PLAN");
      await expect(page.getByRole("region", { name: "Request chain", exact: true })).toContainText("KEY_IN_NO_PLAN");
    },
  },
  {
    name: "paste",
    open: async (page) => {
      await page.goto("/paste");
      await page.getByLabel("Paste the request that got 403").fill(pasted.expect!.call.request!);
      await page.getByRole("button", { name: "Explain", exact: true }).click();
      await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
      await expect(page.getByTestId("verdict")).toBeInViewport();
    },
  },
  {
    name: "triage",
    open: async (page) => {
      await page.goto("/triage?region=us-east-1&since=1h");
      await expect(page.getByRole("list", { name: "Causes of 403, biggest first" }).locator("li[data-code]").first()).toBeVisible();
    },
  },
  {
    name: "snapshot",
    open: async (page) => {
      const frozen = await page.request.post("/api/v1/snapshots", { data: Object.fromEntries(diagnoseQuery(diagnosed)!) });
      expect(frozen.ok()).toBe(true);
      await page.goto(((await frozen.json()) as { url: string }).url);
      await expect(page.getByTestId("frozen-banner")).toBeVisible();
      await expect(page.getByRole("region", { name: "Request chain", exact: true })).toContainText("KEY_IN_NO_PLAN");
    },
  },
];

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of SCHEMES) {
    test.describe(`${size}, ${scheme}`, () => {
      test.use({ viewport, colorScheme: scheme });
      for (const { name, open } of PAGES) {
        test(`${name}: ${size === "phone" ? "no sideways scroll, " : ""}no serious axe violation`, async ({ page }) => {
          await open(page);
          await page.screenshot({ path: `test-results/screenshots/pages/${name}-${size}-${scheme}.png`, fullPage: true });
          if (size === "phone") {
            const { scrollWidth, innerWidth, wide } = await page.evaluate(widths);
            expect(scrollWidth, `${name} is ${scrollWidth}px wide in a ${innerWidth}px viewport; sticking out: ${wide.join(", ")}`).toBeLessThanOrEqual(innerWidth);
          }
          expect(await seriousViolations(page)).toEqual([]);
        });
      }
    });
  }
}
