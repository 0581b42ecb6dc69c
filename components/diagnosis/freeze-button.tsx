"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { FetchError, postJson } from "@/lib/client/fetch-json";
import { useRoleGap } from "@/lib/client/viewer";

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
  const roleGap = useRoleGap("responder", "Freezing a diagnosis");
  // Only ever set after a click, so `window` exists.
  const absolute = frozen ? `${window.location.origin}${frozen.url}` : null;
  // The button keeps its place and size; the link opens in a panel below it, so the toolbar never wraps or shifts.
  return (
    <div className="relative" data-testid="freeze">
      <button
        type="button"
        onClick={() => freeze.mutate()}
        disabled={freeze.isPending || frozen !== undefined || roleGap !== null}
        title={roleGap ?? "Save this diagnosis as it reads now, behind a read-only link (key values are never saved)"}
        className="min-w-24 whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:cursor-default disabled:opacity-80 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        <span aria-hidden>{frozen ? "✓ " : "❄ "}</span>
        {freeze.isPending ? "Freezing…" : frozen ? "Frozen" : "Freeze"}
      </button>
      {(frozen && absolute) || freeze.isError ? (
        <div className="absolute right-0 top-full z-20 mt-2 w-80 max-w-[90vw] space-y-2 rounded-md border border-slate-200 bg-white p-2.5 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {frozen && absolute ? (
            <>
              <span role="status" className="block text-xs font-medium text-emerald-800 dark:text-emerald-300">
                ✓ Frozen: this link keeps showing the diagnosis as it reads now.
              </span>
              <div className="flex items-center gap-2">
                <input
                  readOnly
                  aria-label="Link to the frozen diagnosis"
                  value={absolute}
                  onFocus={(e) => e.currentTarget.select()}
                  className="min-w-0 flex-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-800"
                />
                <CopyButton text={absolute} label="Copy" />
                <Link href={frozen.url} className="text-sm font-medium text-sky-700 underline hover:no-underline dark:text-sky-300">
                  Open
                </Link>
              </div>
            </>
          ) : (
            <span role="alert" className="block text-xs text-red-800 dark:text-red-200">
              ✕ Not frozen: {freeze.error instanceof FetchError ? `${freeze.error.body.code} — ${freeze.error.body.message} ${freeze.error.body.hint}` : String(freeze.error)}
            </span>
          )}
        </div>
      ) : null}
    </div>
  );
}
