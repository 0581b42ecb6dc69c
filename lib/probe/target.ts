// Where the probe may send a request: only to hosts that belong to the selected API. PURE (no DNS here).
import type { RequestFacts } from "@/lib/request/types";

export type ProbeMode =
  /** Real AWS: execute-api and custom-domain names, resolved and checked before connecting. */
  | { kind: "aws" }
  /** A configured stand-in (AWS_ENDPOINT_URL: the simulator, LocalStack): every call goes to it, nothing else. */
  | { kind: "endpoint"; endpoint: URL };

export interface ProbeTarget {
  /** Where to connect. */
  protocol: "http:" | "https:";
  hostname: string;
  port: number;
  /** The Host header API Gateway routes by. */
  hostHeader: string;
  /** Path and query as sent. */
  path: string;
  /** An AWS name that must resolve to public addresses only. */
  resolveAndCheck: boolean;
}

export type TargetResult = { ok: true; target: ProbeTarget } | { ok: false; reason: string };

export interface ApiHosts {
  apiId: string;
  region: string;
  /** Custom domain names mapped to this API. */
  customDomains: string[];
}

const refuse = (reason: string): TargetResult => ({ ok: false, reason });

/**
 * First path segments a stand-in answers itself on any host: the simulator's /_sim, LocalStack's /_localstack
 * and /_aws (all of "_…"), moto's /moto-api, and the REST API control plane /restapis outside _user_request_.
 */
const STAND_IN_ADMIN_SEGMENTS = new Set(["moto-api", "restapis", "apikeys", "usageplans", "domainnames", "account", "apis"]);

export function probeTarget(facts: RequestFacts, api: ApiHosts, mode: ProbeMode): TargetResult {
  if (!facts.url) return refuse("the request has no absolute URL to send to");
  let url: URL;
  try {
    url = new URL(facts.url);
  } catch {
    return refuse("the URL does not parse");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return refuse(`only http and https can be sent, not ${url.protocol.replace(":", "")}`);
  if (url.username || url.password) return refuse("URLs with credentials (user@host) are not sent");
  const host = url.hostname.toLowerCase();
  const path = `${url.pathname}${url.search}`;
  const executeApiHost = `${api.apiId}.execute-api.${api.region}.amazonaws.com`;

  if (mode.kind === "aws") {
    if (url.protocol !== "https:") return refuse("API Gateway answers on https only");
    if (url.port && url.port !== "443") return refuse("API Gateway answers on port 443 only");
    if (host !== executeApiHost && !api.customDomains.includes(host)) {
      return refuse(`${host} is neither ${executeApiHost} nor a custom domain of API ${api.apiId}`);
    }
    return { ok: true, target: { protocol: "https:", hostname: host, port: 443, hostHeader: host, path, resolveAndCheck: true } };
  }

  // Stand-in mode: the AWS names of the API map onto the endpoint's own host routing.
  const endpoint = mode.endpoint;
  const endpointPort = Number(endpoint.port || (endpoint.protocol === "https:" ? 443 : 80));
  const toEndpoint = (hostHeader: string): TargetResult => ({
    ok: true,
    target: { protocol: endpoint.protocol === "https:" ? "https:" : "http:", hostname: endpoint.hostname, port: endpointPort, hostHeader, path, resolveAndCheck: false },
  });
  const samePort = !url.port || Number(url.port) === endpointPort;
  // A stand-in serves its own admin and control plane on every host; only the invoke path reaches the API.
  const segments = url.pathname.split("/");
  const firstSegment = segments[1]?.toLowerCase() ?? "";
  // LocalStack's and the simulator's path form of an invocation: /restapis/{api}/{stage}/_user_request_/…
  const userRequest = firstSegment === "restapis" && segments[2] === api.apiId && segments.length > 4 && segments[3] !== "" && segments[4] === "_user_request_";
  if (!userRequest && (firstSegment.startsWith("_") || STAND_IN_ADMIN_SEGMENTS.has(firstSegment))) {
    return refuse(`/${firstSegment}/ is the stand-in's own admin or control plane, not an invoke path of API ${api.apiId}`);
  }
  if (host === executeApiHost) return toEndpoint(`${api.apiId}.execute-api.localhost`);
  if (api.customDomains.includes(host)) return toEndpoint(host);
  if (host === `${api.apiId}.execute-api.localhost` && samePort) return toEndpoint(host);
  if (host === endpoint.hostname && samePort && userRequest) return toEndpoint(`${endpoint.hostname}:${endpointPort}`);
  return refuse(`${host}${url.port ? `:${url.port}` : ""} is not a host of API ${api.apiId}`);
}
