import type { ReactNode } from "react";
import { FetchError } from "@/lib/client/fetch-json";

/** The error code of a failed preview, apply or undo (null when gatecheck gave no JSON error). */
export const errorCode = (error: Error): string | null => (error instanceof FetchError ? error.body.code : null);

/** A refused or failed write, as the JSON API explains it (what happened, then what to do), with the actions that help. */
export function FixError({ error, title, children }: { error: Error; title: string; children?: ReactNode }) {
  const body = error instanceof FetchError ? error.body : { code: "ERROR", message: error.message, hint: "Try again, or refresh the page.", link: undefined };
  return (
    <div role="alert" data-error-code={body.code} className="mt-3 rounded-md border-2 border-dashed border-red-500 bg-red-50 p-3 text-sm dark:bg-red-950/40">
      <p className="font-semibold text-red-900 dark:text-red-100">
        <span className="mr-2 rounded bg-red-700 px-1.5 py-0.5 font-mono text-xs text-white">{body.code}</span>
        {title}
      </p>
      {/* A stale fix lists what changed, one line each. */}
      <p className="mt-1.5 whitespace-pre-line text-red-900 dark:text-red-100">{body.message}</p>
      <p className="mt-1.5 text-red-900 dark:text-red-100">
        {body.hint}
        {body.link ? (
          <>
            {" "}
            <a href={body.link} target="_blank" rel="noreferrer" className="underline hover:no-underline">
              More about this error
            </a>
          </>
        ) : null}
      </p>
      {children ? <div className="mt-2.5 flex flex-wrap items-center gap-3">{children}</div> : null}
    </div>
  );
}

/** A title for a write that failed, by its error code; AWS's own refusals (AWS_CONFLICT…) are explained by the message. */
export function errorTitle(error: Error, what: "preview" | "apply" | "undo"): string {
  switch (errorCode(error)) {
    case "FIX_STALE":
      return "AWS changed since this preview: nothing was applied.";
    case "FIX_NOT_NEEDED":
      return "Nothing to fix any more: someone already fixed it.";
    case "UNDO_STALE":
      return "The resource changed since the fix: nothing was undone.";
    case "WRITE_MODE_OFF":
      return "Fixes from the dashboard are off on this server.";
    case "ROLE_REQUIRED":
      return "Your role may not change AWS from here.";
    case "AWS_CONFLICT":
      return "AWS refused the change.";
    default:
      return what === "preview" ? "The preview failed." : what === "apply" ? "Apply failed." : "Undo failed.";
  }
}

export const secondaryButton =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800";
export const primaryButton = "rounded-md bg-sky-700 px-4 py-1.5 text-sm font-semibold text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-60";
