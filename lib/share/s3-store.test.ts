// The S3 store of frozen diagnoses, through the real SDK against the simulator's S3: round trip, encryption asked
// for, missing, damaged and expired objects, a bucket that does not exist, and what its errors let out.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeEach, describe, expect, it } from "vitest";
import { SAMPLE_DIAGNOSIS } from "@/test/sample-diagnosis";
import { addBucket } from "@/sim/state";
import { simulatorForFile } from "@/test/sim-env";
import { S3SnapshotStore, SnapshotStoreError, type Snapshot } from "./store";

const BUCKET = "gatecheck-snapshots-test";
const DAY_MS = 24 * 60 * 60 * 1000;
const sim = simulatorForFile({ replayTraffic: false });

const diagnosis = SAMPLE_DIAGNOSIS;

const storeOf = (bucket = BUCKET, kmsKeyId: string | null = null, maxSnapshotBytes = 1 << 20) =>
  new S3SnapshotStore({ bucket, prefix: "gatecheck/", kmsKeyId }, { maxSnapshotBytes, retentionDays: 30 });
const objects = () => sim().sim.state.s3Buckets.get(BUCKET)!.objects;
/** Writes an object as another writer (or a damaged disk) would, under the store's key for `id`. */
const putRaw = (id: string, body: string) => sim().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `gatecheck/snapshots/${id}.json`, Body: body }));

beforeEach(() => {
  sim().sim.load([]);
  expect(addBucket(sim().sim.state, BUCKET, "us-east-1", Date.now())).toBeNull();
});

describe("S3SnapshotStore", () => {
  it("a snapshot frozen through one store opens through another on the same bucket (two instances)", async () => {
    const snapshot = await storeOf().put(diagnosis);
    const read = await storeOf().get(snapshot.id);
    expect(read).toEqual({ status: "found", snapshot });
    expect([...objects().keys()]).toEqual([`gatecheck/snapshots/${snapshot.id}.json`]);
  });

  it("asks for SSE-S3 by default, and SSE-KMS with the configured key", async () => {
    const plain = await storeOf().put(diagnosis);
    expect(objects().get(`gatecheck/snapshots/${plain.id}.json`)).toMatchObject({ serverSideEncryption: "AES256", contentType: "application/json" });
    const kms = await storeOf(BUCKET, "alias/gatecheck").put(diagnosis);
    expect(objects().get(`gatecheck/snapshots/${kms.id}.json`)).toMatchObject({ serverSideEncryption: "aws:kms", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:alias/gatecheck" });
  });

  it("an id with no object is missing; an id of the wrong shape is missing without asking S3", async () => {
    sim().sim.stats.reset();
    expect(await storeOf().get("A".repeat(24))).toEqual({ status: "missing" });
    expect(await storeOf().get("../../etc/passwd")).toEqual({ status: "missing" });
    expect(sim().sim.stats.byOperation.get("GetObject")).toBe(1);
  });

  it("a damaged object, or one holding another id, is unreadable", async () => {
    await putRaw("B".repeat(24), '{"id": "BBBB');
    expect(await storeOf().get("B".repeat(24))).toEqual({ status: "unreadable" });
    const other = await storeOf().put(diagnosis);
    await putRaw("C".repeat(24), JSON.stringify(other satisfies Snapshot));
    expect(await storeOf().get("C".repeat(24))).toEqual({ status: "unreadable" });
  });

  it("a snapshot older than the retention days is expired (S3 keeps it until the bucket's lifecycle rule deletes it)", async () => {
    const id = "D".repeat(24);
    await putRaw(id, JSON.stringify({ id, frozenAt: new Date(Date.now() - 31 * DAY_MS).toISOString(), diagnosis }));
    expect(await storeOf().get(id)).toEqual({ status: "expired", retentionDays: 30 });
  });

  it("keeps the per-snapshot cap of the file store", async () => {
    await expect(storeOf(BUCKET, null, 100).put(diagnosis)).rejects.toMatchObject({ reason: "too-large" });
    expect(objects().size).toBe(0);
  });

  it("a bucket that does not exist: unwritable and unreadable, naming the setting and AWS's error, never the bucket", async () => {
    const store = storeOf("no-such-gatecheck-bucket");
    const err = await store.put(diagnosis).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotStoreError);
    expect((err as SnapshotStoreError).reason).toBe("unwritable");
    expect((err as Error).message).toBe("The snapshot store (GATECHECK_S3_BUCKET) is not writable (NoSuchBucket).");
    expect(await store.get("E".repeat(24))).toEqual({ status: "unreadable" });
  });

  it("reads refused by IAM are unreadable, writes unwritable", async () => {
    sim().sim.faults = { ...sim().sim.faults, deny: ["GetObject", "PutObject"] };
    try {
      await expect(storeOf().put(diagnosis)).rejects.toThrow("(AccessDenied)");
      expect(await storeOf().get("F".repeat(24))).toEqual({ status: "unreadable" });
    } finally {
      sim().sim.faults = { ...sim().sim.faults, deny: [] };
    }
  });
});
