import { apiRoute, routeMethods } from "@/lib/api/route";
import { listAccounts } from "@/lib/accounts/list";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({}, async () => ({ accounts: listAccounts() })),
});
