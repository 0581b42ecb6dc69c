/** PURE: which API Gateway endpoint a host name is, and where the stage sits in the path. */
import type { ApiTarget, BasePathMapping, HostInfo } from "./types";

const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const AWS_SUFFIX = "amazonaws\\.com(?:\\.cn)?";

/** {apiId}.execute-api.{region}.amazonaws.com[.cn] */
const EXECUTE_API_HOST = new RegExp(`^(?<apiId>[a-z0-9]{10})\\.execute-api\\.(?<region>${REGION})\\.${AWS_SUFFIX}$`);
/** {apiId}-{vpceId}.execute-api.{region}.amazonaws.com: the Route 53 alias of a private API */
const PRIVATE_API_ALIAS_HOST = new RegExp(`^(?<apiId>[a-z0-9]{10})-(?<vpceId>vpce-[0-9a-f]+)\\.execute-api\\.(?<region>${REGION})\\.${AWS_SUFFIX}$`);
/** vpce-0123abcd-xyz[-us-east-1a].execute-api.{region}.vpce.amazonaws.com: the endpoint's public DNS */
const VPC_ENDPOINT_HOST = new RegExp(`^(?<vpceId>vpce-[0-9a-f]+)-[a-z0-9]+(?:-${REGION}[a-z])?\\.execute-api\\.(?<region>${REGION})\\.vpce\\.${AWS_SUFFIX}$`);
/** gatecheck's simulator and LocalStack; ids there need not have AWS's 10 characters */
const LOCAL_SIM_HOST = /^(?<apiId>[a-z0-9]+)\.execute-api\.localhost(?:\.localstack\.cloud)?$/;
/** The simulator's VPC-endpoint names (sim/CONVENTIONS.md): `vpce-{id}.…` and `{apiId}-vpce-{id}.…` */
const LOCAL_VPCE_HOST = /^(?:(?<apiId>[a-z0-9]+)-)?(?<vpceId>vpce-[a-z0-9]+)\.execute-api\.localhost$/;
/** LocalStack's path-style invoke URL, also served by the simulator */
const LOCAL_SIM_PATH = /^\/restapis\/(?<apiId>[^/]+)\/(?<stage>[^/]+)\/_user_request_(?<rest>\/.*)?$/;

const API_ID = /^[a-z0-9]{10}$/;

/** Hosts that cannot be a custom domain: IPs, localhost and single-label names (e.g. a container). */
function isLocalHost(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.startsWith("[") || !host.includes(".") || host.endsWith(".localhost") || host === "localhost.localstack.cloud";
}

export function classifyHost(host: string): HostInfo {
  const name = host.toLowerCase().replace(/\.$/, "");
  const execute = EXECUTE_API_HOST.exec(name)?.groups;
  if (execute) return { hostKind: "execute-api", apiId: execute.apiId, region: execute.region };
  const alias = PRIVATE_API_ALIAS_HOST.exec(name)?.groups;
  if (alias) {
    return { hostKind: "vpc-endpoint", apiId: alias.apiId, region: alias.region, vpceId: alias.vpceId };
  }
  const vpce = VPC_ENDPOINT_HOST.exec(name)?.groups;
  if (vpce) return { hostKind: "vpc-endpoint", region: vpce.region, vpceId: vpce.vpceId };
  const localVpce = LOCAL_VPCE_HOST.exec(name)?.groups;
  if (localVpce) return { hostKind: "vpc-endpoint", vpceId: localVpce.vpceId, ...(localVpce.apiId ? { apiId: localVpce.apiId } : {}) };
  const sim = LOCAL_SIM_HOST.exec(name)?.groups;
  if (sim) return { hostKind: "local-sim", apiId: sim.apiId };
  return { hostKind: isLocalHost(name) ? "unknown" : "custom-domain" };
}

/** On execute-api style hosts the first path segment is the stage. */
function splitStage(rawPath: string): { stage?: string; resourcePath: string } {
  const match = /^\/(?<stage>[^/]+)(?<rest>\/.*)?$/.exec(rawPath)?.groups;
  if (!match) return { resourcePath: rawPath || "/" };
  return { stage: match.stage, resourcePath: match.rest ?? "/" };
}

/**
 * The API, stage and resource path a request targets, as far as host and path tell.
 * Calls through a VPC endpoint's own DNS name name the API in a `Host` header or in
 * `x-apigw-api-id`; those fill apiId (and region) when the host alone does not.
 */
export function locateApi(host: string | undefined, rawPath: string, routing: { hostHeader?: string; apiIdHeader?: string } = {}): ApiTarget {
  const info: HostInfo = host === undefined ? { hostKind: "unknown" } : classifyHost(host);

  if (info.hostKind === "unknown") {
    const local = LOCAL_SIM_PATH.exec(rawPath)?.groups;
    if (local) {
      return { hostKind: "local-sim", apiId: local.apiId, stage: local.stage, resourcePath: local.rest ?? "/" };
    }
  }
  if (info.hostKind === "unknown" || info.hostKind === "custom-domain") {
    // stage and resource path depend on base path mappings: see resolveBasePathMapping
    return { ...info, resourcePath: rawPath };
  }
  if (info.hostKind === "vpc-endpoint" && info.apiId === undefined) {
    const named = routing.hostHeader === undefined ? undefined : classifyHost(routing.hostHeader);
    if (named?.hostKind === "execute-api") {
      info.apiId = named.apiId;
      info.region = named.region;
    } else if (routing.apiIdHeader !== undefined && API_ID.test(routing.apiIdHeader)) {
      info.apiId = routing.apiIdHeader;
    }
  }
  return { ...info, ...splitStage(rawPath) };
}

const segments = (path: string): string[] => path.split("/").filter((s) => s !== "");

/**
 * The custom-domain mapping a path goes to: the longest matching basePath wins, whole segments
 * only, and "(none)" (or "") is the catch-all. Returns the mapping and the resource path left
 * after the base path, or null when no mapping matches (CUSTOM_DOMAIN_NO_MAPPING).
 */
export function resolveBasePathMapping(rawPath: string, mappings: readonly BasePathMapping[]): { mapping: BasePathMapping; resourcePath: string } | null {
  const path = segments(rawPath);
  let best: { mapping: BasePathMapping; depth: number } | null = null;
  for (const mapping of mappings) {
    const base = mapping.basePath === "(none)" ? [] : segments(mapping.basePath);
    const matches = base.length <= path.length && base.every((s, i) => s === path[i]);
    if (matches && (best === null || base.length > best.depth)) best = { mapping, depth: base.length };
  }
  if (best === null) return null;
  const rest = path.slice(best.depth).join("/");
  const trailingSlash = rest !== "" && rawPath.endsWith("/") ? "/" : "";
  return { mapping: best.mapping, resourcePath: `/${rest}${trailingSlash}` };
}
