"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { CallBody } from "@/lib/client/fixes";
import type { FindingCode } from "@/lib/diagnosis/types";
import type { AppliedFix, UndoneFix } from "@/lib/fixes/types";

// A live diagnosis (the diagnosis page, an explained paste) offers its findings' fixes; a frozen snapshot provides
// no context, so its cards show no Apply button. The fixes applied here live in the page, not in a finding's card:
// once fixed, the finding (and its card) leave the diagnosis, while the result and its Undo must stay.

/** The call the page diagnosed, and how it reads its diagnosis again once AWS was changed. */
export interface FixTarget {
  /** The JSON body of `POST /api/v1/diagnose` for this call; preview, apply and undo send it along. */
  call: CallBody;
  /** The account the API lives in (null: the first configured). */
  account: string | null;
  /** Read the diagnosis again, bypassing caches, so the verdict and the graph show what AWS now holds. */
  onChanged: () => void;
}

/** One fix applied from this page: what Apply did and found, then what Undo did and found. */
export interface FixEntry {
  id: number;
  code: FindingCode;
  /** The call it was applied for: Undo sends the same, whatever the page shows since. */
  call: CallBody;
  applied: AppliedFix;
  undone: UndoneFix | null;
}

export interface FixSession {
  entries: FixEntry[];
  add: (code: FindingCode, call: CallBody, applied: AppliedFix) => void;
  markUndone: (id: number, undone: UndoneFix) => void;
  dismiss: (id: number) => void;
}

let lastId = 0;

/** The fixes applied on one page, newest first. Held by the page, so a result survives its diagnosis reloading. */
export function useFixSession(): FixSession {
  const [entries, setEntries] = useState<FixEntry[]>([]);
  const add = useCallback((code: FindingCode, call: CallBody, applied: AppliedFix) => {
    const id = ++lastId;
    // An earlier round of the same fix that was undone says nothing more: the new one replaces it.
    setEntries((all) => [{ id, code, call, applied, undone: null }, ...all.filter((e) => !(e.code === code && e.undone))]);
  }, []);
  const markUndone = useCallback((id: number, undone: UndoneFix) => setEntries((all) => all.map((e) => (e.id === id ? { ...e, undone } : e))), []);
  const dismiss = useCallback((id: number) => setEntries((all) => all.filter((e) => e.id !== id)), []);
  return useMemo(() => ({ entries, add, markUndone, dismiss }), [entries, add, markUndone, dismiss]);
}

interface FixContextValue {
  target: FixTarget;
  session: FixSession;
}

const FixContext = createContext<FixContextValue | null>(null);

/** Offers fixes to the findings below it: only a live diagnosis wraps its details in one. */
export function FixesProvider({ target, session, children }: { target: FixTarget; session: FixSession; children: ReactNode }) {
  const value = useMemo(() => ({ target, session }), [target, session]);
  return <FixContext.Provider value={value}>{children}</FixContext.Provider>;
}

/** The page's call and fix session, or null where nothing may be changed (a snapshot). */
export const useFixes = (): FixContextValue | null => useContext(FixContext);
