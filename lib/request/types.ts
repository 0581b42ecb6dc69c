/** What gatecheck knows about the request a user pasted (curl, raw HTTP, or a URL). */

export type HostKind = "execute-api" | "vpc-endpoint" | "custom-domain" | "local-sim" | "unknown";

export interface HostInfo {
  hostKind: HostKind;
  /** REST API id (10 lowercase alphanumerics on AWS) */
  apiId?: string;
  region?: string;
  /** "vpce-0123abcd…", the VPC endpoint id without the DNS suffix */
  vpceId?: string;
}

export interface ApiTarget extends HostInfo {
  stage?: string;
  /** "/" + what follows the stage; the raw path when the stage cannot be told (custom domains) */
  resourcePath: string;
}

export interface RequestHeader {
  name: string;
  value: string;
}

export interface KeyLocation {
  /** "header" is exactly the x-api-key header (any case); the only place API Gateway reads with apiKeySource HEADER */
  where: "header" | "body" | "query" | "authorization" | "other-header";
  /** header name as sent, JSON path ("auth.apiKey", "items[0].key"), form field or query parameter */
  name: string;
  /** as sent, untrimmed: a trailing space or newline is itself a cause (KEY_UNKNOWN) */
  value: string;
}

export interface RequestFacts extends ApiTarget {
  /** uppercased; GET by default, POST when data is sent */
  method: string;
  url?: string;
  scheme?: "https" | "http";
  host?: string;
  port?: number;
  /** path as sent, without the query */
  rawPath: string;
  query: Record<string, string[]>;
  /** in the order sent, names as sent, including headers curl adds by itself (Content-Type for -d / --json) */
  headers: RequestHeader[];
  body?: string;
  /** value of x-apigw-api-id */
  apiIdHeader?: string;
  /** the x-api-key header first, then the other places a key may sit, most likely first */
  keyLocations: KeyLocation[];
}

export interface RequestParseError {
  field: "request";
  message: string;
  hint: string;
}

export type ParseRequestResult = { ok: true; facts: RequestFacts } | { ok: false; error: RequestParseError };

export interface ParseRequestOptions {
  /** values of keys known to exist: such a value counts as a key wherever it sits, whatever its shape */
  knownKeyValues?: readonly string[];
}

export interface BasePathMapping {
  /** "(none)" (or "") is the catch-all mapping */
  basePath: string;
  restApiId: string;
  stage: string;
}
