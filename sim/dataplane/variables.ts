// `$context` variables of one data-plane request, rendered into access-log formats and gateway-response
// templates (developer guide "Variables for access logging" / "$context variables for data models,
// authorizers, mapping templates").

export interface ContextValues {
  requestId: string;
  extendedRequestId: string;
  "identity.sourceIp": string;
  "identity.apiKeyId"?: string;
  httpMethod: string;
  resourcePath?: string;
  status?: string;
  "error.message"?: string;
  /** The quoted form of error.message: `"Forbidden"`. */
  "error.messageString"?: string;
  "error.responseType"?: string;
  /** WAF_ALLOW or WAF_BLOCK; absent when no web ACL is attached to the stage. */
  wafResponseCode?: string;
  /** CLF form, `28/Feb/2021:00:34:18 +0000`. */
  requestTime: string;
  requestTimeEpoch: string;
  stage: string;
  apiId: string;
  protocol: string;
  responseLength?: string;
}

const VARIABLE = /\$context\.([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)/g;

/** Replaces each `$context.name`; `missing` decides what an unknown or valueless variable becomes. */
export function renderContext(template: string, values: ContextValues, missing: (token: string) => string): string {
  const lookup: Partial<Record<string, string>> = { ...values };
  return template.replace(VARIABLE, (token, name: string) => lookup[name] ?? missing(token));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `$context.requestTime`: `dd/MMM/yyyy:HH:mm:ss +0000` in UTC. */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
