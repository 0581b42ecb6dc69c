import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { getObjectText, listKeys, putObject, s3LocationFromEnv, type S3Location } from "@/lib/aws/s3";
import { ROLES } from "@/lib/auth/config";
import type { AuditAction, AuditEvent, AuditStore } from "./types";

/** An event id: the time in epoch ms (13 digits), then 48 random bits in hex. The stores order and page by it. */
export const AUDIT_EVENT_ID = /^(\d{13})-[0-9a-f]{12}$/;

export function newAuditEventId(at: Date = new Date()): string {
  return `${String(at.getTime()).padStart(13, "0")}-${randomBytes(6).toString("hex")}`;
}

const LATEST_MS = 9_999_999_999_999;

/**
 * Ascending in this key is newest first: the time counted down from the last 13-digit millisecond, then the id (events
 * of one millisecond in id order). S3 lists keys in ascending order, so it is the S3 store's key as well.
 */
function newestFirstKey(id: string): string {
  return `${String(LATEST_MS - timeOf(id)).padStart(13, "0")}-${id}`;
}

function timeOf(id: string): number {
  const match = AUDIT_EVENT_ID.exec(id);
  if (!match) throw new RangeError(`not an audit event id (newAuditEventId makes them): ${id.slice(0, 40)}`);
  return Number(match[1]);
}

const dayOf = (id: string): string => new Date(timeOf(id)).toISOString().slice(0, 10);

const byNewestFirst = (a: AuditEvent, b: AuditEvent) => (newestFirstKey(a.id) < newestFirstKey(b.id) ? -1 : 1);

const ACTIONS: Record<AuditAction, true> = {
  "sign-in": true,
  "sign-in-refused": true,
  probe: true,
  "key-lookup": true,
  freeze: true,
  "fix-preview": true,
  "fix-apply": true,
  "fix-verify": true,
  "fix-undo": true,
};

// What a stored event must be to be listed; a damaged one (a torn line, an object edited by hand) is left out.
const eventShape = z.object({
  id: z.string().regex(AUDIT_EVENT_ID),
  at: z.iso.datetime(),
  action: z.enum(Object.keys(ACTIONS) as [AuditAction, ...AuditAction[]]),
  actor: z.object({ sub: z.string(), name: z.string().nullable(), email: z.string().nullable(), role: z.enum(ROLES) }),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

function parseEvent(text: string): AuditEvent | null {
  try {
    const checked = eventShape.safeParse(JSON.parse(text));
    return checked.success ? checked.data : null;
  } catch {
    return null;
  }
}

/** An id that is not an event id has nothing before it worth listing. */
const pageable = (before: string | undefined): boolean => before === undefined || AUDIT_EVENT_ID.test(before);

/**
 * JSON lines, one file per UTC day (`{GATECHECK_DATA_DIR}/audit/2026-12-01.jsonl`). Appends of one short line are
 * whole on a local disk, so several processes on one machine may share the folder. Nothing is deleted.
 */
export class FileAuditStore implements AuditStore {
  constructor(private readonly dir: string) {}

  async append(event: AuditEvent): Promise<void> {
    const file = path.join(this.dir, `${dayOf(event.id)}.jsonl`);
    await fs.mkdir(this.dir, { recursive: true });
    await fs.appendFile(file, `${JSON.stringify(event)}\n`);
  }

  async list({ limit, before }: { limit: number; before?: string }): Promise<AuditEvent[]> {
    if (!pageable(before)) return [];
    const after = before === undefined ? null : { key: newestFirstKey(before), day: dayOf(before) };
    const files = (await fs.readdir(this.dir).catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? [] : Promise.reject(err))))
      .filter((name) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name) && (after === null || name.slice(0, 10) <= after.day))
      .sort()
      .reverse();
    const events: AuditEvent[] = [];
    for (const file of files) {
      if (events.length >= limit) break;
      const lines = (await fs.readFile(path.join(this.dir, file), "utf8")).split("\n").filter(Boolean);
      const found = lines.flatMap((line) => parseEvent(line) ?? []).filter((e) => after === null || newestFirstKey(e.id) > after.key);
      events.push(...found.sort(byNewestFirst).slice(0, limit - events.length));
    }
    return events;
  }
}

/**
 * One object per event, `{GATECHECK_S3_PREFIX}audit/{newest-first key}.json`, so ListObjectsV2's ascending order is
 * newest first and `before` is its start-after. A lifecycle rule on the bucket may expire old events.
 */
export class S3AuditStore implements AuditStore {
  constructor(private readonly bucket: S3Location) {}

  async append(event: AuditEvent): Promise<void> {
    await putObject(this.bucket, keyOf(event.id), JSON.stringify(event));
  }

  async list({ limit, before }: { limit: number; before?: string }): Promise<AuditEvent[]> {
    if (!pageable(before)) return [];
    const keys = await listKeys(this.bucket, "audit/", { limit, startAfter: before === undefined ? undefined : keyOf(before) });
    // An object expired between the list and the read is left out, like a damaged one.
    const texts = await Promise.all(keys.map((key) => getObjectText(this.bucket, key)));
    return texts.flatMap((text) => (text === null ? [] : (parseEvent(text) ?? [])));
  }
}

const keyOf = (id: string): string => `audit/${newestFirstKey(id)}.json`;

let store: AuditStore | null = null;

/** The configured store: the GATECHECK_S3_BUCKET bucket when set, else files under GATECHECK_DATA_DIR (default `.data/`). */
export function auditStore(): AuditStore {
  if (store) return store;
  const bucket = s3LocationFromEnv();
  store = bucket ? new S3AuditStore(bucket) : new FileAuditStore(path.join(process.env.GATECHECK_DATA_DIR ?? ".data", "audit"));
  return store;
}
