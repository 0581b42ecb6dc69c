"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { CliCommand } from "@/components/ui/cli-command";
import { undoFix } from "@/lib/client/fixes";
import type { Verification } from "@/lib/fixes/types";
import { useFixes, type FixEntry, type FixSession, type FixTarget } from "./fix-context";
import { errorCode, errorTitle, FixError, secondaryButton } from "./fix-error";

// What each fix applied from this page did and what AWS showed after it: the verification in words (never colour
// alone), the request sent once more when there was one, and Undo. Shown by the page, above the findings, so it
// stays when the fixed finding leaves the diagnosis.

type Outcome = Verification["outcome"] | "undone";

const LOOK: Record<Outcome, { label: string; icon: string; frame: string; badge: string }> = {
  fixed: {
    label: "Fixed",
    icon: "✓",
    frame: "border-2 border-emerald-600 bg-emerald-50 dark:border-emerald-500 dark:bg-emerald-950/50",
    badge: "bg-emerald-700 text-white",
  },
  "still-refused": {
    label: "Still refused",
    icon: "✕",
    frame: "border-2 border-dashed border-red-600 bg-red-50 dark:border-red-500 dark:bg-red-950/40",
    badge: "bg-red-700 text-white",
  },
  "not-fixed": {
    label: "Not fixed",
    icon: "✕",
    frame: "border-2 border-dashed border-red-600 bg-red-50 dark:border-red-500 dark:bg-red-950/40",
    badge: "bg-red-700 text-white",
  },
  unverified: {
    label: "Applied, not verified",
    icon: "?",
    frame: "border-2 border-dashed border-amber-500 bg-amber-50 dark:border-amber-400 dark:bg-amber-950/40",
    badge: "bg-amber-700 text-white",
  },
  undone: {
    label: "Undone",
    icon: "↺",
    frame: "border-2 border-slate-400 bg-slate-50 dark:border-slate-500 dark:bg-slate-800/60",
    badge: "bg-slate-700 text-white dark:bg-slate-200 dark:text-slate-900",
  },
};

/** The fixes applied from this page, newest first; nothing where none was (or on a snapshot). */
export function FixResults() {
  const fixes = useFixes();
  if (!fixes || fixes.session.entries.length === 0) return null;
  return (
    <section aria-label="Fixes applied from this page" className="space-y-3">
      {fixes.session.entries.map((entry) => (
        <FixResult key={entry.id} entry={entry} target={fixes.target} session={fixes.session} />
      ))}
    </section>
  );
}

/** Entries whose box took the focus already: a box takes it once when it appears and once when undone, not on every remount. */
const focused = new WeakSet<FixEntry>();

function FixResult({ entry, target, session }: { entry: FixEntry; target: FixTarget; session: FixSession }) {
  const { applied, undone } = entry;
  const boxRef = useRef<HTMLDivElement>(null);
  const undo = useMutation({
    mutationFn: (token: string) => undoFix(entry.call, token),
    onSuccess: (result) => {
      session.markUndone(entry.id, result);
      target.onChanged();
    },
  });
  // The finding's card (where Apply was) goes away once fixed, and the Undo button once undone: the focus comes here.
  useEffect(() => {
    if (focused.has(entry)) return;
    focused.add(entry);
    boxRef.current?.focus();
  }, [entry]);

  const outcome: Outcome = undone ? "undone" : applied.verification.outcome;
  const look = LOOK[outcome];
  const verification = undone ? undone.verification : applied.verification;
  const made = undone ? undone.calls : applied.calls;
  // What undoes it by hand when gatecheck cannot (or may no longer): the undo's own commands.
  const manualUndo = applied.undo.kind === "command" ? applied.undo.cli : applied.undo.calls.map((c) => c.cli);

  return (
    <div
      ref={boxRef}
      tabIndex={-1}
      role="status"
      data-testid="fix-result"
      data-outcome={outcome}
      data-code={entry.code}
      className={`rounded-lg p-3 outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${look.frame}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-1.5 py-0.5 text-sm font-semibold ${look.badge}`}>
          <span aria-hidden>{look.icon} </span>
          {look.label}
        </span>
        <span className="text-sm font-medium">{undone ? "Undid the fix for" : "Applied the fix for"}</span>
        <code className="rounded bg-slate-900 px-1.5 py-0.5 font-mono text-xs font-semibold text-white dark:bg-white dark:text-slate-900">{entry.code}</code>
        <button
          type="button"
          onClick={() => session.dismiss(entry.id)}
          disabled={undo.isPending}
          className="ml-auto text-xs font-medium text-slate-600 underline hover:no-underline disabled:opacity-60 dark:text-slate-300"
          title={undone || !applied.undoToken ? "Hide this result" : "Hide this result (its Undo button goes with it)"}
        >
          Dismiss
        </button>
      </div>
      <p className="mt-2 text-[15px]" data-testid="fix-sentence">
        {verification.sentence}
      </p>
      {verification.sent ? (
        <p className="mt-1 text-sm" data-testid="fix-sent">
          Sent once more: AWS answered <strong>{verification.sent.status}</strong>
          {verification.sent.requestId ? (
            <>
              {" "}
              (request <code className="font-mono text-xs">{verification.sent.requestId}</code>)
            </>
          ) : null}
        </p>
      ) : null}
      {made.length ? (
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-700 dark:text-slate-300" aria-label={undone ? "Calls made to undo it" : "Calls made"}>
          {made.map((call, i) => (
            <li key={i}>
              {call.summary} <code className="font-mono text-xs text-slate-500 dark:text-slate-400">({call.call.operation})</code>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        Audit id <code className="font-mono">{undone ? undone.auditId : applied.auditId}</code>
      </p>

      {undone ? null : applied.undoToken ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <button type="button" className={secondaryButton} disabled={undo.isPending} onClick={() => undo.mutate(applied.undoToken!)}>
            {undo.isPending ? "Undoing…" : "Undo"}
          </button>
          <span className="text-sm text-slate-700 dark:text-slate-300">{applied.undo.summary}</span>
        </div>
      ) : (
        <div className="mt-3 text-sm">
          <p>
            <span className="font-semibold">Undo: </span>
            {applied.undo.summary}
            {applied.undo.kind === "command" ? ` gatecheck cannot undo this itself: ${applied.undo.why}` : ""}
          </p>
          {manualUndo.map((command) => (
            <CliCommand key={command} command={command} />
          ))}
        </div>
      )}
      {undo.isError ? (
        <FixError error={undo.error} title={errorTitle(undo.error, "undo")}>
          {errorCode(undo.error) === "UNDO_STALE" ? (
            <>
              <button type="button" className={secondaryButton} onClick={() => target.onChanged()}>
                Read AWS again
              </button>
              <span className="text-red-900 dark:text-red-100">To undo by hand, look at the diagnosis first; these were the undo&apos;s commands:</span>
            </>
          ) : null}
        </FixError>
      ) : null}
      {undo.isError && errorCode(undo.error) === "UNDO_STALE" ? manualUndo.map((command) => <CliCommand key={command} command={command} />) : null}
    </div>
  );
}
