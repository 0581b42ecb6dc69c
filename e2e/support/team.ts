// The team deployment the sign-in tests run against (issue 12): a test IdP, Redis, two app instances signing
// in with OpenID Connect and sharing Redis and S3 (the simulator's), and one behind an "ALB" (x-amzn-oidc-data).
// Ports come from the environment (`npm test` picks free ones) with fixed defaults for a manual run.
import { HUB_KEY } from "../../test/multi-accounts";
import { IDP_CLIENT } from "./users";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const PORTS = {
  sim: port("E2E_SIM_PORT", 4577),
  idp: port("E2E_IDP_PORT", 4590),
  redis: port("E2E_REDIS_PORT", 6390),
  teamA: port("E2E_TEAM_A_PORT", 3091),
  teamB: port("E2E_TEAM_B_PORT", 3092),
  alb: port("E2E_ALB_PORT", 3093),
  multi: port("E2E_MULTI_PORT", 3094),
  write: port("E2E_WRITE_PORT", 3095),
};

export const TEAM_A = `http://127.0.0.1:${PORTS.teamA}`;
export const TEAM_B = `http://127.0.0.1:${PORTS.teamB}`;
export const ALB_APP = `http://127.0.0.1:${PORTS.alb}`;
/** The instance that reads many accounts (sim/scenarios-multi) through assumed roles. */
export const MULTI_APP = `http://127.0.0.1:${PORTS.multi}`;
export const IDP = `http://127.0.0.1:${PORTS.idp}`;
/** The instance with write mode on (e2e/fixes.spec.ts), local sign-in: its one user is admin. */
export const WRITE_APP = `http://127.0.0.1:${PORTS.write}`;

/** Write mode against the simulator: the write role of sim/scenarios/zz-gatecheck-identities.json. */
export const WRITE_MODE_ENV = { GATECHECK_WRITE: "1", GATECHECK_WRITE_ROLE_ARN: "arn:aws:iam::123456789012:role/gatecheck-fix" };
export const SNAPSHOT_BUCKET = "gatecheck-e2e-team";

/** Groups → roles, as a team would map its IdP's groups (see e2e/support/users.ts). */
const ROLE_GROUPS = { GATECHECK_VIEWER_GROUPS: "sre-readers", GATECHECK_RESPONDER_GROUPS: "oncall", GATECHECK_ADMIN_GROUPS: "platform-admins" };

/** One team instance: OpenID Connect sign-in, the shared Redis and S3, its own (unused) data folder. */
export function teamInstanceEnv(publicUrl: string, name: string): Record<string, string> {
  return {
    GATECHECK_OIDC_ISSUER: IDP,
    GATECHECK_OIDC_CLIENT_ID: IDP_CLIENT.id,
    GATECHECK_OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
    GATECHECK_OIDC_SCOPE: "openid profile email groups",
    GATECHECK_PUBLIC_URL: publicUrl,
    GATECHECK_SESSION_SECRET: "gatecheck-e2e-session-secret-shared-by-both-instances",
    ...ROLE_GROUPS,
    // Write mode on: only admins see Apply (e2e/team.spec.ts checks a viewer gets neither the button nor the route).
    ...WRITE_MODE_ENV,
    GATECHECK_REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
    GATECHECK_S3_BUCKET: SNAPSHOT_BUCKET,
    GATECHECK_DATA_DIR: `test-results/team-${name}-data`,
  };
}

export function albInstanceEnv(): Record<string, string> {
  return { GATECHECK_AUTH: "alb", GATECHECK_ALB_KEYS_URL: `${IDP}/alb-keys`, ...ROLE_GROUPS, GATECHECK_DATA_DIR: "test-results/team-alb-data" };
}

/** Write mode on, reading with a key allowed only reads (sim/scenarios/zz-gatecheck-identities.json): every write goes through the write role. */
export function writeInstanceEnv(): Record<string, string> {
  return {
    ...WRITE_MODE_ENV,
    AWS_ACCESS_KEY_ID: "AKIAGATECHECKREAD001",
    AWS_SECRET_ACCESS_KEY: "gatecheck-e2e-readonly",
    GATECHECK_DATA_DIR: "test-results/write-data",
    // Each fix reads AWS afresh four times (preview, apply, check, the page's refresh): the simulator has no quota to pace under.
    GATECHECK_AWS_PACING: "off",
  };
}

/** Reads the accounts of `configFile` with the hub's key (the simulator maps it to the hub account). */
export function multiInstanceEnv(configFile: string): Record<string, string> {
  return { GATECHECK_CONFIG: configFile, AWS_ACCESS_KEY_ID: HUB_KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: HUB_KEY.secretAccessKey, GATECHECK_DATA_DIR: "test-results/multi-data" };
}
