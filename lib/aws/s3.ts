import "server-only";
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client, paginateListObjectsV2 } from "@aws-sdk/client-s3";
import { defaultRegion } from "@/lib/api/params";
import { clientSettingsFromEnv } from "./clients";
import { AwsCallError } from "./errors";
import { read } from "./read";

// The S3 bucket several gatecheck instances share (frozen snapshots, audit events). Objects are JSON text, written
// with server-side encryption: SSE-S3 (AES256), or SSE-KMS with GATECHECK_S3_KMS_KEY_ID.

export interface S3Location {
  bucket: string;
  /** Prefix of every key gatecheck writes, ending with `/` (GATECHECK_S3_PREFIX, default `gatecheck/`). */
  prefix: string;
  /** A KMS key id, alias or ARN for SSE-KMS; null for SSE-S3. */
  kmsKeyId: string | null;
}

/** The configured bucket, or null when GATECHECK_S3_BUCKET is unset (the embedded stores are used then). */
export function s3LocationFromEnv(env: Record<string, string | undefined> = process.env): S3Location | null {
  const bucket = env.GATECHECK_S3_BUCKET?.trim();
  if (!bucket) return null;
  const prefix = (env.GATECHECK_S3_PREFIX ?? "gatecheck/").trim();
  return { bucket, prefix: prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix, kmsKeyId: env.GATECHECK_S3_KMS_KEY_ID?.trim() || null };
}

let client: S3Client | null = null;

/** One client for the bucket, in the deployment's region (S3 redirects to the bucket's own when they differ). */
function s3(): S3Client {
  if (client) return client;
  const settings = clientSettingsFromEnv();
  client = new S3Client({
    region: defaultRegion(),
    followRegionRedirects: true,
    // A stand-in (the simulator, LocalStack, MinIO) is one host: buckets go in the path, not in a subdomain.
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
    maxAttempts: settings.maxAttempts,
    requestHandler: { requestTimeout: settings.requestTimeoutMs, throwOnRequestTimeout: true, connectionTimeout: Math.min(settings.requestTimeoutMs, 3_000) },
  });
  return client;
}

export async function putObject(location: S3Location, key: string, body: string): Promise<void> {
  await read("PutObject", "s3:PutObject", () =>
    s3().send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.prefix + key,
        Body: body,
        ContentType: "application/json",
        ...(location.kmsKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: location.kmsKeyId } : { ServerSideEncryption: "AES256" }),
      }),
    ),
  );
}

/** The object's text, or null when no object has the key (any other failure is an AwsCallError). */
export async function getObjectText(location: S3Location, key: string): Promise<string | null> {
  try {
    return await read("GetObject", "s3:GetObject", async () => {
      const object = await s3().send(new GetObjectCommand({ Bucket: location.bucket, Key: location.prefix + key }));
      return (await object.Body?.transformToString("utf8")) ?? "";
    });
  } catch (err) {
    if (err instanceof AwsCallError && err.fault.code === "NoSuchKey") return null;
    throw err;
  }
}

/** Up to `limit` keys under `prefix` (relative to the location's), in S3's ascending order, after `startAfter`. */
export async function listKeys(location: S3Location, prefix: string, options: { limit: number; startAfter?: string | undefined }): Promise<string[]> {
  if (options.limit <= 0) return [];
  return read("ListObjectsV2", "s3:ListBucket", async () => {
    const keys: string[] = [];
    const input = { Bucket: location.bucket, Prefix: location.prefix + prefix, ...(options.startAfter !== undefined ? { StartAfter: location.prefix + options.startAfter } : {}) };
    for await (const page of paginateListObjectsV2({ client: s3(), pageSize: Math.min(options.limit, 1000) }, input)) {
      for (const object of page.Contents ?? []) {
        if (object.Key) keys.push(object.Key.slice(location.prefix.length));
        if (keys.length >= options.limit) return keys;
      }
    }
    return keys;
  });
}

/** Whether the bucket exists and these credentials may list it (HeadBucket needs s3:ListBucket): the readiness check. */
export async function headBucket(location: S3Location): Promise<void> {
  await read("HeadBucket", "s3:ListBucket", () => s3().send(new HeadBucketCommand({ Bucket: location.bucket })));
}
