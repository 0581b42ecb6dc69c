"use client";

import { useEffect, useId, useRef } from "react";

/**
 * Asks before a send that may change something: a modal dialog naming what is sent where ("POST to
 * payments-api/prod"). Cancel has the focus, so Enter or Escape sends nothing; focus returns where it was.
 */
export function ConfirmSend({ target, method, onConfirm, onCancel }: { target: string; method: string; onConfirm: () => void; onCancel: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();
  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={textId}
      // Escape: the browser would close the dialog by itself; closing is the parent's job (it unmounts it).
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid="confirm-send"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        Send {target}?
      </h2>
      <p id={textId} className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        gatecheck will really call the API once, from its server. A {method} may create or change something there; it cannot be undone from here.
      </p>
      <div className="mt-5 flex flex-wrap justify-end gap-3">
        <button
          ref={cancelRef}
          type="button"
          onClick={onCancel}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Cancel
        </button>
        <button type="button" onClick={onConfirm} className="rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800">
          Send {method}
        </button>
      </div>
    </dialog>
  );
}
