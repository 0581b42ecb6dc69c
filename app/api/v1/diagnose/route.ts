import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { callBody, callFields, defaultRegion, freshFlag, restApiId } from "@/lib/api/params";
import { diagnoseCall } from "@/lib/workflows/diagnose";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ query: z.object({ ...callFields, api: restApiId, fresh: freshFlag }) }, ({ query }) => diagnoseCall({ ...query, region: query.region ?? defaultRegion() })),
  POST: apiRoute({ query: z.object({ fresh: freshFlag }), body: callBody }, ({ body, query }) => diagnoseCall({ ...body, fresh: query.fresh })),
});
