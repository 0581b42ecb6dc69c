// Two gatecheck instances as separate processes sharing a real Redis and the simulator's S3 bucket, as behind a load
// balancer: a snapshot frozen on one opens on the other, and viewers of one link spread over both cost the simulator
// what one viewer costs (counted by its stats).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearCache } from "@/lib/inventory/cache";
import { GET as diagnoseGet } from "@/app/api/v1/diagnose/route";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { addBucket } from "@/sim/state";
import { TEST_CREDENTIALS } from "@/sim/testing";
import { diagnosisLinkOf, startInstance, type RunningInstance } from "./instance";
import { redisForFile, redisMissing } from "./redis-env";
import { simulatorForFile } from "./sim-env";

const BUCKET = "gatecheck-instances-test";
const sim = simulatorForFile();
const redis = redisForFile();
const instances: RunningInstance[] = [];

const scenario = (name: string) => readScenarioFiles(path.join(DEFAULT_SCENARIO_DIR, `${name}.json`))[0]!.scenario;
const linkOf = (name: string) => diagnosisLinkOf(scenario(name).expect!.call);

beforeAll(async () => {
  if (redisMissing) return;
  expect(addBucket(sim().sim.state, BUCKET, "us-east-1", Date.now())).toBeNull();
  const env = {
    AWS_ENDPOINT_URL: sim().endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: "us-east-1",
    GATECHECK_REDIS_URL: redis().url,
    GATECHECK_REDIS_PREFIX: "gatecheck-instances:",
    GATECHECK_S3_BUCKET: BUCKET,
    GATECHECK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-instances-")),
    // Write mode, through the simulator's write role; previews signed with the secret every instance shares.
    GATECHECK_WRITE: "1",
    GATECHECK_WRITE_ROLE_ARN: "arn:aws:iam::123456789012:role/gatecheck-fix",
    GATECHECK_SESSION_SECRET: "gatecheck-instances-test-secret-of-32-characters",
  };
  instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
}, 120_000);
afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
});

describe.skipIf(redisMissing)("two instances sharing Redis and an S3 bucket", () => {
  // First, while both instances and Redis hold nothing yet.
  it("20 viewers of one link spread over both instances cost the AWS calls of one viewer", async () => {
    const link = linkOf("key-plan-missing-stage");
    // One viewer alone, in this process with nothing cached: what the link costs.
    await clearCache();
    sim().sim.stats.reset();
    const alone = await diagnoseGet(new Request(`http://gatecheck.test/api/v1/diagnose?${link}`), { params: Promise.resolve({}) });
    expect(alone.status).toBe(200);
    const oneViewer = sim().sim.stats.calls.length;
    expect(oneViewer).toBeGreaterThan(3);

    sim().sim.stats.reset();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${instances[i % 2]!.url}/api/v1/diagnose?${link}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const bodies = await Promise.all(answers.map((r) => r.json() as Promise<{ firstBreak: { code: string } | null }>));
    expect(new Set(bodies.map((d) => d.firstBreak?.code))).toEqual(new Set(["KEY_PLAN_MISSING_STAGE"]));
    expect(sim().sim.stats.calls.length).toBe(oneViewer);
  });

  it("a snapshot frozen on one opens on the other", async () => {
    const [a, b] = instances;
    const call = scenario("key-in-no-plan").expect!.call;
    const frozen = await fetch(`${a!.url}/api/v1/snapshots`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ api: call.apiId, stage: call.stage, method: call.method, path: call.path, key: call.keyId }),
    });
    expect(frozen.status).toBe(200);
    const snapshot = (await frozen.json()) as { id: string; diagnosis: { firstBreak: { code: string } | null } };
    expect(snapshot.diagnosis.firstBreak?.code).toBe("KEY_IN_NO_PLAN");
    const opened = await fetch(`${b!.url}/api/v1/snapshots/${snapshot.id}`);
    expect(opened.status).toBe(200);
    const { url, ...stored } = snapshot as typeof snapshot & { url: string };
    expect(url).toBe(`/s/${snapshot.id}`);
    expect(await opened.json()).toEqual(stored);
    expect(sim().sim.state.s3Buckets.get(BUCKET)!.objects.get(`gatecheck/snapshots/${snapshot.id}.json`)?.serverSideEncryption).toBe("AES256");
  });

  it("one fix applied on both instances at once runs once: the other is told it is already fixed", async () => {
    const [a, b] = instances;
    const call = scenario("route-not-deployed").expect!.call;
    const body = { api: call.apiId, stage: call.stage, method: call.method, path: call.path, key: call.keyId, code: "ROUTE_NOT_DEPLOYED" };
    const post = (url: string, route: string, payload: object) => fetch(`${url}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
    const preview = await post(a!.url, "/api/v1/fixes/preview", body);
    expect(preview.status).toBe(200);
    const { fingerprint } = (await preview.json()) as { fingerprint: string };
    sim().sim.stats.reset();
    const answers = await Promise.all([post(a!.url, "/api/v1/fixes/apply", { ...body, fingerprint }), post(b!.url, "/api/v1/fixes/apply", { ...body, fingerprint })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = (await answers.find((r) => r.status === 409)!.json()) as { error: { code: string } };
    expect(refused.error.code).toBe("FIX_NOT_NEEDED");
    expect(sim().sim.stats.calls.filter((c) => c.operation === "CreateDeployment")).toHaveLength(1);
    // Undone from the instance that did not apply it: the undo token is signed with the shared secret.
    const applied = (await answers.find((r) => r.status === 200)!.json()) as { undoToken: string };
    const undone = await post((answers[0]!.status === 200 ? b : a)!.url, "/api/v1/fixes/undo", { ...body, undoToken: applied.undoToken });
    expect(undone.status).toBe(200);
  });
});
