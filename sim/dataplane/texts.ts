// THE one table of every AWS text the simulator's data plane emits: response bodies, x-amzn-ErrorType
// values, gateway response types and execution-log lines. Correct a wording here and the whole data plane
// follows. `confirmed` = seen verbatim in ../shared/CAUSES.md, test/fixtures/execution-log-samples.txt,
// AWS documentation / Knowledge Center ("KC") articles, or responses pasted in public issues.
//
// Searched for and NOT found verbatim anywhere public, so the data plane writes no line of its own for them
// (only the generic Extended Request Id / Verifying Usage Plan / Method completed lines):
// - an API key value that matches no key, and a disabled key (the request still answers INVALID_API_KEY);
// - a resource-policy denial (KC api-gateway-403-error-lambda-authorizer says the execution log shows
//   "the outcome of API Gateway's resource policy evaluation", without quoting it);
// - a Lambda authorizer Deny ("The client is not authorized to perform this operation." appears only in
//   third-party blogs, never in an AWS page or a pasted log);
// - WAF blocks (API Gateway writes no execution log: WAF runs before the API; access logs carry WAF_BLOCK).
import type { GatewayResponseType } from "../apigateway/gateway-responses";

export interface AwsText {
  /** `{name}` placeholders are filled by `fill`. */
  readonly template: string;
  readonly confirmed: boolean;
  readonly source: string;
}

type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** Fills every `{name}` of a text; the values are inserted verbatim and never re-scanned. */
export function fill<T extends AwsText>(text: T, values: Record<Placeholders<T["template"]>, string | number>): string {
  const lookup = values as Record<string, string | number>;
  return text.template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in lookup ? String(lookup[name]) : whole));
}

/** Execution-log messages, without the `(requestId) ` prefix that logging.ts adds. */
export const LOG_LINES = {
  extendedRequestId: { template: "Extended Request Id: {extendedRequestId}", confirmed: true, source: "fixture; value is the x-amz-apigw-id header" },
  startingAuthorizer: {
    template: "Starting authorizer: {authorizerId} for request: {requestId}",
    confirmed: true,
    source: "fixture; KC api-gateway-logs",
  },
  authorizerPolicy: {
    template: "Using valid authorizer policy for principal: {maskedPrincipal}",
    confirmed: true,
    source: "fixture (principal masked like a key)",
  },
  authorizerSucceeded: { template: "Successfully completed authorizer execution", confirmed: true, source: "fixture; KC api-gateway-logs" },
  authorizerUnauthorized: { template: "Unauthorized request: {requestId}", confirmed: true, source: "fixture; KC api-gateway-logs" },
  verifyingUsagePlan: {
    template: "Verifying Usage Plan for request: {requestId}. API Key: {maskedKey} API Stage: {apiId}/{stage}",
    confirmed: true,
    source: "fixture; KC api-gateway-logs",
  },
  keyNotRequired: {
    template: "API Key {maskedKey} authorized because method '{method} {resourcePath}' does not require API Key. Request will not contribute to throttle or quota limits",
    confirmed: true,
    source: "fixture; KC api-gateway-logs",
  },
  keyNotAuthorized: {
    template: "API Key {maskedKey} not authorized because method '{method} {resourcePath}' requires API Key and API Key is not associated with a Usage Plan for API Stage {apiId}/{stage}: {ending}",
    confirmed: true,
    source: "fixture; CAUSES.md; KC api-gateway-logs (endings in KEY_NOT_AUTHORIZED_ENDINGS)",
  },
  usagePlanSucceeded: {
    template: "Usage Plan check succeeded for API Key {maskedKey} and API Stage {apiId}/{stage}",
    confirmed: true,
    source: "fixture",
  },
  throttled: {
    template:
      "API Key {maskedKey} exceeded throttle limit for API Stage {apiId}/{stage}: Key throttle limit exceeded for Usage Plan ID {planId}, RestApi {apiId}, Stage {stage}, Resource {resourceId}, HttpMethod {method}. Limit: {rateLimit} Burst: {burstLimit}",
    confirmed: true,
    source: "KC api-gateway-429-limit (rate printed with 2 decimals: 'Limit: 5.00 Burst: 10')",
  },
  quotaExceeded: {
    template: "API Key {maskedKey} exceeded quota limit for API Stage {apiId}/{stage}: Key quota exhausted for Usage Plan ID {planId}. Limit: {limit} Period: {period}",
    confirmed: true,
    source: "KC api-gateway-429-limit; a 2021 blog post quoting its own log ('Limit: 200 Period: DAY')",
  },
  startingExecution: { template: "Starting execution for request: {requestId}", confirmed: true, source: "fixture" },
  httpMethod: { template: "HTTP Method: {method}, Resource Path: {resourcePath}", confirmed: true, source: "fixture" },
  apiKey: { template: "API Key: {maskedKey}", confirmed: true, source: "fixture (after 'HTTP Method' when a key was used)" },
  methodRequestHeaders: {
    template: "Method request headers: {headers}",
    confirmed: true,
    source: "CAUSES.md; test-invoke logs in public issues ({Name=value, …}); only with data trace",
  },
  methodCompleted: { template: "Method completed with status: {status}", confirmed: true, source: "fixture" },
} as const satisfies Record<string, AwsText>;

/** Endings of LOG_LINES.keyNotAuthorized. */
export const KEY_NOT_AUTHORIZED_ENDINGS = {
  keyNotPresent: { template: "API Key was required but not present", confirmed: true, source: "KC api-gateway-logs (request without x-api-key)" },
  noPlanForKeyAndStage: { template: "No Usage Plan found for key and API Stage", confirmed: true, source: "CAUSES.md; fixture (newer wording)" },
  stageNotInPlan: {
    template: "API Stage is not in a Usage Plan",
    confirmed: true,
    source: "fixture (2016 wording); CAUSES.md maps it to a stage that no plan lists",
  },
} as const satisfies Record<string, AwsText>;

export interface ErrorText extends AwsText {
  /** null: answered before any API's gateway responses apply (endpoint, unknown stage). */
  readonly responseType: GatewayResponseType | null;
  /** AWS's default status for the response type. */
  readonly status: number;
  readonly errorType: string;
  /** The JSON key of the default body: IAM-style denials use "Message". */
  readonly bodyKey: "message" | "Message";
}

export const ERRORS = {
  forbidden: {
    responseType: null,
    status: 403,
    errorType: "ForbiddenException",
    bodyKey: "message",
    template: "Forbidden",
    confirmed: true,
    source: "CAUSES.md client signals (unknown stage, VPC endpoint mismatch, execute-api endpoint disabled)",
  },
  invalidApiKey: {
    responseType: "INVALID_API_KEY",
    status: 403,
    errorType: "ForbiddenException",
    bodyKey: "message",
    template: "Forbidden",
    confirmed: true,
    source: "CAUSES.md; developer guide 'Gateway response types' (403)",
  },
  wafFiltered: {
    responseType: "WAF_FILTERED",
    status: 403,
    errorType: "ForbiddenException",
    bodyKey: "message",
    template: "Forbidden",
    confirmed: true,
    source: "CAUSES.md; developer guide 'Gateway response types' (403)",
  },
  missingAuthenticationToken: {
    responseType: "MISSING_AUTHENTICATION_TOKEN",
    status: 403,
    errorType: "MissingAuthenticationTokenException",
    bodyKey: "message",
    template: "Missing Authentication Token",
    confirmed: true,
    source: "CAUSES.md; KC api-gateway-troubleshoot-403-forbidden",
  },
  resourcePolicyImplicitDeny: {
    responseType: "ACCESS_DENIED",
    status: 403,
    errorType: "AccessDeniedException",
    bodyKey: "Message",
    template: "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {resourceArn}",
    confirmed: true,
    source: "KC api-gateway-403-error-lambda-authorizer; body pasted in ASFHyP3/hyp3#2283 ('Message', account '********2543')",
  },
  resourcePolicyExplicitDeny: {
    responseType: "ACCESS_DENIED",
    status: 403,
    errorType: "AccessDeniedException",
    bodyKey: "Message",
    template: "User: anonymous is not authorized to perform: execute-api:Invoke on resource: {resourceArn} with an explicit deny",
    confirmed: true,
    source: "KC api-gateway-403-error-lambda-authorizer; KC api-gateway-troubleshoot-403-forbidden",
  },
  authorizerExplicitDeny: {
    responseType: "ACCESS_DENIED",
    status: 403,
    errorType: "AccessDeniedException",
    bodyKey: "Message",
    template: "User is not authorized to access this resource with an explicit deny",
    confirmed: true,
    source: "KC api-gateway-403-error-lambda-authorizer (text, header); key casing 'Message' from a public failure-modes write-up",
  },
  authorizerUnauthorized: {
    responseType: "UNAUTHORIZED",
    status: 401,
    errorType: "UnauthorizedException",
    bodyKey: "message",
    template: "Unauthorized",
    confirmed: false,
    source: "body confirmed (KC api-gateway-401 articles, public issues); the x-amzn-ErrorType value is not",
  },
  throttled: {
    responseType: "THROTTLED",
    status: 429,
    errorType: "TooManyRequestsException",
    bodyKey: "message",
    template: "Too Many Requests",
    confirmed: false,
    source: "body: KC api-gateway-429-limit, CAUSES.md; the x-amzn-ErrorType value is not confirmed",
  },
  quotaExceeded: {
    responseType: "QUOTA_EXCEEDED",
    status: 429,
    errorType: "LimitExceededException",
    bodyKey: "message",
    template: "Limit Exceeded",
    confirmed: false,
    source: "body: KC api-gateway-429-limit (CAUSES.md marks it unconfirmed); the x-amzn-ErrorType value is not confirmed",
  },
} as const satisfies Record<string, ErrorText>;

const VISIBLE_KEY_CHARS = 6;

/** AWS's key masking in execution logs: every character but the last 6 becomes `*`, length kept. */
export function maskApiKey(value: string): string {
  return "*".repeat(Math.max(0, value.length - VISIBLE_KEY_CHARS)) + value.slice(-VISIBLE_KEY_CHARS);
}

/** AWS masks the account in execute-api ARNs it returns to anonymous callers: `********2543`. */
export function maskAccountId(accountId: string): string {
  return `********${accountId.slice(-4)}`;
}
