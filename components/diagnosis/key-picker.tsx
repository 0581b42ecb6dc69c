"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { ApiKey } from "@/lib/aws/types";
import { scopeQuery } from "@/lib/client/diagnose-url";
import { fetchJson } from "@/lib/client/fetch-json";
import { shortMask } from "@/lib/client/mask";

/** How many keys one search shows: an account may hold 10,000; the list never renders them all. */
export const KEY_LIMIT = 20;

interface KeySearch {
  keys: ApiKey[];
  total: number;
}

export interface CurrentKey {
  id: string;
  /** null until the diagnosis has read the key. */
  name: string | null;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Not chosen (null): the diagnosis takes the key the call's own log lines show. "none": the client sends no key. */
type Choice = ApiKey | "none" | "from-logs";

/**
 * A search-as-you-type combobox over the region's API keys (name, id, masked value — never a value). The
 * search takes the masked suffix the logs and triage show (`****L22fXu` or `L22fXu`).
 */
export function KeyPicker({
  account,
  region,
  current,
  fromLogs,
  onPick,
}: {
  account: string | null;
  region: string;
  current: CurrentKey | "none" | null;
  fromLogs: string | null;
  onPick: (keyId: string | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const query = useDebounced(q, 200);
  const listId = useId();
  const captionId = useId();
  const rootRef = useRef<HTMLDivElement>(null);

  const keys = useQuery({
    queryKey: ["keys", account, region, query],
    queryFn: () => fetchJson<KeySearch>(`/api/v1/keys?${new URLSearchParams({ ...scopeQuery(account, region), q: query, limit: String(KEY_LIMIT) })}`),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  // Options 0 and 1: let the logs say which key, or no key at all; then the keys found.
  const options: Choice[] = ["from-logs", "none", ...(keys.data?.keys ?? [])];

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const pick = (choice: Choice) => {
    setOpen(false);
    setQ("");
    onPick(choice === "from-logs" ? null : choice === "none" ? "none" : choice.id);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, options.length - 1));
    else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
    else if (e.key === "Enter") {
      const option = options[active];
      if (option !== undefined) pick(option);
    } else if (e.key === "Escape") setOpen(false);
    else return;
    e.preventDefault();
  };

  return (
    <div ref={rootRef} className="relative">
      <span id={captionId} className="mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400">
        API key
      </span>
      {/* Named by its caption alone; the key shown is its value, as a select's option is. */}
      <button
        type="button"
        role="combobox"
        aria-labelledby={captionId}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => {
          setOpen((o) => !o);
          setActive(0);
        }}
        className="flex w-72 max-w-full items-center gap-2 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-left text-sm hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        <span className="min-w-0 flex-1 truncate">
          {current === "none" ? (
            <span className="text-slate-600 dark:text-slate-400">No key (no x-api-key header)</span>
          ) : current ? (
            <>
              {current.name ? <span className="font-medium">{current.name}</span> : null} <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{current.id}</span>
            </>
          ) : (
            <span className="text-slate-600 dark:text-slate-400">{fromLogs ? `From the logs: ${fromLogs}` : "Not chosen — the key the logs show"}</span>
          )}
        </span>
        <span aria-hidden className="text-slate-400">
          ▾
        </span>
      </button>
      {open ? (
        <div className="absolute left-0 z-20 mt-1 w-[min(26rem,calc(100vw-2.5rem))] rounded-md border border-slate-300 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <input
            autoFocus
            type="search"
            role="combobox"
            aria-label="Search API keys by name, id or masked suffix"
            aria-controls={listId}
            aria-expanded
            aria-activedescendant={`${listId}-${active}`}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            placeholder="Name, id, or the last 6 the logs show"
            className="w-full rounded-t-md border-b border-slate-200 bg-transparent px-3 py-2 text-sm dark:border-slate-700"
          />
          <ul id={listId} role="listbox" aria-label="API keys" className="max-h-72 overflow-y-auto py-1 text-sm">
            {options.map((key, i) => (
              <li
                key={typeof key === "string" ? key : key.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => pick(key)}
                className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-sky-100 dark:bg-sky-900/60" : ""}`}
              >
                {key === "from-logs" ? (
                  <span className="text-slate-600 dark:text-slate-400">Not chosen — take the key from the call&apos;s log lines</span>
                ) : key === "none" ? (
                  <span className="text-slate-600 dark:text-slate-400">No key — the client sends no x-api-key</span>
                ) : (
                  <span className="flex items-baseline gap-2">
                    <span className="truncate font-medium">{key.name}</span>
                    <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{key.id}</span>
                    <span className="ml-auto font-mono text-xs text-slate-500 dark:text-slate-400">{key.maskedValue ? shortMask(key.maskedValue) : ""}</span>
                    {key.enabled ? null : <span className="text-xs font-semibold text-amber-800 dark:text-amber-300">disabled</span>}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p className="border-t border-slate-200 px-3 py-1.5 text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400" aria-live="polite" data-testid="key-count">
            {keys.isError
              ? `Keys unreadable: ${keys.error.message}`
              : keys.data
                ? keys.data.total > keys.data.keys.length
                  ? `Showing ${keys.data.keys.length} of ${keys.data.total.toLocaleString("en-US")} keys — type to narrow.`
                  : `${keys.data.total} key${keys.data.total === 1 ? "" : "s"}.`
                : "Searching…"}
          </p>
        </div>
      ) : null}
    </div>
  );
}
