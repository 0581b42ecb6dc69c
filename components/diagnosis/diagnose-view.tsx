"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { FindingsList } from "@/components/findings/findings-list";
import { ChainGraph } from "@/components/graph/chain-graph";
import { GraphLegend } from "@/components/graph/legend";
import { LogPanel } from "@/components/logs/log-panel";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { InventoryAge, RefreshButton } from "@/components/ui/inventory-age";
import { diagnoseHref, diagnoseSearch, readDiagnoseParams, WINDOWS, type DiagnoseParams } from "@/lib/client/diagnose-url";
import { fetchJson, FetchError } from "@/lib/client/fetch-json";
import type { Diagnosis, FindingCode } from "@/lib/diagnosis/types";
import { CopyLink } from "./copy-link";
import { DiagnoseError } from "./diagnose-error";
import { KeyPicker } from "./key-picker";
import { RouteChooser, RoutePicker } from "./route-picker";
import { codesOf, logLinesOf, type Selection } from "./selection";
import { VerdictBanner } from "./verdict-banner";

const DEFAULT_WINDOW = WINDOWS[1].ms;

/** `/diagnose`: the verdict, the chain graph, the findings and the log lines of one call, all from the URL. */
export function DiagnoseView({ defaultRegion }: { defaultRegion: string }) {
  const search = useSearchParams();
  const router = useRouter();
  const params = useMemo(() => readDiagnoseParams(search, defaultRegion), [search, defaultRegion]);
  const apiQuery = diagnoseSearch(params);
  const queryKey = useMemo(() => ["diagnose", apiQuery], [apiQuery]);
  const queryClient = useQueryClient();
  // A stage link from the overview names no call yet: the user picks one first.
  const choosing = params.path === null && params.stage !== null;

  const diagnosis = useQuery({
    queryKey,
    queryFn: () => fetchJson<Diagnosis>(`/api/v1/diagnose?${apiQuery}`),
    enabled: params.api !== null && !choosing,
    // Keep showing the last diagnosis while the next one loads (a new key, a wider window).
    placeholderData: keepPreviousData,
  });
  const refresh = useMutation({
    mutationFn: () => fetchJson<Diagnosis>(`/api/v1/diagnose?${apiQuery}&fresh=1`),
    onSuccess: (fresh) => queryClient.setQueryData(queryKey, fresh),
  });

  const navigate = useCallback((patch: Partial<DiagnoseParams>) => router.push(diagnoseHref({ ...params, ...patch }), { scroll: false }), [router, params]);

  // The selection belongs to one diagnosis; a new URL starts again from its first break.
  const [picked, setPicked] = useState<{ query: string; selection: Selection } | null>(null);
  const data = diagnosis.data;
  const selection = useMemo<Selection>(
    () => (picked?.query === apiQuery ? picked.selection : data?.firstBreak ? { kind: "finding", code: data.firstBreak.code } : null),
    [picked, apiQuery, data],
  );
  const select = useCallback((s: Selection) => setPicked({ query: apiQuery, selection: s }), [apiQuery]);
  const selectCode = useCallback((code: FindingCode) => select({ kind: "finding", code }), [select]);
  const codes = useMemo(() => (data ? codesOf(selection, data) : new Set<FindingCode>()), [selection, data]);
  const lines = useMemo(() => (data ? logLinesOf(codes, data) : new Set<number>()), [codes, data]);

  if (!params.api) {
    return (
      <EmptyState title="No API chosen">
        A diagnosis link names at least a region, an API and a stage.{" "}
        <Link href={`/?region=${encodeURIComponent(params.region)}`} className="font-medium text-sky-700 underline dark:text-sky-300">
          Pick a stage from the APIs of {params.region}
        </Link>
        .
      </EmptyState>
    );
  }

  const windowMs = params.from && params.to ? Date.parse(params.to) - Date.parse(params.from) : params.from || params.to ? null : DEFAULT_WINDOW;
  const keyNode = data?.chain.nodes.find((n) => n.kind === "key");
  const currentKey = params.key ? { id: params.key, name: data?.request.keyId === params.key && keyNode ? keyNode.label : null } : null;
  const apiNode = data?.chain.nodes.find((n) => n.kind === "api");
  const method = params.method ?? "GET";
  const path = params.path ?? "/";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-2 text-sm">
          <Link href={`/?region=${encodeURIComponent(params.region)}`} className="text-sky-700 hover:underline dark:text-sky-300">
            ← APIs in {params.region}
          </Link>
          <span aria-hidden className="text-slate-400">/</span>
          {apiNode ? <span className="truncate font-medium">{apiNode.label}</span> : null}
          <code className="text-xs text-slate-500 dark:text-slate-400">{params.api}</code>
          <span aria-hidden className="text-slate-400">/</span>
          <span className="font-mono">{params.stage ?? "(no stage)"}</span>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {diagnosis.isFetching && !diagnosis.isPending ? (
            <span role="status" className="text-xs text-slate-500">
              Updating…
            </span>
          ) : null}
          {data ? <InventoryAge at={data.inventoryAt} /> : null}
          {choosing ? null : <RefreshButton onClick={() => refresh.mutate()} pending={refresh.isPending} />}
          {data ? <CopyLink params={{ ...params, from: params.from ?? data.request.window.from, to: params.to ?? data.request.window.to }} /> : null}
        </div>
      </div>

      {diagnosis.isError ? null : (
        <div className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          {params.stage && !choosing ? (
            <RoutePicker key={`${params.stage} ${method} ${path}`} region={params.region} api={params.api} stage={params.stage} method={method} path={path} onApply={(m, p) => navigate({ method: m, path: p })} />
          ) : null}
          <KeyPicker region={params.region} current={currentKey} onPick={(key) => navigate({ key })} />
        </div>
      )}

      {refresh.isError ? <ErrorState error={refresh.error} title="Refresh failed; showing the previous reading." /> : null}

      {choosing && params.stage ? (
        <RouteChooser params={{ ...params, api: params.api }} stage={params.stage} onChoose={(m, p) => navigate({ method: m, path: p })} />
      ) : diagnosis.isPending ? (
        <LoadingState label={`Reading API Gateway and the logs for ${method} ${path} on ${params.stage ?? "?"}…`} />
      ) : diagnosis.isError ? (
        <DiagnoseError error={diagnosis.error instanceof FetchError ? diagnosis.error : new Error(String(diagnosis.error))} params={params} />
      ) : (
        <div className={`space-y-4 transition-opacity ${diagnosis.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={diagnosis.isPlaceholderData}>
          <VerdictBanner diagnosis={diagnosis.data} />
          <section aria-labelledby="chain-heading" className="space-y-1.5">
            <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
              <h2 id="chain-heading" className="font-semibold">
                Request chain
              </h2>
              <GraphLegend />
            </div>
            <ChainGraph chain={diagnosis.data.chain} selection={selection} codes={codes} onSelect={select} />
          </section>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
            <section aria-labelledby="findings-heading" className="min-w-0 space-y-2">
              <div className="flex items-baseline gap-3">
                <h2 id="findings-heading" className="font-semibold">
                  Findings <span className="font-normal text-slate-500">({diagnosis.data.findings.length})</span>
                </h2>
                {selection && codes.size === 0 ? <span className="text-xs text-slate-500">No finding on the selected element: this link holds.</span> : null}
              </div>
              <FindingsList findings={diagnosis.data.findings} selected={codes} onSelect={selectCode} />
            </section>
            <LogPanel
              diagnosis={diagnosis.data}
              highlighted={lines}
              windowMs={windowMs}
              onSelectCode={selectCode}
              onWindow={(ms) => {
                const to = Date.now();
                navigate({ from: new Date(to - ms).toISOString(), to: new Date(to).toISOString() });
              }}
            />
          </div>
        </div>
      )}
    </div>
  );
}
