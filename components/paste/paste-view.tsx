"use client";

import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { DiagnosisDetails } from "@/components/diagnosis/diagnosis-details";
import { FreezeButton } from "@/components/diagnosis/freeze-button";
import { FixesProvider, useFixSession, type FixSession, type FixTarget } from "@/components/fixes/fix-context";
import { FixResults } from "@/components/fixes/fix-results";
import { InventoryAge } from "@/components/ui/inventory-age";
import { AccountSelect } from "@/components/ui/account-select";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { FetchError, postJson } from "@/lib/client/fetch-json";
import { useNow } from "@/lib/client/time";
import { useRoleGap } from "@/lib/client/viewer";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { parseRequest } from "@/lib/request/parse";
import type { ProbeResult } from "@/lib/workflows/probe";
import { SAFE_METHODS } from "@/lib/api/guard";
import { ConfirmSend } from "./confirm-send";
import { CorrectedRequest } from "./corrected-request";
import { ProbeResponse } from "./probe-response";
import { RequestFacts } from "./request-facts";

// The pasted text holds an API key: it lives in the textarea (and in the body of the POSTs it is sent
// with), never in a URL, storage or anything rendered. Everything shown comes back masked from the server.
// The textarea is uncontrolled on purpose: React mirrors a controlled textarea's value into its default
// value, i.e. into the page's HTML.

type Action = "explain" | "sent" | "corrected";
type Send = Exclude<Action, "explain">;
/** What a result was made from: the text as it was when the button was pressed. */
interface Sent {
  text: string;
  /** The caller runs inside a VPC: only the user can tell (PUBLIC_API_BEHIND_PRIVATE_DNS). */
  fromVpc: boolean;
  /** The account the API lives in (null: the first configured). */
  account: string | null;
  /** Read AWS again, bypassing gatecheck's cache: after a fix was applied or undone from this page. */
  fresh?: boolean;
}

/** The JSON body of a pasted request's diagnosis, probe or freeze. */
const bodyOf = ({ text, fromVpc, account }: Sent) => ({ request: text, fromVpc, ...(account ? { account } : {}) });

const ACTIONS: Action[] = ["explain", "sent", "corrected"];
const TAB_NAME: Record<Action, string> = { explain: "Explanation", sent: "Sent as pasted", corrected: "Sent corrected" };
const VERDICT_WORD = { forbidden: "✕ Forbidden", throttled: "⚠ Throttled (429)", allowed: "✓ Allowed", unknown: "? Unknown" } as const;
const PLACEHOLDER = `curl -X POST 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders' \\
  -H 'x-api-key: …' -d '{"sku": 42}'

or raw HTTP:

GET /prod/orders HTTP/1.1
Host: a1b2c3d4e5.execute-api.us-east-1.amazonaws.com
x-api-key: …`;

const button = "rounded-md px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60";
const primary = `${button} bg-sky-700 text-white hover:bg-sky-800`;
const secondary = `${button} border border-slate-300 bg-white hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800`;

/** `/paste`: "What did you send?" — paste the request that got 403, see why, how it should be sent, and send it. */
export function PasteView() {
  const [text, setText] = useState("");
  const [tab, setTab] = useState<Action>("explain");
  const [emptyTried, setEmptyTried] = useState(false);
  const [fromVpc, setFromVpc] = useState(false);
  const [account, setAccount] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ action: Send; text: string; method: string; target: string } | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const verdictRef = useRef<HTMLElement>(null);
  const revealedAt = useRef(0);
  const hintId = useId();
  const tabsId = useId();
  const sendGap = useRoleGap("responder", "Sending a request");

  const explain = useMutation({ mutationFn: (sent: Sent) => postJson<Diagnosis>(`/api/v1/diagnose${sent.fresh ? "?fresh=1" : ""}`, bodyOf(sent)) });
  const sent = useMutation({ mutationFn: (sent: Sent) => postJson<ProbeResult>("/api/v1/probe", bodyOf(sent)) });
  const corrected = useMutation({ mutationFn: (sent: Sent) => postJson<ProbeResult>("/api/v1/probe", { ...bodyOf(sent), corrected: true }) });
  const mutations = { explain, sent, corrected };
  // Write mode: fixes applied from the explanation are kept here, so their results (and Undo) outlive a tab switch.
  const fixSession = useFixSession();
  const { mutate: explainAgain, variables: explained } = explain;
  const onFixed = useCallback(() => {
    if (explained) explainAgain({ ...explained, fresh: true });
  }, [explainAgain, explained]);

  const run = (action: Action, requestText: string) => {
    if (!requestText.trim()) {
      setEmptyTried(true);
      textareaRef.current?.focus();
      return;
    }
    // A new explanation starts a new story: sends of another text would only confuse it.
    if (action === "explain") for (const probe of [sent, corrected]) if (probe.variables && probe.variables.text !== requestText) probe.reset();
    mutations[action].mutate({ text: requestText, fromVpc, account });
    setTab(action);
  };
  /** A send that may change something (not GET, HEAD or OPTIONS) asks first; a text that does not parse goes on to be refused by name. */
  const send = (action: Send, requestText: string) => {
    const explained = explain.variables?.text === requestText ? explain.data : undefined;
    const parsed = action === "sent" ? parseRequest(requestText) : null;
    const facts = parsed ? (parsed.ok ? parsed.facts : undefined) : explained?.request.request;
    if (!facts || SAFE_METHODS.has(facts.method)) {
      run(action, requestText);
      return;
    }
    // The API by name when an explanation of this very text read it, else by id (or host); the stage as it will be sent.
    const api = explained?.chain.nodes.find((n) => n.kind === "api")?.label ?? explained?.request.apiId ?? facts.apiId ?? facts.host ?? "the API";
    const stage = action === "corrected" ? explained?.request.stage : facts.stage;
    setConfirming({ action, text: requestText, method: facts.method, target: `${facts.method} to ${api}${stage ? `/${stage}` : ""}` });
  };
  // A new explanation is scrolled into view once (on a phone it lands below the fold), not on every return to its tab.
  useEffect(() => {
    const verdict = verdictRef.current;
    if (!explain.isSuccess || !verdict || revealedAt.current === explain.submittedAt) return;
    revealedAt.current = explain.submittedAt;
    const box = verdict.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) verdict.scrollIntoView({ block: "start" });
  }, [explain.isSuccess, explain.submittedAt]);
  const clear = () => {
    if (textareaRef.current) textareaRef.current.value = "";
    setText("");
    for (const m of [explain, sent, corrected]) m.reset();
    textareaRef.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run("explain", text);
    }
  };

  const shown = ACTIONS.filter((a) => !mutations[a].isIdle);
  const active = shown.includes(tab) ? tab : shown[0];
  const busy = ACTIONS.some((a) => mutations[a].isPending);
  /** A tab's outcome in a few characters: the verdict, the status answered, or how it is going. */
  const outcomeOf = (action: Action): string => {
    const m = mutations[action];
    if (m.isPending) return action === "explain" ? "reading…" : "sending…";
    if (m.isError) return "✕ failed";
    if (action === "explain") return explain.data ? VERDICT_WORD[explain.data.verdict] : "";
    const status = mutations[action].data?.response.status;
    return status === undefined ? "" : `${status < 400 ? "✓" : "✕"} ${status}`;
  };
  /** Whether a result was made from another text than the one now in the box. */
  const outdated = (m: { variables: Sent | undefined }) => m.variables !== undefined && m.variables.text !== text;

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <form
          className="space-y-3"
          autoComplete="off"
          onSubmit={(e) => {
            e.preventDefault();
            run("explain", text);
          }}
        >
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">What did you send?</h1>
            <label htmlFor="pasted-request" className="mt-1 block text-sm text-slate-600 dark:text-slate-400">
              Paste the request that got 403: a curl command, a raw HTTP request or just the URL.
            </label>
          </div>
          <textarea
            id="pasted-request"
            ref={textareaRef}
            onChange={(e) => {
              setText(e.target.value);
              setEmptyTried(false);
            }}
            onKeyDown={onKeyDown}
            rows={9}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            aria-describedby={hintId}
            aria-invalid={emptyTried}
            placeholder={PLACEHOLDER}
            className="block w-full resize-y rounded-lg border border-slate-300 bg-white p-3 font-mono text-sm leading-relaxed shadow-inner placeholder:text-slate-400 dark:border-slate-700 dark:bg-slate-900 dark:placeholder:text-slate-500"
          />
          {emptyTried ? (
            <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-200">
              ✕ Paste a request first.
            </p>
          ) : null}
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className={primary} disabled={explain.isPending}>
              {explain.isPending ? "Explaining…" : "Explain"}
            </button>
            <button
              type="button"
              className={secondary}
              disabled={sent.isPending || sendGap !== null}
              onClick={() => send("sent", text)}
              title={sendGap ?? "Send this exact request to the API once, from the gatecheck server, then read its log lines"}
            >
              {sent.isPending ? "Sending…" : "Send it"}
            </button>
            <button type="button" onClick={clear} disabled={busy} className="text-sm font-medium text-slate-600 underline hover:no-underline disabled:opacity-60 dark:text-slate-300">
              Clear
            </button>
            <span className="text-xs text-slate-500 dark:text-slate-400">Ctrl+Enter (⌘+Enter on macOS) explains</span>
            <div className="ml-auto">
              <AccountSelect account={account} onChange={(a) => setAccount(a.name)} />
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
              <input type="checkbox" checked={fromVpc} onChange={(e) => setFromVpc(e.target.checked)} className="h-4 w-4" />
              The caller runs inside a VPC
            </label>
          </div>
          {sendGap ? (
            <p className="rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950/40 dark:text-amber-100">
              You are signed in as a viewer: Explain works for a request without a key value. Sending a request, or explaining one that carries a key value (which looks the key up by value), needs the
              responder role.
            </p>
          ) : null}
          <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
            The text stays in this box: it is never put in the URL or stored, and every answer masks the key. <strong>Send it</strong> really calls your API, once, from gatecheck&apos;s server (a POST
            really posts), and only on the API&apos;s own host.
          </p>
        </form>
        <aside className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900" aria-labelledby="paste-help">
          <h2 id="paste-help" className="font-semibold">
            What gatecheck checks
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
            <li>the host: default endpoint, custom domain or VPC endpoint, and whether it may be called that way;</li>
            <li>the stage in the URL, and the route;</li>
            <li>where the key sits (only the x-api-key header counts) and whose key it is;</li>
            <li>then the API&apos;s own configuration and recent logs, as on a diagnosis.</li>
          </ul>
          <p className="mt-3 text-slate-700 dark:text-slate-300">
            <strong>Explain</strong> reads only. <strong>Send it</strong> and <strong>Send corrected</strong> call the API and show its answer with that request&apos;s own log lines.
          </p>
        </aside>
      </div>

      {active ? (
        <section aria-label="Results" className="space-y-4">
          <div role="tablist" aria-label="Results" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
            {shown.map((action) => (
              <ResultTab key={action} idPrefix={tabsId} action={action} outcome={outcomeOf(action)} selected={action === active} shown={shown} onSelect={setTab} />
            ))}
          </div>
          <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${active}`}>
            {outdated(mutations[active]) ? (
              <p role="note" className="mb-3 rounded-md border border-dashed border-amber-500 bg-amber-50 p-2.5 text-sm dark:bg-amber-950/40">
                <span aria-hidden>⚠ </span>This result is about the text as it was before your last edit.{" "}
                <button type="button" onClick={() => run("explain", text)} className="font-semibold underline hover:no-underline">
                  Explain the current text
                </button>
              </p>
            ) : null}
            {active === "explain" ? (
              <ExplainPanel
                mutation={explain}
                onSendCorrected={(explained) => send("corrected", explained)}
                sending={corrected.isPending}
                verdictRef={verdictRef}
                fixSession={fixSession}
                onFixed={onFixed}
              />
            ) : (
              <ProbePanel mutation={mutations[active]} />
            )}
          </div>
        </section>
      ) : null}
      {confirming ? (
        <ConfirmSend
          target={confirming.target}
          method={confirming.method}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            run(confirming.action, confirming.text);
          }}
        />
      ) : null}
    </div>
  );
}

/** One result tab; arrow keys move between tabs (WAI-ARIA tabs pattern). */
function ResultTab({ idPrefix, action, outcome, selected, shown, onSelect }: { idPrefix: string; action: Action; outcome: string; selected: boolean; shown: Action[]; onSelect: (a: Action) => void }) {
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = shown[(shown.indexOf(action) + step + shown.length) % shown.length]!;
    onSelect(next);
    document.getElementById(`${idPrefix}-${next}`)?.focus();
  };
  return (
    <button
      type="button"
      role="tab"
      id={`${idPrefix}-${action}`}
      aria-selected={selected}
      aria-controls={`${idPrefix}-panel`}
      tabIndex={selected ? 0 : -1}
      onClick={() => onSelect(action)}
      onKeyDown={onKeyDown}
      data-testid={`tab-${action}`}
      className={`-mb-px rounded-t-md border px-3 py-2 text-sm ${selected ? "border-slate-200 border-b-slate-50 bg-slate-50 font-semibold dark:border-slate-800 dark:border-b-slate-950 dark:bg-slate-950" : "border-transparent text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
    >
      {TAB_NAME[action]} <span className="ml-1 font-mono text-xs">{outcome}</span>
    </button>
  );
}

/** The explanation, offering its findings' fixes; the results of fixes applied stay above it while it is read again. */
function ExplainPanel({
  mutation,
  onSendCorrected,
  sending,
  verdictRef,
  fixSession,
  onFixed,
}: {
  mutation: UseMutationResult<Diagnosis, Error, Sent>;
  onSendCorrected: (text: string) => void;
  sending: boolean;
  verdictRef: Ref<HTMLElement>;
  fixSession: FixSession;
  onFixed: () => void;
}) {
  const explained = mutation.variables;
  const fixTarget = useMemo<FixTarget | null>(() => (explained ? { call: bodyOf(explained), account: explained.account, onChanged: onFixed } : null), [explained, onFixed]);
  const explanation = <Explanation mutation={mutation} onSendCorrected={onSendCorrected} sending={sending} verdictRef={verdictRef} />;
  if (!fixTarget) return explanation;
  return (
    <FixesProvider target={fixTarget} session={fixSession}>
      <div className="space-y-3">
        <FixResults />
        {explanation}
      </div>
    </FixesProvider>
  );
}

function Explanation({
  mutation,
  onSendCorrected,
  sending,
  verdictRef,
}: {
  mutation: UseMutationResult<Diagnosis, Error, Sent>;
  onSendCorrected: (text: string) => void;
  sending: boolean;
  verdictRef: Ref<HTMLElement>;
}) {
  const sendGap = useRoleGap("responder", "Sending a request");
  if (mutation.isPending) return <LoadingState label="Reading the request, then the API's configuration and the last hour of its logs…" />;
  if (mutation.isError) return <ErrorState error={mutation.error} title={errorTitle(mutation.error, "explain")} />;
  const diagnosis = mutation.data;
  const explained = mutation.variables;
  if (!diagnosis || !explained) return null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-end gap-3">
        <InventoryAge at={diagnosis.inventoryAt} />
        <FreezeButton key={mutation.submittedAt} body={bodyOf(explained)} />
      </div>
      <DiagnosisDetails diagnosis={diagnosis} verdictRef={verdictRef}>
        <div className="grid gap-4 lg:grid-cols-2">
          <RequestFacts diagnosis={diagnosis} />
          <CorrectedRequest
            diagnosis={diagnosis}
            sendButton={
              <button
                type="button"
                className={primary}
                disabled={sending || sendGap !== null}
                onClick={() => onSendCorrected(explained.text)}
                title={sendGap ?? "Send the corrected request to the API once, with the key you pasted"}
              >
                {sending ? "Sending…" : "Send corrected"}
              </button>
            }
          />
        </div>
      </DiagnosisDetails>
    </div>
  );
}

function ProbePanel({ mutation }: { mutation: UseMutationResult<ProbeResult, Error, Sent> }) {
  if (mutation.isPending) return <ProbeWaiting since={mutation.submittedAt} />;
  if (mutation.isError) return <ErrorState error={mutation.error} title={errorTitle(mutation.error, "send")} />;
  const probe = mutation.data;
  if (!probe) return null;
  return (
    <div className="space-y-4">
      <ProbeResponse probe={probe} />
      <h2 className="text-lg font-semibold">This request, diagnosed with its own log lines</h2>
      <DiagnosisDetails diagnosis={probe.diagnosis} />
    </div>
  );
}

/** A probe waits for its log lines (up to ~20 s on AWS): say so, and show that time passes. */
function ProbeWaiting({ since }: { since: number }) {
  const now = useNow(1000);
  return (
    <div className="space-y-1">
      <LoadingState label="Sending the request, then waiting for its execution log lines: on AWS they take up to 20 seconds to arrive…" />
      {now !== null ? (
        <p aria-hidden className="pl-1 text-xs text-slate-500 dark:text-slate-400">
          {Math.max(0, Math.round((now - since) / 1000))} s so far
        </p>
      ) : null}
    </div>
  );
}

function errorTitle(error: Error, what: "explain" | "send"): string {
  const body = error instanceof FetchError ? error.body : null;
  switch (body?.code) {
    case "INVALID_REQUEST":
      return "gatecheck could not read this request.";
    case "PROBE_TARGET_REFUSED":
      return "gatecheck did not send this request.";
    case "PROBE_FAILED":
      return "The request got no answer.";
    case "API_NOT_FOUND":
      return "The API this request names does not exist.";
    case "INVALID_INPUT":
      return body.field === "api" ? "This request names no API gatecheck can find." : "gatecheck could not use this request.";
    default:
      return what === "explain" ? "The explanation failed." : "Sending failed.";
  }
}
