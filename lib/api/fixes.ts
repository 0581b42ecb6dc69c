import "server-only";
import { z } from "zod";
import { currentAccount } from "@/lib/accounts/context";
import { authMode } from "@/lib/auth/config";
import type { User } from "@/lib/auth/identity";
import { FIXABLE_CODES } from "@/lib/fixes/plan";
import { writeRefusal } from "@/lib/fixes/mode";
import type { WriteAccess } from "@/lib/fixes/types";
import { ApiError } from "./errors";
import { callBody } from "./params";

// Inputs of the write-mode routes, and the one check every one of them makes first.

const fixableCode = z.enum(FIXABLE_CODES as [string, ...string[]], { message: `must be a finding code whose fix gatecheck can apply: ${FIXABLE_CODES.join(", ")}` });

export const previewBody = callBody.extend({
  code: fixableCode,
  option: z
    .string()
    .regex(/^[\w:-]{1,80}$/, "must be one of the preview's option ids")
    .optional(),
});
export const applyBody = previewBody.extend({ fingerprint: z.string().min(1, "must not be empty").max(16_384, "must be the preview's fingerprint") });
export const undoBody = callBody.extend({ undoToken: z.string().min(1, "must not be empty").max(65_536, "must be the undo token of an applied fix") });

/** Whether this user may apply fixes in the request's account. */
export function writeAccess(user: User): WriteAccess {
  const refusal = writeRefusal(user, authMode().kind, currentAccount());
  return refusal ? { enabled: false, reason: `${refusal.message} ${refusal.hint}`, codes: [] } : { enabled: true, reason: null, codes: [...FIXABLE_CODES] };
}

/** 403 unless write mode is on, the user is an admin (or the one local user), and the account has write credentials. */
export function assertWriteAccess(user: User): void {
  const refusal = writeRefusal(user, authMode().kind, currentAccount());
  if (refusal) throw new ApiError(403, refusal.code, refusal.message, refusal.hint);
}
