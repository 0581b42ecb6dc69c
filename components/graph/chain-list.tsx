"use client";

import type { Selection } from "@/components/diagnosis/selection";
import type { ChainEdge, ChainNode, Diagnosis, FindingCode, LinkStatus } from "@/lib/diagnosis/types";
import { KIND_LABEL, withoutKind } from "./chain-node";

const LOOK: Record<LinkStatus, { word: string; icon: string; frame: string }> = {
  broken: { icon: "✕", word: "broken", frame: "border-2 border-dashed border-red-600 bg-red-50 text-red-950 dark:border-red-400 dark:bg-red-950/60 dark:text-red-50" },
  warning: { icon: "⚠", word: "warning", frame: "border-2 border-dashed border-amber-600 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950/50 dark:text-amber-50" },
  unknown: { icon: "?", word: "could not be judged", frame: "border-2 border-dotted border-slate-400 bg-slate-50 dark:border-slate-500 dark:bg-slate-800" },
  ok: { icon: "✓", word: "ok", frame: "border border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900" },
};
const RANK: Record<LinkStatus, number> = { broken: 1, warning: 2, unknown: 3, ok: 4 };

/** The first break's link, then the other broken, weak and unknown links, then the sound ones, each group in chain order. */
function orderedLinks(edges: ChainEdge[], firstBreak: FindingCode | null): ChainEdge[] {
  const rank = (e: ChainEdge) => (e.status === "broken" && e.code !== null && e.code === firstBreak ? 0 : RANK[e.status]);
  return [...edges].sort((a, b) => rank(a) - rank(b));
}

function Hop({ node }: { node: ChainNode | undefined }) {
  if (!node) return <span>?</span>;
  return (
    <span>
      {KIND_LABEL[node.kind]} <span className="font-semibold">{withoutKind(node.label, node.kind)}</span>
    </span>
  );
}

/**
 * The chain on a narrow screen: its links as a list, broken link first, each with its state and finding code
 * in words (never colour alone); pressing one selects its findings, as on the graph.
 */
export function ChainList({
  chain,
  firstBreak,
  selection,
  codes,
  onSelect,
}: {
  chain: Diagnosis["chain"];
  firstBreak: FindingCode | null;
  selection: Selection;
  codes: Set<FindingCode>;
  onSelect: (s: Selection) => void;
}) {
  const nodes = new Map(chain.nodes.map((n) => [n.id, n]));
  return (
    <ol className="space-y-2" aria-label="Links of the request chain, broken first">
      {orderedLinks(chain.edges, firstBreak).map((edge) => {
        const look = LOOK[edge.status];
        const pressed = selection?.kind === "edge" && selection.id === edge.id;
        const emphasised = pressed || (edge.code !== null && codes.has(edge.code));
        return (
          <li key={edge.id} data-status={edge.status} data-link-code={edge.code ?? ""}>
            <button
              type="button"
              aria-pressed={pressed}
              onClick={() => onSelect({ kind: "edge", id: edge.id })}
              className={`block w-full rounded-md px-3 py-2 text-left ${look.frame} ${emphasised ? "ring-2 ring-sky-500" : ""}`}
            >
              <span className="flex flex-wrap items-center gap-x-2 text-xs font-semibold uppercase tracking-wide">
                <span>
                  <span aria-hidden>{look.icon} </span>
                  {look.word}
                </span>
                {edge.code ? <code className="font-mono normal-case tracking-normal">{edge.code}</code> : null}
              </span>
              <span className="mt-0.5 block text-sm break-words">
                <Hop node={nodes.get(edge.source)} /> <span aria-hidden>→</span>
                <span className="sr-only">to</span> <Hop node={nodes.get(edge.target)} />
              </span>
              {edge.reason && edge.status !== "ok" ? <span className="mt-0.5 block text-xs break-words">{edge.reason}</span> : null}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
