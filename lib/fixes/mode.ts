// Write mode is opt-in twice (issue 14): the server (GATECHECK_WRITE=1) and the user (admin; or, without sign-in,
// the one person of a loopback-only server). PURE: the environment and the viewer are arguments.
import type { Account } from "@/lib/accounts/config";
import type { AuthMode } from "@/lib/auth/config";
import type { User } from "@/lib/auth/identity";

export type WriteRefusal = { code: "WRITE_MODE_OFF" | "ROLE_REQUIRED" | "WRITE_CREDENTIALS_MISSING"; message: string; hint: string };

/** Why this user may not apply fixes in this account, or null when they may. */
export function writeRefusal(user: User, mode: AuthMode["kind"], account: Account, env: Record<string, string | undefined> = process.env): WriteRefusal | null {
  if (env.GATECHECK_WRITE?.trim() !== "1")
    return {
      code: "WRITE_MODE_OFF",
      message: "Fixes from the dashboard are off on this server.",
      hint: "An operator turns them on with GATECHECK_WRITE=1 and write credentials (see the README, Write mode).",
    };
  // Without sign-in on purpose (GATECHECK_AUTH=none), everyone who reaches the server is admin: too wide to write.
  if (mode === "none")
    return {
      code: "WRITE_MODE_OFF",
      message: "Fixes need sign-in: with GATECHECK_AUTH=none anyone who reaches the server could apply them.",
      hint: "Configure OIDC or ALB sign-in, or run gatecheck on loopback without GATECHECK_AUTH.",
    };
  // Previews and undo tokens are signed with it (lib/fixes/token.ts): behind an ALB each instance would sign with its own key.
  if (mode === "alb" && !env.GATECHECK_SESSION_SECRET?.trim())
    return {
      code: "WRITE_MODE_OFF",
      message: "Fixes behind an ALB need GATECHECK_SESSION_SECRET, the same on every instance: previews and undo tokens are signed with it.",
      hint: "Set GATECHECK_SESSION_SECRET (32+ characters) on every instance, then restart.",
    };
  if (user.role !== "admin")
    return {
      code: "ROLE_REQUIRED",
      message: `Applying a fix needs the admin role; you are signed in as ${user.role}.`,
      hint: "Ask an admin to apply it, or to add you to a group mapped to admin (GATECHECK_ADMIN_GROUPS).",
    };
  if (!account.write)
    return {
      code: "WRITE_CREDENTIALS_MISSING",
      message: `Account ${account.name} has no write credentials: gatecheck's read credentials never write.`,
      hint:
        account.accountId === null
          ? "Set GATECHECK_WRITE_ROLE_ARN (a role allowed iam/gatecheck-fix.json) or GATECHECK_WRITE_PROFILE."
          : `Give account ${account.name} a writeRoleArn (a role allowed iam/gatecheck-fix.json) or writeProfile in gatecheck.config.json.`,
    };
  return null;
}
