"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Badge, EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { fetchJson, FetchError } from "@/lib/client/fetch-json";
import type { Overview as OverviewData, RestApiSummary } from "@/lib/inventory/types";

const REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
  "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "af-south-1", "me-south-1",
];

export function Overview({ defaultRegion }: { defaultRegion: string }) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const region = params.get("region") ?? defaultRegion;
  const [filter, setFilter] = useState("");

  const query = useQuery({
    queryKey: ["apis", region],
    queryFn: () => fetchJson<OverviewData>(`/api/v1/apis?region=${encodeURIComponent(region)}`),
  });

  const restApis = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = query.data?.restApis ?? [];
    if (!needle) return all;
    return all.filter((api) => `${api.name} ${api.id} ${api.stages.map((s) => s.name).join(" ")}`.toLowerCase().includes(needle));
  }, [query.data, filter]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">APIs and stages</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Pick a stage to see where a call breaks between API, stage, deployment, method, API key and usage plan.
          </p>
        </div>
        <div className="ml-auto flex items-end gap-3">
          <label className="text-sm">
            <span className="mb-1 block text-slate-600 dark:text-slate-400">Region</span>
            <select
              value={region}
              onChange={(e) => router.push(`${pathname}?region=${encodeURIComponent(e.target.value)}`)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            >
              {(REGIONS.includes(region) ? REGIONS : [region, ...REGIONS]).map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block text-slate-600 dark:text-slate-400">Filter</span>
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="API name, id or stage"
              className="w-64 rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
          <button
            type="button"
            onClick={() => void query.refetch()}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
          >
            Refresh
          </button>
        </div>
      </div>

      {query.isPending ? (
        <LoadingState label={`Reading API Gateway in ${region}…`} />
      ) : query.isError ? (
        <ErrorState error={query.error instanceof FetchError ? query.error : new Error(String(query.error))} />
      ) : (
        <>
          {query.data.gaps.map((gap) => (
            <p key={gap.operation} role="note" className="rounded-md border border-dashed border-amber-500 bg-amber-50 p-3 text-sm dark:bg-amber-950/40">
              <strong>Partly unreadable:</strong> gatecheck&apos;s credentials could not call {gap.operation} ({gap.action}): {gap.code}.
            </p>
          ))}
          {restApis.length === 0 ? (
            <EmptyState title={filter ? "No API matches the filter." : `No REST API in ${region}.`}>
              {filter ? "Clear the filter to see every API." : "Pick another region, or check that gatecheck's credentials belong to the right account."}
            </EmptyState>
          ) : (
            <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="REST APIs">
              {restApis.map((api) => (
                <RestApiCard key={api.id} api={api} region={region} />
              ))}
            </ul>
          )}
          {query.data.httpApis.length > 0 ? (
            <section aria-labelledby="http-apis">
              <h2 id="http-apis" className="mb-2 text-lg font-semibold">HTTP and WebSocket APIs</h2>
              <ul className="flex flex-wrap gap-2">
                {query.data.httpApis.map((api) => (
                  <li key={api.id} className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900">
                    <span className="font-medium">{api.name}</span> <code className="text-xs text-slate-500">{api.id}</code>{" "}
                    <Badge tone="muted" title="HTTP APIs (API Gateway v2) have no API keys or usage plans">
                      {api.protocolType} · no API keys
                    </Badge>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <p className="text-xs text-slate-500">Read from AWS at {new Date(query.data.inventoryAt).toLocaleTimeString()}.</p>
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
        <code className="text-xs text-slate-500">{api.id}</code>
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
        <p className="mt-3 text-sm text-slate-500">No stage: nothing is deployed.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-100 dark:divide-slate-800" aria-label={`Stages of ${api.name}`}>
          {api.stages.map((stage) => (
            <li key={stage.name} className="flex items-center justify-between gap-2 py-1.5">
              <a
                className="font-mono text-sm text-sky-700 hover:underline dark:text-sky-300"
                href={`/diagnose?region=${encodeURIComponent(region)}&api=${api.id}&stage=${encodeURIComponent(stage.name)}`}
              >
                {stage.name}
              </a>
              <span className="flex gap-1">
                {stage.loggingLevel === "OFF" ? (
                  <Badge tone="warn" title="Execution logging is off: the one clear log line is never written">logging off</Badge>
                ) : (
                  <Badge tone="ok">logs {stage.loggingLevel}</Badge>
                )}
                {stage.webAclArn ? <Badge tone="muted" title={stage.webAclArn}>WAF</Badge> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
