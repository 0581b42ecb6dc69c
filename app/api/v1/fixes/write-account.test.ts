// Write credentials that act in another account than the one gatecheck reads are refused before any fix is shown:
// a fix would change the wrong account. (A file of its own: the write role is read from the environment once.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import { POST as previewPost } from "./preview/route";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-write-account-"));
const elsewhere = path.join(dir, "elsewhere.json");
fs.writeFileSync(
  elsewhere,
  JSON.stringify({
    name: "zz-write-role-elsewhere",
    description: "A fix role in another account, trusting gatecheck's",
    accounts: [{ id: "555555555555", roles: [{ name: "gatecheck-fix", trustedPrincipals: ["arn:aws:iam::123456789012:root"] }] }],
  }),
);
process.env.GATECHECK_DATA_DIR = dir;
const sim = simulatorForFile({ scenarios: [DEFAULT_SCENARIO_DIR, elsewhere], replayTraffic: false, pacing: false });

beforeAll(() => {
  process.env.GATECHECK_WRITE = "1";
  process.env.GATECHECK_WRITE_ROLE_ARN = "arn:aws:iam::555555555555:role/gatecheck-fix";
});
afterAll(() => {
  delete process.env.GATECHECK_WRITE;
  delete process.env.GATECHECK_WRITE_ROLE_ARN;
});

describe("write credentials of another account", () => {
  it("refuse the preview with both accounts named, and write nothing", async () => {
    const call = readScenarioFiles(DEFAULT_SCENARIO_DIR).find((s) => s.scenario.name === "key-disabled")!.scenario.expect!.call;
    const response = await previewPost(
      new Request("http://127.0.0.1/api/v1/fixes/preview", {
        method: "POST",
        body: JSON.stringify({ region: "us-east-1", api: call.apiId, stage: call.stage, method: call.method, path: call.path, key: call.keyId, code: "KEY_DISABLED" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error).toMatchObject({
      code: "WRITE_ACCOUNT_MISMATCH",
      message: "The write credentials act in account 555555555555, but gatecheck reads account 123456789012: a fix would change another account.",
    });
    expect(sim().sim.stats.calls.filter((c) => /^(Update|Create|Delete)/.test(c.operation))).toEqual([]);
  });
});
