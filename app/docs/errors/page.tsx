import type { Metadata } from "next";
import { AWS_FAULT_DOCS, awsFaultAnchor, ERROR_DOCS, type ErrorDoc } from "@/lib/api/error-docs";
import type { AwsFault } from "@/lib/aws/errors";

export const metadata: Metadata = { title: "Errors — gatecheck" };

function Entry({ id, code, doc }: { id: string; code: string; doc: ErrorDoc }) {
  return (
    <section id={id} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-4 target:border-sky-600 target:ring-2 target:ring-sky-600/40 dark:border-slate-800 dark:bg-slate-900">
      <h3 className="flex flex-wrap items-baseline gap-x-3 text-base font-semibold">
        {doc.title}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">{code}</code>
      </h3>
      <p className="mt-1.5 text-sm">{doc.when}</p>
      <p className="mt-1 text-sm">
        <span className="font-semibold">What to do: </span>
        {doc.fix}
      </p>
    </section>
  );
}

/** `/docs/errors`: every error code gatecheck answers with, in plain words; each error's link lands on its entry. */
export default function ErrorsPage() {
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Errors</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Every error gatecheck answers with is JSON: <code>{'{"error":{"code","message","hint","field?","link"}}'}</code>. The message says what happened, the hint what to do, and the link leads
          here.
        </p>
      </header>
      <section aria-labelledby="gatecheck-errors" className="space-y-3">
        <h2 id="gatecheck-errors" className="text-lg font-semibold">
          gatecheck&apos;s own
        </h2>
        {Object.entries(ERROR_DOCS).map(([code, doc]) => (
          <Entry key={code} id={code} code={code} doc={doc} />
        ))}
      </section>
      <section aria-labelledby="aws-errors" className="space-y-3">
        <h2 id="aws-errors" className="text-lg font-semibold">
          AWS&apos;s, passed on
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">The code is AWS&apos;s own (AccessDeniedException, TooManyRequestsException…); the message names the operation and its IAM action.</p>
        {(Object.entries(AWS_FAULT_DOCS) as [AwsFault["kind"], ErrorDoc][]).map(([kind, doc]) => (
          <Entry key={kind} id={awsFaultAnchor(kind)} code={kind} doc={doc} />
        ))}
      </section>
    </article>
  );
}
