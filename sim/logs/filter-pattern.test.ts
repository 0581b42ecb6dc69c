import { describe, expect, it } from "vitest";
import { FilterPatternError, compileFilterPattern } from "./filter-pattern";

const NOT_IN_PLAN =
  "(3f1c0a2e-1111-4c1e-9d6b-5a3e0c9a1b2c) API Key **********abc123 not authorized because method 'GET /pets' requires API Key and API Key is not associated with a Usage Plan for API Stage a1b2c3d4e5/prod: API Key was not found";
const AUTHORIZER = "(5b7e2f90-2222-4c1e-9d6b-5a3e0c9a1b2c) Unauthorized request: 5b7e2f90-2222-4c1e-9d6b-5a3e0c9a1b2c";
const COMPLETED = "(3f1c0a2e-1111-4c1e-9d6b-5a3e0c9a1b2c) Method completed with status: 403";

const matching = (pattern: string, ...messages: string[]) => messages.filter(compileFilterPattern(pattern));

describe("compileFilterPattern", () => {
  it("matches everything for an empty or blank pattern", () => {
    expect(matching("", NOT_IN_PLAN, AUTHORIZER)).toHaveLength(2);
    expect(matching('" "', NOT_IN_PLAN, AUTHORIZER)).toHaveLength(2);
  });

  it("matches a quoted term containing non-alphanumerics literally", () => {
    expect(matching('"abc-123"', "request abc-123 failed", "request abc 123 failed", "abc-1234")).toEqual(["request abc-123 failed", "abc-1234"]);
  });

  it("needs every term of an AND pattern, in any order", () => {
    expect(matching('"not authorized" "Usage Plan"', NOT_IN_PLAN, AUTHORIZER, "Usage Plan ok, not authorized")).toEqual([NOT_IN_PLAN, "Usage Plan ok, not authorized"]);
  });

  it("needs any of the ? terms", () => {
    expect(matching('?"not authorized" ?"Unauthorized request"', NOT_IN_PLAN, AUTHORIZER, COMPLETED)).toEqual([NOT_IN_PLAN, AUTHORIZER]);
  });

  it("drops events with a -term", () => {
    expect(matching('"3f1c0a2e-1111-4c1e-9d6b-5a3e0c9a1b2c" -Usage', NOT_IN_PLAN, COMPLETED)).toEqual([COMPLETED]);
    expect(matching('-"status: 403"', NOT_IN_PLAN, COMPLETED)).toEqual([NOT_IN_PLAN]);
  });

  it("is case-sensitive", () => {
    expect(matching("ERROR", "ERROR here", "error here")).toEqual(["ERROR here"]);
    expect(matching('"usage plan"', NOT_IN_PLAN)).toEqual([]);
  });

  it('reads \\" inside a quoted term as a double quote', () => {
    expect(matching('"say \\"hi\\""', 'they say "hi"', "they say hi")).toEqual(['they say "hi"']);
  });

  it("supports a standalone %regex%", () => {
    expect(matching(String.raw`%status:\s40[0-9]%`, COMPLETED, "Method completed with status: 200")).toEqual([COMPLETED]);
    // AWS lists the characters a regex may hold: no parentheses, and no space
    expect(() => compileFilterPattern("%(a|b)%")).toThrow(/no parentheses/);
    expect(() => compileFilterPattern("%status: 403%")).toThrow(FilterPatternError);
  });

  it.each([
    ["abc-123", /must be in double quotes/],
    ['"unterminated', /unterminated/],
    ['"a"b', /expected a space/],
    ["{ $.status = 403 }", /JSON filter patterns .* not supported by the simulator/],
    ["[ip, user, status=403]", /Space-delimited .* not supported by the simulator/],
  ])("rejects %s", (pattern, message) => {
    expect(() => compileFilterPattern(pattern)).toThrow(FilterPatternError);
    expect(() => compileFilterPattern(pattern)).toThrow(message);
  });
});
