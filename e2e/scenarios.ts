// The simulator's scenario files, read as plain JSON by the end-to-end tests.
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export interface ScenarioFile {
  name: string;
  region?: string;
  restApis?: { id: string; name: string; stages?: { name: string }[] }[];
  apiKeys?: { id: string; name: string; value: string }[];
  usagePlans?: { id: string; name: string; apiStages: { apiId: string; stage: string }[]; keys?: string[] }[];
  expect?: {
    call: { apiId?: string; stage?: string; method?: string; path?: string; keyId?: string; request?: string };
    verdict: "forbidden" | "throttled" | "allowed" | "unknown";
    firstBreak: string | null;
    findings?: string[];
    logLines?: string[];
  };
}

const dir = path.join(__dirname, "..", "sim", "scenarios");

export const scenarios: ScenarioFile[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ScenarioFile);

export const seededKeyValues = scenarios.flatMap((s) => (s.apiKeys ?? []).map((k) => k.value));

export const byName = (name: string): ScenarioFile => {
  const found = scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};

/** The dashboard URL of a scenario's structured call (scenarios given as a pasted request have none). */
export function diagnoseQuery(s: ScenarioFile): URLSearchParams | null {
  const c = s.expect?.call;
  if (!c || c.request || !c.apiId) return null;
  return new URLSearchParams({
    region: s.region ?? "us-east-1",
    api: c.apiId,
    ...(c.stage ? { stage: c.stage } : {}),
    ...(c.method ? { method: c.method } : {}),
    ...(c.path ? { path: c.path } : {}),
    ...(c.keyId ? { key: c.keyId } : {}),
  });
}

/**
 * Everything the browser asked gatecheck for (URLs) and got back from its JSON API, its pages and their React
 * Server Component payloads, plus the page's HTML and URL at the end: none may hold a seeded key value.
 */
export function watchForKeyValues(page: Page): { check: () => Promise<void> } {
  const seen: string[] = [];
  page.on("request", (request) => void seen.push(request.url()));
  page.on("response", async (response) => {
    const url = new URL(response.url());
    const content = url.pathname.startsWith("/api/") || url.searchParams.has("_rsc") || response.request().resourceType() === "document";
    if (content) seen.push(await response.text().catch(() => ""));
  });
  return {
    check: async () => {
      seen.push(page.url(), await page.content());
      const all = seen.join("\n");
      for (const value of seededKeyValues) expect(all.includes(value), `key value …${value.slice(-6)} reached the browser`).toBe(false);
    },
  };
}
