// Points gatecheck's AWS clients at a simulator the way a user points them anywhere: the SDK's standard
// variables. Returns a function that restores the previous environment.
import { afterAll, beforeAll } from "vitest";
import type { SimOptions } from "@/sim/server";
import { TEST_CREDENTIALS, startSim, type RunningSim } from "@/sim/testing";

const VARIABLES = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION"] as const;

export function pointAwsAt(endpoint: string, region = "us-east-1"): () => void {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  const wanted: Record<(typeof VARIABLES)[number], string | undefined> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: region,
  };
  for (const name of VARIABLES) setEnv(name, wanted[name]);
  return () => {
    for (const name of VARIABLES) setEnv(name, saved[name]);
  };
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** A simulator for the whole test file, with gatecheck's clients pointed at it; call the result inside tests. */
export function simulatorForFile(options: SimOptions = {}): () => RunningSim {
  let running: RunningSim | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    running = await startSim(options);
    restore = pointAwsAt(running.endpoint);
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
