"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/client/fetch-json";

export interface AccountChoice {
  name: string;
  accountId: string | null;
  regions: readonly string[];
}

/** The configured accounts (GET /api/v1/accounts); one query for every picker on the page. */
export function useAccounts() {
  return useQuery({ queryKey: ["accounts"], queryFn: () => fetchJson<{ accounts: AccountChoice[] }>("/api/v1/accounts").then((a) => a.accounts), staleTime: Infinity });
}

/** Shown only when gatecheck reads more than one account; `account` null is the first configured one. */
export function AccountSelect({ account, onChange }: { account: string | null; onChange: (account: AccountChoice) => void }) {
  const accounts = useAccounts().data ?? [];
  if (accounts.length < 2) return null;
  const current = account ?? accounts[0]!.name;
  return (
    <label className="text-sm">
      <span className="mb-1 block text-slate-600 dark:text-slate-400">Account</span>
      <select
        value={current}
        onChange={(e) => onChange(accounts.find((a) => a.name === e.target.value)!)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
      >
        {accounts.map((a) => (
          <option key={a.name} value={a.name}>
            {a.name}
            {a.accountId ? ` (${a.accountId})` : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
