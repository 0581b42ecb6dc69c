// Pasted requests built to make a backtracking parser slow: long runs of the characters each part of a
// URL, a request line, a header or a shell word stops at, ending in whatever makes a match fail late.
// Each stays under the 256 KiB body limit, so a route accepts it and hands it to the parser.
const N = 60_000;
const run = (s: string, times = N) => s.repeat(times);

export const PATHOLOGICAL_REQUESTS: Readonly<Record<string, string>> = {
  "URL without path ending in a fragment with a newline (issue 10)": `curl 'http://${run("a")}#\nx'`,
  "URL of slashes": `curl 'http://h/${run("/")}?#\nx'`,
  "authority of @": `curl 'http://${run("@")}:\nx'`,
  "bracketed host of colons": `curl 'http://[${run(":")}'`,
  "bare host of dotted labels": `${run("a.", N / 2)}!`,
  "bare word then a space": `${run("a")} x`,
  "request line padded with spaces": `GET /x${run(" ")}y`,
  "request target of slashes": `GET ${run("/")} HTTP/1.1 x`,
  "Authorization scheme then spaces": `GET /x HTTP/1.1\nHost: a.execute-api.us-east-1.amazonaws.com\nAuthorization: Bearer${run(" ")}x y`,
  "HTTP/2 pseudo-header padded": `GET /x HTTP/1.1\n:${run("a")}:${run(" ")}\n`,
  "folded header lines": `GET /x HTTP/1.1\n${run(" x\n", N / 3)}`,
  "form body of pairs then a space": `curl https://abcdefghij.execute-api.us-east-1.amazonaws.com/p/x -d '${run("a=b&", N / 4)} x'`,
  "ANSI-C escapes": `curl $'${run("\\x4", N / 3)}`,
  "cmd.exe backslashes": `curl ^"${run("\\")}x`,
  "many headers": `curl http://x ${run("-H 'a: b' ", N / 10)}`,
  "shell prompt then spaces": `$${run(" ")}x`,
  "quotes opened and closed": `curl ${run("''")}`,
};
