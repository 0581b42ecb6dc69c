import type { Metadata } from "next";
import { Suspense } from "react";
import { DiagnoseView } from "@/components/diagnosis/diagnose-view";
import { LoadingState } from "@/components/ui/states";
import { defaultRegion } from "@/lib/api/params";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Diagnosis — gatecheck" };

export default function DiagnosePage() {
  return (
    <Suspense fallback={<LoadingState label="Loading…" />}>
      <DiagnoseView defaultRegion={defaultRegion()} />
    </Suspense>
  );
}
