/*
 * What the simulated CloudWatch Logs service does that could not be verified against AWS itself
 * (only against AWS's documentation, the SDK model in node_modules/@aws-sdk/client-cloudwatch-logs
 * and public reports). Each line says what the simulator does; change it here and in the code together.
 *
 * Filter patterns (filter-pattern.ts)
 * - Terms match as case-sensitive substrings. AWS may match unquoted terms on word boundaries.
 * - Unquoted terms must be letters, digits and `_`; anything else is refused with a hint to quote it.
 *   AWS documents that such terms need double quotes but may accept them unquoted, with unknown effect.
 * - Plain terms, `?` terms and `-` terms mixed in one pattern mean: all plain terms, and any `?` term,
 *   and no `-` term. AWS does not document the mix.
 * - `" "` (a blank quoted term) matches everything; `\"` is the only escape inside quotes.
 * - `%regex%` accepts only the characters AWS lists (no parentheses, no space) with JavaScript
 *   semantics; JSON `{…}` and space-delimited `[…]` patterns are refused as unsupported by the simulator.
 *
 * FilterLogEvents / GetLogEvents (events.ts)
 * - FilterLogEvents: startTime and endTime both inclusive ("events with a timestamp later than this
 *   time are not returned"). GetLogEvents: endTime exclusive (its doc says so). StartQuery: seconds,
 *   both ends inclusive (its doc says so).
 * - AWS stops scanning after an undisclosed time; the simulator after FILTER_SCAN_BUDGET (20,000) events,
 *   answering a short or empty page with a nextToken. Pages stop at 1 MB counting UTF-8 message + 26 bytes.
 * - Unknown names in logStreamNames are ignored (AWS may answer ResourceNotFoundException).
 * - startFromHead: false is refused only when a startTime before 2024-01-01 is given.
 * - GetLogEvents tokens have AWS's shape (`f/<56 digits>/s`) but encode simulator event ids.
 *
 * Errors and messages
 * - Texts of the mutual-exclusion errors (logGroupName/logGroupIdentifier, logStreamNames/prefix,
 *   StartQuery's group parameters, endTime before startTime) are the simulator's own wording.
 * - An unknown target answers 400 UnknownOperationException (as in aws/aws-sdk-net#1536); some
 *   emulators answer 404.
 * - GetQueryResults / StopQuery with an unknown queryId answer InvalidParameterException; AWS may answer
 *   ResourceNotFoundException.
 * - AccessDenied resource of DescribeLogGroups is `arn:aws:logs:{region}:{account}:log-group::log-stream:`
 *   (as AWS denials have been quoted); other operations name `…:log-group:{name}`.
 *
 * Logs Insights (insights.ts, queries.ts)
 * - Without fields/display a query returns @timestamp, @message, @logStream, @log (plus parsed fields).
 * - Without sort, events come newest first and stats groups in ascending order of their keys; `sort`
 *   without a direction is ascending.
 * - Stats rows list the by-fields first, then the aggregates; a stats query over no events returns no rows.
 * - recordsMatched counts events that passed the filters before stats or limit.
 * - The first GetQueryResults of every query answers Running with no results, the next ones Complete.
 * - JSON events' fields are discovered with nested keys joined by dots (`error.responseType`).
 * - A leading `(?i)` in a regex is read as case-insensitive; parse globs use lazy wildcards but a greedy last one.
 * - StartQuery's limit is capped at 10,000 and GetQueryResults does not page (no nextToken).
 * - statistics.bytesScanned counts every event of the queried groups in [startTime, endTime] (whatever the filter) as
 *   its UTF-8 message + 26 bytes, as PutLogEvents sizes an event. AWS documents only "the total number of bytes in the
 *   log events scanned"; reports (Classmethod, 2024) say it is the uncompressed ingested size, which may or may not
 *   include those 26 bytes. recordsScanned counts the same events. Both are summed per simulator in `/_sim/stats`
 *   (`insights`), counted when the query starts.
 *
 * Sizes
 * - storedBytes of a group is the UTF-8 size of its messages (AWS reports compressed bytes, updated late);
 *   streams report 0, as AWS has since 2019.
 */
