import { AwsCallError } from "@/lib/aws/errors";
import type { ReadGap } from "./types";

/** An AWS fault as a gap in what gatecheck could read; anything else is a bug and is rethrown. */
export function toReadGap(err: unknown): ReadGap {
  if (err instanceof AwsCallError) {
    const { operation, action, code, kind, message } = err.fault;
    return { operation, action, code, kind, message };
  }
  throw err;
}
