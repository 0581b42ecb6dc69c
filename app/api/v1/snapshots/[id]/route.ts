import { apiRoute } from "@/lib/api/route";
import { readSnapshot } from "@/lib/workflows/snapshots";

export const dynamic = "force-dynamic";

export const GET = apiRoute({}, ({ params }) => readSnapshot(params.id ?? ""));
