import { describe, expect, it } from "vitest";
import { splitCommandLine } from "./shell";

const args = (command: string): string[] => {
  const result = splitCommandLine(command);
  if (!result.ok) throw new Error(`unterminated ${result.quote}`);
  return result.args;
};

describe("splitCommandLine, POSIX shells", () => {
  it("joins adjacent quoted parts and keeps single quotes literal", () => {
    expect(args(`curl 'a b'"c d"e '$HOME \\n'`)).toEqual(["curl", "a bc de", "$HOME \\n"]);
  });

  it("removes backslash-newline continuations, also with CRLF and inside double quotes", () => {
    expect(args('curl \\\r\n  -s \\\n  "x\\\ny"')).toEqual(["curl", "-s", "xy"]);
  });

  it('escapes only $ ` " \\ inside double quotes', () => {
    expect(args(String.raw`"a\$b \`c\` \"d\" \\ \n"`)).toEqual(['a$b `c` "d" \\ \\n']);
  });

  it("decodes ANSI-C quoting", () => {
    expect(args(String.raw`$'a\tb\n\x41\u00e9\101\'\\\q'`)).toEqual(["a\tb\nAéA'\\\\q"]);
  });

  it("keeps an empty quoted argument", () => {
    expect(args(`curl -d '' x`)).toEqual(["curl", "-d", "", "x"]);
  });

  it("reports the unterminated quote", () => {
    expect(splitCommandLine(`curl 'abc`)).toEqual({ ok: false, quote: "'" });
    expect(splitCommandLine(`curl "abc`)).toEqual({ ok: false, quote: '"' });
    expect(splitCommandLine(`curl $'abc`)).toEqual({ ok: false, quote: "'" });
  });
});

describe("splitCommandLine, Windows cmd", () => {
  it("removes caret continuations and caret escapes outside quotes", () => {
    expect(args('curl ^\r\n  -H "a: b^c" ^\n  x^&y')).toEqual(["curl", "-H", "a: b^c", "x&y"]);
  });

  it("applies the C runtime's backslash rules before a quote", () => {
    expect(
      args(String.raw`curl ^
x "a\"b" c\\"d e" f\g`),
    ).toEqual(["curl", "x", 'a"b', "c\\d e", "f\\g"]);
  });
});
