// Every error code the JSON API answers with, in plain words: what happened and what to do. The page
// /docs/errors renders this table; every error's `link` points at its entry there (`/docs/errors#CODE`).
import type { AwsFault } from "@/lib/aws/errors";

export interface ErrorDoc {
  title: string;
  /** When it happens, in a sentence or two. */
  when: string;
  /** What to do about it. */
  fix: string;
}

export const ERROR_DOCS: Record<string, ErrorDoc> = {
  INVALID_INPUT: {
    title: "A field is missing or malformed",
    when: "A query or body field is missing, has the wrong type, or is out of range. The error names the field.",
    fix: "Correct that field (in the form, or in the link's query string) and try again.",
  },
  INVALID_JSON: {
    title: "The body is not JSON",
    when: "A POST body is not valid JSON, or not UTF-8.",
    fix: 'Send a JSON object with Content-Type: application/json, for example {"request": "curl …"}.',
  },
  INVALID_REQUEST: {
    title: "The pasted request cannot be read",
    when: "The pasted text is not a curl command, a raw HTTP request or a URL, or it holds something HTTP cannot carry (a method with a space, a header with a line break or non-Latin-1 characters).",
    fix: "Paste the command exactly as copied; the message says which part to fix.",
  },
  BODY_TOO_LARGE: { title: "The body is too large", when: "The request body is over 256 KiB (counted in bytes).", fix: "Send a shorter request: paste only the request that failed." },
  UNSUPPORTED_MEDIA_TYPE: {
    title: "A browser sent something other than JSON",
    when: "A browser sent a POST that is not application/json (an HTML form or a no-cors fetch).",
    fix: "Use gatecheck's own pages, or send JSON with Content-Type: application/json.",
  },
  CROSS_SITE_REQUEST: {
    title: "Another site asked for a change",
    when: "A POST came from a page on another site (its Origin or Sec-Fetch-Site says so). gatecheck refuses it so no site can freeze, probe or diagnose through a visitor's browser.",
    fix: "Use gatecheck's own pages, or call the API from a script or curl.",
  },
  HOST_NOT_ALLOWED: {
    title: "Unknown host name",
    when: "The request's Host header is not one gatecheck answers for, as after a DNS-rebinding attack.",
    fix: "Open gatecheck at its own address, or add the name to GATECHECK_ALLOWED_HOSTS on the server.",
  },
  METHOD_NOT_ALLOWED: { title: "Wrong HTTP method", when: "The route exists but does not answer this method. The Allow header lists those it does.", fix: "Use the method the Allow header names." },
  NOT_FOUND: {
    title: "No such API route",
    when: "The path under /api/ names no route.",
    fix: "See the JSON API in the README: /api/v1/apis, /diagnose, /probe, /snapshots, /triage, /logs, /keys, /routes.",
  },
  ACCOUNT_UNKNOWN: {
    title: "No such account",
    when: "The request names an account (account=…) that gatecheck.config.json does not list.",
    fix: "Pick one of the configured accounts (GET /api/v1/accounts lists them), or add the account to gatecheck.config.json.",
  },
  SIGN_IN_REQUIRED: {
    title: "Not signed in",
    when: "gatecheck is configured with sign-in and the request carries no valid session: no session cookie, an expired one, or (behind an AWS load balancer) no valid x-amzn-oidc-data token.",
    fix: "Sign in (open any gatecheck page, or /api/auth/login), then try again. A script should call gatecheck through a signed-in session or the load balancer.",
  },
  ROLE_REQUIRED: {
    title: "Your role does not allow this",
    when: "Viewers diagnose, triage and open frozen links; sending a request, freezing a diagnosis and finding a key by its value need responder; the audit log needs admin.",
    fix: "Ask an admin to add you to a group mapped to the role the message names (GATECHECK_RESPONDER_GROUPS, GATECHECK_ADMIN_GROUPS), then sign in again.",
  },
  NO_ROLE: {
    title: "No role for your account",
    when: "You are signed in, but none of your groups maps to a gatecheck role and no default role is set.",
    fix: "Ask an admin to add you to a mapped group, or to set GATECHECK_DEFAULT_ROLE.",
  },
  SIGN_IN_EXPIRED: { title: "The sign-in expired", when: "The identity provider sent you back more than 10 minutes after the sign-in began, or to another browser.", fix: "Sign in again." },
  SIGN_IN_FAILED: {
    title: "The identity provider refused the sign-in",
    when: "Exchanging the sign-in code failed: a wrong client secret or redirect URI, or a code used twice.",
    fix: "Sign in again; if it persists, check GATECHECK_OIDC_CLIENT_ID, the secret and the redirect URI (GATECHECK_PUBLIC_URL + /api/auth/callback) at the IdP.",
  },
  IDP_UNREACHABLE: {
    title: "The identity provider cannot be reached",
    when: "gatecheck could not read the IdP's OpenID configuration (GATECHECK_OIDC_ISSUER).",
    fix: "Check the issuer URL and that the server can reach it.",
  },
  KEY_LOOKUPS_LIMITED: {
    title: "Too many key values sent",
    when: "You (or everyone together) sent more requests carrying an API key value in a minute than GATECHECK_KEY_LOOKUPS_PER_MINUTE (or …_TOTAL) allows, so gatecheck cannot be used to test candidate keys.",
    fix: "Wait the seconds Retry-After says, or pick the key by id or name instead of sending its value.",
  },
  PROBES_LIMITED: {
    title: "Too many probes",
    when: "You sent more probes (requests gatecheck sends to your API) in a minute than GATECHECK_PROBES_PER_MINUTE allows.",
    fix: "Wait the seconds Retry-After says; diagnosing without a probe is not limited.",
  },
  FREEZES_LIMITED: {
    title: "Too many share links",
    when: "You froze more diagnoses into share links in a minute than GATECHECK_FREEZES_PER_MINUTE allows.",
    fix: "Wait the seconds Retry-After says; a link already frozen can be shared again.",
  },
  API_NOT_FOUND: { title: "No such API", when: "No REST or HTTP API has this id in this region. The hint lists the closest ids.", fix: "Check the id and the region." },
  STAGE_NOT_FOUND: { title: "No such stage", when: "The API has no stage of this name. The hint names the closest.", fix: "Pick a stage the API has." },
  PROBE_TARGET_REFUSED: {
    title: "The probe would not send there",
    when: "The pasted request points at a host that is not the selected API's own (its execute-api name, a custom domain mapped to it, or the configured stand-in), or at a stand-in's admin or control plane.",
    fix: "Send it to the API's invoke URL: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/…",
  },
  PROBE_UNSENDABLE: {
    title: "The probe cannot send this request",
    when: "A method or header holds a character HTTP cannot carry (a space in the method, a line break or non-Latin-1 character in a header).",
    fix: "Retype the method or header; stray whitespace in a key is itself a classic cause of 403.",
  },
  PROBE_FAILED: {
    title: "The probe got no answer",
    when: "The request was sent but the API's host did not answer (network error or timeout).",
    fix: "Check the host resolves and answers; try again.",
  },
  SNAPSHOT_NOT_FOUND: {
    title: "No such frozen diagnosis",
    when: "No snapshot has this id: the link was cut, or the snapshot was deleted after the retention period.",
    fix: "Freeze the diagnosis again from its live view.",
  },
  SNAPSHOT_EXPIRED: { title: "The frozen diagnosis expired", when: "The snapshot is older than GATECHECK_SNAPSHOT_RETENTION_DAYS.", fix: "Freeze the diagnosis again from its live view." },
  SNAPSHOT_UNREADABLE: {
    title: "The frozen diagnosis cannot be read",
    when: "Its file (or S3 object) in the snapshot store is damaged, or the store is unavailable.",
    fix: "Freeze the diagnosis again; if freezing fails too, GATECHECK_DATA_DIR must be a writable directory, or GATECHECK_S3_BUCKET a bucket gatecheck may read and write.",
  },
  SNAPSHOT_TOO_LARGE: {
    title: "The diagnosis is too large to freeze",
    when: "The diagnosis is over GATECHECK_SNAPSHOT_MAX_BYTES.",
    fix: "Narrow the call (a key, a route, a shorter log window) and freeze again.",
  },
  SNAPSHOT_FULL: {
    title: "The snapshot store is full",
    when: "The store holds GATECHECK_SNAPSHOTS_MAX_TOTAL_BYTES already.",
    fix: "Delete old snapshots, shorten GATECHECK_SNAPSHOT_RETENTION_DAYS or raise the cap.",
  },
  SNAPSHOT_UNWRITABLE: {
    title: "The snapshot store is not writable",
    when: "gatecheck cannot write to its snapshot store: the folder, or the S3 bucket (the message names AWS's error, e.g. NoSuchBucket or AccessDenied).",
    fix: "Set GATECHECK_DATA_DIR to a writable directory; with GATECHECK_S3_BUCKET, name an existing bucket and allow s3:PutObject (and KMS with GATECHECK_S3_KMS_KEY_ID).",
  },
  WRITE_MODE_OFF: {
    title: "Fixes from the dashboard are off",
    when: "The server runs without GATECHECK_WRITE=1, or without sign-in on purpose (GATECHECK_AUTH=none), so no one may apply a fix from it.",
    fix: "Run the fix's AWS CLI command yourself, or ask the operator to turn write mode on (README, Write mode).",
  },
  WRITE_CREDENTIALS_MISSING: {
    title: "The account has no write credentials",
    when: "Write mode is on, but this account has no write role or profile: gatecheck's read credentials never write.",
    fix: "Set GATECHECK_WRITE_ROLE_ARN or GATECHECK_WRITE_PROFILE (one account), or writeRoleArn / writeProfile in gatecheck.config.json.",
  },
  WRITE_CREDENTIALS_FAILED: {
    title: "gatecheck could not get its write credentials",
    when: "Assuming the write role (or reading the write profile) failed: its trust policy, its external id, or the profile.",
    fix: "Check that the write role trusts gatecheck's principal and that the external id matches.",
  },
  WRITE_ACCOUNT_MISMATCH: {
    title: "The write credentials act in another account",
    when: "GetCallerIdentity with the write credentials names another account than the one gatecheck reads: a fix would change the wrong account.",
    fix: "Point GATECHECK_WRITE_ROLE_ARN (or writeRoleArn in gatecheck.config.json) at a role in the account gatecheck reads.",
  },
  WRITE_ACCESS_DENIED: {
    title: "The write role may not make this change",
    when: "AWS refused a fix's call with AccessDenied: the write role lacks the action the error names.",
    fix: "Attach iam/gatecheck-fix.json to the write role (and only to it).",
  },
  FIX_NOT_AVAILABLE: {
    title: "This fix is not one gatecheck applies here",
    when: "The finding's fix is not an API Gateway write, or this call's facts do not allow a safe one (no plan covers the stage, the method is ANY…).",
    fix: "Run the AWS CLI command shown with the finding.",
  },
  FIX_NOT_NEEDED: {
    title: "The finding is already gone",
    when: "A fresh read no longer shows the finding: someone fixed it, or AWS changed. Nothing was applied.",
    fix: "Refresh the diagnosis to see the call as it is now.",
  },
  FIX_STALE: {
    title: "AWS changed since the preview",
    when: "What the preview was made from (a key, a plan, a stage, the draft) changed before Apply. Nothing was applied; the message says what changed.",
    fix: "Preview the fix again: it shows what Apply would do now.",
  },
  FIX_BUSY: {
    title: "Someone else is changing this resource",
    when: "Another fix on the same resource was still running after 30 seconds.",
    fix: "Wait a moment, then preview again.",
  },
  FIX_PREVIEW_INVALID: {
    title: "The preview is not valid",
    when: "The fingerprint sent with Apply is not one gatecheck made, belongs to another finding or account, or is over an hour old.",
    fix: "Preview the fix again, then apply it.",
  },
  FIX_PREVIEW_USED: {
    title: "The preview was applied already",
    when: "A preview is good once: this one was applied before (perhaps then undone), so applying it again is refused.",
    fix: "Preview the fix again if it is still needed.",
  },
  UNDO_TOKEN_INVALID: {
    title: "The undo is not valid",
    when: "The undo token is not one gatecheck made, belongs to another account, is over a week old, or the server restarted without GATECHECK_SESSION_SECRET.",
    fix: "Run the undo command shown with the fix.",
  },
  UNDO_STALE: {
    title: "AWS changed since the fix",
    when: "The resource no longer looks as the fix left it (someone undid it or changed it), so undoing would overwrite their change. Nothing was undone.",
    fix: "Check the diagnosis; change things by hand only if you still need to.",
  },
  AWS_CONFLICT: {
    title: "AWS refused the change as a conflict",
    when: "AWS answered ConflictException: typically a key would sit in two usage plans for the same API stage.",
    fix: "Pick the other option of the preview, or move the key out of its other plan first.",
  },
  AWS_BAD_REQUEST: {
    title: "AWS rejected the change",
    when: "AWS answered BadRequestException to a fix's call (the message quotes AWS).",
    fix: "Follow AWS's message; e.g. logging needs the account's CloudWatch role first.",
  },
  AWS_NOT_FOUND: { title: "What the fix changes is gone", when: "AWS answered NotFound: the key, plan or stage was deleted or renamed.", fix: "Refresh the diagnosis." },
  AWS_THROTTLED: { title: "AWS throttled the change", when: "AWS answered TooManyRequests to a fix's call; it was not applied.", fix: "Wait a few seconds, then apply again." },
  AWS_NO_ANSWER: {
    title: "AWS did not answer the change",
    when: "A fix's call timed out or its connection failed: it may or may not have been applied, so gatecheck did not retry it.",
    fix: "Refresh the diagnosis to see whether it took, before applying again.",
  },
  AWS_WRITE_FAILED: { title: "AWS failed the change", when: "AWS answered a fix's call with an error gatecheck does not classify.", fix: "Refresh the diagnosis and preview again." },
  INTERNAL: {
    title: "gatecheck failed",
    when: "Something unexpected went wrong inside gatecheck.",
    fix: "Try again; if it persists, report it with the server's log line for this request (it never holds key values).",
  },
};

/** AWS's own faults, by kind: the code is AWS's (AccessDeniedException, TooManyRequestsException…). */
export const AWS_FAULT_DOCS: Record<AwsFault["kind"], ErrorDoc> = {
  "access-denied": {
    title: "gatecheck's AWS credentials may not make this read",
    when: "AWS refused a read gatecheck needs (the error names the IAM action). Diagnoses degrade to unknown hops instead.",
    fix: "Attach gatecheck's read-only IAM policy (iam/gatecheck-readonly.json in the repository) to the credentials gatecheck runs with.",
  },
  "not-found": { title: "AWS found nothing", when: "AWS answered NotFound for the id given.", fix: "Check the id and the region." },
  throttled: {
    title: "AWS throttled gatecheck",
    when: "AWS kept answering TooManyRequests even after gatecheck's retries.",
    fix: "Wait a few seconds and refresh; many people reading the same account at once share gatecheck's cache.",
  },
  timeout: { title: "AWS did not answer in time", when: "An AWS call took longer than GATECHECK_AWS_TIMEOUT_MS on every attempt.", fix: "Refresh; if AWS is slow, raise GATECHECK_AWS_TIMEOUT_MS." },
  network: { title: "gatecheck could not reach AWS", when: "The connection to AWS (or AWS_ENDPOINT_URL) failed.", fix: "Check the network, proxies and AWS_ENDPOINT_URL, then refresh." },
  "bad-request": { title: "AWS rejected the read", when: "AWS refused the parameters of a read (the error quotes AWS).", fix: "Check the ids and parameters given." },
  other: { title: "AWS failed", when: "AWS answered with an error gatecheck does not classify.", fix: "Refresh; if it persists, check the AWS service health." },
};

export const awsFaultAnchor = (kind: AwsFault["kind"]) => `aws-${kind}`;

/** The in-app page that explains an error code. */
export const errorDocLink = (anchor: string) => `/docs/errors#${anchor}`;
