import "server-only";
import { ApiError } from "@/lib/api/errors";
import { maskSecrets } from "@/lib/logs/mask";
import { SnapshotStoreError, snapshotStore, type Snapshot } from "@/lib/share/store";
import { diagnoseCall, type DiagnoseInput } from "./diagnose";

/** `POST /api/v1/snapshots`: diagnoses the call now and freezes the result; the key values used stay out. */
export async function freezeDiagnosis(input: DiagnoseInput, secrets: string[]): Promise<Snapshot & { url: string }> {
  const diagnosis = await diagnoseCall(input);
  // The diagnosis is masked already; this is the last guard before anything is written to disk.
  const clean = JSON.parse(maskSecrets(JSON.stringify(diagnosis), secrets)) as typeof diagnosis;
  try {
    const snapshot = await snapshotStore().put(clean);
    return { ...snapshot, url: `/s/${snapshot.id}` };
  } catch (err) {
    if (!(err instanceof SnapshotStoreError)) throw err;
    const status = err.reason === "too-large" ? 413 : 507;
    throw new ApiError(status, `SNAPSHOT_${err.reason.toUpperCase().replace("-", "_")}`, err.message, err.reason === "unwritable" ? "Set GATECHECK_DATA_DIR to a writable directory." : "Delete old snapshots or raise GATECHECK_SNAPSHOTS_MAX_TOTAL_BYTES.");
  }
}

/** `GET /api/v1/snapshots/{id}`. */
export async function readSnapshot(id: string): Promise<Snapshot> {
  const snapshot = await snapshotStore().get(id);
  if (!snapshot) throw new ApiError(404, "SNAPSHOT_NOT_FOUND", "No frozen diagnosis has this id.", "Check the link; ids are 24 characters. Freeze the diagnosis again if it was lost.", { field: "id" });
  return snapshot;
}
