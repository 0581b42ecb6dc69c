import type { ApiErrorBody } from "@/lib/api/errors";

/** A JSON API error as the browser sees it. */
export class FetchError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody["error"],
  ) {
    super(body.message);
    this.name = "FetchError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as ApiErrorBody | null)?.error ?? { code: `HTTP_${response.status}`, message: `gatecheck answered ${response.status}.`, hint: "Refresh the page." };
    throw new FetchError(response.status, error);
  }
  return data as T;
}

/** POSTs `body` as JSON; the body never goes into a URL (a pasted request holds a key). */
export function postJson<T>(url: string, body: unknown): Promise<T> {
  return fetchJson<T>(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}
