// Matching a called path and verb against a route table, the way API Gateway picks a resource: segment by
// segment a literal beats `{param}`, which beats `{proxy+}`, among the resources that have the verb or ANY —
// a resource lacking the verb does not stop a `{proxy+}` sibling from serving it (docs/order-of-evaluation.md).
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

/** Per segment 3 for a literal, 2 for `{param}`, 1 for `{proxy+}`; null when the template does not match. */
function rank(template: string, path: string): number[] | null {
  const t = segmentsOf(template);
  const p = segmentsOf(path);
  const ranks: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const part = t[i]!;
    if (/^\{[^}]+\+\}$/.test(part)) return i < p.length ? [...ranks, 1] : null;
    const actual = p[i];
    if (actual === undefined) return null;
    if (/^\{[^}]+\}$/.test(part)) ranks.push(2);
    else if (part === actual) ranks.push(3);
    else return null;
  }
  return t.length === p.length ? ranks : null;
}

/** Lexicographic: the first segment where two matches differ decides (API Gateway walks the tree from the root). */
function moreSpecific(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}

export function matchRoute(routes: DeployedRoutes, path: string, verb: string): RouteMatch | null {
  let best: { template: string; rank: number[] } | null = null;
  for (const template of Object.keys(routes)) {
    const r = rank(template, path);
    const verbs = routes[template]!;
    if (r !== null && (verbs[verb] || verbs.ANY) && (!best || moreSpecific(r, best.rank))) best = { template, rank: r };
  }
  if (!best) return null;
  const verbs = routes[best.template]!;
  const matchedVerb = verbs[verb] ? verb : "ANY";
  return { template: best.template, verb: matchedVerb, ...verbs[matchedVerb]! };
}

/** What a deployment of the draft would change: `VERB /path added|removed|apiKeyRequired …|authorizationType …`. */
export function routeDifferences(draft: DeployedRoutes, deployed: DeployedRoutes): string[] {
  const out: string[] = [];
  for (const path of [...new Set([...Object.keys(draft), ...Object.keys(deployed)])].sort()) {
    for (const verb of [...new Set([...Object.keys(draft[path] ?? {}), ...Object.keys(deployed[path] ?? {})])].sort()) {
      const d = draft[path]?.[verb];
      const live = deployed[path]?.[verb];
      if (d && !live) out.push(`${verb} ${path} added`);
      else if (!d && live) out.push(`${verb} ${path} removed`);
      else if (d && live) {
        if (d.apiKeyRequired !== live.apiKeyRequired) out.push(`${verb} ${path} apiKeyRequired ${live.apiKeyRequired} → ${d.apiKeyRequired}`);
        if (d.authorizationType !== live.authorizationType) out.push(`${verb} ${path} authorizationType ${live.authorizationType} → ${d.authorizationType}`);
      }
    }
  }
  return out;
}

/** Whether some template matches the path with any verb (a verb problem rather than a path problem). */
export function pathExists(routes: DeployedRoutes, path: string): boolean {
  return Object.keys(routes).some((template) => rank(template, path) !== null);
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
