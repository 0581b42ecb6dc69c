// Triage across the organization (issue 13, item 4): one board over every configured account × region of
// sim/scenarios-multi, read through assumed roles. Per account, its refused requests are what the simulator's
// data plane decided in that account (its journal); the audit account, whose role gatecheck cannot assume, is
// named with its gap instead of looking quiet.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/triage/route";
import type { OrganizationTriage } from "@/lib/triage/organization";
import type { JournalEntry } from "@/sim/state";
import { HUB_KEY, MULTI_ACCOUNTS, MULTI_MEMBERS, multiAccountConfig } from "@/test/multi-accounts";
import { simulatorForFile } from "@/test/sim-env";

const sim = simulatorForFile({ pacing: false, scenarios: path.join(__dirname, "..", "..", "sim", "scenarios-multi") });
const saved = { ...process.env };
let board: OrganizationTriage;

beforeAll(async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-org-")), "gatecheck.config.json");
  fs.writeFileSync(file, JSON.stringify(multiAccountConfig()));
  Object.assign(process.env, { GATECHECK_CONFIG: file, AWS_ACCESS_KEY_ID: HUB_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: HUB_KEY.secretAccessKey });
  const response = await GET(new Request("http://gatecheck.test/api/v1/triage?scope=all&since=2h"), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  board = (await response.json()) as OrganizationTriage;
}, 60_000);
afterAll(() => {
  process.env = saved;
});

/** The data plane's refusals in an account that wrote an execution log line in the window: what triage can see. */
function refusedIn(account: keyof typeof MULTI_ACCOUNTS): JournalEntry[] {
  const [from, to] = [Date.parse(board.window.from), Date.parse(board.window.to)];
  const { requests } = { requests: sim().sim.world(MULTI_ACCOUNTS[account]).state.journal };
  return requests.filter((e) => (e.status === 401 || e.status === 403) && e.executionLogged && e.at >= from && e.at <= to);
}

describe("GET /api/v1/triage?scope=all over 5 accounts × their regions", () => {
  it("reads every account × region, and names the one whose role refuses gatecheck", () => {
    expect(board.places.map((p) => `${p.account}/${p.region}`).sort()).toEqual(
      ["hub/us-east-1", ...["prod", "staging", "sandbox", "audit"].flatMap((a) => [`${a}/us-east-1`, `${a}/eu-west-1`])].sort(),
    );
    for (const place of board.places.filter((p) => p.account === "audit")) {
      expect(place.gaps.map((g) => g.operation)).toContain("AssumeRole");
    }
    for (const place of board.places.filter((p) => p.account !== "audit")) expect([place.account, place.gaps]).toEqual([place.account, []]);
  });

  it("counts, per account, exactly the refused requests the data plane decided there", () => {
    let total = 0;
    for (const account of MULTI_MEMBERS) {
      const expected = refusedIn(account);
      expect(expected.length, `${account} has refused traffic to triage`).toBeGreaterThan(0);
      const counted = board.groups.flatMap((g) => g.where.filter((w) => w.account === account)).reduce((n, w) => n + w.count, 0);
      expect([account, counted]).toEqual([account, expected.length]);
      // And by stage: every refused stage of the account appears in some group.
      const stages = new Set(board.groups.flatMap((g) => g.stages));
      for (const e of expected) expect(stages.has(`${e.apiId}/${e.stage}`)).toBe(true);
      total += expected.length;
    }
    expect(board.groups.reduce((n, g) => n + g.count, 0)).toBe(total);
    for (const group of board.groups) {
      expect(group.where.reduce((n, w) => n + w.count, 0)).toBe(group.count);
      expect(group.timeline.reduce((a, b) => a + b, 0)).toBe(group.count);
    }
  });

  it("says where each cause happens, and its example's place", () => {
    const spread = board.groups.find((g) => new Set(g.where.map((w) => w.account)).size > 1);
    expect(spread, "some cause happens in more than one account").toBeDefined();
    for (const group of board.groups) expect(group.where.map((w) => `${w.account}/${w.region}`)).toContainEqual(`${group.examplePlace.account}/${group.examplePlace.region}`);
  });
});
