// Wire-level request/response types shared by the simulator's services, and AWS's error shapes.
import { randomUUID } from "node:crypto";

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
  /** The signing principal's account, once the simulator has resolved it (AWS calls only). */
  accountId?: string;
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

/**
 * CloudWatch (JSON 1.0 for an awsQuery-era service): the type travels in `__type`, and `x-amzn-query-error`
 * carries the old Query error code with its fault side, which the SDK reads first (`Code;Sender`).
 */
export function cloudwatchError(status: number, type: string, message: string, headers: Record<string, string> = {}): SimResponse {
  const [code, fault, namespace] = CLOUDWATCH_ERRORS[type] ?? [type, "Sender", "com.amazonaws.cloudwatch"];
  return {
    status,
    headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-query-error": `${code};${fault}`, "x-amzn-requestid": randomUUID(), ...headers },
    body: JSON.stringify({ __type: `${namespace}#${type}`, message }),
  };
}

/** Error shape → [Query code (the model's awsQueryError trait), fault, namespace]. */
const CLOUDWATCH_ERRORS: Record<string, [string, "Sender" | "Receiver", string]> = {
  InvalidParameterValueException: ["InvalidParameterValue", "Sender", "com.amazonaws.cloudwatch"],
  InvalidParameterCombinationException: ["InvalidParameterCombination", "Sender", "com.amazonaws.cloudwatch"],
  MissingRequiredParameterException: ["MissingParameter", "Sender", "com.amazonaws.cloudwatch"],
  ValidationException: ["ValidationError", "Sender", "com.amazonaws.cloudwatch"],
  InvalidNextToken: ["InvalidNextToken", "Sender", "com.amazonaws.cloudwatch"],
  InternalServiceFault: ["InternalServiceError", "Receiver", "com.amazonaws.cloudwatch"],
  // Errors of the service framework rather than the CloudWatch model (sim/cloudwatch/uncertain.ts)
  AccessDeniedException: ["AccessDenied", "Sender", "com.amazon.coral.service"],
  ThrottlingException: ["Throttling", "Sender", "com.amazon.coral.availability"],
  UnknownOperationException: ["InvalidAction", "Sender", "com.amazon.coral.service"],
  SerializationException: ["SerializationException", "Sender", "com.amazon.coral.service"],
  UnrecognizedClientException: ["InvalidClientTokenId", "Sender", "com.amazon.coral.service"],
  ExpiredTokenException: ["ExpiredToken", "Sender", "com.amazon.coral.service"],
};

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

/** The access key id of the SigV4 Credential, from the Authorization header or a presigned URL's `X-Amz-Credential`. */
export function accessKeyIdOf(authorization: string | undefined, query: URLSearchParams): string | undefined {
  const credential = /Credential=([^/,\s]+)\//.exec(authorization ?? "")?.[1] ?? query.get("X-Amz-Credential")?.split("/")[0];
  return credential || undefined;
}

/** The service of the SigV4 credential scope (`Credential=AKID/date/region/SERVICE/aws4_request`), or null. */
export function serviceFromAuthorization(authorization: string | undefined): string | null {
  return /Credential=[^/]+\/\d{8}\/[a-z0-9-]+\/([a-z0-9-]+)\/aws4_request/.exec(authorization ?? "")?.[1] ?? null;
}
