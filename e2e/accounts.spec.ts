// Many accounts (issue 13) in Chromium: an instance with the hub's key and gatecheck.config.json listing four
// member accounts in two regions (sim/scenarios-multi). The account picker, links that carry the account, a
// diagnosis in each member account through its assumed role, and the refused AssumeRole shown as such.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { MULTI_ACCOUNTS } from "../test/multi-accounts";
import { MULTI_APP } from "./support/team";

type MultiScenario = { accountId?: string; region?: string; restApis?: { id: string; name: string; stages: { name: string }[]; routes?: { method: string; path: string }[] }[] };
const scenarios = fs
  .readdirSync(path.join(__dirname, "..", "sim", "scenarios-multi"))
  .map((f) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "sim", "scenarios-multi", f), "utf8")) as MultiScenario);
const apisOf = (account: keyof typeof MULTI_ACCOUNTS, region: string) => scenarios.filter((s) => s.accountId === MULTI_ACCOUNTS[account] && s.region === region).flatMap((s) => s.restApis ?? []);
const cards = (page: import("@playwright/test").Page) => page.getByRole("list", { name: "REST APIs" }).locator(":scope > li");

test("the account picker switches accounts; each member's APIs are read through its role, in each region", async ({ page }) => {
  await page.goto(`${MULTI_APP}/`);
  const picker = page.getByLabel("Account");
  await expect(picker.locator("option")).toHaveText(["hub (111111111111)", "prod (222222222222)", "staging (333333333333)", "sandbox (444444444444)", "audit (555555555555)"]);
  for (const account of ["prod", "staging", "sandbox"] as const) {
    await picker.selectOption(account);
    await expect(page).toHaveURL(new RegExp(`[?&]account=${account}(&|$)`));
    for (const region of ["us-east-1", "eu-west-1"]) {
      await page.getByLabel("Region").selectOption(region);
      await expect(page).toHaveURL(new RegExp(`account=${account}.*region=${region}|region=${region}.*account=${account}`));
      const expected = apisOf(account, region).map((a) => a.name);
      await expect(cards(page)).toHaveCount(expected.length);
      for (const name of expected) await expect(cards(page).getByRole("heading", { name, exact: true })).toBeVisible();
    }
  }
  await page.screenshot({ path: "test-results/screenshots/accounts-overview.png" });
});

test("a stage link carries the account; the diagnosis reads that account and a frozen link keeps it", async ({ page, request }) => {
  for (const account of ["prod", "staging", "sandbox"] as const) {
    const api = apisOf(account, "eu-west-1")[0]!;
    await page.goto(`${MULTI_APP}/?account=${account}&region=eu-west-1`);
    await cards(page)
      .filter({ has: page.getByRole("heading", { name: api.name, exact: true }) })
      .locator('[data-testid="stage-row"]')
      .first()
      .getByRole("link")
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`/diagnose\\?account=${account}&region=eu-west-1&api=${api.id}`));
    const route = api.routes![0]!;
    await page.goto(`${MULTI_APP}/diagnose?account=${account}&region=eu-west-1&api=${api.id}&stage=${api.stages[0]!.name}&method=${route.method}&path=${encodeURIComponent(route.path)}`);
    await expect(page.getByTestId("verdict")).toBeVisible();
    const diagnosis = (await (
      await request.get(`${MULTI_APP}/api/v1/diagnose?account=${account}&region=eu-west-1&api=${api.id}&stage=${api.stages[0]!.name}&method=${route.method}&path=${encodeURIComponent(route.path)}`)
    ).json()) as {
      request: { account: string; apiId: string };
    };
    expect(diagnosis.request).toMatchObject({ account, apiId: api.id });
  }
  await page.getByRole("button", { name: "Freeze" }).click();
  const link = await page.getByLabel("Link to the frozen diagnosis").inputValue();
  const id = link.split("/s/")[1]!;
  const frozen = (await (await request.get(`${MULTI_APP}/api/v1/snapshots/${id}`)).json()) as { diagnosis: { request: { account: string } } };
  expect(frozen.diagnosis.request.account).toBe("sandbox");
});

test("an account whose role does not trust gatecheck says so: AssumeRole refused, not an empty list", async ({ page }) => {
  await page.goto(`${MULTI_APP}/?account=audit&region=us-east-1`);
  const note = page.getByRole("note").filter({ hasText: "could not assume this account's role" });
  await expect(note).toContainText(`sts:AssumeRole arn:aws:iam::${MULTI_ACCOUNTS.audit}:role/gatecheck-readonly`);
  await expect(note).toContainText("AccessDenied");
  await expect(page.getByText("The REST APIs of us-east-1 could not be listed.")).toBeVisible();
  await expect(page.getByText("No REST API in us-east-1.")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/accounts-assume-role-refused.png" });
});

test("one triage board over every account and region: each cause says where, the refused account says why", async ({ page, request }) => {
  const simUrl = `http://127.0.0.1:${process.env.E2E_SIM_PORT ?? 4577}`;
  const board = (await (await request.get(`${MULTI_APP}/api/v1/triage?scope=all&since=2h`)).json()) as {
    window: { from: string; to: string };
    groups: { code: string; count: number; where: { account: string; region: string; count: number }[] }[];
  };
  const [from, to] = [Date.parse(board.window.from), Date.parse(board.window.to)];
  for (const account of ["prod", "staging", "sandbox"] as const) {
    const { requests } = (await (await request.get(`${simUrl}/_sim/journal?accountId=${MULTI_ACCOUNTS[account]}`)).json()) as {
      requests: { status: number; executionLogged: boolean; at: number }[];
    };
    const refused = requests.filter((e) => (e.status === 401 || e.status === 403) && e.executionLogged && e.at >= from && e.at <= to).length;
    const counted = board.groups
      .flatMap((g) => g.where)
      .filter((w) => w.account === account)
      .reduce((n, w) => n + w.count, 0);
    expect([account, counted]).toEqual([account, refused]);
    expect(refused).toBeGreaterThan(0);
  }

  await page.goto(`${MULTI_APP}/triage?since=2h`);
  await page.getByRole("link", { name: "Every account and region" }).click();
  await expect(page).toHaveURL(/scope=all/);
  await expect(page.getByRole("heading", { name: "Triage: 403s in every account and region" })).toBeVisible();
  const groups = page.getByRole("list", { name: "Causes of 403, biggest first" }).locator(":scope > li");
  await expect(groups.first().getByTestId("group-where")).toContainText(/(prod|staging|sandbox) \/ (us-east-1|eu-west-1) \(\d+\)/);
  await expect(page.getByText("audit / us-east-1")).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: "could not assume this account's role" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/accounts-triage-all.png", fullPage: true });
});
