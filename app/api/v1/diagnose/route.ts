import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { apiKeyId, defaultRegion, freshFlag, httpMethod, isoTime, region, requestId, resourcePath, restApiId, stageName } from "@/lib/api/params";
import { keyValuesIn } from "@/lib/request/parse";
import { diagnoseCall } from "@/lib/workflows/diagnose";

export const dynamic = "force-dynamic";

const callFields = {
  region: region.optional(),
  api: restApiId.optional(),
  stage: stageName.optional(),
  method: httpMethod.optional(),
  path: resourcePath.optional(),
  key: apiKeyId.optional(),
  requestId: requestId.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};

export const GET = apiRoute(
  { query: z.object({ ...callFields, api: restApiId, fresh: freshFlag }) },
  ({ query }) => diagnoseCall({ ...query, region: query.region ?? defaultRegion() }),
);

export const POST = apiRoute(
  {
    query: z.object({ fresh: freshFlag }),
    body: z.object({
      ...callFields,
      request: z.string().min(1, "must not be empty").max(64 * 1024, "must be at most 64 KiB").optional(),
      keyValue: z.string().min(1, "must not be empty").max(256, "must be at most 256 characters").optional(),
    }),
    secrets: ({ body }) => [body.keyValue, ...(body.request ? keyValuesIn(body.request) : [])],
  },
  ({ body, query }) => diagnoseCall({ ...body, region: body.region ?? defaultRegion(), fresh: query.fresh }),
);
