// Many accounts through assumed roles (issue 13): gatecheck runs with a hub account's key, assumes each member
// account's read-only role with its external id (through the SDK's own provider, against the simulator's STS),
// reads each account × region apart, and names a refused AssumeRole as such.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as apis } from "@/app/api/v1/apis/route";
import { GET as diagnose } from "@/app/api/v1/diagnose/route";
import type { Overview } from "@/lib/inventory/types";
import { readScenarioFiles } from "@/sim/scenario";
import { HUB_KEY, MULTI_ACCOUNTS, MULTI_MEMBERS, MULTI_REGIONS, multiAccountConfig } from "@/test/multi-accounts";
import { simulatorForFile } from "@/test/sim-env";

const MULTI = path.join(__dirname, "..", "..", "sim", "scenarios-multi");
const files = readScenarioFiles(MULTI).map((f) => f.scenario);
const [MEMBERS, ID, REGIONS] = [MULTI_MEMBERS, MULTI_ACCOUNTS, MULTI_REGIONS];

const sim = simulatorForFile({ pacing: false, scenarios: MULTI });
const saved = { ...process.env };
beforeAll(() => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-multi-")), "gatecheck.config.json");
  fs.writeFileSync(file, JSON.stringify(multiAccountConfig()));

  // gatecheck's own credentials: the hub's key, which every member's role trusts (but audit's).
  Object.assign(process.env, { GATECHECK_CONFIG: file, AWS_ACCESS_KEY_ID: HUB_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: HUB_KEY.secretAccessKey });
});
afterAll(() => {
  process.env = saved;
});

const noParams = { params: Promise.resolve({}) };
async function get<T>(route: typeof apis, url: string): Promise<{ status: number; body: T }> {
  const response = await route(new Request(`http://gatecheck.test${url}`), noParams);
  return { status: response.status, body: (await response.json()) as T };
}

describe("each account through its assumed role", () => {
  it("lists exactly that account's APIs in each region, assuming each role once", async () => {
    for (const name of MEMBERS) {
      for (const region of REGIONS) {
        const expected = files.filter((f) => f.accountId === ID[name] && f.region === region).flatMap((f) => f.restApis.map((a) => a.id));
        const { status, body } = await get<Overview>(apis, `/api/v1/apis?account=${name}&region=${region}`);
        expect(status).toBe(200);
        expect(body.restApis.map((a) => a.id).sort()).toEqual([...expected].sort());
      }
    }
    // One AssumeRole per member account, shared by its clients in both regions.
    expect(sim().sim.stats.byOperation.get("AssumeRole")).toBe(MEMBERS.length);
  });

  it("diagnoses a call in each account, and the diagnosis names the account", async () => {
    for (const name of MEMBERS) {
      const api = files.find((f) => f.accountId === ID[name] && f.region === "eu-west-1")!.restApis[0]!;
      const stage = api.stages[0]!.name;
      const route = api.routes[0]!;
      const query = new URLSearchParams({ account: name, region: "eu-west-1", api: api.id, stage, method: route.method, path: route.path });
      const { status, body } = await get<{ request: { account: string; apiId: string }; verdict: string }>(diagnose, `/api/v1/diagnose?${query}`);
      expect([name, status]).toEqual([name, 200]);
      expect(body.request).toMatchObject({ account: name, apiId: api.id });
    }
  });

  it("names a refused AssumeRole as the credentials' failure, not the read's", async () => {
    const { status, body } = await get<Overview>(apis, "/api/v1/apis?account=audit&region=us-east-1");
    // The overview answers with what it could read: nothing, and the gap saying why.
    expect(status).toBe(200);
    expect(body.restApis).toEqual([]);
    expect(body.restApisGap).toMatchObject({ operation: "AssumeRole", action: `sts:AssumeRole arn:aws:iam::${ID.audit}:role/gatecheck-readonly`, code: "AccessDenied", kind: "access-denied" });
    expect(body.restApisGap!.message).toMatch(/is not authorized to perform: sts:AssumeRole/);
  });
});
