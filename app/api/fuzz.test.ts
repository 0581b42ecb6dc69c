// Hostile input over every route of the JSON API (issue 10): malformed, oversized, wrong types, unicode, arrays,
// prototype names, in the query, the body and the path, for every method. Every answer must be below 500 and
// every error the one JSON shape. Routes are found by file, so a new route is fuzzed without being listed here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Bottleneck from "bottleneck";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AWS_FAULT_DOCS, awsFaultAnchor, ERROR_DOCS, errorDocLink } from "@/lib/api/error-docs";
import { seededRandom } from "@/sim/random";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";

process.env.GATECHECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-fuzz-"));
simulatorForFile({ pacing: false });

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const modules = import.meta.glob<Partial<Record<(typeof METHODS)[number], Handler>>>("./**/route.ts", { eager: true });

/** "./v1/snapshots/[id]/route.ts" → "/api/v1/snapshots/[id]" */
const routePath = (file: string) => `/api${file.slice(1, -"/route.ts".length)}`;

/** Routes that answer a redirect instead of JSON: the sign-in's steps. */
const REDIRECTING = new Set(["/api/auth/login", "/api/auth/callback"]);

/** Every link an error may carry: an entry of /docs/errors (app/docs/errors/page.tsx renders each with its id). */
const DOCUMENTED_LINKS = [...Object.keys(ERROR_DOCS), ...Object.keys(AWS_FAULT_DOCS).map((k) => awsFaultAnchor(k as keyof typeof AWS_FAULT_DOCS))].map(errorDocLink);
const errorShape = z.object({
  error: z.object({ code: z.string().min(1), message: z.string().min(1), hint: z.string().min(1), link: z.enum(DOCUMENTED_LINKS), field: z.string().optional() }).strict(),
});

const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const seeded = scenarios.find((s) => s.name === "key-in-no-plan")!;
const call = seeded.expect!.call;
const keyValue = seeded.apiKeys[0]!.value;

const random = seededRandom(20261201);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const PROTOTYPE_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];
const FIELDS = ["region", "api", "stage", "method", "path", "key", "keyValue", "request", "requestId", "from", "to", "fromVpc", "fresh", "q", "limit", "since", "corrected", "id"];
const STRINGS = [
  "",
  " ",
  "us-east-1",
  "xx-fake-9",
  call.apiId!,
  call.stage!,
  call.path!,
  call.keyId!,
  "none",
  "GET",
  "get",
  "TRACE",
  "/",
  "../../etc/passwd",
  "%2e%2e%2f",
  "\u0000",
  "a\r\nSet-Cookie: x=1",
  "💥🔑",
  "\u202eevil",
  "\ud800",
  "ключ",
  "-1",
  "0",
  "1e309",
  "NaN",
  "Infinity",
  "null",
  "true",
  "2026-13-45T99:99:99Z",
  "2026-11-27T09:00:00Z",
  "9cef3834-f42c-46d7-83fe-a6401a431398",
  "$default",
  "{proxy+}",
  ...PROTOTYPE_NAMES,
  "a".repeat(129),
  "A".repeat(10_000),
  `curl https://${call.apiId}.execute-api.us-east-1.amazonaws.com/${call.stage}${call.path} -H 'x-api-key: ${keyValue}'`,
  `curl 'http://${"a".repeat(5_000)}#\nx'`,
  "GET / HTTP/1.1\nHost: x",
];

function jsonValue(depth = 0): unknown {
  const r = random();
  if (r < 0.45 || depth > 3) return pick(STRINGS);
  if (r < 0.55) return pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER + 2, true, false, null]);
  if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => jsonValue(depth + 1));
  return body(depth + 1);
}

function body(depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--)
    Object.defineProperty(out, pick(random() < 0.2 ? PROTOTYPE_NAMES : FIELDS), { value: jsonValue(depth), enumerable: true, writable: true, configurable: true });
  return out;
}

function rawBody(): { text: BodyInit | undefined; contentType?: string } {
  const r = random();
  if (r < 0.55) return { text: JSON.stringify(body()), contentType: "application/json" };
  if (r < 0.65) return { text: JSON.stringify(jsonValue()), contentType: "application/json" };
  if (r < 0.72) return { text: pick(["{", "[1,", "nul", "{'a':1}", '{"request":"x"} trailing', "\u0000"]), contentType: "application/json" };
  if (r < 0.77) return { text: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), contentType: "application/json" };
  if (r < 0.82) return { text: `{"request":"${"x".repeat(300 * 1024)}"}`, contentType: "application/json" };
  if (r < 0.88) return { text: undefined };
  return { text: JSON.stringify(body()), contentType: pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) };
}

function query(): string {
  const params = new URLSearchParams();
  for (let i = Math.floor(random() * 6); i > 0; i--) {
    const name = pick(random() < 0.2 ? PROTOTYPE_NAMES : FIELDS);
    params.append(name, random() < 0.8 ? pick(STRINGS) : JSON.stringify(jsonValue(2)));
    if (random() < 0.15) params.append(name, pick(STRINGS)); // an array: the same name twice
  }
  return params.toString();
}

/** A lone surrogate has no UTF-8 form: sent as the bytes a careless client would put there. */
const encode = (s: string) => {
  try {
    return encodeURIComponent(s) || "x";
  } catch {
    return "%ED%A0%80";
  }
};

/** A concrete path for a route file's dynamic segments. */
function concretePath(route: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const url = route
    .replace(/\[\.\.\.(\w+)\]/, (_, name: string) => {
      const segments = Array.from({ length: 1 + Math.floor(random() * 3) }, () => encode(pick(STRINGS)));
      params[name] = segments;
      return segments.join("/");
    })
    .replace(/\[(\w+)\]/, (_, name: string) => {
      const value = pick([...STRINGS, "AAAAAAAAAAAAAAAAAAAAAAAA"]);
      params[name] = value;
      return encode(value);
    });
  return { url, params };
}

describe("fuzz: every route, every method, hostile input", () => {
  const routes = Object.entries(modules).map(([file, handlers]) => ({ route: routePath(file), handlers }));

  it("finds every route file, the catch-all included", () => {
    expect(routes.map((r) => r.route).sort()).toEqual(expect.arrayContaining(["/api/[...path]", "/api/v1/diagnose", "/api/v1/probe", "/api/v1/snapshots", "/api/v1/snapshots/[id]", "/api/v1/triage"]));
  });

  it("≥ 1,000 requests: no 5xx, every error in the one JSON shape, no prototype polluted", { timeout: 240_000 }, async () => {
    const failures: string[] = [];
    const requests: { method: string; url: string; send: () => Promise<Response> }[] = [];
    const perRoute = Math.ceil(1_100 / (routes.length * METHODS.length));
    for (const { route, handlers } of routes) {
      for (const method of METHODS) {
        const handler = handlers[method];
        expect(handler, `${route} exports ${method}`).toBeTypeOf("function");
        for (let i = 0; i < perRoute * (method === "GET" || method === "POST" ? 3 : 1); i++) {
          const { url, params } = concretePath(route);
          const withBody = method !== "GET" && random() < 0.9 ? rawBody() : { text: undefined };
          const init: RequestInit = { method, headers: withBody.contentType ? { "content-type": withBody.contentType } : {} };
          if (withBody.text !== undefined) init.body = withBody.text;
          const request = new Request(`http://gatecheck.test${url}?${query()}`, init);
          requests.push({ method, url, send: () => handler!(request, { params: Promise.resolve(params) }) });
        }
      }
    }
    // Ten at a time, as a busy dashboard sees them (triage waits on Logs Insights, not on the CPU).
    const limiter = new Bottleneck({ maxConcurrent: 10 });
    await Promise.all(
      requests.map(({ method, url, send }) =>
        limiter.schedule(async () => {
          const response = await send();
          const text = await response.text();
          const what = `${method} ${url} → ${response.status}: ${text.slice(0, 200)}`;
          if (response.status >= 500) failures.push(what);
          else if (response.status >= 400 && !errorShape.safeParse(JSON.parse(text)).success) failures.push(`not the error shape: ${what}`);
          // The sign-in's steps redirect (to the IdP, or back home without sign-in): to a path of this site, never elsewhere.
          else if (response.status === 302 && REDIRECTING.has(url)) {
            if (!(response.headers.get("location") ?? "").startsWith("/")) failures.push(`redirects off the site: ${what} ${response.headers.get("location")}`);
          } else if (!(response.headers.get("content-type") ?? "").includes("application/json")) failures.push(`not JSON: ${what}`);
        }),
      ),
    );
    const sent = requests.length;
    expect(sent).toBeGreaterThanOrEqual(1_000);
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
