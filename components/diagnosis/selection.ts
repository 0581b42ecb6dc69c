import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";

/** What the user picked: a graph element, or a finding (from the list or a log line's tag). */
export type Selection = { kind: "node" | "edge"; id: string } | { kind: "finding"; code: FindingCode } | null;

/** The findings a selection stands for: an edge's code, the codes on a node's edges, or the finding itself. */
export function codesOf(selection: Selection, diagnosis: Diagnosis): Set<FindingCode> {
  const codes = new Set<FindingCode>();
  if (!selection) return codes;
  if (selection.kind === "finding") codes.add(selection.code);
  for (const edge of diagnosis.chain.edges) {
    if (!edge.code) continue;
    const hit = selection.kind === "edge" ? edge.id === selection.id : selection.kind === "node" && (edge.source === selection.id || edge.target === selection.id);
    if (hit) codes.add(edge.code);
  }
  return codes;
}

/** Indexes into `diagnosis.logs` of the lines supporting the selected findings. */
export function logLinesOf(codes: Set<FindingCode>, diagnosis: Diagnosis): Set<number> {
  return new Set(diagnosis.findings.filter((f) => codes.has(f.code)).flatMap((f) => f.logLines));
}
