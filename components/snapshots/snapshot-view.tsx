"use client";

import Link from "next/link";
import { DiagnosisDetails } from "@/components/diagnosis/diagnosis-details";
import { CorrectedRequest } from "@/components/paste/corrected-request";
import { RequestFacts } from "@/components/paste/request-facts";
import { TimeAgo } from "@/components/ui/inventory-age";
import { diagnoseHref } from "@/lib/client/diagnose-url";
import { utcMinute } from "@/lib/client/time";
import type { Snapshot } from "@/lib/share/store";

/** A frozen diagnosis, read-only: what gatecheck said then, when, and a way to ask again now. */
export function SnapshotView({ snapshot }: { snapshot: Snapshot }) {
  const { diagnosis, frozenAt } = snapshot;
  const call = diagnosis.request;
  // The call by ids only: a key is named by its id, never by its value.
  const live = diagnoseHref({ account: call.account ?? null, region: call.region, api: call.apiId, stage: call.stage, method: call.method, path: call.path, key: call.keyId });
  const apiName = diagnosis.chain.nodes.find((n) => n.kind === "api")?.label;
  return (
    <div className="space-y-4">
      <section
        role="note"
        aria-label="Frozen diagnosis"
        data-testid="frozen-banner"
        className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-lg border-2 border-dashed border-sky-600 bg-sky-50 p-4 dark:border-sky-500 dark:bg-sky-950/50"
      >
        <div className="min-w-0 flex-1">
          <p className="font-semibold">
            <span aria-hidden>❄ </span>Frozen diagnosis (read-only)
          </p>
          <p className="text-sm">
            Configuration as of <time dateTime={diagnosis.inventoryAt}>{utcMinute(diagnosis.inventoryAt)} UTC</time>, frozen at <time dateTime={frozenAt}>{utcMinute(frozenAt)} UTC</time> (
            <TimeAgo at={frozenAt} />
            ). The configuration may have changed since.
          </p>
          {call.request ? (
            <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
              It explains a pasted request. Re-running live checks the same API, stage, route and key by id; to re-check the request text itself (where the key sits, the host), paste it again on{" "}
              <Link href="/paste" className="underline">
                What did you send?
              </Link>
            </p>
          ) : null}
        </div>
        <Link href={live} className="rounded-md bg-sky-700 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-800">
          Re-run live →
        </Link>
      </section>

      <p className="flex flex-wrap items-center gap-x-2 text-sm">
        {apiName ? <span className="font-medium">{apiName}</span> : null}
        <code className="text-xs text-slate-500 dark:text-slate-400">{call.apiId ?? "(no API)"}</code>
        <span aria-hidden className="text-slate-400">
          /
        </span>
        <span className="font-mono">{call.stage ?? "(no stage)"}</span>
        <span aria-hidden className="text-slate-400">
          ·
        </span>
        <code className="font-mono">
          {call.method} {call.path}
        </code>
        {call.keyId ? (
          <>
            <span aria-hidden className="text-slate-400">
              ·
            </span>
            <span>
              key <code className="font-mono text-xs">{call.keyId}</code>
            </span>
          </>
        ) : null}
        <span className="text-slate-500 dark:text-slate-400">
          · {call.account ? `${call.account} / ` : ""}
          {call.region}
        </span>
      </p>

      <DiagnosisDetails diagnosis={diagnosis}>
        {call.request ? (
          <div className="grid gap-4 lg:grid-cols-2">
            <RequestFacts diagnosis={diagnosis} />
            <CorrectedRequest diagnosis={diagnosis} />
          </div>
        ) : null}
      </DiagnosisDetails>
    </div>
  );
}
