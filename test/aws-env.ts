// Points gatecheck's AWS clients at a simulator the way a user points them anywhere: the SDK's standard
// variables. No test-runner imports, so scripts (the bench, the fuzz run) use it too.
import { TEST_CREDENTIALS } from "@/sim/testing";

const VARIABLES = ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "GATECHECK_AWS_PACING"] as const;

/**
 * Returns a function that restores the previous environment. `pacing: false` skips the client-side pacing
 * meant for AWS's quotas (a stand-in has none), for tests that make thousands of calls.
 */
export function pointAwsAt(endpoint: string, region = "us-east-1", options: { pacing?: boolean } = {}): () => void {
  const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  const wanted: Record<(typeof VARIABLES)[number], string | undefined> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: region,
    GATECHECK_AWS_PACING: options.pacing === false ? "off" : undefined,
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
