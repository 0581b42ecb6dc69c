import { Suspense } from "react";
import { Overview } from "@/components/overview/overview";
import { LoadingState } from "@/components/ui/states";
import { defaultRegion } from "@/lib/api/params";

export const dynamic = "force-dynamic";

export default function HomePage() {
  return (
    <Suspense fallback={<LoadingState label="Loading…" />}>
      <Overview defaultRegion={defaultRegion()} />
    </Suspense>
  );
}
