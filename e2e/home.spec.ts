import { expect, test } from "@playwright/test";

import { scenarios } from "./scenarios";

const usEast1Apis = scenarios.filter((s) => (s.region ?? "us-east-1") === "us-east-1").flatMap((s) => s.restApis ?? []);

test("the home page lists the simulator's APIs and their stages", async ({ page }) => {
  expect(usEast1Apis.length).toBeGreaterThan(3);
  await page.goto("/");
  const list = page.getByRole("list", { name: "REST APIs" });
  await expect(list).toBeVisible();
  for (const api of usEast1Apis) {
    const card = list
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: api.name, exact: true }) })
      .filter({ hasText: api.id });
    await expect(card).toBeVisible();
    for (const stage of api.stages ?? []) await expect(card.getByRole("link", { name: stage.name, exact: true })).toBeVisible();
  }
  await page.screenshot({ path: "test-results/screenshots/home.png", fullPage: true });
});

test("the home page in dark mode", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.getByRole("list", { name: "REST APIs" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/home-dark.png", fullPage: true });
});

test("an unknown region answers with a clear message, not a crash", async ({ page }) => {
  await page.goto("/?region=not-a-region");
  await expect(page.getByRole("alert").filter({ hasText: "INVALID_INPUT" })).toContainText("The region (region) must be an AWS region");
});
