import type { TrafficPoint } from "@/lib/aws/types";

const WIDTH = 120;
const HEIGHT = 28;
const GAP = 2;

/** Words for the series, for screen readers and the tooltip: the chart says nothing the label does not. */
export function sparklineLabel(series: TrafficPoint[], minutes: number): string {
  const list = (pick: (p: TrafficPoint) => number) => series.map(pick).join(", ");
  const errors5xx = series.some((p) => p.errors5xx > 0) ? `; 5XX ${list((p) => p.errors5xx)}` : "";
  return `Requests per ${minutes} minutes, oldest first: ${list((p) => p.requests)}; 4XX ${list((p) => p.errors4xx)}${errors5xx}`;
}

/**
 * One bar per period, its height the requests; the 4XX part is drawn dark red at the top of the bar and the 5XX part
 * below it, so a refusing period reads as a dark cap even without colour. Scaled to the busiest period.
 */
export function Sparkline({ series, label }: { series: TrafficPoint[]; label: string }) {
  const max = Math.max(1, ...series.map((p) => p.requests));
  const bar = (WIDTH - GAP * (series.length - 1)) / series.length;
  const scale = (n: number) => (n / max) * (HEIGHT - 1);
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} className="shrink-0 overflow-visible">
      <title>{label}</title>
      <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="stroke-slate-300 dark:stroke-slate-700" strokeWidth={1} />
      {series.map((p, i) => {
        const x = i * (bar + GAP);
        const total = scale(p.requests);
        const refused = scale(p.errors4xx);
        const failed = scale(p.errors5xx);
        return (
          <g key={p.at}>
            <rect x={x} y={HEIGHT - total} width={bar} height={total} className="fill-sky-300 dark:fill-sky-700" />
            {failed > 0 ? <rect x={x} y={HEIGHT - total + refused} width={bar} height={failed} className="fill-fuchsia-700 dark:fill-fuchsia-400" /> : null}
            {refused > 0 ? <rect x={x} y={HEIGHT - total} width={bar} height={refused} className="fill-red-700 dark:fill-red-400" /> : null}
          </g>
        );
      })}
    </svg>
  );
}
