import { apiRoute, routeMethods } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import { freezeDiagnosis } from "@/lib/workflows/snapshots";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute({ body: callBody }, ({ body, secrets }) => freezeDiagnosis(body, secrets)),
});
