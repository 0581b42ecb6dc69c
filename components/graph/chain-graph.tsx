"use client";

import { Controls, MarkerType, ReactFlow, type EdgeChange, type NodeChange } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "./chain-graph.css";
import { useCallback, useMemo } from "react";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import type { Selection } from "@/components/diagnosis/selection";
import { ChainEdgeMemo, EDGE_COLOR, SelectEdgeContext, type ChainFlowEdge } from "./chain-edge";
import { ChainNodeMemo, type ChainFlowNode } from "./chain-node";
import { layoutChain, NODE_HEIGHT, NODE_WIDTH } from "./layout";

// Declared once, outside any component: React Flow re-mounts every node when these objects change.
const nodeTypes = { chain: ChainNodeMemo };
const edgeTypes = { chain: ChainEdgeMemo };
const FIT = { padding: 0.04, maxZoom: 1 };

const STATUS_WORD = { ok: "ok", broken: "broken", warning: "warning", unknown: "unknown" } as const;

/** The chain as a left-to-right graph; selecting a node or an edge selects its findings. */
export function ChainGraph({ chain, selection, codes, onSelect }: { chain: Diagnosis["chain"]; selection: Selection; codes: Set<FindingCode>; onSelect: (s: Selection) => void }) {
  const layout = useMemo(() => layoutChain(chain.nodes, chain.edges), [chain]);
  const labels = useMemo(() => new Map(chain.nodes.map((n) => [n.id, n.label])), [chain]);

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
        ariaLabel: `${node.kind} ${node.label}${node.detail ? `, ${node.detail}` : ""}${node.status !== "ok" ? `, ${STATUS_WORD[node.status]}` : ""}`,
      })),
    [chain, layout, selection, codes],
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

  // Controlled selection: React Flow reports clicks and Enter/Space as "select" changes.
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

  const bottom = Math.max(...[...layout.positions.values()].map((p) => p.y + NODE_HEIGHT), NODE_HEIGHT);
  const height = Math.min(Math.max(bottom + 40, 200), 520);

  return (
    <SelectEdgeContext.Provider value={selectEdge}>
      <div className="chain-graph rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900" style={{ height }} role="region" aria-label="Request chain graph">
        <ReactFlow
          key={chain.nodes.map((n) => n.id).join()}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          colorMode="system"
          fitView
          fitViewOptions={FIT}
          minZoom={0.4}
          maxZoom={1.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable
          edgesFocusable
          elementsSelectable
          zoomOnScroll={false}
          preventScrolling={false}
          zoomOnDoubleClick={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
        >
          <Controls showInteractive={false} position="bottom-right" />
        </ReactFlow>
      </div>
    </SelectEdgeContext.Provider>
  );
}
