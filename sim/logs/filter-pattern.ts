// CloudWatch Logs filter patterns for unstructured events (FilterLogEvents `filterPattern`), pure.
// Supported as AWS documents them: terms (all must appear), "quoted phrases", `?term` alternatives
// (any must appear), `-term` exclusions, all case-sensitive; and a standalone `%regex%`.
// JSON (`{ $.x = … }`) and space-delimited (`[a, b]`) patterns are refused, naming the simulator.

export type EventMatcher = (message: string) => boolean;

/** A pattern AWS would refuse, or one the simulator does not implement; the handler maps it to InvalidParameterException. */
export class FilterPatternError extends Error {}

/** Characters AWS allows inside `%…%`: letters, digits, the listed symbols and operators; no parentheses. */
const REGEX_PATTERN_CHARS = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]*$/;
/** Unquoted terms: AWS asks for double quotes around anything but letters, digits and `_`. */
const BARE_TERM = /^[A-Za-z0-9_]+$/;

export function compileFilterPattern(pattern: string): EventMatcher {
  const text = pattern.trim();
  if (text === "") return () => true;
  if (text.startsWith("{")) throw new FilterPatternError("JSON filter patterns ({ $.field = value }) are not supported by the simulator");
  if (text.startsWith("[")) throw new FilterPatternError("Space-delimited filter patterns ([w1, w2, ...]) are not supported by the simulator");
  if (text.startsWith("%")) return compileRegexPattern(text);

  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const { prefix, term } of readTerms(text)) {
    (prefix === "?" ? anyOf : prefix === "-" ? excluded : required).push(term);
  }
  return (message) => required.every((t) => message.includes(t)) && (anyOf.length === 0 || anyOf.some((t) => message.includes(t))) && !excluded.some((t) => message.includes(t));
}

function compileRegexPattern(text: string): EventMatcher {
  const body = text.slice(1, -1);
  if (text.length < 3 || !text.endsWith("%")) throw new FilterPatternError(`Invalid regex filter pattern ${text}: it must be one expression between % signs`);
  if (!REGEX_PATTERN_CHARS.test(body)) {
    throw new FilterPatternError(`Invalid regex filter pattern ${text}: only letters, digits, :_#=@/;,- and the operators ^$?[]{}|\\*+. are allowed (no parentheses)`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(body);
  } catch (err) {
    throw new FilterPatternError(`Invalid regex filter pattern ${text}: ${(err as Error).message}`);
  }
  return (message) => regex.test(message);
}

interface Term {
  prefix: "" | "?" | "-";
  term: string;
}

function readTerms(text: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const start = i;
    const prefix = text[i] === "?" || text[i] === "-" ? (text[i++] as "?" | "-") : "";
    let term: string;
    if (text[i] === '"') {
      term = "";
      i++;
      while (i < text.length && text[i] !== '"') {
        // \" is the only escape a quoted term needs
        if (text[i] === "\\" && text[i + 1] === '"') i++;
        term += text[i++];
      }
      if (i >= text.length) throw new FilterPatternError(`Invalid filter pattern: unterminated quoted term at position ${start}`);
      i++;
      if (i < text.length && !/\s/.test(text[i]!)) throw new FilterPatternError(`Invalid filter pattern: expected a space after the quoted term at position ${start}`);
    } else {
      const end = text.slice(i).search(/\s/);
      term = end === -1 ? text.slice(i) : text.slice(i, i + end);
      i += term.length;
      if (!BARE_TERM.test(term)) {
        throw new FilterPatternError(
          `Invalid filter pattern term ${text.slice(start, i)}: terms with characters other than letters, digits and _ must be in double quotes, e.g. ${prefix}"${term.replace(/^[?-]/, "")}"`,
        );
      }
    }
    // AWS documents `" "` as "match everything": a blank quoted term is the empty string, in every message
    terms.push({ prefix, term: term.trim() === "" ? "" : term });
  }
  return terms;
}
