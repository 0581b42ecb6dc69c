import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { DiagnoseView } from "@/components/diagnosis/diagnose-view";
import { DiagnosisProgress } from "@/components/diagnosis/diagnosis-progress";
import { LoadingState } from "@/components/ui/states";
import { defaultRegion } from "@/lib/api/params";
import { diagnosisTitle } from "@/lib/client/diagnose-url";
import { firstDiagnosis, type FirstDiagnosis } from "@/lib/workflows/prefetch";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `x-gatecheck-prefetch: off` keeps the client-only path, for the bench to compare first paints in one run. */
async function started(props: Props): Promise<FirstDiagnosis | null> {
  if ((await headers()).get("x-gatecheck-prefetch") === "off") return null;
  const search = new URLSearchParams(Object.entries(await props.searchParams).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  return firstDiagnosis(search.toString());
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const diagnosis = await (await started(props))?.diagnosis;
  return { title: diagnosis ? diagnosisTitle(diagnosis) : "Diagnosis — gatecheck" };
}

/** The view with the server's diagnosis already in TanStack Query's cache. */
async function Prefetched({ first }: { first: FirstDiagnosis }) {
  const diagnosis = await first.diagnosis;
  const queryClient = new QueryClient();
  if (diagnosis) queryClient.setQueryData(["diagnose", first.apiQuery], diagnosis);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <DiagnoseView defaultRegion={defaultRegion()} />
    </HydrationBoundary>
  );
}

export default async function DiagnosePage(props: Props) {
  const first = await started(props);
  if (!first) {
    return (
      <Suspense fallback={<LoadingState label="Loading…" />}>
        <DiagnoseView defaultRegion={defaultRegion()} />
      </Suspense>
    );
  }
  // The page streams: each part of the reading shows as it completes, then the diagnosis replaces them.
  return (
    <Suspense fallback={<DiagnosisProgress steps={first.steps} />}>
      <Prefetched first={first} />
    </Suspense>
  );
}
