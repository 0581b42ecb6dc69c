import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { sharedRedis } from "@/lib/shared/redis";

// What the browser carries between preview, apply and undo, signed (HS256) so none can be forged, and good once: the
// state a preview was made from, and the calls an undo makes. Ids and settings only, never a key value.
// Signed with GATECHECK_SESSION_SECRET, which every instance behind one load balancer shares; without it, with a
// key of this process (one instance on loopback): a restart then loses one-click undo, and the command remains.
const processKey = randomBytes(32);

const keyOf = () => {
  const secret = process.env.GATECHECK_SESSION_SECRET?.trim();
  return secret ? new TextEncoder().encode(`gatecheck-fix:${secret}`) : processKey;
};

type Purpose = "preview" | "undo";

export async function signFixToken(purpose: Purpose, payload: Record<string, unknown>, hours: number): Promise<string> {
  return new SignJWT({ ...payload, purpose }).setProtectedHeader({ alg: "HS256" }).setJti(randomUUID()).setIssuedAt().setExpirationTime(`${hours}h`).sign(keyOf());
}

const invalid = (purpose: Purpose, field: string) =>
  new ApiError(
    400,
    purpose === "preview" ? "FIX_PREVIEW_INVALID" : "UNDO_TOKEN_INVALID",
    purpose === "preview"
      ? "This preview is not one gatecheck made, or it has expired."
      : "This undo is not one gatecheck made, or it has expired (or the server restarted without GATECHECK_SESSION_SECRET).",
    purpose === "preview" ? "Preview the fix again, then apply it." : "Run the undo command shown with the fix instead.",
    { field },
  );

/** The token's payload, checked against `schema` (a token of an older shape is invalid, not a crash), and its id. */
export async function verifyFixToken<S extends z.ZodType>(purpose: Purpose, token: string, field: string, schema: S): Promise<z.output<S> & { jti: string }> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyOf(), { algorithms: ["HS256"] }));
  } catch {
    throw invalid(purpose, field);
  }
  const parsed = schema.safeParse(payload);
  const { purpose: made, jti } = payload as { purpose?: unknown; jti?: unknown };
  if (!parsed.success || made !== purpose || typeof jti !== "string") throw invalid(purpose, field);
  return { ...(parsed.data as object), jti } as z.output<S> & { jti: string };
}

/** Ids of tokens already used, in this process (Redis keeps them for every instance when configured). */
const usedHere = new Map<string, number>();

/** Marks a token used; false when it was used already. Kept as long as the token could still be presented. */
export async function claimOnce(jti: string, hours: number): Promise<boolean> {
  const ttl = hours * 3_600_000;
  const redis = sharedRedis();
  if (redis && (await redis.usable())) {
    try {
      return (await redis.client.set(`${redis.prefix}fix-token:${jti}`, "1", "PX", ttl, "NX")) === "OK";
    } catch (err) {
      redis.failed(err);
    }
  }
  const now = Date.now();
  for (const [id, until] of usedHere) if (until < now) usedHere.delete(id);
  if (usedHere.has(jti)) return false;
  usedHere.set(jti, now + ttl);
  return true;
}
