// Who signs each request: static access keys of IAM users, the roles scenarios declare (with their trust), and the
// temporary credentials AssumeRole issues. The simulator answers every AWS call in the signing principal's account.
// Signatures are not verified: the access key id comes from the SigV4 Credential, the session from
// `x-amz-security-token` (uncertain.ts).
import { createHash, randomBytes } from "node:crypto";
import { SIM_ACCOUNT_ID } from "../state";

export interface Principal {
  accountId: string;
  /** As GetCallerIdentity and AccessDenied messages name it: `arn:aws:iam::{a}:user/{n}`, `arn:aws:sts::{a}:assumed-role/{role}/{session}`. */
  arn: string;
  /** GetCallerIdentity's UserId: `AIDA…` for a user, `AROA…:{session}` for a role session. */
  userId: string;
  /** A role session's role (trust policies name roles, not sessions); absent for users. */
  roleArn?: string;
  /** The IAM actions its policies allow (globs: `apigateway:GET`, `logs:*`); absent = every action. */
  allowedActions?: readonly string[];
}

export interface SimRole {
  accountId: string;
  name: string;
  arn: string;
  /** `AROA` + 17 characters, stable for the role's ARN. */
  roleId: string;
  /** Principals the trust policy allows: an account id, `arn:aws:iam::{a}:root`, `…:user/{n}` or `…:role/{n}`. */
  trustedPrincipals: string[];
  /** The trust policy's `sts:ExternalId` condition; null = none. */
  externalId: string | null;
  /** Seconds (AWS: 3600 unless the role was given more, at most 43200). */
  maxSessionDuration: number;
  /** What its sessions may do (IAM action globs); absent = everything. */
  allowedActions?: readonly string[];
}

export interface SimSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ms, a whole second (AWS's Expiration has no fraction) */
  expiresAt: number;
  principal: Principal;
}

/** Why a request's credentials were not accepted. */
export type CredentialProblem = "unknown-key" | "invalid-token" | "expired";

export type Resolution = { ok: true; principal: Principal } | { ok: false; problem: CredentialProblem; accessKeyId: string; sessionToken: string | undefined };

/** Access key ids in AWS's own forms must be known; any other (`AKIDSIMULATOR`, `test`, `x`) is the default principal. */
const AWS_KEY_FORM = /^(AKIA|ASIA)/;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** The principal of unsigned requests and of access keys not in AWS's forms: a user in the default account. */
export const DEFAULT_PRINCIPAL: Principal = userPrincipal(SIM_ACCOUNT_ID, "gatecheck");

/** IAM-style unique id: a 4-letter prefix and 17 characters, stable for `seed`. */
function uniqueId(prefix: string, seed: string): string {
  const digest = createHash("sha256").update(seed).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[digest[i]! % ID_ALPHABET.length];
  return id;
}

function randomChars(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

export function userPrincipal(accountId: string, userName: string, allowedActions?: readonly string[]): Principal {
  const arn = `arn:aws:iam::${accountId}:user/${userName}`;
  return { accountId, arn, userId: uniqueId("AIDA", arn), ...(allowedActions ? { allowedActions } : {}) };
}

export function roleArnOf(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export function newRole(accountId: string, input: Omit<SimRole, "accountId" | "arn" | "roleId">): SimRole {
  const arn = roleArnOf(accountId, input.name);
  const { allowedActions, ...rest } = input;
  return { accountId, arn, roleId: uniqueId("AROA", arn), ...rest, ...(allowedActions ? { allowedActions } : {}) };
}

/** IAM's action match: case-insensitive, `*` any characters, `?` one. */
function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "i").test(action);
}

/**
 * May the principal perform `action` (`apigateway:PATCH`)? Yes when it has no `allowedActions` (the simulator's
 * default: everything), or one of them matches. `sts:GetCallerIdentity` needs no permission in AWS: always yes.
 */
export function mayPerform(principal: Principal, action: string): boolean {
  if (principal.allowedActions === undefined || action === "sts:GetCallerIdentity") return true;
  return principal.allowedActions.some((pattern) => actionMatches(pattern, action));
}

/** Does the role's trust policy allow this principal (its account, itself, or — for a session — its role)? */
export function trusts(role: SimRole, caller: Principal): boolean {
  return role.trustedPrincipals.some((p) => {
    if (p === caller.accountId || p === `arn:aws:iam::${caller.accountId}:root`) return true;
    return p === caller.arn || (caller.roleArn !== undefined && p === caller.roleArn);
  });
}

export class Identities {
  /** Declared accounts: id → name. */
  readonly accounts = new Map<string, string>();
  /** Static access keys by id. */
  readonly keys = new Map<string, Principal>();
  /** Roles by ARN. */
  readonly roles = new Map<string, SimRole>();
  /** Temporary credentials by access key id; they outlive a reload of the scenarios, as issued credentials outlive a change in AWS. */
  readonly sessions = new Map<string, SimSession>();

  /** Forgets the declared accounts, keys and roles (not the issued sessions). */
  reset(): void {
    this.accounts.clear();
    this.keys.clear();
    this.roles.clear();
  }

  /** Who a request's access key id and session token stand for, at `now` (ms). No key = an unsigned request. */
  resolve(accessKeyId: string | undefined, sessionToken: string | undefined, now: number): Resolution {
    if (accessKeyId === undefined) return { ok: true, principal: DEFAULT_PRINCIPAL };
    const refuse = (problem: CredentialProblem): Resolution => ({ ok: false, problem, accessKeyId, sessionToken });
    const session = this.sessions.get(accessKeyId);
    if (session) {
      if (sessionToken !== session.sessionToken) return refuse("invalid-token");
      if (now >= session.expiresAt) return refuse("expired");
      return { ok: true, principal: session.principal };
    }
    const principal = this.keys.get(accessKeyId);
    if (principal) return sessionToken === undefined ? { ok: true, principal } : refuse("invalid-token");
    if (AWS_KEY_FORM.test(accessKeyId)) return refuse("unknown-key");
    return { ok: true, principal: DEFAULT_PRINCIPAL };
  }

  /** Issues temporary credentials for a session of `role` (the caller is already authorised). */
  issue(role: SimRole, sessionName: string, durationSeconds: number, now: number): SimSession {
    let accessKeyId: string;
    do accessKeyId = `ASIA${randomChars(ID_ALPHABET, 16)}`;
    while (this.sessions.has(accessKeyId) || this.keys.has(accessKeyId));
    const session: SimSession = {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString("base64"),
      // Opaque to clients; AWS's are a few hundred base64 characters
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(300).toString("base64")}`,
      expiresAt: Math.floor(now / 1000) * 1000 + durationSeconds * 1000,
      principal: {
        accountId: role.accountId,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
        userId: `${role.roleId}:${sessionName}`,
        roleArn: role.arn,
        ...(role.allowedActions ? { allowedActions: role.allowedActions } : {}),
      },
    };
    this.sessions.set(accessKeyId, session);
    return session;
  }
}
