import type { ReactNode } from "react";
import type { FetchError } from "@/lib/client/fetch-json";
import type { ReadGap } from "@/lib/inventory/types";

export function LoadingState({ label }: { label: string }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white p-6 text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300"
    >
      <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600" />
      {label}
    </div>
  );
}

/** A failed request as the JSON API explains it: code, what went wrong, the hint that fixes it. */
export function ErrorState({ error, title, action }: { error: FetchError | Error; title?: string; action?: ReactNode }) {
  const body: { code: string; message: string; hint: string; field?: string; link?: string } = "body" in error ? error.body : { code: "ERROR", message: error.message, hint: "Refresh the page." };
  return (
    <div role="alert" className="rounded-lg border-2 border-dashed border-red-500 bg-red-50 p-6 dark:bg-red-950/40">
      {title ? <p className="mb-2 text-lg font-semibold text-red-900 dark:text-red-100">{title}</p> : null}
      <p className="font-semibold text-red-800 dark:text-red-200">
        <span className="mr-2 rounded bg-red-700 px-1.5 py-0.5 font-mono text-xs text-white">{body.code}</span>
        {body.message}
      </p>
      <p className="mt-2 text-sm text-red-900 dark:text-red-100">
        {body.field ? (
          <>
            Field <code className="rounded bg-red-100 px-1 font-mono dark:bg-red-900/60">{body.field}</code>.{" "}
          </>
        ) : null}
        {body.hint}
        {body.link ? (
          <>
            {" "}
            <a href={body.link} target="_blank" rel="noreferrer" className="underline">
              More about this error
            </a>
          </>
        ) : null}
      </p>
      {action ? <div className="mt-4 flex flex-wrap gap-3">{action}</div> : null}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-600 dark:text-slate-400">{children}</div> : null}
    </div>
  );
}

export function Badge({ tone, children, title }: { tone: "ok" | "warn" | "bad" | "muted"; children: ReactNode; title?: string }) {
  const tones = {
    ok: "border-emerald-600/40 bg-emerald-50 text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200",
    warn: "border-amber-600/50 bg-amber-50 text-amber-900 dark:bg-amber-950/50 dark:text-amber-200",
    bad: "border-red-600/60 border-dashed bg-red-50 text-red-800 dark:bg-red-950/50 dark:text-red-200",
    muted: "border-slate-400/40 bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  } as const;
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

/**
 * AWS reads that failed, each kind said once however many panels or APIs it hit (one denied GetStages
 * across 30 APIs is one note, not 30): what is missing, so the rest is read with that in mind.
 */
export function ReadGapNotes({ gaps }: { gaps: ReadGap[] }) {
  const byKind = new Map<string, { gap: ReadGap; count: number }>();
  for (const gap of gaps) {
    const id = `${gap.operation} ${gap.code}`;
    const seen = byKind.get(id);
    byKind.set(id, { gap: seen?.gap ?? gap, count: (seen?.count ?? 0) + 1 });
  }
  return [...byKind.entries()].map(([id, { gap, count }]) => (
    <p key={id} role="note" className="rounded-md border border-dashed border-amber-500 bg-amber-50 p-3 text-sm dark:bg-amber-950/40">
      <strong>⚠ Partly unreadable:</strong>{" "}
      {gap.operation === "AssumeRole" ? (
        <>
          gatecheck could not assume this account&apos;s role (<code className="font-mono">{gap.action}</code>, {gap.code}). The role&apos;s trust policy must name gatecheck&apos;s principal, and its
          external id must match <code className="font-mono">gatecheck.config.json</code> (see <code className="font-mono">iam/gatecheck-member-role.cfn.json</code>).
        </>
      ) : gap.kind === "access-denied" ? (
        <>
          gatecheck&apos;s credentials may not call {gap.operation}
          {count > 1 ? ` (${count} reads)` : ""} — missing <code className="font-mono">{gap.action}</code>. Attach gatecheck&apos;s read-only IAM policy.
        </>
      ) : (
        <>
          AWS did not answer {gap.operation}
          {count > 1 ? ` (${count} reads)` : ""} ({gap.code}). Refresh in a few seconds.
        </>
      )}
    </p>
  ));
}
