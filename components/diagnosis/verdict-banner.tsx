import type { Ref } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { Diagnosis } from "@/lib/diagnosis/types";

/** The answer in one line: Forbidden or Throttled (and the one fix), Allowed, or Unknown (and why). */
export function VerdictBanner({ diagnosis, ref }: { diagnosis: Diagnosis; ref?: Ref<HTMLElement> | undefined }) {
  const { verdict, firstBreak, unknownHops, findings } = diagnosis;
  const notes = findings.filter((f) => f !== firstBreak).length;
  const look =
    verdict === "forbidden"
      ? { icon: "✕", frame: "border-red-600 bg-red-50 dark:border-red-500 dark:bg-red-950/60", word: "Forbidden" }
      : verdict === "throttled"
        ? { icon: "⚠", frame: "border-amber-600 bg-amber-50 dark:border-amber-500 dark:bg-amber-950/50", word: "Throttled (429)" }
        : verdict === "allowed"
          ? { icon: "✓", frame: "border-emerald-600 bg-emerald-50 dark:border-emerald-500 dark:bg-emerald-950/50", word: "Allowed" }
          : { icon: "?", frame: "border-slate-500 border-dashed bg-slate-100 dark:border-slate-400 dark:bg-slate-800", word: "Unknown" };
  return (
    <section ref={ref} role="status" aria-label="Verdict" data-testid="verdict" data-verdict={verdict} data-code={firstBreak?.code ?? ""} className={`rounded-lg border-2 p-4 ${look.frame}`}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold tracking-tight">
          <span aria-hidden className="mr-2">
            {look.icon}
          </span>
          {look.word}
          {firstBreak
            ? `: ${firstBreak.title}`
            : verdict === "unknown" && unknownHops.length
              ? `: ${[...new Set(unknownHops.filter((u) => !u.caveat).map((u) => u.hop))].join(", ")} could not be judged`
              : ""}
        </h1>
        {firstBreak ? <code className="rounded bg-slate-900 px-1.5 py-0.5 font-mono text-xs font-semibold text-white dark:bg-white dark:text-slate-900">{firstBreak.code}</code> : null}
      </div>
      {firstBreak ? (
        <>
          <p className="mt-1.5 text-[15px]">
            <span className="font-semibold">Fix: </span>
            {firstBreak.fix.summary}
          </p>
          {firstBreak.fix.cli[0] ? (
            // The command above the fold: the one thing on-call came for.
            <div className="mt-2 flex items-start gap-2" data-testid="verdict-fix-command">
              {/* Focusable, so a command wider than the screen can be scrolled by keyboard too. */}
              <pre tabIndex={0} aria-label="Fix command" className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-900 px-2.5 py-1.5 font-mono text-xs text-slate-100 dark:bg-black/60">
                <code>{firstBreak.fix.cli.join("\n")}</code>
              </pre>
              <CopyButton text={firstBreak.fix.cli.join("\n")} label="Copy command" />
            </div>
          ) : null}
        </>
      ) : verdict === "allowed" ? (
        <p className="mt-1.5 text-[15px]">API Gateway lets this call through{notes ? `; ${notes} note${notes === 1 ? "" : "s"} below` : ""}.</p>
      ) : verdict === "forbidden" || verdict === "throttled" ? (
        <p className="mt-1.5 text-[15px]">The call&apos;s own log lines show it refused, though the configuration passes: see below.</p>
      ) : null}
      {diagnosis.request.keysFromLogs.length > 0 ? (
        <p className="mt-1.5 text-sm" data-testid="key-from-logs">
          No key was chosen: diagnosed with key {diagnosis.request.keysFromLogs[0]!.name ?? diagnosis.request.keysFromLogs[0]!.maskedValue}, which the latest logged call carried
          {diagnosis.request.keysFromLogs.length > 1
            ? ` (the logs also show ${diagnosis.request.keysFromLogs
                .slice(1)
                .map((k) => k.name ?? k.maskedValue)
                .join(", ")})`
            : ""}
          .
        </p>
      ) : null}
      {unknownHops.length ? (
        <ul className="mt-2 space-y-0.5 text-sm" aria-label="What could not be judged, and caveats">
          {unknownHops.map((u) => (
            <li key={`${u.hop}-${u.reason}`} data-caveat={u.caveat ? "true" : undefined}>
              <span className="font-mono text-xs">
                {u.caveat ? "note" : "?"} {u.hop}
              </span>{" "}
              — {u.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
