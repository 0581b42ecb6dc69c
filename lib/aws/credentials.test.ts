import { describe, expect, it } from "vitest";
import { refreshing } from "./credentials";

describe("credentials shared by an account's clients", () => {
  it("fetches once for concurrent callers, again only near expiry, and again after a failure", async () => {
    let now = 0;
    let fetches = 0;
    let fail = false;
    const provider = refreshing(
      async () => {
        fetches += 1;
        if (fail) throw new Error("AccessDenied");
        return { accessKeyId: `ASIA${fetches}`, secretAccessKey: "s", expiration: new Date(now + 60 * 60_000) };
      },
      () => now,
    );
    const first = await Promise.all([provider(), provider(), provider()]);
    expect(new Set(first.map((c) => c.accessKeyId))).toEqual(new Set(["ASIA1"]));
    now = 50 * 60_000;
    expect((await provider()).accessKeyId).toBe("ASIA1");
    now = 56 * 60_000; // within 5 minutes of expiry
    expect((await provider()).accessKeyId).toBe("ASIA2");
    now = 200 * 60_000;
    fail = true;
    await expect(provider()).rejects.toThrow("AccessDenied");
    fail = false;
    expect((await provider()).accessKeyId).toBe("ASIA4");
    expect(fetches).toBe(4);
  });
});
