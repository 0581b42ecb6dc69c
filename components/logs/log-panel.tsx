"use client";

import { useEffect, useRef } from "react";
import { FixBlock } from "@/components/findings/findings-list";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import type { LogEvent } from "@/lib/logs/types";
import { Segmented } from "@/components/ui/segmented";
import { WINDOWS } from "@/lib/client/diagnose-url";
import { shortMask } from "@/lib/client/mask";
import { utcMinute } from "@/lib/client/time";

const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const stripPrefix = (message: string, requestId: string | null) => (requestId && message.startsWith(`(${requestId}) `) ? message.slice(requestId.length + 3) : message);

/**
 * The stage's execution-log lines of this call, newest request first, tagged with the finding each proves.
 * Without `onWindow` (a frozen or a sent request) the window is fixed and offers no choice.
 */
export function LogPanel({
  diagnosis,
  highlighted,
  windowMs,
  onWindow,
  onSelectCode,
}: {
  diagnosis: Diagnosis;
  highlighted: Set<number>;
  windowMs?: number | null;
  onWindow?: (ms: number) => void;
  onSelectCode: (code: FindingCode) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Scroll inside the panel only, so the page itself never jumps.
    const box = scrollRef.current;
    const first = box?.querySelector<HTMLElement>("[data-highlighted='true']");
    if (box && first) box.scrollTop = Math.max(0, first.offsetTop - box.clientHeight / 3);
  }, [highlighted]);

  const { logs, request } = diagnosis;
  return (
    <section aria-labelledby="logs-heading" className="flex min-h-0 flex-col self-start rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <header className="space-y-2 border-b border-slate-200 p-3 dark:border-slate-800">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="logs-heading" className="font-semibold">
            Execution logs
          </h2>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {utcMinute(request.window.from)} → {request.window.to.slice(11, 16)} UTC
          </span>
          {request.requestId ? (
            <span className="text-xs" data-testid="log-request-id">
              request <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{request.requestId}</code> only
            </span>
          ) : null}
          {onWindow ? (
            <div className="ml-auto">
              <Segmented aria-label="Time window" size="xs" options={WINDOWS.map((w) => ({ value: w.ms, label: w.label }))} value={windowMs ?? -1} onChange={onWindow} />
            </div>
          ) : null}
        </div>
        <LogStatusLine diagnosis={diagnosis} />
      </header>
      {logs.length > 0 ? (
        <div ref={scrollRef} className="relative max-h-[560px] min-h-0 overflow-y-auto" tabIndex={0} aria-label="Log lines">
          <ol className="divide-y divide-slate-100 font-mono text-xs dark:divide-slate-800">
            {logs.map((event, index) => (
              <LogLine key={event.eventId ?? index} event={event} index={index} previous={logs[index - 1]} highlighted={highlighted.has(index)} onSelectCode={onSelectCode} />
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

function LogLine({
  event,
  index,
  previous,
  highlighted,
  onSelectCode,
}: {
  event: LogEvent;
  index: number;
  previous: LogEvent | undefined;
  highlighted: boolean;
  onSelectCode: (code: FindingCode) => void;
}) {
  const newRequest = index === 0 || previous?.requestId !== event.requestId;
  return (
    <li
      data-highlighted={highlighted}
      data-supports={event.supports ?? ""}
      data-request-id={event.requestId ?? ""}
      className={highlighted ? "border-l-4 border-l-sky-500 bg-sky-50 dark:bg-sky-950/50" : "border-l-4 border-l-transparent"}
    >
      {newRequest && event.requestId ? <div className="bg-slate-50 px-3 py-1 text-[11px] text-slate-600 dark:bg-slate-800/60 dark:text-slate-400">request {event.requestId}</div> : null}
      <div className="px-3 py-1.5">
        <div className="flex flex-wrap items-center gap-1.5 text-[11px]">
          <span className="text-slate-600 dark:text-slate-400">{event.timestamp ? utcTime(event.timestamp) : "—"}</span>
          <span className="rounded bg-slate-100 px-1 text-slate-700 dark:bg-slate-800 dark:text-slate-300">{event.kind}</span>
          {event.maskedKey !== undefined ? (
            <span className="text-slate-600 dark:text-slate-300" title={event.maskedKey || "no key"}>
              key {event.maskedKey ? shortMask(event.maskedKey) : "(none)"}
            </span>
          ) : null}
          {event.supports ? (
            <button
              type="button"
              onClick={() => onSelectCode(event.supports as FindingCode)}
              data-testid="log-supports"
              className="ml-auto rounded border border-sky-600 bg-white px-1 font-semibold text-sky-800 hover:bg-sky-50 dark:border-sky-400 dark:bg-slate-900 dark:text-sky-200"
              title="This line proves the finding: select it"
            >
              ⇢ {event.supports}
            </button>
          ) : null}
        </div>
        <p className="mt-0.5 whitespace-pre-wrap break-all text-slate-800 dark:text-slate-200">{stripPrefix(event.message, event.requestId)}</p>
      </div>
    </li>
  );
}

/** `logStatus` as a sentence; when logging is off, how to switch it on instead of an empty box. */
function LogStatusLine({ diagnosis }: { diagnosis: Diagnosis }) {
  const { logStatus, findings } = diagnosis;
  const tone =
    logStatus.status === "found"
      ? "text-slate-700 dark:text-slate-300"
      : logStatus.status === "logging-off" || logStatus.status === "unreadable"
        ? "rounded-md border border-dashed border-amber-500 bg-amber-50 p-2 text-amber-950 dark:bg-amber-950/50 dark:text-amber-50"
        : "rounded-md border border-slate-300 bg-slate-50 p-2 text-slate-800 dark:border-slate-700 dark:bg-slate-800/60 dark:text-slate-200";
  const icon = logStatus.status === "found" ? "✓" : logStatus.status === "logging-off" || logStatus.status === "unreadable" ? "⚠" : "ℹ";
  const fixes = findings.filter((f) =>
    logStatus.status === "logging-off" ? f.code === "EXECUTION_LOGGING_OFF" || f.code === "CLOUDWATCH_ROLE_MISSING" : logStatus.status === "unreadable" && f.code === "DASHBOARD_PERMISSION_MISSING",
  );
  return (
    <div className={`text-sm ${tone}`} data-testid="log-status" data-status={logStatus.status}>
      <p>
        <span aria-hidden>{icon} </span>
        {logStatus.message}
        {logStatus.status === "none-in-window" ? " Try a wider window." : ""}
      </p>
      {fixes.length ? <p className="mt-1 font-semibold">{logStatus.status === "logging-off" ? "To switch logging on:" : "To let gatecheck read the logs:"}</p> : null}
      {fixes.map((f) => (
        <FixBlock key={f.code} finding={f} />
      ))}
    </div>
  );
}
