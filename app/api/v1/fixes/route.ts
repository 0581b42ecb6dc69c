import { apiRoute, routeMethods } from "@/lib/api/route";
import { writeAccess } from "@/lib/api/fixes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({}, async ({ user }) => writeAccess(user)),
});
