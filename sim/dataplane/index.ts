// The simulator's data plane: decides each call the way API Gateway does, in the order of sim/CONVENTIONS.md
// (endpoint → stage → WAF → deployed route → resource policy → authorization → API key → usage plan →
// throttle and quota → MOCK integration), answers with AWS's status, body and headers, and writes the
// execution and access logs API Gateway would. It shares no code with lib/diagnosis on purpose: the tests
// check the diagnosis against this independent model.
import { randomBytes, randomUUID } from "node:crypto";
import { recordUsage, usedInQuotaPeriod, utcDay } from "../apigateway/usage";
import type { SimContext } from "../context";
import type { SimRequest, SimResponse } from "../http";
import { deployedSnapshotOf, journal, type DeployedSnapshot, type SimRestApi, type SimStage, type SimState, type SimUsagePlan } from "../state";
import { isPrivateApi, resolveEndpoint, type Reach } from "./endpoint";
import { dataTraceEnabledFor, executionLogWanted, writeAccessLog, writeExecutionLog } from "./logging";
import { evaluatePolicy, executeApiArn, ipInCidr, type PolicyContext } from "./policy";
import { defaultErrorResponse, errorResponse } from "./responses";
import { matchRoute, type RouteMatch } from "./routes";
import { ERRORS, KEY_NOT_AUTHORIZED_ENDINGS, LOG_LINES, fill, maskAccountId, maskApiKey, type ErrorText } from "./texts";
import { clfTime, type ContextValues } from "./variables";

/** A call that reached a deployed stage. */
interface StageCall {
  req: SimRequest;
  state: SimState;
  api: SimRestApi;
  stage: SimStage;
  snapshot: DeployedSnapshot;
  /** Path inside the stage. */
  path: string;
  reach: Reach;
  requestId: string;
  verb: string;
}

type Outcome = { kind: "error"; error: ErrorText; message: string } | { kind: "integration"; status: number; body: string };

/** What the request collected on its way through the pipeline. */
interface Trace {
  /** Execution-log messages, without the closing "Method completed" line. */
  lines: string[];
  route?: RouteMatch;
  apiKeyId?: string;
  wafResponseCode?: "WAF_ALLOW" | "WAF_BLOCK";
  /** What a Lambda authorizer returned as the API key, for `apiKeySource: AUTHORIZER`. */
  usageIdentifierKey?: string;
  /** The key a key-requiring method accepted. */
  acceptedKey?: string;
  /** Why the call was refused where one error covers several causes (the key check; an unsigned IAM call vs a missing route). */
  refusal?: "key-missing" | "key-unknown" | "key-disabled" | "no-plan-for-key-and-stage" | "stage-in-no-plan" | "iam-unsigned";
}

/** The ERRORS entry's name (`authorizerExplicitDeny`), the journal's cause for everything but the key check. */
const errorName = (error: ErrorText): string => Object.entries(ERRORS).find(([, e]) => e === error)?.[0] ?? "error";

const fail = (error: ErrorText, message: string = error.template): Outcome => ({ kind: "error", error, message });

/** AWS's extended request id: 11 random bytes, base64 with its padding (`W9zMPGrHtjMEeFw=`). */
const newExtendedRequestId = (): string => `${randomBytes(11).toString("base64url")}=`;

function wafVerdict(state: SimState, stage: SimStage, sourceIp: string): Trace["wafResponseCode"] {
  if (!stage.webAclArn) return undefined;
  const acl = state.webAcls.find((a) => a.arn === stage.webAclArn);
  return acl?.blockSourceIps.some((cidr) => ipInCidr(sourceIp, cidr)) ? "WAF_BLOCK" : "WAF_ALLOW";
}

/**
 * The deployed resource policy; a private API without one admits nobody. With a Lambda authorizer or IAM (same
 * account), a policy that neither allows nor denies the call leaves the decision to them: tables A and B of
 * AWS's "How API Gateway resource policies affect authorization workflow".
 */
function checkResourcePolicy(call: StageCall, route: RouteMatch): Outcome | undefined {
  const { api, snapshot, reach, req, state } = call;
  if (snapshot.policy === undefined && !isPrivateApi(api)) return undefined;
  // Through a VPC endpoint the caller's address is private: aws:SourceIp is not in the request context.
  const context: PolicyContext = reach.kind === "vpce" ? { "aws:SourceVpce": reach.vpceId } : { "aws:SourceIp": req.sourceIp };
  const arnOf = (accountId: string) => executeApiArn(api.region, accountId, api.id, call.stage.stageName, call.verb, call.path);
  const verdict =
    snapshot.policy === undefined ? "implicit-deny" : evaluatePolicy(snapshot.policy, { region: api.region, accountId: state.accountId, apiId: api.id, resourceArn: arnOf(state.accountId), context });
  if (verdict === "allow") return undefined;
  const decidedByAuthorizer = route.method.authorizationType === "CUSTOM" || route.method.authorizationType === "AWS_IAM";
  if (verdict === "implicit-deny" && snapshot.policy !== undefined && decidedByAuthorizer) return undefined;
  const error = verdict === "explicit-deny" ? ERRORS.resourcePolicyExplicitDeny : ERRORS.resourcePolicyImplicitDeny;
  return fail(error, fill(error, { resourceArn: arnOf(maskAccountId(state.accountId)) }));
}

/** Every `method.request.header.X` / `method.request.querystring.X` of the identity source is present. */
function identityPresent(identitySource: string | undefined, req: SimRequest): boolean {
  return (identitySource ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .every((source) => {
      const header = /^method\.request\.header\.(.+)$/.exec(source)?.[1];
      if (header !== undefined) return Boolean(req.headers[header.toLowerCase()]);
      const query = /^method\.request\.querystring\.(.+)$/.exec(source)?.[1];
      return query === undefined || Boolean(req.query.get(query));
    });
}

function authorize(call: StageCall, route: RouteMatch, trace: Trace): Outcome | undefined {
  const { method, resource } = route;
  if (method.authorizationType === "AWS_IAM") {
    // The signature itself is not checked: the simulator holds no IAM identities.
    if (/^AWS4-HMAC-SHA256 /.test(call.req.headers.authorization ?? "")) return undefined;
    trace.refusal = "iam-unsigned";
    return fail(ERRORS.missingAuthenticationToken);
  }
  if (method.authorizationType === "NONE") return undefined;
  // CUSTOM (Lambda) and COGNITO_USER_POOLS: the simulator's authorizer returns its configured decision.
  const authorizer = call.api.authorizers.find((a) => a.id === method.authorizerId);
  // API Gateway refuses to delete an authorizer that a method uses, so this is a broken state, not a 403.
  if (!authorizer) throw new Error(`method ${method.httpMethod} ${resource.path} of API ${call.api.id} uses missing authorizer ${method.authorizerId}`);
  trace.lines.push(fill(LOG_LINES.startingAuthorizer, { authorizerId: authorizer.id, requestId: call.requestId }));
  const { decision } = authorizer;
  // A missing identity source is answered 401 without invoking the Lambda.
  if (!identityPresent(authorizer.identitySource, call.req) || decision.effect === "Unauthorized") {
    trace.lines.push(fill(LOG_LINES.authorizerUnauthorized, { requestId: call.requestId }));
    return fail(ERRORS.authorizerUnauthorized);
  }
  // A Deny is a successful authorizer execution too: the returned policy is evaluated afterwards.
  trace.lines.push(fill(LOG_LINES.authorizerPolicy, { maskedPrincipal: maskApiKey(decision.principalId) }), fill(LOG_LINES.authorizerSucceeded, {}));
  if (decision.effect === "Deny") return fail(ERRORS.authorizerExplicitDeny);
  if (decision.usageIdentifierKey !== undefined) trace.usageIdentifierKey = decision.usageIdentifierKey;
  return undefined;
}

/** Requests per usage plan and key (and method, for per-method limits) in the current second of `req.at`. */
const throttleBuckets = new WeakMap<SimState, Map<string, { second: number; count: number }>>();

type Throttle = NonNullable<SimUsagePlan["throttle"]>;

/**
 * A token bucket refilled at rateLimit/s holding burstLimit tokens, approximated by one-second buckets of
 * max(rate, burst) requests; counts the request when it passes.
 */
function throttled(state: SimState, bucketKey: string, at: number, throttle: Throttle): boolean {
  let buckets = throttleBuckets.get(state);
  if (!buckets) throttleBuckets.set(state, (buckets = new Map()));
  const second = Math.floor(at / 1000);
  const bucket = buckets.get(bucketKey);
  const count = bucket?.second === second ? bucket.count : 0;
  if (count >= Math.max(throttle.rateLimit ?? 0, throttle.burstLimit ?? 0)) return true;
  buckets.set(bucketKey, { second, count: count + 1 });
  return false;
}

function checkApiKey(call: StageCall, route: RouteMatch, trace: Trace): Outcome | undefined {
  const { api, stage, state, req, snapshot } = call;
  const { method, resource } = route;
  const presented = snapshot.apiKeySource === "AUTHORIZER" ? (trace.usageIdentifierKey ?? "") : (req.headers["x-api-key"] ?? "");
  const maskedKey = maskApiKey(presented);
  const apiStage = { apiId: api.id, stage: stage.stageName };
  const methodRef = { method: method.httpMethod, resourcePath: resource.path };
  trace.lines.push(fill(LOG_LINES.verifyingUsagePlan, { requestId: call.requestId, maskedKey, ...apiStage }));
  if (!method.apiKeyRequired) {
    trace.lines.push(fill(LOG_LINES.keyNotRequired, { maskedKey, ...methodRef }), fill(LOG_LINES.usagePlanSucceeded, { maskedKey, ...apiStage }));
    return undefined;
  }
  const refuse = (why: NonNullable<Trace["refusal"]>, ending?: string) => {
    if (ending) trace.lines.push(fill(LOG_LINES.keyNotAuthorized, { maskedKey, ...methodRef, ...apiStage, ending }));
    trace.refusal = why;
    return fail(ERRORS.invalidApiKey);
  };
  if (presented === "") return refuse("key-missing", KEY_NOT_AUTHORIZED_ENDINGS.keyNotPresent.template);
  const key = state.apiKeys.find((k) => k.region === api.region && k.value === presented);
  // Unknown and disabled keys: AWS's verdict line for them is unconfirmed (texts.ts), so none is written.
  if (!key) return refuse("key-unknown");
  trace.apiKeyId = key.id;
  if (!key.enabled) return refuse("key-disabled");

  const coversStage = (plan: SimUsagePlan) => plan.apiStages.some((s) => s.apiId === api.id && s.stage === stage.stageName);
  const plansInRegion = state.usagePlans.filter((p) => p.region === api.region);
  const plan = plansInRegion.find((p) => p.keyIds.includes(key.id) && coversStage(p));
  if (!plan) {
    return plansInRegion.some(coversStage)
      ? refuse("no-plan-for-key-and-stage", KEY_NOT_AUTHORIZED_ENDINGS.noPlanForKeyAndStage.template)
      : refuse("stage-in-no-plan", KEY_NOT_AUTHORIZED_ENDINGS.stageNotInPlan.template);
  }

  const planRef = { maskedKey, ...apiStage, planId: plan.id };
  const methodThrottleKey = `${resource.path}/${method.httpMethod}`;
  const methodThrottle = plan.apiStages.find((s) => s.apiId === api.id && s.stage === stage.stageName)?.throttle?.[methodThrottleKey];
  const throttle = methodThrottle ?? plan.throttle;
  const bucketKey = `${plan.id}/${key.id}${methodThrottle ? `/${methodThrottleKey}` : ""}`;
  if (throttle && throttled(state, bucketKey, req.at, throttle)) {
    trace.lines.push(
      fill(LOG_LINES.throttled, {
        ...planRef,
        resourceId: resource.id,
        method: method.httpMethod,
        rateLimit: (throttle.rateLimit ?? 0).toFixed(2),
        burstLimit: throttle.burstLimit ?? 0,
      }),
    );
    return fail(ERRORS.throttled);
  }
  if (plan.quota && usedInQuotaPeriod(state, plan, key.id, utcDay(req.at)) >= plan.quota.limit) {
    trace.lines.push(fill(LOG_LINES.quotaExceeded, { ...planRef, limit: plan.quota.limit, period: plan.quota.period }));
    return fail(ERRORS.quotaExceeded);
  }
  recordUsage(state, plan.id, key.id, req.at);
  trace.lines.push(fill(LOG_LINES.usagePlanSucceeded, { maskedKey, ...apiStage }));
  trace.acceptedKey = presented;
  return undefined;
}

/** Data trace prints the request headers as a Java map, the API key masked. */
function formatHeaders(headers: Record<string, string>): string {
  return `{${Object.entries(headers)
    .map(([name, value]) => `${name}=${name === "x-api-key" ? maskApiKey(value) : value}`)
    .join(", ")}}`;
}

function decide(call: StageCall, trace: Trace): Outcome {
  trace.wafResponseCode = wafVerdict(call.state, call.stage, call.req.sourceIp);
  if (trace.wafResponseCode === "WAF_BLOCK") return fail(ERRORS.wafFiltered);
  const route = matchRoute(call.snapshot.resources, call.path, call.verb);
  if (!route) return fail(ERRORS.missingAuthenticationToken);
  trace.route = route;
  // The policy's explicit denies come before a Lambda authorizer runs; IAM and Cognito authenticate the caller first
  // and the policy is evaluated after (same AWS page).
  const authenticatesFirst = route.method.authorizationType === "AWS_IAM" || route.method.authorizationType === "COGNITO_USER_POOLS";
  const rejected =
    (authenticatesFirst ? (authorize(call, route, trace) ?? checkResourcePolicy(call, route)) : (checkResourcePolicy(call, route) ?? authorize(call, route, trace))) ?? checkApiKey(call, route, trace);
  if (rejected) return rejected;

  const { method, resource } = route;
  trace.lines.push(fill(LOG_LINES.startingExecution, { requestId: call.requestId }), fill(LOG_LINES.httpMethod, { method: call.verb, resourcePath: resource.path }));
  if (trace.acceptedKey !== undefined) trace.lines.push(fill(LOG_LINES.apiKey, { maskedKey: maskApiKey(trace.acceptedKey) }));
  if (dataTraceEnabledFor(call.stage, resource.path, method.httpMethod)) {
    trace.lines.push(fill(LOG_LINES.methodRequestHeaders, { headers: formatHeaders(call.req.headers) }));
  }
  return { kind: "integration", status: method.mockStatus, body: method.mockBody };
}

export function handleDataPlane(req: SimRequest, ctx: SimContext): SimResponse {
  const requestId = randomUUID();
  const extendedRequestId = newExtendedRequestId();
  const ids = { "x-amzn-RequestId": requestId, "x-amz-apigw-id": extendedRequestId };
  const endpoint = resolveEndpoint(req, ctx.state);
  const stage = endpoint.ok ? endpoint.api.stages.find((s) => s.stageName === endpoint.stageName) : undefined;
  const snapshot = endpoint.ok && stage ? deployedSnapshotOf(endpoint.api, stage) : undefined;
  // No stage of any API was reached: a bare 403 and no log of any kind.
  if (!endpoint.ok || !stage || !snapshot) {
    const response = defaultErrorResponse(ERRORS.forbidden, ERRORS.forbidden.template, ids);
    // The journal names the refusal: the endpoint's reason, or the stage (unknown, undeployed, or none in the URL).
    const cause = !endpoint.ok ? endpoint.cause : !stage ? "stage-not-found" : "stage-not-deployed";
    journal(ctx.state, {
      requestId,
      at: req.at,
      method: req.method.toUpperCase(),
      apiId: endpoint.ok ? endpoint.api.id : null,
      stage: stage?.stageName ?? null,
      status: response.status,
      cause,
      apiKeyId: null,
      executionLogged: false,
    });
    return response;
  }

  const { api } = endpoint;
  const call: StageCall = { req, state: ctx.state, api, stage, snapshot, path: endpoint.path, reach: endpoint.reach, requestId, verb: req.method.toUpperCase() };
  const trace: Trace = { lines: [fill(LOG_LINES.extendedRequestId, { extendedRequestId })] };
  const outcome = decide(call, trace);
  const values: ContextValues = {
    requestId,
    extendedRequestId,
    "identity.sourceIp": req.sourceIp,
    httpMethod: call.verb,
    requestTime: clfTime(req.at),
    requestTimeEpoch: String(req.at),
    stage: stage.stageName,
    apiId: api.id,
    protocol: "HTTP/1.1",
    ...(trace.apiKeyId !== undefined ? { "identity.apiKeyId": trace.apiKeyId } : {}),
    ...(trace.route ? { resourcePath: trace.route.resource.path } : {}),
    ...(trace.wafResponseCode ? { wafResponseCode: trace.wafResponseCode } : {}),
    ...(outcome.kind === "error"
      ? {
          "error.message": outcome.message,
          "error.messageString": JSON.stringify(outcome.message),
          ...(outcome.error.responseType ? { "error.responseType": outcome.error.responseType } : {}),
        }
      : {}),
  };
  const response: SimResponse =
    outcome.kind === "error"
      ? errorResponse(api, outcome.error, outcome.message, values, req, ids)
      : { status: outcome.status, headers: { "content-type": "application/json", ...ids }, body: outcome.body };

  // No execution log without a deployed route (nor for a WAF block, which never reaches routing).
  const { route } = trace;
  const executionLogged = route !== undefined && executionLogWanted(ctx.state, api.region, stage, route.resource.path, route.method.httpMethod, response.status);
  if (executionLogged) {
    writeExecutionLog(ctx, api.region, api.id, stage.stageName, requestId, req.at, [...trace.lines, fill(LOG_LINES.methodCompleted, { status: response.status })]);
  }
  journal(ctx.state, {
    requestId,
    at: req.at,
    method: call.verb,
    apiId: api.id,
    stage: stage.stageName,
    status: response.status,
    cause: outcome.kind === "integration" ? "ok" : (trace.refusal ?? errorName(outcome.error)),
    apiKeyId: trace.apiKeyId ?? null,
    executionLogged,
  });
  writeAccessLog(ctx, api.region, stage, req.at, { ...values, status: String(response.status), responseLength: String(Buffer.byteLength(response.body)) });
  return response;
}
