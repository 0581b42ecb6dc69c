import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { callBody, defaultRegion, diagnoseQuery, freshFlag } from "@/lib/api/params";
import { diagnoseCall } from "@/lib/workflows/diagnose";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ query: diagnoseQuery.extend({ fresh: freshFlag }) }, ({ query }) => diagnoseCall({ ...query, region: query.region ?? defaultRegion() })),
  POST: apiRoute({ query: z.object({ fresh: freshFlag }), body: callBody }, ({ body, query }) => diagnoseCall({ ...body, fresh: query.fresh })),
});
