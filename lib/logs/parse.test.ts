import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLogEvents, parseLogLine } from "./parse";
import { FILTER_TERMS, LOG_LINE_PATTERNS, REJECTION_LINES, executionLogGroupName, filterPatternAll, filterPatternAny } from "./patterns";
import type { LogEvent, LogEventKind } from "./types";

// Real lines copied into the project (test/fixtures), so a bare clone runs this test.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixturePath = path.resolve(repoRoot, "test", "fixtures", "execution-log-samples.txt");

interface FixtureBlock {
  expect: string;
  lines: string[];
}

/** Blocks are separated by blank lines; only blocks with a "# expect:" comment count. */
function readFixtureBlocks(): FixtureBlock[] {
  const text = readFileSync(fixturePath, "utf8");
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((chunk) => chunk.split(/\r?\n/).filter((line) => line !== ""))
    .filter((lines) => lines.some((l) => l.startsWith("# expect:")))
    .map((lines) => ({
      expect: lines.filter((l) => l.startsWith("#")).join(" "),
      lines: lines.filter((l) => !l.startsWith("#")),
    }));
}

const kinds = (events: LogEvent[]): LogEventKind[] => events.map((e) => e.kind);
const parseBlock = (lines: string[]): LogEvent[] => parseLogEvents(lines.map((message) => ({ message })));
const stars = (n: number): string => "*".repeat(n);

describe("fixture execution-log-samples.txt", () => {
  const blocks = readFixtureBlocks();

  it("has the seven expect blocks this test knows", () => {
    expect(blocks).toHaveLength(7);
  });

  it("recognises every fixture line with a confirmed pattern (nothing unknown)", () => {
    for (const block of blocks) {
      for (const event of parseBlock(block.lines)) {
        const pattern = LOG_LINE_PATTERNS.find((p) => p.kind === event.kind);
        expect(pattern?.confirmed, event.message).toBe(true);
      }
    }
  });

  it("keeps each message exactly as given", () => {
    for (const block of blocks) {
      expect(parseBlock(block.lines).map((e) => e.message)).toEqual(block.lines);
    }
  });

  it("block 1: usage-plan verification with an empty key (method needs no key)", () => {
    const block = blocks[0]!;
    expect(block.expect).toContain("empty key");
    const events = parseBlock(block.lines);
    expect(kinds(events)).toEqual(["usage-plan-verifying", "api-key-not-required", "usage-plan-check-succeeded", "starting-execution", "http-method"]);
    const id = "dd007ab9-12ca-11e8-b201-8fec456d096a";
    expect(events.every((e) => e.requestId === id)).toBe(true);
    for (const e of events.slice(0, 3)) expect(e.maskedKey).toBe("");
    expect(events[0]!.apiStage).toEqual({ apiId: "binkm6jb4m", stage: "prod" });
    expect(events[1]).toMatchObject({ method: "POST", resourcePath: "/notes" });
    expect(events[2]!.apiStage).toEqual({ apiId: "binkm6jb4m", stage: "prod" });
    expect(events[4]).toMatchObject({ method: "POST", resourcePath: "/notes" });
  });

  it("block 2: key accepted, export without request-id prefix: ids filled from the naming line", () => {
    const block = blocks[1]!;
    expect(block.expect).toContain("accepted");
    const events = parseBlock(block.lines);
    expect(kinds(events)).toEqual(["usage-plan-verifying", "usage-plan-check-succeeded", "starting-execution", "http-method", "api-key-line", "method-completed"]);
    expect(events.every((e) => e.requestId === "9ac0eacd-87c5-11e6-b30c-19c3d9849330")).toBe(true);
    const masked = `${stars(34)}bMZHBg`;
    expect(events[0]).toMatchObject({ maskedKey: masked, apiStage: { apiId: "ulhoxnm2x2", stage: "dev" } });
    expect(events[1]!.maskedKey).toBe(masked);
    expect(events[3]).toMatchObject({ method: "POST", resourcePath: "/repos/hello" });
    expect(events[4]!.maskedKey).toBe(masked);
    expect(events[5]!.status).toBe(200);
  });

  it("block 3: key rejected, stage in no usage plan (older wording), 403, no Starting execution", () => {
    const block = blocks[2]!;
    expect(block.expect).toContain("older wording");
    const events = parseBlock(block.lines);
    expect(kinds(events)).toEqual(["usage-plan-verifying", "api-key-not-authorized", "method-completed"]);
    expect(kinds(events)).not.toContain("starting-execution");
    expect(events.every((e) => e.requestId === "25bdd356-8fc7-11e6-93c4-e3cf41861839")).toBe(true);
    expect(events.every((e) => e.timestamp === Date.UTC(2016, 9, 11, 15, 26, 57))).toBe(true);
    expect(events[1]).toMatchObject({
      maskedKey: `${stars(34)}gE96dR`,
      method: "GET",
      resourcePath: "/",
      apiStage: { apiId: "i01t0vftre", stage: "staging" },
      reason: "STAGE_NOT_IN_USAGE_PLAN",
    });
    expect(events[2]!.status).toBe(403);
  });

  it("block 4: key rejected, no usage plan for key and stage (newer wording), no id to be had", () => {
    const block = blocks[3]!;
    expect(block.expect).toContain("newer wording");
    const [event] = parseBlock(block.lines);
    expect(event).toMatchObject({
      kind: "api-key-not-authorized",
      requestId: null,
      timestamp: null,
      maskedKey: `${stars(27)}abc123`,
      method: "GET",
      resourcePath: "/",
      apiStage: { apiId: "zsuvlqr7nb", stage: "prod" },
      reason: "NO_USAGE_PLAN_FOR_KEY_AND_STAGE",
    });
  });

  it("block 5: Lambda authorizer allowed, then empty key on a proxy route", () => {
    const block = blocks[4]!;
    expect(block.expect).toContain("authorizer allowed");
    const events = parseBlock(block.lines);
    expect(kinds(events)).toEqual([
      "authorizer-policy",
      "authorizer-succeeded",
      "usage-plan-verifying",
      "api-key-not-required",
      "usage-plan-check-succeeded",
      "starting-execution",
      "method-completed",
    ]);
    expect(events.every((e) => e.requestId === "cf101403-4a17-11e7-935f-35dfc4618b7d")).toBe(true);
    expect(events[2]).toMatchObject({ maskedKey: "", apiStage: { apiId: "oo8kadh853", stage: "Test" } });
    expect(events[3]).toMatchObject({ maskedKey: "", method: "ANY", resourcePath: "/{resource+}" });
    expect(events[6]!.status).toBe(200);
  });

  it("block 6: Lambda authorizer denied (Unauthorized)", () => {
    const block = blocks[5]!;
    expect(block.expect).toContain("Unauthorized");
    const events = parseBlock(block.lines);
    expect(kinds(events)).toEqual(["extended-request-id", "authorizer-starting", "authorizer-unauthorized"]);
    expect(events.every((e) => e.requestId === "9cef3834-f42c-46d7-83fe-a6401a431398")).toBe(true);
    expect(events[0]!.extendedRequestId).toBe("W9zMPGrHtjMEeFw=");
    expect(events[1]!.authorizerId).toBe("4hugyv");
  });

  it("block 7: extended request id and verification whose empty-key spaces collapsed into one", () => {
    const block = blocks[6]!;
    expect(block.expect).toContain("collapsed");
    const events = parseBlock(block.lines);
    expect(kinds(events)).toEqual(["extended-request-id", "usage-plan-verifying"]);
    expect(events[0]!.extendedRequestId).toBe("Vwc2MGFUrPEFV_g=");
    expect(events[1]).toMatchObject({
      requestId: "286364ab-3a83-11e9-8dc8-db3cf4c83204",
      maskedKey: "",
      apiStage: { apiId: "uwe3g5jm54", stage: "Prod" },
    });
  });
});

describe("parseLogLine", () => {
  const id = "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f";

  it("copies CloudWatch metadata and keeps the raw message, trailing whitespace included", () => {
    const message = `(${id}) Method completed with status: 403\n`;
    const event = parseLogLine(message, { timestamp: 1700000000000, logStreamName: "abc", eventId: "e1" });
    expect(event).toEqual({
      requestId: id,
      kind: "method-completed",
      timestamp: 1700000000000,
      logStreamName: "abc",
      eventId: "e1",
      message,
      status: 403,
    });
  });

  it("prefers CloudWatch's timestamp over an export tool's prefix", () => {
    const event = parseLogLine(`[2016-10-11 15:26:57] (${id}) Method completed with status: 200`, { timestamp: 5 });
    expect(event).toMatchObject({ timestamp: 5, requestId: id, kind: "method-completed" });
  });

  it("reads the missing-key ending published by AWS, with the key's two spaces collapsed", () => {
    const event = parseLogLine(
      "API Key not authorized because method 'GET /' requires API Key and API Key is not associated with a Usage Plan for API Stage abcdef1234/prod: API Key was required but not present",
    );
    expect(event).toMatchObject({ kind: "api-key-not-authorized", maskedKey: "", reason: "API_KEY_NOT_PRESENT" });
  });

  it("reads the not-authorized line with an empty key and two spaces", () => {
    const event = parseLogLine(
      `(${id}) API Key  not authorized because method 'POST /orders/{id}' requires API Key and API Key is not associated with a Usage Plan for API Stage abcdef1234/v2-beta: No Usage Plan found for key and API Stage`,
    );
    expect(event).toMatchObject({
      maskedKey: "",
      method: "POST",
      resourcePath: "/orders/{id}",
      apiStage: { apiId: "abcdef1234", stage: "v2-beta" },
      reason: "NO_USAGE_PLAN_FOR_KEY_AND_STAGE",
    });
  });

  it("keeps an unknown ending of the not-authorized line without inventing a reason", () => {
    const event = parseLogLine(
      `API Key ${stars(34)}Zz9Yy8 not authorized because method 'GET /pets' requires API Key and API Key is not associated with a Usage Plan for API Stage abcdef1234/prod: Something new`,
    );
    expect(event.kind).toBe("api-key-not-authorized");
    expect(event.reason).toBeUndefined();
    expect(event.maskedKey).toBe(`${stars(34)}Zz9Yy8`);
  });

  it("reads 'Usage Plan check succeeded' with the empty key collapsed to one space", () => {
    const event = parseLogLine("Usage Plan check succeeded for API Key and API Stage abcdef1234/prod");
    expect(event).toMatchObject({
      kind: "usage-plan-check-succeeded",
      maskedKey: "",
      apiStage: { apiId: "abcdef1234", stage: "prod" },
    });
  });

  it.each<[string, LogEventKind]>([
    ["Usage Plan check failed due to an internal error", "usage-plan-check-failed"],
    ["Method request headers: {Accept=*/*, x-api-key=****abcdef}", "method-request-headers"],
    ["Using valid authorizer policy for principal: ****bkwef5", "authorizer-policy"],
    ["The client is not authorized to perform this operation.", "authorizer-denied"],
    ["Successfully completed authorizer execution", "authorizer-succeeded"],
    ["Method request path: {}", "unknown"],
    ['Endpoint response body before transformations: {"ok":true}', "unknown"],
    ["", "unknown"],
  ])("classifies %j as %s", (line, kind) => {
    expect(parseLogLine(`(${id}) ${line}`).kind).toBe(kind);
  });

  it("takes the request id from the line itself when there is no prefix", () => {
    expect(parseLogLine("Starting authorizer: 62mgrc for request: test-request")).toMatchObject({
      kind: "authorizer-starting",
      requestId: "test-request",
      authorizerId: "62mgrc",
    });
    expect(parseLogLine("Unauthorized request: fd443056-60d0-425f-874e-e93e5d61351e").requestId).toBe("fd443056-60d0-425f-874e-e93e5d61351e");
  });

  it("does not treat text mentioning a pattern mid-line as that pattern", () => {
    expect(parseLogLine(`(${id}) Lambda said: Method completed with status: 403`).kind).toBe("unknown");
  });
});

describe("access-log lines", () => {
  it("reads a flat JSON access log with dotted $context names", () => {
    const event = parseLogLine(
      '{"requestId":"r-1","ip":"203.0.113.9","httpMethod":"GET","resourcePath":"/pets","status":"403","error.responseType":"INVALID_API_KEY","error.message":"Forbidden","identity.apiKeyId":"-","wafResponseCode":"-"}',
      { timestamp: 10 },
    );
    expect(event).toEqual({
      requestId: "r-1",
      kind: "access-log",
      timestamp: 10,
      message: expect.any(String),
      status: 403,
      responseType: "INVALID_API_KEY",
      errorMessage: "Forbidden",
      method: "GET",
      resourcePath: "/pets",
    });
  });

  it("reads plain key names and nested objects", () => {
    expect(parseLogLine('{"requestId":"r-2","responseType":"WAF_FILTERED","apiKeyId":"k1a2b3","wafResponseCode":"WAF_BLOCK","status":403}')).toMatchObject({
      kind: "access-log",
      responseType: "WAF_FILTERED",
      apiKeyId: "k1a2b3",
      wafResponseCode: "WAF_BLOCK",
      status: 403,
    });
    expect(parseLogLine('{"requestId":"r-3","error":{"responseType":"ACCESS_DENIED","message":"User is not authorized to access this resource"}}')).toMatchObject({
      kind: "access-log",
      responseType: "ACCESS_DENIED",
      errorMessage: "User is not authorized to access this resource",
    });
  });

  it("keeps JSON without a request id, malformed JSON and prototype-like keys as unknown", () => {
    expect(parseLogLine('{"status":"403"}').kind).toBe("unknown");
    expect(parseLogLine('{"requestId":"r-4",').kind).toBe("unknown");
    expect(parseLogLine('{"constructor":"x","__proto__":"y"}').kind).toBe("unknown");
    expect(parseLogLine("[1,2]").kind).toBe("unknown");
  });
});

describe("parseLogEvents", () => {
  it("fills ids per log stream, so interleaved streams do not borrow each other's id", () => {
    const events = parseLogEvents([
      { message: "Starting execution for request: A", logStreamName: "s1" },
      { message: "Starting execution for request: B", logStreamName: "s2" },
      { message: "Method completed with status: 200", logStreamName: "s1" },
      { message: "Method completed with status: 403", logStreamName: "s2" },
      { message: "Method completed with status: 500", logStreamName: "s3" },
    ]);
    expect(events.map((e) => e.requestId)).toEqual(["A", "B", "A", "B", null]);
  });

  it("switches to the next id when a prefix or a naming line appears", () => {
    const events = parseLogEvents([
      { message: "Verifying Usage Plan for request: A. API Key:  API Stage: abcdef1234/prod" },
      { message: "Method completed with status: 200" },
      { message: "(B) Extended Request Id: abc=" },
      { message: "Method completed with status: 403" },
    ]);
    expect(events.map((e) => e.requestId)).toEqual(["A", "A", "B", "B"]);
  });

  it("leaves lines before any id without one, and access-log lines do not move the current id", () => {
    const events = parseLogEvents([
      { message: "Method request path: {}" },
      { message: "Starting execution for request: A" },
      { message: '{"requestId":"Z","status":"403"}' },
      { message: "Method completed with status: 200" },
    ]);
    expect(events.map((e) => e.requestId)).toEqual([null, "A", "Z", "A"]);
  });
});

describe("patterns table", () => {
  it("lists each kind once, with a note", () => {
    const all = LOG_LINE_PATTERNS.map((p) => p.kind);
    expect(new Set(all).size).toBe(all.length);
    for (const p of LOG_LINE_PATTERNS) expect(p.note.length).toBeGreaterThan(0);
  });

  it("marks only the authorizer-deny text as unconfirmed", () => {
    expect(LOG_LINE_PATTERNS.filter((p) => !p.confirmed).map((p) => p.kind)).toEqual(["authorizer-denied"]);
  });
});

describe("log group and filter patterns", () => {
  it("names the execution log group like API Gateway", () => {
    expect(executionLogGroupName("abcdef1234", "prod")).toBe("API-Gateway-Execution-Logs_abcdef1234/prod");
  });

  it("builds OR patterns with ? alternatives", () => {
    expect(filterPatternAny([FILTER_TERMS.keyNotInUsagePlan, FILTER_TERMS.notAuthorized])).toBe('?"not associated with a Usage Plan" ?"not authorized"');
    expect(filterPatternAny([FILTER_TERMS.authorizerUnauthorized])).toBe('"Unauthorized request"');
  });

  it("builds AND patterns of quoted terms", () => {
    expect(filterPatternAll(["5f0c1d2e-3a4b", FILTER_TERMS.verifyingUsagePlan])).toBe('"5f0c1d2e-3a4b" "Verifying Usage Plan for request"');
  });

  it("rejects terms it cannot quote safely, and empty lists", () => {
    expect(() => filterPatternAny([])).toThrow(/at least one term/);
    expect(() => filterPatternAll(['say "hi"'])).toThrow(/double quote/);
    expect(() => filterPatternAll(["a\\b"])).toThrow(/backslash/);
    expect(() => filterPatternAny(["ok", ""])).toThrow(/non-empty/);
    expect(() => filterPatternAll(["line\nbreak"])).toThrow(/one line/);
  });

  it("finds rejection lines, and not those of accepted requests", () => {
    expect(REJECTION_LINES.test("Method completed with status: 403")).toBe(true);
    expect(REJECTION_LINES.test("Unauthorized request: 9cef3834-f42c-46d7-83fe-a6401a431398")).toBe(true);
    expect(
      REJECTION_LINES.test(
        "API Key ****gE96dR not authorized because method 'GET /' requires API Key and API Key is not associated with a Usage Plan for API Stage i01t0vftre/staging: API Stage is not in a Usage Plan",
      ),
    ).toBe(true);
    expect(REJECTION_LINES.test("Method completed with status: 200")).toBe(false);
    expect(REJECTION_LINES.test("API Key  authorized because method 'POST /notes' does not require API Key. Request will not contribute to throttle or quota limits")).toBe(false);
  });

  it("reads the usage plan's throttle and quota lines", () => {
    expect(
      parseLogLine(
        "API Key ******************************abc123 exceeded throttle limit for API Stage abcdef1234/prod: Key throttle limit exceeded for Usage Plan ID p1, RestApi abcdef1234, Stage prod, Resource r1, HttpMethod GET. Limit: 5.00 Burst: 10",
      ),
    ).toMatchObject({ kind: "usage-plan-throttled", maskedKey: "******************************abc123", apiStage: { apiId: "abcdef1234", stage: "prod" } });
    expect(parseLogLine("API Key ****abc123 exceeded quota limit for API Stage abcdef1234/prod: Key quota exhausted for Usage Plan ID p1. Limit: 200 Period: DAY").kind).toBe(
      "usage-plan-quota-exceeded",
    );
  });

  it("uses only terms that occur in the lines they are meant to find", () => {
    const rejected = parseLogLine(
      "API Key ****abcdef not authorized because method 'GET /' requires API Key and API Key is not associated with a Usage Plan for API Stage abcdef1234/prod: No Usage Plan found for key and API Stage",
    );
    expect(rejected.message).toContain(FILTER_TERMS.keyNotInUsagePlan);
    expect(rejected.message).toContain(FILTER_TERMS.notAuthorized);
  });
});
