// Write mode (issue 14): a finding's fix as AWS API calls gatecheck can make, previewed, applied, verified and undone.
// Shared by server and browser through the JSON API: ids and settings only, never a key value.
import type { FindingCode, Diagnosis } from "@/lib/diagnosis/types";

export interface PatchOperation {
  op: "add" | "remove" | "replace";
  path: string;
  value?: string;
}

/** One API Gateway write, named as the SDK names the command, with its input as the SDK takes it. */
export type WriteCall =
  | { operation: "UpdateApiKey"; input: { apiKey: string; patchOperations: PatchOperation[] } }
  | { operation: "CreateUsagePlanKey"; input: { usagePlanId: string; keyId: string; keyType: "API_KEY" } }
  | { operation: "DeleteUsagePlanKey"; input: { usagePlanId: string; keyId: string } }
  | { operation: "UpdateUsagePlan"; input: { usagePlanId: string; patchOperations: PatchOperation[] } }
  | { operation: "CreateDeployment"; input: { restApiId: string; stageName: string; description: string } }
  | { operation: "UpdateStage"; input: { restApiId: string; stageName: string; patchOperations: PatchOperation[] } }
  | { operation: "UpdateMethod"; input: { restApiId: string; resourceId: string; httpMethod: string; patchOperations: PatchOperation[] } };

export type WriteOperation = WriteCall["operation"];

/** A write as the preview shows it: the call, the same as an AWS CLI command, and the IAM permission it needs. */
export interface PlannedCall {
  call: WriteCall;
  /** What it does, in words ("Enable the API key partner-globex"). */
  summary: string;
  cli: string;
  /** `apigateway:PATCH` on `arn:aws:apigateway:{region}::/apikeys/{id}`. */
  iam: { action: string; resource: string };
}

/** What one resource looks like, as far as the fix is concerned: before it and after it. */
export interface ResourceState {
  /** Stable id of the resource (`/apikeys/a7j7lbbshd`, the API Gateway path its calls use). */
  resource: string;
  /** In words: "API key partner-globex (a7j7lbbshd)". */
  label: string;
  /** The settings the fix reads or changes, as text: `{ enabled: "false" }`. */
  state: Record<string, string>;
}

/** Another way to fix the same finding (each plan that covers the stage); `id` goes back as `option`. */
export interface FixOption {
  id: string;
  label: string;
}

/** `POST /api/v1/fixes/preview`: what Apply would do, made from a fresh read of AWS. */
export interface FixPlan {
  code: FindingCode;
  /** The chosen option's id (the first when none was asked for). */
  option: string;
  options: FixOption[];
  /** One sentence: what the fix does. */
  summary: string;
  calls: PlannedCall[];
  /** What else the calls change: other keys that gain the stage through the plan, every route a deployment ships… */
  sideEffects: string[];
  /** Undo: calls gatecheck can make (one click), or only a command and why. */
  undo: { kind: "calls"; summary: string; calls: PlannedCall[] } | { kind: "command"; summary: string; cli: string[]; why: string };
  before: ResourceState[];
  /** The state once applied, as gatecheck expects it. */
  after: ResourceState[];
  /** Digest of `before`: Apply sends it back, and is refused when AWS no longer matches it. */
  fingerprint: string;
}

/** What a re-read and re-diagnosis (and, for a pasted request, sending it once more) showed after a write. */
export interface Verification {
  /** `unverified`: applied, but AWS could not be read again, or the verdict is unknown. */
  outcome: "fixed" | "still-refused" | "not-fixed" | "unverified";
  /** "Fixed: the call now passes." / "Still refused: the next first break is KEY_IN_NO_PLAN — …". */
  sentence: string;
  verdict: Diagnosis["verdict"];
  firstBreak: { code: FindingCode; title: string } | null;
  /** The pasted request sent once more (GET, HEAD and OPTIONS only: others may change something): the status AWS answered. */
  sent: { status: number; requestId: string | null } | null;
}

/** `POST /api/v1/fixes/apply`. */
export interface AppliedFix {
  code: FindingCode;
  calls: PlannedCall[];
  before: ResourceState[];
  after: ResourceState[];
  verification: Verification;
  /** Sent back to `POST /api/v1/fixes/undo`; signed, so it cannot be forged. Absent when undo is a command only. */
  undoToken: string | null;
  undo: FixPlan["undo"];
  auditId: string;
}

/** `POST /api/v1/fixes/undo`. */
export interface UndoneFix {
  code: FindingCode;
  calls: PlannedCall[];
  before: ResourceState[];
  after: ResourceState[];
  verification: Verification;
  auditId: string;
}

/** `GET /api/v1/fixes`: whether this viewer may write, and which finding codes have a fix gatecheck can apply. */
export interface WriteAccess {
  enabled: boolean;
  /** Why not, in words, when not. */
  reason: string | null;
  codes: FindingCode[];
}
