// The accounts of sim/scenarios-multi as gatecheck.config.json lists them: the hub (gatecheck's own key, which the
// simulator maps to the hub account) and members reached by role and external id. Shared by the tests and e2e.

export const MULTI_ACCOUNTS = {
  hub: "111111111111",
  prod: "222222222222",
  staging: "333333333333",
  sandbox: "444444444444",
  audit: "555555555555",
} as const;

export const MULTI_MEMBERS = ["prod", "staging", "sandbox"] as const;
export const MULTI_REGIONS = ["us-east-1", "eu-west-1"] as const;
export const HUB_KEY = { accessKeyId: "AKIAGATECHECKHUB0001", secretAccessKey: "gatecheck-hub-secret" };

export function multiAccountConfig(): { accounts: object[] } {
  const member = (name: keyof typeof MULTI_ACCOUNTS) => ({
    name,
    accountId: MULTI_ACCOUNTS[name],
    roleArn: `arn:aws:iam::${MULTI_ACCOUNTS[name]}:role/gatecheck-readonly`,
    externalId: `gatecheck-${name}-${MULTI_ACCOUNTS[name].slice(-4)}`,
    regions: [...MULTI_REGIONS],
  });
  return { accounts: [{ name: "hub", accountId: MULTI_ACCOUNTS.hub, regions: ["us-east-1"] }, ...MULTI_MEMBERS.map(member), member("audit")] };
}
