import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { defaultRegion, region } from "@/lib/api/params";
import { searchApiKeys } from "@/lib/workflows/stage";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute(
    {
      query: z.object({
        region: region.default(defaultRegion),
        q: z.string().max(128, "must be at most 128 characters").default(""),
        limit: z.coerce.number().int().min(1).max(100, "must be at most 100").default(25),
      }),
    },
    ({ query }) => searchApiKeys(query.region, query.q, query.limit),
  ),
});
