import { CopyButton } from "@/components/ui/copy-button";
import type { ProbeResult } from "@/lib/workflows/probe";

const REASON: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** What the browser shows of a body at most: the server caps it too, this keeps the page light. */
const BODY_SHOWN = 8_000;

/** API Gateway's answer to the probe: status, its ids and error type, the body, and what exactly was sent. */
export function ProbeResponse({ probe }: { probe: ProbeResult }) {
  const { response, sent } = probe;
  const ok = response.status < 400;
  const body = response.body.length > BODY_SHOWN ? `${response.body.slice(0, BODY_SHOWN)}…` : response.body;
  const others = Object.entries(response.headers).filter(([name]) => !["x-amzn-requestid", "x-amz-apigw-id", "x-amzn-errortype"].includes(name));
  return (
    <section
      aria-labelledby="response-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="probe-response"
      data-status={response.status}
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 id="response-heading" className="font-semibold">
          API Gateway answered
        </h2>
        <p
          className={`rounded-md border-2 px-2 py-0.5 text-lg font-semibold ${ok ? "border-emerald-600 bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100" : "border-dashed border-red-600 bg-red-50 text-red-900 dark:bg-red-950/60 dark:text-red-100"}`}
          data-testid="probe-status"
        >
          <span aria-hidden>{ok ? "✓ " : "✕ "}</span>
          {response.status} {REASON[response.status] ?? ""}
        </p>
        <span className="text-sm text-slate-600 dark:text-slate-400">in {response.durationMs} ms</span>
        <span className="min-w-0 truncate text-sm">
          <span className="font-mono text-xs">{sent.method}</span> <code className="font-mono text-xs">{sent.url}</code>
        </span>
      </div>

      <div className="mt-3 grid gap-4 lg:grid-cols-2">
        <dl className="space-y-1.5 text-sm" aria-label="Response headers">
          <Header name="x-amzn-RequestId" value={probe.requestId} copy />
          <Header name="x-amz-apigw-id" value={probe.extendedRequestId} />
          <Header name="x-amzn-ErrorType" value={response.headers["x-amzn-errortype"] ?? null} />
          {others.map(([name, value]) => (
            <Header key={name} name={name} value={value} />
          ))}
        </dl>
        <div className="min-w-0">
          <p className="text-sm text-slate-600 dark:text-slate-400">Body{response.bodyTruncated ? " (cut short by gatecheck)" : ""}</p>
          <pre aria-label="Response body" className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800/60">
            {body || "(empty)"}
          </pre>
        </div>
      </div>

      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
          Exactly what was sent (key masked){sent.changes.length ? `: ${sent.changes.length} change${sent.changes.length === 1 ? "" : "s"} from the pasted request` : ""}
        </summary>
        {sent.changes.length ? (
          <ul className="mt-2 space-y-0.5">
            {sent.changes.map((change) => (
              <li key={change}>→ {change}</li>
            ))}
          </ul>
        ) : null}
        <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2.5 font-mono text-xs text-slate-100 dark:bg-black/60">{sent.curl}</pre>
      </details>
    </section>
  );
}

function Header({ name, value, copy = false }: { name: string; value: string | null; copy?: boolean }) {
  return (
    <div className="grid grid-cols-[10rem_minmax(0,1fr)] items-start gap-2">
      <dt className="font-mono text-xs text-slate-600 dark:text-slate-400">{name}</dt>
      <dd className="flex min-w-0 items-start gap-2">
        {value ? <code className="min-w-0 break-all font-mono text-xs">{value}</code> : <span className="text-xs text-slate-500 dark:text-slate-400">(not sent)</span>}
        {copy && value ? <CopyButton text={value} label="Copy" /> : null}
      </dd>
    </div>
  );
}
