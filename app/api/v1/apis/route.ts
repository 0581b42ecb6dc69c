import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { defaultRegion, region } from "@/lib/api/params";
import { loadOverview } from "@/lib/inventory/overview";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ query: z.object({ region: region.default(defaultRegion), fresh: z.enum(["0", "1"]).optional() }) }, ({ query }) => loadOverview(query.region, { fresh: query.fresh === "1" })),
});
