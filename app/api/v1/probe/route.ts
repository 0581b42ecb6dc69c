import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import { probeCall, type ProbeResult } from "@/lib/workflows/probe";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute(
    {
      body: callBody.extend({ corrected: z.boolean().optional() }),
      action: { name: "probe", details: (result: ProbeResult) => ({ target: result.sent.url, method: result.sent.method, status: result.response.status, requestId: result.requestId }) },
    },
    ({ body }) => probeCall(body),
  ),
});
