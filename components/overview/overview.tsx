"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Sparkline, sparklineLabel } from "@/components/overview/sparkline";
import { InventoryAge, RefreshButton } from "@/components/ui/inventory-age";
import { AccountSelect } from "@/components/ui/account-select";
import { RegionSelect } from "@/components/ui/region-select";
import { Badge, EmptyState, ErrorState, LoadingState, ReadGapNotes } from "@/components/ui/states";
import type { MetricWindow } from "@/lib/aws/types";
import { diagnoseHref, scopeQuery } from "@/lib/client/diagnose-url";
import { fetchJson, FetchError } from "@/lib/client/fetch-json";
import { arrange, troubleOf, viewOf, withView, type OverviewSort, type OverviewView } from "@/lib/client/overview-view";
import { REGIONS } from "@/lib/client/regions";
import { utcMinute } from "@/lib/client/time";
import type { Overview as OverviewData, ReadGap, RestApiSummary, StageSummary } from "@/lib/inventory/types";

export function Overview({ defaultRegion }: { defaultRegion: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const account = params.get("account");
  const region = params.get("region") ?? defaultRegion;
  const view = viewOf(params);
  // The typed text is kept here so typing never waits for the URL; the URL follows it.
  const [text, setText] = useState(view.q);
  // Filter and sort live in the URL without a navigation: a shared link opens the same view.
  const setView = (change: Partial<OverviewView>) => window.history.replaceState(null, "", `${pathname}?${withView(params, change)}`);
  const toScope = (change: { account?: string; region: string }) => {
    const next = new URLSearchParams(params.toString());
    if (change.account) next.set("account", change.account);
    next.set("region", change.region);
    router.push(`${pathname}?${next.toString()}`);
  };
  const toRegion = (r: string) => toScope({ region: r });

  const queryKey = ["apis", account, region];
  const url = `/api/v1/apis?${new URLSearchParams(scopeQuery(account, region))}`;
  const query = useQuery({ queryKey, queryFn: () => fetchJson<OverviewData>(url) });
  const queryClient = useQueryClient();
  // `fresh=1` reads AWS again instead of gatecheck's shared cache.
  const refresh = useMutation({
    mutationFn: () => fetchJson<OverviewData>(`${url}&fresh=1`),
    onSuccess: (fresh) => queryClient.setQueryData(queryKey, fresh),
  });

  const { failing, sort } = view;
  const restApis = useMemo(() => arrange(query.data?.restApis ?? [], { q: text, failing, sort }), [query.data, text, failing, sort]);
  const needle = text.trim().toLowerCase();
  // HTTP APIs have no stage metrics here: the "only failing" view leaves them out.
  const httpApis = failing ? [] : (query.data?.httpApis ?? []).filter((api) => !needle || `${api.name} ${api.id}`.toLowerCase().includes(needle));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">APIs and stages</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Pick a stage to see where a call breaks between API, stage, deployment, method, API key and usage plan.</p>
          {query.data ? <InventoryAge at={query.data.inventoryAt} /> : null}
        </div>
        <div className="flex flex-wrap items-end gap-3 sm:ml-auto">
          <AccountSelect account={account} onChange={(a) => toScope({ account: a.name, region: a.regions.includes(region) ? region : a.regions[0]! })} />
          <RegionSelect region={region} onChange={toRegion} />
          <label className="text-sm">
            <span className="mb-1 block text-slate-600 dark:text-slate-400">Filter</span>
            <input
              type="search"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setView({ q: e.target.value });
              }}
              placeholder="API name, id or stage"
              className="w-48 rounded-md border border-slate-300 bg-white px-2 py-1.5 sm:w-56 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600 dark:text-slate-400">Sort</span>
            <select
              value={sort}
              onChange={(e) => setView({ sort: e.target.value as OverviewSort })}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              <option value="trouble">trouble first</option>
              <option value="requests">most requests</option>
              <option value="name">name</option>
            </select>
          </label>
          <label className="flex items-center gap-1.5 pb-2 text-sm">
            <input type="checkbox" checked={failing} onChange={(e) => setView({ failing: e.target.checked })} className="h-4 w-4" />
            only failing stages
          </label>
          <RefreshButton onClick={() => refresh.mutate()} pending={refresh.isPending} />
        </div>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Link href="/paste" className="group rounded-lg border border-sky-300 bg-sky-50 px-4 py-3 hover:border-sky-500 dark:border-sky-800 dark:bg-sky-950/40 dark:hover:border-sky-600">
          <span className="block font-semibold text-sky-900 group-hover:underline dark:text-sky-100">Have the request that got 403? Paste it →</span>
          <span className="text-sm text-slate-700 dark:text-slate-300">A curl command, raw HTTP or the URL: gatecheck says what is wrong with it and how it should have been sent.</span>
        </Link>
        <Link
          href={`/triage?${new URLSearchParams(scopeQuery(account, region))}`}
          className="group rounded-lg border border-slate-300 bg-white px-4 py-3 hover:border-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:border-slate-500"
        >
          <span className="block font-semibold group-hover:underline">Many 403s right now? Triage {region} →</span>
          <span className="text-sm text-slate-700 dark:text-slate-300">The last hour&apos;s refused requests across every logged stage, grouped by cause.</span>
        </Link>
      </div>
      {refresh.isError ? <ErrorState error={refresh.error} title="Refresh failed; showing the previous reading." /> : null}

      {query.isPending ? (
        <LoadingState label={`Reading API Gateway in ${region}…`} />
      ) : query.isError ? (
        <ErrorState
          error={query.error instanceof FetchError ? query.error : new Error(String(query.error))}
          title={query.error instanceof FetchError && query.error.status === 403 ? `gatecheck's credentials cannot read ${region}.` : `API Gateway in ${region} could not be read.`}
          action={
            <label className="text-sm">
              Try another region:{" "}
              <select defaultValue="" onChange={(e) => toRegion(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
                <option value="" disabled>
                  region
                </option>
                {REGIONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
          }
        />
      ) : (
        <>
          <ReadGapNotes gaps={[...(query.data.restApisGap ? [query.data.restApisGap] : []), ...query.data.gaps]} />
          {query.data.trafficGap ? <TrafficGapNote gap={query.data.trafficGap} /> : <TrafficWindowNote window={query.data.trafficWindow} />}
          {restApis.length === 0 ? (
            <EmptyState
              title={
                failing && !needle
                  ? "No stage answered 4XX or 5XX in the last hour."
                  : needle || failing
                    ? "No API matches the filter."
                    : query.data.restApisGap
                      ? `The REST APIs of ${region} could not be listed.`
                      : `No REST API in ${region}.`
              }
            >
              {needle || failing
                ? "Clear the filter to see every API."
                : query.data.restApisGap
                  ? "Paste a request, or open a diagnosis by API id: those read each API on its own."
                  : "Pick another region, or check that gatecheck's credentials belong to the right account."}
            </EmptyState>
          ) : (
            <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="REST APIs">
              {restApis.map((api) => (
                <RestApiCard key={api.id} api={api} account={account} region={region} trafficGap={query.data.trafficGap} periodMinutes={query.data.trafficWindow.periodSeconds / 60} />
              ))}
            </ul>
          )}
          {httpApis.length > 0 ? (
            <section aria-labelledby="http-apis">
              <h2 id="http-apis" className="mb-2 text-lg font-semibold">
                HTTP and WebSocket APIs
              </h2>
              <ul className="flex flex-wrap gap-2">
                {httpApis.map((api) => (
                  <li key={api.id} className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900">
                    <span className="font-medium">{api.name}</span> <code className="text-xs text-slate-500 dark:text-slate-400">{api.id}</code>{" "}
                    {/* WebSocket APIs take API keys and usage plans ($connect may require a key); HTTP APIs have none. */}
                    {api.protocolType === "WEBSOCKET" ? (
                      <Badge tone="muted" title="WebSocket APIs support API keys and usage plans (a $connect route may require a key); gatecheck diagnoses REST APIs">
                        WEBSOCKET · API keys on $connect
                      </Badge>
                    ) : (
                      <Badge tone="muted" title="HTTP APIs (API Gateway v2) have no API keys or usage plans">
                        {api.protocolType} · no API keys
                      </Badge>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

/** The window the counts cover, in the reader's terms. */
function TrafficWindowNote({ window }: { window: MetricWindow }) {
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400">
      Requests, 4XX and 5XX per stage from CloudWatch, {utcMinute(window.start)}–{utcMinute(window.end).slice(11)} UTC in {window.periodSeconds / 60}-minute periods. CloudWatch counts every 4XX alike
      (403 refusals, 429 throttling, 401, 404): a stage&apos;s diagnosis tells which.
    </p>
  );
}

/** Why there are no counts: denied (a missing permission) and throttled (try again) call for different acts. */
function TrafficGapNote({ gap }: { gap: ReadGap }) {
  const why =
    gap.kind === "access-denied" ? (
      <>
        gatecheck&apos;s credentials may not call GetMetricData — missing <code className="font-mono">{gap.action}</code> ({gap.code}). Attach gatecheck&apos;s read-only IAM policy.
      </>
    ) : gap.kind === "throttled" ? (
      <>CloudWatch throttled GetMetricData ({gap.code}). Refresh in a minute.</>
    ) : (
      <>
        GetMetricData failed ({gap.code}: {gap.message}).
      </>
    );
  return (
    <p role="note" className="rounded-md border border-dashed border-amber-500 bg-amber-50 p-3 text-sm dark:bg-amber-950/40">
      <strong>⚠ Request counts unavailable:</strong> {why} The stages are listed without their traffic.
    </p>
  );
}

function RestApiCard({ api, account, region, trafficGap, periodMinutes }: { api: RestApiSummary; account: string | null; region: string; trafficGap: ReadGap | null; periodMinutes: number }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="truncate font-semibold" title={api.name}>
          {api.name}
        </h2>
        <code className="text-xs text-slate-500 dark:text-slate-400">{api.id}</code>
      </div>
      <div className="mt-1 flex flex-wrap gap-1">
        {api.endpointTypes.map((t) => (
          <Badge key={t} tone="muted">
            {t}
          </Badge>
        ))}
        {api.apiKeySource === "AUTHORIZER" ? (
          <Badge tone="warn" title="Keys come from the Lambda authorizer's usageIdentifierKey; the x-api-key header is ignored">
            key source: AUTHORIZER
          </Badge>
        ) : null}
        {api.disableExecuteApiEndpoint ? <Badge tone="warn">execute-api endpoint off</Badge> : null}
      </div>
      {api.sharesMetricsWith.length > 0 ? (
        <p className="mt-1 text-xs text-amber-900 dark:text-amber-200">
          ⚠ CloudWatch counts this API&apos;s traffic together with {api.sharesMetricsWith.join(", ")}: they share the name {api.name}.
        </p>
      ) : null}
      {api.stagesGap ? (
        <p className="mt-3 text-sm text-amber-800 dark:text-amber-200">
          Stages unreadable: {api.stagesGap.code} on {api.stagesGap.action}
        </p>
      ) : api.stages.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No stage: nothing is deployed.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 dark:divide-slate-800" aria-label={`Stages of ${api.name}`}>
          {api.stages.map((stage) => (
            <StageRow key={stage.name} stage={stage} href={diagnoseHref({ account, region, api: api.id, stage: stage.name })} trafficGap={trafficGap} periodMinutes={periodMinutes} />
          ))}
        </ul>
      )}
    </li>
  );
}

const percent = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((part / whole) * 100)}%`;

/** The stage's verdict badge: a stage that refused or failed calls never reads "ok", whatever its configuration. */
function StageBadges({ stage }: { stage: StageSummary }) {
  const trouble = troubleOf(stage);
  const count = stage.warnings.length;
  const traffic = stage.traffic;
  return (
    <>
      {traffic && traffic.errors4xx > 0 ? (
        <Badge tone="bad" title="Calls answered 4XX in the last hour: open the stage to see why">
          ✕ {traffic.errors4xx} refused
        </Badge>
      ) : null}
      {traffic && traffic.errors5xx > 0 ? (
        <Badge tone="bad" title="Calls answered 5XX in the last hour">
          ✕ {traffic.errors5xx} failed
        </Badge>
      ) : null}
      {count > 0 ? (
        <Badge tone="warn" title={stage.warnings.join("\n")}>
          ⚠ {count} warning{count === 1 ? "" : "s"}
        </Badge>
      ) : null}
      {trouble === "ok" ? <Badge tone="ok">✓ ok</Badge> : null}
      {trouble === "unknown" ? (
        <Badge tone="muted" title="No configuration warning; the request counts could not be read">
          ? traffic unknown
        </Badge>
      ) : null}
    </>
  );
}

/** One stage: its link to the diagnosis, its last hour of traffic, its health in words, the usage plans that list it. */
function StageRow({ stage, href, trafficGap, periodMinutes }: { stage: StageSummary; href: string; trafficGap: ReadGap | null; periodMinutes: number }) {
  const count = stage.warnings.length;
  const traffic = stage.traffic;
  return (
    <li className="py-2" data-testid="stage-row" data-stage={stage.name} data-trouble={troubleOf(stage)}>
      <div className="flex items-center justify-between gap-2">
        <Link className="font-mono text-sm font-medium text-sky-700 hover:underline dark:text-sky-300" href={href}>
          {stage.name}
        </Link>
        <span className="flex flex-wrap justify-end gap-1">
          <StageBadges stage={stage} />
          {stage.loggingLevel === "OFF" ? (
            <Badge tone="warn" title="Execution logging is off: the one clear log line is never written">
              logging off
            </Badge>
          ) : (
            <Badge tone="muted">logs {stage.loggingLevel}</Badge>
          )}
          {stage.webAclArn ? (
            <Badge tone="muted" title={stage.webAclArn}>
              WAF
            </Badge>
          ) : null}
        </span>
      </div>
      {traffic ? (
        <div className="mt-1 flex items-center gap-2 text-xs text-slate-700 dark:text-slate-300" data-testid="stage-traffic">
          <Sparkline series={traffic.series} label={sparklineLabel(traffic.series, periodMinutes)} />
          <span>
            <span data-testid="requests">{traffic.requests}</span> requests ·{" "}
            <span className={traffic.errors4xx > 0 ? "font-semibold text-red-800 dark:text-red-300" : undefined}>
              <span data-testid="errors4xx">{traffic.errors4xx}</span> 4XX ({percent(traffic.errors4xx, traffic.requests)})
            </span>{" "}
            ·{" "}
            <span className={traffic.errors5xx > 0 ? "font-semibold text-fuchsia-800 dark:text-fuchsia-300" : undefined}>
              <span data-testid="errors5xx">{traffic.errors5xx}</span> 5XX
            </span>
            {traffic.complete ? null : <span title="CloudWatch returned only part of the datapoints"> · partial</span>}
          </span>
        </div>
      ) : (
        <p className="mt-1 text-xs italic text-slate-500 dark:text-slate-400" title={trafficGap ? `${trafficGap.code} on ${trafficGap.action}` : undefined}>
          counts unavailable{trafficGap ? ` (${trafficGap.code})` : ""}
        </p>
      )}
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
        {stage.usagePlans === null ? (
          "usage plans unreadable"
        ) : stage.usagePlans.length === 0 ? (
          <span className="font-medium text-amber-800 dark:text-amber-300">in no usage plan</span>
        ) : (
          <>plans: {stage.usagePlans.join(", ")}</>
        )}
      </p>
      {count ? (
        <ul className="mt-0.5 text-xs text-amber-900 dark:text-amber-200" aria-label={`Warnings for ${stage.name}`}>
          {stage.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
