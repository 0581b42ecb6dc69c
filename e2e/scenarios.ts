// The simulator's scenario files, read as plain JSON by the end-to-end tests.
import fs from "node:fs";
import path from "node:path";

export interface ScenarioFile {
  name: string;
  region?: string;
  restApis?: { id: string; name: string; stages?: { name: string }[] }[];
  apiKeys?: { id: string; name: string; value: string }[];
  expect?: {
    call: { apiId?: string; stage?: string; method?: string; path?: string; keyId?: string; request?: string };
    verdict: string;
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
