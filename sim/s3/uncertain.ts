// What the simulated S3 does where AWS's behaviour is not confirmed. Verified elsewhere (and not listed here): the
// wire form of each call, read from @aws-sdk/client-s3 3.1169 (path-style `/{bucket}/{key}?x-id=PutObject`,
// `?list-type=2&prefix=&start-after=&max-keys=&continuation-token=`, `HEAD /{bucket}/`, the `x-amz-checksum-crc32`
// it sends with PutObject and the `x-amz-checksum-mode: ENABLED` with GetObject); the error document
// (`<Error><Code/><Message/>…<RequestId/><HostId/></Error>`), NoSuchKey's and NoSuchBucket's messages and extra
// elements, ListObjectsV2's elements (the S3 API reference); SSE-S3 on every new object since January 2023.
// One line each: what | what the simulator does | why unsure. Correct the code where a line is wrong.
//
// | what                                   | simulator                                                                   | why unsure |
// |----------------------------------------|-----------------------------------------------------------------------------|------------|
// | buckets                                | from scenarios (`s3Buckets`) or `POST /_sim/s3/buckets`; no CreateBucket    | not simulated: gatecheck never creates its bucket |
// | bucket region vs the request's region  | ignored                                                                     | AWS answers 301 PermanentRedirect or 400 AuthorizationHeaderMalformed; not simulated |
// | object bodies                          | kept as UTF-8 text                                                           | gatecheck stores JSON; binary bodies would not survive |
// | checksums                              | stored as sent, not verified; echoed on GetObject with checksum mode ENABLED | AWS verifies them (400 BadDigest); the SDK computes them right |
// | KMS key id in answers                  | an ARN: as given, `key/{id}` or `alias/{name}` under the bucket's region and account; `alias/aws/s3` without one | AWS answers the key's ARN, resolving aliases |
// | bucket default encryption              | always SSE-S3 (AES256) unless the request asks for aws:kms                   | a bucket can default to SSE-KMS; not simulated |
// | conditional writes, ranged reads       | 501 NotImplemented                                                           | AWS serves If-None-Match/If-Match and Range; gatecheck sends none |
// | ListObjectsV2 delimiter, encoding-type | 501 NotImplemented                                                           | AWS serves both; gatecheck sends neither |
// | MaxKeys above 1000                     | at most 1000 keys, MaxKeys echoed as asked                                   | AWS caps at 1000; which MaxKeys it echoes is unrecorded |
// | continuation token                     | base64url of the last key listed; anything else 400 InvalidArgument          | AWS tokens are opaque |
// | throttling                             | 503 SlowDown "Please reduce your request rate." with the faults' Retry-After | AWS sends no Retry-After with SlowDown |
// | access denied                          | 403 AccessDenied with API Gateway's message form                             | S3's message is usually just "Access Denied" |
// | other methods and sub-resources        | 501 NotImplemented naming the request                                        | AWS serves them |
export {};
