import { apiRoute, routeMethods } from "@/lib/api/route";

// Liveness: the process answers. No dependency is read, so a slow AWS never gets a healthy instance restarted.
export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ access: "public" }, async () => ({ status: "ok" })),
});
