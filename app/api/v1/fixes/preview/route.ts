import { apiRoute, routeMethods } from "@/lib/api/route";
import { assertWriteAccess, previewBody } from "@/lib/api/fixes";
import type { FindingCode } from "@/lib/diagnosis/types";
import { previewFix } from "@/lib/workflows/fixes";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute({ body: previewBody }, async ({ body, user }) => {
    assertWriteAccess(user);
    return previewFix({ ...body, code: body.code as FindingCode }, user);
  }),
});
