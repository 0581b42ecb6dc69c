// The guard of the verdicts (test/differential.ts): 200 generated configurations mixing several causes, each run
// with execution logging on and off, every replayed request's diagnosis (and triage group) against the simulator's
// own decision.
// `npm run fuzz -- --configs 5000` runs the same comparison longer.
import { beforeAll, describe, expect, it } from "vitest";
import { describeMismatch, runDifferential, type DifferentialResult } from "./differential";
import { simulatorForFile } from "./sim-env";

// The simulator has no account quota to pace under.
const sim = simulatorForFile({ replayTraffic: false, pacing: false });
let result: DifferentialResult;

beforeAll(async () => {
  result = await runDifferential(sim().sim, { configs: 200, firstSeed: 1, requestsPerConfig: 6 });
}, 240_000);

describe("the differential test: the simulator's decision vs gatecheck's diagnosis of each request id", () => {
  it("covers at least 2,000 requests over 200 configurations, each with logging on and off", () => {
    expect(result.configs).toBe(200);
    expect(result.requests).toBeGreaterThanOrEqual(2_000);
  });

  it("puts the logged 401/403s through triage's classification too", () => {
    expect(result.triaged).toBeGreaterThan(300);
  });

  it("exercises every cause the generator can produce", () => {
    for (const cause of [
      "ok",
      "stage-not-found",
      "private-api-outside-vpce",
      "vpce-not-associated",
      "execute-api-endpoint-disabled",
      "wafFiltered",
      "missingAuthenticationToken",
      "resourcePolicyExplicitDeny",
      "resourcePolicyImplicitDeny",
      "iam-unsigned",
      "authorizerExplicitDeny",
      "authorizerUnauthorized",
      "key-missing",
      "key-unknown",
      "key-disabled",
      "no-plan-for-key-and-stage",
      "stage-in-no-plan",
      "quotaExceeded",
    ]) {
      expect(result.causes[cause] ?? 0, cause).toBeGreaterThan(0);
    }
  });

  it("finds no disagreement (each printed with its seed and scenario file)", () => {
    expect(result.mismatches.map(describeMismatch)).toEqual([]);
  });
});
