"use client";

import { ControlButton, Controls, MarkerType, Panel, ReactFlow, type EdgeChange, type NodeChange, type ReactFlowInstance } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./chain-graph.css";
import { useCallback, useId, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import type { ChainNode, Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import type { Selection } from "@/components/diagnosis/selection";
import { ChainEdgeMemo, EDGE_COLOR, SelectEdgeContext, type ChainFlowEdge } from "./chain-edge";
import { ChainNodeMemo, type ChainFlowNode } from "./chain-node";
import { layoutChain, NODE_HEIGHT, NODE_WIDTH } from "./layout";

// Declared once, outside any component: React Flow re-mounts every node when these objects change.
const nodeTypes = { chain: ChainNodeMemo };
const edgeTypes = { chain: ChainEdgeMemo };
const FIT = { padding: 0.04, maxZoom: 1 };
// React Flow's credit is drawn below as our own panel, whose link stays out of the graph's single tab stop.
const PRO_OPTIONS = { hideAttribution: true };

const STATUS_WORD = { ok: "ok", broken: "broken", warning: "warning", unknown: "unknown" } as const;

const nodeLabel = (node: ChainNode) => `${node.kind} ${node.label}${node.detail ? `, ${node.detail}` : ""}${node.status !== "ok" ? `, ${STATUS_WORD[node.status]}` : ""}`;

/** Arrow keys, Home and End: where the keyboard cursor goes among `count` hops (chain order), or null for other keys. */
function step(key: string, at: number, count: number): number | null {
  if (key === "ArrowRight" || key === "ArrowDown") return Math.min(at + 1, count - 1);
  if (key === "ArrowLeft" || key === "ArrowUp") return Math.max(at - 1, 0);
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return null;
}

/**
 * The chain as a left-to-right graph; selecting a node or an edge selects its findings. For the keyboard the
 * graph is one tab stop: arrow keys move a cursor from hop to hop (said aloud by a live region), Enter or Space
 * selects the hop's findings, + and − zoom, 0 fits the graph again.
 */
export function ChainGraph({ chain, selection, codes, onSelect }: { chain: Diagnosis["chain"]; selection: Selection; codes: Set<FindingCode>; onSelect: (s: Selection) => void }) {
  const layout = useMemo(() => layoutChain(chain.nodes, chain.edges), [chain]);
  const labels = useMemo(() => new Map(chain.nodes.map((n) => [n.id, n.label])), [chain]);
  const flow = useRef<ReactFlowInstance<ChainFlowNode, ChainFlowEdge> | null>(null);
  const helpId = useId();
  // The keyboard cursor belongs to one chain, and shows only while the graph has keyboard focus.
  const [cursor, setCursor] = useState<{ chain: Diagnosis["chain"]; id: string; shown: boolean } | null>(null);
  const active = cursor?.chain === chain && cursor.shown ? chain.nodes.find((n) => n.id === cursor.id) : undefined;

  const nodes = useMemo<ChainFlowNode[]>(
    () =>
      chain.nodes.map((node) => ({
        id: node.id,
        type: "chain",
        position: layout.positions.get(node.id) ?? { x: 0, y: 0 },
        // Known sizes let React Flow render the nodes on the server, so they show before any script runs.
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        data: { node, emphasised: chain.edges.some((e) => e.code && codes.has(e.code) && (e.source === node.id || e.target === node.id)) },
        selected: selection?.kind === "node" && selection.id === node.id,
        draggable: false,
        // A group may carry a name; the graph itself is the one focusable element.
        ariaRole: "group",
        ariaLabel: nodeLabel(node),
        className: active?.id === node.id ? "chain-cursor" : undefined,
      })),
    [chain, layout, selection, codes, active],
  );

  const edges = useMemo<ChainFlowEdge[]>(
    () =>
      chain.edges.map((edge) => {
        const route = layout.routes.get(edge.id);
        return {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          type: "chain",
          data: { edge, points: route?.points ?? [], label: route?.label ?? null, emphasised: edge.code !== null && codes.has(edge.code) },
          selected: selection?.kind === "edge" && selection.id === edge.id,
          // In pixels, not stroke widths: a thick broken link keeps a normal-sized arrow.
          markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOR[edge.status], width: 18, height: 18, markerUnits: "userSpaceOnUse" },
          ariaLabel: `${STATUS_WORD[edge.status]} link from ${labels.get(edge.source)} to ${labels.get(edge.target)}${edge.code ? `: ${edge.code}` : ""}${edge.reason ? ` (${edge.reason})` : ""}`,
        };
      }),
    [chain, layout, labels, selection, codes],
  );

  // Controlled selection: React Flow reports clicks as "select" changes (the keyboard selects through onKeyDown).
  const onNodesChange = useCallback(
    (changes: NodeChange<ChainFlowNode>[]) => {
      const picked = changes.find((c) => c.type === "select" && c.selected);
      if (picked && "id" in picked) onSelect({ kind: "node", id: picked.id });
    },
    [onSelect],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<ChainFlowEdge>[]) => {
      const picked = changes.find((c) => c.type === "select" && c.selected);
      if (picked && "id" in picked) onSelect({ kind: "edge", id: picked.id });
    },
    [onSelect],
  );
  const selectEdge = useCallback((id: string) => onSelect({ kind: "edge", id }), [onSelect]);

  const onFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    // Start from the selected hop, else the first broken one; a click focuses the graph too, but shows no cursor.
    const start = cursor?.chain === chain ? cursor.id : selection?.kind === "node" ? selection.id : (chain.nodes.find((n) => n.status === "broken") ?? chain.nodes[0])?.id;
    if (start) setCursor({ chain, id: start, shown: e.currentTarget.matches(":focus-visible") });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget || !cursor || cursor.chain !== chain) return;
    const at = chain.nodes.findIndex((n) => n.id === cursor.id);
    const next = step(e.key, at, chain.nodes.length);
    const moveTo = next === null ? undefined : chain.nodes[next];
    if (moveTo) setCursor({ chain, id: moveTo.id, shown: true });
    else if (e.key === "Enter" || e.key === " ") onSelect({ kind: "node", id: cursor.id });
    else if (e.key === "+" || e.key === "=") void flow.current?.zoomIn();
    else if (e.key === "-") void flow.current?.zoomOut();
    else if (e.key === "0") void flow.current?.fitView(FIT);
    else return;
    e.preventDefault();
  };
  const announced = active ? `${nodeLabel(active)}. ${chain.nodes.indexOf(active) + 1} of ${chain.nodes.length}.${codesNear(active.id, chain)}` : "";

  const bottom = Math.max(...[...layout.positions.values()].map((p) => p.y + NODE_HEIGHT), NODE_HEIGHT);
  const height = Math.min(Math.max(bottom + 40, 200), 520);

  return (
    <SelectEdgeContext.Provider value={selectEdge}>
      <div className="chain-graph rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900" style={{ height }}>
        <p id={helpId} className="sr-only">
          Arrow keys move from hop to hop; Enter shows the hop&apos;s findings.
        </p>
        <p role="status" className="sr-only" data-testid="graph-cursor">
          {announced}
        </p>
        <ReactFlow
          key={chain.nodes.map((n) => n.id).join()}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeClick={(_, node) => setCursor({ chain, id: node.id, shown: false })}
          onInit={(instance) => void (flow.current = instance)}
          tabIndex={0}
          aria-label="Request chain graph"
          aria-describedby={helpId}
          onFocus={onFocus}
          onBlur={() => setCursor((c) => c && { ...c, shown: false })}
          onKeyDown={onKeyDown}
          colorMode="system"
          fitView
          fitViewOptions={FIT}
          minZoom={0.4}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          disableKeyboardA11y
          elementsSelectable
          zoomOnScroll={false}
          preventScrolling={false}
          zoomOnDoubleClick={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          panActivationKeyCode={null}
          multiSelectionKeyCode={null}
          proOptions={PRO_OPTIONS}
        >
          {/* Out of the tab order: the keyboard zooms with + and − inside the graph. */}
          <Controls showZoom={false} showFitView={false} showInteractive={false} position="bottom-right">
            <ControlButton tabIndex={-1} onClick={() => void flow.current?.zoomIn()} title="Zoom in (+)" aria-label="Zoom in">
              +
            </ControlButton>
            <ControlButton tabIndex={-1} onClick={() => void flow.current?.zoomOut()} title="Zoom out (−)" aria-label="Zoom out">
              −
            </ControlButton>
            <ControlButton tabIndex={-1} onClick={() => void flow.current?.fitView(FIT)} title="Fit the chain (0)" aria-label="Fit view">
              ⤢
            </ControlButton>
          </Controls>
          <Panel position="bottom-right" className="react-flow__attribution">
            <a href="https://reactflow.dev" target="_blank" rel="noopener noreferrer" tabIndex={-1}>
              React Flow
            </a>
          </Panel>
        </ReactFlow>
      </div>
    </SelectEdgeContext.Provider>
  );
}

/** What Enter would select on this hop: the findings on its links. */
function codesNear(id: string, chain: Diagnosis["chain"]): string {
  const near = [...new Set(chain.edges.filter((e) => e.code && (e.source === id || e.target === id)).map((e) => e.code))];
  return near.length ? ` Findings: ${near.join(", ")}; Enter shows them.` : " No finding.";
}
