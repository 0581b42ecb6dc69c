"use client";

import { useEffect, useState } from "react";

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 10) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

/** "Read from AWS 2 min ago": how old the cached inventory is, ticking while the page stays open. */
export function InventoryAge({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 10_000);
    return () => clearInterval(timer);
  }, []);
  const time = new Date(at);
  return (
    <span className="text-xs text-slate-500 dark:text-slate-400" title={time.toISOString()}>
      Read from AWS <time dateTime={at}>{ago(now - time.getTime())}</time>
    </span>
  );
}

export function RefreshButton({ onClick, pending }: { onClick: () => void; pending: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={pending}
      title="Read the configuration from AWS again, bypassing gatecheck's cache"
      className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
    >
      <span aria-hidden className={pending ? "inline-block animate-spin" : "inline-block"}>↻</span>
      {pending ? "Refreshing…" : "Refresh"}
    </button>
  );
}
