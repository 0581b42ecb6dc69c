"use client";

import { Segmented } from "@/components/ui/segmented";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { CliCommand } from "@/components/ui/cli-command";
import { RefreshButton, TimeAgo } from "@/components/ui/inventory-age";
import { AccountSelect, useAccounts } from "@/components/ui/account-select";
import { scopeQuery } from "@/lib/client/diagnose-url";
import { RegionSelect } from "@/components/ui/region-select";
import { EmptyState, ErrorState, LoadingState, ReadGapNotes } from "@/components/ui/states";
import { fetchJson } from "@/lib/client/fetch-json";
import { utcMinute } from "@/lib/client/time";
import type { OrganizationTriage } from "@/lib/triage/organization";
import type { BlindSpot, Triage } from "@/lib/workflows/triage";
import { GroupCard } from "./group-card";

const WINDOWS = [
  { since: "15m", label: "15 min", words: "the last 15 minutes" },
  { since: "1h", label: "1 h", words: "the last hour" },
  { since: "6h", label: "6 h", words: "the last 6 hours" },
  { since: "24h", label: "24 h", words: "the last 24 hours" },
] as const;
const DEFAULT_SINCE = "1h";
const REFRESH_MS = 30_000;

/** `/triage?region=&since=`: the region's recent 401/403s grouped by cause, refreshed while the tab is visible. */
export function TriageView({ defaultRegion }: { defaultRegion: string }) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const account = search.get("account");
  // `scope=all`: one board over every configured account × region.
  const organization = search.get("scope") === "all";
  const manyAccounts = (useAccounts().data?.length ?? 0) > 1;
  const region = search.get("region") || defaultRegion;
  const since = search.get("since") || DEFAULT_SINCE;
  // `since` may also be an ISO time from a shared link: no button is pressed then.
  const words = WINDOWS.find((w) => w.since === since)?.words ?? `since ${since}`;
  const place = organization ? "every account and region" : region;
  const go = (patch: { account?: string; region?: string; since?: string }) =>
    router.push(`${pathname}?${new URLSearchParams({ ...(organization ? { scope: "all" } : scopeQuery(account, region)), since, ...patch })}`, { scroll: false });

  const query = useQuery({
    queryKey: ["triage", organization ? "all" : account, region, since],
    queryFn: () => fetchJson<Triage | OrganizationTriage>(`/api/v1/triage?${new URLSearchParams({ ...(organization ? { scope: "all" } : scopeQuery(account, region)), since })}`),
    // New 403s keep coming: read again every 30 s, but not for a tab nobody looks at.
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  return (
    <div className="space-y-5">
      <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">Triage: 403s in {place}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">Refused requests (401/403) from the execution logs of every logged stage, grouped by cause.</p>
          <UpdatedLine updatedAt={query.dataUpdatedAt} fetching={query.isFetching && !query.isPending} failed={query.isError && data !== undefined} />
        </div>
        <div className="flex shrink-0 flex-wrap items-end gap-3">
          {manyAccounts ? (
            <Link
              href={`${pathname}?${new URLSearchParams({ ...(organization ? scopeQuery(account, region) : { scope: "all" }), since })}`}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
            >
              {organization ? "One account and region" : "Every account and region"}
            </Link>
          ) : null}
          {organization ? null : (
            <>
              <AccountSelect account={account} onChange={(a) => go({ account: a.name, region: a.regions.includes(region) ? region : a.regions[0]! })} />
              <RegionSelect region={region} onChange={(r) => go({ region: r })} />
            </>
          )}
          <div>
            <span className="mb-1 block text-sm text-slate-600 dark:text-slate-400" id="window-label">
              Window
            </span>
            <Segmented aria-labelledby="window-label" options={WINDOWS.map((w) => ({ value: w.since, label: w.label }))} value={since} onChange={(value) => go({ since: value })} />
          </div>
          <RefreshButton onClick={() => void query.refetch()} pending={query.isFetching} title="Read the logs again now (this page also does it every 30 s while it is visible)" />
        </div>
      </div>

      {query.isPending ? (
        <LoadingState label={`Reading the execution logs of every logged stage in ${place} for ${words}…`} />
      ) : query.isError && !data ? (
        <ErrorState
          error={query.error}
          title={`The 403s of ${place} could not be read.`}
          action={
            since !== DEFAULT_SINCE ? (
              <Link
                href={`${pathname}?${new URLSearchParams({ ...(organization ? { scope: "all" } : scopeQuery(account, region)), since: DEFAULT_SINCE })}`}
                className="font-medium text-sky-700 underline dark:text-sky-300"
              >
                Show the last hour instead
              </Link>
            ) : null
          }
        />
      ) : data ? (
        <div className={`space-y-5 transition-opacity ${query.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={query.isPlaceholderData}>
          <p className="text-sm" data-testid="triage-summary">
            <strong>{data.scanned.requests}</strong> refused request{data.scanned.requests === 1 ? "" : "s"} in {words}, <strong>{data.groups.length}</strong> cause
            {data.groups.length === 1 ? "" : "s"}, from {data.scanned.logGroups} logged stage{data.scanned.logGroups === 1 ? "" : "s"}{" "}
            <span className="text-slate-500 dark:text-slate-400">
              ({utcMinute(data.window.from)} → {data.window.to.slice(11, 16)} UTC)
            </span>
            {data.blindSpots.length ? (
              <>
                {" · "}
                <a href="#blind-spots" className="font-medium text-amber-800 underline dark:text-amber-300">
                  ⚠ {data.blindSpots.length} stage{data.blindSpots.length === 1 ? "" : "s"} log nothing
                </a>
              </>
            ) : null}
          </p>
          {"places" in data ? (
            data.places
              .filter((p) => p.gaps.length > 0)
              .map((p) => (
                <div key={`${p.account}/${p.region}`} className="space-y-1">
                  <p className="text-sm font-medium">
                    {p.account} / {p.region}
                  </p>
                  <ReadGapNotes gaps={p.gaps} />
                </div>
              ))
          ) : (
            <ReadGapNotes gaps={data.gaps} />
          )}
          {data.groups.length === 0 && data.scanned.logGroups === 0 ? (
            <EmptyState title={`No stage's logs could be read in ${place}.`}>
              gatecheck found no execution log group it could read, so it cannot say whether there were 403s in {words}.
              {data.blindSpots.length ? " The stages below log nothing: turn their logging on." : " Check the notes above, or turn execution logging on for the stages you care about."}
            </EmptyState>
          ) : data.groups.length === 0 ? (
            <EmptyState title={`No 403 in ${words}.`}>
              gatecheck read {data.scanned.logGroups} logged stage{data.scanned.logGroups === 1 ? "" : "s"} in {place} and found no refused request.
              {data.blindSpots.length ? " The stages below log nothing, so their 403s cannot show here." : ""}
            </EmptyState>
          ) : (
            <ol className="grid grid-cols-1 gap-4 lg:grid-cols-2" aria-label="Causes of 403, biggest first">
              {data.groups.map((group) => (
                <GroupCard
                  key={group.code}
                  group={group}
                  account={"examplePlace" in group ? group.examplePlace.account : account}
                  region={"examplePlace" in group ? group.examplePlace.region : region}
                  where={"where" in group ? group.where : null}
                  window={data.window}
                  bucketMinutes={data.bucketMinutes}
                />
              ))}
            </ol>
          )}
          {data.blindSpots.length ? <BlindSpots spots={data.blindSpots} /> : null}
        </div>
      ) : null}
    </div>
  );
}

/** "Updated 12 s ago", ticking; says when a background refresh is running or failed. */
function UpdatedLine({ updatedAt, fetching, failed }: { updatedAt: number; fetching: boolean; failed: boolean }) {
  if (!updatedAt) return null;
  return (
    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400" data-testid="updated">
      Updated <TimeAgo at={new Date(updatedAt).toISOString()} stepMs={1000} />
      {" · refreshes every 30 s while this tab is visible"}
      {fetching ? (
        <span role="status" className="ml-2">
          Updating…
        </span>
      ) : null}
      {failed ? (
        <span role="alert" className="ml-2 font-medium text-red-800 dark:text-red-200">
          ✕ The last refresh failed; showing the previous reading.
        </span>
      ) : null}
    </p>
  );
}

function BlindSpots({ spots }: { spots: BlindSpot[] }) {
  return (
    <section id="blind-spots" aria-labelledby="blind-spots-heading" className="scroll-mt-4 rounded-lg border border-dashed border-amber-500 bg-amber-50/60 p-4 dark:bg-amber-950/30">
      <h2 id="blind-spots-heading" className="font-semibold">
        <span aria-hidden>⚠ </span>Blind spots: {spots.length} stage{spots.length === 1 ? "" : "s"} gatecheck cannot see
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">They write no execution log, so their 403s cannot appear above. Switch logging on to see them.</p>
      <ul className="mt-2 divide-y divide-amber-200 dark:divide-amber-900" aria-label="Blind spots">
        {spots.map((spot) => (
          <li key={`${spot.apiId}/${spot.stage}`} className="py-2.5">
            <p className="text-sm">
              <span className="font-medium">{spot.apiName}</span> <code className="font-mono text-xs">{spot.apiId}</code> / <code className="font-mono">{spot.stage}</code> — {spot.reason}
            </p>
            {spot.fix.map((command) => (
              <CliCommand key={command} command={command} />
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
