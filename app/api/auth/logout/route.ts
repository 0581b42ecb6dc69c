import { apiRoute, routeMethods } from "@/lib/api/route";
import { signOut } from "@/lib/auth/routes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute({ access: "public" }, async () => signOut()),
});
