import Link from "next/link";
import { ErrorState } from "@/components/ui/states";
import { diagnoseHref, type DiagnoseParams } from "@/lib/client/diagnose-url";
import { FetchError } from "@/lib/client/fetch-json";

const link = "font-medium text-sky-700 underline hover:no-underline dark:text-sky-300";

/** A failed diagnosis explained, with a way forward: the closest API, the link without its bad field, or back. */
export function DiagnoseError({ error, params }: { error: FetchError | Error; params: DiagnoseParams }) {
  const body = error instanceof FetchError ? error.body : null;
  const back = (
    <Link key="back" href={body?.field === "region" ? "/" : `/?region=${encodeURIComponent(params.region)}`} className={link}>
      ← Back to the APIs{body?.field === "region" ? "" : ` in ${params.region}`}
    </Link>
  );
  if (body?.code === "API_NOT_FOUND") {
    // Offer a one-click retry only when the hint names a single close id, not a list of the API's neighbours.
    const closest = body.hint.match(/Closest: ([a-z0-9]{10}) \([^)]*\)\.$/)?.[1];
    return (
      <ErrorState
        error={error}
        title={`There is no API ${params.api} in ${params.region}.`}
        action={[
          closest ? (
            <Link key="closest" href={diagnoseHref({ ...params, api: closest })} className={link}>
              Diagnose {closest} instead
            </Link>
          ) : null,
          back,
        ]}
      />
    );
  }
  if (body?.code === "INVALID_INPUT" || body?.code === "INVALID_REQUEST") {
    const field = body.field as keyof DiagnoseParams | undefined;
    const droppable = field && field !== "region" && field !== "api" && field in params;
    return (
      <ErrorState
        error={error}
        title="This diagnosis link is malformed."
        action={[
          droppable ? (
            <Link key="drop" href={diagnoseHref({ ...params, [field]: null })} className={link}>
              Open it without `{field}`
            </Link>
          ) : null,
          back,
        ]}
      />
    );
  }
  const denied = error instanceof FetchError && error.status === 403;
  return <ErrorState error={error} title={denied ? `gatecheck's credentials cannot read this API in ${params.region}.` : "The diagnosis failed."} action={back} />;
}
