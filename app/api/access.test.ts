// Sign-in and roles through the one route wrapper (issue 12, items 2 and 4): with sign-in configured, every
// route but the public ones answers 401 to a request from nobody; viewers read, responders also send
// requests, freeze and find keys by value, admins also read the audit log; each such action is an audit
// event with the key masked, and each is limited per user. Driven in ALB mode, whose identity is a header.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const modules = import.meta.glob<Partial<Record<(typeof METHODS)[number], Handler>>>("./**/route.ts", { eager: true });
const route = (file: string) => modules[`./${file}/route.ts`]!;

/** Reachable without a session: the load balancer's health checks and the sign-in itself. */
const PUBLIC_ROUTES = ["health", "ready", "auth/login", "auth/callback", "auth/logout", "auth/me", "[...path]"];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-access-"));
const keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
const kid = "0e9f1c52-3b7a-4d8e-a1f0-5c6d7e8f9a0b";
let keyServer: http.Server;
const savedEnv = { ...process.env };

beforeAll(async () => {
  keyServer = http.createServer((req, res) => (req.url === `/${kid}` ? res.end(keys.publicKey.export({ type: "spki", format: "pem" })) : res.writeHead(404).end()));
  await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
  Object.assign(process.env, {
    GATECHECK_AUTH: "alb",
    GATECHECK_ALB_KEYS_URL: `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`,
    GATECHECK_VIEWER_GROUPS: "readers",
    GATECHECK_RESPONDER_GROUPS: "oncall",
    GATECHECK_ADMIN_GROUPS: "admins",
    GATECHECK_DATA_DIR: dataDir,
    GATECHECK_PROBES_PER_MINUTE: "3",
  });
});
afterAll(() => {
  keyServer.close();
  process.env = savedEnv;
});
simulatorForFile({ pacing: false });

const printed: string[] = [];
const originalLog = console.log;
beforeAll(() => {
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
});
afterAll(() => {
  console.log = originalLog;
});

function albToken(sub: string, groups: string[]): string {
  const exp = Math.floor(Date.now() / 1000) + 300;
  const header = Buffer.from(JSON.stringify({ alg: "ES256", kid, signer: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/g/1", exp })).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ sub, name: sub, email: `${sub}@example.test`, groups, exp })).toString("base64url");
  return `${header}.${payload}.${crypto.sign("sha256", Buffer.from(`${header}.${payload}`), { key: keys.privateKey, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
}
const USERS = { vera: albToken("vera", ["readers"]), rui: albToken("rui", ["oncall"]), ada: albToken("ada", ["admins"]), rin: albToken("rin", ["oncall"]) };

const scenario = readScenarioFiles(DEFAULT_SCENARIO_DIR).find((s) => s.scenario.name === "key-in-no-plan")!.scenario;
const call = scenario.expect!.call;
const KEY = scenario.apiKeys.find((k) => k.id === call.keyId)!.value;
const pasted = `curl https://${call.apiId}.execute-api.us-east-1.amazonaws.com/${call.stage}${call.path} -H 'x-api-key: ${KEY}'`;
const noKey = `curl https://${call.apiId}.execute-api.us-east-1.amazonaws.com/${call.stage}${call.path}`;

async function as(
  user: keyof typeof USERS | null,
  file: string,
  method: (typeof METHODS)[number],
  init: { query?: string; body?: object } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(user ? { "x-amzn-oidc-data": USERS[user] } : {}) };
  const request = new Request(`http://gatecheck.test/api/${file}${init.query ?? ""}`, { method, headers, ...(init.body ? { body: JSON.stringify(init.body) } : {}) });
  const response = await route(file)[method]!(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}
const code = (answer: { body: Record<string, unknown> }) => (answer.body.error as { code?: string } | undefined)?.code;

describe("without a session", () => {
  it("every route but the public ones answers 401 SIGN_IN_REQUIRED, for every method it serves", async () => {
    const checked: string[] = [];
    for (const [file, handlers] of Object.entries(modules)) {
      const name = file.slice("./".length, -"/route.ts".length);
      if (PUBLIC_ROUTES.includes(name)) continue;
      for (const method of METHODS) {
        const request = new Request(`http://gatecheck.test/api/${name}`, { method, headers: { "content-type": "application/json" }, ...(method === "GET" ? {} : { body: "{}" }) });
        const response = await handlers[method]!(request, { params: Promise.resolve({ id: "AAAAAAAAAAAAAAAAAAAAAAAA" }) });
        const body = (await response.json()) as { error?: { code?: string } };
        // A method the route does not serve answers 405 whoever asks; every served one asks for a session first.
        if (response.status !== 405) expect([name, method, response.status, body.error?.code]).toEqual([name, method, 401, "SIGN_IN_REQUIRED"]);
        checked.push(`${method} ${name}`);
      }
    }
    expect(checked.length).toBeGreaterThan(30);
  });
});

describe("roles", () => {
  const diagnoseQuery = `?region=us-east-1&api=${call.apiId}&stage=${call.stage}&method=${call.method}&path=${encodeURIComponent(call.path!)}`;

  it("a route for admins stays for admins when its body carries a key: finding a key by value adds the responder role, never lowers", async () => {
    const adminOnly = apiRoute({ access: "admin", body: z.object({ request: z.string() }) }, async () => ({ ok: true }));
    const send = async (user: keyof typeof USERS) =>
      (
        await adminOnly(
          new Request("http://gatecheck.test/api/v1/admin-only", {
            method: "POST",
            headers: { "content-type": "application/json", "x-amzn-oidc-data": USERS[user] },
            body: JSON.stringify({ request: pasted }),
          }),
          { params: Promise.resolve({}) },
        )
      ).status;
    expect(await send("rui")).toBe(403);
    expect(await send("ada")).toBe(200);
  });

  it("a viewer diagnoses and triages, but may not send, freeze, find a key by value or read the audit log", async () => {
    expect((await as("vera", "v1/diagnose", "GET", { query: diagnoseQuery })).status).toBe(200);
    expect((await as("vera", "v1/diagnose", "POST", { body: { request: noKey } })).status).toBe(200);
    expect((await as("vera", "v1/apis", "GET")).status).toBe(200);
    for (const [file, body, words] of [
      ["v1/diagnose", { request: pasted }, /Finding an API key by its value needs the responder role; you are signed in as viewer/],
      ["v1/probe", { request: noKey }, /Sending a request needs the responder role/],
      ["v1/snapshots", { request: noKey }, /Freezing a diagnosis needs the responder role/],
    ] as const) {
      const answer = await as("vera", file, "POST", { body });
      expect([file, answer.status, code(answer)]).toEqual([file, 403, "ROLE_REQUIRED"]);
      expect((answer.body.error as { message: string }).message).toMatch(words);
    }
    expect(code(await as("vera", "v1/audit", "GET"))).toBe("ROLE_REQUIRED");
  });

  it("a responder also sends, freezes and finds a key by value, but may not read the audit log", async () => {
    expect((await as("rui", "v1/diagnose", "POST", { body: { request: pasted } })).status).toBe(200);
    const probe = await as("rui", "v1/probe", "POST", { body: { request: pasted } });
    expect(probe.status).toBe(200);
    const frozen = await as("rui", "v1/snapshots", "POST", { body: { request: pasted } });
    expect(frozen.status).toBe(200);
    expect(code(await as("rui", "v1/audit", "GET"))).toBe("ROLE_REQUIRED");
  });

  it("an admin reads the audit log: who did what, the key masked like AWS, newest first", async () => {
    const answer = await as("ada", "v1/audit", "GET", { query: "?limit=200" });
    expect(answer.status).toBe(200);
    const events = answer.body.events as { action: string; actor: { sub: string; role: string }; details: Record<string, unknown>; at: string }[];
    const byRui = events.filter((e) => e.actor.sub === "rui");
    expect(byRui.map((e) => e.action).sort()).toEqual(["freeze", "key-lookup", "key-lookup", "key-lookup", "probe"]);
    const probe = byRui.find((e) => e.action === "probe")!;
    expect(probe.details).toMatchObject({ method: call.method, status: 403, keys: `${"*".repeat(KEY.length - 6)}${KEY.slice(-6)}` });
    expect(String(probe.details.target)).toContain(`/${call.stage}${call.path}`);
    expect(byRui.find((e) => e.action === "freeze")!.details).toMatchObject({ api: call.apiId, stage: call.stage, verdict: "forbidden" });
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort().reverse());
    // Refused actions are not events: the viewer's refused probe left none.
    expect(events.filter((e) => e.actor.sub === "vera")).toEqual([]);
  });

  it("every audit event is a JSON line on stdout too, and the key value is in no event, line or stored file", () => {
    const lines = printed.filter((l) => l.startsWith('{"gatecheckAudit"'));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const stored = fs.readdirSync(path.join(dataDir, "audit")).map((f) => fs.readFileSync(path.join(dataDir, "audit", f), "utf8"));
    expect(stored.join("").length).toBeGreaterThan(0);
    expect([...printed, ...stored].join("\n").includes(KEY)).toBe(false);
  });

  it("probes are limited per user: one user over the limit gets 429, another still sends", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await as("rin", "v1/probe", "POST", { body: { request: noKey } })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const over = await as("rin", "v1/probe", "POST", { body: { request: noKey } });
    expect([over.status, code(over)]).toEqual([429, "PROBES_LIMITED"]);
    // rui has sent one probe in this minute: still under the limit of 3.
    expect((await as("rui", "v1/probe", "POST", { body: { request: noKey } })).status).toBe(200);
  });
});
