import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Diagnosis } from "@/lib/diagnosis/types";

/** A diagnosis frozen for a share link: what it said, and when. */
export interface Snapshot {
  id: string;
  frozenAt: string;
  diagnosis: Diagnosis;
}

/** Where snapshots live. Files by default; an S3 bucket can implement the same two calls for several instances. */
export interface SnapshotStore {
  put(diagnosis: Diagnosis): Promise<Snapshot>;
  get(id: string): Promise<Snapshot | null>;
}

export class SnapshotStoreError extends Error {
  constructor(
    readonly reason: "full" | "too-large" | "unwritable",
    message: string,
  ) {
    super(message);
    this.name = "SnapshotStoreError";
  }
}

/** 144 random bits, URL-safe: unguessable, and checked by shape before any file is touched. */
export const SNAPSHOT_ID = /^[A-Za-z0-9_-]{24}$/;
const newId = () => randomBytes(18).toString("base64url");

export class FileSnapshotStore implements SnapshotStore {
  constructor(
    private readonly dir: string,
    private readonly limits: { maxSnapshotBytes: number; maxTotalBytes: number },
  ) {}

  async put(diagnosis: Diagnosis): Promise<Snapshot> {
    const snapshot: Snapshot = { id: newId(), frozenAt: new Date().toISOString(), diagnosis };
    const text = JSON.stringify(snapshot);
    const size = Buffer.byteLength(text);
    if (size > this.limits.maxSnapshotBytes) throw new SnapshotStoreError("too-large", `The diagnosis is ${Math.ceil(size / 1024)} KiB; snapshots are capped at ${Math.floor(this.limits.maxSnapshotBytes / 1024)} KiB.`);
    try {
      await fs.mkdir(this.dir, { recursive: true });
      if ((await this.totalBytes()) + size > this.limits.maxTotalBytes) throw new SnapshotStoreError("full", "The snapshot store is full.");
      // Written whole under a temporary name, then renamed: a reader never sees half a file.
      const file = this.fileOf(snapshot.id);
      const temporary = `${file}.${process.pid}.${newId()}.tmp`;
      await fs.writeFile(temporary, text, { flag: "wx" });
      await fs.rename(temporary, file);
    } catch (err) {
      if (err instanceof SnapshotStoreError) throw err;
      throw new SnapshotStoreError("unwritable", `The snapshot store at ${this.dir} is not writable (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    return snapshot;
  }

  async get(id: string): Promise<Snapshot | null> {
    if (!SNAPSHOT_ID.test(id)) return null;
    try {
      return JSON.parse(await fs.readFile(this.fileOf(id), "utf8")) as Snapshot;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private async totalBytes(): Promise<number> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(".json"));
    const sizes = await Promise.all(names.map((n) => fs.stat(path.join(this.dir, n)).then((s) => s.size, () => 0)));
    return sizes.reduce((a, b) => a + b, 0);
  }
}

let store: SnapshotStore | null = null;

/** The configured store: files under GATECHECK_DATA_DIR (default `.data/`). */
export function snapshotStore(): SnapshotStore {
  store ??= new FileSnapshotStore(path.join(process.env.GATECHECK_DATA_DIR ?? ".data", "snapshots"), {
    maxSnapshotBytes: Number(process.env.GATECHECK_SNAPSHOT_MAX_BYTES ?? 2 * 1024 * 1024),
    maxTotalBytes: Number(process.env.GATECHECK_SNAPSHOTS_MAX_TOTAL_BYTES ?? 512 * 1024 * 1024),
  });
  return store;
}
