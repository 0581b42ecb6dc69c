"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { FetchError, postJson } from "@/lib/client/fetch-json";

interface Frozen {
  id: string;
  url: string;
  frozenAt: string;
}

/**
 * Freezes the diagnosis of this call (POST /api/v1/snapshots with the same body it was diagnosed from) and
 * shows the read-only link: it keeps saying what gatecheck saw now, whatever the configuration becomes.
 */
export function FreezeButton({ body }: { body: Record<string, string | boolean> }) {
  const freeze = useMutation({
    mutationFn: () => postJson<Frozen>("/api/v1/snapshots", body),
  });
  const frozen = freeze.data;
  // Only ever set after a click, so `window` exists.
  const absolute = frozen ? `${window.location.origin}${frozen.url}` : null;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="freeze">
      {frozen && absolute ? (
        <>
          <span role="status" className="text-xs font-medium text-emerald-800 dark:text-emerald-300">
            ✓ Frozen
          </span>
          <input
            readOnly
            aria-label="Link to the frozen diagnosis"
            value={absolute}
            onFocus={(e) => e.currentTarget.select()}
            className="w-64 rounded border border-slate-300 bg-slate-50 px-1.5 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-800"
          />
          <CopyButton text={absolute} label="Copy" />
          <Link href={frozen.url} className="text-sm font-medium text-sky-700 underline hover:no-underline dark:text-sky-300">
            Open
          </Link>
        </>
      ) : null}
      {freeze.isError ? (
        <span role="alert" className="max-w-md text-xs text-red-800 dark:text-red-200">
          ✕ Not frozen: {freeze.error instanceof FetchError ? `${freeze.error.body.code} — ${freeze.error.body.message} ${freeze.error.body.hint}` : String(freeze.error)}
        </span>
      ) : null}
      {frozen ? null : (
        <button
          type="button"
          onClick={() => freeze.mutate()}
          disabled={freeze.isPending}
          title="Save this diagnosis as it reads now, behind a read-only link (key values are never saved)"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          <span aria-hidden>❄ </span>
          {freeze.isPending ? "Freezing…" : "Freeze"}
        </button>
      )}
    </div>
  );
}
