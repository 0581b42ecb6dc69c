// The several-account generator and the committed set it wrote (sim/scenarios-multi): deterministic, loadable, and
// what the simulator does with it — the hub's key reaches each trusting member through its role, in every region;
// the refusing account's AssumeRole is AccessDenied; every account journals its own traffic.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { AssumeRoleCommand, type STSServiceException } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readScenarioFiles } from "../sim/scenario";
import { startSim, type RunningSim } from "../sim/testing";
import { DEFAULT_ACCOUNTS_OPTIONS, HUB, ROLE_NAME, STRANGER_ACCOUNT, generateAccounts, memberAccounts, runCli } from "./generate-accounts";

const COMMITTED = path.join(__dirname, "..", "sim", "scenarios-multi");
const HUB_KEY = { accessKeyId: HUB.accessKeyId, secretAccessKey: "hub-secret" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-accounts-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("generate-accounts", () => {
  it("writes the committed sim/scenarios-multi byte for byte with its defaults (npm run sim:generate-accounts -- --out-dir sim/scenarios-multi)", () => {
    const summary = runCli(["--out-dir", path.join(dir, "default")]);
    expect(summary).toBe(
      `wrote 9 files to ${path.join(dir, "default")}: hub 111111111111, prod 222222222222, staging 333333333333, sandbox 444444444444, audit 555555555555 (refuses the hub) × us-east-1, eu-west-1`,
    );
    const written = fs.readdirSync(path.join(dir, "default")).sort();
    expect(fs.readdirSync(COMMITTED).sort()).toEqual(written);
    for (const file of written) expect(fs.readFileSync(path.join(COMMITTED, file), "utf8")).toBe(fs.readFileSync(path.join(dir, "default", file), "utf8"));
  });

  it("puts each member's files in its account, with its own CloudWatch role, and declares a role per member", () => {
    const files = generateAccounts(DEFAULT_ACCOUNTS_OPTIONS);
    const members = memberAccounts(DEFAULT_ACCOUNTS_OPTIONS);
    const declared = files[0]!.scenario.accounts!;
    expect(declared[0]).toEqual({ id: HUB.id, name: "hub", accessKeys: [{ accessKeyId: HUB.accessKeyId, user: "gatecheck" }] });
    for (const member of members) {
      const role = declared.find((a) => a.id === member.id)!.roles![0]!;
      expect(role).toEqual({ name: ROLE_NAME, trustedPrincipals: [`arn:aws:iam::${member.trustsHub ? HUB.id : STRANGER_ACCOUNT}:root`], externalId: member.externalId });
      for (const region of DEFAULT_ACCOUNTS_OPTIONS.regions) {
        const scenario = files.find((f) => f.file === `${member.name}-${region}.json`)!.scenario;
        expect(scenario).toMatchObject({ accountId: member.id, region, account: { cloudwatchRoleArn: `arn:aws:iam::${member.id}:role/APIGatewayPushToCloudWatchLogs` } });
      }
    }
  });

  it("builds the benchmark's 5 accounts × 4 regions, and refuses a bad region list", () => {
    const summary = runCli(["--out-dir", path.join(dir, "bench"), "--members", "5", "--regions", "us-east-1,eu-west-1,ap-southeast-2,us-west-2", "--apis", "2", "--keys", "10"]);
    expect(summary).toContain("× us-east-1, eu-west-1, ap-southeast-2, us-west-2");
    expect(readScenarioFiles(path.join(dir, "bench"))).toHaveLength(1 + 6 * 4);
    expect(() => runCli(["--out-dir", path.join(dir, "bad"), "--regions", "us-east-1,mars"])).toThrow("--regions");
  });
});

describe("the simulator with sim/scenarios-multi", () => {
  let running: RunningSim;
  const files = readScenarioFiles(COMMITTED);
  const apiIdsOf = (accountId: string, region: string) =>
    files
      .filter(({ scenario }) => scenario.accountId === accountId && scenario.region === region)
      .flatMap(({ scenario }) => scenario.restApis.map((api) => api.id))
      .sort();

  beforeAll(async () => {
    running = await startSim({ scenarios: COMMITTED });
  });
  afterAll(() => running.close());

  it("lets the hub's key assume each trusting member's role and see that account's APIs, region by region", async () => {
    for (const member of memberAccounts(DEFAULT_ACCOUNTS_OPTIONS).filter((m) => m.trustsHub)) {
      for (const region of DEFAULT_ACCOUNTS_OPTIONS.regions) {
        const credentials = fromTemporaryCredentials({
          masterCredentials: HUB_KEY,
          params: { RoleArn: member.roleArn, RoleSessionName: "gatecheck", ExternalId: member.externalId },
          clientConfig: { region, endpoint: running.endpoint },
        });
        const listed = await running.clients(credentials, region).apigateway.send(new GetRestApisCommand({ limit: 500 }));
        expect((listed.items ?? []).map((api) => api.id!).sort()).toEqual(apiIdsOf(member.id, region));
        expect(listed.items?.length).toBe(DEFAULT_ACCOUNTS_OPTIONS.apis);
      }
    }
  });

  it("refuses the hub on the account whose role trusts someone else", async () => {
    const refusing = memberAccounts(DEFAULT_ACCOUNTS_OPTIONS).find((m) => !m.trustsHub)!;
    const err = await running
      .clients(HUB_KEY)
      .sts.send(new AssumeRoleCommand({ RoleArn: refusing.roleArn, RoleSessionName: "gatecheck", ExternalId: refusing.externalId }))
      .then(
        () => null,
        (e: unknown) => e as STSServiceException,
      );
    expect(err?.name).toBe("AccessDenied");
    expect(err?.message).toBe(`User: arn:aws:iam::${HUB.id}:user/gatecheck is not authorized to perform: sts:AssumeRole on resource: ${refusing.roleArn}`);
  });

  it("journals each account's replayed traffic in that account, in both regions", async () => {
    for (const member of memberAccounts(DEFAULT_ACCOUNTS_OPTIONS)) {
      const { requests } = (await (await fetch(`${running.endpoint}/_sim/journal?accountId=${member.id}`)).json()) as { requests: { accountId: string; apiId: string }[] };
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((r) => r.accountId === member.id)).toBe(true);
      for (const region of DEFAULT_ACCOUNTS_OPTIONS.regions) expect(requests.some((r) => apiIdsOf(member.id, region).includes(r.apiId))).toBe(true);
    }
    expect(running.sim.state.journal).toEqual([]);
  });
});
