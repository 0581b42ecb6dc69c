import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KEY_NOT_AUTHORIZED_ENDINGS, LOG_LINES, fill, maskAccountId, maskApiKey } from "./texts";

// Real lines copied into the project (test/fixtures), so a bare clone runs this test.
const FIXTURE = path.resolve(__dirname, "..", "..", "test", "fixtures", "execution-log-samples.txt");

describe("maskApiKey", () => {
  it("stars every character but the last 6, keeping the length", () => {
    const key = "Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd7fGh9jKl1n";
    expect(maskApiKey(key)).toBe(`${"*".repeat(34)}9jKl1n`);
    expect(maskApiKey("")).toBe("");
    expect(maskApiKey("abc")).toBe("abc");
  });
});

describe("maskAccountId", () => {
  it("keeps the last 4 digits behind 8 stars", () => {
    expect(maskAccountId("123456789012")).toBe("********9012");
  });
});

describe("fill", () => {
  it("fills every placeholder once, without re-scanning inserted values", () => {
    expect(fill(LOG_LINES.methodRequestHeaders, { headers: "{host=a, x={y}}" })).toBe("Method request headers: {host=a, x={y}}");
    expect(fill(LOG_LINES.usagePlanSucceeded, { maskedKey: "", apiId: "a1", stage: "prod" })).toBe("Usage Plan check succeeded for API Key  and API Stage a1/prod");
  });
});

describe("the log-line table", () => {
  // Real lines, with or without their "(requestId) " / "[timestamp] " prefixes.
  const samples = fs
    .readFileSync(FIXTURE, "utf8")
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => line.replace(/^\([^)]+\) /, "").replace(/^\[[^\]]+\] /, ""));
  const asRegex = (template: string) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, ".*?")}$`);

  it.each(Object.entries(LOG_LINES).filter(([, text]) => text.source.startsWith("fixture")))("%s matches a real line of the fixture", (_, text) => {
    expect(samples.some((line) => asRegex(text.template).test(line))).toBe(true);
  });

  it.each(Object.entries(KEY_NOT_AUTHORIZED_ENDINGS).filter(([, text]) => text.source.includes("fixture")))("ending %s appears in the fixture", (_, text) => {
    expect(samples.some((line) => line.endsWith(`: ${text.template}`))).toBe(true);
  });
});
