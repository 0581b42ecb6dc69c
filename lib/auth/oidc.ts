import "server-only";
import { jwtVerify, SignJWT } from "jose";
import * as oidc from "openid-client";
import { ApiError } from "@/lib/api/errors";
import { isLoopbackHost, type AuthMode } from "./config";
import { cookieAttributes, cookieOf, roleOf, sealSession, sessionCookieName, userOf, type User } from "./identity";

// OpenID Connect sign-in with any IdP through openid-client (certified, by the author of jose): the
// authorization code flow with PKCE, state and nonce. What the browser must carry between the redirect and
// the callback sits in a short-lived signed cookie, so any instance can finish a sign-in another began.

type OidcMode = Extract<AuthMode, { kind: "oidc" }>;

const LOGIN_COOKIE = "gatecheck_login";
const LOGIN_SECONDS = 600;
export const CALLBACK_PATH = "/api/auth/callback";

let discovered: { issuer: string; config: Promise<oidc.Configuration> } | null = null;

/** The IdP's metadata, read once; a failure is not remembered. Plain http only for an IdP on loopback (tests). */
function configuration(mode: OidcMode): Promise<oidc.Configuration> {
  if (discovered?.issuer === mode.issuer) return discovered.config;
  const issuer = new URL(mode.issuer);
  const insecure = issuer.protocol === "http:" && isLoopbackHost(issuer.hostname);
  const config = oidc.discovery(issuer, mode.clientId, mode.clientSecret, undefined, insecure ? { execute: [oidc.allowInsecureRequests] } : undefined);
  discovered = { issuer: mode.issuer, config };
  config.catch(() => {
    if (discovered?.config === config) discovered = null;
  });
  return config;
}

const secretKey = (mode: OidcMode) => new TextEncoder().encode(mode.sessionSecret);

/** Only a path of this site: `returnTo` comes from the URL, and must not send anyone elsewhere. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") && !value.startsWith("/api/auth/") ? value : "/";
}

/** Where to send the browser to sign in, and the cookie that remembers this attempt. */
export async function beginSignIn(mode: OidcMode, returnTo: string): Promise<{ location: string; setCookie: string }> {
  const config = await configuration(mode).catch(() => {
    throw idpUnreachable();
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${mode.publicUrl}${CALLBACK_PATH}`,
    scope: mode.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const attempt = await new SignJWT({ verifier, state, nonce, returnTo: safeReturnTo(returnTo) }).setProtectedHeader({ alg: "HS256" }).setExpirationTime(`${LOGIN_SECONDS}s`).sign(secretKey(mode));
  return { location: url.href, setCookie: `${LOGIN_COOKIE}=${attempt}; ${cookieAttributes(mode.publicUrl, LOGIN_SECONDS, "/api/auth")}` };
}

export type SignInResult = { ok: true; user: User; returnTo: string; setCookies: string[] } | { ok: false; claims: { sub: string; name: string | null; email: string | null } };

/** The IdP sent the browser back: exchange the code, read the user's claims, map their groups to a role. */
export async function finishSignIn(mode: OidcMode, headers: Headers, search: string): Promise<SignInResult> {
  const token = cookieOf(headers, LOGIN_COOKIE);
  let attempt: { verifier: string; state: string; nonce: string; returnTo: string };
  try {
    attempt = (await jwtVerify(token ?? "", secretKey(mode), { algorithms: ["HS256"] })).payload as typeof attempt;
  } catch {
    throw new ApiError(400, "SIGN_IN_EXPIRED", "This sign-in was not started here, or took longer than 10 minutes.", "Start again at /api/auth/login.");
  }
  const config = await configuration(mode).catch(() => {
    throw idpUnreachable();
  });
  let claims: Record<string, unknown>;
  try {
    // The URL the IdP redirected to, as the IdP saw it (behind a proxy the request's own URL may differ).
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${mode.publicUrl}${CALLBACK_PATH}${search}`), {
      pkceCodeVerifier: attempt.verifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    // Many IdPs put groups in the userinfo answer rather than the ID token.
    const userinfo = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
    claims = { ...userinfo, ...idClaims, ...(mode.groupsClaim in idClaims ? {} : { [mode.groupsClaim]: (userinfo as Record<string, unknown>)[mode.groupsClaim] }) };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(
      400,
      "SIGN_IN_FAILED",
      `The identity provider did not complete the sign-in (${describe(err)}).`,
      "Start again at /api/auth/login; if it persists, check the client id, secret and redirect URI at the IdP.",
    );
  }
  const role = roleOf(claims, mode);
  const who = userOf(claims, role ?? "viewer");
  if (!role) return { ok: false, claims: { sub: who.sub, name: who.name, email: who.email } };
  const user = { ...who, role };
  return {
    ok: true,
    user,
    returnTo: attempt.returnTo,
    setCookies: [`${sessionCookieName(mode.publicUrl)}=${await sealSession(user, mode)}; ${cookieAttributes(mode.publicUrl, mode.sessionHours * 3600)}`, clearLoginCookie(mode)],
  };
}

export const clearLoginCookie = (mode: OidcMode): string => `${LOGIN_COOKIE}=; ${cookieAttributes(mode.publicUrl, 0, "/api/auth")}`;
export const clearSessionCookie = (mode: OidcMode): string => `${sessionCookieName(mode.publicUrl)}=; ${cookieAttributes(mode.publicUrl, 0)}`;

const idpUnreachable = () =>
  new ApiError(502, "IDP_UNREACHABLE", "gatecheck could not read the identity provider's configuration.", "Check GATECHECK_OIDC_ISSUER and that the server can reach it, then try again.");

function describe(err: unknown): string {
  // openid-client's errors carry OAuth's own codes (invalid_grant…) and never a secret.
  const e = err as { error?: unknown; code?: unknown; message?: unknown };
  return String(e.error ?? e.code ?? e.message ?? "unknown error").slice(0, 120);
}
