// @vitest-environment jsdom
// The write-mode UI against a stubbed JSON API: no Apply button unless write mode is on for the code (and never on a
// snapshot), the preview shows every part of the plan, Apply → result → Undo, and a stale fix offers a new preview.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FindingsList } from "@/components/findings/findings-list";
import type { Finding } from "@/lib/diagnosis/types";
import type { AppliedFix, FixPlan, PlannedCall, UndoneFix, WriteAccess } from "@/lib/fixes/types";
import { FixesProvider, useFixSession, type FixTarget } from "./fix-context";
import { FixResults } from "./fix-results";

const finding: Finding = {
  code: "KEY_DISABLED",
  hop: "api-key",
  severity: "blocker",
  title: "The API key is disabled",
  detail: "partner-globex is disabled.",
  evidence: [],
  fix: { summary: "Enable the key.", cli: ["aws apigateway update-api-key --api-key a7j7lbbshd --patch-operations op=replace,path=/enabled,value=true"] },
  logLines: [],
};
const other: Finding = { ...finding, code: "EXECUTION_LOGGING_OFF", severity: "warning", title: "Logging is off" };

const enable: PlannedCall = {
  call: { operation: "UpdateApiKey", input: { apiKey: "a7j7lbbshd", patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] } },
  summary: "Enable the API key partner-globex",
  cli: "aws apigateway update-api-key --api-key a7j7lbbshd --patch-operations 'op=replace,path=/enabled,value=true'",
  iam: { action: "apigateway:PATCH", resource: "arn:aws:apigateway:us-east-1::/apikeys/a7j7lbbshd" },
};
const disable: PlannedCall = {
  ...enable,
  summary: "Disable the API key partner-globex",
  call: { operation: "UpdateApiKey", input: { apiKey: "a7j7lbbshd", patchOperations: [{ op: "replace", path: "/enabled", value: "false" }] } },
};

const plan = (option = "enable"): FixPlan => ({
  code: "KEY_DISABLED",
  option,
  options: [
    { id: "enable", label: "Enable the key" },
    { id: "other", label: "Another way" },
  ],
  summary: option === "enable" ? "Enables partner-globex." : "The other way.",
  calls: [enable],
  sideEffects: ["Every stage partner-globex's plans cover accepts it again"],
  undo: { kind: "calls", summary: "Disable partner-globex again.", calls: [disable] },
  before: [{ resource: "/apikeys/a7j7lbbshd", label: "API key partner-globex (a7j7lbbshd)", state: { enabled: "false", name: "partner-globex" } }],
  after: [{ resource: "/apikeys/a7j7lbbshd", label: "API key partner-globex (a7j7lbbshd)", state: { enabled: "true", name: "partner-globex" } }],
  fingerprint: `fp-${option}`,
});

const applied: AppliedFix = {
  code: "KEY_DISABLED",
  calls: [enable],
  before: plan().before,
  after: plan().after,
  verification: { outcome: "fixed", sentence: "Fixed: the call now passes.", verdict: "allowed", firstBreak: null, sent: { status: 200, requestId: "abc-12345678" } },
  undoToken: "signed-token",
  undo: plan().undo,
  auditId: "audit-1",
};
const undone: UndoneFix = {
  code: "KEY_DISABLED",
  calls: [disable],
  before: plan().after,
  after: plan().before,
  verification: {
    outcome: "still-refused",
    sentence: "Still refused: the first break is KEY_DISABLED again.",
    verdict: "forbidden",
    firstBreak: { code: "KEY_DISABLED", title: "The API key is disabled" },
    sent: null,
  },
  auditId: "audit-2",
};

type Handler = (body: Record<string, unknown>) => { status: number; json: unknown };
let routes: Record<string, Handler>;
let sent: { url: string; body: Record<string, unknown> }[];

beforeEach(() => {
  sent = [];
  routes = {
    "GET /api/v1/fixes": () => ({ status: 200, json: { enabled: true, reason: null, codes: ["KEY_DISABLED"] } satisfies WriteAccess }),
    "POST /api/v1/fixes/preview": (body) => ({ status: 200, json: plan(typeof body.option === "string" ? body.option : undefined) }),
    "POST /api/v1/fixes/apply": () => ({ status: 200, json: applied }),
    "POST /api/v1/fixes/undo": () => ({ status: 200, json: undone }),
  };
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
      sent.push({ url: `${method} ${url}`, body });
      const handler = routes[`${method} ${url.split("?")[0]}`];
      const answer = handler ? handler(body) : { status: 404, json: { error: { code: "NOT_FOUND", message: "No such route.", hint: "" } } };
      return new Response(JSON.stringify(answer.json), { status: answer.status, headers: { "content-type": "application/json" } });
    }),
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const call = { region: "us-east-1", api: "f5wtgte5ml", stage: "prod", method: "GET", path: "/prices", key: "a7j7lbbshd" };

function Page({ onChanged, findings = [finding, other] }: { onChanged: () => void; findings?: Finding[] }) {
  const session = useFixSession();
  const target: FixTarget = { call, account: null, onChanged };
  return (
    <FixesProvider target={target} session={session}>
      <FixResults />
      <FindingsList findings={findings} selected={new Set()} onSelect={() => {}} />
    </FixesProvider>
  );
}

function withQuery(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

describe("Apply fix…", () => {
  it("is not there on a snapshot (no fix context), and asks nothing", async () => {
    render(withQuery(<FindingsList findings={[finding]} selected={new Set()} onSelect={() => {}} />));
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(screen.queryByRole("button", { name: /Apply fix/ })).toBeNull();
    expect(sent).toEqual([]);
  });

  it("is not there at all when write mode is off: no button, no note", async () => {
    routes["GET /api/v1/fixes"] = () => ({ status: 200, json: { enabled: false, reason: "GATECHECK_WRITE is not set", codes: [] } });
    render(withQuery(<Page onChanged={() => {}} />));
    await waitFor(() => expect(sent.map((s) => s.url)).toContain("GET /api/v1/fixes"));
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(screen.queryByRole("button", { name: /Apply fix/ })).toBeNull();
    expect(screen.queryByText(/GATECHECK_WRITE/)).toBeNull();
  });

  it("shows on the codes that have a fix only; previews, applies, verifies, undoes", async () => {
    const onChanged = vi.fn();
    render(withQuery(<Page onChanged={onChanged} />));
    const card = (await screen.findByRole("button", { name: "Apply fix…" })).closest("li")!;
    expect(card.getAttribute("data-code")).toBe("KEY_DISABLED");
    expect(screen.getAllByRole("button", { name: "Apply fix…" })).toHaveLength(1);

    fireEvent.click(within(card).getByRole("button", { name: "Apply fix…" }));
    const region = await screen.findByRole("region", { name: "Fix preview for KEY_DISABLED" });
    await within(region).findByText("Enables partner-globex.");
    expect(sent.find((s) => s.url === "POST /api/v1/fixes/preview")!.body).toEqual({ ...call, code: "KEY_DISABLED" });
    expect(region.textContent).toContain("Preview: what Apply will do");
    expect(region.textContent).toContain("UpdateApiKey");
    expect(region.textContent).toContain('"apiKey": "a7j7lbbshd"');
    expect(region.textContent).toContain(enable.cli);
    expect(region.textContent).toContain("apigateway:PATCH");
    expect(region.textContent).toContain("arn:aws:apigateway:us-east-1::/apikeys/a7j7lbbshd");
    expect(within(region).getByRole("region", { name: "Also changes" }).textContent).toContain("accepts it again");
    expect(within(region).getByRole("region", { name: "Before and after" }).textContent).toMatch(/enabled: false\s*→\s*becomes\s*true/);
    expect(within(region).getByRole("region", { name: "Undo" }).textContent).toContain("Disable partner-globex again.");

    // Another option is previewed again.
    fireEvent.change(within(region).getByRole("combobox"), { target: { value: "other" } });
    await within(region).findByText("The other way.");
    expect(sent.filter((s) => s.url === "POST /api/v1/fixes/preview").at(-1)!.body).toEqual({ ...call, code: "KEY_DISABLED", option: "other" });

    fireEvent.click(within(region).getByRole("button", { name: "Apply" }));
    const result = await screen.findByTestId("fix-result");
    expect(sent.find((s) => s.url === "POST /api/v1/fixes/apply")!.body).toEqual({ ...call, code: "KEY_DISABLED", option: "other", fingerprint: "fp-other" });
    expect(result.getAttribute("role")).toBe("status");
    expect(result.getAttribute("data-outcome")).toBe("fixed");
    expect(result.textContent).toContain("Fixed");
    expect(result.textContent).toContain("Fixed: the call now passes.");
    expect(result.textContent).toContain("Sent once more: AWS answered 200");
    expect(screen.queryByRole("region", { name: "Fix preview for KEY_DISABLED" })).toBeNull();
    expect(onChanged).toHaveBeenCalledTimes(1);

    fireEvent.click(within(result).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(result.getAttribute("data-outcome")).toBe("undone"));
    expect(sent.find((s) => s.url === "POST /api/v1/fixes/undo")!.body).toEqual({ ...call, undoToken: "signed-token" });
    expect(result.textContent).toContain("Undone");
    expect(result.textContent).toContain("the first break is KEY_DISABLED again");
    expect(within(result).queryByRole("button", { name: "Undo" })).toBeNull();
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it("a stale preview is refused by name, with what changed, and previewed again", async () => {
    routes["POST /api/v1/fixes/apply"] = () => ({
      status: 409,
      json: { error: { code: "FIX_STALE", message: "AWS changed since the preview: enabled is now true.", hint: "Preview again, then apply." } },
    });
    render(withQuery(<Page onChanged={() => {}} />));
    fireEvent.click(await screen.findByRole("button", { name: "Apply fix…" }));
    const region = await screen.findByRole("region", { name: "Fix preview for KEY_DISABLED" });
    await within(region).findByText("Enables partner-globex.");
    fireEvent.click(within(region).getByRole("button", { name: "Apply" }));
    const alert = await within(region).findByRole("alert");
    expect(alert.textContent).toContain("FIX_STALE");
    expect(alert.textContent).toContain("enabled is now true");
    expect(alert.textContent).toContain("Preview again, then apply.");
    const previews = sent.filter((s) => s.url === "POST /api/v1/fixes/preview").length;
    fireEvent.click(within(alert).getByRole("button", { name: "Preview again" }));
    await waitFor(() => expect(sent.filter((s) => s.url === "POST /api/v1/fixes/preview").length).toBe(previews + 1));
    await waitFor(() => expect(within(region).queryByRole("alert")).toBeNull());
    expect(screen.queryByTestId("fix-result")).toBeNull();
  });

  it("Cancel closes the preview and gives the focus back to Apply fix…; Escape too", async () => {
    render(withQuery(<Page onChanged={() => {}} />));
    const button = await screen.findByRole("button", { name: "Apply fix…" });
    fireEvent.click(button);
    const region = await screen.findByRole("region", { name: "Fix preview for KEY_DISABLED" });
    expect(button.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(await within(region).findByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("region", { name: "Fix preview for KEY_DISABLED" })).toBeNull();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
    fireEvent.keyDown(await screen.findByRole("region", { name: "Fix preview for KEY_DISABLED" }), { key: "Escape" });
    expect(screen.queryByRole("region", { name: "Fix preview for KEY_DISABLED" })).toBeNull();
  });
});
