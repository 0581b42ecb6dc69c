import { apiRoute, routeMethods } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import type { Snapshot } from "@/lib/share/store";
import { freezeDiagnosis } from "@/lib/workflows/snapshots";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  POST: apiRoute(
    {
      body: callBody,
      action: {
        name: "freeze",
        details: (snapshot: Snapshot) => ({ snapshot: snapshot.id, api: snapshot.diagnosis.request.apiId, stage: snapshot.diagnosis.request.stage, verdict: snapshot.diagnosis.verdict }),
      },
    },
    ({ body, secrets }) => freezeDiagnosis(body, secrets),
  ),
});
