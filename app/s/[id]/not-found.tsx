import { snapshotStore } from "@/lib/share/store";
import { SnapshotGone } from "./gone";

export default function SnapshotNotFound() {
  return (
    <SnapshotGone
      message="No frozen diagnosis has this link."
      hint={`Check that the link was copied whole (its id is 24 characters). Snapshots are deleted after ${snapshotStore().retentionDays} days; if it was lost, freeze the diagnosis again from its live view.`}
    />
  );
}
