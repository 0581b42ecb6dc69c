"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEvent } from "@/lib/audit/types";
import { fetchJson } from "@/lib/client/fetch-json";
import { ErrorState, LoadingState } from "@/components/ui/states";

const PAGE = 50;

const ACTION_LABELS: Record<AuditEvent["action"], string> = {
  "sign-in": "Signed in",
  "sign-in-refused": "Sign-in refused",
  probe: "Sent a request",
  "key-lookup": "Looked up a key by value",
  freeze: "Froze a diagnosis",
  "fix-preview": "Previewed a fix",
  "fix-apply": "Applied a fix",
  "fix-verify": "Verified a fix",
  "fix-undo": "Undid a fix",
};

/** The audit events, newest first, 50 at a time. Key values are masked before an event is written. */
export function AuditLog() {
  const events = useInfiniteQuery({
    queryKey: ["audit"],
    queryFn: ({ pageParam }) => fetchJson<{ events: AuditEvent[] }>(`/api/v1/audit?limit=${PAGE}${pageParam ? `&before=${pageParam}` : ""}`),
    initialPageParam: "",
    getNextPageParam: (last) => (last.events.length === PAGE ? last.events[last.events.length - 1]!.id : undefined),
  });
  if (events.isPending) return <LoadingState label="Reading the audit log…" />;
  if (events.isError) return <ErrorState error={events.error} title="The audit log could not be read" />;
  const rows = events.data.pages.flatMap((p) => p.events);
  if (rows.length === 0) return <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300">No audit events yet.</p>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                When (UTC)
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Who
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                What
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Details
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((event) => (
              <tr key={event.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{event.at.replace("T", " ").slice(0, 19)}</td>
                <td className="px-3 py-2">
                  {event.actor.name ?? event.actor.email ?? event.actor.sub}
                  <span className="ml-1.5 rounded border border-slate-300 px-1 text-xs dark:border-slate-600">{event.actor.role}</span>
                  {event.actor.email && event.actor.name ? <span className="block text-xs text-slate-500 dark:text-slate-400">{event.actor.email}</span> : null}
                </td>
                <td className="whitespace-nowrap px-3 py-2 font-medium">{ACTION_LABELS[event.action] ?? event.action}</td>
                <td className="px-3 py-2">
                  <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
                    {Object.entries(event.details).map(([name, value]) => (
                      <div key={name} className="contents">
                        <dt className="text-slate-500 dark:text-slate-400">{name}</dt>
                        <dd className="break-all font-mono">{String(value)}</dd>
                      </div>
                    ))}
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.hasNextPage ? (
        <button
          type="button"
          onClick={() => events.fetchNextPage()}
          disabled={events.isFetchingNextPage}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          {events.isFetchingNextPage ? "Reading…" : "Older events"}
        </button>
      ) : null}
    </div>
  );
}
