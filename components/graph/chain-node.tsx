"use client";

import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { shortMask } from "@/lib/client/mask";
import type { ChainNode, ChainNodeKind } from "@/lib/diagnosis/types";
import { NODE_HEIGHT, NODE_WIDTH } from "./layout";

export type ChainFlowNode = Node<{ node: ChainNode; emphasised: boolean }, "chain">;

export const KIND_LABEL: Record<ChainNodeKind, string> = {
  request: "request",
  api: "API",
  stage: "stage",
  deployment: "deployment",
  method: "method",
  key: "API key",
  "usage-plan": "usage plan",
  "more-plans": "more plans",
  logs: "logs",
};

/** "deployment vp840d" under the heading DEPLOYMENT says the kind twice. */
export const withoutKind = (label: string, kind: ChainNodeKind) => (label.toLowerCase().startsWith(`${kind} `) ? label.slice(kind.length + 1) : label);

/** One object of the chain: what it is, its real name, and its id/details. */
function ChainNodeView({ data, selected }: NodeProps<ChainFlowNode>) {
  const { node, emphasised } = data;
  const broken = node.status === "broken";
  const frame = broken
    ? "border-2 border-dashed border-red-600 bg-red-50 dark:border-red-400 dark:bg-red-950/70"
    : node.status === "warning"
      ? "border-2 border-dashed border-amber-500 bg-amber-50 dark:bg-amber-950/60"
      : node.status === "unknown"
        ? "border-2 border-dotted border-slate-400 bg-slate-50 dark:bg-slate-800"
        : node.kind === "more-plans"
          ? "border border-dashed border-slate-400 bg-slate-50 dark:border-slate-500 dark:bg-slate-800"
          : "border border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900";
  const ring = selected ? "ring-2 ring-sky-500 ring-offset-2 ring-offset-white dark:ring-offset-slate-950" : emphasised ? "ring-2 ring-sky-400/60" : "";
  return (
    <div
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={`flex flex-col justify-center overflow-hidden rounded-md px-2.5 py-1.5 text-left shadow-sm ${frame} ${ring}`}
      title={[node.label, node.detail].filter(Boolean).join("\n")}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className="!invisible" />
      <div className="flex items-center justify-between gap-1 text-[10px] font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        <span>{KIND_LABEL[node.kind]}</span>
        {broken ? <span className="normal-case text-red-700 dark:text-red-300">✕ broken</span> : null}
      </div>
      <div className="line-clamp-2 break-words text-[13px] font-semibold leading-tight text-slate-900 dark:text-slate-50">{withoutKind(node.label, node.kind)}</div>
      {node.detail ? <div className="line-clamp-2 break-words font-mono text-[10.5px] leading-snug text-slate-600 dark:text-slate-300">{shortMask(node.detail)}</div> : null}
      <Handle type="source" position={Position.Right} isConnectable={false} className="!invisible" />
    </div>
  );
}

export const ChainNodeMemo = memo(ChainNodeView);
