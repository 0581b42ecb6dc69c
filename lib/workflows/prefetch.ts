import "server-only";
import { cache } from "react";
import { z } from "zod";
import { callFields, defaultRegion, restApiId } from "@/lib/api/params";
import { diagnoseSearch, readDiagnoseParams } from "@/lib/client/diagnose-url";
import type { Diagnosis } from "@/lib/diagnosis/types";
import { diagnoseCall } from "./diagnose";

const diagnoseQuery = z.object({ ...callFields, api: restApiId });

/**
 * The diagnosis a `/diagnose` page opens with, read on the server so the first paint needs no second round
 * trip; keyed exactly as the client asks `GET /api/v1/diagnose`, so TanStack Query takes it as its own. Null
 * when the URL names no complete call, or when it fails: the client then asks and shows the error as usual.
 * Cached per request, so the page and its title share one diagnosis.
 */
export const firstDiagnosis = cache(async (search: string): Promise<{ apiQuery: string; diagnosis: Diagnosis } | null> => {
  const params = readDiagnoseParams(new URLSearchParams(search), defaultRegion());
  if (!params.api || (params.path === null && params.stage !== null)) return null;
  const apiQuery = diagnoseSearch(params);
  const parsed = diagnoseQuery.safeParse(Object.fromEntries(new URLSearchParams(apiQuery)));
  if (!parsed.success) return null;
  try {
    return { apiQuery, diagnosis: await diagnoseCall({ ...parsed.data, region: parsed.data.region ?? defaultRegion() }) };
  } catch {
    return null;
  }
});
