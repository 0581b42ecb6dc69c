import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import { probeCall } from "@/lib/workflows/probe";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute(
    {
      body: callBody.extend({ corrected: z.boolean().optional() }),
    },
    ({ body }) => probeCall(body),
  ),
});
