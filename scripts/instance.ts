// One gatecheck instance without a build, for the bench and the tests of several instances: the JSON API's route
// handlers (the functions `next start` calls) behind node:http. Several share a simulator, a Redis and a bucket through
// the same settings as the dashboard. Prints `instance listening on http://…` when ready.
// `tsx --conditions=react-server --tsconfig tsconfig.json scripts/instance.ts [--port 0]`
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import * as diagnose from "@/app/api/v1/diagnose/route";
import * as snapshot from "@/app/api/v1/snapshots/[id]/route";
import * as snapshots from "@/app/api/v1/snapshots/route";
import * as fixApply from "@/app/api/v1/fixes/apply/route";
import * as fixPreview from "@/app/api/v1/fixes/preview/route";
import * as fixUndo from "@/app/api/v1/fixes/undo/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: [RegExp, Record<string, unknown>][] = [
  [/^\/api\/v1\/diagnose$/, diagnose],
  [/^\/api\/v1\/snapshots$/, snapshots],
  [/^\/api\/v1\/snapshots\/(?<id>[^/]+)$/, snapshot],
  [/^\/api\/v1\/fixes\/preview$/, fixPreview],
  [/^\/api\/v1\/fixes\/apply$/, fixApply],
  [/^\/api\/v1\/fixes\/undo$/, fixUndo],
];

async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
  const route = ROUTES.map(([pattern, module]) => ({ match: pattern.exec(url.pathname), module })).find((r) => r.match);
  const handler = route?.module[req.method ?? "GET"] as Handler | undefined;
  if (!route || !handler) {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: `${req.method} ${url.pathname}` } }));
    return;
  }
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  // As `next start` does: the address the request came from, last in X-Forwarded-For
  headers.append("x-forwarded-for", req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1");
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const response = await handler(new Request(url, { method: req.method ?? "GET", headers, ...(body ? { body } : {}) }), { params: Promise.resolve({ ...route.match!.groups }) });
  res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
}

const { values } = parseArgs({ options: { port: { type: "string", default: "0" }, host: { type: "string", default: "127.0.0.1" } } });
const server = http.createServer((req, res) => {
  serve(req, res).catch((err: unknown) => {
    console.error("instance: unexpected error", err);
    if (!res.headersSent) res.writeHead(500).end();
  });
});
server.listen(Number(values.port), values.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`instance listening on http://${values.host}:${port}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
