// What the simulated STS and the simulator's notion of identity do where AWS's behaviour is not confirmed. Verified
// elsewhere (and not listed here): the wire form of AssumeRole and GetCallerIdentity and their answers' elements, read
// from @aws-sdk/client-sts 3.1169's schema (`AssumeRoleResult/{Credentials{AccessKeyId,SecretAccessKey,SessionToken,
// Expiration},AssumedRoleUser{AssumedRoleId,Arn},PackedPolicySize}`, `GetCallerIdentityResult/{UserId,Account,Arn}`);
// the `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>` document and AccessDenied's
// "User: {caller ARN} is not authorized to perform: sts:AssumeRole on resource: {role ARN}" (AWS answers seen in public
// issue threads); DurationSeconds 900–43200, the role's MaxSessionDuration (default 3600), RoleSessionName 2–64
// `[\w+=,.@-]*`, ExternalId 2–1224 `[\w+=,.@:/-]*` (the API reference); the 1-hour limit of role chaining; invalid
// and expired credentials: "The security token included in the request is invalid." (UnrecognizedClientException from
// JSON services, InvalidClientTokenId from query ones) and "…is expired" (ExpiredToken from query services, 403),
// S3's InvalidAccessKeyId (403, `<AWSAccessKeyId>`) and ExpiredToken "The provided token has expired." (400, `<Token-0>`).
// One line each: what | what the simulator does | why unsure. Correct the code where a line is wrong.
//
// | what                                        | simulator                                                                   | why unsure |
// |---------------------------------------------|-----------------------------------------------------------------------------|------------|
// | signatures                                  | not verified: the access key id comes from the Credential, the session from x-amz-security-token | AWS answers SignatureDoesNotMatch; the SDK signs right |
// | access keys not in AWS's forms              | `AKIDSIMULATOR`, `test`, unsigned calls… act as user `gatecheck` of the default account 123456789012; only AKIA…/ASIA… keys must be known | a simulator convenience: AWS knows every key |
// | unknown AKIA key, bad session token         | API Gateway 403 and CloudWatch 403 / Logs 400 UnrecognizedClientException (CloudWatch's query code InvalidClientTokenId), STS 403 InvalidClientTokenId; S3 403 InvalidAccessKeyId or 400 InvalidToken "The provided token is malformed or otherwise invalid." | API Gateway's status and CloudWatch's __type not seen in an AWS answer; S3's InvalidToken text from memory |
// | expired session                             | API Gateway 403 / Logs 400 ExpiredTokenException, CloudWatch 403 ExpiredToken (query code), STS 403 ExpiredToken, S3 400 ExpiredToken | API Gateway's and Logs' status codes not seen in an AWS answer (Lambda answers 403, DynamoDB 400) |
// | issued sessions                             | outlive /_sim/reset and stay valid until they expire                         | nothing to compare: AWS has no reset |
// | caller's own IAM policy                     | always allows sts:AssumeRole; only the role's trust policy and external id decide | AWS needs both (cross-account) and answers the same AccessDenied text |
// | trust policy principals                     | account id, `…:root` (any principal of that account), a user ARN, a role ARN (its sessions) | AWS also has conditions, service and federated principals, wildcards with conditions |
// | unknown role                                | 403 AccessDenied, the trust-policy text                                      | AWS does not reveal whether the role exists; text assumed to be the same |
// | order of checks                             | input validation, trust, then DurationSeconds above the role's maximum, then role chaining | order between the last three unknown |
// | malformed RoleArn of valid length           | 400 ValidationError "Request ARN is invalid"                                 | text from memory |
// | DurationSeconds that is not a number        | 400 ValidationError "… Member must be an integer"                            | AWS's wording unknown (the SDK sends numbers) |
// | session policies (Policy, PolicyArns), tags | Policy must be JSON (else 400 MalformedPolicyDocument); nothing enforced; PackedPolicySize = bytes / 2048 as a percentage | AWS packs (compresses) policies and tags; the ratio is not documented |
// | SourceIdentity, MFA (SerialNumber/TokenCode)| ignored                                                                      | gatecheck sends neither |
// | AssumedRoleId, UserId, AKIA/ASIA ids        | `AROA`/`AIDA` + 17 [A-Z0-9] stable per ARN; `ASIA` + 16 random             | AWS ids are opaque |
// | session token                               | ~420 random base64 characters                                                | AWS's length varies (the docs warn against assuming a size) |
// | Expiration                                  | whole seconds, `2026-01-01T00:00:00Z`                                        | some AWS answers carry milliseconds |
// | other actions                               | 400 InvalidAction "Could not find operation {Action} for version 2011-06-15" | wording from memory |
// | throttling fault                            | 400 Throttling "Rate exceeded"                                              | AWS STS's throttling code is Throttling; status from memory |
// | S3 bucket of another account                | 403 AccessDenied "Access Denied" (no bucket policies)                        | AWS lets a bucket policy grant other accounts access |
// | Logs across accounts                        | calls see only the signing account's log groups; a log group ARN's account is ignored (the name is looked up in the signer's account) | AWS's cross-account observability lets a monitoring account read linked accounts' groups by ARN |
export {};
