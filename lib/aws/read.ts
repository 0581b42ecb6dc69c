import "server-only";
import { AwsCallError, toAwsFault } from "./errors";

/** Runs one AWS read; a failure becomes an AwsCallError naming the operation and the IAM action it needs. */
export async function read<T>(operation: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new AwsCallError(toAwsFault(err, operation, action));
  }
}

/** Reads that answer NotFound mean "there is no such object": null, not a failure. */
export async function readOrNull<T>(operation: string, action: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await read(operation, action, call);
  } catch (err) {
    if (err instanceof AwsCallError && err.fault.kind === "not-found") return null;
    throw err;
  }
}

/** Every item of every page of an SDK paginator. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}
