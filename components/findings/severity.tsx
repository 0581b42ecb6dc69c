import type { Severity } from "@/lib/diagnosis/types";

const LOOK: Record<Severity, { icon: string; word: string; tone: string }> = {
  blocker: { icon: "✕", word: "Blocker", tone: "border-red-600 bg-red-600 text-white dark:border-red-500 dark:bg-red-600" },
  warning: { icon: "⚠", word: "Warning", tone: "border-amber-500 bg-amber-100 text-amber-950 dark:border-amber-400 dark:bg-amber-900 dark:text-amber-50" },
  info: { icon: "ℹ", word: "Info", tone: "border-sky-500 bg-sky-50 text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100" },
};

/** Severity as icon + word, so it reads without colour. */
export function SeverityTag({ severity }: { severity: Severity }) {
  const look = LOOK[severity];
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-semibold ${look.tone}`}>
      <span aria-hidden>{look.icon}</span>
      {look.word}
    </span>
  );
}
