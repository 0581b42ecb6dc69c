import { apiRoute, routeMethods } from "@/lib/api/route";
import { signInCallback } from "@/lib/auth/routes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ access: "public" }, ({ request }) => signInCallback(request)),
});
