"use client";

import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from "@xyflow/react";
import { createContext, memo, useContext } from "react";
import type { ChainEdge, LinkStatus } from "@/lib/diagnosis/types";
import { edgeLabelText, smoothPath, type Point } from "./layout";

export type ChainFlowEdge = Edge<{ edge: ChainEdge; points: Point[]; label: Point | null; emphasised: boolean }, "chain">;

/** Lets an edge's HTML label select its edge (labels live outside the edge's SVG group). */
export const SelectEdgeContext = createContext<(id: string) => void>(() => {});

export const EDGE_COLOR: Record<LinkStatus, string> = { ok: "#94a3b8", broken: "#dc2626", warning: "#d97706", unknown: "#94a3b8" };
export const EDGE_DASH: Record<LinkStatus, string | undefined> = { ok: undefined, broken: "8 5", warning: "5 4", unknown: "1.5 5" };
export const EDGE_WIDTH: Record<LinkStatus, number> = { ok: 1.5, broken: 2.75, warning: 2.25, unknown: 2 };

const LABEL_TONE: Record<LinkStatus, string> = {
  ok: "",
  broken: "border-2 border-dashed border-red-600 bg-red-50 text-red-800 dark:border-red-400 dark:bg-red-950 dark:text-red-100",
  warning: "border border-dashed border-amber-600 bg-amber-50 text-amber-900 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100",
  unknown: "border border-dotted border-slate-400 bg-slate-100 text-slate-700 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-200",
};

/** A link of the chain drawn along dagre's route: solid when fine, dashed red with its code when broken. */
function ChainEdgeView({ id, data, selected, markerEnd }: EdgeProps<ChainFlowEdge>) {
  const select = useContext(SelectEdgeContext);
  if (!data) return null;
  const { edge, points, label, emphasised } = data;
  const text = edgeLabelText(edge);
  const strong = selected || emphasised;
  return (
    <>
      <BaseEdge
        id={id}
        path={smoothPath(points)}
        markerEnd={markerEnd}
        interactionWidth={18}
        style={{
          stroke: EDGE_COLOR[edge.status],
          strokeWidth: EDGE_WIDTH[edge.status] + (strong ? 1.5 : 0),
          strokeDasharray: EDGE_DASH[edge.status],
          strokeLinecap: edge.status === "unknown" ? "round" : "butt",
        }}
      />
      {edge.reason && edge.status !== "ok" ? <title>{`${edge.code ?? edge.status}: ${edge.reason}`}</title> : null}
      {text && label ? (
        <EdgeLabelRenderer>
          <button
            type="button"
            tabIndex={-1}
            data-testid="edge-label"
            data-code={edge.code ?? ""}
            data-status={edge.status}
            title={edge.reason ?? undefined}
            onClick={() => select(id)}
            style={{ transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)` }}
            className={`nodrag nopan pointer-events-auto absolute whitespace-nowrap rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold leading-4 ${LABEL_TONE[edge.status]} ${strong ? "ring-2 ring-sky-500" : ""}`}
          >
            {text}
          </button>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const ChainEdgeMemo = memo(ChainEdgeView);
