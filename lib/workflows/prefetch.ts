import "server-only";
import { cache } from "react";
import { withAccount } from "@/lib/accounts/context";
import { defaultRegion, diagnoseQuery } from "@/lib/api/params";
import { diagnoseSearch, readDiagnoseParams } from "@/lib/client/diagnose-url";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { DIAGNOSE_STEPS, diagnoseCall, type DiagnoseStep } from "./diagnose";

export interface FirstDiagnosis {
  /** The query of `GET /api/v1/diagnose` this diagnosis answers: TanStack Query's key on the client. */
  apiQuery: string;
  /** Each part of the reading, settled when it completes (streamed to the page as progress). */
  steps: Record<DiagnoseStep, Promise<void>>;
  /** Null when it fails: the client then asks itself and shows the error as usual. */
  diagnosis: Promise<Diagnosis | null>;
}

/**
 * The diagnosis a `/diagnose` page opens with, read on the server so the first paint needs no second round
 * trip; null when the URL names no complete call. Started once per request, so the page, its progress and
 * its title share one reading.
 */
export const firstDiagnosis = cache((search: string): FirstDiagnosis | null => {
  const params = readDiagnoseParams(new URLSearchParams(search), defaultRegion());
  if (!params.api || (params.path === null && params.stage !== null)) return null;
  const apiQuery = diagnoseSearch(params);
  const parsed = diagnoseQuery.safeParse(Object.fromEntries(new URLSearchParams(apiQuery)));
  if (!parsed.success) return null;
  const done = {} as Record<DiagnoseStep, () => void>;
  const steps = Object.fromEntries(DIAGNOSE_STEPS.map((step) => [step, new Promise<void>((resolve) => (done[step] = resolve))])) as Record<DiagnoseStep, Promise<void>>;
  // Read in the link's account, as GET /api/v1/diagnose would (an unknown account fails here and again, explained, on the client).
  const diagnosis = Promise.resolve()
    .then(() => withAccount(params.account ?? undefined, () => diagnoseCall({ ...parsed.data, region: parsed.data.region ?? defaultRegion(), onStep: (step) => done[step]() })))
    .then(
      (d) => d,
      () => null,
    );
  // A failed reading ends every step, so no progress line waits forever.
  void diagnosis.then(() => DIAGNOSE_STEPS.forEach((step) => done[step]()));
  return { apiQuery, steps, diagnosis };
});
