import { apiRoute, routeMethods } from "@/lib/api/route";
import { readSnapshot } from "@/lib/workflows/snapshots";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({}, ({ params }) => readSnapshot(params.id ?? "")),
});
