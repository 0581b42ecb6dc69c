// Wire-level request/response types shared by the simulator's services, and AWS's error shapes.

export interface SimRequest {
  method: string;
  /** Path without the query string, percent-decoded per segment by each service as it needs. */
  path: string;
  query: URLSearchParams;
  /** Header names lowercased. */
  headers: Record<string, string>;
  body: string;
  /** Region from the SigV4 credential scope (`Credential=AKID/date/REGION/service/aws4_request`). */
  region: string;
  sourceIp: string;
  /** When the request happens (ms); traffic replay sets it in the past. */
  at: number;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(value) };
}

/** API Gateway's control-plane error: the SDK reads the type from `x-amzn-ErrorType`. */
export function apigatewayError(status: number, type: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return json(status, { message }, { "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazonaws.backplane.controlplane/`, ...headers });
}

/** CloudWatch Logs (JSON 1.1) error: the type travels in `__type`. */
export function logsError(status: number, type: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return {
    status,
    headers: { "content-type": "application/x-amz-json-1.1", ...headers },
    body: JSON.stringify({ __type: `com.amazonaws.logs#${type}`, message }),
  };
}

/** Thrown by handlers to answer with an AWS error. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new AwsError(404, "NotFoundException", message);
export const badRequest = (message: string) => new AwsError(400, "BadRequestException", message);
export const conflict = (message: string) => new AwsError(409, "ConflictException", message);

export function regionFromAuthorization(authorization: string | undefined, fallback: string): string {
  const match = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? "");
  return match?.[1] ?? fallback;
}
