// S3 through the real @aws-sdk/client-s3 against the simulator: the calls gatecheck's stores make, their XML,
// AWS's errors (NoSuchKey, NoSuchBucket, InvalidArgument), encryption headers, paging, faults and call counting.
import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3ServiceException,
  paginateListObjectsV2,
  type ServerSideEncryption,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScenarioError, parseScenario } from "../scenario";
import { NO_FAULTS, startSim, type RunningSim } from "../testing";

const BUCKET = "gatecheck-sim-test";
let running: RunningSim;

beforeAll(async () => {
  running = await startSim({ replayTraffic: false });
});
afterAll(() => running.close());
beforeEach(async () => {
  running.sim.load([]);
  running.sim.faults = { ...running.sim.faults, ...NO_FAULTS };
  const created = await fetch(`${running.endpoint}/_sim/s3/buckets`, { method: "POST", body: JSON.stringify({ name: BUCKET }) });
  expect(created.status).toBe(200);
});

/** The error a call fails with (a call that succeeds fails the test). */
const failure = (call: Promise<unknown>): Promise<S3ServiceException> =>
  call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err as S3ServiceException,
  );

const put = (Key: string, Body = `{"key":"${Key}"}`, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) =>
  running.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ContentType: "application/json", ...extra }));

describe("PutObject and GetObject", () => {
  it("round-trips a body, with its content type, ETag and SSE-S3 when none is asked for", async () => {
    const written = await put("gatecheck/snapshots/a b+é.json");
    expect(written.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(written.ServerSideEncryption).toBe("AES256");
    const read = await running.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "gatecheck/snapshots/a b+é.json" }));
    expect(await read.Body!.transformToString()).toBe('{"key":"gatecheck/snapshots/a b+é.json"}');
    expect(read.ContentType).toBe("application/json");
    expect(read.ETag).toBe(written.ETag);
    expect(read.ServerSideEncryption).toBe("AES256");
    // The SDK sent a CRC32 with the put, asked for it back and checked it against the body
    expect(read.ChecksumCRC32).toBe(written.ChecksumCRC32);
  });

  it("honours and echoes SSE-KMS, reporting the key as an ARN", async () => {
    const written = await put("k.json", "{}", { ServerSideEncryption: "aws:kms", SSEKMSKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(written.ServerSideEncryption).toBe("aws:kms");
    expect(written.SSEKMSKeyId).toBe("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    const stored = running.sim.state.s3Buckets.get(BUCKET)!.objects.get("k.json")!;
    expect(stored.serverSideEncryption).toBe("aws:kms");
    const read = await running.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "k.json" }));
    expect(read.SSEKMSKeyId).toBe(written.SSEKMSKeyId);
  });

  it("refuses a KMS key without aws:kms, and an unknown algorithm, with 400 InvalidArgument", async () => {
    for (const extra of [{ SSEKMSKeyId: "alias/gatecheck" }, { ServerSideEncryption: "DES" as ServerSideEncryption }]) {
      const err = await failure(put("x.json", "{}", extra));
      expect(err).toBeInstanceOf(S3ServiceException);
      expect(err.name).toBe("InvalidArgument");
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
  });

  it("answers a missing key with 404 NoSuchKey, naming the key, with a request id", async () => {
    const err = await failure(running.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "nope.json" })));
    expect(err).toBeInstanceOf(NoSuchKey);
    const e = err as NoSuchKey & { Key?: string; RequestId?: string };
    expect(e.$metadata.httpStatusCode).toBe(404);
    expect(e.message).toBe("The specified key does not exist.");
    expect(e.Key).toBe("nope.json");
    expect(e.$metadata.requestId).toMatch(/^[0-9A-F]{16}$/);
  });

  it("answers any call on a bucket that does not exist with 404 NoSuchBucket", async () => {
    const calls = [
      () => running.s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "a", Body: "x" })),
      () => running.s3.send(new GetObjectCommand({ Bucket: "no-such-bucket", Key: "a" })),
      () => running.s3.send(new ListObjectsV2Command({ Bucket: "no-such-bucket" })),
    ];
    for (const call of calls) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(NoSuchBucket);
      expect((err as NoSuchBucket).$metadata.httpStatusCode).toBe(404);
    }
  });
});

describe("HeadBucket", () => {
  it("answers 200 with the bucket's region, and 404 NotFound for a bucket that does not exist", async () => {
    const found = await running.s3.send(new HeadBucketCommand({ Bucket: BUCKET }));
    expect(found.BucketRegion).toBe("us-east-1");
    const err = await failure(running.s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket" })));
    expect(err.name).toBe("NotFound");
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe("ListObjectsV2", () => {
  beforeEach(async () => {
    for (const key of ["audit/3", "audit/1", "audit/2", "audit/10", "snapshots/x", "audit/é", "audit/z"]) await put(key);
  });

  it("lists keys under a prefix in ascending UTF-8 order, with sizes and the XML fields AWS sends", async () => {
    const page = await running.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "audit/" }));
    expect(page.Contents?.map((c) => c.Key)).toEqual(["audit/1", "audit/10", "audit/2", "audit/3", "audit/z", "audit/é"]);
    expect(page).toMatchObject({ Name: BUCKET, Prefix: "audit/", KeyCount: 6, MaxKeys: 1000, IsTruncated: false });
    expect(page.Contents?.[0]).toMatchObject({ Size: '{"key":"audit/1"}'.length, StorageClass: "STANDARD", ChecksumAlgorithm: ["CRC32"] });
    expect(page.Contents?.[0]?.LastModified).toBeInstanceOf(Date);
  });

  it("starts after a key, and pages with max-keys and continuation tokens (the SDK's paginator)", async () => {
    const after = await running.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "audit/", StartAfter: "audit/2", MaxKeys: 2 }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(["audit/3", "audit/z"]);
    expect(after).toMatchObject({ StartAfter: "audit/2", KeyCount: 2, IsTruncated: true });
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: running.s3, pageSize: 4 }, { Bucket: BUCKET })) {
      pages++;
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    }
    expect(pages).toBe(2);
    expect(keys).toEqual(["audit/1", "audit/10", "audit/2", "audit/3", "audit/z", "audit/é", "snapshots/x"]);
  });

  it("refuses a max-keys that is not a number and a forged continuation token with 400 InvalidArgument", async () => {
    const bad = await fetch(`${running.endpoint}/${BUCKET}?list-type=2&max-keys=ten`, { headers: { authorization: "AWS4-HMAC-SHA256 Credential=A/20260101/us-east-1/s3/aws4_request" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("<Code>InvalidArgument</Code>");
    const forged = await failure(running.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: "bm90LWEtdG9rZW4" })));
    expect(forged.name).toBe("InvalidArgument");
  });
});

describe("faults and stats", () => {
  it("counts S3 calls per operation in /_sim/stats", async () => {
    running.sim.stats.reset();
    await put("a");
    await running.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a" }));
    await running.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const stats = (await (await fetch(`${running.endpoint}/_sim/stats`)).json()) as { operations: Record<string, number> };
    expect(stats.operations).toEqual({ GetObject: 1, ListObjectsV2: 1, PutObject: 1 });
  });

  it("denies chosen S3 operations with 403 AccessDenied, and throttles with 503 SlowDown", async () => {
    running.sim.faults = { ...running.sim.faults, deny: ["PutObject"], throttleOperations: ["GetObject"], retryAfterSeconds: 0 };
    const denied = await failure(put("a"));
    expect(denied.name).toBe("AccessDenied");
    expect(denied.$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toContain("s3:PutObject on resource: arn:aws:s3:::gatecheck-sim-test/a");
    const throttled = await failure(running.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a" })));
    expect(throttled.name).toBe("SlowDown");
    expect(throttled.$metadata.httpStatusCode).toBe(503);
  });

  it("creates buckets only with valid, unused names", async () => {
    const create = (body: object) => fetch(`${running.endpoint}/_sim/s3/buckets`, { method: "POST", body: JSON.stringify(body) });
    expect((await create({ name: BUCKET })).status).toBe(400);
    expect((await create({ name: "Not_Valid" })).status).toBe(400);
    expect((await create({ name: "gatecheck-eu", region: "eu-west-1" })).status).toBe(200);
    expect(running.sim.state.s3Buckets.get("gatecheck-eu")?.region).toBe("eu-west-1");
  });

  it("creates a scenario's s3Buckets in its region, and stops on a bad name naming the field", () => {
    const scenario = (s3Buckets: string[]) => ({ file: "s.json", scenario: parseScenario({ name: "s", description: "d", region: "eu-west-1", s3Buckets }, "s.json") });
    running.sim.load([scenario(["gatecheck-shared"])]);
    expect(running.sim.state.s3Buckets.get("gatecheck-shared")?.region).toBe("eu-west-1");
    expect(() => running.sim.load([scenario(["-bad-"])])).toThrow(ScenarioError);
    expect(() => running.sim.load([scenario(["-bad-"])])).toThrow("s3Buckets[0]");
  });
});
