import { z } from "zod";
import { isKnownRegion } from "@/lib/regions";
import { ApiError } from "./errors";

// Shapes of every query/body field the JSON API accepts, with messages that say the expected form.

export const defaultRegion = (): string => process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";

export const region = z
  .string()
  .regex(/^[a-z]{2,4}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1")
  // Only regions AWS has: each one gets its own SDK clients, so made-up names must not grow the server.
  .refine(isKnownRegion, { message: "is not an AWS region: use one such as us-east-1 (see lib/regions.ts for the list)" });

export const restApiId = z.string().regex(/^[a-z0-9]{10}$/, "must be an API id: 10 lowercase letters or digits, such as a1b2c3d4e5");

export const stageName = z.string().regex(/^(\$default|[A-Za-z0-9_-]{1,128})$/, "must be a stage name: letters, digits, _ or -, such as prod");

export const httpMethod = z
  .string()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"], { message: "must be an HTTP verb such as GET" }));

export const resourcePath = z
  .string()
  .max(2048)
  .regex(/^\/[^\s?#]*$/, "must be a path starting with /, without query string, such as /orders/42");

export const apiKeyId = z.string().regex(/^[a-z0-9]{10}$/, "must be an API key id (10 lowercase letters or digits), never the key value");

export const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-11-27T09:00:00Z" });

export const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "must be an API Gateway request id (x-amzn-RequestId), such as 9cef3834-f42c-46d7-83fe-a6401a431398");

/** `?fresh=1` skips the shared cache. */
export const freshFlag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

/** Fields naming one call, shared by `GET`/`POST /api/v1/diagnose` and `POST /api/v1/probe`. */
export const callFields = {
  region: region.optional(),
  api: restApiId.optional(),
  stage: stageName.optional(),
  method: httpMethod.optional(),
  path: resourcePath.optional(),
  /** A key id, or "none": the client sends no key. */
  key: apiKeyId.or(z.literal("none")).optional(),
  requestId: requestId.optional(),
  fromVpc: z
    .enum(["0", "1", "true", "false"])
    .or(z.boolean())
    .optional()
    .transform((v) => v === true || v === "1" || v === "true"),
  from: isoTime.optional(),
  to: isoTime.optional(),
};

/** The query of `GET /api/v1/diagnose`: one call, by its fields (the diagnosis page reads the same on the server). */
export const diagnoseQuery = z.object({ ...callFields, api: restApiId });

/** The JSON body of `POST /api/v1/diagnose` (and of the probe): a pasted request and/or the call's fields. */
export const callBody = z.object({
  ...callFields,
  request: z
    .string()
    .min(1, "must not be empty")
    .max(64 * 1024, "must be at most 64 KiB")
    .optional(),
  keyValue: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters").optional(),
});

/** A time window given as `from`/`to` must start before it ends. */
export function assertWindow(from: number, to: number): void {
  if (from >= to) throw new ApiError(400, "INVALID_INPUT", "The start of the time window must be before its end.", "Give a time window whose start precedes its end.", { field: "from" });
}
