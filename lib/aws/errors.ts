import "server-only";

/** An AWS call that failed, reshaped: the AWS error name, what was being read, and whether retrying later may help. */
export interface AwsFault {
  /** AWS's error name (`AccessDeniedException`, `NotFoundException`, `TimeoutError`…). */
  code: string;
  status: number | null;
  /** The AWS operation (`GetUsagePlans`). */
  operation: string;
  /** The IAM action and resource it needs, for `DASHBOARD_PERMISSION_MISSING` (`apigateway:GET` on `/usageplans`). */
  action: string;
  message: string;
  kind: "access-denied" | "not-found" | "throttled" | "timeout" | "network" | "bad-request" | "other";
}

export class AwsCallError extends Error {
  constructor(readonly fault: AwsFault) {
    super(`${fault.operation}: ${fault.code}: ${fault.message}`);
    this.name = "AwsCallError";
  }
}

/** Credentials for an account could not be had: its role refused AssumeRole (trust policy, external id), or its profile failed. */
export class CredentialsError extends Error {
  constructor(
    /** The call that failed: `AssumeRole`, or `profile` for a named profile. */
    readonly operation: string,
    /** What it needed: `sts:AssumeRole arn:aws:iam::…:role/…`, or the profile's name. */
    readonly action: string,
    override readonly cause: unknown,
  ) {
    super(`${operation} (${action}) failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "CredentialsError";
  }
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

// CloudWatch (metrics) names its errors by their older Query codes: AccessDenied, Throttling; S3 has its own names.
const KIND_BY_CODE: Record<string, AwsFault["kind"]> = {
  AccessDeniedException: "access-denied",
  AccessDenied: "access-denied",
  UnrecognizedClientException: "access-denied",
  InvalidSignatureException: "access-denied",
  ExpiredTokenException: "access-denied",
  NotFoundException: "not-found",
  ResourceNotFoundException: "not-found",
  NoSuchKey: "not-found",
  NoSuchBucket: "not-found",
  TooManyRequestsException: "throttled",
  ThrottlingException: "throttled",
  Throttling: "throttled",
  LimitExceededException: "throttled",
  SlowDown: "throttled",
  TimeoutError: "timeout",
  RequestTimeout: "timeout",
  AbortError: "timeout",
  BadRequestException: "bad-request",
  InvalidParameterException: "bad-request",
};

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT"]);

function kindOf(code: string, sysCode: string | undefined, message: string): AwsFault["kind"] {
  const known = KIND_BY_CODE[code];
  if (known) return known;
  if (sysCode && NETWORK_CODES.has(sysCode)) return "network";
  if (/socket hang up|ECONNRESET|ECONNREFUSED/i.test(message)) return "network";
  if (/timed? ?out/i.test(message)) return "timeout";
  return "other";
}

export function toAwsFault(err: unknown, operation: string, action: string): AwsFault {
  // The account's credentials failed before the call was sent: the fault is theirs, not the call's.
  if (err instanceof CredentialsError) return toAwsFault(err.cause, err.operation, err.action);
  const e = (typeof err === "object" && err !== null ? err : {}) as SdkErrorLike;
  const message = (e.message ?? String(err)).slice(0, 500);
  const code = e.name && e.name !== "Error" ? e.name : (e.code ?? "UnknownError");
  return { code, status: e.$metadata?.httpStatusCode ?? null, operation, action, message, kind: kindOf(code, e.code, message) };
}
