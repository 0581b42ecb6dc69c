import { describe, expect, it } from "vitest";
import { awsClients } from "./clients";

describe("the client cache", () => {
  it("is bounded: past its limit the least recently used clients are destroyed and made anew when asked again", () => {
    const first = awsClients("us-east-1");
    expect(awsClients("us-east-1")).toBe(first);
    // 4,000 region names once grew the server by 570 MiB (issue 10): the cache now holds a bounded number.
    for (let i = 0; i < 200; i++) awsClients(`zz-load-${i}`);
    expect(awsClients("us-east-1")).not.toBe(first);
  });
});
