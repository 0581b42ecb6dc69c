import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import type { Diagnosis } from "@/lib/diagnosis/types";

/** The request as it should have been sent (key masked), what changed, and (live only) a way to send it; or why nothing changes. */
export function CorrectedRequest({ diagnosis, sendButton }: { diagnosis: Diagnosis; sendButton?: ReactNode }) {
  const corrected = diagnosis.correctedRequest;
  return (
    <section aria-labelledby="corrected-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="corrected-request">
      <h2 id="corrected-heading" className="font-semibold">
        {corrected ? "How it should have been sent" : "The request itself"}
      </h2>
      {corrected ? (
        <>
          <ul className="mt-2 space-y-1 text-sm" aria-label="Changes">
            {corrected.changes.map((change) => (
              <li key={change}>
                <span aria-hidden>→ </span>
                {change}
              </li>
            ))}
          </ul>
          <div className="mt-3 flex items-start gap-2">
            <pre aria-label="Corrected curl" className="min-w-0 flex-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2.5 font-mono text-xs text-slate-100 dark:bg-black/60">
              {corrected.curl}
            </pre>
            <CopyButton text={corrected.curl} label="Copy curl" />
          </div>
          <p className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
            The key is masked: put your own key back in before running the copy.{sendButton ? " Sending it from here uses the key you pasted." : ""}
          </p>
          {sendButton ? <div className="mt-3">{sendButton}</div> : null}
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          {diagnosis.verdict === "allowed"
            ? "Nothing to change: API Gateway lets this request through as sent."
            : diagnosis.verdict === "forbidden"
              ? "gatecheck has no change to suggest in the request itself: the fix above is in API Gateway's configuration (or needs what only you know, such as the key)."
              : "gatecheck could not judge every hop, so it suggests no change to the request."}
        </p>
      )}
    </section>
  );
}
