// One rule per finding code, in pipeline order (CAUSES.md). A rule reads the derived context and says
// pass, n/a, unknown (with why) or fail (with the finding). Order matters: the first failing blocker is
// the first break.
import type { Read, ReadGap } from "@/lib/inventory/types";
import type { LogEvent } from "@/lib/logs/types";
import { maskKeyValue } from "@/lib/logs/mask";
import { correctRequest, toCurl } from "@/lib/request/curl";
import { coversStage, loggingLevelOf, signedCall, unreadableReason, valueOf, type DiagnosisContext } from "./context";
import { partitionOf } from "@/lib/regions";
import { cliFix, consoleUrl } from "./fixes";
import { closestName, nearestPath, pathExists, routeDifferences } from "./routes";
import type { Finding, FindingCode, Hop, Severity } from "./types";

/** The links of the chain graph a finding can break. */
export type ChainLink = "request-api" | "api-stage" | "stage-deployment" | "deployment-method" | "method-key" | "key-plan" | "plan-stage" | "stage-logs";

export type Outcome =
  | { result: "pass" }
  | { result: "n/a" }
  /** `caveat`: judged another way (the draft for an unreadable deployment); the verdict stands, with this beside it. */
  | { result: "unknown"; reason: string; caveat?: boolean }
  /** `unknown`: the hop also stays undecided (a policy that denies depending on the caller's IP, which is not known). */
  | { result: "fail"; severity: Severity; title: string; detail: string; evidence: string[]; fix: Finding["fix"]; unknown?: string };

export interface Rule {
  code: FindingCode;
  hop: Hop;
  link: ChainLink;
  check(ctx: DiagnosisContext): Outcome;
  /** Whether a log line of the call is evidence for this finding. */
  supportedBy?(event: LogEvent, ctx: DiagnosisContext): boolean;
  /** As first break, the finding explains the call without proving a 403 (an HTTP API has no keys at all). */
  verdictWhenFirst?: "unknown" | "throttled";
}

const PASS: Outcome = { result: "pass" };
const NA: Outcome = { result: "n/a" };

const fail = (severity: Severity, title: string, detail: string, evidence: string[], fix: Finding["fix"]): Outcome => ({
  result: "fail",
  severity,
  title,
  detail,
  evidence,
  fix,
});

const unreadable = (gap: Omit<ReadGap, "message">, what: string): Outcome => ({ result: "unknown", reason: unreadableReason(gap, what) });

/** When a read the rule depends on failed, the rule's answer is unknown, with the reason. */
function gapOf(read: Read<unknown>, what: string): Outcome | null {
  return read.state === "gap" ? unreadable(read.gap, what) : null;
}

/** The REST API could not be read: what its settings decide (endpoint, resource policy, key source) is unknown. */
const apiUnread = (ctx: DiagnosisContext): Outcome | null => gapOf(ctx.inventory.restApi, "the REST API");

/** The method as deployed could not be read: what depends on it (a key required, its authorizer) is unknown. */
const methodUnread = (ctx: DiagnosisContext): Outcome | null => (ctx.deployedGap && !ctx.method ? unreadable(ctx.deployedGap, "the deployed snapshot") : null);

/** The key could not be identified or read: what depends on it (its plans) is unknown. */
function keyUnread(ctx: DiagnosisContext): Outcome | null {
  const presented = ctx.call.presentedKey;
  if (presented?.resolution === "unreadable") return unreadable(presented.gap, "the account's API keys");
  return gapOf(ctx.inventory.apiKey, "the API key");
}

const describeMethod = (ctx: DiagnosisContext) => (ctx.method ? `'${ctx.method.verb === "ANY" ? ctx.call.method : ctx.method.verb} ${ctx.method.template}'` : `'${ctx.call.method} ${ctx.call.path}'`);
const fromDraftNote = (ctx: DiagnosisContext) => (ctx.methodFromDraft ? ["Deployed state unreadable; judged from the draft."] : []);

/** The method requires a key: null when that cannot be told (no route, unknown API). */
function keyRequired(ctx: DiagnosisContext): boolean | null {
  return ctx.method ? ctx.method.apiKeyRequired : null;
}

/** apiKeySource AUTHORIZER: a key the client sent is ignored; only a key the logs show came from the authorizer. */
const clientKeyIgnored = (ctx: DiagnosisContext) => ctx.api?.apiKeySource === "AUTHORIZER" && ctx.call.presentedKey?.where !== "logs";
const headerKey = (ctx: DiagnosisContext) => ctx.call.request?.keyLocations.find((k) => k.where === "header" && k.value !== "");
const otherKey = (ctx: DiagnosisContext) => ctx.call.request?.keyLocations.find((k) => k.where !== "header");

/** Whether a line belongs to a logged request whose lines show it refused for `code`. */
const refusedFor = (ctx: DiagnosisContext, e: LogEvent, code: FindingCode) => e.kind !== "extended-request-id" && ctx.evidence.some((r) => r.requestId === e.requestId && r.code === code);

/** A policy document compared by content, not by whitespace or key order of its JSON text. */
function normalizedPolicy(policy: string | null): string | null {
  if (!policy) return null;
  try {
    const sort = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sort)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, x]) => [k, sort(x)]),
            )
          : v;
    return JSON.stringify(sort(JSON.parse(policy)));
  } catch {
    return policy;
  }
}

const emptyKeyLine = (e: LogEvent) => (e.kind === "usage-plan-verifying" && e.maskedKey === "") || (e.kind === "api-key-not-authorized" && (e.maskedKey === "" || e.reason === "API_KEY_NOT_PRESENT"));

/** A line of a call refused by the usage plan's throttle or quota (429). */
const limitLine = (e: LogEvent) => e.status === 429 || e.kind === "usage-plan-throttled" || e.kind === "usage-plan-quota-exceeded";

const where = (k: { where: string; name: string }) =>
  ({
    body: `the JSON body field "${k.name}"`,
    query: `the query parameter "${k.name}"`,
    authorization: "the Authorization header",
    "other-header": `the header "${k.name}"`,
    header: "the x-api-key header",
  })[k.where] ?? k.name;

/** The call as a curl command with the key in the x-api-key header, as `$API_KEY` so it runs as pasted. */
function correctedCurl(ctx: DiagnosisContext): string {
  const r = ctx.call.request;
  // A pasted request keeps its headers and body; the key moves to the header.
  if (r?.keyLocations.some((k) => k.where !== "header")) return toCurl(correctRequest(r, { moveKeyToHeader: true }).facts, { keyAsVariable: true });
  const url = r?.url ?? `https://${ctx.call.apiId ?? "{api-id}"}.execute-api.${ctx.call.region}.${partitionOf(ctx.call.region).dnsSuffix}/${ctx.call.stage ?? "{stage}"}${ctx.call.path}`;
  const verb = ctx.call.method === "GET" ? "" : ` -X ${ctx.call.method}`;
  return `curl${verb} '${url}' -H "x-api-key: $API_KEY"`;
}

const region = (ctx: DiagnosisContext) => ctx.call.region;
const apiIdOf = (ctx: DiagnosisContext) => ctx.api?.id ?? ctx.call.apiId ?? "{api-id}";
const stageOf = (ctx: DiagnosisContext) => ctx.stage?.name ?? ctx.call.stage ?? "{stage}";

export const RULES: readonly Rule[] = [
  // ── endpoint ───────────────────────────────────────────────────────────────
  {
    code: "HTTP_API_NO_KEYS",
    hop: "endpoint",
    link: "request-api",
    verdictWhenFirst: "unknown",
    check(ctx) {
      const http = valueOf(ctx.inventory.httpApi);
      if (!http) return gapOf(ctx.inventory.httpApi, "the HTTP APIs") ?? NA;
      // WebSocket APIs do take API keys and usage plans (AWS-FACTS #8); only HTTP APIs have none.
      if (http.protocolType !== "HTTP") return NA;
      return fail(
        "blocker",
        `${http.name} is an HTTP API: it has no API keys or usage plans`,
        "API keys and usage plans exist only for REST and WebSocket APIs. An HTTP API (API Gateway v2) ignores x-api-key; its 403s come from authorizers or IAM.",
        [`API ${http.id} is an ${http.protocolType} API (apigatewayv2).`],
        { summary: "Use a REST API for API keys, or protect the HTTP API with a JWT or Lambda authorizer.", cli: [], consoleUrl: consoleUrl.httpApiRoutes(region(ctx), http.id) },
      );
    },
  },
  {
    code: "API_ID_HEADER_ON_PUBLIC_API",
    hop: "endpoint",
    link: "request-api",
    check(ctx) {
      const header = ctx.call.request?.apiIdHeader;
      if (!ctx.api || !ctx.call.request) return NA;
      if (!header || ctx.api.endpointTypes.includes("PRIVATE")) return PASS;
      // A warning only: AWS documents the header for private APIs and says nothing of public ones (AWS-FACTS #3).
      return fail(
        "warning",
        "x-apigw-api-id was sent to a public API",
        `The header x-apigw-api-id picks a private API behind a VPC endpoint; ${ctx.api.name} is ${ctx.api.endpointTypes.join("/")}. Through a VPC endpoint (private DNS on) this call would reach no API; AWS does not document what its public host does with the header.`,
        [`Request header x-apigw-api-id: ${header}.`, `Endpoint type of ${ctx.api.id}: ${ctx.api.endpointTypes.join(", ")}.`],
        { summary: "Remove the x-apigw-api-id header and call the API's own execute-api URL.", cli: [] },
      );
    },
  },
  {
    code: "PRIVATE_API_NEEDS_VPC_ENDPOINT",
    hop: "endpoint",
    link: "request-api",
    check(ctx) {
      const r = ctx.call.request;
      if (!ctx.api || !r) return NA;
      if (!ctx.api.endpointTypes.includes("PRIVATE")) return PASS;
      const viaPublicName = r.hostKind === "execute-api" || r.hostKind === "local-sim";
      const vpceWithoutApi = r.hostKind === "vpc-endpoint" && !r.apiIdHeader && !r.host?.startsWith(`${ctx.api.id}-`);
      // The {api-id}-{vpce-id} name resolves only for an endpoint associated with the API ("Invoke a private API").
      const unassociated = r.hostKind === "vpc-endpoint" && !!r.vpceId && !!r.host?.startsWith(`${ctx.api.id}-`) && !ctx.api.vpcEndpointIds.includes(r.vpceId);
      if (!viaPublicName && !vpceWithoutApi && !unassociated) return PASS;
      return fail(
        "blocker",
        unassociated ? `VPC endpoint ${r.vpceId} is not associated with ${ctx.api.name}` : "A private API was called without its VPC endpoint",
        viaPublicName
          ? `${ctx.api.name} is PRIVATE: it answers only through an interface VPC endpoint, never on its public execute-api name.`
          : unassociated
            ? `The host name ${r.host} names the API through ${r.vpceId}, but the API's endpoint configuration lists ${ctx.api.vpcEndpointIds.join(", ") || "no VPC endpoint"}.`
            : "The call reached a VPC endpoint's DNS name but did not say which API: add x-apigw-api-id or use the API-specific host name.",
        [`Host: ${r.host ?? "(unknown)"} (${r.hostKind}).`, `Endpoint type: PRIVATE${ctx.api.vpcEndpointIds.length ? `, VPC endpoints ${ctx.api.vpcEndpointIds.join(", ")}` : ""}.`],
        {
          summary: `From inside the VPC, call https://{vpce-dns-name}/${stageOf(ctx)}${ctx.call.path} with the header x-apigw-api-id: ${ctx.api.id}.`,
          cli: [
            `curl 'https://${ctx.api.vpcEndpointIds[0] ?? "vpce-0123456789abcdef0"}-xxxxxxxx.execute-api.${region(ctx)}.vpce.${partitionOf(region(ctx)).dnsSuffix}/${stageOf(ctx)}${ctx.call.path}' -H 'x-apigw-api-id: ${ctx.api.id}'`,
          ],
          consoleUrl: consoleUrl.apiSettings(region(ctx), ctx.api.id),
        },
      );
    },
  },
  {
    code: "PUBLIC_API_BEHIND_PRIVATE_DNS",
    hop: "endpoint",
    link: "request-api",
    check(ctx) {
      if (!ctx.api || !ctx.call.callerInVpc) return NA;
      if (ctx.api.endpointTypes.includes("PRIVATE")) return PASS;
      return fail(
        "warning",
        "A public API called from inside a VPC may be caught by its private DNS",
        `With an execute-api interface endpoint that has private DNS on, every *.execute-api.${region(ctx)}.${partitionOf(region(ctx)).dnsSuffix} name in that VPC resolves to the endpoint, which serves only private APIs: ${ctx.api.name} (${ctx.api.endpointTypes.join("/")}) then answers 403 Forbidden.`,
        ["You said the caller runs inside a VPC.", `Endpoint type of ${ctx.api.id}: ${ctx.api.endpointTypes.join(", ")}.`],
        {
          summary: "Call the API through a custom domain name (not resolved by the endpoint's private DNS), or turn private DNS off on the VPC endpoint.",
          cli: [
            `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${region(ctx)}.execute-api --query 'VpcEndpoints[].[VpcEndpointId,PrivateDnsEnabled]' --region ${region(ctx)}`,
          ],
          consoleUrl: consoleUrl.vpcEndpoints(region(ctx)),
        },
      );
    },
  },
  {
    code: "EXECUTE_API_ENDPOINT_DISABLED",
    hop: "endpoint",
    link: "request-api",
    check(ctx) {
      if (!ctx.api) return apiUnread(ctx) ?? NA;
      if (!ctx.api.disableExecuteApiEndpoint) return PASS;
      const r = ctx.call.request;
      const defaultHost = r ? r.hostKind === "execute-api" || r.hostKind === "local-sim" : null;
      if (defaultHost === false) return PASS;
      return fail(
        defaultHost ? "blocker" : "warning",
        "The default execute-api endpoint is disabled",
        `${ctx.api.name} has disableExecuteApiEndpoint = true: calls to https://${ctx.api.id}.execute-api.${region(ctx)}.${partitionOf(region(ctx)).dnsSuffix} get 403 Forbidden. Only its custom domains answer.`,
        [`disableExecuteApiEndpoint: true on ${ctx.api.id}.`, ...(r?.host ? [`The request went to ${r.host}.`] : [])],
        { summary: "Call the API through its custom domain name.", cli: [], consoleUrl: consoleUrl.apiSettings(region(ctx), ctx.api.id) },
      );
    },
  },
  {
    code: "CUSTOM_DOMAIN_NO_MAPPING",
    hop: "endpoint",
    link: "request-api",
    check(ctx) {
      const r = ctx.call.request;
      if (!r || r.hostKind !== "custom-domain" || !r.host) return NA;
      const gap = gapOf(ctx.inventory.basePathMappings, "the custom domain's base path mappings");
      if (gap) return gap;
      const mappings = valueOf(ctx.inventory.basePathMappings);
      const fix = {
        summary: "Add a base path mapping from the domain to the API stage, or call the path a mapping covers.",
        cli: [cliFix.createMapping(region(ctx), r.host, apiIdOf(ctx), stageOf(ctx), "")],
        consoleUrl: consoleUrl.customDomain(region(ctx), r.host),
      };
      if (mappings === null)
        return fail(
          "blocker",
          `${r.host} is not a custom domain of API Gateway in ${region(ctx)}`,
          "API Gateway has no custom domain with this name in this region.",
          [`GetBasePathMappings for ${r.host}: not found.`],
          fix,
        );
      // The call names a stage, but the stages could not be read: whether a mapping serves it is unknown, not missing.
      if (ctx.call.stage && !ctx.stage) {
        const stagesGap = gapOf(ctx.inventory.stages, "the API's stages");
        if (stagesGap) return stagesGap;
      }
      if (ctx.call.stage && ctx.stage) {
        const repeated = ctx.call.path.split("/")[1] === ctx.call.stage;
        if (!repeated) return PASS;
        return fail(
          "blocker",
          "The stage name is repeated after the custom domain's mapping",
          `The mapping already selects stage ${ctx.call.stage}; the path must not name it again.`,
          [`Path as called: ${r.rawPath}.`],
          {
            ...fix,
            summary: `Drop "/${ctx.call.stage}" from the path.`,
          },
        );
      }
      return fail(
        "blocker",
        `No base path mapping of ${r.host} matches ${r.rawPath}`,
        "A custom domain forwards a call only when a base path mapping (or the (none) catch-all) matches the first path segment.",
        [`Mappings: ${mappings.map((m) => `${m.basePath} → ${m.restApiId}/${m.stage ?? "(default)"}`).join(", ") || "none"}.`],
        fix,
      );
    },
  },
  // ── stage ──────────────────────────────────────────────────────────────────
  {
    code: "STAGE_NOT_FOUND",
    hop: "stage",
    link: "api-stage",
    check(ctx) {
      if (!ctx.api) return NA;
      const gap = gapOf(ctx.inventory.stages, "the API's stages");
      if (gap) return gap;
      const names = (valueOf(ctx.inventory.stages) ?? []).map((s) => s.name);
      if (ctx.stage) return PASS;
      const fix = (name: string | null) => ({
        summary: name ? `Call /${name}${ctx.call.path} — stage names are case-sensitive.` : "Put an existing stage name first in the path: /{stage}/…",
        cli: [],
        consoleUrl: consoleUrl.stages(region(ctx), ctx.api!.id),
      });
      if (!ctx.call.stage) {
        return fail(
          "blocker",
          "The URL names no stage",
          "On the execute-api endpoint the first path segment is the stage; a URL without it gets 403 Forbidden.",
          [`Stages of ${ctx.api.name}: ${names.join(", ") || "none"}.`],
          fix(names[0] ?? null),
        );
      }
      const closest = closestName(names, ctx.call.stage);
      return fail(
        "blocker",
        `No stage named "${ctx.call.stage}"${closest ? ` — did you mean "${closest}"?` : ""}`,
        `${ctx.api.name} has no stage "${ctx.call.stage}". API Gateway answers 403 Forbidden (not 404) for an unknown stage, and writes no execution log.`,
        [`Stages of ${ctx.api.id}: ${names.join(", ") || "none"}.`],
        fix(closest),
      );
    },
  },
  // ── waf ────────────────────────────────────────────────────────────────────
  {
    code: "WAF_ACL_ATTACHED",
    hop: "waf",
    link: "api-stage",
    check(ctx) {
      if (!ctx.stage) return NA;
      const acl = ctx.stage.webAclArn;
      if (!acl) return PASS;
      const blocked = ctx.target?.code === "WAF_ACL_ATTACHED";
      // A request with execution-log lines got past WAF (a blocked one never reaches the stage's log).
      const passed = ctx.target !== null && !blocked && ctx.target.lines.some((e) => e.kind !== "access-log");
      // gatecheck does not read the ACL's rules: without a line of the call, WAF's answer is unknown.
      if (!blocked && !passed) return { result: "unknown", reason: `web ACL ${acl.split("/").slice(-2, -1)[0] ?? acl} guards this stage; no logged call shows whether it lets this caller through` };
      return fail(
        blocked ? "blocker" : "warning",
        blocked ? "AWS WAF blocked the call" : "A WAF web ACL guards this stage",
        blocked
          ? "The stage's web ACL blocked the request before API Gateway looked at keys or plans."
          : "The web ACL runs before resource policies, authorizers and API keys; a rule that blocks the caller answers 403 Forbidden with no execution log. The logged call got past it.",
        [`webAclArn: ${acl}.`, ...(blocked ? ["Access log: wafResponseCode WAF_BLOCK."] : [])],
        { summary: "Check the ACL's rules and sampled requests for the caller.", cli: [cliFix.webAclSampled(region(ctx), acl)], consoleUrl: consoleUrl.webAcls(region(ctx)) },
      );
    },
    supportedBy: (e) => e.wafResponseCode === "WAF_BLOCK" || e.responseType === "WAF_FILTERED",
  },
  // ── route ──────────────────────────────────────────────────────────────────
  {
    code: "ROUTE_NOT_DEPLOYED",
    hop: "route",
    link: "deployment-method",
    check(ctx) {
      if (!ctx.stage) return NA;
      if (ctx.call.routeUnknown) return { result: "unknown", reason: "the call names no path and its log lines name no route: pick the route to judge it" };
      const gap = gapOf(ctx.inventory.deployment, "the deployed snapshot");
      if (gap) return gap;
      if (!ctx.deployedRoutes)
        return { result: "unknown", reason: "the stage's deployed snapshot is unreadable (emulators such as moto and LocalStack keep none); routes are judged from the draft", caveat: true };
      if (ctx.deployedMatch || !ctx.draftMatch) return ctx.deployedMatch ? PASS : NA;
      const others = ctx.draftRoutes ? routeDifferences(ctx.draftRoutes, ctx.deployedRoutes).filter((d) => !d.startsWith(`${ctx.draftMatch!.verb} ${ctx.draftMatch!.template} `)) : [];
      return fail(
        "blocker",
        `${ctx.call.method} ${ctx.draftMatch.template} exists in the draft but was never deployed to ${ctx.stage.name}`,
        "A stage serves its deployment, not the draft the console shows. The route was added (or changed) after the last deployment, so the stage answers 403 Missing Authentication Token.",
        [
          `Deployment ${ctx.stage.deploymentId ?? "?"} has no ${ctx.call.method} ${ctx.draftMatch.template}.`,
          `The draft has ${ctx.draftMatch.verb} ${ctx.draftMatch.template}.`,
          others.length
            ? `A deployment ships the whole draft; it would also change: ${others.slice(0, 8).join("; ")}${others.length > 8 ? `; and ${others.length - 8} more` : ""}.`
            : "A deployment ships the whole draft; nothing else differs from what the stage serves.",
        ],
        {
          summary: `Redeploy the API to ${ctx.stage.name}. A deployment ships the whole draft${others.length ? ` — review the ${others.length} other difference(s) first` : ""}.`,
          cli: [cliFix.createDeployment(region(ctx), apiIdOf(ctx), ctx.stage.name)],
          consoleUrl: consoleUrl.resources(region(ctx), apiIdOf(ctx)),
        },
      );
    },
  },
  {
    code: "ROUTE_NOT_FOUND",
    hop: "route",
    link: "deployment-method",
    check(ctx) {
      if (!ctx.stage || ctx.call.routeUnknown) return NA;
      const unread = methodUnread(ctx);
      if (unread) return unread;
      const gap = gapOf(ctx.inventory.resources, "the API's resources");
      if (gap && !ctx.deployedRoutes) return gap;
      const routes = ctx.deployedRoutes ?? ctx.draftRoutes;
      if (!routes || ctx.method || ctx.draftMatch) return ctx.method ? PASS : NA;
      const nearest = nearestPath(routes, ctx.call.path);
      const verbOnly = pathExists(routes, ctx.call.path);
      const outcome = fail(
        "blocker",
        verbOnly ? `${ctx.call.path} has no ${ctx.call.method} method` : `No resource matches ${ctx.call.path}`,
        `API Gateway answers 403 Missing Authentication Token for a path or verb it does not serve. Remember that {proxy+} and ANY match more than one path and verb.`,
        [
          `Routes served: ${Object.entries(routes)
            .slice(0, 12)
            .map(([p, v]) => `${Object.keys(v).join("|")} ${p}`)
            .join("; ")}${Object.keys(routes).length > 12 ? "; …" : ""}.`,
          ...fromDraftNote(ctx),
        ],
        { summary: nearest ? `Did you mean ${nearest}? Fix the URL or the verb.` : "Fix the URL or the verb.", cli: [], consoleUrl: consoleUrl.resources(region(ctx), apiIdOf(ctx)) },
      );
      // The stage does not serve the call, but with the draft unread, whether a deployment would (ROUTE_NOT_DEPLOYED) is unknown.
      return gap?.result === "unknown" ? { ...outcome, unknown: `${gap.reason}: if the draft has ${ctx.call.method} ${ctx.call.path}, it awaits a deployment (ROUTE_NOT_DEPLOYED)` } : outcome;
    },
  },
  // ── auth ───────────────────────────────────────────────────────────────────
  {
    code: "RESOURCE_POLICY_DENIES",
    hop: "auth",
    link: "request-api",
    check(ctx) {
      if (!ctx.api) return apiUnread(ctx) ?? NA;
      if (!ctx.stage) return NA;
      const verdict = ctx.policy;
      const logged = ctx.target?.code === "RESOURCE_POLICY_DENIES";
      if (verdict.verdict === "no-policy" || verdict.verdict === "allowed") return PASS;
      if (verdict.verdict === "unreadable") return { result: "unknown", reason: verdict.reason };
      const authorization = ctx.method?.authorizationType;
      // IAM and Cognito authenticate the caller before the policy is read: an unsigned IAM call fails there first.
      if (authorization === "AWS_IAM" && signedCall(ctx.call) === false) return NA;
      // Tables A and B of "How API Gateway resource policies affect authorization workflow": with a Lambda
      // authorizer or IAM (same account), a policy that neither allows nor denies leaves the decision to them.
      const implicit = verdict.verdict === "denied" && verdict.statement === "(none)" && ctx.api.policy !== null;
      const leftToAuthorizer = (implicit || verdict.verdict === "maybe-denied") && (authorization === "CUSTOM" || authorization === "AWS_IAM") && !logged;
      if (leftToAuthorizer && implicit) return PASS;
      const definite = (verdict.verdict === "denied" || logged) && !leftToAuthorizer;
      const outcome = fail(
        definite ? "blocker" : "warning",
        definite ? "The resource policy denies this call" : "The resource policy may deny this caller",
        `${verdict.reason}. The resource policy is checked before authorizers and API keys; a denied caller gets 403 "User: anonymous is not authorized to perform: execute-api:Invoke".`,
        [
          `Resource policy of ${ctx.api.id}: ${verdict.reason}.`,
          ...(logged ? [`Execution log: request ${ctx.target!.requestId} was refused (${ctx.target!.status ?? 403}) before any API key or authorizer check.`] : []),
        ],
        {
          summary: "Edit the resource policy, then redeploy the stage (policy changes take effect on deployment).",
          cli: [cliFix.getPolicy(region(ctx), ctx.api.id), cliFix.createDeployment(region(ctx), ctx.api.id, ctx.stage.name)],
          consoleUrl: consoleUrl.resourcePolicy(region(ctx), ctx.api.id),
        },
      );
      // The policy decides on facts about the caller gatecheck was not given: the call's fate is not known.
      return verdict.verdict === "maybe-denied" && !definite && !leftToAuthorizer ? { ...outcome, unknown: `${verdict.reason}; paste the request (with the caller's address) to judge it` } : outcome;
    },
    supportedBy: (e, ctx) => (e.kind === "access-log" && e.responseType === "ACCESS_DENIED") || refusedFor(ctx, e, "RESOURCE_POLICY_DENIES"),
  },
  {
    code: "AUTHORIZER_ON_METHOD",
    hop: "auth",
    link: "deployment-method",
    check(ctx) {
      const m = ctx.method;
      if (!m) return methodUnread(ctx) ?? NA;
      if (m.authorizationType === "NONE") return PASS;
      const target = ctx.target;
      const denied = target?.code === "AUTHORIZER_ON_METHOD";
      const signature = signedCall(ctx.call);
      const unsigned = m.authorizationType === "AWS_IAM" && signature === false;
      // Past the authorizer: a later hop's line, or the method ran.
      const passed = !!target && (target.outcome === "allowed" || target.outcome === "throttled" || target.lines.some((e) => e.kind === "authorizer-succeeded" || e.kind === "usage-plan-verifying"));
      if (!denied && !unsigned && !passed && !(m.authorizationType === "AWS_IAM" && signature)) {
        const who =
          m.authorizationType === "AWS_IAM"
            ? "whether the call is SigV4-signed by an allowed identity"
            : m.authorizationType === "CUSTOM"
              ? "what the Lambda authorizer answers"
              : "whether the Cognito token is valid";
        return { result: "unknown", reason: `${describeMethod(ctx)} is protected by ${m.authorizationType}; ${who} shows only in a logged call` };
      }
      const authorizers = valueOf(ctx.inventory.authorizers) ?? [];
      const cachedProxy = m.authorizationType === "CUSTOM" && m.template.includes("+}") && authorizers.some((a) => (a.authorizerResultTtlInSeconds ?? 0) > 0);
      const severity: Severity = denied || unsigned ? "blocker" : cachedProxy ? "warning" : "info";
      const kind = { AWS_IAM: "IAM (SigV4)", CUSTOM: "a Lambda authorizer", COGNITO_USER_POOLS: "a Cognito user pool", NONE: "" }[m.authorizationType];
      return fail(
        severity,
        denied
          ? { AWS_IAM: "IAM refused the call", CUSTOM: "The Lambda authorizer denied the call", COGNITO_USER_POOLS: "The Cognito authorizer refused the token", NONE: "" }[m.authorizationType]
          : unsigned
            ? "The method needs a SigV4-signed call"
            : `${describeMethod(ctx)} is protected by ${kind}`,
        denied
          ? `The execution log shows request ${target!.requestId} refused by ${kind}; API Gateway answers 403 (or 401) before the API key is checked.`
          : unsigned
            ? "AWS_IAM methods answer 403 Missing Authentication Token to unsigned calls."
            : cachedProxy
              ? "The authorizer caches its policy (TTL > 0) on a {proxy+} route: a policy cached for one path can deny another."
              : `A 403 can come from ${kind} as well as from API keys.`,
        [`authorizationType: ${m.authorizationType}.`, ...authorizers.map((a) => `Authorizer ${a.name} (${a.type}), result TTL ${a.authorizerResultTtlInSeconds ?? 0} s.`), ...fromDraftNote(ctx)],
        {
          summary:
            unsigned || (denied && m.authorizationType === "AWS_IAM")
              ? "Sign the request with SigV4 (aws-sigv4 / awscurl) as an identity the policy allows."
              : "Check the authorizer's logs and the policy it returns.",
          cli: [],
          consoleUrl: consoleUrl.authorizers(region(ctx), apiIdOf(ctx)),
        },
      );
    },
    supportedBy: (e, ctx) => refusedFor(ctx, e, "AUTHORIZER_ON_METHOD"),
  },
  // ── api key ────────────────────────────────────────────────────────────────
  {
    code: "KEY_SOURCE_AUTHORIZER",
    hop: "api-key",
    link: "method-key",
    check(ctx) {
      if (keyRequired(ctx) !== true) return methodUnread(ctx) ?? NA;
      if (!ctx.api) return apiUnread(ctx) ?? NA;
      if (ctx.api.apiKeySource !== "AUTHORIZER") return PASS;
      const emptyKey = ctx.target?.maskedKey === "";
      const noAuthorizer = ctx.method?.authorizationType !== "CUSTOM";
      // The authorizer returned a key: the header the client sends plays no part.
      if (ctx.target?.maskedKey && !noAuthorizer) return PASS;
      return fail(
        emptyKey || noAuthorizer ? "blocker" : "warning",
        "The API takes keys from the authorizer, not from x-api-key",
        `apiKeySource is AUTHORIZER: API Gateway ignores the x-api-key header and uses the usageIdentifierKey the Lambda authorizer returns.${noAuthorizer ? " This method has no Lambda authorizer, so no key can ever arrive." : ""}`,
        ["apiKeySource: AUTHORIZER.", ...(emptyKey ? ["Execution log: the usage-plan check saw an empty API key."] : []), ...fromDraftNote(ctx)],
        {
          summary: "Return usageIdentifierKey from the authorizer, or switch the key source to HEADER and redeploy.",
          cli: [cliFix.keySourceHeader(region(ctx), ctx.api.id), cliFix.createDeployment(region(ctx), ctx.api.id, stageOf(ctx))],
          consoleUrl: consoleUrl.apiSettings(region(ctx), ctx.api.id),
        },
      );
    },
    supportedBy: (e) => emptyKeyLine(e),
  },
  {
    code: "KEY_NOT_IN_HEADER",
    hop: "request",
    link: "method-key",
    check(ctx) {
      if (keyRequired(ctx) !== true || ctx.api?.apiKeySource === "AUTHORIZER") return NA;
      const misplaced = otherKey(ctx);
      if (!ctx.call.request || headerKey(ctx) || !misplaced) return ctx.call.request ? PASS : NA;
      return fail(
        "blocker",
        `The API key is in ${where(misplaced)}, not in the x-api-key header`,
        `${describeMethod(ctx)} requires an API key, and API Gateway reads it only from the x-api-key header (key source HEADER). A key anywhere else counts as no key.`,
        [`Key-like value ${misplaced.value} found in ${where(misplaced)}.`, "No x-api-key header in the request.", ...fromDraftNote(ctx)],
        { summary: "Send the key as the header x-api-key.", cli: [correctedCurl(ctx)] },
      );
    },
  },
  {
    code: "KEY_MISSING",
    hop: "request",
    link: "method-key",
    check(ctx) {
      if (keyRequired(ctx) !== true) return methodUnread(ctx) ?? NA;
      // Where the key comes from (the header, or an authorizer) is the API's to say.
      const unread = apiUnread(ctx);
      if (unread) return unread;
      if (ctx.api?.apiKeySource === "AUTHORIZER") {
        // The key is the Lambda authorizer's usageIdentifierKey: only the usage-plan line shows whether one came.
        if (ctx.target?.maskedKey || ctx.target?.maskedKey === "" || ctx.method?.authorizationType !== "CUSTOM") return NA;
        return { result: "unknown", reason: "the key comes from the Lambda authorizer's usageIdentifierKey, which only a logged call shows" };
      }
      // A browser's preflight never carries a key: PREFLIGHT_REQUIRES_KEY names that cause.
      if (ctx.call.method === "OPTIONS") return NA;
      const fix = { summary: "Add the header x-api-key with the key's value.", cli: [correctedCurl(ctx)], consoleUrl: consoleUrl.apiKeys(region(ctx)) };
      if (ctx.call.request) {
        if (headerKey(ctx) || otherKey(ctx)) return PASS;
        return fail(
          "blocker",
          "The request carries no API key",
          `${describeMethod(ctx)} requires an API key and the request sends none.`,
          ["No x-api-key header, and no key-like value anywhere in the request.", ...fromDraftNote(ctx)],
          fix,
        );
      }
      const keyless = ctx.evidence.filter((r) => r.maskedKey === "" && r.outcome === "forbidden");
      const loggedKeyless = ctx.target?.maskedKey === "";
      // A key picked in the dashboard is what the user thinks the client sends; the call's own lines say what it does.
      const pickedButNotSent = loggedKeyless && ctx.call.presentedKey?.where === "key-id";
      if (ctx.call.presentedKey && !pickedButNotSent) return PASS;
      if (!ctx.call.noKey && !loggedKeyless) {
        if (ctx.target?.maskedKey) return PASS;
        return { result: "unknown", reason: 'which key the client sends is not known: pick the key, choose "no key", or paste the request' };
      }
      const clientFix = pickedButNotSent ? { ...fix, summary: "Have the client send the key in the x-api-key header — paste its request to see where the key goes instead." } : fix;
      return fail(
        "blocker",
        pickedButNotSent ? "The calls arrive without an API key" : "No API key in this call",
        pickedButNotSent
          ? `${describeMethod(ctx)} requires an API key, and the execution log shows the calls arriving without one ("API Key was required but not present"). The key you picked would pass: the client is not sending the x-api-key header. Paste the request to see where the key went.`
          : loggedKeyless
            ? `${describeMethod(ctx)} requires an API key, and the execution log shows the calls arriving without one. Paste the request to see where the key went.`
            : `${describeMethod(ctx)} requires an API key; a call without one is refused with 403 Forbidden.`,
        [
          ...(keyless.length
            ? [`Execution log: ${keyless.length} recent request(s) arrived with an empty API key and were refused ("API Key was required but not present").`]
            : ['You chose "no key".']),
          ...fromDraftNote(ctx),
        ],
        clientFix,
      );
    },
    supportedBy: (e) => emptyKeyLine(e),
  },
  {
    code: "PREFLIGHT_REQUIRES_KEY",
    hop: "api-key",
    link: "method-key",
    check(ctx) {
      if (ctx.api?.apiKeySource === "AUTHORIZER") return NA;
      if (ctx.call.method === "OPTIONS") {
        // The method that answers OPTIONS: its own, or ANY, which covers OPTIONS too.
        if (!ctx.method) return methodUnread(ctx) ?? NA;
        if (!ctx.method.apiKeyRequired) return PASS;
        // A browser's preflight never carries a key; a client that sends one is checked like any call.
        if (headerKey(ctx) || ctx.call.presentedKey || ctx.target?.maskedKey) return PASS;
      } else {
        const options = ctx.method ? (ctx.deployedRoutes ?? ctx.draftRoutes)?.[ctx.method.template]?.OPTIONS : undefined;
        if (!options?.apiKeyRequired) return options ? PASS : NA;
      }
      const template = ctx.method!.template;
      const isPreflight = ctx.call.method === "OPTIONS";
      return fail(
        isPreflight ? "blocker" : "warning",
        `OPTIONS ${template} requires an API key${isPreflight && ctx.method!.verb === "ANY" ? " (through its ANY method)" : ""}`,
        "Browsers send CORS preflight (OPTIONS) requests without custom headers, so the preflight gets 403 and the browser reports a CORS error that hides it.",
        [`${isPreflight ? ctx.method!.verb : "OPTIONS"} ${template}: apiKeyRequired = true.`, ...fromDraftNote(ctx)],
        {
          summary:
            isPreflight && ctx.method!.verb === "ANY"
              ? "Add an OPTIONS method (MOCK integration, no API key) to the resource, then redeploy."
              : "Set apiKeyRequired=false on the OPTIONS method and redeploy.",
          cli: [cliFix.createDeployment(region(ctx), apiIdOf(ctx), stageOf(ctx))],
          consoleUrl: consoleUrl.resources(region(ctx), apiIdOf(ctx)),
        },
      );
    },
    supportedBy: (e, ctx) => ctx.call.method === "OPTIONS" && (emptyKeyLine(e) || (e.kind === "api-key-not-authorized" && e.method === "OPTIONS")),
  },
  {
    code: "KEY_UNKNOWN",
    hop: "api-key",
    link: "method-key",
    check(ctx) {
      const presented = ctx.call.presentedKey;
      if (keyRequired(ctx) === false || clientKeyIgnored(ctx)) return NA;
      if (presented?.resolution === "unreadable") return unreadable(presented.gap, "the account's API keys");
      const gap = presented?.resolution === "by-id" ? gapOf(ctx.inventory.apiKey, "the API key") : null;
      if (gap) return gap;
      if (!presented) return NA;
      const unknownById = presented.resolution === "by-id" && valueOf(ctx.inventory.apiKey) === null;
      if (presented.resolution !== "unknown" && presented.resolution !== "trimmed" && !unknownById) return PASS;
      const trimmed = presented.resolution === "trimmed";
      return fail(
        "blocker",
        trimmed ? "The key value has stray whitespace" : unknownById ? `No API key with id ${presented.keyId}` : "The key sent matches no API key in this account and region",
        trimmed
          ? `The value sent is key ${presented.keyId} with a trailing or leading space or newline: API Gateway compares exactly.`
          : `API Gateway found no key with this value in ${region(ctx)}. Keys are per region and per account.`,
        [`Key sent: ${presented.maskedValue ?? presented.keyId ?? "?"} (${presented.where === "key-id" ? "by id" : where(presented)}).`],
        {
          summary: trimmed ? "Strip whitespace and newlines from the key value." : "Use a key of this account and region.",
          cli: ["aws apigateway get-api-keys --include-values --query 'items[].[id,name,enabled]' --region " + region(ctx)],
          consoleUrl: consoleUrl.apiKeys(region(ctx)),
        },
      );
    },
  },
  {
    code: "KEY_DISABLED",
    hop: "api-key",
    link: "method-key",
    check(ctx) {
      if (keyRequired(ctx) === false || !ctx.key || clientKeyIgnored(ctx)) return NA;
      if (ctx.key.enabled) return PASS;
      return fail(
        "blocker",
        `API key ${ctx.key.name} is disabled`,
        "A disabled key is refused with 403 Forbidden even when its usage plan covers the stage.",
        [`GetApiKey ${ctx.key.id}: enabled = false.`],
        {
          summary: "Enable the key.",
          cli: [cliFix.enableKey(region(ctx), ctx.key.id)],
          consoleUrl: consoleUrl.apiKey(region(ctx), ctx.key.id),
        },
      );
    },
    // AWS writes no verdict line for a disabled key: its usage-plan check with this key is the evidence.
    supportedBy: (e, ctx) => e.kind === "usage-plan-verifying" && !!ctx.key?.maskedValue && e.maskedKey === ctx.key.maskedValue,
  },
  {
    code: "DEPLOYMENT_DRIFT",
    hop: "api-key",
    link: "stage-deployment",
    check(ctx) {
      if (!ctx.stage) return NA;
      const gap = gapOf(ctx.inventory.deployment, "the deployed snapshot");
      if (gap) return gap;
      const diffs: string[] = [];
      // The resource policy and the key source take effect on deployment too (docs/order-of-evaluation.md).
      const settings = valueOf(ctx.inventory.deployment)?.settings;
      if (settings && ctx.draftApi) {
        if (normalizedPolicy(ctx.draftApi.policy) !== normalizedPolicy(settings.policy))
          diffs.push(settings.policy ? "the resource policy in the draft differs from the deployed one" : "the draft has a resource policy that was never deployed");
        if (settings.apiKeySource && settings.apiKeySource !== ctx.draftApi.apiKeySource)
          diffs.push(`apiKeySource is ${ctx.draftApi.apiKeySource} in the draft but ${settings.apiKeySource} in the deployment`);
      }
      if (!ctx.draftMatch && diffs.length === 0) return NA;
      if (!ctx.deployedRoutes && diffs.length === 0) return { result: "unknown", reason: "deployed state unreadable: drift cannot be checked", caveat: true };
      const deployed = ctx.deployedMatch;
      const draft = ctx.draftMatch;
      if (deployed && draft && deployed.template === draft.template) {
        if (deployed.apiKeyRequired !== draft.apiKeyRequired) diffs.push(`apiKeyRequired is ${draft.apiKeyRequired} in the draft but ${deployed.apiKeyRequired} in the deployment`);
        if (deployed.authorizationType !== draft.authorizationType) diffs.push(`authorizationType is ${draft.authorizationType} in the draft but ${deployed.authorizationType} in the deployment`);
      }
      if (diffs.length === 0) return PASS;
      return fail(
        "warning",
        `${ctx.draftMatch ? describeMethod(ctx) : (ctx.api?.name ?? "The API")} was changed but not redeployed to ${ctx.stage.name}`,
        "The console shows the draft; the stage still serves its last deployment. Calls behave as the deployment says until someone redeploys.",
        [...diffs.map((d) => `${d}.`), `Stage ${ctx.stage.name} serves deployment ${ctx.stage.deploymentId ?? "?"}.`],
        { summary: `Redeploy the API to ${ctx.stage.name}.`, cli: [cliFix.createDeployment(region(ctx), apiIdOf(ctx), ctx.stage.name)], consoleUrl: consoleUrl.stages(region(ctx), apiIdOf(ctx)) },
      );
    },
    supportedBy: (e, ctx) => e.kind === "api-key-not-required" && ctx.draftMatch?.apiKeyRequired === true,
  },
  {
    code: "KEY_NOT_REQUIRED",
    hop: "api-key",
    link: "method-key",
    check(ctx) {
      if (keyRequired(ctx) !== false) return NA;
      return fail(
        "info",
        `${describeMethod(ctx)} does not require an API key`,
        "Any key sent is ignored: the call is not counted against a usage plan, and the plan's throttle and quota do not apply.",
        [`apiKeyRequired: false${ctx.methodFromDraft ? " (draft)" : " in the deployed snapshot"}.`],
        {
          summary: "If keys should be enforced, set apiKeyRequired=true on the method and redeploy.",
          cli: [cliFix.createDeployment(region(ctx), apiIdOf(ctx), stageOf(ctx))],
          consoleUrl: consoleUrl.resources(region(ctx), apiIdOf(ctx)),
        },
      );
    },
    supportedBy: (e) => e.kind === "api-key-not-required",
  },
  // ── usage plan ─────────────────────────────────────────────────────────────
  {
    code: "STAGE_IN_NO_PLAN",
    hop: "usage-plan",
    link: "plan-stage",
    check(ctx) {
      if (keyRequired(ctx) !== true || !ctx.stage) return methodUnread(ctx) ?? NA;
      if (ctx.keyPlans?.some((p) => coversStage(p, apiIdOf(ctx), ctx.stage!.name))) return PASS;
      const gap = gapOf(ctx.inventory.stagePlans, "the usage plans");
      if (gap) return gap;
      if (!ctx.stagePlans) return NA;
      if (ctx.stagePlans.length > 0) return PASS;
      const target = ctx.keyPlans?.[0];
      return fail(
        "blocker",
        `No usage plan covers ${apiIdOf(ctx)}/${ctx.stage.name}`,
        "The method requires an API key and no usage plan lists this API stage, so every key is refused with 403 Forbidden.",
        [`GetUsagePlans: no plan has apiStages ${apiIdOf(ctx)}:${ctx.stage.name}.`, ...fromDraftNote(ctx)],
        {
          summary: target ? `Add the stage to usage plan ${target.name}.` : "Add the stage to a usage plan (or create one) and add the keys to it.",
          cli: [target ? cliFix.addStageToPlan(region(ctx), target.id, apiIdOf(ctx), ctx.stage.name) : cliFix.createPlanForStage(region(ctx), apiIdOf(ctx), ctx.stage.name)],
          consoleUrl: target ? consoleUrl.usagePlan(region(ctx), target.id) : consoleUrl.usagePlans(region(ctx)),
        },
      );
    },
    supportedBy: (e) => e.kind === "api-key-not-authorized" && e.reason === "STAGE_NOT_IN_USAGE_PLAN",
  },
  {
    code: "KEY_IN_NO_PLAN",
    hop: "usage-plan",
    link: "key-plan",
    check(ctx) {
      if (keyRequired(ctx) !== true || clientKeyIgnored(ctx)) return methodUnread(ctx) ?? NA;
      if (!ctx.key) return keyUnread(ctx) ?? NA;
      const gap = gapOf(ctx.inventory.keyPlans, "the key's usage plans");
      if (gap) return gap;
      if (!ctx.keyPlans || ctx.keyPlans.length > 0) return ctx.keyPlans ? PASS : NA;
      const covering = (ctx.stagePlans ?? []).filter((p) => ctx.stage && coversStage(p, apiIdOf(ctx), ctx.stage.name));
      return fail(
        "blocker",
        `API key ${ctx.key.name} is in no usage plan`,
        "A key only opens a method that requires one when a usage plan holds the key and lists the API stage.",
        [
          `GetUsagePlans keyId=${ctx.key.id}: no plan.`,
          ...(covering.length ? [`Plans covering ${apiIdOf(ctx)}/${stageOf(ctx)}: ${covering.map((p) => p.name).join(", ")}.`] : []),
          ...fromDraftNote(ctx),
        ],
        {
          summary: covering.length ? `Add the key to usage plan ${covering[0]!.name}.` : "Add the key to a usage plan that lists this stage.",
          cli: covering.length ? covering.map((p) => cliFix.addKeyToPlan(region(ctx), p.id, ctx.key!.id)) : [cliFix.addKeyToPlan(region(ctx), "{usage-plan-id}", ctx.key.id)],
          consoleUrl: covering[0] ? consoleUrl.usagePlan(region(ctx), covering[0].id) : consoleUrl.usagePlans(region(ctx)),
        },
      );
    },
    supportedBy: (e) => e.kind === "api-key-not-authorized" && e.reason === "NO_USAGE_PLAN_FOR_KEY_AND_STAGE",
  },
  {
    code: "KEY_PLAN_MISSING_STAGE",
    hop: "usage-plan",
    link: "plan-stage",
    check(ctx) {
      if (keyRequired(ctx) !== true || !ctx.stage || clientKeyIgnored(ctx)) return methodUnread(ctx) ?? NA;
      if (!ctx.key) return keyUnread(ctx) ?? NA;
      const gap = gapOf(ctx.inventory.keyPlans, "the key's usage plans");
      if (gap) return gap;
      if (!ctx.keyPlans || ctx.keyPlans.length === 0) return NA;
      const stage = ctx.stage.name;
      if (ctx.keyPlans.some((p) => coversStage(p, apiIdOf(ctx), stage))) return PASS;
      const covered = ctx.keyPlans.flatMap((p) => p.apiStages.map((s) => `${p.name}: ${s.apiId}/${s.stage}`));
      const sameApi = ctx.keyPlans.flatMap((p) => p.apiStages.filter((s) => s.apiId === apiIdOf(ctx)).map((s) => s.stage));
      const plan = ctx.keyPlans[0]!;
      // Safest first: put the key into a plan that already covers the stage; widening the key's plan opens the stage to all its keys.
      const covering = (ctx.stagePlans ?? []).filter((p) => coversStage(p, apiIdOf(ctx), stage));
      const widen = `Or add ${apiIdOf(ctx)}/${stage} to plan ${plan.name}: that opens the stage to every key in ${plan.name}, with ${plan.name}'s limits.`;
      return fail(
        "blocker",
        `Key ${ctx.key.name}'s usage plan${ctx.keyPlans.length > 1 ? "s do" : " does"} not cover ${stage}${sameApi.length ? ` (only ${[...new Set(sameApi)].join(", ")})` : ""}`,
        `The key sits in ${ctx.keyPlans.map((p) => p.name).join(", ")}, but no such plan lists ${apiIdOf(ctx)}/${stage} — typical after deploying to a new stage.`,
        [
          `Stages the key's plans cover: ${covered.join("; ") || "none"}.`,
          ...(covering.length ? [`Plans that cover ${apiIdOf(ctx)}/${stage}: ${covering.map((p) => p.name).join(", ")}.`] : []),
          ...fromDraftNote(ctx),
        ],
        covering[0]
          ? {
              summary: `Add key ${ctx.key.name} to usage plan ${covering[0].name}, which already covers ${stage}. ${widen}`,
              cli: [cliFix.addKeyToPlan(region(ctx), covering[0].id, ctx.key.id), cliFix.addStageToPlan(region(ctx), plan.id, apiIdOf(ctx), stage)],
              consoleUrl: consoleUrl.usagePlan(region(ctx), covering[0].id),
            }
          : {
              summary: `Add ${apiIdOf(ctx)}/${stage} to usage plan ${plan.name}. That opens the stage to every key in ${plan.name}, with its limits.`,
              cli: [cliFix.addStageToPlan(region(ctx), plan.id, apiIdOf(ctx), stage)],
              consoleUrl: consoleUrl.usagePlan(region(ctx), plan.id),
            },
      );
    },
    supportedBy: (e) => e.kind === "api-key-not-authorized" && e.reason === "NO_USAGE_PLAN_FOR_KEY_AND_STAGE",
  },
  // ── limits ─────────────────────────────────────────────────────────────────
  {
    code: "QUOTA_OR_THROTTLE",
    hop: "limits",
    link: "key-plan",
    verdictWhenFirst: "throttled",
    check(ctx) {
      const limited = ctx.logs.events.filter(limitLine);
      const plan = ctx.keyPlans?.find((p) => ctx.stage && coversStage(p, apiIdOf(ctx), ctx.stage.name));
      const usage = valueOf(ctx.inventory.quotaUsage);
      // GetUsage: nothing left of the quota period, so the next call gets 429 (a logged call that went through came before).
      // Limits apply only where the deployed method requires a key (KEY_NOT_REQUIRED: "not counted").
      const exhausted = keyRequired(ctx) === true && !!plan?.quota && usage?.planId === plan.id && usage.remaining === 0;
      if (limited.length === 0 && !exhausted) return keyRequired(ctx) === true ? PASS : NA;
      // The call itself was answered 429: that is its outcome, not a side note.
      const current = ctx.target?.outcome === "throttled" || (exhausted && ctx.target?.outcome !== "allowed");
      const quota = exhausted || limited.some((e) => e.kind === "usage-plan-quota-exceeded" || e.responseType === "QUOTA_EXCEEDED");
      // A per-method throttle of the plan for this stage takes the plan's place for that method (AWS: "Throttle requests").
      const methodKey = ctx.method ? `${ctx.method.template}/${ctx.method.verb}` : null;
      const stageEntry = plan?.apiStages.find((s) => s.apiId === apiIdOf(ctx) && s.stage === stageOf(ctx));
      const methodLimits = methodKey ? stageEntry?.throttle?.[methodKey] : undefined;
      const methodThrottle = methodKey && methodLimits ? { key: methodKey, limits: methodLimits } : null;
      // The limit that refused: the quota, the method's own throttle (changed in the plan's stage settings), or the plan's.
      const limitFix = !plan
        ? null
        : quota
          ? cliFix.raiseQuota(region(ctx), plan.id, Math.max(1, (plan.quota?.limit ?? 1000) * 2))
          : !methodThrottle && plan.throttle
            ? cliFix.raiseThrottle(region(ctx), plan.id, Math.max(1, (plan.throttle.rateLimit ?? 10) * 2), Math.max(1, (plan.throttle.burstLimit ?? 20) * 2))
            : null;
      const cli = plan ? [...(limitFix ? [limitFix] : []), ...(ctx.key ? [cliFix.getUsage(region(ctx), plan.id, ctx.key.id)] : [])] : [];
      return fail(
        current ? "blocker" : "info",
        quota ? "The usage plan's quota is used up (429 Limit Exceeded)" : "Calls were throttled by the usage plan (429 Too Many Requests)",
        current
          ? "The call got 429, not 403: the key and plan are fine, but the plan's quota or throttle refused it."
          : "Some calls in the window got 429 from the usage plan's throttle or quota; that is not a 403.",
        [
          ...(limited.length ? [`${new Set(limited.map((e) => e.requestId)).size} request(s) with a limit line in the window.`] : []),
          ...(exhausted ? [`GetUsage ${usage!.day}: ${usage!.usedToday} used today, nothing left of the quota.`] : []),
          ...(plan?.quota ? [`Plan ${plan.name} quota: ${plan.quota.limit} per ${plan.quota.period}.`] : []),
          ...(plan?.throttle ? [`Plan ${plan.name} throttle: ${plan.throttle.rateLimit ?? "-"} requests/s, burst ${plan.throttle.burstLimit ?? "-"}.`] : []),
          ...(methodThrottle
            ? [
                `Method throttle of ${plan!.name} for ${methodThrottle.key} on ${stageOf(ctx)}: ${methodThrottle.limits.rateLimit ?? "-"} requests/s, burst ${methodThrottle.limits.burstLimit ?? "-"} (it applies instead of the plan's).`,
              ]
            : []),
        ],
        {
          summary: plan
            ? quota
              ? `Raise the quota of usage plan ${plan.name} (or wait for its period to reset).`
              : methodThrottle
                ? `Raise the method throttle of usage plan ${plan.name} for ${methodThrottle.key} (in the plan's stage settings), or slow the client.`
                : `Raise the throttle of usage plan ${plan.name}, or slow the client.`
            : "Raise the plan's throttle or quota, or slow the client.",
          cli,
          consoleUrl: plan ? consoleUrl.usagePlan(region(ctx), plan.id) : consoleUrl.usagePlans(region(ctx)),
        },
      );
    },
    supportedBy: limitLine,
  },
  // ── logging (of the diagnosis) ─────────────────────────────────────────────
  {
    code: "EXECUTION_LOGGING_OFF",
    hop: "logging",
    link: "stage-logs",
    check(ctx) {
      if (!ctx.stage) return NA;
      if (loggingLevelOf(ctx.stage, ctx.method?.template ?? null, ctx.call.method) !== "OFF") return PASS;
      return fail(
        "warning",
        `Execution logging is off on ${ctx.stage.name}`,
        `API Gateway writes the one clear line ("…not associated with a Usage Plan for API Stage ${apiIdOf(ctx)}/${ctx.stage.name}…") only when execution logging is on.`,
        ["methodSettings */*: loggingLevel OFF or absent."],
        { summary: "Turn on INFO execution logging for the stage.", cli: [cliFix.loggingOn(region(ctx), apiIdOf(ctx), ctx.stage.name)], consoleUrl: consoleUrl.stages(region(ctx), apiIdOf(ctx)) },
      );
    },
  },
  {
    code: "CLOUDWATCH_ROLE_MISSING",
    hop: "logging",
    link: "stage-logs",
    check(ctx) {
      const gap = gapOf(ctx.inventory.account, "the API Gateway account settings");
      if (gap) return gap;
      const account = valueOf(ctx.inventory.account);
      if (!account) return NA;
      if (account.cloudwatchRoleArn) return PASS;
      return fail(
        "warning",
        `API Gateway has no CloudWatch role in ${region(ctx)}`,
        "Without the account's cloudwatchRoleArn, API Gateway cannot write execution logs in this region, whatever the stage's logging level says.",
        [`GetAccount (${region(ctx)}): no cloudwatchRoleArn.`],
        {
          summary: "Create a role with the managed policy AmazonAPIGatewayPushToCloudWatchLogs and set it as the account's CloudWatch role.",
          cli: [
            `aws iam create-role --role-name APIGatewayPushToCloudWatchLogs --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"sts:AssumeRole"}]}'`,
            `aws iam attach-role-policy --role-name APIGatewayPushToCloudWatchLogs --policy-arn arn:${partitionOf(region(ctx)).name}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
            cliFix.cloudwatchRole(region(ctx), ctx.accountId),
          ],
          consoleUrl: consoleUrl.accountSettings(region(ctx)),
        },
      );
    },
  },
  {
    code: "GATEWAY_RESPONSE_CUSTOMIZED",
    hop: "logging",
    link: "stage-logs",
    check(ctx) {
      const responses = valueOf(ctx.inventory.gatewayResponses);
      if (!responses) return NA;
      const forbiddenTypes = ["INVALID_API_KEY", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN", "WAF_FILTERED", "EXPIRED_TOKEN", "INVALID_SIGNATURE", "DEFAULT_4XX"];
      const customized = responses.filter((r) => !r.defaultResponse && forbiddenTypes.includes(r.responseType));
      if (customized.length === 0) return PASS;
      return fail(
        "info",
        "403 responses are customised on this API",
        "Status codes and bodies differ from AWS's defaults, so what the client saw is evidence, not proof.",
        customized.map((r) => `${r.responseType}: status ${r.statusCode ?? "default"}.`),
        { summary: "Keep in mind when reading client errors.", cli: [], consoleUrl: consoleUrl.gatewayResponses(region(ctx), apiIdOf(ctx)) },
      );
    },
  },
];

export { maskKeyValue };
