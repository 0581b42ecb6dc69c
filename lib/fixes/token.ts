import "server-only";
import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { ApiError } from "@/lib/api/errors";

// What the browser carries between preview, apply and undo, signed (HS256) so none can be forged: the state a
// preview was made from, and the calls an undo makes. Ids and settings only, never a key value.
// Signed with GATECHECK_SESSION_SECRET, which every instance behind one load balancer shares; without it, with a
// key of this process (one instance on loopback): a restart then loses one-click undo, and the command remains.
const processKey = randomBytes(32);

const keyOf = () => {
  const secret = process.env.GATECHECK_SESSION_SECRET?.trim();
  return secret ? new TextEncoder().encode(`gatecheck-fix:${secret}`) : processKey;
};

export async function signFixToken(purpose: "preview" | "undo", payload: Record<string, unknown>, hours: number): Promise<string> {
  return new SignJWT({ ...payload, purpose }).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime(`${hours}h`).sign(keyOf());
}

export async function verifyFixToken<T>(purpose: "preview" | "undo", token: string, field: string): Promise<T> {
  try {
    const { payload } = await jwtVerify(token, keyOf(), { algorithms: ["HS256"] });
    if (payload.purpose !== purpose) throw new Error("wrong purpose");
    return payload as T;
  } catch {
    throw new ApiError(
      400,
      purpose === "preview" ? "FIX_PREVIEW_INVALID" : "UNDO_TOKEN_INVALID",
      purpose === "preview"
        ? "This preview is not one gatecheck made, or it has expired."
        : "This undo is not one gatecheck made, or it has expired (or the server restarted without GATECHECK_SESSION_SECRET).",
      purpose === "preview" ? "Preview the fix again, then apply it." : "Run the undo command shown with the fix instead.",
      { field },
    );
  }
}
