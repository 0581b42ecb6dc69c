import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import { keyValuesIn } from "@/lib/request/parse";
import { probeCall } from "@/lib/workflows/probe";

export const dynamic = "force-dynamic";

export const POST = apiRoute(
  {
    body: callBody.extend({ corrected: z.boolean().optional() }),
    secrets: ({ body }) => [body.keyValue, ...(body.request ? keyValuesIn(body.request) : [])],
  },
  ({ body }) => probeCall(body),
);
