import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRequest } from "@/lib/request/parse";
import { isForbiddenAddress } from "./addresses";
import { ProbeRefused, sendProbe, PROBE_BODY_LIMIT } from "./send";
import { probeTarget, type ApiHosts } from "./target";

const API: ApiHosts = { apiId: "a1b2c3d4e5", region: "us-east-1", customDomains: ["api.example.com"] };
const facts = (text: string) => {
  const parsed = parseRequest(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.facts;
};

describe("isForbiddenAddress", () => {
  it.each([
    "127.0.0.1",
    "127.9.9.9",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:169.254.169.254",
    "::ffff:127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "not-an-ip",
  ])("%s is refused", (address) => expect(isForbiddenAddress(address)).toBe(true));
  it.each(["52.94.236.248", "3.5.140.2", "2600:1f18:4000::1", "8.8.8.8"])("%s is public", (address) => expect(isForbiddenAddress(address)).toBe(false));
});

describe("probeTarget against AWS", () => {
  const aws = { kind: "aws" } as const;
  it("accepts the API's execute-api name and its custom domains", () => {
    expect(probeTarget(facts("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x?y=1"), API, aws)).toMatchObject({
      ok: true,
      target: { hostname: "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", path: "/prod/x?y=1", resolveAndCheck: true },
    });
    expect(probeTarget(facts("https://api.example.com/v1/x"), API, aws)).toMatchObject({ ok: true, target: { hostHeader: "api.example.com" } });
  });
  it.each([
    "https://b1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x",
    "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/x",
    "http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x",
    "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com:8443/prod/x",
    "https://evil.example.com/prod/x",
    "https://169.254.169.254/latest/meta-data/",
  ])("refuses %s", (url) => expect(probeTarget(facts(url), API, aws).ok).toBe(false));
});

describe("probeTarget against a configured endpoint", () => {
  const mode = { kind: "endpoint", endpoint: new URL("http://127.0.0.1:4566") } as const;
  it("maps the API's AWS name onto the endpoint with the simulator's Host", () => {
    expect(probeTarget(facts("https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x"), API, mode)).toMatchObject({
      ok: true,
      target: { hostname: "127.0.0.1", port: 4566, hostHeader: "a1b2c3d4e5.execute-api.localhost", resolveAndCheck: false },
    });
    expect(probeTarget(facts("http://127.0.0.1:4566/restapis/a1b2c3d4e5/prod/_user_request_/x"), API, mode).ok).toBe(true);
  });
  it.each([
    "http://127.0.0.1:22/restapis/a1b2c3d4e5/prod/_user_request_/x",
    "http://127.0.0.1:4566/restapis/zzzzzzzzzz/prod/_user_request_/x",
    "http://localhost:4566/_sim/reset",
    "http://a1b2c3d4e5.execute-api.localhost:9999/prod/x",
  ])("refuses %s", (url) => expect(probeTarget(facts(url), API, mode).ok).toBe(false));
});

describe("sendProbe", () => {
  let server: http.Server;
  let canary: http.Server;
  let canaryHits = 0;
  let port = 0;
  beforeAll(async () => {
    canary = http.createServer((_req, res) => {
      canaryHits++;
      res.end("canary");
    });
    await new Promise<void>((r) => canary.listen(0, "127.0.0.1", r));
    const canaryPort = (canary.address() as AddressInfo).port;
    server = http.createServer((req, res) => {
      if (req.url === "/redirect") {
        res.writeHead(302, { location: `http://127.0.0.1:${canaryPort}/` }).end();
      } else if (req.url === "/big") {
        res.end("x".repeat(PROBE_BODY_LIMIT * 2));
      } else if (req.url === "/slow") {
        setTimeout(() => res.end("late"), 15_000).unref();
      } else {
        res.writeHead(403, { "x-amzn-requestid": "abc", "content-type": "application/json" }).end(JSON.stringify({ host: req.headers.host }));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
    canary.close();
  });
  const target = (path: string) => ({ protocol: "http:" as const, hostname: "127.0.0.1", port, hostHeader: "a1b2c3d4e5.execute-api.localhost", path, resolveAndCheck: false });

  it("sends with the API's Host header and returns status, headers and body", async () => {
    const response = await sendProbe(target("/prod/x"), { method: "GET", headers: [{ name: "Host", value: "evil" }] });
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-requestid"]).toBe("abc");
    expect(JSON.parse(response.body)).toEqual({ host: "a1b2c3d4e5.execute-api.localhost" });
  });
  it("never follows a redirect to an internal address", async () => {
    const response = await sendProbe(target("/redirect"), { method: "GET", headers: [] });
    expect(response.status).toBe(302);
    expect(canaryHits).toBe(0);
  });
  it("caps the body at 64 KiB", async () => {
    const response = await sendProbe(target("/big"), { method: "GET", headers: [] });
    expect(response.body.length).toBe(PROBE_BODY_LIMIT);
    expect(response.bodyTruncated).toBe(true);
  });
  it("refuses an AWS name that resolves to a private address, before connecting", async () => {
    const resolveTo = (address: string) => async () => [{ address, family: 4 }];
    const awsTarget = { ...target("/prod/x"), hostname: "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", port: canaryPort(), resolveAndCheck: true };
    await expect(sendProbe(awsTarget, { method: "GET", headers: [] }, resolveTo("127.0.0.1"))).rejects.toBeInstanceOf(ProbeRefused);
    await expect(sendProbe(awsTarget, { method: "GET", headers: [] }, resolveTo("169.254.169.254"))).rejects.toThrow(/private or local/);
    expect(canaryHits).toBe(0);
  });
  function canaryPort(): number {
    return (canary.address() as AddressInfo).port;
  }
  it("gives up after the timeout", async () => {
    await expect(sendProbe(target("/slow"), { method: "GET", headers: [] })).rejects.toThrow(/no answer within 10 s/);
  }, 15_000);
});
