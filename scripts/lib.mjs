// Shared by the demo and test launchers: install what is missing, build when stale, run child processes.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function log(message) {
  console.log(`[gatecheck] ${message}`);
}

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  return result.status ?? 1;
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  if (newestMtime(marker) >= newestMtime(path.join(root, "package-lock.json"))) return;
  log("installing dependencies (npm ci)…");
  if (run("npm", ["ci", "--no-audit", "--no-fund"]) !== 0) throw new Error("npm ci failed");
}

/** Debian's Chromium for Playwright; a browser download from a CDN is not possible here. */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get…`);
  if (!aptInstall("chromium") || !fs.existsSync(CHROMIUM)) throw new Error("could not install chromium with apt-get; install it, or set CHROMIUM_PATH");
}

/** `apt-get update && apt-get install -y` of one Debian package, through sudo unless running as root. */
function aptInstall(pkg) {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => (process.getuid?.() === 0 ? run("apt-get", args, { env }) : run("sudo", ["apt-get", ...args], { env }));
  return apt(["update"]) === 0 && apt(["install", "-y", "--no-install-recommends", pkg]) === 0;
}

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? "/usr/bin/redis-server";

/** Debian's redis-server, which the tests of the Redis-shared cache and limits start on a port of their own. */
export function ensureRedis() {
  if (fs.existsSync(REDIS_SERVER)) return;
  log(`${REDIS_SERVER} is missing: installing Debian's redis-server with apt-get…`);
  if (!aptInstall("redis-server") || !fs.existsSync(REDIS_SERVER)) throw new Error("could not install redis-server with apt-get; install it, or set REDIS_SERVER_PATH");
}

const BUILD_INPUTS = ["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const STANDALONE = path.join(root, ".next", "standalone");

/** The built server: Next's standalone server.js, in a folder that holds everything it needs (the Docker image's /app). */
export const SERVER = path.join(STANDALONE, "server.js");

/**
 * `next build` when there is no build or a source is newer than it; then the static files go into the standalone
 * folder, which Next leaves out (for a CDN to serve), so that the server serves them itself.
 */
export function ensureBuild({ force = false } = {}) {
  const builtAt = newestMtime(path.join(root, ".next", "BUILD_ID"));
  const sourcesAt = Math.max(...BUILD_INPUTS.map((p) => newestMtime(path.join(root, p))));
  if (force || builtAt === 0 || builtAt < sourcesAt) {
    log("building the dashboard (next build)…");
    const status = run(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (status !== 0) return status;
  }
  fs.cpSync(path.join(root, ".next", "static"), path.join(STANDALONE, ".next", "static"), { recursive: true });
  if (fs.existsSync(path.join(root, "public"))) fs.cpSync(path.join(root, "public"), path.join(STANDALONE, "public"), { recursive: true });
  return 0;
}

/**
 * The environment of the built server: server.js listens on PORT and HOSTNAME (every interface when HOSTNAME is
 * unset, so it is always given) and runs in its own folder, so the snapshot folder is made absolute.
 */
export function serverEnv(port, host = "127.0.0.1") {
  return { PORT: String(port), HOSTNAME: host, GATECHECK_DATA_DIR: path.resolve(root, process.env.GATECHECK_DATA_DIR ?? ".data") };
}

/** `preferred` when nothing listens there, else any free loopback port. */
export function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err) => (preferred && err.code === "EADDRINUSE" ? freePort(0).then(resolve, reject) : reject(err)));
    server.listen(preferred, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a long-running child; resolves when `ready` matches a line of its output. */
export function startService(name, command, args, { env = {}, ready }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let resolved = false;
    const onLine = (line) => {
      if (!line) return;
      console.log(`[${name}] ${line}`);
      if (!resolved && ready.test(line)) {
        resolved = true;
        resolve(child);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        lines.forEach(onLine);
      });
    }
    child.once("exit", (code) => {
      if (!resolved) reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
}

/** Environment that points the AWS SDK at the local simulator with throwaway credentials. */
export function simulatorAwsEnv(endpoint) {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "AKIDGATECHECKDEMO",
    AWS_SECRET_ACCESS_KEY: "gatecheck-demo-secret",
    AWS_REGION: "us-east-1",
    AWS_PROFILE: "",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
