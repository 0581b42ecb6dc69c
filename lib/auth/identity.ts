// Who is asking: a session cookie (OpenID Connect sign-in), the load balancer's signed `x-amzn-oidc-data`
// (ALB mode), or the one person on this machine. Used by Next's proxy (pages and API) and by the route
// wrapper. No Next imports: jose and fetch only, so it runs wherever the proxy runs.
import { flattenedVerify, importSPKI, jwtVerify, SignJWT } from "jose";
import type { AuditActor } from "@/lib/audit/types";
import { ApiError } from "@/lib/api/errors";
import { authMode, ROLES, type AuthMode, type Role } from "./config";

export type User = AuditActor;

/** Without sign-in there is one user, on this machine (or everyone, with GATECHECK_AUTH=none): an admin. */
export const LOCAL_USER: User = { sub: "local", name: null, email: null, role: "admin" };

type RoleMapping = { groupsClaim: string; roleGroups: Record<Role, string[]>; defaultRole: Role | null };

/** The highest role any of the user's groups maps to, else the default role; null: no role at all. */
export function roleOf(claims: Record<string, unknown>, mapping: RoleMapping): Role | null {
  const raw = claims[mapping.groupsClaim];
  // IdPs send groups as a list; some (and ALB's flattened claims) as one string, comma or space separated.
  const groups = new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(/[,\s]+/).filter(Boolean) : []);
  for (const role of [...ROLES].reverse()) if (mapping.roleGroups[role].some((g) => groups.has(g))) return role;
  return mapping.defaultRole;
}

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

export function userOf(claims: Record<string, unknown>, role: Role): User {
  return { sub: String(claims.sub), name: text(claims.name) ?? text(claims.preferred_username), email: text(claims.email), role };
}

// --- Sessions (OpenID Connect mode): a signed JWT in an HttpOnly cookie, readable by every instance ---

/** `__Host-` binds the cookie to this exact origin; browsers accept the prefix only on https. */
export const sessionCookieName = (publicUrl: string): string => (publicUrl.startsWith("https:") ? "__Host-gatecheck_session" : "gatecheck_session");

export function cookieAttributes(publicUrl: string, maxAgeSeconds: number, path = "/"): string {
  return `Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${publicUrl.startsWith("https:") ? "; Secure" : ""}`;
}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

export async function sealSession(user: User, mode: Extract<AuthMode, { kind: "oidc" }>): Promise<string> {
  return new SignJWT({ name: user.name, email: user.email, role: user.role })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(user.sub)
    .setIssuedAt()
    .setExpirationTime(`${mode.sessionHours}h`)
    .sign(secretKey(mode.sessionSecret));
}

async function openSession(token: string, mode: Extract<AuthMode, { kind: "oidc" }>): Promise<User | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(mode.sessionSecret), { algorithms: ["HS256"] });
    const role = payload.role;
    if (typeof payload.sub !== "string" || typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) return null;
    return { sub: payload.sub, name: text(payload.name), email: text(payload.email), role: role as Role };
  } catch {
    return null;
  }
}

export function cookieOf(headers: Headers, name: string): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return null;
}

// --- ALB mode: the load balancer signs the user's claims with ES256 into `x-amzn-oidc-data` ---
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html#user-claims-encoding
// The token's segments may carry base64 padding (not JWS-conformant); jose decodes them, and the signature
// covers the segments exactly as sent. The public key is fetched by `kid` from
// https://public-keys.auth.elb.{region}.amazonaws.com/{kid} (PEM). Unsure: whether `exp` sits in the header,
// the payload or both, so either is honoured and one is required.

const KID = /^[A-Za-z0-9_-]{1,128}$/;
const albKeys = new Map<string, Promise<CryptoKey>>();

async function albKey(keysUrl: string, kid: string): Promise<CryptoKey> {
  const cacheKey = `${keysUrl}/${kid}`;
  let key = albKeys.get(cacheKey);
  if (!key) {
    key = fetch(cacheKey, { signal: AbortSignal.timeout(5_000) }).then(async (response) => {
      if (!response.ok) throw new Error(`the key endpoint answered ${response.status}`);
      return importSPKI(await response.text(), "ES256");
    });
    albKeys.set(cacheKey, key);
    // A failed fetch is not remembered: the next request tries again.
    key.catch(() => albKeys.delete(cacheKey));
  }
  return key;
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The user the load balancer vouches for, or why the token is refused (a sentence). */
export async function verifyAlbData(token: string, mode: Extract<AuthMode, { kind: "alb" }>, now = Date.now()): Promise<{ user: User } | { reason: string; noRole?: true }> {
  const parts = token.split(".");
  if (parts.length !== 3) return { reason: "The x-amzn-oidc-data header is not a signed token." };
  const [protectedHeader, payload, signature] = parts as [string, string, string];
  const header = decodeSegment(protectedHeader);
  if (!header || header.alg !== "ES256" || typeof header.kid !== "string" || !KID.test(header.kid)) return { reason: "The x-amzn-oidc-data token is not an ES256 token with a key id." };
  if (mode.albArns.length > 0 && !mode.albArns.includes(String(header.signer))) return { reason: "The x-amzn-oidc-data token was signed by a load balancer not listed in GATECHECK_ALB_ARNS." };
  let key: CryptoKey;
  try {
    key = await albKey(mode.keysUrl, header.kid);
  } catch {
    return { reason: "The load balancer's public key for this token could not be fetched." };
  }
  try {
    await flattenedVerify({ protected: protectedHeader, payload, signature }, key, { algorithms: ["ES256"] });
  } catch {
    return { reason: "The x-amzn-oidc-data token's signature does not verify." };
  }
  const claims = decodeSegment(payload);
  const exp = Number(claims?.exp ?? header.exp);
  if (!claims || typeof claims.sub !== "string") return { reason: "The x-amzn-oidc-data token names no user (sub)." };
  if (!Number.isFinite(exp) || exp * 1000 <= now) return { reason: "The x-amzn-oidc-data token has expired." };
  const role = roleOf(claims, mode);
  if (!role) return { reason: "Your account is in no group that gatecheck maps to a role.", noRole: true };
  return { user: userOf(claims, role) };
}

// --- One answer for the proxy and the wrapper ---

export type Identity = { user: User } | { refusal: ApiError };

export const signInRequired = (message: string, hint: string) => new ApiError(401, "SIGN_IN_REQUIRED", message, hint);

/** Who sent the request, or the 401 that refuses it. */
export async function identify(headers: Headers, mode: AuthMode = authMode()): Promise<Identity> {
  switch (mode.kind) {
    case "local":
    case "none":
      return { user: LOCAL_USER };
    case "oidc": {
      const token = cookieOf(headers, sessionCookieName(mode.publicUrl));
      const user = token ? await openSession(token, mode) : null;
      return user ? { user } : { refusal: signInRequired("You are not signed in, or your session has ended.", "Sign in at /api/auth/login, then try again.") };
    }
    case "alb": {
      const token = headers.get("x-amzn-oidc-data");
      if (!token) return { refusal: signInRequired("The request did not come through the load balancer's sign-in.", "Open gatecheck through its load balancer address, which signs you in.") };
      const verified = await verifyAlbData(token, mode);
      if ("user" in verified) return verified;
      if (verified.noRole) return { refusal: new ApiError(403, "NO_ROLE", verified.reason, "Ask an admin to add you to a group mapped to a gatecheck role.") };
      return { refusal: signInRequired(verified.reason, "Sign in again through the load balancer; if it persists, check GATECHECK_ALB_REGION and GATECHECK_ALB_ARNS.") };
    }
  }
}
