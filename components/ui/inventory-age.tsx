"use client";

import { ago, useNow, utcMinute } from "@/lib/client/time";

/** A moment as "3 min ago", ticking; its UTC time in the tooltip, and in the text until the clock is known. */
export function TimeAgo({ at, stepMs = 10_000 }: { at: string; stepMs?: number }) {
  const now = useNow(stepMs);
  return (
    <time dateTime={at} title={`${utcMinute(at)} UTC`}>
      {now === null ? `at ${utcMinute(at)} UTC` : ago(now - Date.parse(at))}
    </time>
  );
}

/** "Read from AWS 2 min ago": how old the cached inventory is, ticking while the page stays open. */
export function InventoryAge({ at }: { at: string }) {
  return (
    <span className="text-xs text-slate-500 dark:text-slate-400">
      Read from AWS <TimeAgo at={at} />
    </span>
  );
}

export function RefreshButton({ onClick, pending, title = "Read the configuration from AWS again, bypassing gatecheck's cache" }: { onClick: () => void; pending: boolean; title?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={pending}
      title={title}
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
    >
      <span aria-hidden className={pending ? "inline-block animate-spin" : "inline-block"}>
        ↻
      </span>
      {pending ? "Refreshing…" : "Refresh"}
    </button>
  );
}
