// AWS STS (query protocol, version 2011-06-15), as @aws-sdk/client-sts 3.1169 speaks it: a form-encoded
// `POST /` (`Action=AssumeRole&Version=2011-06-15&…`), told apart from the other services by the SigV4 credential
// scope (`…/sts/aws4_request`). AssumeRole (trust policy, external id, duration, session name) and
// GetCallerIdentity; XML answers and `<ErrorResponse>` errors. Where AWS's behaviour is unconfirmed: uncertain.ts.
import { randomUUID } from "node:crypto";
import type { Operation } from "../context";
import { AwsError, type SimRequest, type SimResponse } from "../http";
import { xmlEscape } from "../s3";
import { trusts, type Identities, type Principal } from "./identities";

export const STS_VERSION = "2011-06-15";
const STS_NAMESPACE = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;
const XML_TYPE = { "content-type": "text/xml" };

/** AWS's AssumeRole limits (API reference). */
export const DURATION = { min: 900, max: 43_200, default: 3600, chained: 3600 } as const;
const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** STS's query-protocol error; `Type` is Receiver for 5xx. */
export function stsError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  const requestId = randomUUID();
  return {
    status,
    headers: { ...XML_TYPE, "x-amzn-requestid": requestId, ...headers },
    body:
      `<ErrorResponse xmlns="${STS_NAMESPACE}">\n  <Error>\n    <Type>${status >= 500 ? "Receiver" : "Sender"}</Type>\n    <Code>${xmlEscape(code)}</Code>\n` +
      `    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
  };
}

/** `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…` as every query-protocol answer. */
function answer(action: string, result: string): SimResponse {
  const requestId = randomUUID();
  return {
    status: 200,
    headers: { ...XML_TYPE, "x-amzn-requestid": requestId },
    body:
      `<${action}Response xmlns="${STS_NAMESPACE}">\n  <${action}Result>\n${result}  </${action}Result>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`,
  };
}

const element = (name: string, value: string | number, indent: string) => `${indent}<${name}>${xmlEscape(String(value))}</${name}>\n`;

/** AWS's timestamps in query answers: ISO 8601 in UTC, whole seconds. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The request's parameters: the form body, then the query string (GET works too, as in AWS). */
function paramsOf(req: SimRequest): URLSearchParams {
  const params = new URLSearchParams(req.body);
  for (const [name, value] of req.query) if (!params.has(name)) params.set(name, value);
  return params;
}

/** Coral's validation message: "1 validation error detected: Value … at '…' failed to satisfy constraint: …". */
function validationError(problems: string[]): AwsError {
  const count = `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected`;
  return new AwsError(400, "ValidationError", `${count}: ${problems.join("; ")}`);
}

const valueText = (value: string | null) => (value === null ? "null" : `'${value}'`);

function lengthProblems(field: string, value: string | null, min: number, max: number, pattern?: RegExp, patternText?: string): string[] {
  if (value === null) return [];
  const at = `Value ${valueText(value)} at '${field}' failed to satisfy constraint: Member must`;
  const problems: string[] = [];
  if (value.length < min) problems.push(`${at} have length greater than or equal to ${min}`);
  if (value.length > max) problems.push(`${at} have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value)) problems.push(`${at} satisfy regular expression pattern: ${patternText ?? pattern.source}`);
  return problems;
}

export function routeSts(req: SimRequest, identities: Identities, caller: Principal): Operation {
  const params = paramsOf(req);
  const action = params.get("Action") ?? "";
  if (action === "GetCallerIdentity") {
    return {
      name: "GetCallerIdentity",
      action: "sts:GetCallerIdentity",
      resource: "*",
      run: () => answer("GetCallerIdentity", element("Arn", caller.arn, "    ") + element("UserId", caller.userId, "    ") + element("Account", caller.accountId, "    ")),
    };
  }
  if (action === "AssumeRole") {
    const roleArn = params.get("RoleArn");
    return {
      name: "AssumeRole",
      action: "sts:AssumeRole",
      resource: roleArn ?? "*",
      run: (ctx) => assumeRole(params, identities, caller, ctx.now()),
    };
  }
  return {
    name: "Unknown",
    action: `sts:${action || "Unknown"}`,
    resource: "*",
    run: () => {
      if (!action) throw new AwsError(400, "MissingAction", "Missing Action");
      throw new AwsError(400, "InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? STS_VERSION}`);
    },
  };
}

function assumeRole(params: URLSearchParams, identities: Identities, caller: Principal, now: number): SimResponse {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  const externalId = params.get("ExternalId");
  const durationText = params.get("DurationSeconds");
  const policy = params.get("Policy");

  // Input constraints first (the model's), each broken one listed, as AWS's validation does
  const problems: string[] = [];
  if (roleArn === null) problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  problems.push(...lengthProblems("roleArn", roleArn, 20, 2048));
  if (sessionName === null) problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  problems.push(...lengthProblems("roleSessionName", sessionName, 2, 64, SESSION_NAME, "[\\w+=,.@-]*"));
  problems.push(...lengthProblems("externalId", externalId, 2, 1224, EXTERNAL_ID, "[\\w+=,.@:\\/-]*"));
  let duration: number = DURATION.default;
  if (durationText !== null) {
    duration = Number(durationText);
    const at = `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must`;
    if (!/^-?\d+$/.test(durationText)) problems.push(`${at} be an integer`);
    else if (duration < DURATION.min) problems.push(`${at} have value greater than or equal to ${DURATION.min}`);
    else if (duration > DURATION.max) problems.push(`${at} have value less than or equal to ${DURATION.max}`);
  }
  if (problems.length > 0) throw validationError(problems);
  const parsedArn = ROLE_ARN.exec(roleArn!);
  if (!parsedArn) throw new AwsError(400, "ValidationError", "Request ARN is invalid");
  if (policy !== null) {
    try {
      JSON.parse(policy);
    } catch {
      throw new AwsError(400, "MalformedPolicyDocument", "The policy is not in the valid JSON format.");
    }
  }

  // Then the trust policy: an unknown role, an untrusted caller and a wrong or missing external id look alike
  const role = identities.roles.get(`arn:aws:iam::${parsedArn[1]}:role/${parsedArn[2]}`);
  const externalIdMatches = role?.externalId === null || role?.externalId === externalId;
  if (!role || !trusts(role, caller) || !externalIdMatches) {
    throw new AwsError(403, "AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
  if (durationText !== null && duration > role.maxSessionDuration) {
    throw new AwsError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  if (caller.roleArn !== undefined && duration > DURATION.chained) {
    throw new AwsError(400, "ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }

  const session = identities.issue(role, sessionName!, duration, now);
  const i6 = "      ";
  return answer(
    "AssumeRole",
    "    <AssumedRoleUser>\n" +
      element("AssumedRoleId", session.principal.userId, i6) +
      element("Arn", session.principal.arn, i6) +
      "    </AssumedRoleUser>\n" +
      "    <Credentials>\n" +
      element("AccessKeyId", session.accessKeyId, i6) +
      element("SecretAccessKey", session.secretAccessKey, i6) +
      element("SessionToken", session.sessionToken, i6) +
      element("Expiration", isoSeconds(session.expiresAt), i6) +
      "    </Credentials>\n" +
      // Only with a session policy (uncertain.ts: how AWS packs it)
      (policy !== null ? element("PackedPolicySize", Math.max(1, Math.ceil((Buffer.byteLength(policy) / 2048) * 100)), "    ") : ""),
  );
}
