// A real OpenID Connect provider (the `oidc-provider` package) on loopback for the sign-in tests, plus a
// stand-in for what an AWS Application Load Balancer does with users it authenticated: it signs their claims
// with ES256 into `x-amzn-oidc-data` and publishes the public key (PEM) by key id.
//
//   tsx e2e/support/idp.ts --port 4590 --redirect http://127.0.0.1:3090/api/auth/callback [--redirect …]
//
// Users: sign in with any password as one of USERS' logins; their `groups` claim decides their role.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { exportJWK, exportSPKI, generateKeyPair } from "jose";
import { Provider } from "oidc-provider";
import { IDP_CLIENT, USERS } from "./users";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string" }, redirect: { type: "string", multiple: true } } });
  const port = Number(values.port ?? 4590);
  const issuer = `http://127.0.0.1:${port}`;

  const signing = await generateKeyPair("RS256", { extractable: true });
  const albKey = await generateKeyPair("ES256", { extractable: true });
  const ALB_KID = crypto.randomUUID();

  const configuration = {
    clients: [{ client_id: IDP_CLIENT.id, client_secret: IDP_CLIENT.secret, redirect_uris: values.redirect ?? [], grant_types: ["authorization_code"], response_types: ["code"] }],
    jwks: { keys: [{ ...(await exportJWK(signing.privateKey)), kid: "e2e-rs256", alg: "RS256", use: "sig" }] },
    cookies: { keys: ["gatecheck-e2e-idp-cookie-key"] },
    claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
    scopes: ["openid", "profile", "email", "groups"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) => {
      const user = USERS[id];
      if (!user) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: user.name, email: user.email, groups: user.groups }) };
    },
    // Consent is granted at once: the tests are about gatecheck, not the IdP's consent screen.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- oidc-provider is untyped
    loadExistingGrant: async (ctx: any) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid profile email groups");
      await grant.save();
      return grant;
    },
  };

  const provider = new Provider(issuer, configuration);

  const b64 = (value: object) => {
    // ALB pads its base64url segments (not JWS-conformant); so does this stand-in, to keep gatecheck honest.
    const text = Buffer.from(JSON.stringify(value)).toString("base64url");
    return text + "=".repeat((4 - (text.length % 4)) % 4);
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Koa context
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    // The load balancer's public key endpoint: https://public-keys.auth.elb.{region}.amazonaws.com/{kid}
    if (ctx.method === "GET" && ctx.path.startsWith("/alb-keys/")) {
      if (ctx.path.slice("/alb-keys/".length) !== ALB_KID) {
        ctx.status = 404;
        return;
      }
      ctx.type = "text/plain";
      ctx.body = await exportSPKI(albKey.publicKey);
      return;
    }
    // What the load balancer would forward for a signed-in user: POST {login, expiresIn?, signer?}.
    if (ctx.method === "POST" && ctx.path === "/alb/sign") {
      const body = await new Promise<string>((resolve) => {
        let text = "";
        ctx.req.on("data", (chunk: Buffer) => (text += chunk));
        ctx.req.on("end", () => resolve(text));
      });
      const {
        login,
        expiresIn = 120,
        signer = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/gatecheck/50dc6c495c0c9188",
      } = JSON.parse(body) as {
        login: string;
        expiresIn?: number;
        signer?: string;
      };
      const user = USERS[login]!;
      const exp = Math.floor(Date.now() / 1000) + expiresIn;
      const header = b64({ alg: "ES256", kid: ALB_KID, signer, iss: issuer, client: IDP_CLIENT.id, exp });
      const payload = b64({ sub: login, name: user.name, email: user.email, groups: user.groups, exp, iss: issuer });
      const signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), { key: crypto.KeyObject.from(albKey.privateKey), dsaEncoding: "ieee-p1363" }).toString("base64url");
      ctx.type = "text/plain";
      ctx.body = `${header}.${payload}.${signature}`;
      return;
    }
    await next();
  });

  provider.listen(port, "127.0.0.1", () => console.log(`idp ready on ${issuer}`));
}

void main();
