import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isForbiddenAddress } from "./addresses";
import type { ProbeTarget } from "./target";

export const PROBE_TIMEOUT_MS = 10_000;
export const PROBE_BODY_LIMIT = 64 * 1024;

export interface ProbeRequest {
  method: string;
  headers: { name: string; value: string }[];
  body?: string;
}

export interface ProbeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyTruncated: boolean;
  durationMs: number;
}

export class ProbeRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ProbeRefused";
  }
}

type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/** Headers a client must not choose: the probe sets the connection's own. */
const HOP_BY_HOP = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive", "upgrade", "proxy-connection", "te", "trailer"]);

/**
 * Sends one request, never following redirects, within PROBE_TIMEOUT_MS and reading at most PROBE_BODY_LIMIT.
 * AWS names are resolved here and every address checked, and the connection uses exactly the checked address
 * (no second lookup an attacker's DNS could answer differently).
 */
export async function sendProbe(target: ProbeTarget, request: ProbeRequest, resolve: Resolve = systemResolve): Promise<ProbeResponse> {
  let lookup: LookupFunction | undefined;
  if (target.resolveAndCheck) {
    const addresses = await resolve(target.hostname).catch(() => {
      throw new ProbeRefused(`${target.hostname} does not resolve`);
    });
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (addresses.length === 0 || bad) throw new ProbeRefused(`${target.hostname} resolves to a private or local address (${bad?.address ?? "none"})`);
    const pinned = addresses[0]!;
    lookup = (_host, options, callback) => {
      if (typeof options === "object" && options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
  }
  const headers: Record<string, string> = { host: target.hostHeader };
  for (const h of request.headers) if (!HOP_BY_HOP.has(h.name.toLowerCase())) headers[h.name] = h.value;
  if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));

  const started = performance.now();
  const transport = target.protocol === "https:" ? https : http;
  return new Promise<ProbeResponse>((resolvePromise, reject) => {
    const req = transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: request.method,
        path: target.path,
        headers,
        timeout: PROBE_TIMEOUT_MS,
        ...(lookup ? { lookup } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on("data", (chunk: Buffer) => {
          if (size >= PROBE_BODY_LIMIT) {
            truncated = true;
            res.destroy();
            return;
          }
          chunks.push(chunk.subarray(0, PROBE_BODY_LIMIT - size));
          size += chunk.length;
          if (size > PROBE_BODY_LIMIT) truncated = true;
        });
        const finish = () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
            body: Buffer.concat(chunks).toString("utf8"),
            bodyTruncated: truncated,
            durationMs: Math.round(performance.now() - started),
          });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new ProbeRefused(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)));
    req.on("error", (err) => reject(err instanceof ProbeRefused ? err : new ProbeRefused(`could not reach ${target.hostHeader}: ${err.message}`)));
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
