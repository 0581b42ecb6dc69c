// The file store of frozen diagnoses: what it does with damaged files, a misplaced data dir, racing writers and old snapshots.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SAMPLE_DIAGNOSIS } from "@/test/sample-diagnosis";
import { FileSnapshotStore, type Snapshot } from "./store";

const DAY_MS = 24 * 60 * 60 * 1000;

const diagnosis = SAMPLE_DIAGNOSIS;

/** Every snapshot of `diagnosis` has this many bytes: ids and ISO times have fixed lengths. */
const SNAPSHOT_BYTES = Buffer.byteLength(JSON.stringify({ id: "x".repeat(24), frozenAt: new Date().toISOString(), diagnosis }));

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-store-"));
const storeIn = (dir: string, room: number, retentionDays = 30) => new FileSnapshotStore(dir, { maxSnapshotBytes: 1 << 20, maxTotalBytes: Math.floor((room + 0.5) * SNAPSHOT_BYTES), retentionDays });
const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith(".json"));

/** Makes a stored snapshot look `days` old, as its content and its file's time say. */
function age(dir: string, snapshot: Snapshot, days: number): void {
  const file = path.join(dir, `${snapshot.id}.json`);
  const then = new Date(Date.now() - days * DAY_MS);
  fs.writeFileSync(file, JSON.stringify({ ...snapshot, frozenAt: then.toISOString() }));
  fs.utimesSync(file, then, then);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("FileSnapshotStore", () => {
  it("reads back what it wrote", async () => {
    const store = storeIn(tempDir(), 1);
    const snapshot = await store.put(diagnosis);
    expect(await store.get(snapshot.id)).toEqual({ status: "found", snapshot });
  });

  it.each([
    ["empty", ""],
    ["truncated", JSON.stringify({ id: "A".repeat(24), frozenAt: new Date().toISOString(), diagnosis }).slice(0, 300)],
    ["not an object", "[1, 2, 3]"],
    ["null", "null"],
    ["without a diagnosis", JSON.stringify({ id: "A".repeat(24), frozenAt: new Date().toISOString() })],
    ["a diagnosis without hops or chain", JSON.stringify({ id: "A".repeat(24), frozenAt: new Date().toISOString(), diagnosis: { verdict: "forbidden" } })],
    ["an unknown verdict", JSON.stringify({ id: "A".repeat(24), frozenAt: new Date().toISOString(), diagnosis: { ...diagnosis, verdict: "maybe" } })],
    ["a frozenAt that is no time", JSON.stringify({ id: "A".repeat(24), frozenAt: "yesterday", diagnosis })],
  ])("a snapshot file that is %s reads as unreadable, not as an exception", async (_, text) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, `${"A".repeat(24)}.json`), text);
    expect(await storeIn(dir, 1).get("A".repeat(24))).toEqual({ status: "unreadable" });
  });

  it("an id with no file is missing", async () => {
    expect(await storeIn(tempDir(), 1).get("B".repeat(24))).toEqual({ status: "missing" });
  });

  it("a data dir that is a file: reads are unreadable, writes are unwritable, and no error names the path", async () => {
    const file = path.join(tempDir(), "data");
    fs.writeFileSync(file, "not a directory");
    const store = storeIn(path.join(file, "snapshots"), 1);
    expect(await store.get("C".repeat(24))).toEqual({ status: "unreadable" });
    const err = await store.put(diagnosis).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ reason: "unwritable" });
    expect((err as Error).message).toMatch(/snapshot store \(GATECHECK_DATA_DIR\)/);
    expect((err as Error).message).not.toContain(os.tmpdir());
    expect((err as Error).message).not.toContain("/");
  });

  it("60 concurrent puts with room for 9 write exactly 9", async () => {
    const dir = tempDir();
    const store = storeIn(dir, 9);
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => store.put(diagnosis)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(9);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(51);
    for (const r of refused) expect(r.reason).toMatchObject({ reason: "full" });
    expect(jsonFiles(dir)).toHaveLength(9);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("counts what is already on disk when it starts", async () => {
    const dir = tempDir();
    await storeIn(dir, 2).put(diagnosis);
    await storeIn(dir, 2).put(diagnosis);
    await expect(storeIn(dir, 2).put(diagnosis)).rejects.toMatchObject({ reason: "full" });
    expect(jsonFiles(dir)).toHaveLength(2);
  });

  it("a snapshot older than the retention period reads as expired, and the next put deletes it and reuses its room", async () => {
    const dir = tempDir();
    const old = await storeIn(dir, 1, 7).put(diagnosis);
    age(dir, old, 8);
    const store = storeIn(dir, 1, 7);
    expect(await store.get(old.id)).toEqual({ status: "expired", retentionDays: 7 });

    const fresh = await store.put(diagnosis);
    expect(jsonFiles(dir)).toEqual([`${fresh.id}.json`]);
    expect(await store.get(old.id)).toEqual({ status: "missing" });
  });

  it("a snapshot that expires while the server runs stops counting toward the cap", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const dir = tempDir();
    const store = storeIn(dir, 1, 30);
    const first = await store.put(diagnosis);
    await expect(store.put(diagnosis)).rejects.toMatchObject({ reason: "full" });

    vi.setSystemTime(Date.now() + 31 * DAY_MS);
    expect(await store.get(first.id)).toEqual({ status: "expired", retentionDays: 30 });
    const second = await store.put(diagnosis);
    expect(jsonFiles(dir)).toEqual([`${second.id}.json`]);
  });

  it("a full store looks for expired snapshots before refusing, without waiting for the minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const dir = tempDir();
    const store = storeIn(dir, 1, 10_000 / DAY_MS);
    await store.put(diagnosis);
    vi.setSystemTime(Date.now() + 11_000);
    const second = await store.put(diagnosis);
    expect(jsonFiles(dir)).toEqual([`${second.id}.json`]);
  });

  it("re-reads the disk at most once a minute, so snapshots deleted by hand free their room", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const dir = tempDir();
    const store = storeIn(dir, 1);
    const first = await store.put(diagnosis);
    fs.rmSync(path.join(dir, `${first.id}.json`));
    // The running total is trusted between sweeps: no directory listing on every put.
    await expect(store.put(diagnosis)).rejects.toMatchObject({ reason: "full" });

    vi.setSystemTime(Date.now() + 61_000);
    await store.put(diagnosis);
    expect(jsonFiles(dir)).toHaveLength(1);
  });
});
