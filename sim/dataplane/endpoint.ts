// Which API and stage a data-plane call reaches, and how it got there (sim/CONVENTIONS.md "How a client
// reaches the data plane"), with the endpoint checks API Gateway makes before any stage exists for the call:
// endpoint type vs the host used, `disableExecuteApiEndpoint`.
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
  | { ok: false; cause: EndpointRefusal; reason: string };

/** Why no API was reached, for the request journal. */
export type EndpointRefusal =
  "no-api" | "no-base-path-mapping" | "vpce-without-api-id" | "private-api-outside-vpce" | "public-api-through-vpce" | "vpce-not-associated" | "execute-api-endpoint-disabled";

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

type Refusal = { cause: EndpointRefusal; reason: string };

function customDomainTarget(req: SimRequest, state: SimState, host: string): Target | Refusal {
  const domain = state.domainNames.find((d) => d.domainName === host);
  if (!domain) return { cause: "no-api", reason: `no API or custom domain for host ${host}` };
  // Longest base path first; "(none)" is the catch-all.
  const mapping = [...domain.basePathMappings]
    .filter((m) => m.basePath !== NO_BASE_PATH)
    .sort((a, b) => b.basePath.length - a.basePath.length)
    .find((m) => req.path === `/${m.basePath}` || req.path.startsWith(`/${m.basePath}/`));
  const chosen = mapping ?? domain.basePathMappings.find((m) => m.basePath === NO_BASE_PATH);
  if (!chosen) return { cause: "no-base-path-mapping", reason: `no base path mapping of ${host} matches ${req.path}` };
  const rest = mapping ? req.path.slice(mapping.basePath.length + 1) : req.path;
  return {
    apiId: chosen.restApiId,
    stageName: chosen.stage,
    path: rest || "/",
    reach: { kind: "custom-domain", domainName: host, basePath: chosen.basePath },
  };
}

function target(req: SimRequest, state: SimState): Target | Refusal {
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
    if (!apiId) return { cause: "vpce-without-api-id", reason: `call to ${host} without an x-apigw-api-id header` };
    return { apiId, ...splitStage(req.path), reach: { kind: "vpce", vpceId: vpce[1] ?? "", form: "public-dns" } };
  }
  const executeApi = EXECUTE_API_HOST.exec(host);
  if (executeApi) return { apiId: executeApi[1] ?? "", ...splitStage(req.path), reach: { kind: "execute-api" } };
  return customDomainTarget(req, state, host);
}

/** The API id a request names without any lookup (path-style, execute-api and VPC endpoint forms); undefined for a custom domain's host. */
export function namedApiId(req: SimRequest): string | undefined {
  const pathStyle = PATH_STYLE.exec(req.path);
  if (pathStyle) return pathStyle[1];
  const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  if (VPCE_HOST.test(host)) return req.headers["x-apigw-api-id"];
  return (API_SPECIFIC_VPCE_HOST.exec(host) ?? EXECUTE_API_HOST.exec(host))?.[1];
}

export const isPrivateApi = (api: SimRestApi): boolean => api.endpointConfiguration.types.includes("PRIVATE");

export function resolveEndpoint(req: SimRequest, state: SimState): EndpointResolution {
  const found = target(req, state);
  if ("cause" in found) return { ok: false, ...found };
  const { apiId, reach } = found;
  const refuse = (cause: EndpointRefusal, reason: string): EndpointResolution => ({ ok: false, cause, reason });
  // API ids are unique across regions, and an execute-api host name carries no region in the simulator.
  const api = state.restApis.find((a) => a.id === apiId);
  if (!api) return refuse("no-api", `no REST API ${apiId}`);
  const isPrivate = isPrivateApi(api);
  // x-apigw-api-id on a public API's own host: no public evidence that AWS refuses it (AWS-FACTS #3), so the
  // simulator serves the call and gatecheck only warns (an inferred behaviour is never a blocker).
  if (isPrivate && reach.kind !== "vpce") return refuse("private-api-outside-vpce", `private API ${apiId} called outside a VPC endpoint`);
  if (!isPrivate && reach.kind === "vpce") return refuse("public-api-through-vpce", `public API ${apiId} called through VPC endpoint ${reach.vpceId}`);
  if (reach.kind === "vpce" && reach.form === "api-specific" && !(api.endpointConfiguration.vpcEndpointIds ?? []).includes(reach.vpceId)) {
    return refuse("vpce-not-associated", `VPC endpoint ${reach.vpceId} is not associated with API ${apiId}`);
  }
  if (reach.kind === "execute-api" && api.disableExecuteApiEndpoint) {
    return refuse("execute-api-endpoint-disabled", `the execute-api endpoint of API ${apiId} is disabled`);
  }
  return { ok: true, api, stageName: found.stageName, path: found.path, reach };
}
