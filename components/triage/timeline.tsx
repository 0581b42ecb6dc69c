import { utcMinute } from "@/lib/client/time";

const BAR = 10;
const GAP = 2;
const HEIGHT = 36;

/** Requests per time bucket as plain SVG bars; the numbers themselves are the accessible label. */
export function Timeline({ counts, window, bucketMinutes }: { counts: number[]; window: { from: string; to: string }; bucketMinutes: number }) {
  const peak = Math.max(0, ...counts);
  const max = Math.max(1, peak);
  const width = counts.length * (BAR + GAP) - GAP;
  const from = Date.parse(window.from);
  const label = `Requests per ${bucketMinutes} minutes from ${utcMinute(window.from)} to ${utcMinute(window.to)} UTC, oldest first: ${counts.join(", ")}`;
  return (
    <figure className="min-w-0">
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={label} className="block h-10 w-full text-rose-500 dark:text-rose-400" data-testid="timeline">
        {counts.map((count, i) => {
          // An empty bucket keeps a hairline, so "none" reads differently from "no data".
          const h = count === 0 ? 1 : Math.max(3, (count / max) * HEIGHT);
          const start = new Date(from + i * bucketMinutes * 60_000).toISOString();
          return (
            <rect key={i} x={i * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} className={count === 0 ? "fill-slate-300 dark:fill-slate-600" : "fill-current"}>
              <title>{`${start.slice(11, 16)} UTC: ${count}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="mt-0.5 flex justify-between text-[11px] text-slate-500 dark:text-slate-400" aria-hidden>
        <span>{window.from.slice(11, 16)}</span>
        <span>
          peak {peak} per {bucketMinutes} min
        </span>
        <span>{window.to.slice(11, 16)} UTC</span>
      </figcaption>
    </figure>
  );
}
