import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { Suspense } from "react";
import { DiagnoseView } from "@/components/diagnosis/diagnose-view";
import { LoadingState } from "@/components/ui/states";
import { defaultRegion } from "@/lib/api/params";
import { diagnosisTitle } from "@/lib/client/diagnose-url";
import { firstDiagnosis } from "@/lib/workflows/prefetch";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const searchOf = async (props: Props) =>
  new URLSearchParams(Object.entries(await props.searchParams).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []))).toString();

/** `x-gatecheck-prefetch: off` keeps the client-only path, for the bench to compare first paints in one run. */
const prefetching = async () => (await headers()).get("x-gatecheck-prefetch") !== "off";

export async function generateMetadata(props: Props): Promise<Metadata> {
  const first = (await prefetching()) ? await firstDiagnosis(await searchOf(props)) : null;
  return { title: first ? diagnosisTitle(first.diagnosis) : "Diagnosis — gatecheck" };
}

export default async function DiagnosePage(props: Props) {
  const queryClient = new QueryClient();
  const first = (await prefetching()) ? await firstDiagnosis(await searchOf(props)) : null;
  if (first) queryClient.setQueryData(["diagnose", first.apiQuery], first.diagnosis);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <Suspense fallback={<LoadingState label="Loading…" />}>
        <DiagnoseView defaultRegion={defaultRegion()} />
      </Suspense>
    </HydrationBoundary>
  );
}
