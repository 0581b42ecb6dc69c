// The account a request reads (issue 13): named by `account` in the query or body, checked against the
// configuration, kept apart in the shared read cache, and recorded in the diagnosis (and so in its snapshot).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as apis } from "@/app/api/v1/apis/route";
import { GET as accounts } from "@/app/api/v1/accounts/route";
import { GET as diagnose } from "@/app/api/v1/diagnose/route";
import { cached } from "@/lib/inventory/cache";
import { simulatorForFile } from "@/test/sim-env";
import { withAccount } from "./context";

const saved = process.env.GATECHECK_CONFIG;
beforeAll(() => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-accounts-")), "gatecheck.config.json");
  // Both read the simulator's one account with the default chain: enough to see the account travel and stay apart.
  fs.writeFileSync(
    file,
    JSON.stringify({
      accounts: [
        { name: "hub", accountId: "111111111111", regions: ["us-east-1"] },
        { name: "prod", accountId: "123456789012", regions: ["us-east-1", "eu-west-1"] },
      ],
    }),
  );
  process.env.GATECHECK_CONFIG = file;
});
afterAll(() => {
  process.env.GATECHECK_CONFIG = saved;
});
simulatorForFile({ pacing: false });
const noParams = { params: Promise.resolve({}) };
const get = async (route: typeof apis, url: string) => {
  const response = await route(new Request(`http://gatecheck.test${url}`), noParams);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the account of a request", () => {
  it("lists the configured accounts without their credentials", async () => {
    expect((await get(accounts, "/api/v1/accounts")).body).toEqual({
      accounts: [
        { name: "hub", accountId: "111111111111", regions: ["us-east-1"] },
        { name: "prod", accountId: "123456789012", regions: ["us-east-1", "eu-west-1"] },
      ],
    });
  });

  it("refuses an account the configuration does not list, naming those it does", async () => {
    const answer = await get(apis, "/api/v1/apis?account=staging");
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "ACCOUNT_UNKNOWN", field: "account", hint: expect.stringContaining("hub, prod") });
    expect((await get(apis, `/api/v1/apis?account=${"x".repeat(300)}`)).status).toBe(400);
  });

  it("records the account in the diagnosis", async () => {
    const answer = await get(diagnose, "/api/v1/diagnose?account=prod&region=us-east-1&api=rj1211gqfw&stage=prod&method=GET&path=/invoices");
    expect(answer.status).toBe(200);
    expect((answer.body.request as { account: string }).account).toBe("prod");
    const first = await get(diagnose, "/api/v1/diagnose?region=us-east-1&api=rj1211gqfw&stage=prod&method=GET&path=/invoices");
    expect((first.body.request as { account: string }).account).toBe("hub");
  });

  it("keeps each account's reads apart in the shared cache", async () => {
    let loads = 0;
    const read = () => cached("us-east-1/restapis-test", async () => ++loads);
    const [hub, prod, hubAgain] = [await withAccount("hub", read), await withAccount("prod", read), await withAccount("hub", read)];
    expect([hub.value, prod.value, hubAgain.value]).toEqual([1, 2, 1]);
  });
});
