import "server-only";
import { Redis } from "ioredis";

// The Redis (or Valkey) several instances share: GATECHECK_REDIS_URL, every key under GATECHECK_REDIS_PREFIX (default
// `gatecheck:`) so deployments can share one server. Redis speeds things up but is never needed: whoever uses it falls
// back to this process's own state when it is unreachable, so commands fail fast (no offline queue, short timeouts)
// instead of queueing, and an outage is logged once.

const CONNECT_TIMEOUT_MS = 1_000;
const COMMAND_TIMEOUT_MS = 1_000;

export interface SharedRedis {
  /** For commands; it fails at once while Redis is unreachable. */
  client: Redis;
  prefix: string;
  /** Whether commands can be sent now; waits out the first connection attempt only. */
  usable(): Promise<boolean>;
  /** Calls `onMessage` with each message on `channel`, through a second connection (a subscribed one takes no other command), subscribed again after every outage. */
  subscribe(channel: string, onMessage: (text: string) => void): void;
  /** Reports a command that failed: the first failure of an outage is logged. */
  failed(err: unknown): void;
  close(): Promise<void>;
}

export function connectRedis(url: string, prefix = "gatecheck:"): SharedRedis {
  let outage = false;
  const failed = (err: unknown) => {
    if (outage) return;
    outage = true;
    // The message names the setting, never the URL (it may hold a password).
    const why = err instanceof Error ? err.message : String(err);
    console.warn(`gatecheck: Redis (GATECHECK_REDIS_URL) is unreachable (${why}): reads are cached and limits counted in this process only until it is back`);
  };
  const client = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail instead of waiting for a reconnection.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  client.on("error", failed);
  client.on("ready", () => (outage = false));
  const firstConnection = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_TIMEOUT_MS);
    timer.unref();
    client.once("ready", resolve);
    client.once("error", resolve);
  });
  let subscriber: Redis | null = null;
  return {
    client,
    prefix,
    async usable() {
      if (client.status !== "ready") await firstConnection;
      if (client.status === "ready") return true;
      failed(new Error(`the connection is ${client.status}`));
      return false;
    },
    subscribe(channel, onMessage) {
      subscriber ??= client.duplicate({ autoResubscribe: false }).on("error", failed);
      const connection = subscriber;
      const join = () => void connection.subscribe(channel).catch(failed);
      connection.on("ready", join).on("message", (from: string, text: string) => {
        if (from === channel) onMessage(text);
      });
      if (connection.status === "ready") join();
    },
    failed,
    async close() {
      await Promise.all([client, subscriber].map((c) => c?.quit().catch(() => c.disconnect())));
    },
  };
}

let shared: SharedRedis | null | undefined;

/** This process's connection to the configured Redis, or null without GATECHECK_REDIS_URL. */
export function sharedRedis(): SharedRedis | null {
  if (shared === undefined) {
    const url = process.env.GATECHECK_REDIS_URL?.trim();
    shared = url ? connectRedis(url, process.env.GATECHECK_REDIS_PREFIX ?? "gatecheck:") : null;
  }
  return shared;
}
