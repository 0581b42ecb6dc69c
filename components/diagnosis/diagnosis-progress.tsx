import { Suspense } from "react";
import type { DiagnoseStep } from "@/lib/workflows/diagnose";

const LABELS: Record<DiagnoseStep, { reading: string; done: string }> = {
  configuration: { reading: "Reading the API, its stages, routes and the key…", done: "API, stages, routes and key read" },
  deployment: { reading: "Reading the deployment and the usage plans…", done: "Deployment and usage plans read" },
  logs: { reading: "Reading the execution logs…", done: "Execution logs read" },
};

async function Done({ step, settled }: { step: DiagnoseStep; settled: Promise<void> }) {
  await settled;
  return (
    <li data-step={step} data-state="done">
      <span aria-hidden className="mr-2 text-emerald-700 dark:text-emerald-400">
        ✓
      </span>
      {LABELS[step].done}
    </li>
  );
}

/** What the server is reading for the first diagnosis, each step streamed to the page as it completes. */
export function DiagnosisProgress({ steps }: { steps: Record<DiagnoseStep, Promise<void>> }) {
  return (
    <section role="status" aria-live="polite" aria-label="Reading from AWS" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-base font-semibold">Diagnosing…</h1>
      <ol className="mt-2 space-y-1 text-sm">
        {(Object.keys(LABELS) as DiagnoseStep[]).map((step) => (
          <Suspense
            key={step}
            fallback={
              <li data-step={step} data-state="reading" className="text-slate-600 dark:text-slate-400">
                <span aria-hidden className="mr-2 inline-block animate-pulse">
                  …
                </span>
                {LABELS[step].reading}
              </li>
            }
          >
            <Done step={step} settled={steps[step]} />
          </Suspense>
        ))}
      </ol>
    </section>
  );
}
