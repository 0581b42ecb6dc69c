import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { defaultRegion, isoTime, region, requestId, restApiId, stageName } from "@/lib/api/params";
import { readStageLogs } from "@/lib/workflows/logs";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute(
    {
      query: z.object({
        region: region.default(defaultRegion),
        api: restApiId,
        stage: stageName,
        requestId: requestId.optional(),
        from: isoTime.optional(),
        to: isoTime.optional(),
      }),
    },
    ({ query }) => readStageLogs(query),
  ),
});
