import { apiRoute, routeMethods } from "@/lib/api/route";
import { assertWriteAccess, undoBody } from "@/lib/api/fixes";
import { undoFix } from "@/lib/workflows/fixes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute({ body: undoBody }, async ({ body, user }) => {
    assertWriteAccess(user);
    return undoFix(body, user);
  }),
});
