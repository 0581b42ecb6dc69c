// Which API and stage a data-plane call reaches, and how it got there (sim/CONVENTIONS.md "How a client
// reaches the data plane"), with the endpoint checks API Gateway makes before any stage exists for the call:
// endpoint type vs the host used, `disableExecuteApiEndpoint`, `x-apigw-api-id` on a public API.
import type { SimRequest } from "../http";
import type { SimRestApi, SimState } from "../state";

export type Reach =
  | { kind: "execute-api" }
  /** `vpce-{id}.execute-api…` + `x-apigw-api-id` (public DNS), or `{apiId}-vpce-{id}.execute-api…`. */
  | { kind: "vpce"; vpceId: string; form: "public-dns" | "api-specific" }
  | { kind: "custom-domain"; domainName: string; basePath: string };

export type EndpointResolution =
  | {
      ok: true;
      api: SimRestApi;
      /** "" when the URL has no stage segment. */
      stageName: string;
      /** The path inside the stage, always starting with `/`. */
      path: string;
      reach: Reach;
    }
  /** API Gateway answers 403 Forbidden and logs nothing: no stage of any API was reached. */
  | { ok: false; reason: string };

const PATH_STYLE = /^\/restapis\/([^/]+)\/([^/]+)\/_user_request_(\/.*)?$/;
const API_SPECIFIC_VPCE_HOST = /^([a-z0-9]+)-(vpce-[a-z0-9]+)\.execute-api\.localhost$/;
const VPCE_HOST = /^(vpce-[a-z0-9]+)\.execute-api\.localhost$/;
const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\.localhost$/;
const NO_BASE_PATH = "(none)";

interface Target {
  apiId: string;
  stageName: string;
  path: string;
  reach: Reach;
}

/** `/{stage}/{rest…}` → stage and `/{rest…}`. */
function splitStage(path: string): { stageName: string; path: string } {
  const [, stageName = "", rest = ""] = /^\/([^/]*)(\/.*)?$/.exec(path) ?? [];
  return { stageName, path: rest || "/" };
}

function customDomainTarget(req: SimRequest, state: SimState, host: string): Target | string {
  const domain = state.domainNames.find((d) => d.domainName === host);
  if (!domain) return `no API or custom domain for host ${host}`;
  // Longest base path first; "(none)" is the catch-all.
  const mapping = [...domain.basePathMappings]
    .filter((m) => m.basePath !== NO_BASE_PATH)
    .sort((a, b) => b.basePath.length - a.basePath.length)
    .find((m) => req.path === `/${m.basePath}` || req.path.startsWith(`/${m.basePath}/`));
  const chosen = mapping ?? domain.basePathMappings.find((m) => m.basePath === NO_BASE_PATH);
  if (!chosen) return `no base path mapping of ${host} matches ${req.path}`;
  const rest = mapping ? req.path.slice(mapping.basePath.length + 1) : req.path;
  return {
    apiId: chosen.restApiId,
    stageName: chosen.stage,
    path: rest || "/",
    reach: { kind: "custom-domain", domainName: host, basePath: chosen.basePath },
  };
}

function target(req: SimRequest, state: SimState): Target | string {
  const pathStyle = PATH_STYLE.exec(req.path);
  if (pathStyle) {
    const [, apiId = "", stageName = "", rest] = pathStyle;
    return { apiId, stageName, path: rest ?? "/", reach: { kind: "execute-api" } };
  }
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  const apiSpecific = API_SPECIFIC_VPCE_HOST.exec(host);
  if (apiSpecific) {
    const [, apiId = "", vpceId = ""] = apiSpecific;
    return { apiId, ...splitStage(req.path), reach: { kind: "vpce", vpceId, form: "api-specific" } };
  }
  const vpce = VPCE_HOST.exec(host);
  if (vpce) {
    const apiId = req.headers["x-apigw-api-id"];
    // The endpoint's public DNS name serves every private API it may reach: the header picks one.
    if (!apiId) return `call to ${host} without an x-apigw-api-id header`;
    return { apiId, ...splitStage(req.path), reach: { kind: "vpce", vpceId: vpce[1] ?? "", form: "public-dns" } };
  }
  const executeApi = EXECUTE_API_HOST.exec(host);
  if (executeApi) return { apiId: executeApi[1] ?? "", ...splitStage(req.path), reach: { kind: "execute-api" } };
  return customDomainTarget(req, state, host);
}

export const isPrivateApi = (api: SimRestApi): boolean => api.endpointConfiguration.types.includes("PRIVATE");

export function resolveEndpoint(req: SimRequest, state: SimState): EndpointResolution {
  const found = target(req, state);
  if (typeof found === "string") return { ok: false, reason: found };
  const { apiId, reach } = found;
  // API ids are unique across regions, and an execute-api host name carries no region in the simulator.
  const api = state.restApis.find((a) => a.id === apiId);
  if (!api) return { ok: false, reason: `no REST API ${apiId}` };
  const isPrivate = isPrivateApi(api);
  if (req.headers["x-apigw-api-id"] !== undefined && !isPrivate) {
    return { ok: false, reason: `x-apigw-api-id sent to ${api.endpointConfiguration.types.join(",")} API ${apiId}` };
  }
  if (isPrivate && reach.kind !== "vpce") return { ok: false, reason: `private API ${apiId} called outside a VPC endpoint` };
  if (!isPrivate && reach.kind === "vpce") return { ok: false, reason: `public API ${apiId} called through VPC endpoint ${reach.vpceId}` };
  if (reach.kind === "vpce" && reach.form === "api-specific" && !(api.endpointConfiguration.vpcEndpointIds ?? []).includes(reach.vpceId)) {
    return { ok: false, reason: `VPC endpoint ${reach.vpceId} is not associated with API ${apiId}` };
  }
  if (reach.kind === "execute-api" && api.disableExecuteApiEndpoint) {
    return { ok: false, reason: `the execute-api endpoint of API ${apiId} is disabled` };
  }
  return { ok: true, api, stageName: found.stageName, path: found.path, reach };
}
