// What the server checks as it starts, and how it stops. Called from instrumentation.ts, which Next runs once in
// the server process before the first request is answered. No Next imports: the unit test runs it as it is.
import { subscribe } from "node:diagnostics_channel";
import type { Server } from "node:http";
import { AccountsConfigError, configuredAccounts } from "@/lib/accounts/config";
import { AuthConfigError, authMode, listenRefusal } from "@/lib/auth/config";

type Env = Record<string, string | undefined>;

/** The server starting: it stops at once (status 1, the reason on stderr) if the launch rule refuses it. */
export function onServerStart(): void {
  const refusal = launchRefusal();
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  boundShutdown(shutdownGraceMs());
}

/**
 * Why this server must not start, or null. Next's standalone server (server.js, what every launcher runs)
 * listens on HOSTNAME, or on every interface when it is unset.
 */
export function launchRefusal(env: Env = process.env): string | null {
  try {
    // A broken accounts file is found now, not at the first request that needs an account.
    configuredAccounts(env);
    return listenRefusal(env.HOSTNAME || "0.0.0.0", authMode(env));
  } catch (err) {
    if (err instanceof AuthConfigError || err instanceof AccountsConfigError) return err.message;
    throw err;
  }
}

export function shutdownGraceMs(env: Env = process.env): number {
  const configured = Number(env.GATECHECK_SHUTDOWN_GRACE_MS?.trim() || NaN);
  return Number.isFinite(configured) && configured >= 0 ? configured : 25_000;
}

/**
 * On SIGTERM or SIGINT, Next's own handler (next/dist/server/lib/start-server.js) stops accepting connections,
 * waits for the requests in flight, then exits with 128 + the signal's number. Here that wait gets a bound, and
 * a shutdown that finished its requests exits 0: orchestrators report any other code as a failure.
 */
export function boundShutdown(graceMs: number): void {
  for (const [signal, nextsCode] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    process.once(signal, () => {
      console.log(`gatecheck: ${signal}: finishing the requests in flight (at most ${graceMs} ms), then exiting`);
      // Next's close waits for every connection to end, and a client's keep-alive connection outlives its last
      // answer by the keep-alive timeout: each one is closed as soon as it falls idle.
      subscribe("http.server.response.finish", (message) => {
        const { server } = message as { server: Server };
        setImmediate(() => server.closeIdleConnections());
      });
      process.once("exit", (code) => {
        if (code === nextsCode) process.exitCode = 0;
      });
      setTimeout(() => {
        console.error(`gatecheck: requests still in flight after ${graceMs} ms (GATECHECK_SHUTDOWN_GRACE_MS): exiting without them`);
        process.exit(1);
      }, graceMs).unref();
    });
  }
}
