// The Dockerfile's structure (issue 12, item 6). No Docker engine runs here: the image is never built by the tests.
// What its runtime stage runs — the standalone folder, its CMD and HEALTHCHECK — is run by e2e/standalone.spec.ts.
import fs from "node:fs";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { describe, expect, it } from "vitest";
import { readDockerfile, REPO } from "./dockerfile";

const { text, stages, runtime } = readDockerfile();
const ignored = fs
  .readFileSync(path.join(REPO, ".dockerignore"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

describe("Dockerfile", () => {
  it("has no error or warning from dockerfile-utils' validator", () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("builds in stages (dependencies, build, runtime) on a Node that package.json's engines accepts", () => {
    expect(stages.map((s) => s.name)).toEqual(["deps", "build", "runtime"]);
    const engines = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).engines.node as string;
    const least = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    for (const stage of stages) {
      const major = Number(/^node:(\d+)/.exec(stage.image)?.[1]);
      expect(major, `${stage.name}: ${stage.image}`).toBeGreaterThanOrEqual(least);
    }
  });

  it("copies from the build context only files that exist and that .dockerignore lets through", () => {
    for (const stage of stages) {
      for (const copy of stage.template.getCOPYs().filter((c) => !c.getFromFlag())) {
        const sources = copy
          .getArguments()
          .map((a) => a.getValue())
          .slice(0, -1);
        for (const source of sources) {
          expect(fs.existsSync(path.join(REPO, source)), `${stage.name}: COPY ${source}`).toBe(true);
          expect(ignored, `${stage.name}: COPY ${source} is in .dockerignore`).not.toContain(source);
        }
      }
    }
    // What the build must not see: the machine's node_modules and build, and the repository's history.
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", ".next", ".git", ".data"]));
  });

  it("runs the standalone folder that `npm run build` completes, as an unprivileged user, listening on every interface", () => {
    expect(runtime.copies).toEqual([{ from: "build", sources: ["/app/.next/standalone"], target: "./" }]);
    expect(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).scripts.build).toBe("node scripts/build.mjs");
    expect(runtime.cmd).toEqual(["node", "server.js"]);
    expect(runtime.user).not.toBeNull();
    expect(["root", "0"]).not.toContain(runtime.user);
    expect(runtime.env).toMatchObject({ NODE_ENV: "production", HOSTNAME: "0.0.0.0", GATECHECK_DATA_DIR: "/data" });
    expect(runtime.exposed).toEqual([runtime.env.PORT]);
  });

  it("checks health with node's own fetch against /api/health on the server's port (slim images have no curl)", () => {
    expect(runtime.healthcheck[0]).toBe("node");
    expect(runtime.healthcheck.join(" ")).toContain("process.env.PORT");
    expect(runtime.healthcheck.join(" ")).toContain("/api/health");
  });
});
