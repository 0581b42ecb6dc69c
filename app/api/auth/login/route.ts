import { z } from "zod";
import { apiRoute, routeMethods } from "@/lib/api/route";
import { signIn } from "@/lib/auth/routes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ access: "public", query: z.object({ returnTo: z.string().max(2048, "must be at most 2048 characters").optional() }) }, ({ query }) => signIn(query.returnTo)),
});
