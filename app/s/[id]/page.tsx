import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SnapshotView } from "@/components/snapshots/snapshot-view";
import { ApiError } from "@/lib/api/errors";
import { readSnapshot } from "@/lib/workflows/snapshots";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Frozen diagnosis — gatecheck", robots: { index: false } };

/** `/s/{id}`: a frozen diagnosis, read from the store on the server; an unknown or malformed id is a 404. */
export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const snapshot = await readSnapshot(id).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  });
  return <SnapshotView snapshot={snapshot} />;
}
