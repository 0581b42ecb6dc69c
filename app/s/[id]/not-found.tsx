import Link from "next/link";
import { EmptyState } from "@/components/ui/states";
import { snapshotStore } from "@/lib/share/store";

export default function SnapshotNotFound() {
  return (
    <EmptyState title="No frozen diagnosis has this link.">
      <p>
        Check that the link was copied whole (its id is 24 characters). Snapshots are deleted after {snapshotStore().retentionDays} days; if it was lost, freeze the diagnosis again from its
        live view.
      </p>
      <p className="mt-3">
        <Link href="/" className="font-medium text-sky-700 underline dark:text-sky-300">
          ← Back to the APIs
        </Link>
      </p>
    </EmptyState>
  );
}
