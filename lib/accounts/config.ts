// The AWS accounts gatecheck reads: `gatecheck.config.json` (path in GATECHECK_CONFIG), validated with zod,
// read once. Without the file, one account: whatever the SDK's default credential chain gives.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { isKnownRegion } from "@/lib/regions";

/** How gatecheck gets credentials for an account. */
export type AccountCredentials =
  /** The SDK's default chain: env, AWS_PROFILE, SSO, the instance or task role. */
  | { kind: "default" }
  /** A named profile of ~/.aws/config (SSO, credential_process and role profiles included). */
  | { kind: "profile"; profile: string }
  /** A role assumed from the server's own credentials (a member account's read-only role). */
  | { kind: "role"; roleArn: string; externalId: string | null };

export interface Account {
  /** What people call it ("prod"); also its id in URLs and share links. */
  name: string;
  /** The 12-digit account id, when known (always, with a config file). */
  accountId: string | null;
  credentials: AccountCredentials;
  regions: readonly string[];
  /** Write mode's credentials (issue 14): separate, so the read role stays read-only; absent = no fixes in this account. */
  write?: Exclude<AccountCredentials, { kind: "default" }>;
}

/** The one account without a config file. Its name is what URLs carry, so links made before accounts keep working. */
export const DEFAULT_ACCOUNT_NAME = "default";

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
const regionName = z.string().refine(isKnownRegion, { message: "is not an AWS region (such as us-east-1)" });

const roleArn = (example: string) =>
  z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, `must be an IAM role ARN such as ${example}`)
    .optional();
const externalId = z
  .string()
  .regex(/^[\w+=,.@:/-]{2,1224}$/, "must be 2–1224 characters of letters, digits and +=,.@:/-")
  .optional();

const accountSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be 1–63 lowercase letters, digits or hyphens (it goes into URLs)"),
    accountId,
    profile: z.string().min(1).optional(),
    roleArn: roleArn("arn:aws:iam::222222222222:role/gatecheck-readonly"),
    externalId,
    regions: z.array(regionName).min(1, "must list at least one region"),
    /** Write mode's own credentials: a profile, or a role (with its external id) allowed only iam/gatecheck-fix.json. */
    writeProfile: z.string().min(1).optional(),
    writeRoleArn: roleArn("arn:aws:iam::222222222222:role/gatecheck-fix"),
    writeExternalId: externalId,
  })
  .superRefine((a, ctx) => {
    if (a.profile && a.roleArn) ctx.addIssue({ code: "custom", path: ["roleArn"], message: "cannot be set together with profile: pick one way to get credentials" });
    if (a.externalId && !a.roleArn) ctx.addIssue({ code: "custom", path: ["externalId"], message: "needs roleArn (an external id is sent when assuming a role)" });
    if (a.roleArn && a.roleArn.split(":")[4] !== a.accountId) ctx.addIssue({ code: "custom", path: ["roleArn"], message: `names account ${a.roleArn.split(":")[4]}, not ${a.accountId}` });
    if (a.writeProfile && a.writeRoleArn) ctx.addIssue({ code: "custom", path: ["writeRoleArn"], message: "cannot be set together with writeProfile: pick one way to get write credentials" });
    if (a.writeExternalId && !a.writeRoleArn) ctx.addIssue({ code: "custom", path: ["writeExternalId"], message: "needs writeRoleArn (an external id is sent when assuming a role)" });
    if (a.writeRoleArn && a.writeRoleArn.split(":")[4] !== a.accountId)
      ctx.addIssue({ code: "custom", path: ["writeRoleArn"], message: `names account ${a.writeRoleArn.split(":")[4]}, not ${a.accountId}` });
  });

const configSchema = z.strictObject({
  accounts: z
    .array(accountSchema)
    .min(1, "must list at least one account")
    .superRefine((accounts, ctx) => {
      const seen = new Set<string>();
      accounts.forEach((a, i) => {
        if (seen.has(a.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${a.name}" is used twice: names identify accounts in URLs` });
        seen.add(a.name);
      });
    }),
});

export class AccountsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AccountsConfigError";
  }
}

function toAccount(entry: z.output<typeof accountSchema>): Account {
  const credentials: AccountCredentials = entry.roleArn
    ? { kind: "role", roleArn: entry.roleArn, externalId: entry.externalId ?? null }
    : entry.profile
      ? { kind: "profile", profile: entry.profile }
      : { kind: "default" };
  const write = writeCredentials(entry.writeProfile, entry.writeRoleArn, entry.writeExternalId);
  return { name: entry.name, accountId: entry.accountId, credentials, regions: entry.regions, ...(write ? { write } : {}) };
}

function writeCredentials(profile: string | undefined, roleArn: string | undefined, externalId: string | undefined): Account["write"] {
  if (roleArn) return { kind: "role", roleArn, externalId: externalId ?? null };
  return profile ? { kind: "profile", profile } : undefined;
}

/** The accounts of a config file's text; an invalid file is an error naming the field and the fix. */
export function parseAccountsConfig(text: string, file: string): Account[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AccountsConfigError(`${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("") || "(the file)";
    throw new AccountsConfigError(`${file}: ${where.replace(/^\./, "")} ${issue.message}.`);
  }
  return parsed.data.accounts.map(toAccount);
}

/** Without a config file: the default chain's one account, in the default region. */
export function defaultAccounts(region: string, env: Record<string, string | undefined> = {}): Account[] {
  const write = writeCredentials(env.GATECHECK_WRITE_PROFILE?.trim() || undefined, env.GATECHECK_WRITE_ROLE_ARN?.trim() || undefined, env.GATECHECK_WRITE_EXTERNAL_ID?.trim() || undefined);
  return [{ name: DEFAULT_ACCOUNT_NAME, accountId: null, credentials: { kind: "default" }, regions: [region], ...(write ? { write } : {}) }];
}

/** Keyed by GATECHECK_CONFIG as set: this runs on every AWS read (credentials, cache keys), so no file is looked at again. */
let loaded: { setting: string; accounts: Account[] } | null = null;

/**
 * The configured accounts: GATECHECK_CONFIG, else `gatecheck.config.json` in the working directory if it exists,
 * else the default chain's one account. Read once per process; a broken file stops the server at start.
 */
export function configuredAccounts(env: Record<string, string | undefined> = process.env): Account[] {
  const explicit = env.GATECHECK_CONFIG?.trim();
  const setting = [explicit, env.AWS_REGION ?? env.AWS_DEFAULT_REGION, env.GATECHECK_WRITE_PROFILE, env.GATECHECK_WRITE_ROLE_ARN, env.GATECHECK_WRITE_EXTERNAL_ID].join("|");
  if (loaded && loaded.setting === setting) return loaded.accounts;
  const file = explicit ? path.resolve(explicit) : fs.existsSync("gatecheck.config.json") ? path.resolve("gatecheck.config.json") : null;
  let accounts: Account[];
  if (!file) accounts = defaultAccounts(env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1", env);
  else {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      throw new AccountsConfigError(`GATECHECK_CONFIG names ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    accounts = parseAccountsConfig(text, path.basename(file));
  }
  loaded = { setting, accounts };
  return accounts;
}

/** The account of this name, or null. */
export function accountNamed(name: string, accounts: readonly Account[] = configuredAccounts()): Account | null {
  return accounts.find((a) => a.name === name) ?? null;
}
