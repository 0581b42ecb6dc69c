// The Dockerfile as the tests read it (dockerfile-ast): no Docker engine runs where the tests run, so the image is
// checked by its structure here and its runtime stage is run on this machine by e2e/standalone.spec.ts.
import fs from "node:fs";
import path from "node:path";
import { DockerfileParser, type Dockerfile, type ImageTemplate, type JSONInstruction } from "dockerfile-ast";

export const REPO = path.join(__dirname, "..");

export interface Stage {
  name: string | null;
  /** The base image, build arguments resolved. */
  image: string;
  template: ImageTemplate;
}

export interface RuntimeStage {
  env: Record<string, string>;
  /** COPY --from=… into this stage: the stage copied from, its source paths and the target. */
  copies: { from: string; sources: string[]; target: string }[];
  user: string | null;
  exposed: string[];
  cmd: string[];
  healthcheck: string[];
}

const jsonArray = (instruction: JSONInstruction) => instruction.getJSONStrings().map((s) => s.getJSONValue());
const argumentsOf = (template: ImageTemplate, keyword: string) =>
  template
    .getInstructions()
    .filter((i) => i.getKeyword() === keyword)
    .map((i) => i.getArguments().map((a) => a.getValue()));

export function readDockerfile(): { text: string; dockerfile: Dockerfile; stages: Stage[]; runtime: RuntimeStage } {
  const text = fs.readFileSync(path.join(REPO, "Dockerfile"), "utf8");
  const dockerfile = DockerfileParser.parse(text);
  const stages = dockerfile.getFROMs().map((from) => ({
    name: from.getBuildStage(),
    image: from.getImage()!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => dockerfile.resolveVariable(a ?? b ?? "", from.getRange().start.line) ?? ""),
    template: dockerfile.getContainingImage(from.getRange().start)!,
  }));
  const last = stages.at(-1)!.template;
  const healthcheck = last.getHEALTHCHECKs().at(-1)?.getArgumentsContent() ?? "";
  return {
    text,
    dockerfile,
    stages,
    runtime: {
      env: Object.fromEntries(last.getENVs().flatMap((e) => e.getProperties().map((p) => [p.getName(), p.getValue() ?? ""]))),
      copies: last.getCOPYs().flatMap((c) => {
        const from = c.getFromFlag()?.getValue();
        const args = c.getArguments().map((a) => a.getValue());
        return from ? [{ from, sources: args.slice(0, -1), target: args.at(-1)! }] : [];
      }),
      user: argumentsOf(last, "USER").at(-1)?.[0] ?? null,
      exposed: argumentsOf(last, "EXPOSE").flat(),
      cmd: last.getCMDs().flatMap(jsonArray),
      healthcheck: /^CMD\s+\[/.test(healthcheck) ? (JSON.parse(healthcheck.replace(/^CMD\s+/, "")) as string[]) : [],
    },
  };
}
