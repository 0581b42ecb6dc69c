import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AwsCallError } from "@/lib/aws/errors";
import { getObjectText, putObject, s3LocationFromEnv, type S3Location } from "@/lib/aws/s3";
import type { Diagnosis } from "@/lib/diagnosis/types";

/** A diagnosis frozen for a share link: what it said, and when. */
export interface Snapshot {
  id: string;
  frozenAt: string;
  diagnosis: Diagnosis;
}

/** What reading an id found. `unreadable`: a damaged file, or a store that cannot be read at all. */
export type SnapshotRead = { status: "found"; snapshot: Snapshot } | { status: "missing" } | { status: "expired"; retentionDays: number } | { status: "unreadable" };

/** Where snapshots live. Files by default; an S3 bucket for several instances. */
export interface SnapshotStore {
  /** Snapshots older than this many days read as expired (and are deleted, by the store or the bucket's lifecycle rule). */
  readonly retentionDays: number;
  /** The setting that says where the store is, and what to check when it cannot be read or written. */
  readonly location: { setting: "GATECHECK_DATA_DIR" | "GATECHECK_S3_BUCKET"; fix: string };
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

/** A stored snapshot's text, judged the same whatever the store: damaged or not this id's → unreadable, too old → expired. */
function readStored(raw: string, id: string, retentionDays: number): SnapshotRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { status: "unreadable" };
  }
  const checked = snapshotShape.safeParse(parsed);
  if (!checked.success || checked.data.id !== id) return { status: "unreadable" };
  if (Date.parse(checked.data.frozenAt) <= Date.now() - retentionDays * DAY_MS) return { status: "expired", retentionDays };
  // Checked loosely above: every field the frozen view reads is there, with its type.
  return { status: "found", snapshot: parsed as Snapshot };
}

/** A new snapshot of `diagnosis` and its text, within the per-snapshot cap. */
function freeze(diagnosis: Diagnosis, maxSnapshotBytes: number): { snapshot: Snapshot; text: string; size: number } {
  const snapshot: Snapshot = { id: newId(), frozenAt: new Date().toISOString(), diagnosis };
  const text = JSON.stringify(snapshot);
  const size = Buffer.byteLength(text);
  if (size > maxSnapshotBytes) throw new SnapshotStoreError("too-large", `The diagnosis is ${Math.ceil(size / 1024)} KiB; snapshots are capped at ${Math.floor(maxSnapshotBytes / 1024)} KiB.`);
  return { snapshot, text, size };
}

/** How often the running total is re-read from disk (other processes, snapshots deleted by hand) and expired files deleted. */
const SWEEP_EVERY_MS = 60_000;

/** Bytes of the unexpired snapshots, the oldest one's time, and when the disk was last read. */
type Tally = { bytes: number; oldestAt: number; sweptAt: number };

export class FileSnapshotStore implements SnapshotStore {
  readonly location = { setting: "GATECHECK_DATA_DIR", fix: "Set GATECHECK_DATA_DIR to a writable directory." } as const;
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
    // An expired file is deleted by a later put's sweep; until then it reads as gone all the same.
    return readStored(raw, id, this.retentionDays);
  }

  private get retentionMs(): number {
    return this.limits.retentionDays * DAY_MS;
  }

  private async write(diagnosis: Diagnosis): Promise<Snapshot> {
    const { snapshot, text, size } = freeze(diagnosis, this.limits.maxSnapshotBytes);
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

/**
 * Snapshots as objects `{GATECHECK_S3_PREFIX}snapshots/{id}.json` in the bucket several instances share. Nothing is
 * deleted from here and there is no total cap: a lifecycle rule on the bucket expiring `{prefix}snapshots/` after the
 * retention days keeps it bounded; until then an old snapshot reads as expired all the same.
 */
export class S3SnapshotStore implements SnapshotStore {
  readonly location = {
    setting: "GATECHECK_S3_BUCKET",
    fix: "Check that GATECHECK_S3_BUCKET names an existing bucket that gatecheck's credentials may read and write (s3:GetObject, s3:PutObject, and KMS if GATECHECK_S3_KMS_KEY_ID is set).",
  } as const;

  constructor(
    private readonly bucket: S3Location,
    private readonly limits: { maxSnapshotBytes: number; retentionDays: number },
  ) {}

  get retentionDays(): number {
    return this.limits.retentionDays;
  }

  async put(diagnosis: Diagnosis): Promise<Snapshot> {
    const { snapshot, text } = freeze(diagnosis, this.limits.maxSnapshotBytes);
    try {
      await putObject(this.bucket, this.keyOf(snapshot.id), text);
    } catch (err) {
      // The message reaches the browser: it names the setting and AWS's error code, never the bucket or the key.
      throw new SnapshotStoreError("unwritable", `The snapshot store (GATECHECK_S3_BUCKET) is not writable (${awsCode(err)}).`);
    }
    return snapshot;
  }

  async get(id: string): Promise<SnapshotRead> {
    if (!SNAPSHOT_ID.test(id)) return { status: "missing" };
    let raw: string | null;
    try {
      raw = await getObjectText(this.bucket, this.keyOf(id));
    } catch (err) {
      console.warn(`gatecheck: a snapshot could not be read from GATECHECK_S3_BUCKET (${awsCode(err)})`);
      return { status: "unreadable" };
    }
    return raw === null ? { status: "missing" } : readStored(raw, id, this.retentionDays);
  }

  private keyOf(id: string): string {
    return `snapshots/${id}.json`;
  }
}

const awsCode = (err: unknown): string => (err instanceof AwsCallError ? err.fault.code : "error");

let store: SnapshotStore | null = null;

/** The configured store: the GATECHECK_S3_BUCKET bucket when set, else files under GATECHECK_DATA_DIR (default `.data/`). */
export function snapshotStore(): SnapshotStore {
  if (store) return store;
  const maxSnapshotBytes = Number(process.env.GATECHECK_SNAPSHOT_MAX_BYTES ?? 2 * 1024 * 1024);
  const retentionDays = Number(process.env.GATECHECK_SNAPSHOT_RETENTION_DAYS ?? 30);
  const bucket = s3LocationFromEnv();
  store = bucket
    ? new S3SnapshotStore(bucket, { maxSnapshotBytes, retentionDays })
    : new FileSnapshotStore(path.join(process.env.GATECHECK_DATA_DIR ?? ".data", "snapshots"), {
        maxSnapshotBytes,
        maxTotalBytes: Number(process.env.GATECHECK_SNAPSHOTS_MAX_TOTAL_BYTES ?? 512 * 1024 * 1024),
        retentionDays,
      });
  return store;
}
