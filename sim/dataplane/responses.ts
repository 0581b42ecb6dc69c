// What the data plane answers for a rejected request: the API's gateway response for the type (its own
// customisation, or a customised DEFAULT_4XX, from sim/apigateway/gateway-responses.ts) — status,
// `gatewayresponse.header.*` parameters and `application/json` template — else AWS's default body.
import { DEFAULT_GATEWAY_RESPONSE_TEMPLATES, gatewayResponseOf } from "../apigateway/gateway-responses";
import type { SimRequest, SimResponse } from "../http";
import type { SimRestApi } from "../state";
import type { ErrorText } from "./texts";
import { renderContext, type ContextValues } from "./variables";

const RESPONSE_HEADER = /^gatewayresponse\.header\.(.+)$/;
const REQUEST_HEADER = /^method\.request\.header\.(.+)$/;
const DEFAULT_TEMPLATE = DEFAULT_GATEWAY_RESPONSE_TEMPLATES["application/json"];

/** Headers are case-insensitive: a parameter replaces a default header of any case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  headers[name] = value;
}

/** A parameter value is a quoted literal (`'*'`) or a request header (`method.request.header.Origin`). */
function parameterValue(source: string, req: SimRequest): string | undefined {
  const literal = /^'(.*)'$/.exec(source);
  if (literal) return literal[1];
  const header = REQUEST_HEADER.exec(source)?.[1];
  return header === undefined ? undefined : req.headers[header.toLowerCase()];
}

/** AWS's own error answer; `ids` are the x-amzn-RequestId / x-amz-apigw-id headers every answer carries. */
export function defaultErrorResponse(error: ErrorText, message: string, ids: Record<string, string>): SimResponse {
  return {
    status: error.status,
    headers: { "content-type": "application/json", ...ids, "x-amzn-ErrorType": error.errorType },
    body: JSON.stringify({ [error.bodyKey]: message }),
  };
}

export function errorResponse(api: SimRestApi, error: ErrorText, message: string, values: ContextValues, req: SimRequest, ids: Record<string, string>): SimResponse {
  const aws = defaultErrorResponse(error, message, ids);
  if (error.responseType === null) return aws;
  const response = gatewayResponseOf(api, error.responseType);
  const headers = { ...aws.headers };
  for (const [target, source] of Object.entries(response.responseParameters)) {
    const name = RESPONSE_HEADER.exec(target)?.[1];
    const value = parameterValue(source, req);
    if (name !== undefined && value !== undefined) setHeader(headers, name, value);
  }
  const template = response.responseTemplates["application/json"];
  return {
    status: response.statusCode === undefined ? error.status : Number(response.statusCode),
    headers,
    // AWS's own template is `{"message":…}`, yet IAM-style denials come back as `{"Message":…}`: the default
    // body is the error's own. A customised template is rendered; VTL prints an unresolvable reference as written.
    body: template === undefined || template === DEFAULT_TEMPLATE ? aws.body : renderContext(template, values, (token) => token),
  };
}
