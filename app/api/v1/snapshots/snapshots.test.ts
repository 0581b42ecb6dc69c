// Frozen share links: the snapshot keeps saying what was true when it was frozen, whatever changes after.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateUsagePlanKeyCommand } from "@aws-sdk/client-api-gateway";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import SnapshotPage from "@/app/s/[id]/page";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { clearCache } from "@/lib/inventory/cache";
import { FileSnapshotStore, SnapshotStoreError } from "@/lib/share/store";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import { GET as diagnoseGet } from "../diagnose/route";
import { GET } from "./[id]/route";
import { POST } from "./route";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-data-"));
process.env.GATECHECK_DATA_DIR = dataDir;
const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const keyValues = scenarios.flatMap((s) => s.apiKeys.map((k) => k.value));
const keyInNoPlan = scenarios.find((s) => s.name === "key-in-no-plan")!;
const call = keyInNoPlan.expect!.call;
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const readBack = (id: string) => GET(new Request(`http://gatecheck.test/api/v1/snapshots/${id}`), params(id));
/** What `/s/{id}` shows, as HTML. */
const pageText = async (id: string) => renderToStaticMarkup(await SnapshotPage({ params: Promise.resolve({ id }) }));

const sim = simulatorForFile();

async function freeze(body: object): Promise<{ status: number; body: { id: string; url: string; frozenAt: string; diagnosis: Diagnosis } }> {
  const response = await POST(new Request("http://gatecheck.test/api/v1/snapshots", { method: "POST", body: JSON.stringify(body) }), params(""));
  return { status: response.status, body: await response.json() };
}

describe("snapshots", () => {
  it("freeze → read back → the same diagnosis after the configuration changed", async () => {
    const frozen = await freeze({ api: call.apiId, stage: call.stage, method: call.method, path: call.path, key: call.keyId });
    expect(frozen.status).toBe(200);
    expect(frozen.body.id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(frozen.body.url).toBe(`/s/${frozen.body.id}`);
    expect(frozen.body.diagnosis.firstBreak?.code).toBe("KEY_IN_NO_PLAN");

    // Fix the cause through the simulator's write API, as a teammate would in the console.
    const plan = keyInNoPlan.usagePlans.find((p) => p.apiStages.some((s) => s.apiId === call.apiId && s.stage === call.stage))!;
    await sim().apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: call.keyId!, keyType: "API_KEY" }));
    clearCache();
    const live = await diagnoseGet(
      new Request(`http://gatecheck.test/api/v1/diagnose?${new URLSearchParams({ api: call.apiId!, stage: call.stage!, method: call.method!, path: call.path!, key: call.keyId! })}`),
      params(""),
    );
    expect(((await live.json()) as Diagnosis).firstBreak?.code ?? null).not.toBe("KEY_IN_NO_PLAN");

    const read = await GET(new Request(`http://gatecheck.test/api/v1/snapshots/${frozen.body.id}`), params(frozen.body.id));
    expect(read.status).toBe(200);
    const snapshot = await read.json();
    expect(snapshot.diagnosis).toEqual(frozen.body.diagnosis);
    expect(snapshot.frozenAt).toBe(frozen.body.frozenAt);
  });

  it.each(["AAAAAAAAAAAAAAAAAAAAAAAA", "not-an-id", "../../etc/passwd", "%2e%2e%2fpasswd"])("an unknown or malformed id (%s) → 404", async (id) => {
    const response = await GET(new Request(`http://gatecheck.test/api/v1/snapshots/${encodeURIComponent(id)}`), params(id));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("SNAPSHOT_NOT_FOUND");
  });

  it("concurrent freezes each get their own intact file", async () => {
    const pasted = scenarios.find((s) => s.name === "key-not-in-header")!.expect!.call.request!;
    const results = await Promise.all(Array.from({ length: 12 }, () => freeze({ request: pasted })));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(12);
    for (const r of results) {
      const onDisk = JSON.parse(fs.readFileSync(path.join(dataDir, "snapshots", `${r.body.id}.json`), "utf8"));
      expect(onDisk.diagnosis.firstBreak.code).toBe("KEY_NOT_IN_HEADER");
    }
    expect(fs.readdirSync(path.join(dataDir, "snapshots")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("no key value in any stored file", () => {
    const stored = fs.readdirSync(path.join(dataDir, "snapshots")).map((f) => fs.readFileSync(path.join(dataDir, "snapshots", f), "utf8"));
    expect(stored.length).toBeGreaterThan(5);
    for (const value of keyValues)
      expect(
        stored.some((text) => text.includes(value)),
        `key …${value.slice(-6)} stored`,
      ).toBe(false);
  });

  it("a full or unwritable store gives a clear error", async () => {
    const diagnosis = (await freeze({ api: call.apiId, stage: call.stage })).body.diagnosis;
    const full = new FileSnapshotStore(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-full-")), { maxSnapshotBytes: 1 << 20, maxTotalBytes: 10, retentionDays: 30 });
    await expect(full.put(diagnosis)).rejects.toMatchObject({ reason: "full" });
    const tiny = new FileSnapshotStore(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-tiny-")), { maxSnapshotBytes: 10, maxTotalBytes: 1 << 20, retentionDays: 30 });
    await expect(tiny.put(diagnosis)).rejects.toMatchObject({ reason: "too-large" });
    const file = path.join(os.tmpdir(), `gatecheck-not-a-dir-${Date.now()}`);
    fs.writeFileSync(file, "x");
    const unwritable = new FileSnapshotStore(path.join(file, "snapshots"), { maxSnapshotBytes: 1 << 20, maxTotalBytes: 1 << 20, retentionDays: 30 });
    await expect(unwritable.put(diagnosis)).rejects.toBeInstanceOf(SnapshotStoreError);
  });

  it.each([
    ["an empty", () => ""],
    ["a truncated", (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ["a wrong-shaped", () => JSON.stringify({ id: "x", diagnosis: { verdict: "forbidden" } })],
  ])("%s snapshot file → 410 SNAPSHOT_UNREADABLE on the API and a calm sentence on /s/{id}", async (_, damage) => {
    const frozen = await freeze({ api: call.apiId, stage: call.stage });
    const file = path.join(dataDir, "snapshots", `${frozen.body.id}.json`);
    fs.writeFileSync(file, damage(fs.readFileSync(file, "utf8")));

    const response = await readBack(frozen.body.id);
    expect(response.status).toBe(410);
    const { error } = await response.json();
    expect(error.code).toBe("SNAPSHOT_UNREADABLE");
    expect(error.message).toMatch(/^This frozen diagnosis can no longer be read/);
    expect(error.hint).toMatch(/Freeze the diagnosis again/);
    expect(`${error.message} ${error.hint}`).not.toContain(dataDir);

    const html = await pageText(frozen.body.id);
    expect(html).toContain("This frozen diagnosis can no longer be read");
    expect(html).toContain("Freeze the diagnosis again");
  });

  it("a snapshot older than GATECHECK_SNAPSHOT_RETENTION_DAYS → 410 SNAPSHOT_EXPIRED saying it expired after 30 days", async () => {
    const frozen = await freeze({ api: call.apiId, stage: call.stage });
    const file = path.join(dataDir, "snapshots", `${frozen.body.id}.json`);
    const then = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    fs.writeFileSync(file, JSON.stringify({ ...frozen.body, frozenAt: then.toISOString() }));

    const response = await readBack(frozen.body.id);
    expect(response.status).toBe(410);
    const { error } = await response.json();
    expect(error.code).toBe("SNAPSHOT_EXPIRED");
    expect(error.message).toMatch(/expired after 30 days/);
    expect(await pageText(frozen.body.id)).toMatch(/expired after 30 days/);
  });

  it("an unknown id on /s/{id} is Next's 404", async () => {
    await expect(pageText("AAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("a data dir that is a file: reading answers 410 JSON, freezing 507 SNAPSHOT_UNWRITABLE, and no answer names the path", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-file-")), "data");
    fs.writeFileSync(file, "not a directory");
    process.env.GATECHECK_DATA_DIR = file;
    // A fresh module graph: the configured store is read from the environment once.
    vi.resetModules();
    try {
      const fresh = { post: (await import("./route")).POST, get: (await import("./[id]/route")).GET, page: (await import("@/app/s/[id]/page")).default };
      const id = "AAAAAAAAAAAAAAAAAAAAAAAA";
      const read = await fresh.get(new Request(`http://gatecheck.test/api/v1/snapshots/${id}`), params(id));
      expect(read.status).toBe(410);
      const readError = (await read.json()).error;
      expect(readError.code).toBe("SNAPSHOT_UNREADABLE");

      const frozen = await fresh.post(new Request("http://gatecheck.test/api/v1/snapshots", { method: "POST", body: JSON.stringify({ api: call.apiId, stage: call.stage }) }), params(""));
      expect(frozen.status).toBe(507);
      const freezeError = (await frozen.json()).error;
      expect(freezeError.code).toBe("SNAPSHOT_UNWRITABLE");
      expect(freezeError.message).toMatch(/snapshot store \(GATECHECK_DATA_DIR\)/);
      for (const text of [readError.message, readError.hint, freezeError.message, freezeError.hint]) {
        expect(text).not.toContain(file);
        expect(text).not.toContain(os.tmpdir());
      }

      expect(renderToStaticMarkup(await fresh.page({ params: Promise.resolve({ id }) }))).toContain("This frozen diagnosis can no longer be read");
    } finally {
      process.env.GATECHECK_DATA_DIR = dataDir;
    }
  });
});
