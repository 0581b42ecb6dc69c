// AWS's answer to a write, in words, with what to do instead. PURE: the fault is an argument.
import { ApiError } from "@/lib/api/errors";
import type { AwsFault } from "@/lib/aws/errors";
import type { PlannedCall } from "./types";

export function explainWriteFault(fault: AwsFault, call: PlannedCall, ran: PlannedCall[]): ApiError {
  const done = ran.length ? ` Already applied before it: ${ran.map((c) => c.summary).join("; ")} — check the diagnosis, and undo by hand if needed.` : " Nothing was changed.";
  const said = `AWS said: ${fault.code}: ${fault.message}`;
  const error = (status: number, code: string, message: string, hint: string) => new ApiError(status, code, `${message}${done}`, hint);
  if (fault.operation === "AssumeRole" || fault.operation === "profile")
    return error(
      403,
      "WRITE_CREDENTIALS_FAILED",
      `gatecheck could not get its write credentials (${fault.action}). ${said}`,
      "Check the write role's trust policy and external id (GATECHECK_WRITE_ROLE_ARN), or the write profile.",
    );
  if (fault.kind === "access-denied")
    return error(
      403,
      "WRITE_ACCESS_DENIED",
      `gatecheck's write credentials may not call ${call.call.operation} (${call.iam.action} on ${call.iam.resource}). ${said}`,
      "Attach iam/gatecheck-fix.json to the write role — and only to it: the read role stays read-only.",
    );
  if (fault.code === "ConflictException") {
    if (call.call.operation === "CreateUsagePlanKey" && /multiple Usage Plans/i.test(fault.message))
      return error(
        409,
        "AWS_CONFLICT",
        `AWS refused: the key already sits in another usage plan for a stage this plan lists — a key may be in only one plan per API stage. ${said}`,
        "Pick the other option (add the stage to the key's own plan), or remove the key from its other plan first (aws apigateway delete-usage-plan-key).",
      );
    if (call.call.operation === "CreateUsagePlanKey")
      return error(409, "AWS_CONFLICT", `AWS refused: the key is already in this usage plan. ${said}`, "Refresh the diagnosis: someone may have added it since.");
    if (call.call.operation === "UpdateUsagePlan")
      return error(
        409,
        "AWS_CONFLICT",
        `AWS refused: a key of this plan already reaches the stage through another plan, and a key may be in only one plan per API stage. ${said}`,
        "Pick the other option (add only this key to the plan that covers the stage), or move the clashing key out of one of the two plans.",
      );
    return error(409, "AWS_CONFLICT", `AWS refused ${call.call.operation}: it conflicts with the resource's current state. ${said}`, "Refresh the diagnosis and preview again.");
  }
  switch (fault.kind) {
    case "bad-request":
      return error(
        400,
        "AWS_BAD_REQUEST",
        `AWS rejected ${call.call.operation}. ${said}`,
        /CloudWatch Logs role/i.test(fault.message)
          ? "Set the account's CloudWatch role first (the CLOUDWATCH_ROLE_MISSING fix), then apply again."
          : "Refresh the diagnosis and preview again; if it persists, run the CLI command to see AWS's full answer.",
      );
    case "not-found":
      return error(409, "AWS_NOT_FOUND", `AWS no longer has what ${call.call.operation} changes. ${said}`, "Refresh the diagnosis: the resource was deleted or renamed.");
    case "throttled":
      return error(503, "AWS_THROTTLED", `AWS throttled ${call.call.operation}. ${said}`, "Wait a few seconds, then apply again.");
    case "timeout":
    case "network":
      return error(
        504,
        "AWS_NO_ANSWER",
        `AWS did not answer ${call.call.operation}: it may or may not have been applied, so gatecheck did not retry. ${said}`,
        "Refresh the diagnosis to see whether it took, before applying again.",
      );
    default:
      return error(502, "AWS_WRITE_FAILED", `AWS failed ${call.call.operation}. ${said}`, "Refresh the diagnosis and preview again.");
  }
}
