import { apiRoute, RouteAnswer, routeMethods } from "@/lib/api/route";
import { readiness } from "@/lib/ops/ready";

// Readiness: 200 when every configured dependency answers, else 503 naming the ones that did not.
export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods({
  GET: apiRoute({ access: "public" }, async () => {
    const answer = await readiness();
    return answer.status === "ready" ? answer : new RouteAnswer(503, answer);
  }),
});
