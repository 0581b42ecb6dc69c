// `npm run fuzz -- --configs 5000 [--seed N] [--requests 6]`: the differential test (test/differential.ts) at any
// size, outside vitest. Prints each disagreement with its seed and scenario file; exits 1 when there is one.
import { parseArgs } from "node:util";
import { startSim } from "@/sim/testing";
import { pointAwsAt } from "@/test/aws-env";
import { describeMismatch, runDifferential } from "@/test/differential";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { configs: { type: "string", default: "200" }, seed: { type: "string", default: "1" }, requests: { type: "string", default: "6" } } });
  const running = await startSim({ replayTraffic: false });
  // A local stand-in has no account quota to pace under.
  pointAwsAt(running.endpoint, "us-east-1", { pacing: false });
  const started = performance.now();
  const result = await runDifferential(running.sim, { configs: Number(values.configs), firstSeed: Number(values.seed), requestsPerConfig: Number(values.requests) });
  await running.close();
  for (const m of result.mismatches) console.log(describeMismatch(m));
  console.log(
    Object.entries(result.causes)
      .sort((a, b) => b[1] - a[1])
      .map(([cause, n]) => `${cause} ${n}`)
      .join(", "),
  );
  console.log(
    `${result.configs} configurations × 2 (logging on, off), ${result.requests} requests (${result.triaged} also through triage), ${result.mismatches.length} disagreements, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exit(result.mismatches.length ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
