import "server-only";
import { ApiError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record";
import { authMode } from "./config";
import { identify, type User } from "./identity";
import { beginSignIn, clearSessionCookie, finishSignIn, safeReturnTo } from "./oidc";

// The sign-in endpoints' logic; the route files only wire them into the wrapper.

function redirect(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 302, headers });
}

/** GET /api/auth/login?returnTo=/path: off to the IdP; without OpenID Connect there is nothing to sign in to. */
export async function signIn(returnTo: string | undefined): Promise<Response> {
  const mode = authMode();
  if (mode.kind !== "oidc") return redirect(safeReturnTo(returnTo ?? null));
  const { location, setCookie } = await beginSignIn(mode, returnTo ?? "/");
  return redirect(location, [setCookie]);
}

/** GET /api/auth/callback: the IdP's answer. Failures land on /signed-out, which says what happened. */
export async function signInCallback(request: Request): Promise<Response> {
  const mode = authMode();
  if (mode.kind !== "oidc") return redirect("/");
  const search = new URL(request.url).search;
  const idpError = new URL(request.url).searchParams.get("error");
  if (idpError) return redirect(`/signed-out?reason=failed&code=${encodeURIComponent(idpError.slice(0, 64))}`);
  try {
    const result = await finishSignIn(mode, request.headers, search);
    if (!result.ok) {
      await recordAudit("sign-in-refused", { ...result.claims, role: "viewer" }, { reason: "no group maps to a role" });
      return redirect("/signed-out?reason=no-role");
    }
    await recordAudit("sign-in", result.user, { via: "oidc" });
    return redirect(`${mode.publicUrl}${result.returnTo}`, result.setCookies);
  } catch (err) {
    if (err instanceof ApiError) return redirect(`/signed-out?reason=failed&code=${encodeURIComponent(err.code)}`);
    throw err;
  }
}

/** POST /api/auth/logout: the session cookie goes (the IdP's own session stays; signing in again is quick). */
export function signOut(): Response {
  const mode = authMode();
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store" });
  if (mode.kind === "oidc") headers.append("set-cookie", clearSessionCookie(mode));
  return new Response(JSON.stringify({ signedOut: mode.kind === "oidc" }), { headers });
}

export interface Viewer {
  mode: "oidc" | "alb" | "none" | "local";
  user: User | null;
}

/** GET /api/auth/me, and the layout: who is signed in, under which mode. */
export async function currentViewer(headers: Headers): Promise<Viewer> {
  const mode = authMode();
  const identity = await identify(headers, mode);
  return { mode: mode.kind, user: "user" in identity ? identity.user : null };
}
