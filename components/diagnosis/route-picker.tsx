"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { hasParam, scopeQuery, templateMatches, type DiagnoseParams } from "@/lib/client/diagnose-url";
import { fetchJson } from "@/lib/client/fetch-json";
import type { StageRoute, StageRoutes } from "@/lib/workflows/stage";
import { ReadGapNotes } from "@/components/ui/states";
import { DiagnoseError } from "./diagnose-error";

const VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const OTHER = "other";
const routeValue = (r: StageRoute) => `${r.method} ${r.path}`;

const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
const caption = "mb-1 block text-xs font-medium text-slate-600 dark:text-slate-400";

function useStageRoutes(account: string | null, region: string, api: string, stage: string) {
  return useQuery({
    queryKey: ["routes", account, region, api, stage],
    queryFn: () => fetchJson<StageRoutes>(`/api/v1/routes?${new URLSearchParams({ ...scopeQuery(account, region), api, stage })}`),
    staleTime: 60_000,
  });
}

/** Method + path from the stage's deployed routes; a `{param}` route asks for the concrete path. */
export function RoutePicker({
  account,
  region,
  api,
  stage,
  method,
  path,
  onApply,
}: {
  account: string | null;
  region: string;
  api: string;
  stage: string;
  method: string;
  path: string;
  onApply: (method: string, path: string) => void;
}) {
  const routes = useStageRoutes(account, region, api, stage);
  const list = routes.data?.routes ?? [];
  const matching = list.find((r) => (r.method === method || r.method === "ANY") && templateMatches(r.path, path));
  const [choice, setChoice] = useState<string | null>(null);
  const [draftPath, setDraftPath] = useState(path);
  const [draftMethod, setDraftMethod] = useState(method);

  const selected = choice ?? (matching ? routeValue(matching) : OTHER);
  const route = list.find((r) => routeValue(r) === selected);
  const needsPath = selected === OTHER || (route !== undefined && hasParam(route.path));

  const choose = (value: string) => {
    setChoice(value);
    const next = list.find((r) => routeValue(r) === value);
    if (!next) return;
    const verb = next.method === "ANY" ? method : next.method;
    setDraftMethod(verb);
    if (hasParam(next.path)) setDraftPath(templateMatches(next.path, path) ? path : next.path);
    else onApply(verb, next.path);
  };

  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(route && route.method !== "ANY" ? route.method : draftMethod, draftPath.trim() || "/");
      }}
    >
      <label>
        <span className={caption}>Route {routes.data ? <span className="font-normal">({routes.data.source === "deployment" ? "deployed" : "draft: deployment unreadable"})</span> : null}</span>
        <select value={selected} onChange={(e) => choose(e.target.value)} className={`${field} min-w-72 max-w-md font-mono`}>
          {list.map((r) => (
            <option key={routeValue(r)} value={routeValue(r)}>
              {routeValue(r)}
              {r.apiKeyRequired ? "  · key" : ""}
              {r.authorizationType !== "NONE" ? `  · ${r.authorizationType}` : ""}
            </option>
          ))}
          <option value={OTHER}>{matching ? "Other method and path…" : routes.isSuccess ? `${method} ${path} — not a deployed route` : `${method} ${path}`}</option>
        </select>
      </label>
      {selected === OTHER ? (
        <label>
          <span className={caption}>Method</span>
          <select value={draftMethod} onChange={(e) => setDraftMethod(e.target.value)} className={`${field} font-mono`}>
            {VERBS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
      ) : null}
      {needsPath ? (
        <>
          <label>
            <span className={caption}>{route ? `Concrete path for ${route.path}` : "Path"}</span>
            <input value={draftPath} onChange={(e) => setDraftPath(e.target.value)} className={`${field} w-64 font-mono`} spellCheck={false} />
          </label>
          <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-200 dark:text-slate-900 dark:hover:bg-white">
            Diagnose
          </button>
        </>
      ) : null}
      {routes.isError ? <p className="basis-full text-xs text-amber-800 dark:text-amber-300">Routes unavailable: {routes.error.message} Type the method and path instead.</p> : null}
    </form>
  );
}

/** A link from the overview names only the stage: ask which call fails instead of guessing one. */
export function RouteChooser({ params, stage, onChoose }: { params: DiagnoseParams & { api: string }; stage: string; onChoose: (method: string, path: string) => void }) {
  const routes = useStageRoutes(params.account, params.region, params.api, stage);
  // A link that names a wrong API or stage fails here first: explain it like a failed diagnosis.
  if (routes.isError) return <DiagnoseError error={routes.error} params={params} />;
  return (
    <section aria-labelledby="choose-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h1 id="choose-heading" className="text-lg font-semibold">
        Which call answers 403?
      </h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Pick the route {routes.data?.source === "draft" ? "(from the draft: the deployment is unreadable)" : `deployed on ${stage}`}, then the API key above. A route with a {"{parameter}"} takes the
        concrete path in the picker.
      </p>
      {routes.data ? <ReadGapNotes gaps={routes.data.gaps} /> : null}
      {routes.isPending ? (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">Reading the routes…</p>
      ) : routes.data.routes.length === 0 ? (
        <p className="mt-3 text-sm">{routes.data.gaps.length ? "No route could be read: type the method and path in the picker above." : `Nothing is deployed on ${stage}.`}</p>
      ) : (
        <ul className="mt-3 grid grid-cols-2 gap-2 lg:grid-cols-3" aria-label="Deployed routes">
          {routes.data.routes.map((r) => (
            <li key={routeValue(r)}>
              <button
                type="button"
                onClick={() => onChoose(r.method === "ANY" ? "GET" : r.method, r.path)}
                className="w-full rounded-md border border-slate-300 px-3 py-2 text-left font-mono text-sm hover:border-sky-500 hover:bg-sky-50 dark:border-slate-700 dark:hover:bg-sky-950/40"
              >
                <span className="block">{routeValue(r)}</span>
                <span className="block font-sans text-xs text-slate-500 dark:text-slate-400">
                  {r.apiKeyRequired ? "API key required" : "no API key"}
                  {r.authorizationType !== "NONE" ? ` · ${r.authorizationType}` : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
