import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { AUDIT_EVENT_ID, auditStore } from "@/lib/audit/store";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute(
    {
      access: "admin",
      query: z.object({
        limit: z.coerce.number().int().min(1).max(200, "must be at most 200").default(50),
        before: z.string().regex(AUDIT_EVENT_ID, "must be an audit event id").optional(),
      }),
    },
    async ({ query }) => ({ events: await auditStore().list({ limit: query.limit, ...(query.before ? { before: query.before } : {}) }) }),
  ),
});
