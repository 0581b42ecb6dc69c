// One triage board over every configured account × region (issue 13): each place's board merged by cause, each
// group saying where it happens. PURE: the boards come in, the organization's board goes out.
import type { ReadGap } from "@/lib/inventory/types";
import type { BlindSpot, Triage } from "@/lib/workflows/triage";
import type { TriageGroup } from "./classify";

export interface Place {
  account: string;
  region: string;
}

export interface OrganizationGroup extends TriageGroup {
  /** Where this cause was seen, most refused requests first. */
  where: (Place & { count: number })[];
  /** The place of `example`. */
  examplePlace: Place;
}

export interface OrganizationTriage {
  window: { from: string; to: string };
  bucketMinutes: number;
  groups: OrganizationGroup[];
  blindSpots: (BlindSpot & Place)[];
  scanned: { places: number; logGroups: number; requests: number };
  /** Every place read: what could not be read there is named, never an empty board. */
  places: (Place & { gaps: ReadGap[] })[];
}

const TOP = 5;

function mergeTop<T extends { count: number }>(lists: T[][], id: (item: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const item of lists.flat()) {
    const seen = byId.get(id(item));
    byId.set(id(item), seen ? { ...seen, count: seen.count + item.count } : { ...item });
  }
  return [...byId.values()].sort((a, b) => b.count - a.count || id(a).localeCompare(id(b))).slice(0, TOP);
}

/** The boards of several places, read over one window with the same buckets, as one. */
export function mergeBoards(boards: { place: Place; triage: Triage }[], window: { from: string; to: string }, bucketMinutes: number): OrganizationTriage {
  const byCode = new Map<string, { place: Place; group: TriageGroup }[]>();
  for (const { place, triage } of boards) for (const group of triage.groups) byCode.set(group.code, [...(byCode.get(group.code) ?? []), { place, group }]);
  const groups = [...byCode.values()].map((seen): OrganizationGroup => {
    const latest = seen.reduce((a, b) => (b.group.lastSeen > a.group.lastSeen ? b : a));
    const timeline = seen[0]!.group.timeline.map((_, i) => seen.reduce((n, s) => n + (s.group.timeline[i] ?? 0), 0));
    return {
      ...latest.group,
      count: seen.reduce((n, s) => n + s.group.count, 0),
      firstSeen: seen.map((s) => s.group.firstSeen).sort()[0]!,
      stages: [...new Set(seen.flatMap((s) => s.group.stages))].sort(),
      apiNames: Object.assign({}, ...seen.map((s) => s.group.apiNames)),
      confirmed: seen.every((s) => s.group.confirmed),
      timeline,
      topKeys: mergeTop(
        seen.map((s) => s.group.topKeys),
        (k) => k.maskedKey,
      ),
      topRoutes: mergeTop(
        seen.map((s) => s.group.topRoutes),
        (r) => r.route,
      ),
      where: seen.map((s) => ({ ...s.place, count: s.group.count })).sort((a, b) => b.count - a.count || `${a.account}/${a.region}`.localeCompare(`${b.account}/${b.region}`)),
      examplePlace: latest.place,
    };
  });
  return {
    window,
    bucketMinutes,
    groups: groups.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    blindSpots: boards.flatMap(({ place, triage }) => triage.blindSpots.map((b) => ({ ...b, ...place }))),
    scanned: {
      places: boards.length,
      logGroups: boards.reduce((n, b) => n + b.triage.scanned.logGroups, 0),
      requests: boards.reduce((n, b) => n + b.triage.scanned.requests, 0),
    },
    places: boards.map(({ place, triage }) => ({ ...place, gaps: triage.gaps })),
  };
}
