// AWS's default gateway responses and how an API's customisations override them.
// Recorded from real AWS (GetGatewayResponses on a fresh REST API, LocalStack's snapshot tests
// tests/aws/services/apigateway/test_apigateway_api.snapshot.json): 21 types, listed alphabetically,
// every template `{"message":$context.error.messageString}`, DEFAULT_4XX/DEFAULT_5XX without status.
import { AwsError } from "../http";
import type { SimGatewayResponse, SimRestApi } from "../state";

export const GATEWAY_RESPONSE_DEFAULT_STATUS = {
  ACCESS_DENIED: "403",
  API_CONFIGURATION_ERROR: "500",
  AUTHORIZER_CONFIGURATION_ERROR: "500",
  AUTHORIZER_FAILURE: "500",
  BAD_REQUEST_BODY: "400",
  BAD_REQUEST_PARAMETERS: "400",
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: "403",
  INTEGRATION_FAILURE: "504",
  INTEGRATION_TIMEOUT: "504",
  INVALID_API_KEY: "403",
  INVALID_SIGNATURE: "403",
  MISSING_AUTHENTICATION_TOKEN: "403",
  QUOTA_EXCEEDED: "429",
  REQUEST_TOO_LARGE: "413",
  RESOURCE_NOT_FOUND: "404",
  THROTTLED: "429",
  UNAUTHORIZED: "401",
  UNSUPPORTED_MEDIA_TYPE: "415",
  WAF_FILTERED: "403",
} as const satisfies Record<string, string | undefined>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSE_DEFAULT_STATUS;

export const GATEWAY_RESPONSE_TYPES = Object.keys(GATEWAY_RESPONSE_DEFAULT_STATUS) as GatewayResponseType[];

export const DEFAULT_GATEWAY_RESPONSE_TEMPLATES: Readonly<Record<string, string>> = {
  "application/json": '{"message":$context.error.messageString}',
};

/** GatewayResponse as the API returns it. */
export interface GatewayResponse {
  responseType: GatewayResponseType;
  statusCode?: string;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  /** false = customised on this API (PutGatewayResponse). */
  defaultResponse: boolean;
}

export function isGatewayResponseType(value: string): value is GatewayResponseType {
  return Object.hasOwn(GATEWAY_RESPONSE_DEFAULT_STATUS, value);
}

/** The ValidationException AWS answers for a response type outside the enum (its own, unsorted order). */
export function invalidResponseType(value: string): AwsError {
  const awsOrder =
    "REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN";
  return new AwsError(400, "ValidationException", `1 validation error detected: Value '${value}' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [${awsOrder}]`);
}

/**
 * The response API Gateway sends for `type` on this API: its own customisation, else AWS's default —
 * which takes the status, headers and templates of a customised DEFAULT_4XX / DEFAULT_5XX of its class
 * (AWS still reports such an inherited response as `defaultResponse: true`). The data plane answers
 * with this; GetGatewayResponse(s) return it.
 */
export function gatewayResponseOf(api: SimRestApi, type: GatewayResponseType): GatewayResponse {
  const own = customised(api, type);
  if (own) return own;
  const status = GATEWAY_RESPONSE_DEFAULT_STATUS[type];
  const family = status === undefined ? undefined : customised(api, status.startsWith("4") ? "DEFAULT_4XX" : "DEFAULT_5XX");
  const statusCode = family?.statusCode ?? status;
  return {
    responseType: type,
    ...(statusCode !== undefined ? { statusCode } : {}),
    responseParameters: { ...(family?.responseParameters ?? {}) },
    responseTemplates: { ...(family?.responseTemplates ?? DEFAULT_GATEWAY_RESPONSE_TEMPLATES) },
    defaultResponse: true,
  };
}

export function gatewayResponsesOf(api: SimRestApi): GatewayResponse[] {
  return GATEWAY_RESPONSE_TYPES.map((type) => gatewayResponseOf(api, type));
}

function customised(api: SimRestApi, type: GatewayResponseType): GatewayResponse | undefined {
  const own: SimGatewayResponse | undefined = api.gatewayResponses.find((r) => r.responseType === type);
  if (!own) return undefined;
  // A PutGatewayResponse without a status or templates keeps the type's default ones.
  const statusCode = own.statusCode ?? GATEWAY_RESPONSE_DEFAULT_STATUS[type];
  return {
    responseType: type,
    ...(statusCode !== undefined ? { statusCode } : {}),
    responseParameters: { ...own.responseParameters },
    responseTemplates: Object.keys(own.responseTemplates).length > 0 ? { ...own.responseTemplates } : { ...DEFAULT_GATEWAY_RESPONSE_TEMPLATES },
    defaultResponse: false,
  };
}
