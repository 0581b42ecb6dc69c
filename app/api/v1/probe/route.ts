import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import { probeCall } from "@/lib/workflows/probe";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  {
    body: callBody.extend({ corrected: z.boolean().optional() }),
  },
  ({ body }) => probeCall(body),
);
