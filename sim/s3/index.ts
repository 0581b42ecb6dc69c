// Amazon S3, as @aws-sdk/client-s3 3.1169 speaks it to a custom endpoint with `forcePathStyle`: REST-XML on
// `/{bucket}` and `/{bucket}/{key}`, told apart from the other services by the SigV4 credential scope
// (`…/s3/aws4_request`). Only the calls gatecheck's stores make, plus HeadBucket; where AWS's behaviour is
// unconfirmed: uncertain.ts.
import { createHash, randomBytes } from "node:crypto";
import type { Operation, SimContext } from "../context";
import type { SimRequest, SimResponse } from "../http";
import type { SimBucket, SimObject } from "../state";

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
const MAX_KEYS = 1000;
const SSE_ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

export const xmlEscape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);

const requestIds = () => ({ "x-amz-request-id": randomBytes(8).toString("hex").toUpperCase(), "x-amz-id-2": randomBytes(24).toString("base64") });

/** S3's REST-XML error: the SDK names the error by `<Code>`; `fields` add the elements S3 sends for that code (`Key`, `BucketName`). */
export function s3Error(status: number, code: string, message: string, headers: Record<string, string> = {}, fields: Record<string, string> = {}): SimResponse {
  const ids = requestIds();
  const extra = Object.entries(fields)
    .map(([name, value]) => `<${name}>${xmlEscape(value)}</${name}>`)
    .join("");
  return {
    status,
    headers: { "content-type": "application/xml", ...ids, ...headers },
    body: `${XML_HEAD}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${ids["x-amz-request-id"]}</RequestId><HostId>${ids["x-amz-id-2"]}</HostId></Error>`,
  };
}

const noSuchBucket = (bucket: string) => s3Error(404, "NoSuchBucket", "The specified bucket does not exist", {}, { BucketName: bucket });
const notImplemented = (what: string) => s3Error(501, "NotImplemented", `A header or parameter you provided implies functionality that is not implemented (the simulator does not serve ${what})`);
const invalidArgument = (message: string, name: string, value: string) => s3Error(400, "InvalidArgument", message, {}, { ArgumentName: name, ArgumentValue: value });

function ok(headers: Record<string, string>, body = ""): SimResponse {
  return { status: 200, headers: { ...requestIds(), ...headers }, body };
}

/** The path's bucket and key; the SDK percent-encodes each key segment and keeps the slashes. */
function target(path: string): { bucket: string; key: string } {
  const [, bucket = "", ...rest] = path.split("/");
  return { bucket: decodeURIComponent(bucket), key: rest.map((part) => decodeURIComponent(part)).join("/") };
}

export function routeS3(req: SimRequest): Operation {
  const { bucket, key } = target(req.path);
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const operation = (name: string, action: string, resource: string, run: (bucket: SimBucket, ctx: SimContext) => SimResponse): Operation => ({
    name,
    action,
    resource,
    run: (ctx) => {
      const found = ctx.state.s3Buckets.get(bucket);
      return found ? run(found, ctx) : noSuchBucket(bucket);
    },
  });

  if (key === "") {
    if (req.method === "HEAD") return operation("HeadBucket", "s3:ListBucket", bucketArn, (b) => ok({ "x-amz-bucket-region": b.region, "x-amz-access-point-alias": "false" }));
    if (req.method === "GET" && req.query.get("list-type") === "2") return operation("ListObjectsV2", "s3:ListBucket", bucketArn, (b) => listObjectsV2(b, req.query));
  } else if (req.method === "PUT" && !req.headers["x-amz-copy-source"]) {
    return operation("PutObject", "s3:PutObject", `${bucketArn}/${key}`, (b, ctx) => putObject(b, key, req, ctx));
  } else if (req.method === "GET") {
    return operation("GetObject", "s3:GetObject", `${bucketArn}/${key}`, (b) => getObject(b, key, req));
  }
  return { name: "Unknown", action: "s3:Unknown", resource: bucketArn, run: () => notImplemented(`${req.method} ${req.path}`) };
}

function putObject(bucket: SimBucket, key: string, req: SimRequest, ctx: SimContext): SimResponse {
  const h = req.headers;
  if (h["if-none-match"] !== undefined || h["if-match"] !== undefined) return notImplemented("conditional writes");
  const sse = h["x-amz-server-side-encryption"];
  const kmsKeyId = h["x-amz-server-side-encryption-aws-kms-key-id"];
  if (sse !== undefined && !SSE_ALGORITHMS.has(sse)) return invalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", sse);
  if (kmsKeyId !== undefined && !sse?.startsWith("aws:kms")) {
    return invalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms", "x-amz-server-side-encryption", "null");
  }
  const object: SimObject = {
    key,
    body: req.body,
    contentType: h["content-type"] ?? "binary/octet-stream",
    etag: `"${createHash("md5").update(req.body).digest("hex")}"`,
    lastModified: ctx.now(),
    // Every new object is encrypted: SSE-S3 unless the request (or, in AWS, the bucket's default) says otherwise.
    serverSideEncryption: sse ?? "AES256",
    ...(sse?.startsWith("aws:kms") ? { kmsKeyId: kmsKeyArn(kmsKeyId, bucket.region, ctx.state.accountId) } : {}),
    checksums: Object.fromEntries(Object.entries(h).filter(([name]) => name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-type")),
  };
  bucket.objects.set(key, object);
  return ok({ etag: object.etag, ...encryptionHeaders(object), ...object.checksums });
}

function getObject(bucket: SimBucket, key: string, req: SimRequest): SimResponse {
  const object = bucket.objects.get(key);
  if (!object) return s3Error(404, "NoSuchKey", "The specified key does not exist.", {}, { Key: key });
  if (req.headers.range !== undefined) return notImplemented("ranged reads");
  // Stored checksums come back only when asked for (the SDK asks, and validates them)
  const checksums = req.headers["x-amz-checksum-mode"] === "ENABLED" && Object.keys(object.checksums).length > 0 ? { ...object.checksums, "x-amz-checksum-type": "FULL_OBJECT" } : {};
  return ok(
    {
      "content-type": object.contentType,
      etag: object.etag,
      "last-modified": new Date(object.lastModified).toUTCString(),
      "accept-ranges": "bytes",
      ...encryptionHeaders(object),
      ...checksums,
    },
    object.body,
  );
}

function listObjectsV2(bucket: SimBucket, query: URLSearchParams): SimResponse {
  if (query.has("delimiter")) return notImplemented("delimiter");
  if (query.has("encoding-type")) return notImplemented("encoding-type");
  const prefix = query.get("prefix") ?? "";
  const startAfter = query.get("start-after");
  const token = query.get("continuation-token");
  const maxKeysText = query.get("max-keys") ?? String(MAX_KEYS);
  const maxKeys = Number(maxKeysText);
  if (!/^\d+$/.test(maxKeysText) || !Number.isSafeInteger(maxKeys)) return invalidArgument("Provided max-keys not an integer or within integer range", "max-keys", maxKeysText);
  let after = startAfter ?? "";
  if (token !== null) {
    const decoded = Buffer.from(token, "base64url").toString("utf8");
    if (!token || !decoded.startsWith("k:")) return invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    // A continuation token supersedes start-after
    after = decoded.slice(2);
  }
  // S3 lists keys in ascending order of their UTF-8 bytes
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && Buffer.compare(Buffer.from(k), Buffer.from(after)) > 0).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const page = keys.slice(0, Math.min(maxKeys, MAX_KEYS));
  const truncated = page.length < keys.length;
  const last = page.at(-1);
  const element = (name: string, value: string | number | boolean) => `<${name}>${xmlEscape(String(value))}</${name}>`;
  const contents = page.map((k) => {
    const object = bucket.objects.get(k)!;
    const algorithm = Object.keys(object.checksums)[0]?.slice("x-amz-checksum-".length).toUpperCase();
    return (
      "<Contents>" +
      element("Key", k) +
      element("LastModified", new Date(object.lastModified).toISOString()) +
      element("ETag", object.etag) +
      (algorithm ? element("ChecksumAlgorithm", algorithm) + element("ChecksumType", "FULL_OBJECT") : "") +
      element("Size", Buffer.byteLength(object.body)) +
      element("StorageClass", "STANDARD") +
      "</Contents>"
    );
  });
  const body =
    `${XML_HEAD}<ListBucketResult xmlns="${S3_NAMESPACE}">` +
    element("Name", bucket.name) +
    element("Prefix", prefix) +
    (startAfter !== null ? element("StartAfter", startAfter) : "") +
    (token !== null ? element("ContinuationToken", token) : "") +
    (truncated && last !== undefined ? element("NextContinuationToken", Buffer.from(`k:${last}`).toString("base64url")) : "") +
    element("KeyCount", page.length) +
    element("MaxKeys", maxKeys) +
    element("IsTruncated", truncated) +
    contents.join("") +
    "</ListBucketResult>";
  return ok({ "content-type": "application/xml" }, body);
}

function encryptionHeaders(object: SimObject): Record<string, string> {
  return { "x-amz-server-side-encryption": object.serverSideEncryption, ...(object.kmsKeyId ? { "x-amz-server-side-encryption-aws-kms-key-id": object.kmsKeyId } : {}) };
}

/** S3 reports the KMS key as an ARN whatever form the request named it in; without one, the AWS managed key `aws/s3`. */
function kmsKeyArn(given: string | undefined, region: string, accountId: string): string {
  if (given?.startsWith("arn:")) return given;
  return `arn:aws:kms:${region}:${accountId}:${given ? (given.startsWith("alias/") ? given : `key/${given}`) : "alias/aws/s3"}`;
}
