import { describe, expect, it } from "vitest";
import { parseRequest, redactRequestFacts } from "./parse";
import type { ParseRequestOptions, RequestFacts } from "./types";

const KEY = "kV3pQ9sL2mN8xR4tY7wZ1aB5cD6eF0gH2iJ4kL6m"; // 40 characters, like a generated key
const KEY2 = "abcdefghij0123456789ABCD";
const API = "a1b2c3d4e5";
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`;

function facts(text: string, options?: ParseRequestOptions): RequestFacts {
  const result = parseRequest(text, options);
  if (!result.ok) throw new Error(`expected ok, got: ${result.error.message}`);
  return result.facts;
}

function error(text: string): { message: string; hint: string } {
  const result = parseRequest(text);
  if (result.ok) throw new Error("expected an error");
  expect(result.error.field).toBe("request");
  return result.error;
}

describe("curl commands", () => {
  it("Postman export with the key in the JSON body", () => {
    const f = facts(`curl --location 'https://${HOST}/prod/notes' \\
--header 'Content-Type: application/json' \\
--data-raw '{"x-api-key":"${KEY2}","note":"hello"}'`);
    expect(f).toMatchObject({
      method: "POST",
      url: `https://${HOST}/prod/notes`,
      scheme: "https",
      host: HOST,
      hostKind: "execute-api",
      apiId: API,
      region: "us-east-1",
      stage: "prod",
      resourcePath: "/notes",
      rawPath: "/prod/notes",
      body: `{"x-api-key":"${KEY2}","note":"hello"}`,
    });
    expect(f.headers).toEqual([{ name: "Content-Type", value: "application/json" }]);
    expect(f.keyLocations).toEqual([{ where: "body", name: "x-api-key", value: KEY2 }]);
  });

  it("key in the query string as api_key", () => {
    const f = facts(`curl "https://${API}.execute-api.eu-west-1.amazonaws.com/dev/pets?api_key=${KEY}&type=dog&type=cat"`);
    expect(f).toMatchObject({ method: "GET", region: "eu-west-1", stage: "dev", resourcePath: "/pets" });
    expect(f.query).toEqual({ api_key: [KEY], type: ["dog", "cat"] });
    expect(f.keyLocations).toEqual([{ where: "query", name: "api_key", value: KEY }]);
  });

  it("the key where it belongs: x-api-key header", () => {
    const f = facts(`curl -H "x-api-key: ${KEY}" https://${HOST}/prod/pets/7`);
    expect(f.keyLocations).toEqual([{ where: "header", name: "x-api-key", value: KEY }]);
    expect(f).toMatchObject({ method: "GET", stage: "prod", resourcePath: "/pets/7" });
  });

  it("header with odd casing and no space after the colon", () => {
    const f = facts(`curl -H 'X-API-KEY:${KEY2}' https://${HOST}/prod/`);
    expect(f.headers).toEqual([{ name: "X-API-KEY", value: KEY2 }]);
    expect(f.keyLocations).toEqual([{ where: "header", name: "X-API-KEY", value: KEY2 }]);
    expect(f.resourcePath).toBe("/");
  });

  it("header value with extra spaces after the colon", () => {
    const f = facts(`curl https://${HOST}/prod/pets --header "x-api-key:     ${KEY}"`);
    expect(f.keyLocations[0]).toEqual({ where: "header", name: "x-api-key", value: KEY });
  });

  it("key with a trailing newline from $'…' (kept, still found)", () => {
    const f = facts(`curl -H $'x-api-key: ${KEY2}\\n' https://${HOST}/prod/pets`);
    expect(f.keyLocations).toEqual([{ where: "header", name: "x-api-key", value: `${KEY2}\n` }]);
  });

  it("key sent as Authorization: Bearer", () => {
    const f = facts(`curl -H "Authorization: Bearer ${KEY}" https://${HOST}/prod/pets`);
    expect(f.keyLocations).toEqual([{ where: "authorization", name: "Authorization", value: KEY }]);
  });

  it("key sent as a bare Authorization value and as ApiKey scheme", () => {
    expect(facts(`curl -H "authorization: ${KEY2}" https://${HOST}/prod/x`).keyLocations).toEqual([{ where: "authorization", name: "authorization", value: KEY2 }]);
    expect(facts(`curl -H "Authorization: ApiKey ${KEY2}" https://${HOST}/prod/x`).keyLocations[0]?.value).toBe(KEY2);
  });

  it("a JWT bearer token is not taken for a key", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    expect(facts(`curl -H "Authorization: Bearer ${jwt}" https://${HOST}/prod/x`).keyLocations).toEqual([]);
  });

  it("key in another header", () => {
    const f = facts(`curl -H "apikey: ${KEY}" -H "x-amz-content-sha256: ${"e3b0c442".repeat(8)}" https://${HOST}/prod/x`);
    expect(f.keyLocations).toEqual([{ where: "other-header", name: "apikey", value: KEY }]);
  });

  it("--json implies POST and JSON headers; key found in a nested field", () => {
    const f = facts(`curl --json '{"auth":{"apiKey":"${KEY}"},"items":[{"sku":"A1"}]}' https://${HOST}/prod/orders`);
    expect(f.method).toBe("POST");
    expect(f.headers).toEqual([
      { name: "Content-Type", value: "application/json" },
      { name: "Accept", value: "application/json" },
    ]);
    expect(f.keyLocations).toEqual([{ where: "body", name: "auth.apiKey", value: KEY }]);
  });

  it("double quotes with backslash escapes, and -d implying form content type", () => {
    const f = facts(`curl -X POST "https://${HOST}/prod/orders" -d "{\\"api_key\\":\\"${KEY2}\\",\\"n\\":\\"\\$5\\"}"`);
    expect(f.body).toBe(`{"api_key":"${KEY2}","n":"$5"}`);
    expect(f.headers).toEqual([{ name: "Content-Type", value: "application/x-www-form-urlencoded" }]);
    expect(f.keyLocations).toEqual([{ where: "body", name: "api_key", value: KEY2 }]);
  });

  it("form-encoded body, several -d joined with &", () => {
    const f = facts(`curl https://${HOST}/prod/login -d api_key=${KEY} -d 'name=Jo%20Smith'`);
    expect(f.body).toBe(`api_key=${KEY}&name=Jo%20Smith`);
    expect(f.keyLocations).toEqual([{ where: "body", name: "api_key", value: KEY }]);
  });

  it("-G moves the data into the query string", () => {
    const f = facts(`curl -G https://${HOST}/prod/search --data-urlencode "q=red shoes" -d key=${KEY}`);
    expect(f.method).toBe("GET");
    expect(f.body).toBeUndefined();
    expect(f.url).toBe(`https://${HOST}/prod/search?q=red%20shoes&key=${KEY}`);
    expect(f.query).toEqual({ q: ["red shoes"], key: [KEY] });
    expect(f.keyLocations).toEqual([{ where: "query", name: "key", value: KEY }]);
  });

  it("Windows cmd with caret continuations", () => {
    const f = facts([`curl -X POST "https://${HOST}/prod/items" ^`, `  -H "Content-Type: application/json" ^`, `  -H "x-api-key: ${KEY}" ^`, `  -d "{\\"name\\":\\"widget\\"}"`].join("\r\n"));
    expect(f).toMatchObject({ method: "POST", stage: "prod", resourcePath: "/items", body: '{"name":"widget"}' });
    expect(f.keyLocations).toEqual([{ where: "header", name: "x-api-key", value: KEY }]);
  });

  it("Chrome's Copy as cURL (cmd), with ^\" escaping", () => {
    const f = facts(
      [
        `curl ^"https://${HOST}/prod/items?page=2^" ^`,
        `  -H ^"accept: */*^" ^`,
        `  -H ^"content-type: application/json^" ^`,
        `  -H ^"x-api-key: ${KEY}^" ^`,
        `  --data-raw ^"^{^\\^"name^\\^":^\\^"a b^\\^"^}^" ^`,
        `  --compressed`,
      ].join("\n"),
    );
    expect(f).toMatchObject({ method: "POST", body: '{"name":"a b"}', query: { page: ["2"] } });
    expect(f.headers.map((h) => h.name)).toEqual(["accept", "content-type", "x-api-key"]);
    expect(f.keyLocations[0]).toEqual({ where: "header", name: "x-api-key", value: KEY });
  });

  it("combined short options, attached values and tolerated unknown options", () => {
    const f = facts(`curl -sSL -XDELETE --retry 3 --fail-with-body -w '%{http_code}' -o /dev/null -k -i -v --compressed https://${HOST}/prod/pets/9`);
    expect(f).toMatchObject({ method: "DELETE", url: `https://${HOST}/prod/pets/9`, resourcePath: "/pets/9" });
  });

  it("--url, a shell prompt, curl.exe and an explicit lowercase method", () => {
    const f = facts(`$ curl.exe --request put --url https://${HOST}/prod/pets/1 -H 'x-api-key: ${KEY}'`);
    expect(f).toMatchObject({ method: "PUT", resourcePath: "/pets/1" });
  });

  it("private API through the VPC endpoint's DNS name with x-apigw-api-id", () => {
    const f = facts(`curl -X GET https://vpce-0a1b2c3d4e5f60718-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/orders -H 'x-apigw-api-id: ${API}' -H 'x-api-key: ${KEY}'`);
    expect(f).toMatchObject({
      hostKind: "vpc-endpoint",
      vpceId: "vpce-0a1b2c3d4e5f60718",
      region: "us-east-1",
      apiId: API,
      apiIdHeader: API,
      stage: "prod",
      resourcePath: "/orders",
    });
    expect(f.keyLocations).toEqual([{ where: "header", name: "x-api-key", value: KEY }]);
  });

  it("private API through the VPC endpoint with a Host header naming the API", () => {
    const f = facts(`curl https://vpce-0a1b2c3d4e5f60718-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com/test/ -H 'Host: ${API}.execute-api.us-east-1.amazonaws.com'`);
    expect(f).toMatchObject({ hostKind: "vpc-endpoint", apiId: API, region: "us-east-1", stage: "test", resourcePath: "/" });
    expect(f.apiIdHeader).toBeUndefined();
  });

  it("private API through its Route 53 alias", () => {
    const f = facts(`curl https://${API}-vpce-0a1b2c3d4e5f60718.execute-api.us-west-2.amazonaws.com/prod/health`);
    expect(f).toMatchObject({ hostKind: "vpc-endpoint", apiId: API, vpceId: "vpce-0a1b2c3d4e5f60718", region: "us-west-2", stage: "prod" });
  });

  it("x-apigw-api-id sent to a public execute-api name is kept apart", () => {
    const f = facts(`curl https://${HOST}/prod/x -H 'x-apigw-api-id: zz99yy88xx'`);
    expect(f).toMatchObject({ hostKind: "execute-api", apiId: API, apiIdHeader: "zz99yy88xx" });
  });

  it("URL without a stage", () => {
    for (const url of [`https://${HOST}`, `https://${HOST}/`]) {
      const f = facts(`curl ${url}`);
      expect(f.stage).toBeUndefined();
      expect(f.rawPath).toBe("/");
      expect(f.resourcePath).toBe("/");
    }
    expect(facts(`curl https://${HOST}/prod`)).toMatchObject({ stage: "prod", resourcePath: "/", rawPath: "/prod" });
  });

  it("a URL without a scheme gets curl's default, http", () => {
    expect(facts(`curl ${HOST}/prod/pets`)).toMatchObject({ scheme: "http", url: `http://${HOST}/prod/pets` });
  });

  it("LocalStack / simulator path-style URL", () => {
    const f = facts(`curl -H 'x-api-key: ${KEY}' http://127.0.0.1:4566/restapis/${API}/dev/_user_request_/pets/1?x=1`);
    expect(f).toMatchObject({
      hostKind: "local-sim",
      scheme: "http",
      host: "127.0.0.1",
      port: 4566,
      apiId: API,
      stage: "dev",
      resourcePath: "/pets/1",
      rawPath: `/restapis/${API}/dev/_user_request_/pets/1`,
      query: { x: ["1"] },
    });
  });

  it("simulator host name", () => {
    const f = facts(`curl http://${API}.execute-api.localhost:4566/dev/pets`);
    expect(f).toMatchObject({ hostKind: "local-sim", apiId: API, port: 4566, stage: "dev", resourcePath: "/pets" });
  });

  it("custom domain: stage unknown, resource path is the raw path", () => {
    const f = facts(`curl -H 'x-api-key: ${KEY}' https://api.example.com/v1/orders?id=5`);
    expect(f).toMatchObject({ hostKind: "custom-domain", host: "api.example.com", resourcePath: "/v1/orders" });
    expect(f.stage).toBeUndefined();
    expect(f.apiId).toBeUndefined();
  });

  it("an empty x-api-key header (curl's 'Name;' form) is still the header location", () => {
    const f = facts(`curl -H 'x-api-key;' -H 'Accept:' https://${HOST}/prod/x`);
    expect(f.headers).toEqual([{ name: "x-api-key", value: "" }]);
    expect(f.keyLocations).toEqual([{ where: "header", name: "x-api-key", value: "" }]);
  });

  it("orders locations: header first, then names that hint at a key, then the rest", () => {
    const other = "ZZZZ0000YYYY1111XXXX2222";
    const f = facts(`curl 'https://${HOST}/prod/x?session=${other}' -H 'x-api-key: short' --data-raw '{"apiKey":"${KEY}"}'`);
    expect(f.keyLocations.map((l) => `${l.where}:${l.name}`)).toEqual(["header:x-api-key", "body:apiKey", "query:session"]);
  });

  it("counts a known key value anywhere, whatever its shape", () => {
    const f = facts(`curl -H 'X-Client: k-123' -H 'User-Agent: k-123' https://${HOST}/prod/x --json '{"tok":"k-123"}'`, {
      knownKeyValues: ["k-123"],
    });
    expect(f.keyLocations).toEqual([
      { where: "other-header", name: "X-Client", value: "k-123" },
      { where: "other-header", name: "User-Agent", value: "k-123" },
      { where: "body", name: "tok", value: "k-123" },
    ]);
  });

  it("ranks a known value above a merely key-like one", () => {
    const f = facts(`curl 'https://${HOST}/prod/x?token=${KEY}&ref=${KEY2}'`, { knownKeyValues: [KEY2] });
    expect(f.keyLocations.map((l) => l.name)).toEqual(["ref", "token"]);
  });

  it("-I sends HEAD, -F sends POST without a readable body, --oauth2-bearer sets Authorization", () => {
    expect(facts(`curl -I https://${HOST}/prod/x`).method).toBe("HEAD");
    expect(facts(`curl -F file=@a.png https://${HOST}/prod/upload`)).toMatchObject({ method: "POST" });
    expect(facts(`curl --oauth2-bearer ${KEY} https://${HOST}/prod/x`).keyLocations).toEqual([{ where: "authorization", name: "Authorization", value: KEY }]);
  });

  it("-d @file sends POST with a body it cannot show", () => {
    const f = facts(`curl -d @payload.json -H 'Content-Type: application/json' https://${HOST}/prod/x`);
    expect(f.method).toBe("POST");
    expect(f.body).toBeUndefined();
  });
});

describe("raw HTTP requests", () => {
  it("CRLF request with Host header and JSON body", () => {
    const f = facts(`POST /prod/orders HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/json\r\nX-Api-Key: ${KEY}\r\n\r\n{"qty":2}\r\n`);
    expect(f).toMatchObject({
      method: "POST",
      host: HOST,
      hostKind: "execute-api",
      stage: "prod",
      resourcePath: "/orders",
      body: '{"qty":2}',
    });
    expect(f.url).toBeUndefined();
    expect(f.scheme).toBeUndefined();
    expect(f.keyLocations).toEqual([{ where: "header", name: "X-Api-Key", value: KEY }]);
  });

  it("the AWS developer guide's signed usage-plan test request", () => {
    const f = facts(`GET /testStage/pets?type=dog&page=1 HTTP/1.1
x-api-key: Hiorr45VR0123456789c4GJc
Content-Type: application/x-www-form-urlencoded
Host: xbvxlpijch.execute-api.ap-southeast-1.amazonaws.com
X-Amz-Date: 20160803T001845Z
Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20160803/ap-southeast-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-api-key, Signature=abc`);
    expect(f).toMatchObject({
      apiId: "xbvxlpijch",
      region: "ap-southeast-1",
      stage: "testStage",
      resourcePath: "/pets",
      query: { type: ["dog"], page: ["1"] },
    });
    expect(f.keyLocations).toEqual([{ where: "header", name: "x-api-key", value: "Hiorr45VR0123456789c4GJc" }]);
  });

  it("REST-client style: verb and absolute URL, headers, no HTTP version", () => {
    const f = facts(`post https://${HOST}/prod/orders\ncontent-type: application/json\n\n{"api_key":"${KEY}"}`);
    expect(f).toMatchObject({ method: "POST", scheme: "https", url: `https://${HOST}/prod/orders`, stage: "prod" });
    expect(f.keyLocations).toEqual([{ where: "body", name: "api_key", value: KEY }]);
  });

  it("HTTP/2 as browsers' dev tools show it, with pseudo-headers", () => {
    const f = facts(`GET /prod/pets HTTP/2\n:authority: ${HOST}\n:method: GET\n:path: /prod/pets\nx-api-key: ${KEY}`);
    expect(f).toMatchObject({ host: HOST, apiId: API, stage: "prod" });
    expect(f.headers).toEqual([{ name: "x-api-key", value: KEY }]);
  });

  it("a request line alone, without Host", () => {
    const f = facts("DELETE /prod/pets/3");
    expect(f).toMatchObject({ method: "DELETE", hostKind: "unknown", rawPath: "/prod/pets/3", resourcePath: "/prod/pets/3" });
    expect(f.host).toBeUndefined();
  });

  it("a local path-style request through the Host header", () => {
    const f = facts(`GET /restapis/${API}/dev/_user_request_/ HTTP/1.1\nHost: localhost:4566`);
    expect(f).toMatchObject({ hostKind: "local-sim", host: "localhost", port: 4566, apiId: API, stage: "dev", resourcePath: "/" });
  });
});

describe("bare URLs", () => {
  it("invoke URL with query", () => {
    const f = facts(`https://${API}.execute-api.ap-southeast-2.amazonaws.com/prod/pets?limit=10`);
    expect(f).toMatchObject({ method: "GET", region: "ap-southeast-2", stage: "prod", resourcePath: "/pets", query: { limit: ["10"] } });
    expect(f.headers).toEqual([]);
  });

  it("without a scheme: https", () => {
    expect(facts(`${HOST}/prod/pets`)).toMatchObject({ scheme: "https", url: `https://${HOST}/prod/pets` });
  });

  it("China partition", () => {
    expect(facts(`https://${API}.execute-api.cn-north-1.amazonaws.com.cn/prod/x`)).toMatchObject({
      hostKind: "execute-api",
      region: "cn-north-1",
    });
  });

  it("keeps the path as sent and drops the fragment", () => {
    const f = facts(`https://user:pw@${HOST}:443/prod/a%20b/{id}#frag`);
    expect(f).toMatchObject({ host: HOST, port: 443, rawPath: "/prod/a%20b/{id}", resourcePath: "/a%20b/{id}" });
  });

  it("a parameter named __proto__ is only a name", () => {
    expect(facts(`https://${HOST}/prod/x?__proto__=1`).query).toEqual(JSON.parse('{"__proto__":["1"]}'));
  });
});

describe("errors", () => {
  it("empty input", () => {
    expect(error("  \n ").message).toMatch(/empty/);
  });

  it("text that is no request says what is expected", () => {
    const e = error("it returns 403 when I call it");
    expect(e.message).toMatch(/curl command, a raw HTTP request or a URL/);
    expect(e.hint).toMatch(/curl https:\/\//);
  });

  it("curl without a URL", () => {
    expect(error(`curl -H 'x-api-key: ${KEY}'`).message).toMatch(/no URL/);
  });

  it("an option missing its value", () => {
    expect(error(`curl https://${HOST}/prod/x -H`).message).toMatch(/-H has no value/);
  });

  it("unterminated quote, without echoing the key", () => {
    const e = error(`curl -H 'x-api-key: ${KEY} https://${HOST}/prod/x`);
    expect(e.message).toMatch(/unterminated ' quote/);
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(JSON.stringify(e)).not.toContain(KEY.slice(-6));
  });

  it("unsupported scheme, bad port, no host", () => {
    expect(error(`curl ftp://${HOST}/prod`).message).toMatch(/neither https nor http/);
    expect(error(`curl https://${HOST}:70000/prod`).message).toMatch(/port/);
    expect(error(`curl https:///prod?api_key=${KEY}`).message).toMatch(/no valid host/);
  });

  it("a raw request header line without a colon names the line, not its text", () => {
    const e = error(`GET /prod/x HTTP/1.1\nHost: ${HOST}\n${KEY}`);
    expect(e.message).toBe('Line 3 of the HTTP request is not a "Name: value" header.');
    expect(JSON.stringify(e)).not.toContain(KEY);
  });
});

describe("redactRequestFacts", () => {
  it("masks every key value wherever it appears, like AWS", () => {
    const f = facts(`curl 'https://${HOST}/prod/x?api_key=${KEY}' -H $'x-api-key: ${KEY2}\\n' --data-raw '{"key":"${KEY}"}'`);
    const r = redactRequestFacts(f);
    const text = JSON.stringify(r);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY2);
    expect(r.url).toBe(`https://${HOST}/prod/x?api_key=${"*".repeat(34)}${KEY.slice(-6)}`);
    expect(r.keyLocations.map((l) => l.value)).toEqual([`${"*".repeat(19)}${KEY2.slice(-5)}\n`, `${"*".repeat(34)}${KEY.slice(-6)}`, `${"*".repeat(34)}${KEY.slice(-6)}`]);
    expect(r.method).toBe(f.method);
    expect(f.url).toContain(KEY); // the input facts are untouched
  });
});

describe("parts HTTP cannot carry are refused by name (issue 10, item 6)", () => {
  it.each([
    ["a key of Cyrillic letters", `curl https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/x -H 'x-api-key: ключ'`, /The header x-api-key holds .* beyond Latin-1/],
    ["a method with a space", `curl -X 'GE T' https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/x`, /The method is not a single HTTP token/],
    ["a header name with a space", `curl https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/x -H 'x y: z'`, /Header 1's name is not an HTTP token/],
    ["a carriage return in a header", `curl https://abcdefghij.execute-api.us-east-1.amazonaws.com/prod/x -H $'x-api-key: abc\\rdef'`, /The header x-api-key holds a line break/],
  ])("%s", (_, text, message) => {
    const result = parseRequest(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});
