/**
 * PURE: splits a pasted command line into arguments the way the shell it was written for would,
 * so curl receives exactly these strings. No expansion: "$API_KEY" stays literal text.
 */

export type SplitResult = { ok: true; args: string[] } | { ok: false; quote: "'" | '"' };

const WHITESPACE = /\s/;

/**
 * Windows cmd is recognised by its caret line continuations or by Chrome's "Copy as cURL (cmd)"
 * escaping (^"). Otherwise POSIX shell rules apply.
 */
export function splitCommandLine(command: string): SplitResult {
  return /\^\r?\n|\^"/.test(command) ? splitCmd(command) : splitPosix(command);
}

/** bash/zsh: '…' literal, "…" with \-escapes of $ ` " \ and newline, $'…' ANSI-C, \ outside quotes. */
function splitPosix(src: string): SplitResult {
  const args: string[] = [];
  let current = "";
  let inArg = false;
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (WHITESPACE.test(c)) {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
      i += 1;
      continue;
    }
    if (c === "\\") {
      const skip = lineBreakLength(src, i + 1);
      // backslash-newline is a line continuation and separates nothing
      if (skip > 0) {
        i += 1 + skip;
        continue;
      }
      current += src.charAt(i + 1);
      inArg = true;
      i += 2;
      continue;
    }
    inArg = true;
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) return { ok: false, quote: "'" };
      current += src.slice(i + 1, end);
      i = end + 1;
    } else if (c === "$" && src.charAt(i + 1) === "'") {
      const quoted = readAnsiC(src, i + 2);
      if (quoted === null) return { ok: false, quote: "'" };
      current += quoted.text;
      i = quoted.end + 1;
    } else if (c === '"') {
      const quoted = readDoubleQuoted(src, i + 1);
      if (quoted === null) return { ok: false, quote: '"' };
      current += quoted.text;
      i = quoted.end + 1;
    } else {
      current += c;
      i += 1;
    }
  }
  if (inArg) args.push(current);
  return { ok: true, args };
}

function lineBreakLength(src: string, at: number): number {
  if (src.charAt(at) === "\n") return 1;
  return src.startsWith("\r\n", at) ? 2 : 0;
}

/** Inside "…" a backslash escapes only $ ` " \ and a newline (which it removes). */
function readDoubleQuoted(src: string, start: number): { text: string; end: number } | null {
  let text = "";
  for (let i = start; i < src.length; i += 1) {
    const c = src.charAt(i);
    if (c === '"') return { text, end: i };
    if (c === "\\") {
      const skip = lineBreakLength(src, i + 1);
      if (skip > 0) {
        i += skip;
        continue;
      }
      const next = src.charAt(i + 1);
      if ('$`"\\'.includes(next) && next !== "") {
        text += next;
        i += 1;
        continue;
      }
    }
    text += c;
  }
  return null;
}

const ANSI_C_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Sticky, so each escape is matched where it stands, never against a copy of the rest. */
const ANSI_C_NUMERIC = /x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8})|([0-7]{1,3})/y;

/** $'…': bash's ANSI-C quoting (\n, \t, \xHH, \uHHHH, \NNN octal, …). */
function readAnsiC(src: string, start: number): { text: string; end: number } | null {
  let text = "";
  for (let i = start; i < src.length; i += 1) {
    const c = src.charAt(i);
    if (c === "'") return { text, end: i };
    if (c !== "\\") {
      text += c;
      continue;
    }
    ANSI_C_NUMERIC.lastIndex = i + 1;
    const numeric = ANSI_C_NUMERIC.exec(src);
    if (numeric) {
      const [whole, hex, u4, u8, octal] = numeric;
      const code = octal !== undefined ? parseInt(octal, 8) : parseInt(hex ?? u4 ?? u8 ?? "0", 16);
      text += String.fromCodePoint(Math.min(code, 0x10ffff));
      i += whole.length;
      continue;
    }
    const next = src.charAt(i + 1);
    const escaped = ANSI_C_ESCAPES[next];
    text += escaped ?? `\\${next}`;
    i += 1;
  }
  return null;
}

/**
 * cmd.exe, then the C runtime's argv rules that curl.exe sees: outside "…" a caret escapes the
 * next character (caret-newline continues the line); then "…" groups, \" is a literal quote,
 * and backslashes are literal unless they precede a quote.
 */
function splitCmd(command: string): SplitResult {
  let src = "";
  let inQuotes = false;
  for (let i = 0; i < command.length; i += 1) {
    const c = command.charAt(i);
    if (c === '"') inQuotes = !inQuotes;
    if (c !== "^" || inQuotes) {
      src += c;
      continue;
    }
    const skip = lineBreakLength(command, i + 1);
    if (skip > 0) {
      i += skip;
      continue;
    }
    src += command.charAt(i + 1);
    i += 1;
  }

  const args: string[] = [];
  let current = "";
  let inArg = false;
  inQuotes = false;
  for (let i = 0; i < src.length; i += 1) {
    const c = src.charAt(i);
    if (WHITESPACE.test(c) && !inQuotes) {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
      continue;
    }
    inArg = true;
    if (c === "\\") {
      let run = 1;
      while (src.charAt(i + run) === "\\") run += 1;
      if (src.charAt(i + run) === '"') {
        // 2n backslashes + " → n backslashes and a quote that toggles; 2n+1 → n and a literal "
        current += "\\".repeat(Math.floor(run / 2));
        if (run % 2 === 1) {
          current += '"';
          i += run;
        } else {
          i += run - 1;
        }
      } else {
        current += "\\".repeat(run);
        i += run - 1;
      }
      continue;
    }
    if (c === '"') inQuotes = !inQuotes;
    else current += c;
  }
  if (inArg) args.push(current);
  return { ok: true, args };
}
