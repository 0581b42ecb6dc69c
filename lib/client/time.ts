import { useCallback, useSyncExternalStore } from "react";

/** "just now", "42 s ago", "3 min ago", "2 h ago", "3 d ago". */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 10) return "just now";
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h ago` : `${Math.round(h / 24)} d ago`;
}

/** `2026-11-27 09:38`: UTC to the minute, as the logs and AWS print it. */
export const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/**
 * The clock, re-read every `stepMs` so relative times keep ticking; null while server-rendering, so the
 * HTML and the first client render agree (they show the absolute time until the clock is known).
 */
export function useNow(stepMs: number): number | null {
  const subscribe = useCallback(
    (tick: () => void) => {
      const timer = setInterval(tick, stepMs);
      return () => clearInterval(timer);
    },
    [stepMs],
  );
  // Floored to the step: the snapshot must stay equal between two ticks.
  return useSyncExternalStore(
    subscribe,
    () => Math.floor(Date.now() / stepMs) * stepMs,
    () => null,
  );
}
