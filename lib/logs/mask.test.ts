import { describe, expect, it } from "vitest";
import { last6, maskKeyValue, matchesMaskedKey } from "./mask";

const key40 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7bMZHBg";

describe("maskKeyValue", () => {
  it("keeps the last 6 characters and the length, like the execution log", () => {
    expect(key40).toHaveLength(40);
    expect(maskKeyValue(key40)).toBe(`${"*".repeat(34)}bMZHBg`);
  });

  it("masks a 20-character key (AWS's minimum) to 14 stars and 6 characters", () => {
    expect(maskKeyValue("abcdefghij0123456789")).toBe(`${"*".repeat(14)}456789`);
  });

  it("masks 7 characters to one star", () => {
    expect(maskKeyValue("1234567")).toBe("*234567");
  });

  it("masks values of 6 characters or fewer entirely, and keeps the empty key empty", () => {
    expect(maskKeyValue("abcdef")).toBe("******");
    expect(maskKeyValue("abc")).toBe("***");
    expect(maskKeyValue("")).toBe("");
  });

  it("keeps a trailing newline's position (it is part of the value AWS saw)", () => {
    expect(maskKeyValue("abcdefghij0123456789\n")).toBe(`${"*".repeat(15)}56789\n`);
  });
});

describe("last6", () => {
  it("returns the visible tail", () => {
    expect(last6(`${"*".repeat(34)}bMZHBg`)).toBe("bMZHBg");
    expect(last6("*234567")).toBe("234567");
  });

  it("returns '' when nothing is visible", () => {
    expect(last6("")).toBe("");
    expect(last6("******")).toBe("");
  });
});

describe("matchesMaskedKey", () => {
  it("matches the same value, and not one of another length or tail", () => {
    const masked = maskKeyValue(key40);
    expect(matchesMaskedKey(masked, key40)).toBe(true);
    expect(matchesMaskedKey(masked, `x${key40}`)).toBe(false);
    expect(matchesMaskedKey(masked, `${key40.slice(0, -1)}h`)).toBe(false);
  });

  it("matches the empty key only with the empty value", () => {
    expect(matchesMaskedKey("", "")).toBe(true);
    expect(matchesMaskedKey("", key40)).toBe(false);
  });
});
