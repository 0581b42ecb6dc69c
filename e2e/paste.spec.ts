// "What did you send?": a pasted request explained, corrected and sent, in a real Chromium against
// the built server + the simulator; the key in the pasted text never reaches the page, a URL or storage.
import { expect, test, type Page } from "@playwright/test";
import { seriousViolations } from "./axe";
import { byName, watchForKeyValues } from "./scenarios";

const executeApi = (apiId: string) => `https://${apiId}.execute-api.us-east-1.amazonaws.com`;
const call = (name: string) => byName(name).expect!.call;
const keyValue = (name: string, keyId: string) => byName(name).apiKeys!.find((k) => k.id === keyId)!.value;

async function explain(page: Page, request: string): Promise<void> {
  await page.goto("/paste");
  await page.getByLabel("Paste the request that got 403").fill(request);
  await page.getByRole("button", { name: "Explain", exact: true }).click();
}

/** The confirmation a send that may change something asks for, by what it names. */
const confirmation = (page: Page, target: string) => page.getByRole("dialog", { name: `Send ${target}?` });

/** The calls to gatecheck's probe, i.e. the requests it sent to the API. */
function watchProbes(page: Page): string[] {
  const probes: string[] = [];
  page.on("request", (r) => void (new URL(r.url()).pathname === "/api/v1/probe" && probes.push(r.postData() ?? "")));
  return probes;
}

test("the seed's case: key in the body → explained, corrected, sent corrected (2xx) and as pasted (403 with its own log lines)", async ({ page }) => {
  const s = byName("key-not-in-header");
  const pasted = s.expect!.call.request!;
  const value = s.apiKeys![0]!.value;
  const leaks = watchForKeyValues(page);
  await explain(page, pasted);

  const verdict = page.getByTestId("verdict");
  await expect(verdict).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
  await expect(verdict).toContainText("Forbidden");
  const facts = page.getByTestId("request-facts");
  await expect(facts).toContainText("j9vbk1oy96.execute-api.us-east-1.amazonaws.com");
  await expect(facts).toContainText("payments-api");
  await expect(facts).toContainText("POST /payments");
  await expect(facts).toContainText('the body field "x-api-key"');
  await expect(facts).toContainText("API Gateway does not read a key there");

  const corrected = page.getByLabel("Corrected curl");
  // $API_KEY: a masked value would fail when run; the variable runs as pasted.
  await expect(corrected).toContainText(`-H "x-api-key: $API_KEY"`);
  await expect(corrected).not.toContainText(value);
  await expect(corrected).not.toContainText(value.slice(-6));
  await expect(page.getByRole("list", { name: "Changes" })).toContainText("Moved the API key from the body field");
  await page.screenshot({ path: "test-results/screenshots/paste-explained.png", fullPage: true });

  await page.getByRole("button", { name: "Send corrected" }).click();
  await confirmation(page, "POST to payments-api/prod").getByRole("button", { name: "Send POST" }).click();
  await expect(page.getByText("waiting for its execution log lines")).toBeVisible();
  const response = page.getByTestId("probe-response");
  await expect(response).toHaveAttribute("data-status", /^2\d\d$/);
  await expect(page.getByTestId("probe-status")).toContainText("201 Created");
  await expect(verdict).toHaveAttribute("data-verdict", "allowed");
  await expect(page.getByTestId("tab-corrected")).toContainText("✓ 201");
  await page.screenshot({ path: "test-results/screenshots/paste-sent-corrected.png", fullPage: true });

  const probe = page.waitForResponse((r) => r.url().endsWith("/api/v1/probe"));
  await page.getByRole("button", { name: "Send it" }).click();
  await confirmation(page, "POST to payments-api/prod").getByRole("button", { name: "Send POST" }).click();
  const requestId = ((await (await probe).json()) as { requestId: string }).requestId;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(response).toHaveAttribute("data-status", "403");
  await expect(page.getByLabel("Response headers")).toContainText(requestId);
  await expect(response).toContainText("ForbiddenException");
  await expect(verdict).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
  // The log panel names the request and holds only its lines.
  await expect(page.getByTestId("log-request-id")).toContainText(requestId);
  const lines = page.getByLabel("Log lines").locator("li");
  await expect(lines.first()).toBeVisible();
  expect(new Set(await lines.evaluateAll((items) => items.map((li) => li.getAttribute("data-request-id"))))).toEqual(new Set([requestId]));
  for (const line of s.expect!.logLines!) await expect(page.getByLabel("Log lines")).toContainText(line);
  await page.screenshot({ path: "test-results/screenshots/paste-sent.png", fullPage: true });

  // The explanation is still one click away, and nothing kept the pasted text.
  await page.getByTestId("tab-explain").click();
  await expect(verdict).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
  expect(new URL(page.url()).search).toBe("");
  const stored = await page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie]));
  expect(stored.includes(value)).toBe(false);
  await leaks.check();
});

test.describe("each request-hop finding of a pasted request", () => {
  const cases: { code: string; request: () => string }[] = [
    ...["key-not-in-header", "private-api-needs-vpc-endpoint", "execute-api-endpoint-disabled", "custom-domain-no-mapping"].map((name) => ({
      code: byName(name).expect!.firstBreak!,
      request: () => call(name).request!,
    })),
    {
      code: "KEY_MISSING",
      request: () => {
        const c = call("key-missing");
        return `curl '${executeApi(c.apiId!)}/${c.stage}${c.path}'`;
      },
    },
    {
      // A URL without its stage: the first path segment is taken for one.
      code: "STAGE_NOT_FOUND",
      request: () => {
        const c = call("stage-not-found");
        return `curl '${executeApi(c.apiId!)}${c.path}' -H 'x-api-key: ${keyValue("stage-not-found", c.keyId!)}'`;
      },
    },
  ];
  for (const { code, request } of cases) {
    test(`${code} is named`, async ({ page }) => {
      const leaks = watchForKeyValues(page);
      await explain(page, request());
      await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", code);
      await expect(page.locator(`li[data-code="${code}"]`)).toBeVisible();
      await expect(page.getByTestId("tab-explain")).toContainText("✕ Forbidden");
      await page.screenshot({ path: `test-results/screenshots/paste-${code}.png`, fullPage: true });
      await leaks.check();
    });
  }
});

test("a URL without its stage gets the stage put back in the corrected request", async ({ page }) => {
  const c = call("stage-not-found");
  await explain(page, `${executeApi(c.apiId!)}${c.path}`);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "STAGE_NOT_FOUND");
  await expect(page.getByTestId("request-facts")).toContainText("shipments");
  await expect(page.getByLabel("Corrected curl")).toContainText(`${executeApi(c.apiId!)}/prod${c.path}`);
});

test("a request gatecheck may not send, and text that is no request, are explained with their hint", async ({ page }) => {
  const c = call("key-missing");
  await explain(page, `curl http://127.0.0.1:1/restapis/${c.apiId}/prod/_user_request_${c.path}`);
  await page.getByRole("button", { name: "Send it" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "PROBE_TARGET_REFUSED" });
  await expect(refused).toContainText("gatecheck did not send this request.");
  await expect(refused).toContainText("only to the selected API's own hosts");
  await expect(page.getByTestId("tab-sent")).toContainText("failed");

  await page.getByLabel("Paste the request that got 403").fill("please fix my API");
  await expect(page.getByRole("note").filter({ hasText: "before your last edit" })).toBeVisible();
  await page.getByRole("button", { name: "Explain", exact: true }).click();
  const unreadable = page.getByRole("alert").filter({ hasText: "INVALID_REQUEST" });
  await expect(unreadable).toContainText("gatecheck could not read this request.");
  await expect(unreadable).toContainText("Paste a curl command");

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByLabel("Paste the request that got 403")).toHaveValue("");
  await page.getByRole("button", { name: "Explain", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Paste a request first." })).toBeVisible();
});

test("keyboard only: Ctrl+Enter explains, arrow keys move between result tabs", async ({ page }) => {
  await page.goto("/paste");
  const box = page.getByLabel("Paste the request that got 403");
  await box.focus();
  await page.keyboard.insertText(call("key-not-in-header").request!);
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
  await page.getByRole("button", { name: "Send corrected" }).focus();
  await page.keyboard.press("Enter");
  // Cancel has the focus: one Tab to "Send POST".
  await expect(confirmation(page, "POST to payments-api/prod").getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("probe-response")).toHaveAttribute("data-status", "201");
  await page.getByTestId("tab-corrected").focus();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("tab-explain")).toBeFocused();
  await expect(page.getByTestId("tab-explain")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
});

test.describe("a send that may change something asks first", () => {
  test("POST: Send it names method and target, Cancel has the focus, and Cancel or Escape sends nothing", async ({ page }) => {
    const probes = watchProbes(page);
    await page.goto("/paste");
    await page.getByLabel("Paste the request that got 403").fill(call("key-not-in-header").request!);
    const sendIt = page.getByRole("button", { name: "Send it" });
    await sendIt.click();
    // Not explained yet: the API by its id, from the URL.
    const byId = confirmation(page, "POST to j9vbk1oy96/prod");
    await expect(byId).toBeVisible();
    await expect(byId).toContainText("A POST may create or change something there");
    await expect(byId.getByRole("button", { name: "Cancel" })).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Enter");
    await expect(byId).toBeHidden();
    await expect(sendIt).toBeFocused();

    // Explained: the API by its name.
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
    await page.getByRole("button", { name: "Send corrected" }).click();
    const named = confirmation(page, "POST to payments-api/prod");
    await expect(named).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(named).toBeHidden();
    await sendIt.click();
    await named.getByRole("button", { name: "Cancel" }).click();
    await expect(named).toBeHidden();

    await expect(page.getByTestId("tab-sent")).toHaveCount(0);
    await expect(page.getByTestId("tab-corrected")).toHaveCount(0);
    expect(probes).toEqual([]);
  });

  test("POST: confirming sends it, once", async ({ page }) => {
    const probes = watchProbes(page);
    await explain(page, call("key-not-in-header").request!);
    await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "KEY_NOT_IN_HEADER");
    await page.getByRole("button", { name: "Send corrected" }).click();
    await confirmation(page, "POST to payments-api/prod").getByRole("button", { name: "Send POST" }).click();
    await expect(page.getByTestId("probe-response")).toHaveAttribute("data-status", "201");
    expect(probes).toHaveLength(1);
    expect(JSON.parse(probes[0]!)).toMatchObject({ corrected: true });
  });

  test("GET: Send it sends at once", async ({ page }) => {
    const probes = watchProbes(page);
    const c = call("key-missing");
    await page.goto("/paste");
    await page.getByLabel("Paste the request that got 403").fill(`curl '${executeApi(c.apiId!)}/${c.stage}${c.path}'`);
    await page.getByRole("button", { name: "Send it" }).click();
    await expect(page.getByTestId("probe-response")).toHaveAttribute("data-status", "403");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    expect(probes).toHaveLength(1);
  });
});

test("the paste page in dark mode", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await explain(page, call("private-api-needs-vpc-endpoint").request!);
  await expect(page.getByTestId("verdict")).toHaveAttribute("data-code", "PRIVATE_API_NEEDS_VPC_ENDPOINT");
  await page.screenshot({ path: "test-results/screenshots/paste-dark.png", fullPage: true });
});

test("the overview and the nav lead to the paste box", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: /Have the request that got 403\? Paste it/ }).click();
  await expect(page).toHaveURL(/\/paste$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "What did you send?" })).toHaveAttribute("aria-current", "page");
});
