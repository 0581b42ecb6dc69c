import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { defaultRegion, region } from "@/lib/api/params";
import type { OrganizationTriage } from "@/lib/triage/organization";
import { loadOrganizationTriage, loadTriage, type Triage } from "@/lib/workflows/triage";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute(
    {
      query: z.object({
        region: region.default(defaultRegion),
        since: z.string().max(40).optional(),
        /** `all`: one board over every configured account × region. */
        scope: z.enum(["one", "all"], { message: "must be one (this account and region) or all (every account and region)" }).default("one"),
      }),
    },
    ({ query }): Promise<Triage | OrganizationTriage> => (query.scope === "all" ? loadOrganizationTriage(query.since) : loadTriage(query.region, query.since)),
  ),
});
