import Link from "next/link";
import type { ReactNode } from "react";
import { TimeAgo } from "@/components/ui/inventory-age";
import { Badge } from "@/components/ui/states";
import { diagnoseHref } from "@/lib/client/diagnose-url";
import { FINDING_TITLES } from "@/lib/client/finding-titles";
import { shortMask } from "@/lib/client/mask";
import { utcMinute } from "@/lib/client/time";
import type { TriageGroup } from "@/lib/triage/classify";
import { Timeline } from "./timeline";

/** The example's log lines are read around its time, so an example older than the default hour still has them. */
const EXAMPLE_MARGIN_MS = 10 * 60_000;

/** The diagnosis of a group's latest request: its call as far as the logs name it, and its request id. */
function exampleHref(account: string | null, region: string, group: TriageGroup): string {
  const { example } = group;
  const at = Date.parse(example.at);
  return diagnoseHref({
    account,
    region,
    api: example.apiId,
    stage: example.stage,
    method: example.method,
    path: example.path,
    key: example.keyId,
    requestId: group.exampleRequestId,
    from: new Date(at - EXAMPLE_MARGIN_MS).toISOString(),
    to: new Date(at + EXAMPLE_MARGIN_MS).toISOString(),
  });
}

function Seen({ label, at }: { label: string; at: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd>
        <TimeAgo at={at} /> <span className="text-xs text-slate-500 dark:text-slate-400">· {utcMinute(at)} UTC</span>
      </dd>
    </div>
  );
}

function TopList({ label, empty, children }: { label: string; empty: string; children: ReactNode[] }) {
  return (
    <div className="min-w-0">
      <h3 className="text-xs text-slate-600 dark:text-slate-400">{label}</h3>
      {children.length ? <ol className="mt-0.5 space-y-0.5 text-sm">{children}</ol> : <p className="mt-0.5 text-sm text-slate-500 dark:text-slate-400">{empty}</p>}
    </div>
  );
}

/** One cause of recent 403s: how many, when, where, which keys and routes, and the way to its latest example. */
export function GroupCard({
  group,
  account,
  region,
  where,
  window,
  bucketMinutes,
}: {
  group: TriageGroup;
  account: string | null;
  region: string;
  /** On the organization's board: the accounts and regions where it happens. */
  where: { account: string; region: string; count: number }[] | null;
  window: { from: string; to: string };
  bucketMinutes: number;
}) {
  const headingId = `group-${group.code}`;
  return (
    <li className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900" data-code={group.code} data-count={group.count}>
      <div className="flex items-start gap-4">
        <p className="shrink-0 text-center" data-testid="group-count">
          <span className="block text-3xl font-semibold tabular-nums leading-none">{group.count}</span>
          <span className="text-xs text-slate-600 dark:text-slate-400">request{group.count === 1 ? "" : "s"}</span>
        </p>
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="font-semibold leading-snug">
            {FINDING_TITLES[group.code]}
          </h2>
          <div className="mt-1 flex flex-wrap items-center gap-1.5">
            <code className="rounded bg-slate-900 px-1.5 py-0.5 font-mono text-xs font-semibold text-white dark:bg-white dark:text-slate-900">{group.code}</code>
            {group.confirmed ? (
              <Badge tone="ok" title="The configuration agrees with what every log line suggests">
                ✓ confirmed by configuration
              </Badge>
            ) : (
              <Badge tone="muted" title="Read from the log lines only: the configuration did not (or could not) confirm it for every request">
                ? from log lines only
              </Badge>
            )}
          </div>
        </div>
      </div>

      {where ? (
        <p className="mt-3 text-sm" data-testid="group-where">
          <span className="text-xs text-slate-600 dark:text-slate-400">Where: </span>
          {where.map((w, i) => (
            <span key={`${w.account}/${w.region}`}>
              {i > 0 ? " · " : ""}
              <span className="font-medium">
                {w.account} / {w.region}
              </span>{" "}
              <span className="tabular-nums text-slate-600 dark:text-slate-400">({w.count})</span>
            </span>
          ))}
        </p>
      ) : null}

      <div className="mt-3">
        <Timeline counts={group.timeline} window={window} bucketMinutes={bucketMinutes} />
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-3 text-sm">
        <Seen label="Last seen" at={group.lastSeen} />
        <Seen label="First seen" at={group.firstSeen} />
      </dl>

      <div className="mt-3">
        <h3 className="text-xs text-slate-600 dark:text-slate-400">Stages</h3>
        <ul className="mt-0.5 flex flex-wrap gap-1.5">
          {group.stages.map((stage) => {
            const [apiId = "", stageName = ""] = stage.split("/");
            const name = group.apiNames[apiId];
            return (
              <li key={stage} className="rounded border border-slate-300 px-1.5 py-0.5 text-xs dark:border-slate-700">
                {name ? <span className="font-medium">{name}</span> : null} <code className="font-mono">{name ? `(${apiId})` : apiId}</code> / <code className="font-mono">{stageName}</code>
              </li>
            );
          })}
        </ul>
      </div>

      <div className="mt-3 grid grid-cols-2 gap-3">
        <TopList label="Top keys (masked)" empty="no key in these requests">
          {group.topKeys.map((k) => (
            <li key={k.maskedKey} className="flex items-baseline gap-2">
              <code className="font-mono text-xs">{shortMask(k.maskedKey)}</code>
              <span className="truncate text-xs text-slate-500 dark:text-slate-400">{k.name ? `${k.name} (${k.keyId})` : (k.keyId ?? "unknown key")}</span>
              <span className="ml-auto tabular-nums">{k.count}</span>
            </li>
          ))}
        </TopList>
        <TopList label="Top routes" empty="not named in the logs">
          {group.topRoutes.map((r) => (
            <li key={r.route} className="flex items-baseline gap-2">
              <code className="truncate font-mono text-xs">{r.route}</code>
              <span className="ml-auto tabular-nums">{r.count}</span>
            </li>
          ))}
        </TopList>
      </div>

      {/* Pushes the link to the bottom, so the links of a row of cards line up. */}
      <div className="flex-1" />
      <div className="mt-4 flex flex-wrap items-baseline gap-x-3 gap-y-1 border-t border-slate-100 pt-3 dark:border-slate-800">
        <Link href={exampleHref(account, region, group)} className="font-medium text-sky-700 underline hover:no-underline dark:text-sky-300" aria-describedby={headingId}>
          Diagnose the latest one →
        </Link>
        <span className="min-w-0 truncate text-xs text-slate-500 dark:text-slate-400">
          request <code className="font-mono">{group.exampleRequestId}</code> on {group.example.apiName ?? group.example.apiId}/{group.example.stage}
        </span>
      </div>
    </li>
  );
}
