// Write mode (issue 14), "Fix it from the dashboard", in a real Chromium: each fixable scenario's finding previewed,
// applied, verified and undone from its diagnosis page, on a second app instance started with GATECHECK_WRITE=1
// (port E2E_WRITE_PORT) against the same simulator; and the default instance, without write mode, offers nothing.
// The fixes change the shared simulator: the tests run in order, and each one undoes its fix before it ends.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { byName, diagnoseQuery, watchForKeyValues } from "./scenarios";
import { WRITE_APP } from "./support/team";

/** Each scenario whose finding gatecheck can fix, and that finding's code (not always the first break). */
const PASSES = /^Fixed: the call now passes\.$/;
const FIXABLE = [
  { scenario: "key-disabled", code: "KEY_DISABLED", outcome: "fixed", sentence: PASSES },
  { scenario: "key-in-no-plan", code: "KEY_IN_NO_PLAN", outcome: "fixed", sentence: PASSES },
  { scenario: "key-plan-missing-stage", code: "KEY_PLAN_MISSING_STAGE", outcome: "fixed", sentence: PASSES },
  { scenario: "stage-in-no-plan", code: "STAGE_IN_NO_PLAN", outcome: "fixed", sentence: PASSES },
  // Allowed, with a warning: the stage serves an older deployment than the API's latest configuration.
  // Deployed, the method requires a key, and the callers' log lines show they send none: the fix refuses them, and says so.
  { scenario: "deployment-drift", code: "DEPLOYMENT_DRIFT", outcome: "still-refused", sentence: /^DEPLOYMENT_DRIFT is fixed\. Still refused: the next first break is KEY_MISSING: / },
  { scenario: "route-not-deployed", code: "ROUTE_NOT_DEPLOYED", outcome: "fixed", sentence: PASSES },
  // The first break stays KEY_IN_NO_PLAN: turning logging on fixes the warning, not the 403 — and the result says so.
  { scenario: "execution-logging-off", code: "EXECUTION_LOGGING_OFF", outcome: "still-refused", sentence: /^EXECUTION_LOGGING_OFF is fixed\. Still refused: the next first break is KEY_IN_NO_PLAN: / },
  { scenario: "preflight-requires-key", code: "PREFLIGHT_REQUIRES_KEY", outcome: "fixed", sentence: PASSES },
] as const;

const diagnosisLink = (scenario: string) => `/diagnose?${diagnoseQuery(byName(scenario))}`;

// The selectors the write-mode UI promises (components/fixes).
const findingCard = (page: Page, code: string) => page.locator(`li[data-code="${code}"]`);
const applyFixButton = (scope: Page | Locator) => scope.getByRole("button", { name: "Apply fix…" });
const previewPanel = (page: Page, code: string) => page.getByRole("region", { name: `Fix preview for ${code}` });
const fixResult = (page: Page, code: string) => page.locator(`[role="status"][data-outcome][data-code="${code}"]`);

test.describe("without write mode (the default instance)", () => {
  test("key-disabled: no Apply fix button at all, and the preview API answers 403 WRITE_MODE_OFF", async ({ page, request }) => {
    const s = byName("key-disabled");
    const access = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/fixes");
    await page.goto(diagnosisLink(s.name));
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_DISABLED");
    await expect(findingCard(page, "KEY_DISABLED")).toBeVisible();
    // The page asked whether it may offer fixes, and was told no: nothing is shown, not even a disabled button.
    const answer = await access;
    expect(answer.ok()).toBe(true);
    expect(((await answer.json()) as { enabled: boolean }).enabled).toBe(false);
    await expect(applyFixButton(page)).toHaveCount(0);
    await expect(page.getByText("Fixes from the dashboard are off")).toHaveCount(0);

    const preview = await request.post("/api/v1/fixes/preview", { data: { ...Object.fromEntries(diagnoseQuery(s)!), code: "KEY_DISABLED" } });
    expect(preview.status()).toBe(403);
    expect(((await preview.json()) as { error: { code: string } }).error.code).toBe("WRITE_MODE_OFF");
  });
});

test.describe("with write mode (GATECHECK_WRITE=1)", () => {
  test.describe.configure({ mode: "serial" });
  test.use({ baseURL: WRITE_APP });

  // A test that failed between Apply and Undo must not leave its fix in the simulator for the next ones.
  test.afterEach(async ({ page }) => {
    const pending = page.locator('[role="status"][data-outcome]:not([data-outcome="undone"])').getByRole("button", { name: "Undo", exact: true });
    for (let i = await pending.count(); i > 0; i--) {
      await pending.first().click();
      await expect(pending).toHaveCount(i - 1);
    }
  });

  for (const { scenario, code, outcome, sentence } of FIXABLE) {
    test(`${scenario}: ${code} previewed, applied (${outcome}), then undone (${code} is back)`, async ({ page }) => {
      const s = byName(scenario);
      const firstBreak = s.expect!.firstBreak;
      const leaks = watchForKeyValues(page);
      await page.goto(diagnosisLink(scenario));

      const verdict = page.getByTestId("verdict");
      await expect(verdict).toHaveAttribute("data-code", firstBreak ?? "");
      const card = findingCard(page, code);
      await expect(card).toBeVisible();

      // The preview: every call with its SDK input, CLI command (copyable) and IAM permission, then how it is undone.
      await applyFixButton(card).click();
      const preview = previewPanel(page, code);
      await expect(preview.getByRole("heading", { name: "Preview: what Apply will do" })).toBeVisible();
      const calls = preview.locator("li[data-operation]");
      await expect(calls.first()).toBeVisible();
      for (const call of await calls.all()) {
        await expect(call.locator("pre")).toContainText("{");
        await expect(call).toContainText("aws apigateway ");
        await expect(call.getByRole("button", { name: "Copy command" })).toBeVisible();
        await expect(call.getByTestId("iam")).toContainText(/apigateway:(PATCH|POST|DELETE|PUT)/);
        await expect(call.getByTestId("iam")).toContainText("arn:aws:apigateway:");
      }
      await expect(preview.getByRole("region", { name: "Before and after" })).toBeVisible();
      const undoPlan = preview.getByRole("region", { name: "Undo" });
      await expect(undoPlan).toBeVisible();
      await expect(undoPlan).not.toBeEmpty();
      await page.screenshot({ path: `test-results/screenshots/fix-preview-${scenario}.png`, fullPage: true });

      // Apply: AWS is changed, read again and the call checked; the finding leaves the diagnosis.
      await preview.getByRole("button", { name: "Apply", exact: true }).click();
      const result = fixResult(page, code);
      await expect(result).toHaveAttribute("data-outcome", outcome, { timeout: 30_000 });
      await expect(result).toContainText({ fixed: "Fixed", "still-refused": "Still refused", unverified: "Applied, not verified" }[outcome]);
      await expect(result.getByTestId("fix-sentence")).toHaveText(sentence);
      await expect(preview).toHaveCount(0);
      await expect(findingCard(page, code)).toHaveCount(0);
      await page.screenshot({ path: `test-results/screenshots/fix-applied-${scenario}.png`, fullPage: true });

      // Undo: the first break (and the finding) are what they were.
      await result.getByRole("button", { name: "Undo", exact: true }).click();
      await expect(result).toHaveAttribute("data-outcome", "undone", { timeout: 30_000 });
      await expect(result).toContainText("Undone");
      if (firstBreak) await expect(result.getByTestId("fix-sentence")).toContainText(`the first break is ${firstBreak}`);
      await expect(verdict).toHaveAttribute("data-code", firstBreak ?? "");
      await expect(findingCard(page, code)).toBeVisible();
      await leaks.check();
    });
  }

  test("a frozen diagnosis stays read-only: no Apply fix button", async ({ page }) => {
    await page.goto(diagnosisLink("key-disabled"));
    await expect(applyFixButton(findingCard(page, "KEY_DISABLED"))).toBeVisible();
    await page.getByRole("button", { name: "Freeze" }).click();
    const link = page.getByLabel("Link to the frozen diagnosis");
    await expect(link).toBeVisible();
    await page.goto(await link.inputValue());
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_DISABLED");
    await expect(findingCard(page, "KEY_DISABLED")).toBeVisible();
    await expect(applyFixButton(page)).toHaveCount(0);
  });
});
