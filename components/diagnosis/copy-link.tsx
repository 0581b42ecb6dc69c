"use client";

import { useState } from "react";
import { diagnoseHref, type DiagnoseParams } from "@/lib/client/diagnose-url";

/** Copies a link that reproduces this view: the same call and the same, now fixed, log window. */
export function CopyLink({ params }: { params: DiagnoseParams }) {
  const [shown, setShown] = useState<{ url: string; copied: boolean } | null>(null);
  const copy = async () => {
    const url = `${window.location.origin}${diagnoseHref(params)}`;
    const copied = await navigator.clipboard.writeText(url).then(
      () => true,
      () => false,
    );
    setShown({ url, copied });
  };
  // Like Freeze: the button keeps its place; a link the clipboard refused opens in a panel below it.
  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => void copy()}
        className="min-w-24 whitespace-nowrap rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
        title="Copy a link to this exact diagnosis (it names the key by id, never by value)"
      >
        <span aria-live="polite">{shown?.copied ? "✓ Link copied" : "Copy link"}</span>
      </button>
      {shown ? (
        <div className="absolute right-0 top-full z-20 mt-2 w-80 max-w-[90vw] rounded-md border border-slate-200 bg-white p-2.5 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <span role="status" className="mb-1.5 block text-xs text-slate-600 dark:text-slate-400">
            {shown.copied ? "Copied. It names the key by id, never by value:" : "Copy this link:"}
          </span>
          <input
            readOnly
            aria-label="Link to this diagnosis"
            value={shown.url}
            onFocus={(e) => e.currentTarget.select()}
            className="w-full rounded border border-slate-300 bg-slate-50 px-1.5 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-800"
          />
        </div>
      ) : null}
    </div>
  );
}
