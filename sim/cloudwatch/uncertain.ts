// What the simulated CloudWatch metrics service does where AWS's behaviour is not confirmed. Verified elsewhere
// (and not listed here): the wire protocol, read from @aws-sdk/client-cloudwatch 3.1162 and @aws-sdk/core
// (AwsJson1_0Protocol with awsQueryCompatible: `x-amz-target: GraniteServiceVersion20100801.GetMetricData`,
// `x-amzn-query-mode: true`, epoch-second timestamps, the error code read from `x-amzn-query-error` first); the
// 500-query limit and its message ("The collection MetricDataQueries must not have a size greater than 500.",
// quoted by users from AWS); StartTime rounding, Period rules, ScanBy default, MaxDatapoints default and the
// StatusCode values (the API reference); the metrics' meaning (API Gateway's "dimensions and metrics" page).
// One line each: what | what the simulator does | why unsure. Correct the code where a line is wrong.
//
// | what                                        | simulator                                                                 | why unsure |
// |---------------------------------------------|---------------------------------------------------------------------------|------------|
// | requests counted                            | every journal entry that reached a stage (WAF blocks, missing routes, key refusals included); none without a stage | AWS does not say whether WAF-blocked or unknown-stage requests reach the metrics |
// | 4XXError / 5XXError samples                 | one per request, 0 or 1, so periods with traffic but no errors answer Sum 0 | how AWS emits the zeros is inferred from "Average is the error rate" |
// | ApiName dimension                           | the API's name without non-ASCII characters, its id when none remain; APIs sharing a name share metrics | the docs say so; sharing is what a name-keyed dimension implies |
// | other dimension sets and metrics            | ApiName+Method+Resource+Stage, Latency, IntegrationLatency, cache metrics: no datapoints | not simulated |
// | Stat                                        | Sum, SampleCount, Average, Minimum, Maximum; anything else 400 InvalidParameterValue | AWS computes percentiles and more |
// | Expression / Metrics Insights               | 400 InvalidParameterValue                                                 | not simulated; AWS evaluates them |
// | Period not a multiple of 60                 | 400 "The parameter Period must be a multiple of 60."                      | GetMetricStatistics' answer; GetMetricData may instead return no datapoints |
// | period alignment                            | periods start at the rounded StartTime; EndTime is exclusive               | AWS advises aligned windows and documents no exclusivity |
// | paging                                      | datapoints fill MaxDatapoints in query order, then time order; every query answers on every page, PartialData while some of its points are still to come | AWS documents the status codes, not how pages split |
// | NextToken                                   | base64url JSON bound to the request's queries, window and MaxDatapoints, freezing the data it pages through; another request's token → 400 InvalidNextToken with our own message | tokens are opaque |
// | default Label                               | the metric name                                                           | AWS builds a default label; its exact form for one metric is not documented |
// | validation messages                         | missing/duplicate Id, Expression with MetricStat, empty query list: our own wording; types as in the model | wording not recorded from AWS |
// | AccessDenied                                | 403, `x-amzn-query-error: AccessDenied;Sender`, `__type` com.amazon.coral.service#AccessDeniedException | the Query-era code and status; JSON-era AWS may answer 400 |
// | throttling                                  | 400, `x-amzn-query-error: Throttling;Sender`, "Rate exceeded"              | the Query-era code; status as CloudWatch Logs |
// | unknown target                              | 400 UnknownOperationException (query code InvalidAction)                  | as sim/logs; other emulators answer 404 |
// | form-encoded awsQuery requests (old SDKs)   | not served (they fall through to the API Gateway router's 404)            | only the installed SDK's protocol is simulated |
// | AccountId (cross-account queries)           | ignored: the simulator has one account                                    | not simulated |
export {};
