// Random small accounts that mix several causes of 403 at once, and the requests to replay against them, for
// the differential test (test/differential.ts). Seeded: the same seed gives the same configuration and requests.
// Knows nothing of gatecheck's engine: it only builds what a user's account and clients could look like.
import { seededRandom } from "../sim/random";

type Verb = "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "ANY";
type Auth = "NONE" | "AWS_IAM" | "CUSTOM";

export interface MixedRoute {
  path: string;
  method: Verb;
  apiKeyRequired: boolean;
  authorizationType: Auth;
  authorizerId?: string;
}

/** One request a client sends, and what the generator meant by it (read by the test's expectations). */
export interface MixedRequest {
  method: Exclude<Verb, "ANY">;
  host: string;
  /** `/{stage}/{path}` as sent. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  sourceIp: string;
  /** Where the key was put, and which of the account's keys it is (`unknown`: a value no key has). */
  key: { placement: "none" | "header" | "body" | "query"; which: "ok" | "disabled" | "no-plan" | "dev-only" | "unknown" | null };
}

export interface MixedConfig {
  seed: number;
  /** A scenario file's content (sim/scenario.ts validates it). */
  scenario: Record<string, unknown>;
  requests: MixedRequest[];
  /** Draft routes the deployment left out. */
  undeployed: MixedRoute[];
  keyIds: Record<"ok" | "disabled" | "no-plan" | "dev-only", string>;
  /** Key values by the generator's name for them (the test never shows them). */
  keyValues: Record<"ok" | "disabled" | "no-plan" | "dev-only" | "unknown", string>;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const OFFICE = "203.0.113.0/24";
const BLOCKED = "198.51.100.0/24";
const VPCE = "vpce-0a1b2c3d";
const OTHER_VPCE = "vpce-0f9e8d7c";

/** A configuration for `seed`; `logging: false` turns execution logging off on every stage. */
export function mixedScenario(seed: number, options: { logging: boolean; requests?: number }): MixedConfig {
  const random = seededRandom(seed * 7919 + 17);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
  const id10 = () => chars("abcdefghijklmnopqrstuvwxyz", 1) + chars(LOWER, 9);
  const id6 = () => chars("abcdefghijklmnopqrstuvwxyz", 1) + chars(LOWER, 5);

  const apiId = id10();
  const isPrivate = chance(0.15);
  const keySource = chance(0.12) ? "AUTHORIZER" : "HEADER";
  const authorizerId = "auth01";
  const auth = (): Pick<MixedRoute, "authorizationType" | "authorizerId"> => {
    // A key from the authorizer needs a Lambda authorizer on the method.
    const roll = keySource === "AUTHORIZER" ? 0.5 : random();
    return roll < 0.75 ? { authorizationType: "NONE" } : roll < 0.88 ? { authorizationType: "CUSTOM", authorizerId } : { authorizationType: "AWS_IAM" };
  };
  const keyed = () => chance(0.8);
  const routes: MixedRoute[] = [
    { path: "/items", method: "GET", apiKeyRequired: keyed(), ...auth() },
    { path: "/items", method: "POST", apiKeyRequired: keyed(), ...auth() },
    { path: "/items/{itemId}", method: "GET", apiKeyRequired: keyed(), ...auth() },
  ];
  if (chance(0.35)) routes.push({ path: "/cart", method: "ANY", apiKeyRequired: keyed(), ...auth() });
  if (chance(0.25)) routes.push({ path: "/cart", method: "OPTIONS", apiKeyRequired: chance(0.5), authorizationType: "NONE" });
  if (chance(0.3)) routes.push({ path: "/{proxy+}", method: "ANY", apiKeyRequired: keyed(), ...auth() });
  if (keySource === "AUTHORIZER") for (const r of routes) if (r.method !== "OPTIONS") Object.assign(r, { authorizationType: "CUSTOM", authorizerId });

  // The deployment lags behind the draft: a route never deployed, or a key requirement never redeployed.
  const lag = random();
  const undeployed: MixedRoute[] = lag < 0.2 ? [routes[1]!] : [];
  const deployed = routes.filter((r) => !undeployed.includes(r)).map((r, i) => (lag > 0.85 && i === 0 ? { ...r, apiKeyRequired: !r.apiKeyRequired } : r));

  const keyValue = () => chars(ALNUM, 40);
  const keyValues = { ok: keyValue(), disabled: keyValue(), "no-plan": keyValue(), "dev-only": keyValue(), unknown: keyValue() };
  const keyIds = { ok: id10(), disabled: id10(), "no-plan": id10(), "dev-only": id10() };

  const policyRoll = random();
  const policy = isPrivate
    ? policyRoll < 0.75
      ? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { StringEquals: { "aws:SourceVpce": VPCE } } }] }
      : undefined // a private API without a policy admits nobody
    : policyRoll < 0.2
      ? {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
            { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:SourceIp": [OFFICE, "2001:db8::/32"] } } },
          ],
        }
      : policyRoll < 0.3
        ? { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: `arn:aws:execute-api:us-east-1:123456789012:${apiId}/*/GET/*` }] }
        : undefined;

  // AWS applies the policy and the key source on deployment: sometimes the draft moved on and was never deployed.
  const driftRoll = random();
  // (gatecheck reads the deployed policy when the draft has one: docs/order-of-evaluation.md, open points.)
  const deployedSettings =
    driftRoll < 0.06 && policy
      ? { policy: null }
      : driftRoll < 0.12 && policy
        ? { policy: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }] } }
        : driftRoll < 0.15 && keySource === "AUTHORIZER"
          ? { apiKeySource: "HEADER" }
          : {};
  const webAclArn = chance(0.15) ? `arn:aws:wafv2:us-east-1:123456789012:regional/webacl/fuzz-${seed}/0a1b2c3d` : undefined;
  const level = options.logging ? "INFO" : "OFF";
  const quota = chance(0.12);
  const stageInNoPlan = chance(0.1);

  const scenario = {
    name: `mixed-${seed}`,
    description: `Differential-test configuration ${seed}${options.logging ? "" : " (execution logging off)"}.`,
    region: "us-east-1",
    account: { cloudwatchRoleArn: "arn:aws:iam::123456789012:role/APIGatewayPushToCloudWatchLogs" },
    restApis: [
      {
        id: apiId,
        name: `mixed-api-${seed}`,
        apiKeySource: keySource,
        endpointType: isPrivate ? "PRIVATE" : "REGIONAL",
        ...(isPrivate ? { vpcEndpointIds: [VPCE] } : {}),
        disableExecuteApiEndpoint: !isPrivate && chance(0.08),
        ...(policy ? { policy } : {}),
        routes,
        authorizers: [
          {
            id: authorizerId,
            name: "request-check",
            type: "REQUEST",
            identitySource: "method.request.header.Authorization",
            authorizerResultTtlInSeconds: 0,
            decision: {
              effect: pick(["Allow", "Allow", "Allow", "Deny", "Unauthorized"] as const),
              principalId: "user-1",
              ...(keySource === "AUTHORIZER" && chance(0.7) ? { usageIdentifierKey: keyValues.ok } : {}),
            },
          },
        ],
        deployments: [{ id: "dep001", routes: deployed, ...deployedSettings }],
        stages: [
          { name: "prod", deploymentId: "dep001", loggingLevel: level, ...(webAclArn ? { webAclArn } : {}) },
          { name: "dev", deploymentId: "dep001", loggingLevel: level },
        ],
      },
    ],
    apiKeys: [
      { id: keyIds.ok, name: "partner-ok", value: keyValues.ok },
      { id: keyIds.disabled, name: "partner-disabled", value: keyValues.disabled, enabled: false },
      { id: keyIds["no-plan"], name: "partner-no-plan", value: keyValues["no-plan"] },
      { id: keyIds["dev-only"], name: "partner-dev-only", value: keyValues["dev-only"] },
    ],
    usagePlans: [
      {
        id: id6(),
        name: "gold",
        apiStages: [{ apiId, stage: stageInNoPlan ? "dev" : "prod" }],
        keys: [keyIds.ok, keyIds.disabled],
        ...(quota ? { quota: { limit: 1, offset: 0, period: "DAY" } } : {}),
      },
      { id: id6(), name: "dev-plan", apiStages: stageInNoPlan ? [] : [{ apiId, stage: "dev" }], keys: [keyIds["dev-only"]] },
    ],
    webAcls: webAclArn ? [{ arn: webAclArn, blockSourceIps: [BLOCKED] }] : [],
  };

  const requests: MixedRequest[] = [];
  for (let i = 0; i < (options.requests ?? 6); i++) {
    const target = pick([
      { method: "GET", path: "/items" },
      { method: "GET", path: "/items" },
      { method: "POST", path: "/items" },
      { method: "GET", path: "/items/42" },
      { method: "DELETE", path: "/items" },
      { method: "OPTIONS", path: "/cart" },
      { method: "GET", path: "/cart" },
      { method: "GET", path: "/orders/7" },
    ] as const);
    const stageRoll = random();
    const stage = stageRoll < 0.9 ? "prod" : stageRoll < 0.95 ? "Prod" : null;
    const headers: Record<string, string> = {};
    const keyRoll = random();
    const which = keyRoll < 0.45 ? "ok" : keyRoll < 0.55 ? "disabled" : keyRoll < 0.65 ? "no-plan" : keyRoll < 0.73 ? "dev-only" : keyRoll < 0.8 ? "unknown" : null;
    const placement = which === null ? "none" : target.method === "POST" && chance(0.3) ? "body" : target.method === "GET" && chance(0.1) ? "query" : "header";
    let body: string | undefined;
    let query = "";
    if (which && placement === "header") headers["x-api-key"] = keyValues[which];
    if (which && placement === "body") body = JSON.stringify({ apiKey: keyValues[which], qty: 1 });
    if (which && placement === "query") query = `?api_key=${keyValues[which]}`;
    if (target.method === "POST") headers["content-type"] = "application/json";
    body ??= target.method === "POST" ? '{"qty":1}' : undefined;
    const authRoll = random();
    if (authRoll < 0.35) headers.authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0f1e2d";
    else if (authRoll < 0.8) headers.authorization = "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl";
    // How the API is reached: its public name, or (private APIs) a VPC endpoint's names.
    let host = `${apiId}.execute-api.localhost`;
    if (isPrivate) {
      const reach = random();
      if (reach < 0.55) host = `${apiId}-${VPCE}.execute-api.localhost`;
      else if (reach < 0.75) {
        host = `${VPCE}.execute-api.localhost`;
        headers["x-apigw-api-id"] = apiId;
      } else if (reach < 0.85) host = `${apiId}-${OTHER_VPCE}.execute-api.localhost`;
    } else if (chance(0.04)) headers["x-apigw-api-id"] = apiId;
    const ipRoll = random();
    const sourceIp = ipRoll < 0.75 ? `203.0.113.${1 + Math.floor(random() * 200)}` : ipRoll < 0.95 ? `198.51.100.${1 + Math.floor(random() * 200)}` : "2001:db8::5";
    requests.push({
      method: target.method,
      host,
      path: `${stage === null ? "" : `/${stage}`}${target.path}${query}`,
      headers,
      ...(body !== undefined ? { body } : {}),
      sourceIp,
      key: { placement, which },
    });
  }
  return { seed, scenario, requests, undeployed, keyIds, keyValues };
}
