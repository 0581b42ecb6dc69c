// What every request must pass before gatecheck answers it, and the headers every answer carries. Used by
// Next's proxy (pages and API) and again by the route wrapper (so a handler called any other way is covered).
// PURE: no Next, no Node APIs, so the proxy can import it.
import { ApiError } from "./errors";

/** Methods that change nothing: no cross-site check, and the probe sends them without asking. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * What a load balancer, an orchestrator or Docker's HEALTHCHECK polls. They are answered under any Host: those
 * send the target's own IP address, which no allow-list can name, and the answers tell nothing but up or not.
 */
export const PROBE_PATHS: ReadonlySet<string> = new Set(["/api/health", "/api/ready"]);

/** Hosts gatecheck answers for: loopback, plus GATECHECK_ALLOWED_HOSTS (comma-separated names, no ports). */
export function allowedHosts(env: Record<string, string | undefined> = process.env): Set<string> {
  const configured = (env.GATECHECK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return new Set([...LOOPBACK_HOSTS, ...configured]);
}

/** "example.com:3000" → "example.com"; "[::1]:3000" → "[::1]". */
function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith("[")) return lower.slice(0, lower.indexOf("]") + 1);
  const colon = lower.indexOf(":");
  return colon < 0 ? lower : lower.slice(0, colon);
}

/**
 * Refuses (1) a Host gatecheck does not serve: a DNS-rebinding page reaches the server under its own name;
 * (2) a write from another site: a cross-site form or no-cors fetch (text/plain) carries a foreign Origin or
 * Sec-Fetch-Site, and browsers cannot send application/json cross-site without a preflight gatecheck never
 * grants. Clients that are not browsers (curl, scripts) send neither header and are unaffected. A probe's read
 * (PROBE_PATHS) passes both.
 */
export function refusedRequest(request: { method: string; headers: Headers; url: string }, hosts: Set<string> = allowedHosts()): ApiError | null {
  if (SAFE_METHODS.has(request.method.toUpperCase()) && PROBE_PATHS.has(new URL(request.url).pathname)) return null;
  const host = request.headers.get("host");
  if (!host || !hosts.has(hostnameOf(host))) {
    return new ApiError(
      421,
      "HOST_NOT_ALLOWED",
      "gatecheck does not answer for the host this request was sent to.",
      "Open gatecheck at its own address, or add the host name to GATECHECK_ALLOWED_HOSTS on the server.",
    );
  }
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;

  const fetchSite = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const foreignOrigin = origin !== null && (origin === "null" || originHost(origin) !== host.trim().toLowerCase());
  if ((fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none") || foreignOrigin) {
    return new ApiError(
      403,
      "CROSS_SITE_REQUEST",
      "gatecheck refuses changes requested by another site.",
      "Use gatecheck's own pages, or call the API from a script or curl (not from another web page).",
    );
  }
  const contentType = request.headers.get("content-type") ?? "";
  const fromBrowser = origin !== null || fetchSite !== null;
  if (fromBrowser && !/^application\/json\s*(?:;|$)/i.test(contentType)) {
    return new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "The request body must be JSON.", "Send Content-Type: application/json with a JSON body.", { field: "content-type" });
  }
  return null;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Headers on every answer: no framing (clickjacking), no MIME sniffing, no Referer leaving the dashboard
 * (its URLs name APIs and stages), and a CSP that allows only gatecheck's own scripts, styles and API.
 * Next's inline bootstrap scripts need 'unsafe-inline'; development needs 'unsafe-eval'.
 */
export function securityHeaders(kind: "page" | "api", development = process.env.NODE_ENV === "development"): Record<string, string> {
  const csp =
    kind === "api"
      ? "default-src 'none'; frame-ancestors 'none'"
      : [
          "default-src 'self'",
          `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "font-src 'self' data:",
          "connect-src 'self'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "object-src 'none'",
        ].join("; ");
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
}
