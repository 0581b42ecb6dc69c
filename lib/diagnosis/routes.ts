// Matching a called path and verb against a route table, the way API Gateway picks a resource:
// literal segments beat `{param}`, which beats `{proxy+}`; the verb beats ANY.
import type { AuthorizationType, DeployedRoutes, Resource } from "@/lib/aws/types";

export interface RouteMatch {
  /** The resource path template (`/orders/{id}`). */
  template: string;
  /** The verb that matched: the called one, or ANY. */
  verb: string;
  apiKeyRequired: boolean;
  authorizationType: AuthorizationType;
}

export function routesOfDraft(resources: Resource[]): DeployedRoutes {
  const routes: DeployedRoutes = {};
  for (const resource of resources) {
    for (const method of resource.methods) {
      (routes[resource.path] ??= {})[method.httpMethod] = { apiKeyRequired: method.apiKeyRequired, authorizationType: method.authorizationType };
    }
  }
  return routes;
}

const segmentsOf = (path: string) => path.split("/").filter(Boolean);

/** 3 per literal segment, 2 per `{param}`, 1 for `{proxy+}`; null when the template does not match. */
function score(template: string, path: string): number | null {
  if (template === path) return Number.MAX_SAFE_INTEGER;
  const t = segmentsOf(template);
  const p = segmentsOf(path);
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const part = t[i]!;
    if (/^\{[^}]+\+\}$/.test(part)) return i < p.length ? total + 1 : null;
    const actual = p[i];
    if (actual === undefined) return null;
    if (/^\{[^}]+\}$/.test(part)) total += 2;
    else if (part === actual) total += 3;
    else return null;
  }
  return t.length === p.length ? total : null;
}

export function matchRoute(routes: DeployedRoutes, path: string, verb: string): RouteMatch | null {
  let best: { template: string; score: number } | null = null;
  for (const template of Object.keys(routes)) {
    const s = score(template, path);
    const verbs = routes[template]!;
    if (s !== null && (verbs[verb] || verbs.ANY) && (!best || s > best.score)) best = { template, score: s };
  }
  if (!best) return null;
  const verbs = routes[best.template]!;
  const matchedVerb = verbs[verb] ? verb : "ANY";
  return { template: best.template, verb: matchedVerb, ...verbs[matchedVerb]! };
}

/** Whether some template matches the path with any verb (a verb problem rather than a path problem). */
export function pathExists(routes: DeployedRoutes, path: string): boolean {
  return Object.keys(routes).some((template) => score(template, path) !== null);
}

/** The template closest to a path, for "did you mean" hints. */
export function nearestPath(routes: DeployedRoutes, path: string): string | null {
  let best: { template: string; distance: number } | null = null;
  for (const template of Object.keys(routes)) {
    const distance = editDistance(template.toLowerCase(), path.toLowerCase());
    if (!best || distance < best.distance) best = { template, distance };
  }
  return best && best.distance <= Math.max(3, Math.floor(path.length / 2)) ? best.template : null;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest of `names` to `wanted` (case-insensitive first), for STAGE_NOT_FOUND and unknown APIs. */
export function closestName(names: string[], wanted: string): string | null {
  const caseInsensitive = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  if (caseInsensitive) return caseInsensitive;
  let best: { name: string; distance: number } | null = null;
  for (const name of names) {
    const distance = editDistance(name.toLowerCase(), wanted.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.name : null;
}
