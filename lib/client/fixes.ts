// Write mode (issue 14) as the browser calls it: whether this viewer may apply fixes, and the preview, apply and
// undo requests. The call travels in a POST body like a diagnosis' (a pasted request holds a key value), never in a URL.
import { useQuery } from "@tanstack/react-query";
import type { FindingCode } from "@/lib/diagnosis/types";
import type { AppliedFix, FixPlan, UndoneFix, WriteAccess } from "@/lib/fixes/types";
import { fetchJson, postJson } from "./fetch-json";

/** The call a diagnosis was made for, as the JSON body of `POST /api/v1/diagnose` (fields of the URL, or a pasted request). */
export type CallBody = Record<string, string | boolean>;

/** `GET /api/v1/fixes`: whether fixes may be applied from here, and for which finding codes. Asked once a minute at most. */
export function useWriteAccess(account: string | null) {
  return useQuery({
    queryKey: ["fixes-access", account ?? ""],
    queryFn: () => fetchJson<WriteAccess>(`/api/v1/fixes${account ? `?${new URLSearchParams({ account })}` : ""}`),
    staleTime: 60_000,
  });
}

/** Whether `code` gets an Apply button: only when write mode is on for this viewer and the code has a fix gatecheck can make. */
export function canApply(access: WriteAccess | undefined, code: FindingCode): boolean {
  return access?.enabled === true && access.codes.includes(code);
}

export const previewFix = (call: CallBody, code: FindingCode, option: string | undefined) => postJson<FixPlan>("/api/v1/fixes/preview", { ...call, code, ...(option ? { option } : {}) });

export const applyFix = (call: CallBody, plan: Pick<FixPlan, "code" | "option" | "fingerprint">) =>
  postJson<AppliedFix>("/api/v1/fixes/apply", { ...call, code: plan.code, option: plan.option, fingerprint: plan.fingerprint });

export const undoFix = (call: CallBody, undoToken: string) => postJson<UndoneFix>("/api/v1/fixes/undo", { ...call, undoToken });
