"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { applyFix, canApply, previewFix, useWriteAccess } from "@/lib/client/fixes";
import type { FindingCode } from "@/lib/diagnosis/types";
import type { AppliedFix, FixPlan } from "@/lib/fixes/types";
import { useFixes, type FixSession, type FixTarget } from "./fix-context";
import { errorCode, errorTitle, FixError, primaryButton, secondaryButton } from "./fix-error";
import { FixPlanView } from "./fix-plan";

/**
 * A finding's "Apply fix…": only on a live diagnosis, only when write mode is on for this viewer and gatecheck can
 * make this finding's fix. Anywhere else it is not there at all (not even disabled): the CLI fix above stays the way.
 */
export function FindingFix({ code }: { code: FindingCode }) {
  const fixes = useFixes();
  if (!fixes) return null;
  return <AvailableFix code={code} target={fixes.target} session={fixes.session} />;
}

function AvailableFix({ code, target, session }: { code: FindingCode; target: FixTarget; session: FixSession }) {
  const access = useWriteAccess(target.account);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  if (!canApply(access.data, code)) return null;
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return (
    <div className="mt-3">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        className={secondaryButton}
        title="See exactly what gatecheck would change in AWS, then apply it"
      >
        Apply fix…
      </button>
      {open ? (
        <FixPreview
          id={panelId}
          code={code}
          target={target}
          onCancel={close}
          onApplied={(applied) => {
            session.add(code, target.call, applied);
            setOpen(false);
            target.onChanged();
          }}
        />
      ) : null}
    </div>
  );
}

/** The preview panel: a fresh plan from AWS, its options, Apply and Cancel. Closing it forgets the plan. */
function FixPreview({ id, code, target, onCancel, onApplied }: { id: string; code: FindingCode; target: FixTarget; onCancel: () => void; onApplied: (applied: AppliedFix) => void }) {
  const [option, setOption] = useState<string | undefined>(undefined);
  const panelRef = useRef<HTMLElement>(null);
  const preview = useQuery({
    // Never reused: a preview is read from AWS when asked for, and dropped with the panel.
    queryKey: ["fix-preview", code, option ?? "", target.call],
    queryFn: () => previewFix(target.call, code, option),
    staleTime: 0,
    gcTime: 0,
    retry: false,
    // Each preview is an audit event; Apply re-checks AWS against it anyway, so a refocused window does not re-read.
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
  });
  const apply = useMutation({ mutationFn: (plan: FixPlan) => applyFix(target.call, plan), onSuccess: onApplied });
  useEffect(() => panelRef.current?.focus(), []);

  const plan = preview.data;
  const previewAgain = () => {
    apply.reset();
    void preview.refetch();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === "Escape" && !apply.isPending) {
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <section
      ref={panelRef}
      id={id}
      tabIndex={-1}
      role="region"
      aria-label={`Fix preview for ${code}`}
      onKeyDown={onKeyDown}
      className="mt-2 rounded-md border border-sky-300 bg-sky-50/60 p-3 outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-sky-800 dark:bg-sky-950/30"
    >
      <h3 className="font-semibold">Preview: what Apply will do</h3>
      {preview.isPending ? (
        <p role="status" className="mt-2 flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
          <span aria-hidden className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600" />
          Reading AWS for the preview…
        </p>
      ) : preview.isError && !plan ? (
        <FixError error={preview.error} title={errorTitle(preview.error, "preview")}>
          <button type="button" className={secondaryButton} onClick={previewAgain}>
            Preview again
          </button>
        </FixError>
      ) : plan ? (
        <div className={`mt-2 transition-opacity ${preview.isFetching ? "opacity-60" : ""}`} aria-busy={preview.isFetching}>
          {plan.options.length > 1 ? (
            <label className="mb-3 flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium">Fix it with</span>
              <select
                value={option ?? plan.option}
                onChange={(e) => {
                  apply.reset();
                  setOption(e.target.value);
                }}
                disabled={apply.isPending}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
              >
                {plan.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {preview.isFetching ? (
            <p role="status" className="mb-2 text-sm text-slate-600 dark:text-slate-300">
              Reading AWS again…
            </p>
          ) : null}
          {preview.isError ? <FixError error={preview.error} title={errorTitle(preview.error, "preview")} /> : null}
          <FixPlanView plan={plan} />
          {apply.isError ? (
            <FixError error={apply.error} title={errorTitle(apply.error, "apply")}>
              {errorCode(apply.error) === "FIX_STALE" ? (
                <button type="button" className={secondaryButton} onClick={previewAgain}>
                  Preview again
                </button>
              ) : errorCode(apply.error) === "FIX_NOT_NEEDED" ? (
                <button
                  type="button"
                  className={secondaryButton}
                  onClick={() => {
                    target.onChanged();
                    onCancel();
                  }}
                >
                  Read the diagnosis again
                </button>
              ) : null}
            </FixError>
          ) : null}
          <div className="mt-4 flex flex-wrap items-center gap-3">
            <button type="button" className={primaryButton} disabled={apply.isPending || preview.isFetching || preview.isError} onClick={() => apply.mutate(plan)}>
              {apply.isPending ? "Applying…" : "Apply"}
            </button>
            <button type="button" className={secondaryButton} disabled={apply.isPending} onClick={onCancel}>
              Cancel
            </button>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              Apply changes AWS now, then reads it again to check the call{plan.undo.kind === "calls" ? "; Undo stays one click away." : "."}
            </span>
          </div>
        </div>
      ) : null}
    </section>
  );
}
