"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo } from "react";
import { FixesProvider, useFixSession, type FixTarget } from "@/components/fixes/fix-context";
import { FixResults } from "@/components/fixes/fix-results";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { InventoryAge, RefreshButton } from "@/components/ui/inventory-age";
import { diagnoseBody, diagnoseHref, diagnosisTitle, diagnoseSearch, readDiagnoseParams, scopeQuery, WINDOWS, type DiagnoseParams } from "@/lib/client/diagnose-url";
import { fetchJson, FetchError } from "@/lib/client/fetch-json";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { CopyLink } from "./copy-link";
import { DiagnoseError } from "./diagnose-error";
import { DiagnosisDetails } from "./diagnosis-details";
import { FreezeButton } from "./freeze-button";
import { KeyPicker } from "./key-picker";
import { RouteChooser, RoutePicker } from "./route-picker";

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
  // Write mode: a finding's fix is previewed and applied for this very call; once AWS changed, the diagnosis is read
  // again fresh (as Refresh does), and every other diagnosis held in the cache is stale.
  const fixSession = useFixSession();
  const { mutate: readFresh } = refresh;
  const fixTarget = useMemo<FixTarget>(
    () => ({
      call: diagnoseBody(params),
      account: params.account,
      onChanged: () => {
        void queryClient.invalidateQueries({ queryKey: ["diagnose"], refetchType: "none" });
        readFresh();
      },
    }),
    [params, queryClient, readFresh],
  );

  const navigate = useCallback((patch: Partial<DiagnoseParams>) => router.push(diagnoseHref({ ...params, ...patch }), { scroll: false }), [router, params]);
  // A request id names one past call: picking another route or key leaves it behind (choosing the route
  // of a link that names none completes the call instead).
  const pickCall = useCallback((patch: Partial<DiagnoseParams>) => navigate({ ...patch, requestId: null }), [navigate]);
  const data = diagnosis.data;
  // The server titles the first diagnosis; a key or route picked here retitles the tab.
  useEffect(() => {
    if (data) document.title = diagnosisTitle(data);
  }, [data]);

  if (!params.api) {
    return (
      <EmptyState title="No API chosen">
        A diagnosis link names at least a region, an API and a stage.{" "}
        <Link href={`/?${new URLSearchParams(scopeQuery(params.account, params.region))}`} className="font-medium text-sky-700 underline dark:text-sky-300">
          Pick a stage from the APIs of {params.region}
        </Link>
        .
      </EmptyState>
    );
  }

  const windowMs = params.from && params.to ? Date.parse(params.to) - Date.parse(params.from) : params.from || params.to ? null : DEFAULT_WINDOW;
  const keyNode = data?.chain.nodes.find((n) => n.kind === "key");
  const currentKey = params.key === "none" ? ("none" as const) : params.key ? { id: params.key, name: data?.request.keyId === params.key && keyNode ? keyNode.label : null } : null;
  const keyFromLogs = data?.request.keysFromLogs[0];
  const apiNode = data?.chain.nodes.find((n) => n.kind === "api");
  const method = params.method ?? "GET";
  const path = params.path ?? "/";
  // This call with the log window it was read in, fixed: what a link or a snapshot must reproduce.
  const pinned = data ? { ...params, from: params.from ?? data.request.window.from, to: params.to ?? data.request.window.to } : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-2 text-sm">
          <Link href={`/?${new URLSearchParams(scopeQuery(params.account, params.region))}`} className="text-sky-700 hover:underline dark:text-sky-300">
            ← APIs in {params.region}
          </Link>
          <span aria-hidden className="text-slate-400">
            /
          </span>
          {apiNode ? <span className="truncate font-medium">{apiNode.label}</span> : null}
          <code className="text-xs text-slate-500 dark:text-slate-400">{params.api}</code>
          <span aria-hidden className="text-slate-400">
            /
          </span>
          <span className="font-mono">{params.stage ?? "(no stage)"}</span>
          {params.requestId ? (
            <>
              <span aria-hidden className="text-slate-400">
                /
              </span>
              <span className="text-xs">
                request <code className="font-mono">{params.requestId}</code>{" "}
                <Link href={diagnoseHref({ ...params, requestId: null })} className="text-sky-700 underline hover:no-underline dark:text-sky-300">
                  all requests
                </Link>
              </span>
            </>
          ) : null}
        </nav>
        {/* One line from a tablet up (Freeze and Copy link open panels, never a second row); wraps on a phone. */}
        <div className="ml-auto flex flex-wrap items-center gap-3 md:shrink-0 md:flex-nowrap">
          {diagnosis.isFetching && !diagnosis.isPending ? (
            <span role="status" className="text-xs text-slate-500 dark:text-slate-400">
              Updating…
            </span>
          ) : null}
          {data ? <InventoryAge at={data.inventoryAt} /> : null}
          {choosing ? null : <RefreshButton onClick={() => refresh.mutate()} pending={refresh.isPending} />}
          {pinned ? <FreezeButton key={apiQuery} body={diagnoseBody(pinned)} /> : null}
          {pinned ? <CopyLink params={pinned} /> : null}
        </div>
      </div>

      {diagnosis.isError ? null : (
        <div className="flex flex-wrap items-end gap-x-6 gap-y-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          {params.stage && !choosing ? (
            <RoutePicker
              key={`${params.stage} ${method} ${path}`}
              account={params.account}
              region={params.region}
              api={params.api}
              stage={params.stage}
              method={method}
              path={path}
              onApply={(m, p) => pickCall({ method: m, path: p })}
            />
          ) : null}
          <KeyPicker
            account={params.account}
            region={params.region}
            current={currentKey}
            fromLogs={keyFromLogs ? (keyFromLogs.name ?? keyFromLogs.maskedValue) : null}
            onPick={(key) => pickCall({ key })}
          />
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
        <div className={`transition-opacity ${diagnosis.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={diagnosis.isPlaceholderData}>
          <FixesProvider target={fixTarget} session={fixSession}>
            <DiagnosisDetails
              diagnosis={diagnosis.data}
              windowMs={windowMs}
              onWindow={(ms) => {
                const to = Date.now();
                navigate({ from: new Date(to - ms).toISOString(), to: new Date(to).toISOString() });
              }}
            >
              <FixResults />
            </DiagnosisDetails>
          </FixesProvider>
        </div>
      )}
    </div>
  );
}
