import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SnapshotView } from "@/components/snapshots/snapshot-view";
import { ApiError } from "@/lib/api/errors";
import { readSnapshot } from "@/lib/workflows/snapshots";
import { SnapshotGone } from "./gone";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Frozen diagnosis — gatecheck", robots: { index: false } };

/** `/s/{id}`: a frozen diagnosis, read from the store on the server; an unknown or malformed id is a 404, an expired or unreadable one a sentence. */
export default async function SnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const read = await readSnapshot(id).then(
    (snapshot) => ({ snapshot }),
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 404) notFound();
      if (err instanceof ApiError && err.status === 410) return { gone: err };
      throw err;
    },
  );
  return "gone" in read ? <SnapshotGone message={read.gone.message} hint={read.gone.hint} /> : <SnapshotView snapshot={read.snapshot} />;
}
