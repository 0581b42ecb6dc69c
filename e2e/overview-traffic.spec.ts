// The overview's last hour of traffic per stage (CloudWatch metrics, computed by the simulator from its own data
// plane): the counts, the order (trouble first), the filter and sort in the URL, and a denied GetMetricData.
import { expect, test, type Page } from "@playwright/test";
import type { Overview } from "../lib/inventory/types";

const simUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4577}`;

interface Served {
  apiId: string | null;
  stage: string | null;
  status: number;
  at: number;
}

const cards = (page: Page) => page.getByRole("list", { name: "REST APIs" }).locator(":scope > li");
const card = (page: Page, apiName: string) => cards(page).filter({ has: page.getByRole("heading", { name: apiName, exact: true }) });
const stageRow = (page: Page, apiName: string, stage: string) => card(page, apiName).locator(`[data-testid="stage-row"][data-stage="${stage}"]`);

test("each stage shows the requests and 4XX its data plane answered in the window, refusing stages first", async ({ page, request }) => {
  // Read fresh, then the journal at once: a cached overview (30 s) would predate requests other specs sent since.
  const overview = (await (await request.get("/api/v1/apis?region=us-east-1&fresh=1")).json()) as Overview;
  const { requests: journal } = (await (await request.get(`${simUrl}/_sim/journal`)).json()) as { requests: Served[] };
  const [from, to] = [Date.parse(overview.trafficWindow.start), Date.parse(overview.trafficWindow.end)];
  const served = (apiId: string, stage: string) => journal.filter((e) => e.apiId === apiId && e.stage === stage && e.at >= from && e.at < to);

  await page.goto("/");
  // inventory-api (key-missing) refuses the cron's keyless calls; orders-api (healthy-key) serves everything.
  for (const [apiName, apiId] of [
    ["inventory-api", "j30wr99mzk"],
    ["orders-api", "xyrwv56bk2"],
  ] as const) {
    const row = stageRow(page, apiName, "prod");
    const expected = served(apiId, "prod");
    expect(expected.length).toBeGreaterThan(0);
    await expect(row.getByTestId("requests")).toHaveText(String(expected.length));
    await expect(row.getByTestId("errors4xx")).toHaveText(String(expected.filter((e) => e.status >= 400 && e.status < 500).length));
    await expect(row.getByTestId("errors5xx")).toHaveText(String(expected.filter((e) => e.status >= 500).length));
    await expect(row.getByRole("img", { name: /^Requests per 5 minutes, oldest first: [\d, ]+; 4XX [\d, ]+$/ })).toBeVisible();
  }
  const refusing = stageRow(page, "inventory-api", "prod");
  await expect(refusing).toHaveAttribute("data-trouble", "refusing");
  await expect(refusing.getByText(/^✕ \d+ refused$/)).toBeVisible();
  await expect(refusing.getByText("✓ ok")).toHaveCount(0);
  await expect(stageRow(page, "orders-api", "prod").getByText("✓ ok")).toBeVisible();

  // Trouble first: every card led by a refusing stage comes before every card led by a healthy one.
  const leading = await cards(page).evaluateAll((items) => items.map((li) => li.querySelector('[data-testid="stage-row"]')?.getAttribute("data-trouble") ?? "none"));
  expect(leading.lastIndexOf("refusing")).toBeLessThan(leading.indexOf("ok"));
  expect(leading.indexOf("ok")).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/screenshots/overview-traffic.png" });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/screenshots/overview-traffic-dark.png" });
});

test("filter and sort live in the URL: a reload or a shared link opens the same view", async ({ page }) => {
  await page.goto("/?failing=1");
  await expect(page.getByRole("checkbox", { name: "only failing stages" })).toBeChecked();
  await expect(stageRow(page, "inventory-api", "prod")).toBeVisible();
  const troubles = await page.locator('[data-testid="stage-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-trouble")));
  expect(troubles.length).toBeGreaterThan(5);
  expect(troubles.every((t) => t === "refusing" || t === "failing")).toBe(true);
  await expect(card(page, "orders-api").locator('[data-stage="prod"]')).toHaveCount(0);

  await page.getByRole("searchbox", { name: "Filter" }).fill("inventory-api");
  await expect(page).toHaveURL(/[?&]q=inventory-api(&|$)/);
  await page.getByRole("combobox", { name: "Sort" }).selectOption("name");
  await expect(page).toHaveURL(/[?&]sort=name(&|$)/);
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Filter" })).toHaveValue("inventory-api");
  await expect(page.getByRole("combobox", { name: "Sort" })).toHaveValue("name");
  await expect(page.getByRole("checkbox", { name: "only failing stages" })).toBeChecked();
  await expect(cards(page)).toHaveCount(1);
  await expect(card(page, "inventory-api")).toBeVisible();

  await page.getByRole("checkbox", { name: "only failing stages" }).uncheck();
  await page.getByRole("searchbox", { name: "Filter" }).fill("");
  await expect(page).toHaveURL(/[?&]sort=name$/);
  await expect(card(page, "orders-api")).toBeVisible();
  const headings = await cards(page).locator("h2").allTextContents();
  expect(headings.length).toBeGreaterThan(20);
  expect(headings).toEqual([...headings].sort((a, b) => a.localeCompare(b)));
});

test("with GetMetricData denied the stages are still listed, their counts unavailable and the reason named", async ({ page, request }) => {
  await request.post(`${simUrl}/_sim/faults`, { data: { deny: ["GetMetricData"] } });
  try {
    // `fresh=1` replaces the shared cached reading, which the page then shows
    const overview = (await (await request.get("/api/v1/apis?region=us-east-1&fresh=1")).json()) as Overview;
    expect(overview.trafficGap).toMatchObject({ operation: "GetMetricData", kind: "access-denied" });
    await page.goto("/");
    await expect(page.getByRole("note").filter({ hasText: "Request counts unavailable" })).toContainText("cloudwatch:GetMetricData");
    const row = stageRow(page, "inventory-api", "prod");
    await expect(row).toContainText("counts unavailable (AccessDenied)");
    await expect(row.getByText("✓ ok")).toHaveCount(0);
    await expect(card(page, "orders-api")).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/overview-traffic-denied.png" });
  } finally {
    await request.post(`${simUrl}/_sim/faults`, { data: { deny: [] } });
    await request.get("/api/v1/apis?region=us-east-1&fresh=1");
  }
});
