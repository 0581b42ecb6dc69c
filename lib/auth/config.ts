// How gatecheck knows who is asking, read from the environment once. PURE: no Next, no Node APIs beyond
// `process.env` as a default argument, so the proxy, the route wrapper and the launch scripts share it.

/** What a signed-in user may do; each role may do everything the ones before it may. */
export const ROLES = ["viewer", "responder", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const hasRole = (user: { role: Role }, needed: Role): boolean => ROLES.indexOf(user.role) >= ROLES.indexOf(needed);

export type AuthMode =
  /** OpenID Connect sign-in against any IdP (Okta, Entra ID, Google, Cognito). */
  | {
      kind: "oidc";
      issuer: string;
      clientId: string;
      clientSecret: string;
      publicUrl: string;
      scope: string;
      /** Signs session cookies; every instance behind one load balancer needs the same one. */
      sessionSecret: string;
      sessionHours: number;
      groupsClaim: string;
      roleGroups: Record<Role, string[]>;
      defaultRole: Role | null;
    }
  /** Behind an AWS Application Load Balancer that authenticates with OIDC and signs `x-amzn-oidc-data`. */
  | { kind: "alb"; keysUrl: string; albArns: string[]; groupsClaim: string; roleGroups: Record<Role, string[]>; defaultRole: Role | null }
  /** GATECHECK_AUTH=none: no sign-in, on purpose, whatever address the server listens on; everyone is admin. */
  | { kind: "none" }
  /** Nothing configured: one person on this machine, so the server listens on loopback only; that person is admin. */
  | { kind: "local" };

export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthConfigError";
  }
}

type Env = Record<string, string | undefined>;

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function roleMapping(env: Env): Pick<Extract<AuthMode, { kind: "oidc" }>, "groupsClaim" | "roleGroups" | "defaultRole"> {
  const defaultRole = env.GATECHECK_DEFAULT_ROLE?.trim() || null;
  if (defaultRole !== null && !(ROLES as readonly string[]).includes(defaultRole)) {
    throw new AuthConfigError(`GATECHECK_DEFAULT_ROLE is "${defaultRole}"; set it to one of ${ROLES.join(", ")}, or leave it unset so users in no mapped group are refused.`);
  }
  return {
    groupsClaim: env.GATECHECK_GROUPS_CLAIM?.trim() || "groups",
    roleGroups: { viewer: list(env.GATECHECK_VIEWER_GROUPS), responder: list(env.GATECHECK_RESPONDER_GROUPS), admin: list(env.GATECHECK_ADMIN_GROUPS) },
    defaultRole: defaultRole as Role | null,
  };
}

/** The configured mode; an incomplete configuration is an error that names what is missing. */
export function authMode(env: Env = process.env): AuthMode {
  const requested = env.GATECHECK_AUTH?.trim().toLowerCase() || (env.GATECHECK_OIDC_ISSUER ? "oidc" : "");
  switch (requested) {
    case "": {
      return { kind: "local" };
    }
    case "none":
      return { kind: "none" };
    case "oidc": {
      const missing = ["GATECHECK_OIDC_ISSUER", "GATECHECK_OIDC_CLIENT_ID", "GATECHECK_OIDC_CLIENT_SECRET", "GATECHECK_PUBLIC_URL", "GATECHECK_SESSION_SECRET"].filter((name) => !env[name]?.trim());
      if (missing.length > 0) throw new AuthConfigError(`OpenID Connect sign-in needs ${missing.join(", ")}.`);
      const sessionSecret = env.GATECHECK_SESSION_SECRET!.trim();
      if (sessionSecret.length < 32) throw new AuthConfigError("GATECHECK_SESSION_SECRET must be at least 32 characters (for example: openssl rand -base64 32).");
      const sessionHours = Number(env.GATECHECK_SESSION_HOURS ?? 8);
      if (!(sessionHours > 0 && sessionHours <= 24 * 7)) throw new AuthConfigError("GATECHECK_SESSION_HOURS must be a number of hours between 0 and 168.");
      return {
        kind: "oidc",
        issuer: env.GATECHECK_OIDC_ISSUER!.trim(),
        clientId: env.GATECHECK_OIDC_CLIENT_ID!.trim(),
        clientSecret: env.GATECHECK_OIDC_CLIENT_SECRET!.trim(),
        publicUrl: env.GATECHECK_PUBLIC_URL!.trim().replace(/\/+$/, ""),
        scope: env.GATECHECK_OIDC_SCOPE?.trim() || "openid profile email",
        sessionSecret,
        sessionHours,
        ...roleMapping(env),
      };
    }
    case "alb": {
      const region = env.GATECHECK_ALB_REGION?.trim() || env.AWS_REGION?.trim();
      const keysUrl = env.GATECHECK_ALB_KEYS_URL?.trim() || (region ? `https://public-keys.auth.elb.${region}.amazonaws.com` : "");
      if (!keysUrl) throw new AuthConfigError("ALB sign-in needs the load balancer's region (GATECHECK_ALB_REGION or AWS_REGION) to fetch its signing keys.");
      return { kind: "alb", keysUrl: keysUrl.replace(/\/+$/, ""), albArns: list(env.GATECHECK_ALB_ARNS), ...roleMapping(env) };
    }
    default:
      throw new AuthConfigError(`GATECHECK_AUTH is "${env.GATECHECK_AUTH}"; set it to oidc, alb or none (or leave it unset for one person on this machine).`);
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);
export const isLoopbackHost = (host: string): boolean => LOOPBACK.has(host.trim().toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host.trim());

/** Why the server must not listen on `host`, or null: without sign-in it answers this machine only. */
export function listenRefusal(host: string, mode: AuthMode): string | null {
  if (mode.kind !== "local" || isLoopbackHost(host)) return null;
  return (
    `gatecheck has no sign-in configured, so it listens on loopback only (asked: ${host}). ` +
    "Configure sign-in (GATECHECK_OIDC_ISSUER…, or GATECHECK_AUTH=alb behind an AWS load balancer), " +
    "or set GATECHECK_AUTH=none to let anyone who reaches the port use it."
  );
}
