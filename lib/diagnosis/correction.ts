// PURE: which corrections of a pasted request the findings call for.
import type { Correction } from "@/lib/request/curl";
import { closestName } from "./routes";
import type { Finding } from "./types";

/** `stageNames`: the API's stages; `calledStage`: the first path segment as sent. */
export function correctionFor(findings: Finding[], stageNames: string[], calledStage: string | null): Correction {
  const codes = new Set(findings.map((f) => f.code));
  const correction: Correction = {};
  if (codes.has("KEY_NOT_IN_HEADER")) correction.moveKeyToHeader = true;
  if (codes.has("API_ID_HEADER_ON_PUBLIC_API")) correction.dropApiIdHeader = true;
  if (codes.has("STAGE_NOT_FOUND") && stageNames.length > 0) {
    const closest = calledStage ? closestName(stageNames, calledStage) : null;
    // No near name: the first segment was the path itself, so the stage goes before it.
    correction.stage = closest ? { name: closest, mode: "replace" } : { name: stageNames.includes("prod") ? "prod" : stageNames[0]!, mode: "insert" };
  }
  return correction;
}
