import { REGIONS } from "@/lib/client/regions";

export function RegionSelect({ region, onChange }: { region: string; onChange: (region: string) => void }) {
  return (
    <label className="text-sm">
      <span className="mb-1 block text-slate-600 dark:text-slate-400">Region</span>
      <select value={region} onChange={(e) => onChange(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900">
        {(REGIONS.includes(region) ? REGIONS : [region, ...REGIONS]).map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
    </label>
  );
}
