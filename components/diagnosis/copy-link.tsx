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
  return (
    <div className="flex items-center gap-2">
      {shown ? (
        <>
          <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
            {shown.copied ? "✓ Link copied" : "Copy this link:"}
          </span>
          <input
            readOnly
            aria-label="Link to this diagnosis"
            value={shown.url}
            onFocus={(e) => e.currentTarget.select()}
            className="w-56 rounded border border-slate-300 bg-slate-50 px-1.5 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-800"
          />
        </>
      ) : null}
      <button
        type="button"
        onClick={() => void copy()}
        className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
        title="Copy a link to this exact diagnosis (it names the key by id, never by value)"
      >
        Copy link
      </button>
    </div>
  );
}
