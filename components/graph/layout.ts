// Dagre places the chain left to right and routes every edge, including the ones that run back from
// a usage plan to the stage; edges are then drawn along dagre's own points so nothing overlaps.
import dagre from "@dagrejs/dagre";
import type { ChainEdge, ChainNode } from "@/lib/diagnosis/types";

export const NODE_WIDTH = 138;
export const NODE_HEIGHT = 92;
const LABEL_HEIGHT = 22;

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutChain {
  positions: Map<string, Point>;
  /** Per edge id: the route from source to target, and where its label goes. */
  routes: Map<string, { points: Point[]; label: Point | null }>;
}

/** The text an edge shows on the graph: a symbol plus the finding code, never colour alone. */
export function edgeLabelText(edge: ChainEdge): string | null {
  if (edge.status === "broken") return `✕ ${edge.code ?? "broken"}`;
  if (edge.status === "warning") return `⚠ ${edge.code ?? "warning"}`;
  if (edge.status === "unknown") return `? ${edge.code ?? truncate(edge.reason ?? "unknown", 26)}`;
  return null;
}

export const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Monospace 11 px: about 6.7 px a character, plus padding and border. */
const labelWidth = (text: string) => Math.ceil(text.length * 6.8) + 20;

export function layoutChain(nodes: ChainNode[], edges: ChainEdge[]): LaidOutChain {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 26, ranksep: 30, edgesep: 14, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  // Nodes in chain order, so the edges running back to the stage are the ones dagre reverses.
  for (const node of nodes) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) {
    const text = edgeLabelText(edge);
    // Only links of the main row get room for their label between two ranks; the others (to the logs,
    // back to the stage) run in their own lane and carry the label at their middle, which keeps the graph narrow.
    g.setEdge(edge.source, edge.target, text && onMainRow(edge) ? { width: labelWidth(text), height: LABEL_HEIGHT, labelpos: "c" } : { width: 0, height: 0 }, edge.id);
  }
  // The logs hang below the chain, never between the stage and its deployment.
  dagre.layout(g, { constraints: nodes.some((n) => n.id === "logs") && nodes.some((n) => n.id === "deployment") ? [{ left: "deployment", right: "logs" }] : [] });

  const positions = new Map<string, Point>();
  for (const node of nodes) {
    const laid = g.node(node.id);
    positions.set(node.id, { x: (laid.x ?? 0) - NODE_WIDTH / 2, y: (laid.y ?? 0) - NODE_HEIGHT / 2 });
  }
  const routes = new Map<string, { points: Point[]; label: Point | null }>();
  for (const edge of edges) {
    const laid = g.edge(edge.source, edge.target, edge.id);
    const points = laid.points ?? [];
    const text = edgeLabelText(edge);
    const target = g.node(edge.target);
    const label =
      text === null
        ? null
        : laid.x !== undefined && laid.y !== undefined
          ? { x: laid.x, y: laid.y }
          : edge.target === "logs" && target.x !== undefined && target.y !== undefined
            ? // Just left of the logs node, in the free space under the stage.
              { x: target.x - NODE_WIDTH / 2 - 8 - labelWidth(text) / 2, y: target.y }
            : middleOf(points);
    routes.set(edge.id, { points, label });
  }
  return { positions, routes };
}

/** Every link but the ones to the logs and those running from a usage plan back to the stage. */
const onMainRow = (edge: ChainEdge) => edge.target !== "logs" && !(edge.target === "stage" && edge.source !== "api");

/** The point halfway along a polyline. */
function middleOf(points: Point[]): Point | null {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
  let rest = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const length = lengths[i]!;
    if (rest <= length && length > 0) return { x: a.x + ((b.x - a.x) * rest) / length, y: a.y + ((b.y - a.y) * rest) / length };
    rest -= length;
  }
  return points[0] ?? null;
}

/** A smooth path through dagre's points: straight runs joined by quadratic corners. */
export function smoothPath(points: Point[]): string {
  const [first, ...rest] = points;
  if (!first) return "";
  if (rest.length === 0) return `M ${first.x} ${first.y}`;
  let d = `M ${first.x} ${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const next = rest[i + 1]!;
    d += ` Q ${p.x} ${p.y} ${(p.x + next.x) / 2} ${(p.y + next.y) / 2}`;
  }
  const last = rest[rest.length - 1]!;
  return `${d} L ${last.x} ${last.y}`;
}
