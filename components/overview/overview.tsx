"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { InventoryAge, RefreshButton } from "@/components/ui/inventory-age";
import { RegionSelect } from "@/components/ui/region-select";
import { Badge, EmptyState, ErrorState, LoadingState, ReadGapNotes } from "@/components/ui/states";
import { diagnoseHref } from "@/lib/client/diagnose-url";
import { fetchJson, FetchError } from "@/lib/client/fetch-json";
import { REGIONS } from "@/lib/client/regions";
import type { Overview as OverviewData, RestApiSummary, StageSummary } from "@/lib/inventory/types";

export function Overview({ defaultRegion }: { defaultRegion: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const region = params.get("region") ?? defaultRegion;
  const [filter, setFilter] = useState("");

  const queryKey = ["apis", region];
  const url = `/api/v1/apis?region=${encodeURIComponent(region)}`;
  const query = useQuery({ queryKey, queryFn: () => fetchJson<OverviewData>(url) });
  const queryClient = useQueryClient();
  // `fresh=1` reads AWS again instead of gatecheck's shared cache.
  const refresh = useMutation({
    mutationFn: () => fetchJson<OverviewData>(`${url}&fresh=1`),
    onSuccess: (fresh) => queryClient.setQueryData(queryKey, fresh),
  });

  const needle = filter.trim().toLowerCase();
  const restApis = useMemo(() => {
    const all = query.data?.restApis ?? [];
    if (!needle) return all;
    return all.filter((api) => `${api.name} ${api.id} ${api.stages.map((s) => s.name).join(" ")}`.toLowerCase().includes(needle));
  }, [query.data, needle]);
  const httpApis = (query.data?.httpApis ?? []).filter((api) => !needle || `${api.name} ${api.id}`.toLowerCase().includes(needle));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">APIs and stages</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Pick a stage to see where a call breaks between API, stage, deployment, method, API key and usage plan.
          </p>
          {query.data ? <InventoryAge at={query.data.inventoryAt} /> : null}
        </div>
        <div className="flex flex-wrap items-end gap-3 sm:ml-auto">
          <RegionSelect region={region} onChange={(r) => router.push(`${pathname}?region=${encodeURIComponent(r)}`)} />
          <label className="text-sm">
            <span className="mb-1 block text-slate-600 dark:text-slate-400">Filter</span>
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="API name, id or stage"
              className="w-48 rounded-md border border-slate-300 bg-white px-2 py-1.5 sm:w-64 dark:border-slate-700 dark:bg-slate-900"
            />
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
          href={`/triage?region=${encodeURIComponent(region)}`}
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
              <select
                defaultValue=""
                onChange={(e) => router.push(`${pathname}?region=${encodeURIComponent(e.target.value)}`)}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
              >
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
          {restApis.length === 0 ? (
            <EmptyState title={filter ? "No API matches the filter." : query.data.restApisGap ? `The REST APIs of ${region} could not be listed.` : `No REST API in ${region}.`}>
              {filter
                ? "Clear the filter to see every API."
                : query.data.restApisGap
                  ? "Paste a request, or open a diagnosis by API id: those read each API on its own."
                  : "Pick another region, or check that gatecheck's credentials belong to the right account."}
            </EmptyState>
          ) : (
            <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="REST APIs">
              {restApis.map((api) => (
                <RestApiCard key={api.id} api={api} region={region} />
              ))}
            </ul>
          )}
          {httpApis.length > 0 ? (
            <section aria-labelledby="http-apis">
              <h2 id="http-apis" className="mb-2 text-lg font-semibold">HTTP and WebSocket APIs</h2>
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

function RestApiCard({ api, region }: { api: RestApiSummary; region: string }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="truncate font-semibold" title={api.name}>{api.name}</h2>
        <code className="text-xs text-slate-500 dark:text-slate-400">{api.id}</code>
      </div>
      <div className="mt-1 flex flex-wrap gap-1">
        {api.endpointTypes.map((t) => (
          <Badge key={t} tone="muted">{t}</Badge>
        ))}
        {api.apiKeySource === "AUTHORIZER" ? <Badge tone="warn" title="Keys come from the Lambda authorizer's usageIdentifierKey; the x-api-key header is ignored">key source: AUTHORIZER</Badge> : null}
        {api.disableExecuteApiEndpoint ? <Badge tone="warn">execute-api endpoint off</Badge> : null}
      </div>
      {api.stagesGap ? (
        <p className="mt-3 text-sm text-amber-800 dark:text-amber-200">Stages unreadable: {api.stagesGap.code} on {api.stagesGap.action}</p>
      ) : api.stages.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">No stage: nothing is deployed.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 dark:divide-slate-800" aria-label={`Stages of ${api.name}`}>
          {api.stages.map((stage) => (
            <StageRow key={stage.name} stage={stage} href={diagnoseHref({ region, api: api.id, stage: stage.name })} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** One stage: its link to the diagnosis, its health in words, and the usage plans that list it. */
function StageRow({ stage, href }: { stage: StageSummary; href: string }) {
  const count = stage.warnings.length;
  return (
    <li className="py-2">
      <div className="flex items-center justify-between gap-2">
        <Link className="font-mono text-sm font-medium text-sky-700 hover:underline dark:text-sky-300" href={href}>
          {stage.name}
        </Link>
        <span className="flex flex-wrap justify-end gap-1">
          {count === 0 ? (
            <Badge tone="ok">✓ ok</Badge>
          ) : (
            <Badge tone="warn" title={stage.warnings.join("\n")}>
              ⚠ {count} warning{count === 1 ? "" : "s"}
            </Badge>
          )}
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
