// Both audit stores keep the one contract: append, list newest first, page with `before`, leave damaged entries
// out. The file store in a temporary folder, the S3 store through the real SDK against the simulator's S3.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { beforeEach, describe, expect, it } from "vitest";
import { addBucket } from "@/sim/state";
import { simulatorForFile } from "@/test/sim-env";
import { AUDIT_EVENT_ID, FileAuditStore, S3AuditStore, newAuditEventId } from "./store";
import type { AuditEvent, AuditStore } from "./types";

const BUCKET = "gatecheck-audit-test";
const sim = simulatorForFile({ replayTraffic: false });

const T0 = Date.UTC(2026, 11, 1, 23, 59, 59, 0);
const eventAt = (ms: number, action: AuditEvent["action"] = "probe"): AuditEvent => ({
  id: newAuditEventId(new Date(ms)),
  at: new Date(ms).toISOString(),
  action,
  actor: { sub: "user-1", name: "Ana", email: "ana@example.com", role: "responder" },
  details: { target: "a1b2c3d4e5/prod", status: 403, key: "****L22fXu", corrected: false, note: null },
});

let dataDir: string;

const stores: [string, () => AuditStore, (text: string) => Promise<unknown>][] = [
  ["FileAuditStore", () => new FileAuditStore(path.join(dataDir, "audit")), async (text) => fs.appendFileSync(path.join(dataDir, "audit", "2026-12-01.jsonl"), `${text}\n`)],
  [
    "S3AuditStore",
    () => new S3AuditStore({ bucket: BUCKET, prefix: "gatecheck/", kmsKeyId: null }),
    (text) => sim().s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "gatecheck/audit/0000000000000-damaged.json", Body: text })),
  ],
];

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-audit-"));
  sim().sim.load([]);
  expect(addBucket(sim().sim.state, BUCKET, "us-east-1", Date.now())).toBeNull();
});

describe("newAuditEventId", () => {
  it("is the time then randomness, and sorts by time", () => {
    const early = newAuditEventId(new Date(1_000));
    const late = newAuditEventId(new Date(T0));
    expect(early).toMatch(AUDIT_EVENT_ID);
    expect(early.startsWith("0000000001000-")).toBe(true);
    expect(early < late).toBe(true);
    expect(newAuditEventId(new Date(T0))).not.toBe(late);
  });
});

describe.each(stores)("%s", (_name, storeOf, writeDamaged) => {
  // Over three UTC days, appended out of order: what matters is when they happened.
  const events = [T0 - 2 * 86_400_000, T0 + 1, T0 - 5_000, T0 + 60_000, T0 - 86_400_000, T0].map((ms) => eventAt(ms));
  const newestFirst = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

  it("lists what was appended, newest first, as it was appended", async () => {
    const store = storeOf();
    for (const event of events) await store.append(event);
    expect(await store.list({ limit: 100 })).toEqual(newestFirst);
    expect(await storeOf().list({ limit: 2 })).toEqual(newestFirst.slice(0, 2));
  });

  it("pages with `before`: each page starts after the last event of the one before, across days", async () => {
    const store = storeOf();
    for (const event of events) await store.append(event);
    const pages: AuditEvent[][] = [];
    let before: string | undefined;
    for (;;) {
      const page = await store.list({ limit: 4, ...(before ? { before } : {}) });
      if (page.length === 0) break;
      pages.push(page);
      before = page.at(-1)!.id;
    }
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    expect(pages.flat()).toEqual(newestFirst);
    expect(await store.list({ limit: 10, before: newestFirst[4]!.id })).toEqual([newestFirst[5]]);
  });

  it("an empty store lists nothing; a `before` that is not an event id lists nothing", async () => {
    expect(await storeOf().list({ limit: 10 })).toEqual([]);
    await storeOf().append(events[0]!);
    expect(await storeOf().list({ limit: 10, before: "not-an-id" })).toEqual([]);
  });

  it("leaves a damaged entry out and lists the rest", async () => {
    const store = storeOf();
    await store.append(events[1]!);
    await writeDamaged('{"id": "17648');
    await store.append(events[5]!);
    expect(await store.list({ limit: 10 })).toEqual([events[1], events[5]]);
  });

  it("refuses an event whose id does not carry its time", async () => {
    await expect(storeOf().append({ ...events[0]!, id: "01JEXAMPLEULID00000000000" })).rejects.toThrow(RangeError);
  });
});

describe("FileAuditStore", () => {
  it("writes one JSON line per event, one file per UTC day", async () => {
    const store = new FileAuditStore(path.join(dataDir, "audit"));
    await store.append(eventAt(T0));
    await store.append(eventAt(T0 + 1_000));
    expect(fs.readdirSync(path.join(dataDir, "audit")).sort()).toEqual(["2026-12-01.jsonl", "2026-12-02.jsonl"]);
    expect(
      fs
        .readFileSync(path.join(dataDir, "audit", "2026-12-01.jsonl"), "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(1);
  });
});

describe("S3AuditStore", () => {
  it("writes one encrypted object per event, keyed so that S3's order is newest first", async () => {
    const store = new S3AuditStore({ bucket: BUCKET, prefix: "gatecheck/", kmsKeyId: null });
    const older = eventAt(T0);
    const newer = eventAt(T0 + 1);
    await store.append(older);
    await store.append(newer);
    const objects = sim().sim.state.s3Buckets.get(BUCKET)!.objects;
    expect([...objects.keys()].sort()).toEqual([`gatecheck/audit/${9_999_999_999_999 - T0 - 1}-${newer.id}.json`, `gatecheck/audit/${9_999_999_999_999 - T0}-${older.id}.json`]);
    expect([...objects.values()].every((o) => o.serverSideEncryption === "AES256")).toBe(true);
  });
});
