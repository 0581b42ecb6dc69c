// Route matching against a deployed snapshot, as API Gateway resolves a REST path: at each level a literal
// segment wins over `{param}`, which wins over `{proxy+}`, and the route is the most specific resource whose
// path matches AND that has the verb or ANY. A resource lacking the verb does not stop a less specific
// sibling (`{proxy+}`) from serving it: measured against AWS by LocalStack's
// test_proxy_routing_with_hardcoded_resource_sibling (2024) and two other emulators, against one sentence
// of AWS's method-request page (docs/order-of-evaluation.md, "route").
import type { SimMethod, SimResource } from "../state";

export interface RouteMatch {
  resource: SimResource;
  method: SimMethod;
  pathParameters: Record<string, string>;
}

interface Node {
  resource: SimResource;
  children: Node[];
}

/** The resource tree of a snapshot (resources are stored flat with their full paths). */
function tree(resources: readonly SimResource[]): Node | undefined {
  const nodes = new Map(resources.map((resource) => [resource.id, { resource, children: [] as Node[] }]));
  let root: Node | undefined;
  for (const node of nodes.values()) {
    const parent = node.resource.parentId === undefined ? undefined : nodes.get(node.resource.parentId);
    if (parent) parent.children.push(node);
    else if (node.resource.path === "/") root = node;
  }
  return root;
}

type Kind = "literal" | "param" | "greedy";

function kindOf(pathPart: string): Kind {
  if (/^\{.+\+\}$/.test(pathPart)) return "greedy";
  if (/^\{.+\}$/.test(pathPart)) return "param";
  return "literal";
}

const PRECEDENCE: Kind[] = ["literal", "param", "greedy"];

/** Depth-first in precedence order, backtracking when a more specific branch dead-ends or cannot serve the verb. */
function matchPath(node: Node, segments: readonly string[], params: Record<string, string>, serves: (node: Node) => boolean): { node: Node; params: Record<string, string> } | undefined {
  const [segment, ...rest] = segments;
  if (segment === undefined) return serves(node) ? { node, params } : undefined;
  for (const kind of PRECEDENCE) {
    for (const child of node.children) {
      const part = child.resource.pathPart ?? "";
      if (kindOf(part) !== kind) continue;
      if (kind === "literal" && part !== segment) continue;
      if (kind === "greedy") {
        if (serves(child)) return { node: child, params: { ...params, [part.slice(1, -2)]: segments.join("/") } };
        continue;
      }
      const found = matchPath(child, rest, kind === "param" ? { ...params, [part.slice(1, -1)]: segment } : params, serves);
      if (found) return found;
    }
  }
  return undefined;
}

/** Splits a request path into percent-decoded segments; empty segments (`//`, trailing `/`) are dropped. */
export function pathSegments(path: string): string[] {
  return path
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

export function matchRoute(resources: readonly SimResource[], path: string, verb: string): RouteMatch | undefined {
  const root = tree(resources);
  if (!root) return undefined;
  const upper = verb.toUpperCase();
  // ANY answers every verb without a method of its own, OPTIONS included.
  const methodOf = (resource: SimResource) => resource.methods[upper] ?? resource.methods.ANY;
  const found = matchPath(root, pathSegments(path), {}, (node) => methodOf(node.resource) !== undefined);
  if (!found) return undefined;
  const { resource } = found.node;
  return { resource, method: methodOf(resource)!, pathParameters: found.params };
}
