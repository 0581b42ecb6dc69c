import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AccountsConfigError, configuredAccounts, parseAccountsConfig } from "./config";

const prod = { name: "prod", accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/gatecheck-readonly", externalId: "gc-7f3a91", regions: ["us-east-1", "eu-west-1"] };
const parse = (config: unknown) => parseAccountsConfig(JSON.stringify(config), "gatecheck.config.json");

describe("gatecheck.config.json", () => {
  it("reads each account's credentials: an assumed role with its external id, a profile, or the default chain", () => {
    const accounts = parse({
      accounts: [prod, { name: "dev", accountId: "333333333333", profile: "dev-readonly", regions: ["us-west-2"] }, { name: "hub", accountId: "111111111111", regions: ["us-east-1"] }],
    });
    expect(accounts.map((a) => [a.name, a.credentials])).toEqual([
      ["prod", { kind: "role", roleArn: prod.roleArn, externalId: "gc-7f3a91" }],
      ["dev", { kind: "profile", profile: "dev-readonly" }],
      ["hub", { kind: "default" }],
    ]);
    expect(accounts[0]!.regions).toEqual(["us-east-1", "eu-west-1"]);
  });

  it("names the field and the fix when an entry is wrong", () => {
    const cases: [unknown, RegExp][] = [
      [{ accounts: [{ ...prod, accountId: "22" }] }, /accounts\[0\]\.accountId must be a 12-digit AWS account id/],
      [{ accounts: [{ ...prod, regions: ["mars-east-1"] }] }, /accounts\[0\]\.regions\[0\] is not an AWS region/],
      [{ accounts: [{ ...prod, regions: [] }] }, /regions must list at least one region/],
      [{ accounts: [{ ...prod, profile: "x" }] }, /roleArn cannot be set together with profile/],
      [{ accounts: [{ ...prod, roleArn: "arn:aws:iam::999999999999:role/r" }] }, /roleArn names account 999999999999, not 222222222222/],
      [{ accounts: [{ name: "x", accountId: "222222222222", externalId: "abc", regions: ["us-east-1"] }] }, /externalId needs roleArn/],
      [{ accounts: [prod, prod] }, /accounts\[1\]\.name "prod" is used twice/],
      [{ accounts: [{ ...prod, name: "Prod Account" }] }, /name must be 1–63 lowercase letters/],
      [{ accounts: [{ ...prod, secretAccessKey: "no" }] }, /accounts\[0\]/],
      [{ accounts: [] }, /must list at least one account/],
    ];
    for (const [config, message] of cases) expect(() => parse(config)).toThrow(message);
    expect(() => parseAccountsConfig("{ not json", "gatecheck.config.json")).toThrow(AccountsConfigError);
  });

  it("without a file: the default chain's one account; GATECHECK_CONFIG names the file", () => {
    expect(configuredAccounts({ AWS_REGION: "eu-central-1" })).toEqual([{ name: "default", accountId: null, credentials: { kind: "default" }, regions: ["eu-central-1"] }]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-config-")), "accounts.json");
    fs.writeFileSync(file, JSON.stringify({ accounts: [prod] }));
    expect(configuredAccounts({ GATECHECK_CONFIG: file }).map((a) => a.name)).toEqual(["prod"]);
    expect(() => configuredAccounts({ GATECHECK_CONFIG: `${file}.missing` })).toThrow(/cannot be read \(ENOENT\)/);
  });
});
