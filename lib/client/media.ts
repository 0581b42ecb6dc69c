import { useCallback, useSyncExternalStore } from "react";

/** Where the chain is drawn as a graph; narrower screens list it (Tailwind's `md`). */
export const WIDE_SCREEN = "(min-width: 768px)";

/**
 * Whether a media query matches, following it as the window changes. False while server-rendering: the
 * narrow layout is the one that works everywhere, and the first client render swaps in the wide one.
 */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}
