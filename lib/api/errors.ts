// The JSON error every route answers with: a code, a sentence that states the fix, and a link to the
// code's entry on /docs/errors.
import { ERROR_DOCS, errorDocLink } from "./error-docs";

export interface ApiErrorBody {
  error: { code: string; message: string; hint: string; field?: string; link?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly extra: { field?: string; link?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        hint: this.hint,
        ...(this.extra.field ? { field: this.extra.field } : {}),
        link: this.extra.link ?? errorDocLink(this.code in ERROR_DOCS ? this.code : ""),
      },
    };
  }
}
