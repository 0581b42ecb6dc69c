// gatecheck instances as separate processes (scripts/instance.ts), for the tests and the bench of several instances
// sharing a simulator, a Redis and a bucket. No test-runner imports, so scripts use it too.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

/** A diagnosis link as the page shares it, with its window fixed so that every viewer asks the same. */
export function diagnosisLinkOf(call: { apiId?: string | undefined; stage?: string | undefined; method?: string | undefined; path?: string | undefined; keyId?: string | undefined }): URLSearchParams {
  const to = Date.now();
  return new URLSearchParams({
    region: "us-east-1",
    api: call.apiId!,
    stage: call.stage!,
    method: call.method!,
    path: call.path!,
    key: call.keyId!,
    from: new Date(to - 3_600_000).toISOString(),
    to: new Date(to).toISOString(),
  });
}

export interface RunningInstance {
  url: string;
  stop(): Promise<void>;
}

/** Starts one instance with this environment on top of the current one (`undefined` unsets a variable). */
export function startInstance(env: Record<string, string | undefined>): Promise<RunningInstance> {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  const child = spawn(process.execPath, [tsx, "--conditions=react-server", "--tsconfig", "tsconfig.json", "scripts/instance.ts", "--port", "0"], {
    cwd: root,
    env: merged,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /instance listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        child.stdout.off("data", onData);
        resolve({
          url,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    void exited.then(() => reject(new Error(`the instance exited before it was ready:\n${output.slice(-2_000)}`)));
  });
}
