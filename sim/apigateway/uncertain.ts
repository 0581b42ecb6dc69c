// What the API Gateway control plane of the simulator does where AWS's behaviour is not confirmed.
// Verified elsewhere (and not listed here): wire names/methods/paths (installed SDK schemas), error and
// validation messages recorded from real AWS in LocalStack's snapshot tests, the gateway-response list.
// One line each: what | what the simulator does | why unsure. Correct the code where a line is wrong.
//
// | what                                      | simulator                                                          | why unsure |
// |-------------------------------------------|--------------------------------------------------------------------|------------|
// | unknown path or verb                      | 404 UnknownOperationException "No API Gateway operation matches …" | no public record of AWS's answer |
// | malformed JSON body / wrong JSON type     | 400 SerializationException                                         | type seen in AWS snapshots, message text not |
// | limit outside 1..500, bad position token  | 400 BadRequestException                                            | AWS may answer ValidationException; wording unknown |
// | position token                            | base64url offset, valid across calls                               | AWS tokens are opaque |
// | policy on GetRestApi                      | quotes and `/` backslash-escaped inside the string                 | from terraform-provider-aws, which unquotes it; not from AWS docs |
// | resourceMethods without embed             | `{VERB: {}}` per verb; omitted when the resource has no methods    | from CLI outputs seen in the wild |
// | Stage not found (GetStage, UpdateStage…)  | "Invalid Stage identifier specified"                               | LocalStack uses this, moto "Invalid stage identifier specified" |
// | authorizer / domain name not found        | "Invalid Authorizer identifier specified" / "Invalid domain name identifier specified" | moto's wording |
// | GetUsagePlans keyId of an unknown key     | empty list                                                         | AWS might answer NotFoundException |
// | name (nameQuery) filters                  | prefix match (GetApiKeys, GetUsagePlanKeys)                        | LocalStack's reading of the docs |
// | CreateUsagePlanKey: key already in plan   | 409 "Usage Plan Key {keyId} already exists in usage plan {planId}" | wording unknown |
// | key in another plan for the same stage    | 409 "Usage Plan {p} cannot be added because API Key {k} cannot reference multiple Usage Plans with the same API Stage: {api}:{stage}" | wording from memory |
// | DeleteUsagePlanKey of a key not in plan   | 404 "Invalid Usage Plan Key identifier specified"                  | wording unknown |
// | UpdateUsagePlan add of a missing stage    | 400 "Invalid API Stage {api: a, stage: s} specified for usageplan p" | remove gives 404 with this text (LocalStack); add is a guess |
// | UpdateUsagePlan add of a stage already in | no-op                                                              | AWS may answer ConflictException |
// | UpdateStage patch paths                   | both `/~1pets~1{id}/GET/…` (CLI docs) and `/pets/{id}/GET/…` (Terraform) | AWS accepts at least the first |
// | methodSettings key of one method          | state.ts `methodSettingsKey` (`pets/{id}/GET`), as Terraform reads them back | not seen in an AWS response |
// | UpdateStage bad loglevel / throttle value | 400 BadRequestException with our own wording                       | wording unknown |
// | UpdateStage logging on without the account's CloudWatch role | 400 "CloudWatch Logs role ARN must be set in account settings to enable logging" (loglevel ERROR/INFO or dataTrace on) | wording from public issues (SST, AWS solutions); not seen whether OFF is refused too |
// | UpdateAccount role ARN                    | only checks the ARN's form; AWS also checks the role trusts API Gateway | wording unknown |
// | CreateDeployment bad stage name           | 400 "Stage name only allows a-zA-Z0-9_ and -"                      | wording unknown |
// | GetExport response                        | content-type application/octet-stream, `attachment; filename="{type}_{version}.json"` | LocalStack's choice |
// | GetExport Accept: application/yaml        | the JSON text (valid YAML)                                         | AWS renders YAML |
// | GetExport REQUEST authorizer header name  | "Unused"                                                           | from memory of console exports |
// | GetUsage values                           | keyed by API key id, all keys of the plan, `[used, remaining]`; remaining 0 without quota | docs say "indexed over the API keys" only |
// | GetUsage range / bad key                  | > 366 days → 400; key not in plan → 404 "Invalid Key identifier specified" | range limit invented; message from an aws-cli issue |
// | quota periods and `offset`               | DAY = UTC day, WEEK from Sunday, MONTH from the 1st; offset ignored | the SDK says offset = requests subtracted in the first period, newer docs say the period's start day |
// | API Gateway v2 GetApis page size          | default 25, max 500 (maxResults), nextToken opaque                 | v2 documents no default |
export {};
