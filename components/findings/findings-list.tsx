"use client";

import { useEffect, useRef } from "react";
import { FindingFix } from "@/components/fixes/apply-fix";
import { CliCommand } from "@/components/ui/cli-command";
import type { Finding, FindingCode } from "@/lib/diagnosis/types";
import { SeverityTag } from "./severity";

/** Every finding with its evidence and fix; the selected ones are marked and scrolled into view. */
export function FindingsList({ findings, selected, onSelect }: { findings: Finding[]; selected: Set<FindingCode>; onSelect: (code: FindingCode) => void }) {
  const listRef = useRef<HTMLOListElement>(null);
  const shown = useRef<typeof findings | null>(null);
  useEffect(() => {
    // Follow the user's picks, but never move the page for a diagnosis arriving (first load, a new key or route).
    const arrived = shown.current !== findings;
    shown.current = findings;
    if (!arrived) listRef.current?.querySelector<HTMLElement>("[data-selected='true']")?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [selected, findings]);

  if (findings.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing to report: every link of the chain holds.</p>;
  return (
    <ol ref={listRef} className="space-y-3" aria-label="Findings">
      {findings.map((finding) => (
        <FindingCard key={finding.code} finding={finding} selected={selected.has(finding.code)} onSelect={onSelect} />
      ))}
    </ol>
  );
}

function FindingCard({ finding, selected, onSelect }: { finding: Finding; selected: boolean; onSelect: (code: FindingCode) => void }) {
  const frame = finding.severity === "blocker" ? "border-l-red-600" : finding.severity === "warning" ? "border-l-amber-500" : "border-l-sky-500";
  return (
    <li
      data-code={finding.code}
      data-selected={selected}
      className={`rounded-lg border border-l-4 bg-white p-3 dark:bg-slate-900 ${frame} ${selected ? "border-sky-500 ring-2 ring-sky-500/50 dark:border-sky-400" : "border-slate-200 dark:border-slate-800"}`}
    >
      <button
        type="button"
        aria-pressed={selected}
        onClick={() => onSelect(finding.code)}
        className="flex w-full items-start gap-2 rounded text-left"
        title="Select: highlight its link in the graph and its log lines"
      >
        <SeverityTag severity={finding.severity} />
        <span className="min-w-0 flex-1">
          <span className="block font-semibold leading-snug">{finding.title}</span>
          <span className="mt-0.5 block font-mono text-xs text-slate-500 dark:text-slate-400">
            {finding.code} · hop {finding.hop}
            {finding.logLines.length ? ` · ${finding.logLines.length} log line${finding.logLines.length === 1 ? "" : "s"}` : ""}
            {selected ? " · selected" : ""}
          </span>
        </span>
      </button>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{finding.detail}</p>
      {finding.evidence.length ? (
        <ul className="mt-2 list-disc space-y-0.5 pl-5 text-sm text-slate-600 dark:text-slate-400" aria-label="Evidence">
          {finding.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <FixBlock finding={finding} />
      <FindingFix code={finding.code} />
    </li>
  );
}

/** The fix: one sentence, each AWS CLI command with its copy button, and the console page. */
export function FixBlock({ finding }: { finding: Finding }) {
  const { fix } = finding;
  if (!fix.summary && fix.cli.length === 0 && !fix.consoleUrl) return null;
  return (
    <div className="mt-3 rounded-md bg-slate-50 p-2.5 dark:bg-slate-800/60">
      <p className="text-sm">
        <span className="font-semibold">Fix: </span>
        {fix.summary}
      </p>
      {fix.cli.map((command) => (
        <CliCommand key={command} command={command} />
      ))}
      {fix.consoleUrl ? (
        <a href={fix.consoleUrl} target="_blank" rel="noreferrer" className="mt-2 inline-block text-sm font-medium text-sky-700 underline hover:no-underline dark:text-sky-300">
          Open in AWS console ↗
        </a>
      ) : null}
    </div>
  );
}
