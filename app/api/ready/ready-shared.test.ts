// Readiness of an instance configured for a team (issue 12, item 6): besides AWS, the Redis it shares reads
// through and the S3 bucket that holds snapshots and audit events must answer; each is named when it does not.
import { describe, expect, it } from "vitest";
import { redisForFile, redisMissing } from "@/test/redis-env";
import { simulatorForFile } from "@/test/sim-env";
import { GET as ready } from "./route";

const sim = simulatorForFile({ pacing: false });
const redis = redisForFile();
const noParams = { params: Promise.resolve({}) };
const probe = () => ready(new Request("http://127.0.0.1:3000/api/ready"), noParams);

describe.skipIf(redisMissing)("GET /api/ready with GATECHECK_REDIS_URL and GATECHECK_S3_BUCKET", () => {
  it("names the S3 bucket that does not exist, then the Redis that stopped; ready when all three answer", async () => {
    process.env.GATECHECK_REDIS_URL = redis().url;
    process.env.GATECHECK_S3_BUCKET = "gatecheck-ready-test";
    const missingBucket = await probe();
    expect(missingBucket.status).toBe(503);
    expect(await missingBucket.json()).toEqual({ status: "not-ready", checks: { aws: { status: "ok" }, redis: { status: "ok" }, s3: { status: "failed", error: "NotFound" } } });

    await fetch(`${sim().endpoint}/_sim/s3/buckets`, { method: "POST", body: JSON.stringify({ name: "gatecheck-ready-test" }) });
    const allUp = await probe();
    expect(await allUp.json()).toEqual({ status: "ready", checks: { aws: { status: "ok" }, redis: { status: "ok" }, s3: { status: "ok" } } });
    expect(allUp.status).toBe(200);
  });

  it("answers 503 naming Redis once it stops (after the ready answer's few seconds)", async () => {
    await redis().stop();
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    const answer = await probe();
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { checks: Record<string, { status: string }> }).checks.redis!.status).toBe("failed");
  }, 20_000);
});
