import { NextResponse, type NextRequest } from "next/server";
import { refusedRequest, securityHeaders } from "@/lib/api/guard";

// Every request, page or API, passes the Host and cross-site checks; every answer carries the security
// headers. The route wrapper checks API requests again, so a handler called another way is covered too.
export function proxy(request: NextRequest): NextResponse {
  const api = request.nextUrl.pathname.startsWith("/api/");
  const refused = refusedRequest(request);
  const headers = securityHeaders(api ? "api" : "page");
  if (refused) {
    return NextResponse.json(refused.toBody(), { status: refused.status, headers: { ...headers, "cache-control": "no-store" } });
  }
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Next's own static files carry no data; everything else is checked.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
