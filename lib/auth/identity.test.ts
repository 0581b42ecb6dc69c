import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authMode, AuthConfigError, listenRefusal } from "./config";
import { identify, roleOf, sealSession, sessionCookieName, verifyAlbData } from "./identity";

const mapping = { groupsClaim: "groups", roleGroups: { viewer: ["readers"], responder: ["oncall"], admin: ["admins"] }, defaultRole: null };

describe("roles from the groups claim", () => {
  it("takes the highest role any group maps to", () => {
    expect(roleOf({ groups: ["readers", "oncall"] }, mapping)).toBe("responder");
    expect(roleOf({ groups: ["admins", "readers"] }, mapping)).toBe("admin");
    expect(roleOf({ groups: ["readers"] }, mapping)).toBe("viewer");
  });
  it("reads a claim sent as one string (comma or space separated) and a custom claim name", () => {
    expect(roleOf({ groups: "marketing, oncall" }, mapping)).toBe("responder");
    expect(roleOf({ "cognito:groups": ["admins"] }, { ...mapping, groupsClaim: "cognito:groups" })).toBe("admin");
  });
  it("gives no role to a user in no mapped group, unless a default role is set", () => {
    expect(roleOf({ groups: ["marketing"] }, mapping)).toBeNull();
    expect(roleOf({}, mapping)).toBeNull();
    expect(roleOf({ groups: ["marketing"] }, { ...mapping, defaultRole: "viewer" })).toBe("viewer");
  });
});

describe("auth configuration", () => {
  const oidcEnv = {
    GATECHECK_OIDC_ISSUER: "https://idp.example.com",
    GATECHECK_OIDC_CLIENT_ID: "id",
    GATECHECK_OIDC_CLIENT_SECRET: "secret",
    GATECHECK_PUBLIC_URL: "https://gatecheck.example.com/",
    GATECHECK_SESSION_SECRET: "x".repeat(32),
  };
  it("is local (loopback only) without configuration, and refuses to listen beyond loopback then", () => {
    const mode = authMode({});
    expect(mode.kind).toBe("local");
    expect(listenRefusal("127.0.0.1", mode)).toBeNull();
    expect(listenRefusal("::1", mode)).toBeNull();
    expect(listenRefusal("0.0.0.0", mode)).toMatch(/no sign-in configured.*GATECHECK_AUTH=none/s);
    expect(listenRefusal("0.0.0.0", authMode({ GATECHECK_AUTH: "none" }))).toBeNull();
    expect(listenRefusal("0.0.0.0", authMode(oidcEnv))).toBeNull();
  });
  it("names every missing OpenID Connect setting", () => {
    expect(() => authMode({ GATECHECK_OIDC_ISSUER: "https://idp.example.com" })).toThrow(/GATECHECK_OIDC_CLIENT_ID, GATECHECK_OIDC_CLIENT_SECRET, GATECHECK_PUBLIC_URL, GATECHECK_SESSION_SECRET/);
    expect(() => authMode({ ...oidcEnv, GATECHECK_SESSION_SECRET: "short" })).toThrow(AuthConfigError);
    expect(() => authMode({ GATECHECK_AUTH: "saml" })).toThrow(/oidc, alb or none/);
    expect(() => authMode({ ...oidcEnv, GATECHECK_DEFAULT_ROLE: "root" })).toThrow(/GATECHECK_DEFAULT_ROLE/);
    const mode = authMode({ ...oidcEnv, GATECHECK_ADMIN_GROUPS: "a, b" });
    expect(mode).toMatchObject({ kind: "oidc", publicUrl: "https://gatecheck.example.com", roleGroups: { admin: ["a", "b"], viewer: [], responder: [] } });
  });
  it("finds the load balancer's key endpoint from the region", () => {
    expect(authMode({ GATECHECK_AUTH: "alb", AWS_REGION: "eu-west-1" })).toMatchObject({ kind: "alb", keysUrl: "https://public-keys.auth.elb.eu-west-1.amazonaws.com" });
    expect(() => authMode({ GATECHECK_AUTH: "alb" })).toThrow(/region/);
  });
});

describe("sessions (OpenID Connect mode)", () => {
  const mode = authMode({
    GATECHECK_OIDC_ISSUER: "https://idp.example.com",
    GATECHECK_OIDC_CLIENT_ID: "id",
    GATECHECK_OIDC_CLIENT_SECRET: "secret",
    GATECHECK_PUBLIC_URL: "https://gatecheck.example.com",
    GATECHECK_SESSION_SECRET: "s".repeat(40),
  }) as Extract<ReturnType<typeof authMode>, { kind: "oidc" }>;
  const user = { sub: "u-1", name: "Rui", email: "rui@example.test", role: "responder" as const };
  const cookie = (value: string) => new Headers({ cookie: `other=1; ${sessionCookieName(mode.publicUrl)}=${value}` });

  it("knows the user of a sealed session, and nobody otherwise", async () => {
    expect(sessionCookieName(mode.publicUrl)).toBe("__Host-gatecheck_session");
    const token = await sealSession(user, mode);
    expect(await identify(cookie(token), mode)).toEqual({ user });
    const forged = await sealSession({ ...user, role: "admin" }, { ...mode, sessionSecret: "t".repeat(40) });
    for (const headers of [cookie(forged), cookie(token.slice(0, -2)), new Headers()]) {
      const identity = await identify(headers, mode);
      expect("refusal" in identity && identity.refusal.code).toBe("SIGN_IN_REQUIRED");
    }
  });
});

describe("ALB mode: x-amzn-oidc-data", () => {
  const keys = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const other = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = "5f0b3a1e-8c1d-4a5e-9f2b-1c2d3e4f5a6b";
  const signer = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/gatecheck/abc";
  let server: http.Server;
  let keysUrl = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === `/${kid}`) res.end(keys.publicKey.export({ type: "spki", format: "pem" }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    keysUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  // ALB pads its base64url segments: so does this token.
  const segment = (value: object) => {
    const text = Buffer.from(JSON.stringify(value)).toString("base64url");
    return text + "=".repeat((4 - (text.length % 4)) % 4);
  };
  function token(claims: object, { key = keys.privateKey, headerKid = kid, exp = Math.floor(Date.now() / 1000) + 60, by = signer } = {}): string {
    const header = segment({ alg: "ES256", kid: headerKid, signer: by, iss: "https://idp.example.com", client: "c", exp });
    const payload = segment({ exp, ...claims });
    return `${header}.${payload}.${crypto.sign("sha256", Buffer.from(`${header}.${payload}`), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
  }
  const mode = () => ({ kind: "alb" as const, keysUrl, albArns: [signer], ...mapping });
  const rui = { sub: "rui", name: "Rui", email: "rui@example.test", groups: ["oncall"] };

  it("accepts the load balancer's token, padding and all, and maps the user's role", async () => {
    expect(await verifyAlbData(token(rui), mode())).toEqual({ user: { sub: "rui", name: "Rui", email: "rui@example.test", role: "responder" } });
    const headers = new Headers({ "x-amzn-oidc-data": token(rui) });
    expect(await identify(headers, mode())).toMatchObject({ user: { role: "responder" } });
  });
  it("refuses a forged, expired, foreign or unknown-key token, and no token at all", async () => {
    expect(await verifyAlbData(token(rui, { key: other.privateKey }), mode())).toEqual({ reason: expect.stringMatching(/signature does not verify/) });
    expect(await verifyAlbData(token(rui, { exp: Math.floor(Date.now() / 1000) - 5 }), mode())).toEqual({ reason: expect.stringMatching(/expired/) });
    expect(await verifyAlbData(token(rui, { by: "arn:aws:elasticloadbalancing:us-east-1:999:loadbalancer/app/evil/x" }), mode())).toEqual({ reason: expect.stringMatching(/GATECHECK_ALB_ARNS/) });
    expect(await verifyAlbData(token(rui, { headerKid: "00000000-0000-0000-0000-000000000000" }), mode())).toEqual({ reason: expect.stringMatching(/could not be fetched/) });
    expect(await verifyAlbData(token(rui, { headerKid: "../admin" }), mode())).toEqual({ reason: expect.stringMatching(/key id/) });
    // A token whose payload was swapped for an admin's keeps its signature, which then fails.
    const [h, , s] = token(rui).split(".");
    expect(await verifyAlbData(`${h}.${segment({ ...rui, groups: ["admins"], exp: Math.floor(Date.now() / 1000) + 60 })}.${s}`, mode())).toEqual({ reason: expect.stringMatching(/signature/) });
    expect(await identify(new Headers(), mode())).toMatchObject({ refusal: { status: 401, code: "SIGN_IN_REQUIRED" } });
  });
  it("answers 403 NO_ROLE for a valid user in no mapped group", async () => {
    expect(await identify(new Headers({ "x-amzn-oidc-data": token({ ...rui, groups: ["marketing"] }) }), mode())).toMatchObject({ refusal: { status: 403, code: "NO_ROLE" } });
  });
});
