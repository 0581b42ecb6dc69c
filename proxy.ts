import { NextResponse, type NextRequest } from "next/server";
import { PROBE_PATHS, refusedRequest, securityHeaders } from "@/lib/api/guard";
import { authMode } from "@/lib/auth/config";
import { identify } from "@/lib/auth/identity";

// Every request, page or API, passes the Host and cross-site checks and, with sign-in configured, must come
// from a signed-in user; every answer carries the security headers. The route wrapper checks API requests
// again (and their role), so a handler called another way is covered too.

/** Reachable without signing in, besides health checks (PROBE_PATHS): the sign-in itself, and pages about it. */
const PUBLIC = [/^\/api\/auth\//, /^\/signed-out$/, /^\/docs\//];

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const path = request.nextUrl.pathname;
  const api = path.startsWith("/api/");
  const headers = securityHeaders(api ? "api" : "page");
  const refuse = (status: number, body: unknown) => NextResponse.json(body, { status, headers: { ...headers, "cache-control": "no-store" } });
  const refused = refusedRequest(request);
  if (refused) return refuse(refused.status, refused.toBody());

  if (!PROBE_PATHS.has(path) && !PUBLIC.some((p) => p.test(path))) {
    const mode = authMode();
    const identity = await identify(request.headers, mode);
    if ("refusal" in identity) {
      if (api || mode.kind !== "oidc") return refuse(401, identity.refusal.toBody());
      // The public URL, not the request's: behind a load balancer the request's own host is internal.
      const login = new URL("/api/auth/login", mode.publicUrl);
      login.searchParams.set("returnTo", `${path}${request.nextUrl.search}`);
      return NextResponse.redirect(login, { headers });
    }
  }
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Next's own static files carry no data; everything else is checked.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
