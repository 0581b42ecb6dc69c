import { describe, expect, it } from "vitest";
import { PATHOLOGICAL_REQUESTS } from "@/test/pathological-requests";
import { parseRequest } from "./parse";

// The time box is the test timeout: a backtracking parser took 17 s on the first input and froze the
// server meanwhile. How fast each parse is, is the bench's business (`npm run bench` prints the worst).
describe("parseRequest returns on pathological input", () => {
  for (const [name, text] of Object.entries(PATHOLOGICAL_REQUESTS)) {
    it(name, { timeout: 5_000 }, () => {
      const result = parseRequest(text);
      if (!result.ok) expect(result.error.field).toBe("request");
      else expect(result.facts.method).toMatch(/^[A-Z]+$/);
    });
  }

  it("refuses a URL with a newline in it, naming the fix", () => {
    const result = parseRequest(PATHOLOGICAL_REQUESTS["URL without path ending in a fragment with a newline (issue 10)"]!);
    expect(result).toMatchObject({ ok: false, error: { field: "request", message: "The URL contains a space or a control character." } });
  });
});
