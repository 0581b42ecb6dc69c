// The CloudWatch Logs Insights subset gatecheck sends, pure: compile a query string, then run it over
// events of a time window. Commands: fields, display, filter, parse, stats, sort, limit, separated by
// `|`; `#` comments. Anything else is a MalformedQueryError naming the part, which the handler
// answers as MalformedQueryException.

export type Value = string | number | Date;

/** One event as the query sees it; `log` is Insights' @log: `{accountId}:{logGroupName}`. */
export interface SourceEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
  logStreamName: string;
  log: string;
}

export interface ResultField {
  field: string;
  value: string;
}

export interface QueryOutput {
  results: ResultField[][];
  /** Events that passed the filters (before stats and limits), as AWS's statistics.recordsMatched. */
  recordsMatched: number;
}

export class MalformedQueryError extends Error {}

/** What a query shows when it names no fields (the console's default query). */
export const DEFAULT_FIELDS = ["@timestamp", "@message", "@logStream", "@log"] as const;
const UNSUPPORTED_COMMANDS = ["dedup", "unmask", "pattern", "diff", "anomaly", "filterindex", "source", "unnest", "lookup"];
const AGGREGATES = ["count", "count_distinct", "sum", "avg", "min", "max"] as const;
type AggregateFn = (typeof AGGREGATES)[number];
const BIN_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

// ---- tokens ----

type TokenKind = "word" | "string" | "number" | "regex" | "symbol" | "end";

interface Token {
  kind: TokenKind;
  /** As written. */
  text: string;
  /** Unquoted text of a string or backticked word; the source of a regex. */
  value: string;
  at: number;
}

const SYMBOLS = ["=~", "!=", "<=", ">=", "|", ",", "(", ")", "[", "]", "*", "=", "<", ">", "-", "+"];

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const word = /[@A-Za-z_][\w.@$]*/y;
  const number = /\d+(?:\.\d+)?/y;
  let i = 0;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(query)?.[0];
  };
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "#") {
      while (i < query.length && query[i] !== "\n") i++;
    } else if (ch === '"' || ch === "'" || ch === "`" || ch === "/") {
      const start = i++;
      let value = "";
      while (i < query.length && query[i] !== ch) {
        if (query[i] === "\\" && i + 1 < query.length) {
          // strings and names drop the backslash; a regex keeps it for RegExp, except before its own delimiter
          if (ch === "/" && query[i + 1] !== "/") value += "\\";
          i++;
        }
        value += query[i++];
      }
      if (i >= query.length) throw malformed(query, start, `unterminated ${ch === "/" ? "regular expression" : "quoted text"} starting`);
      i++;
      tokens.push({ kind: ch === "/" ? "regex" : ch === "`" ? "word" : "string", text: query.slice(start, i), value, at: start });
    } else {
      const text = match(word) ?? match(number) ?? SYMBOLS.find((s) => query.startsWith(s, i));
      if (text === undefined) throw malformed(query, i, `unexpected symbol found ${ch}`);
      const kind: TokenKind = /^[@A-Za-z_]/.test(text) ? "word" : /^\d/.test(text) ? "number" : "symbol";
      tokens.push({ kind, text, value: text, at: i });
      i += text.length;
    }
  }
  tokens.push({ kind: "end", text: "", value: "", at: query.length });
  return tokens;
}

function malformed(query: string, at: number, what: string): MalformedQueryError {
  const before = query.slice(0, at).split("\n");
  return new MalformedQueryError(`${what} at line ${before.length} and position ${before[before.length - 1]!.length + 1}`);
}

// ---- compiled form ----

interface Row {
  get(field: string): Value | undefined;
  set(field: string, value: Value): void;
}

type Predicate = (row: Row) => boolean;

interface Aggregate {
  name: string;
  fn: AggregateFn;
  /** null for count(*) */
  field: string | null;
}

interface GroupKey {
  name: string;
  field: string;
  binMs?: number;
}

type Stage =
  | { kind: "fields"; aliases: { source: string; name: string }[] }
  | { kind: "filter"; test: Predicate }
  | { kind: "parse"; source: string; regex: RegExp; names: string[] | null }
  | { kind: "stats"; aggregates: Aggregate[]; groups: GroupKey[] }
  | { kind: "sort"; keys: { name: string; descending: boolean }[] }
  | { kind: "limit"; count: number };

export interface CompiledQuery {
  stages: Stage[];
  /** Result fields in order; non-aggregated results also carry @ptr, as AWS's do. */
  output: string[];
  aggregated: boolean;
}

// ---- parser ----

export function compileQuery(query: string): CompiledQuery {
  return new Parser(query).parse();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly query: string) {
    this.tokens = tokenize(query);
  }

  parse(): CompiledQuery {
    const stages: Stage[] = [];
    const fields: string[] = [];
    const parsed: string[] = [];
    let display: string[] | null = null;
    let stats: string[] | null = null;
    if (this.peek().kind === "end") throw this.fail(this.peek(), "empty query");
    for (;;) {
      const command = this.next();
      const name = command.kind === "word" ? command.text.toLowerCase() : "";
      switch (name) {
        case "fields": {
          const items = this.list(() => this.fieldItem());
          for (const item of items) (stats ?? fields).push(item.name);
          stages.push({ kind: "fields", aliases: items.filter((item) => item.name !== item.source) });
          break;
        }
        case "display":
          display = this.list(() => this.fieldName());
          break;
        case "filter":
          stages.push({ kind: "filter", test: this.orExpr() });
          break;
        case "parse": {
          const stage = this.parseCommand();
          parsed.push(...(stage.names ?? namedGroups(stage.regex)));
          stages.push(stage);
          break;
        }
        case "stats": {
          const stage = this.statsCommand();
          stats = [...stage.groups.map((g) => g.name), ...stage.aggregates.map((a) => a.name)];
          stages.push(stage);
          break;
        }
        case "sort":
          stages.push({ kind: "sort", keys: this.list(() => this.sortKey()) });
          break;
        case "limit":
          stages.push({ kind: "limit", count: this.positiveInteger(10_000) });
          break;
        default:
          if (UNSUPPORTED_COMMANDS.includes(name)) throw this.fail(command, `the simulator does not support the Logs Insights command "${command.text}"`);
          throw this.fail(command);
      }
      const after = this.next();
      if (after.kind === "end") break;
      if (after.text !== "|") throw this.fail(after);
    }
    const output = unique(display ?? stats ?? [...(fields.length > 0 ? fields : DEFAULT_FIELDS), ...parsed]);
    return { stages, output, aggregated: stats !== null };
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const token = this.tokens[this.i]!;
    if (token.kind !== "end") this.i++;
    return token;
  }

  private isKeyword(word: string, token = this.peek()): boolean {
    return token.kind === "word" && token.text.toLowerCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }

  private acceptSymbol(symbol: string): boolean {
    if (this.peek().kind !== "symbol" || this.peek().text !== symbol) return false;
    this.i++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.fail(this.peek());
  }

  private fail(token: Token, what?: string): MalformedQueryError {
    return malformed(this.query, token.at, what ?? (token.kind === "end" ? "unexpected end of query" : `unexpected symbol found ${token.text}`));
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.acceptSymbol(",")) items.push(item());
    return items;
  }

  private fieldName(): string {
    const token = this.next();
    if (token.kind !== "word") throw this.fail(token);
    if (this.peek().text === "(") throw this.fail(token, `the simulator does not support the function ${token.text}() here`);
    return token.value;
  }

  private fieldItem(): { source: string; name: string } {
    const source = this.fieldName();
    return { source, name: this.acceptKeyword("as") ? this.fieldName() : source };
  }

  private positiveInteger(max: number): number {
    const token = this.next();
    const n = Number(token.text);
    if (token.kind !== "number" || !Number.isInteger(n) || n < 1 || n > max) throw this.fail(token, `expected a whole number from 1 to ${max}, found ${token.text || "nothing"}`);
    return n;
  }

  // filter: or > and > not > comparison
  private orExpr(): Predicate {
    const parts = [this.andExpr()];
    while (this.acceptKeyword("or")) parts.push(this.andExpr());
    return parts.length === 1 ? parts[0]! : (row) => parts.some((p) => p(row));
  }

  private andExpr(): Predicate {
    const parts = [this.notExpr()];
    while (this.acceptKeyword("and")) parts.push(this.notExpr());
    return parts.length === 1 ? parts[0]! : (row) => parts.every((p) => p(row));
  }

  private notExpr(): Predicate {
    if (this.acceptKeyword("not")) {
      const inner = this.notExpr();
      return (row) => !inner(row);
    }
    if (this.acceptSymbol("(")) {
      const inner = this.orExpr();
      this.expectSymbol(")");
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Predicate {
    if (this.isKeyword("ispresent") && this.tokens[this.i + 1]?.text === "(") {
      this.i += 2;
      const field = this.fieldName();
      this.expectSymbol(")");
      return (row) => row.get(field) !== undefined;
    }
    const field = this.fieldName();
    const negated = this.acceptKeyword("not");
    const op = this.next();
    let test: (value: Value) => boolean;
    if (this.isKeyword("like", op) || op.text === "=~") {
      const matches = this.textMatcher();
      test = (value) => matches(formatValue(value));
    } else if (this.isKeyword("in", op)) {
      this.expectSymbol("[");
      const values = this.list(() => this.literal());
      this.expectSymbol("]");
      test = (value) => values.some((v) => compareValues(value, v) === 0);
    } else if (!negated && ["=", "!=", "<", "<=", ">", ">="].includes(op.text)) {
      const literal = this.literal();
      const accept = { "=": (c: number) => c === 0, "!=": (c: number) => c !== 0, "<": (c: number) => c < 0, "<=": (c: number) => c <= 0, ">": (c: number) => c > 0, ">=": (c: number) => c >= 0 }[
        op.text
      ]!;
      test = (value) => accept(compareValues(value, literal));
    } else if (["+", "-", "*"].includes(op.text)) {
      throw this.fail(op, `the simulator does not support arithmetic (${op.text}) in filter`);
    } else {
      throw this.fail(op);
    }
    // a missing field matches nothing, negated or not, as in Insights
    return (row) => {
      const value = row.get(field);
      return value !== undefined && test(value) !== negated;
    };
  }

  private textMatcher(): (text: string) => boolean {
    const token = this.next();
    if (token.kind === "string") return (text) => text.includes(token.value);
    if (token.kind === "regex") {
      const regex = this.regex(token);
      return (text) => regex.test(text);
    }
    throw this.fail(token, `expected "text" or /regex/ after like, found ${token.text || "nothing"}`);
  }

  /** Insights regexes are Java-flavoured: a leading (?i) is JavaScript's `i` flag. */
  private regex(token: Token): RegExp {
    const caseless = token.value.startsWith("(?i)");
    try {
      return new RegExp(caseless ? token.value.slice(4) : token.value, caseless ? "i" : "");
    } catch (err) {
      throw this.fail(token, `invalid regular expression ${token.text}: ${(err as Error).message}`);
    }
  }

  private literal(): Value {
    const negative = this.acceptSymbol("-");
    const token = this.next();
    if (token.kind === "number") return negative ? -Number(token.text) : Number(token.text);
    if (token.kind === "string" && !negative) return token.value;
    throw this.fail(token, `expected a number or "text", found ${token.text || "nothing"}`);
  }

  private parseCommand(): Extract<Stage, { kind: "parse" }> {
    const source = this.fieldName();
    const pattern = this.next();
    if (pattern.kind === "regex") {
      const regex = this.regex(pattern);
      if (namedGroups(regex).length === 0) throw this.fail(pattern, "parse with a regular expression needs named groups like (?<name>...)");
      return { kind: "parse", source, regex, names: null };
    }
    if (pattern.kind !== "string") throw this.fail(pattern, `expected "glob * pattern" or /regex/ after parse ${source}, found ${pattern.text || "nothing"}`);
    if (!this.acceptKeyword("as")) throw this.fail(this.peek(), "expected as after the parse pattern");
    const names = this.list(() => this.fieldName());
    const parts = pattern.value.split("*");
    if (parts.length - 1 !== names.length) throw this.fail(pattern, `the parse pattern has ${parts.length - 1} wildcards but ${names.length} names follow as`);
    const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    // lazy wildcards, except a greedy last one so "* text *" takes the rest of the line
    const regexSource = escaped.reduce((acc, part, k) => (k === 0 ? part : `${acc}${k === escaped.length - 1 ? "(.*)" : "(.*?)"}${part}`), "");
    return { kind: "parse", source, regex: new RegExp(regexSource, "s"), names };
  }

  private statsCommand(): Extract<Stage, { kind: "stats" }> {
    const aggregates = this.list(() => {
      const token = this.next();
      const fn = token.text.toLowerCase() as AggregateFn;
      if (token.kind !== "word" || this.peek().text !== "(") throw this.fail(token, `expected an aggregate function like count(*), found ${token.text || "nothing"}`);
      if (!AGGREGATES.includes(fn)) throw this.fail(token, `the simulator does not support the stats function ${token.text}()`);
      this.expectSymbol("(");
      const field = fn === "count" && this.acceptSymbol("*") ? null : this.fieldName();
      this.expectSymbol(")");
      const name = `${fn}(${field ?? "*"})`;
      return { fn, field, name: this.acceptKeyword("as") ? this.fieldName() : name };
    });
    const groups = this.acceptKeyword("by") ? this.list(() => this.groupKey()) : [];
    return { kind: "stats", aggregates, groups };
  }

  private groupKey(): GroupKey {
    if (this.isKeyword("bin") && this.tokens[this.i + 1]?.text === "(") {
      this.i += 2;
      const amount = this.positiveInteger(Number.MAX_SAFE_INTEGER);
      const unitToken = this.next();
      const unitMs = BIN_UNITS_MS[unitToken.text];
      if (unitToken.kind !== "word" || unitMs === undefined)
        throw this.fail(unitToken, `the simulator supports bin() units ${Object.keys(BIN_UNITS_MS).join(", ")}, found ${unitToken.text || "nothing"}`);
      this.expectSymbol(")");
      const name = `bin(${amount}${unitToken.text})`;
      return { name: this.acceptKeyword("as") ? this.fieldName() : name, field: "@timestamp", binMs: amount * unitMs };
    }
    const { source, name } = this.fieldItem();
    return { name, field: source };
  }

  /** A field, or an aggregate named as stats names it (`count(*)`, `bin(5m)`). */
  private sortKey(): { name: string; descending: boolean } {
    const token = this.next();
    if (token.kind !== "word") throw this.fail(token);
    let name = token.value;
    if (this.acceptSymbol("(")) {
      let inner = "";
      while (!this.acceptSymbol(")")) {
        const part = this.next();
        if (part.kind === "end") throw this.fail(part);
        inner += part.text;
      }
      name = `${token.text.toLowerCase()}(${inner})`;
    }
    const descending = this.acceptKeyword("desc");
    if (!descending) this.acceptKeyword("asc");
    return { name, descending };
  }
}

function namedGroups(regex: RegExp): string[] {
  return [...regex.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

// ---- values ----

function asNumber(value: Value): number | undefined {
  if (typeof value === "number") return value;
  if (value instanceof Date) return value.getTime();
  return value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
}

/** Numbers (and numeric text, and times) compare as numbers; anything else as text. */
export function compareValues(a: Value, b: Value): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = formatValue(a);
  const t = formatValue(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Insights prints times as `2024-05-01 12:00:00.000` (UTC). */
export function formatValue(value: Value): string {
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  return String(value);
}

// ---- execution ----

class QueryRow implements Row {
  private readonly values = new Map<string, Value>();
  private discovered?: Map<string, Value>;

  constructor(private readonly event?: SourceEvent) {}

  get(field: string): Value | undefined {
    const own = this.values.get(field);
    if (own !== undefined || !this.event) return own;
    const e = this.event;
    switch (field) {
      case "@timestamp":
        return new Date(e.timestamp);
      case "@ingestionTime":
        return new Date(e.ingestionTime);
      case "@message":
        return e.message;
      case "@logStream":
        return e.logStreamName;
      case "@log":
        return e.log;
      case "@ptr":
        return Buffer.from(`${e.log}\u0000${e.eventId}`, "utf8").toString("base64");
      default:
        return (this.discovered ??= discoverJsonFields(e.message)).get(field);
    }
  }

  set(field: string, value: Value): void {
    this.values.set(field, value);
  }
}

/** Insights discovers the fields of JSON events (access logs in JSON), nested keys joined with dots. */
function discoverJsonFields(message: string): Map<string, Value> {
  const fields = new Map<string, Value>();
  if (!message.trimStart().startsWith("{")) return fields;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return fields;
  }
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined) return;
    if (typeof value === "object") {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else {
      fields.set(path, typeof value === "number" ? value : String(value));
    }
  };
  walk(parsed, "");
  return fields;
}

/** Runs a compiled query over events given newest first (Insights' order when a query does not sort). */
export function runQuery(query: CompiledQuery, events: readonly SourceEvent[], limit: number): QueryOutput {
  let rows: Row[] = events.map((e) => new QueryRow(e));
  let matched: number | undefined;
  for (const stage of query.stages) {
    switch (stage.kind) {
      case "fields":
        for (const row of rows) {
          for (const { source, name } of stage.aliases) {
            const value = row.get(source);
            if (value !== undefined) row.set(name, value);
          }
        }
        break;
      case "filter":
        rows = rows.filter(stage.test);
        break;
      case "parse":
        for (const row of rows) applyParse(row, stage);
        break;
      case "stats":
        matched ??= rows.length;
        rows = aggregate(rows, stage);
        break;
      case "sort":
        rows = sortRows(rows, stage.keys);
        break;
      case "limit":
        matched ??= rows.length;
        rows = rows.slice(0, stage.count);
        break;
    }
  }
  const fields = query.aggregated ? query.output : [...query.output.filter((f) => f !== "@ptr"), "@ptr"];
  return {
    results: rows.slice(0, limit).map((row) =>
      fields.flatMap((field) => {
        const value = row.get(field);
        return value === undefined ? [] : [{ field, value: formatValue(value) }];
      }),
    ),
    recordsMatched: matched ?? rows.length,
  };
}

function applyParse(row: Row, stage: Extract<Stage, { kind: "parse" }>): void {
  const source = row.get(stage.source);
  if (source === undefined) return;
  const match = stage.regex.exec(formatValue(source));
  if (!match) return;
  if (stage.names === null) {
    for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) row.set(name, value);
  } else {
    stage.names.forEach((name, k) => {
      const value = match[k + 1];
      if (value !== undefined) row.set(name, value);
    });
  }
}

function aggregate(rows: Row[], stage: Extract<Stage, { kind: "stats" }>): Row[] {
  const groups = new Map<string, { key: Value[]; rows: Row[] }>();
  for (const row of rows) {
    const key: Value[] = [];
    let complete = true;
    for (const g of stage.groups) {
      const value = row.get(g.field);
      if (value === undefined) {
        complete = false;
        break;
      }
      const ms = asNumber(value);
      key.push(g.binMs !== undefined && ms !== undefined ? new Date(Math.floor(ms / g.binMs) * g.binMs) : value);
    }
    // events without a group-by field form no group
    if (!complete) continue;
    const id = key.map(formatValue).join("\u0000");
    const group = groups.get(id) ?? { key, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  const out = [...groups.values()].map(({ key, rows: members }) => {
    const row = new QueryRow();
    stage.groups.forEach((g, k) => row.set(g.name, key[k]!));
    for (const a of stage.aggregates) {
      const value = aggregateValue(a, members);
      if (value !== undefined) row.set(a.name, value);
    }
    return row;
  });
  return sortRows(
    out,
    stage.groups.map((g) => ({ name: g.name, descending: false })),
  );
}

function aggregateValue(a: Aggregate, rows: Row[]): Value | undefined {
  if (a.field === null) return rows.length;
  const field = a.field;
  const values = rows.map((r) => r.get(field)).filter((v): v is Value => v !== undefined);
  switch (a.fn) {
    case "count":
      return values.length;
    case "count_distinct":
      return new Set(values.map(formatValue)).size;
    case "min":
    case "max":
      return values.reduce<Value | undefined>((best, v) => (best === undefined || compareValues(v, best) < 0 === (a.fn === "min") ? v : best), undefined);
    case "sum":
    case "avg": {
      const numbers = values.map(asNumber).filter((n): n is number => n !== undefined);
      if (numbers.length === 0) return undefined;
      const sum = numbers.reduce((s, n) => s + n, 0);
      return a.fn === "sum" ? sum : sum / numbers.length;
    }
  }
}

function sortRows(rows: Row[], keys: { name: string; descending: boolean }[]): Row[] {
  return [...rows].sort((r, s) => {
    for (const { name, descending } of keys) {
      const a = r.get(name);
      const b = s.get(name);
      // rows without the field go last in either direction
      if (a === undefined || b === undefined) {
        if (a !== b) return a === undefined ? 1 : -1;
        continue;
      }
      const c = compareValues(a, b);
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
}
