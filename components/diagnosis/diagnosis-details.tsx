"use client";

import { useCallback, useMemo, useState, type ReactNode, type Ref } from "react";
import { FindingsList } from "@/components/findings/findings-list";
import { ChainGraph } from "@/components/graph/chain-graph";
import { ChainList } from "@/components/graph/chain-list";
import { GraphLegend } from "@/components/graph/legend";
import { LogPanel } from "@/components/logs/log-panel";
import { useMediaQuery, WIDE_SCREEN } from "@/lib/client/media";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import { codesOf, logLinesOf, type Selection } from "./selection";
import { VerdictBanner } from "./verdict-banner";

/**
 * One diagnosis shown whole: the verdict, `children` (what the caller adds under it), the chain graph, the
 * findings and the log lines, all linked by what the user selects. Live, pasted and frozen views share it.
 */
export function DiagnosisDetails({
  diagnosis,
  windowMs,
  onWindow,
  verdictRef,
  children,
}: {
  diagnosis: Diagnosis;
  windowMs?: number | null;
  onWindow?: (ms: number) => void;
  verdictRef?: Ref<HTMLElement>;
  children?: ReactNode;
}) {
  // The selection belongs to one diagnosis; a new one starts again from its first break.
  const [picked, setPicked] = useState<{ diagnosis: Diagnosis; selection: Selection } | null>(null);
  const selection = useMemo<Selection>(
    () => (picked?.diagnosis === diagnosis ? picked.selection : diagnosis.firstBreak ? { kind: "finding", code: diagnosis.firstBreak.code } : null),
    [picked, diagnosis],
  );
  const select = useCallback((s: Selection) => setPicked({ diagnosis, selection: s }), [diagnosis]);
  const selectCode = useCallback((code: FindingCode) => select({ kind: "finding", code }), [select]);
  const codes = useMemo(() => codesOf(selection, diagnosis), [selection, diagnosis]);
  const lines = useMemo(() => logLinesOf(codes, diagnosis), [codes, diagnosis]);
  // A graph needs room: a phone gets the links as a list, broken link first.
  const wide = useMediaQuery(WIDE_SCREEN);

  return (
    <div className="space-y-4">
      <VerdictBanner diagnosis={diagnosis} ref={verdictRef} />
      {children}
      <section aria-labelledby="chain-heading" className="space-y-1.5">
        <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
          <h2 id="chain-heading" className="font-semibold">
            Request chain
          </h2>
          {wide ? <GraphLegend /> : null}
        </div>
        {wide ? (
          <ChainGraph chain={diagnosis.chain} selection={selection} codes={codes} onSelect={select} />
        ) : (
          <ChainList chain={diagnosis.chain} firstBreak={diagnosis.firstBreak?.code ?? null} selection={selection} codes={codes} onSelect={select} />
        )}
      </section>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section aria-labelledby="findings-heading" className="min-w-0 space-y-2">
          <div className="flex items-baseline gap-3">
            <h2 id="findings-heading" className="font-semibold">
              Findings <span className="font-normal text-slate-500 dark:text-slate-400">({diagnosis.findings.length})</span>
            </h2>
            {selection && codes.size === 0 ? <span className="text-xs text-slate-500 dark:text-slate-400">No finding on the selected element: this link holds.</span> : null}
          </div>
          <FindingsList findings={diagnosis.findings} selected={codes} onSelect={selectCode} />
        </section>
        <LogPanel diagnosis={diagnosis} highlighted={lines} windowMs={windowMs} onWindow={onWindow} onSelectCode={selectCode} />
      </div>
    </div>
  );
}
