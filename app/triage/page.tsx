import type { Metadata } from "next";
import { Suspense } from "react";
import { TriageView } from "@/components/triage/triage-view";
import { LoadingState } from "@/components/ui/states";
import { defaultRegion } from "@/lib/api/params";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Triage — gatecheck" };

export default function TriagePage() {
  return (
    <Suspense fallback={<LoadingState label="Loading…" />}>
      <TriageView defaultRegion={defaultRegion()} />
    </Suspense>
  );
}
