import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { defaultRegion, region } from "@/lib/api/params";
import { loadTriage } from "@/lib/workflows/triage";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ query: z.object({ region: region.default(defaultRegion), since: z.string().max(40).optional() }) }, ({ query }) => loadTriage(query.region, query.since)),
});
