// Forged requests (issue 10, item 4) and the one error format (item 11), through the route wrapper every
// handler goes through. The same checks run in Next's proxy; e2e/hardening.spec.ts sends them to the server.
import { describe, expect, it } from "vitest";
import { simulatorForFile } from "@/test/sim-env";
import { POST as diagnosePost } from "./diagnose/route";
import { GET as logsGet } from "./logs/route";
import { GET as keysGet } from "./keys/route";
import { POST as probePost, GET as probeGet, DELETE as probeDelete } from "./probe/route";
import { POST as snapshotPost } from "./snapshots/route";
import { PUT as unknownPut, GET as unknownGet } from "../[...path]/route";

const sim = simulatorForFile({ pacing: false });
const noParams = { params: Promise.resolve({}) };
const ORIGIN = "http://gatecheck.test";
const request = (path: string, init: RequestInit = {}) => new Request(`${ORIGIN}${path}`, init);
const errorShape = expect.objectContaining({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), hint: expect.any(String), link: expect.any(String) }) });

describe("cross-site writes are refused before anything runs", () => {
  const body = () => `request=curl https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/x`;
  const forged: Record<string, () => RequestInit> = {
    "a text/plain form posted from another site": () => ({
      method: "POST",
      body: body(),
      headers: { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" },
    }),
    "a no-cors fetch from another site": () => ({
      method: "POST",
      body: JSON.stringify({ request: "curl x" }),
      headers: { "content-type": "text/plain;charset=UTF-8", origin: "https://evil.example", "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" },
    }),
    "an old browser's form: foreign Origin, no Sec-Fetch-*": () => ({ method: "POST", body: body(), headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" } }),
    "a sandboxed frame (Origin: null)": () => ({ method: "POST", body: "{}", headers: { "content-type": "application/json", origin: "null" } }),
    "a sibling subdomain (same-site, not same-origin)": () => ({
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json", origin: "http://other.gatecheck.test", "sec-fetch-site": "same-site" },
    }),
    "a same-origin page posting a form instead of JSON": () => ({
      method: "POST",
      body: body(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, "sec-fetch-site": "same-origin" },
    }),
  };
  for (const [name, init] of Object.entries(forged)) {
    it(name, async () => {
      const before = sim().sim.stats.calls.length;
      for (const route of [snapshotPost, probePost, diagnosePost]) {
        const response = await route(request("/api/v1/x", init()), noParams);
        expect(response.status).toBeGreaterThanOrEqual(403);
        expect(response.status).toBeLessThan(500);
        expect(await response.json()).toEqual(errorShape);
      }
      expect(sim().sim.stats.calls.length).toBe(before); // nothing read, nothing sent, nothing frozen
    });
  }

  it("the dashboard's own JSON POST and a script without browser headers are served", async () => {
    const own = await diagnosePost(
      request("/api/v1/diagnose", { method: "POST", body: "{}", headers: { "content-type": "application/json", origin: ORIGIN, "sec-fetch-site": "same-origin" } }),
      noParams,
    );
    expect((await own.json()).error.code).toBe("INVALID_INPUT"); // past the guard: `api` is required
    const script = await diagnosePost(request("/api/v1/diagnose", { method: "POST", body: "{}" }), noParams);
    expect((await script.json()).error.code).toBe("INVALID_INPUT");
  });

  it("a foreign Host (DNS rebinding) is refused, on reads too", async () => {
    const response = await keysGet(new Request("http://evil.example/api/v1/keys?q=abc", { headers: { host: "evil.example" } }), noParams);
    expect(response.status).toBe(421);
    expect((await response.json()).error.code).toBe("HOST_NOT_ALLOWED");
  });

  it("every answer carries the security headers", async () => {
    const response = await keysGet(request("/api/v1/keys?q=abc"), noParams);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("one error format (issue 10, item 11)", () => {
  it("a method a route does not answer → 405 JSON with Allow", async () => {
    for (const response of [await probeGet(request("/api/v1/probe"), noParams), await probeDelete(request("/api/v1/probe", { method: "DELETE" }), noParams)]) {
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toEqual(errorShape);
    }
  });

  it("an unknown /api/ path → 404 JSON, whatever the method", async () => {
    for (const response of [await unknownGet(request("/api/v1/nope"), noParams), await unknownPut(request("/api/v2/x", { method: "PUT" }), noParams)]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toEqual(errorShape);
    }
  });

  it.each(["__proto__", "constructor", "abc", "-1"])("limit=%s names what limit must be, not that it is missing", async (limit) => {
    const response = await keysGet(request(`/api/v1/keys?q=x&limit=${limit}`), noParams);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.field).toBe("limit");
    expect(error.message).not.toContain("required");
  });

  it("/api/v1/logs refuses a window whose from is after its to", async () => {
    const response = await logsGet(request("/api/v1/logs?api=abcdefghij&stage=prod&from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z"), noParams);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "INVALID_INPUT", field: "from" });
  });
});

describe("bodies are read within the limit (issue 10, item 7)", () => {
  it("a 200 MB body is cut off after 256 KiB, not read whole", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 200 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await diagnosePost(request("/api/v1/diagnose", { method: "POST", body: stream, duplex: "half" } as RequestInit), noParams);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it("the limit counts bytes, not characters: 150,000 two-byte characters (300 KB) are too large", async () => {
    const response = await diagnosePost(request("/api/v1/diagnose", { method: "POST", body: JSON.stringify({ request: "é".repeat(150_000) }) }), noParams);
    expect(response.status).toBe(413);
  });

  it("a Content-Length over the limit is refused before reading", async () => {
    const response = await diagnosePost(request("/api/v1/diagnose", { method: "POST", body: "{}", headers: { "content-length": String(300 * 1024) } }), noParams);
    expect(response.status).toBe(413);
  });

  it("bytes that are not UTF-8 → 400 INVALID_JSON", async () => {
    const response = await diagnosePost(request("/api/v1/diagnose", { method: "POST", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), noParams);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("INVALID_JSON");
  });
});

describe("key values cannot be tested one after another (issue 10, item 12)", () => {
  const withKey = (client: string, body: object = { keyValue: "abcdefghijklmnopqrstuvwxyz0123456789ABCD" }) =>
    diagnosePost(request("/api/v1/diagnose", { method: "POST", body: JSON.stringify(body), headers: { "x-forwarded-for": client } }), noParams);

  it("a client gets 429 with Retry-After past its limit; another client and key-less requests are not counted", async () => {
    process.env.GATECHECK_KEY_LOOKUPS_PER_MINUTE = "3";
    try {
      for (let i = 0; i < 3; i++) expect((await withKey("203.0.113.7")).status).not.toBe(429);
      const limited = await withKey("203.0.113.7");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited.json()).toEqual(errorShape);
      expect((await withKey("203.0.113.8")).status).not.toBe(429);
      expect((await withKey("203.0.113.7", { api: "abcdefghij" })).status).not.toBe(429);
      // a forged X-Forwarded-For in front of the address the server appended changes nothing
      expect((await withKey("198.51.100.1, 203.0.113.7")).status).toBe(429);
    } finally {
      process.env.GATECHECK_KEY_LOOKUPS_PER_MINUTE = "100000";
    }
  });

  it("all clients together are limited too, so rotating addresses does not lift it", async () => {
    process.env.GATECHECK_KEY_LOOKUPS_PER_MINUTE_TOTAL = "4";
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await withKey(`192.0.2.${i}`)).status);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    } finally {
      delete process.env.GATECHECK_KEY_LOOKUPS_PER_MINUTE_TOTAL;
    }
  });
});
