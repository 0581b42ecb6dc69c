// The built server as the Docker image runs it (issue 12, items 1, 6 and 7): the runtime stage's folder copied out
// of the repository, as its COPY does, started with the stage's CMD and environment on the Node that runs these
// tests (Node 24 under `npm test`), against a simulator of its own. No Docker engine runs here.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startSim, type RunningSim } from "../sim/testing";
import { readDockerfile, REPO } from "../test/dockerfile";
import { byName } from "./scenarios";

const { runtime } = readDockerfile();
const call = byName("key-in-no-plan").expect!.call;
const diagnosePath = `/api/v1/diagnose?${new URLSearchParams({ region: "us-east-1", api: call.apiId!, stage: call.stage!, method: call.method!, path: call.path!, key: call.keyId! })}`;

let image: string;
let sim: RunningSim;

interface Server {
  url: string;
  port: number;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<number | null>;
  output: () => string;
}

function freePort(): Promise<number> {
  const probe = net.createServer();
  return new Promise((resolve) =>
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    }),
  );
}

/** The image's CMD in the copied folder: the stage's environment, then the test's settings (a free port, loopback unless given). */
async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const [command, ...args] = runtime.cmd;
  expect(command).toBe("node");
  const child = spawn(process.execPath, args, {
    cwd: image,
    env: {
      ...process.env,
      ...runtime.env,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      GATECHECK_DATA_DIR: path.join(image, "..", "data"),
      AWS_ENDPOINT_URL: sim.endpoint,
      AWS_ACCESS_KEY_ID: "AKIDSTANDALONE",
      AWS_SECRET_ACCESS_KEY: "standalone-secret",
      AWS_REGION: "us-east-1",
      GATECHECK_AWS_PACING: "off",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { url: `http://127.0.0.1:${port}`, port, kill: (signal: NodeJS.Signals) => void child.kill(signal), exited, output: () => output };
}

/** A server that answers /api/health. */
async function upServer(env: Record<string, string> = {}): Promise<Server> {
  const server = await startServer(env);
  let gone = false;
  void server.exited.then(() => (gone = true));
  for (let i = 0; i < 100 && !gone; i++) {
    const ok = await fetch(`${server.url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill("SIGKILL");
  throw new Error(`the server did not come up:\n${server.output()}`);
}

const connect = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve("connected")));
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
  });

/** The image's HEALTHCHECK command, run as Docker would inside the container. */
const healthcheck = (server: Server) => {
  const [command, ...args] = runtime.healthcheck;
  expect(command).toBe("node");
  return spawnSync(process.execPath, args, { env: { ...process.env, ...runtime.env, PORT: String(server.port) }, timeout: 10_000 }).status;
};

test.beforeAll(async () => {
  // COPY --from=build /app/.next/standalone ./ — the build stage's /app is this repository after `npm run build`.
  const [copy] = runtime.copies;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-image-"));
  image = path.join(root, "app");
  fs.cpSync(path.join(REPO, path.relative("/app", copy!.sources[0]!)), image, { recursive: true });
  sim = await startSim();
});

test.afterAll(async () => {
  await sim?.close();
  if (image) fs.rmSync(path.dirname(image), { recursive: true, force: true });
});

test.afterEach(() => {
  sim.sim.faults = { ...sim.sim.faults, latencyMs: 0 };
});

test("the image's folder, outside the repository, serves pages with their static files, /api/health and /api/ready; the HEALTHCHECK passes", async () => {
  const server = await upServer();
  try {
    const health = await fetch(`${server.url}/api/health`);
    expect([health.status, health.headers.get("cache-control"), await health.json()]).toEqual([200, "no-store", { status: "ok" }]);
    const ready = await fetch(`${server.url}/api/ready`);
    expect([ready.status, ready.headers.get("cache-control"), await ready.json()]).toEqual([200, "no-store", { status: "ready", checks: { aws: { status: "ok" } } }]);
    const page = await (await fetch(`${server.url}/`)).text();
    const stylesheet = /\/_next\/static\/[^"]+\.css/.exec(page)?.[0];
    expect(stylesheet, "the page links its stylesheet").toBeTruthy();
    expect((await fetch(`${server.url}${stylesheet}`)).status).toBe(200);
    expect(healthcheck(server)).toBe(0);
  } finally {
    server.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }
  expect(healthcheck(server)).not.toBe(0);
});

test("SIGTERM: the diagnosis in flight completes, a new connection is refused, then the process exits 0", async () => {
  const server = await upServer();
  sim.sim.faults = { ...sim.sim.faults, latencyMs: 700 }; // two rounds of AWS calls: ~2 s
  const started = performance.now();
  const inFlight = fetch(`${server.url}${diagnosePath}`).then(async (r) => ({ status: r.status, body: (await r.json()) as { verdict?: string }, at: performance.now() - started }));
  await new Promise((r) => setTimeout(r, 500));
  server.kill("SIGTERM");
  const signalledAt = performance.now() - started;
  await new Promise((r) => setTimeout(r, 200));
  expect(await connect(server.port)).toBe("ECONNREFUSED");
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(answer.body.verdict).toBe("forbidden");
  expect(answer.at).toBeGreaterThan(signalledAt + 500);
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain("SIGTERM: finishing the requests in flight");
});

test("a shutdown is bounded by GATECHECK_SHUTDOWN_GRACE_MS: past it the process exits 1 without the request", async () => {
  const server = await upServer({ GATECHECK_SHUTDOWN_GRACE_MS: "300" });
  sim.sim.faults = { ...sim.sim.faults, latencyMs: 1_500 };
  const inFlight = fetch(`${server.url}${diagnosePath}`).then(
    (r) => r.status,
    () => "cut",
  );
  await new Promise((r) => setTimeout(r, 300));
  const signalled = performance.now();
  server.kill("SIGTERM");
  expect(await server.exited).toBe(1);
  expect(performance.now() - signalled).toBeLessThan(1_500);
  expect(await inFlight).toBe("cut");
  expect(server.output()).toContain("requests still in flight after 300 ms");
});

test("without sign-in the image's own HOSTNAME (every interface) is refused with the reason; GATECHECK_AUTH=none lets it listen", async () => {
  expect(runtime.env.HOSTNAME).toBe("0.0.0.0");
  const refused = await startServer({ HOSTNAME: runtime.env.HOSTNAME! });
  expect(await refused.exited).toBe(1);
  expect(refused.output()).toContain("gatecheck has no sign-in configured, so it listens on loopback only (asked: 0.0.0.0)");
  expect(await connect(refused.port)).toBe("ECONNREFUSED");

  const misconfigured = await startServer({ GATECHECK_OIDC_ISSUER: "https://idp.example" });
  expect(await misconfigured.exited).toBe(1);
  expect(misconfigured.output()).toContain("OpenID Connect sign-in needs GATECHECK_OIDC_CLIENT_ID");

  const open = await upServer({ HOSTNAME: runtime.env.HOSTNAME!, GATECHECK_AUTH: "none" });
  open.kill("SIGINT");
  expect(await open.exited).toBe(0);
});
