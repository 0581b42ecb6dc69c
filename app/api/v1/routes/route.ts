import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { defaultRegion, region, restApiId, stageName } from "@/lib/api/params";
import { loadStageRoutes } from "@/lib/workflows/stage";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ query: z.object({ region: region.default(defaultRegion), api: restApiId, stage: stageName }) }, ({ query }) => loadStageRoutes(query.region, query.api, query.stage)),
});
