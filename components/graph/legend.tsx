import type { LinkStatus } from "@/lib/diagnosis/types";
import { EDGE_COLOR, EDGE_DASH, EDGE_WIDTH } from "./chain-edge";

const ITEMS: { status: LinkStatus; text: string }[] = [
  { status: "ok", text: "ok" },
  { status: "broken", text: "✕ broken (finding code)" },
  { status: "warning", text: "⚠ warning" },
  { status: "unknown", text: "? could not be judged" },
];

/** What the line styles mean, in words: the same strokes the graph draws. */
export function GraphLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-label="Legend">
      {ITEMS.map(({ status, text }) => (
        <li key={status} className="inline-flex items-center gap-1.5">
          <svg width="28" height="6" aria-hidden>
            <line
              x1="0"
              y1="3"
              x2="28"
              y2="3"
              stroke={EDGE_COLOR[status]}
              strokeWidth={EDGE_WIDTH[status]}
              strokeDasharray={EDGE_DASH[status]}
              strokeLinecap={status === "unknown" ? "round" : "butt"}
            />
          </svg>
          {text}
        </li>
      ))}
      <li>Click a node or link to see its findings; from the keyboard, Tab to the graph, move with the arrow keys and press Enter.</li>
    </ul>
  );
}
