import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Diagnosis } from "@/lib/diagnosis/types";

/** A diagnosis frozen for a share link: what it said, and when. */
export interface Snapshot {
  id: string;
  frozenAt: string;
  diagnosis: Diagnosis;
}

/** What reading an id found. `unreadable`: a damaged file, or a store that cannot be read at all. */
export type SnapshotRead = { status: "found"; snapshot: Snapshot } | { status: "missing" } | { status: "expired"; retentionDays: number } | { status: "unreadable" };

/** Where snapshots live. Files by default; an S3 bucket can implement the same two calls for several instances. */
export interface SnapshotStore {
  /** Snapshots older than this many days read as expired and are deleted. */
  readonly retentionDays: number;
  put(diagnosis: Diagnosis): Promise<Snapshot>;
  get(id: string): Promise<SnapshotRead>;
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

// A file on disk is checked before the page renders it: the fields the frozen view reads, loosely (extra
// fields pass, so snapshots frozen by an older or newer gatecheck still show).
const str = z.string();
const finding = z.looseObject({ code: str, hop: str, title: str, detail: str, evidence: z.array(str), fix: z.looseObject({ summary: str, cli: z.array(str) }), logLines: z.array(z.number()) });
const diagnosisShape = z.looseObject({
  verdict: z.enum(["forbidden", "throttled", "allowed", "unknown"]),
  firstBreak: finding.nullable(),
  findings: z.array(finding),
  unknownHops: z.array(z.looseObject({ hop: str, reason: str })),
  chain: z.looseObject({
    nodes: z.array(z.looseObject({ id: str, kind: str, label: str, status: str })),
    edges: z.array(z.looseObject({ id: str, source: str, target: str, status: str })),
  }),
  logs: z.array(z.looseObject({ kind: str, message: str })),
  logStatus: z.looseObject({ status: str, message: str }),
  request: z.looseObject({
    region: str,
    apiId: str.nullable(),
    stage: str.nullable(),
    method: str,
    path: str,
    keyId: str.nullable(),
    request: z.looseObject({ hostKind: str, rawPath: str, keyLocations: z.array(z.looseObject({ where: str, name: str })) }).nullable(),
    window: z.looseObject({ from: str, to: str }),
    keysFromLogs: z.array(z.looseObject({ maskedValue: str })),
  }),
  correctedRequest: z.looseObject({ curl: str, changes: z.array(str) }).nullable(),
  inventoryAt: str,
});
const snapshotShape = z.object({ id: z.string().regex(SNAPSHOT_ID), frozenAt: z.iso.datetime(), diagnosis: diagnosisShape });

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the running total is re-read from disk (other processes, snapshots deleted by hand) and expired files deleted. */
const SWEEP_EVERY_MS = 60_000;

/** Bytes of the unexpired snapshots, the oldest one's time, and when the disk was last read. */
type Tally = { bytes: number; oldestAt: number; sweptAt: number };

export class FileSnapshotStore implements SnapshotStore {
  private tally: Tally | null = null;
  /** Puts run one at a time, so the cap check and the write that follows it cannot interleave with another put's. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly limits: { maxSnapshotBytes: number; maxTotalBytes: number; retentionDays: number },
  ) {}

  get retentionDays(): number {
    return this.limits.retentionDays;
  }

  put(diagnosis: Diagnosis): Promise<Snapshot> {
    const run = this.queue.then(() => this.write(diagnosis));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async get(id: string): Promise<SnapshotRead> {
    if (!SNAPSHOT_ID.test(id)) return { status: "missing" };
    let raw: string;
    try {
      raw = await fs.readFile(this.fileOf(id), "utf8");
    } catch (err) {
      // Any other failure (the data dir is a file, no permission) means the store cannot be read, not that the id is wrong.
      return (err as NodeJS.ErrnoException).code === "ENOENT" ? { status: "missing" } : { status: "unreadable" };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { status: "unreadable" };
    }
    const checked = snapshotShape.safeParse(parsed);
    if (!checked.success || checked.data.id !== id) return { status: "unreadable" };
    // A later put's sweep deletes the file; until then it reads as gone all the same.
    if (Date.parse(checked.data.frozenAt) <= Date.now() - this.retentionMs) return { status: "expired", retentionDays: this.retentionDays };
    // Checked loosely above: every field the frozen view reads is there, with its type.
    return { status: "found", snapshot: parsed as Snapshot };
  }

  private get retentionMs(): number {
    return this.limits.retentionDays * DAY_MS;
  }

  private async write(diagnosis: Diagnosis): Promise<Snapshot> {
    const snapshot: Snapshot = { id: newId(), frozenAt: new Date().toISOString(), diagnosis };
    const text = JSON.stringify(snapshot);
    const size = Buffer.byteLength(text);
    if (size > this.limits.maxSnapshotBytes)
      throw new SnapshotStoreError("too-large", `The diagnosis is ${Math.ceil(size / 1024)} KiB; snapshots are capped at ${Math.floor(this.limits.maxSnapshotBytes / 1024)} KiB.`);
    const now = Date.now();
    try {
      await fs.mkdir(this.dir, { recursive: true });
      const tally = await this.tallyAt(now, size);
      if (tally.bytes + size > this.limits.maxTotalBytes) throw new SnapshotStoreError("full", "The snapshot store is full.");
      // Written whole under a temporary name, then renamed: a reader never sees half a file.
      const file = this.fileOf(snapshot.id);
      const temporary = `${file}.${process.pid}.${newId()}.tmp`;
      await fs.writeFile(temporary, text, { flag: "wx" });
      await fs.rename(temporary, file);
      tally.bytes += size;
      tally.oldestAt = Math.min(tally.oldestAt, now);
    } catch (err) {
      if (err instanceof SnapshotStoreError) throw err;
      // The message reaches the browser: it names the setting, never the server's path.
      throw new SnapshotStoreError("unwritable", `The snapshot store (GATECHECK_DATA_DIR) is not writable (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    return snapshot;
  }

  /** The running total, re-read from disk once a minute, or sooner when a full store may hold expired snapshots. */
  private async tallyAt(now: number, size: number): Promise<Tally> {
    const t = this.tally;
    if (t && now - t.sweptAt < SWEEP_EVERY_MS && !(t.bytes + size > this.limits.maxTotalBytes && t.oldestAt <= now - this.retentionMs)) return t;
    return (this.tally = await this.sweep(now));
  }

  /** Deletes expired snapshots and sums the rest. A file's time stands for its `frozenAt` (written together), so no file is read. */
  private async sweep(now: number): Promise<Tally> {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith(".json"));
    const files = await Promise.all(
      names
        .map((n) => path.join(this.dir, n))
        .map((file) =>
          fs.stat(file).then(
            (s) => ({ file, size: s.size, at: s.mtimeMs }),
            () => null,
          ),
        ),
    );
    const tally: Tally = { bytes: 0, oldestAt: Infinity, sweptAt: now };
    for (const f of files) {
      if (!f) continue;
      if (f.at <= now - this.retentionMs) {
        await fs.rm(f.file, { force: true });
        continue;
      }
      tally.bytes += f.size;
      tally.oldestAt = Math.min(tally.oldestAt, f.at);
    }
    return tally;
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}

let store: SnapshotStore | null = null;

/** The configured store: files under GATECHECK_DATA_DIR (default `.data/`). */
export function snapshotStore(): SnapshotStore {
  store ??= new FileSnapshotStore(path.join(process.env.GATECHECK_DATA_DIR ?? ".data", "snapshots"), {
    maxSnapshotBytes: Number(process.env.GATECHECK_SNAPSHOT_MAX_BYTES ?? 2 * 1024 * 1024),
    maxTotalBytes: Number(process.env.GATECHECK_SNAPSHOTS_MAX_TOTAL_BYTES ?? 512 * 1024 * 1024),
    retentionDays: Number(process.env.GATECHECK_SNAPSHOT_RETENTION_DAYS ?? 30),
  });
  return store;
}
