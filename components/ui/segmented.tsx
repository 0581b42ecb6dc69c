/** A row of mutually exclusive buttons (time windows), pressed state announced. */
export function Segmented<T extends string | number>({
  options,
  value,
  onChange,
  size = "sm",
  ...label
}: {
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  size?: "xs" | "sm";
} & ({ "aria-label": string } | { "aria-labelledby": string })) {
  const text = size === "xs" ? "text-xs" : "text-sm";
  const pad = size === "xs" ? "px-2 py-1" : "px-3 py-1.5";
  return (
    <div role="group" {...label} className={`flex overflow-hidden rounded-md border border-slate-300 ${text} dark:border-slate-700`}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={`${pad} font-medium focus-visible:-outline-offset-2 ${value === o.value ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "bg-white hover:bg-slate-100 dark:bg-slate-900 dark:hover:bg-slate-800"}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
