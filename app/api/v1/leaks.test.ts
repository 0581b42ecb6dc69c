// Key values reach no answer, snapshot file, `/s/{id}` page or server output, wherever in a pasted request the
// key sits (issue 10, item 3): the route wrapper masks every key-like token of the input and every typed-in
// key value in all of them, in one place.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import SnapshotPage from "@/app/s/[id]/page";
import { DEFAULT_SCENARIO_DIR, readScenarioFiles } from "@/sim/scenario";
import { simulatorForFile } from "@/test/sim-env";
import { POST as diagnosePost } from "./diagnose/route";
import { POST as probePost } from "./probe/route";
import { GET as snapshotGet } from "./snapshots/[id]/route";
import { POST as snapshotPost } from "./snapshots/route";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatecheck-leaks-"));
process.env.GATECHECK_DATA_DIR = dataDir;
const scenarios = readScenarioFiles(DEFAULT_SCENARIO_DIR).map((s) => s.scenario);
const seededValues = scenarios.flatMap((s) => s.apiKeys.map((k) => k.value));
const s = scenarios.find((x) => x.name === "key-in-no-plan")!;
const call = s.expect!.call;
const KEY = s.apiKeys.find((k) => k.id === call.keyId)!.value;
const url = `https://${call.apiId}.execute-api.us-east-1.amazonaws.com/${call.stage}${call.path}`;
const noParams = { params: Promise.resolve({}) };

simulatorForFile({ pacing: false });

const seen: string[] = [];
const originals = { log: console.log, error: console.error, warn: console.warn, info: console.info };
beforeAll(() => {
  for (const name of ["log", "error", "warn", "info"] as const) {
    console[name] = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
  }
});
afterAll(() => Object.assign(console, originals));

const PLACEMENTS: Record<string, { request: string; keyValue?: string }> = {
  "a cookie (-b 'apikey=KEY')": { request: `curl ${url} -b 'apikey=${KEY}'` },
  "a custom header (X-Custom: token=KEY)": { request: `curl ${url} -H 'X-Custom: token=${KEY}'` },
  "a plain-text body": { request: `curl ${url} -H 'Content-Type: text/plain' -d 'the key is ${KEY}'` },
  "userinfo (https://KEY@host/…)": { request: `curl 'https://${KEY}@${url.slice("https://".length)}'` },
  "a Cookie header of several pairs": { request: `curl ${url} -H 'Cookie: session=abc; apikey=${KEY}; theme=dark'` },
  "a query value inside a longer value": { request: `curl '${url}?filter=key:${KEY}'` },
  "the x-api-key header, also typed in as keyValue, and in a cookie": { request: `curl ${url} -H 'x-api-key: ${KEY}' -b 'k=${KEY}'`, keyValue: KEY },
  "keyValue only, with a request carrying it in a JSON body": { request: `curl ${url} -d '{"note":"use ${KEY} here"}'`, keyValue: KEY },
  "a request that does not parse": { request: `curl -X 'GE T' ${url} -H 'x-api-key: ${KEY}'` },
};

async function send(route: typeof diagnosePost, body: object): Promise<{ status: number; text: string }> {
  const response = await route(new Request("http://gatecheck.test/api/v1/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), noParams);
  const text = await response.text();
  seen.push(text);
  return { status: response.status, text };
}

describe("no key value leaks, wherever the key sits in the pasted request", () => {
  for (const [name, input] of Object.entries(PLACEMENTS)) {
    it(name, async () => {
      const diagnosis = await send(diagnosePost, { ...input, region: "us-east-1" });
      expect(diagnosis.status).toBeLessThan(500);
      const probe = await send(probePost, { ...input, region: "us-east-1" });
      expect(probe.status).toBeLessThan(500);
      const frozen = await send(snapshotPost, { ...input, region: "us-east-1" });
      expect(frozen.status).toBeLessThan(500);
      if (frozen.status === 200) {
        const { id } = JSON.parse(frozen.text) as { id: string };
        const params = { params: Promise.resolve({ id }) };
        seen.push(await (await snapshotGet(new Request(`http://gatecheck.test/api/v1/snapshots/${id}`), params)).text());
        seen.push(renderToStaticMarkup(await SnapshotPage(params)));
      }
      const everything = seen.join("\n");
      expect(everything.includes(KEY), `key …${KEY.slice(-6)} leaked`).toBe(false);
    });
  }

  it("nor in any snapshot file or audit event, nor any seeded key anywhere", () => {
    const read = (dir: string) => fs.readdirSync(path.join(dataDir, dir)).map((f) => fs.readFileSync(path.join(dataDir, dir, f), "utf8"));
    const files = read("snapshots");
    expect(files.length).toBeGreaterThan(3);
    // Every probe, freeze and key lookup above is an audit event, kept in files and printed to stdout (in `seen`).
    const audit = read("audit");
    expect(audit.join("").split("\n").filter(Boolean).length).toBeGreaterThan(20);
    const everything = [...seen, ...files, ...audit].join("\n");
    for (const value of seededValues) expect(everything.includes(value), `key …${value.slice(-6)} leaked`).toBe(false);
  });
});
