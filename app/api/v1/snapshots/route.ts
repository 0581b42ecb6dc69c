import { apiRoute } from "@/lib/api/route";
import { callBody } from "@/lib/api/params";
import { keyValuesIn } from "@/lib/request/parse";
import { freezeDiagnosis } from "@/lib/workflows/snapshots";

export const dynamic = "force-dynamic";

const secretsOf = (body: { keyValue?: string | undefined; request?: string | undefined }) => [body.keyValue, ...(body.request ? keyValuesIn(body.request) : [])];

export const POST = apiRoute({ body: callBody, secrets: ({ body }) => secretsOf(body) }, ({ body }) =>
  freezeDiagnosis(body, secretsOf(body).filter((s): s is string => Boolean(s))),
);
