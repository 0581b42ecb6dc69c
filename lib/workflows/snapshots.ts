import "server-only";
import { ApiError } from "@/lib/api/errors";
import { redactSecrets } from "@/lib/logs/mask";
import { SnapshotStoreError, snapshotStore, type Snapshot } from "@/lib/share/store";
import { diagnoseCall, type DiagnoseInput } from "./diagnose";

const FREEZE_AGAIN = "Freeze the diagnosis again from its live view for a new link.";

/** `POST /api/v1/snapshots`: diagnoses the call now and freezes the result; the key values used stay out. */
export async function freezeDiagnosis(input: DiagnoseInput, secrets: readonly string[]): Promise<Snapshot & { url: string }> {
  const diagnosis = await diagnoseCall(input);
  // The diagnosis is masked already; this is the last guard before anything is written to disk.
  const clean = redactSecrets(diagnosis, secrets);
  const store = snapshotStore();
  try {
    const snapshot = await store.put(clean);
    return { ...snapshot, url: `/s/${snapshot.id}` };
  } catch (err) {
    if (!(err instanceof SnapshotStoreError)) throw err;
    const status = err.reason === "too-large" ? 413 : 507;
    const hint = err.reason === "unwritable" ? store.location.fix : "Delete old snapshots, shorten GATECHECK_SNAPSHOT_RETENTION_DAYS or raise GATECHECK_SNAPSHOTS_MAX_TOTAL_BYTES.";
    throw new ApiError(status, `SNAPSHOT_${err.reason.toUpperCase().replace("-", "_")}`, err.message, hint);
  }
}

/** `GET /api/v1/snapshots/{id}` and `/s/{id}`: 404 for an id that names nothing, 410 for a snapshot that expired or cannot be read. */
export async function readSnapshot(id: string): Promise<Snapshot> {
  const store = snapshotStore();
  const read = await store.get(id);
  switch (read.status) {
    case "found":
      return read.snapshot;
    case "missing":
      throw new ApiError(
        404,
        "SNAPSHOT_NOT_FOUND",
        "No frozen diagnosis has this id.",
        `Check the link (ids are 24 characters). Snapshots are deleted after ${store.retentionDays} days; freeze the diagnosis again from its live view for a new link.`,
        { field: "id" },
      );
    case "expired":
      throw new ApiError(410, "SNAPSHOT_EXPIRED", `This frozen diagnosis expired after ${read.retentionDays} days (GATECHECK_SNAPSHOT_RETENTION_DAYS).`, FREEZE_AGAIN);
    case "unreadable":
      throw new ApiError(
        410,
        "SNAPSHOT_UNREADABLE",
        `This frozen diagnosis can no longer be read from the snapshot store (${store.location.setting}): it is damaged or the store is unavailable.`,
        `${FREEZE_AGAIN} If freezing fails too: ${store.location.fix}`,
      );
  }
}
