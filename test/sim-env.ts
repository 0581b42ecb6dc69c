// A simulator per vitest file, with gatecheck's AWS clients pointed at it.
import { afterAll, beforeAll } from "vitest";
import type { SimOptions } from "@/sim/server";
import { startSim, type RunningSim } from "@/sim/testing";
import { pointAwsAt } from "./aws-env";

export { pointAwsAt };

/**
 * A simulator for the whole test file, with gatecheck's clients pointed at it; call the result inside tests.
 * `pacing: false` skips the pacing meant for AWS's quotas.
 */
export function simulatorForFile(options: SimOptions & { pacing?: boolean } = {}): () => RunningSim {
  const { pacing, ...simOptions } = options;
  let running: RunningSim | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    running = await startSim(simOptions);
    restore = pointAwsAt(running.endpoint, "us-east-1", pacing === undefined ? {} : { pacing });
  }, 120_000);
  afterAll(async () => {
    restore?.();
    await running?.close();
  });
  return () => {
    if (!running) throw new Error("the simulator is not started yet (use it inside tests or later hooks)");
    return running;
  };
}
