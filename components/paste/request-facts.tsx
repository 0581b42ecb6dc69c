import type { ReactNode } from "react";
import { shortMask } from "@/lib/client/mask";
import type { Diagnosis } from "@/lib/diagnosis/types";
import type { HostKind, KeyLocation } from "@/lib/request/types";

const HOST_KIND: Record<HostKind, string> = {
  "execute-api": "API Gateway's default endpoint (execute-api)",
  "vpc-endpoint": "a VPC endpoint (private API)",
  "custom-domain": "a custom domain name",
  "local-sim": "a local stand-in (simulator or LocalStack)",
  unknown: "a host API Gateway does not serve",
};

/** Where a key sits, and whether API Gateway reads it there (with apiKeySource HEADER only the x-api-key header counts). */
function keyPlace(location: KeyLocation): { text: string; read: boolean } {
  switch (location.where) {
    case "header":
      return { text: `the ${location.name} header`, read: true };
    case "body":
      return { text: `the body field "${location.name}"`, read: false };
    case "query":
      return { text: `the query parameter "${location.name}"`, read: false };
    case "authorization":
      return { text: "the Authorization header", read: false };
    case "other-header":
      return { text: `the ${location.name} header`, read: false };
  }
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 py-1.5">
      <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** What gatecheck read from the pasted request (already masked by the server): host, API, stage, route, key. */
export function RequestFacts({ diagnosis }: { diagnosis: Diagnosis }) {
  const call = diagnosis.request;
  const facts = call.request;
  if (!facts) return null;
  const apiName = diagnosis.chain.nodes.find((n) => n.kind === "api")?.label;
  const keyName = diagnosis.chain.nodes.find((n) => n.kind === "key")?.label;
  const presented = call.presentedKey;
  return (
    <section aria-labelledby="facts-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="facts-heading" className="font-semibold">
        What gatecheck read from it
      </h2>
      <dl className="mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="request-facts">
        <Row label="Host">
          <code className="font-mono text-xs">{facts.host ?? "(none)"}</code>
          <span className="block text-xs text-slate-600 dark:text-slate-400">{HOST_KIND[facts.hostKind]}</span>
        </Row>
        <Row label="API">
          {call.apiId ? (
            <>
              {apiName ? <span className="font-medium">{apiName} </span> : null}
              <code className="font-mono text-xs">{call.apiId}</code> <span className="text-xs text-slate-600 dark:text-slate-400">in {call.region}</span>
              {facts.apiId ? null : <span className="block text-xs text-slate-600 dark:text-slate-400">from the custom domain&apos;s base path mappings</span>}
            </>
          ) : (
            "none found"
          )}
        </Row>
        <Row label="Stage">
          {call.stage ? <code className="font-mono">{call.stage}</code> : <span className="font-medium">none in the URL</span>}
          {facts.stage && facts.stage !== call.stage ? <span className="block text-xs text-slate-600 dark:text-slate-400">as sent: {facts.stage}</span> : null}
        </Row>
        <Row label="Route">
          <code className="font-mono">
            {call.method} {call.path}
          </code>
          {facts.rawPath !== call.path ? <span className="block text-xs text-slate-600 dark:text-slate-400">path as sent: {facts.rawPath}</span> : null}
        </Row>
        <Row label="API key">
          {facts.keyLocations.length === 0 ? (
            <span className="font-medium">none in the request</span>
          ) : (
            <ul className="space-y-1">
              {facts.keyLocations.map((location) => {
                const place = keyPlace(location);
                return (
                  <li key={`${location.where} ${location.name}`}>
                    <span aria-hidden>{place.read ? "✓ " : "✕ "}</span>
                    <code className="font-mono text-xs">{shortMask(location.value)}</code> in {place.text}
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{place.read ? "where API Gateway reads it" : "API Gateway does not read a key there"}</span>
                  </li>
                );
              })}
            </ul>
          )}
          {presented && presented.where !== "key-id" ? (
            <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
              {presented.resolution === "exact"
                ? `It is the value of key ${keyName ? `${keyName} ` : ""}(${presented.keyId}).`
                : presented.resolution === "trimmed"
                  ? `It matches key ${presented.keyId} only once whitespace is trimmed.`
                  : presented.resolution === "unreadable"
                    ? `gatecheck could not list the API keys of ${call.region} to match it (${presented.gap.operation}: ${presented.gap.code}).`
                    : `It matches no API key in ${call.region}.`}
            </span>
          ) : null}
        </Row>
        {facts.apiIdHeader ? (
          <Row label="x-apigw-api-id">
            <code className="font-mono text-xs">{facts.apiIdHeader}</code>
          </Row>
        ) : null}
      </dl>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">
          Headers ({facts.headers.length}){facts.body !== undefined ? " and body" : ""}, keys masked
        </summary>
        <pre className="mt-2 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800/60">
          {facts.headers.map((h) => `${h.name}: ${h.value}`).join("\n") || "(no headers)"}
          {facts.body !== undefined ? `\n\n${facts.body}` : ""}
        </pre>
      </details>
    </section>
  );
}
