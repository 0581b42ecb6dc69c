import { describe, expect, it } from "vitest";
import type { Account } from "@/lib/accounts/config";
import { defaultAccounts, parseAccountsConfig } from "@/lib/accounts/config";
import type { User } from "@/lib/auth/identity";
import { writeRefusal } from "./mode";

const admin: User = { sub: "ada", name: "Ada", email: null, role: "admin" };
const withWrite: Account = defaultAccounts("us-east-1", { GATECHECK_WRITE_ROLE_ARN: "arn:aws:iam::123456789012:role/gatecheck-fix" })[0]!;
const ON = { GATECHECK_WRITE: "1" };

describe("write mode is opt-in twice", () => {
  it("is off without GATECHECK_WRITE=1, whoever asks", () => {
    expect(writeRefusal(admin, "oidc", withWrite, {})?.code).toBe("WRITE_MODE_OFF");
    expect(writeRefusal(admin, "local", withWrite, { GATECHECK_WRITE: "true" })?.code).toBe("WRITE_MODE_OFF");
  });
  it("needs the admin role when signed in", () => {
    for (const role of ["viewer", "responder"] as const) {
      const refusal = writeRefusal({ ...admin, role }, "oidc", withWrite, ON);
      expect(refusal?.code).toBe("ROLE_REQUIRED");
      expect(refusal?.message).toBe(`Applying a fix needs the admin role; you are signed in as ${role}.`);
    }
    expect(writeRefusal(admin, "oidc", withWrite, ON)).toBeNull();
    expect(writeRefusal(admin, "alb", withWrite, ON)?.message).toMatch(/need GATECHECK_SESSION_SECRET/);
    expect(writeRefusal(admin, "alb", withWrite, { ...ON, GATECHECK_SESSION_SECRET: "x".repeat(32) })).toBeNull();
  });
  it("allows the one local user of a loopback server, never GATECHECK_AUTH=none", () => {
    expect(writeRefusal({ sub: "local", name: null, email: null, role: "admin" }, "local", withWrite, ON)).toBeNull();
    expect(writeRefusal({ sub: "local", name: null, email: null, role: "admin" }, "none", withWrite, ON)?.message).toMatch(/GATECHECK_AUTH=none/);
  });
  it("needs the account's own write credentials: the read credentials never write", () => {
    const readOnly = defaultAccounts("us-east-1", {})[0]!;
    expect(readOnly.write).toBeUndefined();
    expect(writeRefusal(admin, "oidc", readOnly, ON)).toMatchObject({ code: "WRITE_CREDENTIALS_MISSING", hint: expect.stringMatching(/GATECHECK_WRITE_ROLE_ARN/) });
    expect(defaultAccounts("us-east-1", { GATECHECK_WRITE_PROFILE: "fixer" })[0]!.write).toEqual({ kind: "profile", profile: "fixer" });
  });
  it("reads a configured account's writeRoleArn, and refuses one naming another account", () => {
    const entry = { name: "prod", accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/gatecheck-readonly", regions: ["us-east-1"] };
    const [prod] = parseAccountsConfig(
      JSON.stringify({ accounts: [{ ...entry, writeRoleArn: "arn:aws:iam::222222222222:role/gatecheck-fix", writeExternalId: "fix-2222" }] }),
      "gatecheck.config.json",
    );
    expect(prod!.write).toEqual({ kind: "role", roleArn: "arn:aws:iam::222222222222:role/gatecheck-fix", externalId: "fix-2222" });
    expect(() => parseAccountsConfig(JSON.stringify({ accounts: [{ ...entry, writeRoleArn: "arn:aws:iam::333333333333:role/gatecheck-fix" }] }), "gatecheck.config.json")).toThrow(
      "gatecheck.config.json: accounts[0].writeRoleArn names account 333333333333, not 222222222222.",
    );
  });
});
