import { apiRoute, routeMethods } from "@/lib/api/route";
import { applyBody, assertWriteAccess } from "@/lib/api/fixes";
import type { FindingCode } from "@/lib/diagnosis/types";
import { applyFix } from "@/lib/workflows/fixes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute({ body: applyBody }, async ({ body, user }) => {
    assertWriteAccess(user);
    return applyFix({ ...body, code: body.code as FindingCode }, user);
  }),
});
