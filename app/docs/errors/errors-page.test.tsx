// Every error link leads somewhere: each code and AWS fault kind has its entry on /docs/errors, and every code
// the source throws is documented (a new code without an entry fails here).
import fs from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AWS_FAULT_DOCS, awsFaultAnchor, ERROR_DOCS } from "@/lib/api/error-docs";
import ErrorsPage from "./page";

const html = renderToStaticMarkup(ErrorsPage());

/** Codes written literally where errors are made: `new ApiError(400, "CODE"` and `"SNAPSHOT_" + reason`-style templates. */
function thrownCodes(): string[] {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.includes(".test.") ? [path.join(dir, e.name)] : []));
  const source = [...files("lib"), ...files("app"), "proxy.ts"].map((f) => fs.readFileSync(f, "utf8")).join("\n");
  const literal = [...source.matchAll(/new ApiError\(\s*\d+,\s*"([A-Z_]+)"/g)].map((m) => m[1]!);
  const probe = ["PROBE_TARGET_REFUSED", "PROBE_FAILED"].filter((c) => source.includes(c));
  const snapshots = ["full", "too-large", "unwritable"].map((r) => `SNAPSHOT_${r.toUpperCase().replace("-", "_")}`);
  return [...new Set([...literal, ...probe, ...snapshots])];
}

describe("/docs/errors", () => {
  it.each(Object.keys(ERROR_DOCS))("has an entry for %s", (code) => {
    expect(html).toContain(`id="${code}"`);
  });

  it.each(Object.keys(AWS_FAULT_DOCS))("has an entry for AWS faults of kind %s", (kind) => {
    expect(html).toContain(`id="${awsFaultAnchor(kind as keyof typeof AWS_FAULT_DOCS)}"`);
  });

  it("documents every code the source throws", () => {
    const codes = thrownCodes();
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.filter((c) => !(c in ERROR_DOCS))).toEqual([]);
  });
});
