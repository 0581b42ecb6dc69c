/** API key masking exactly as API Gateway writes keys into execution logs. */

const VISIBLE = 6;

/**
 * Every character but the last 6 becomes "*", length preserved (a 40-character key shows 34 "*").
 * A value of 6 characters or fewer is masked entirely: AWS keys have at least 20 characters, so
 * only non-AWS strings get here, and showing their last 6 would show all of them.
 */
export function maskKeyValue(value: string): string {
  if (value.length <= VISIBLE) return "*".repeat(value.length);
  return "*".repeat(value.length - VISIBLE) + value.slice(-VISIBLE);
}

/** The visible tail of a masked key: "bMZHBg" for "****…bMZHBg"; "" when nothing is visible. */
export function last6(masked: string): string {
  return masked.replace(/^\*+/, "").slice(-VISIBLE);
}

/** Whether a key value could be the one a log line shows masked (same length, same tail). */
export function matchesMaskedKey(masked: string, value: string): boolean {
  return maskKeyValue(value) === masked;
}

/** Masks every occurrence of each secret in a text; a secret inside a longer one is masked after it. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return masker(secrets)(text);
}

/** The masking of `maskSecrets`, with the secrets sorted once for many texts. */
function masker(secrets: readonly string[]): (text: string) => string {
  const ordered = secrets.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(maskKeyValue(secret)) : out), text);
}

/** A JSON value with every secret masked in every string, object keys included. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const mask = masker(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return mask(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const json = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof json === "function") return walk(json.call(v));
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [mask(k), walk(item)]));
    }
    return v;
  };
  return walk(value) as T;
}
