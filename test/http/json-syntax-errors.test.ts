/**
 * A body that is not JSON is a 400 naming the line and column where it stops being JSON and what
 * JSON takes there, never quoting the body: V8's own message quoted it around the mistake, so an
 * access token sent unquoted came back (and went to the log) in part. A leading byte order mark is
 * named as such, where V8 called it an unexpected token and quoted the body with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, FS, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const NOT_JSON = "https://ns.adobe.com/aep/errors/FLOW-1101-400";
const VALUE = "a value (a string in double quotes, a number, true, false, null, an object or an array)";

describe("request bodies that are not JSON", () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(() => system.close());

  it("names where an unquoted access token stands, and never repeats any of it", async () => {
    const token = "dapi0123456789abcdef0123456789abcdef";
    const body = `{\n  "name": "c",\n  "auth": {"specName": "Access Token Authentication", "params": {"accessToken": ${token}}}\n}`;
    const reply = await call(system, "POST", `${FS}/connections`, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(NOT_JSON);
    expect(reply.body.errorMessage).toBe(`The request body is not valid JSON: at line 3, column 81 there is unquoted text where JSON takes ${VALUE}`);
    expect(reply.text).not.toContain(token.slice(0, 6));
  });

  it.each([
    ["single quotes", "{'title': 'x'}", "at line 1, column 2 there is ' where JSON takes a property name in double quotes"],
    ["a trailing comma", '{"title": "x",}', "at line 1, column 15 there is } where JSON takes a property name in double quotes: JSON takes no comma before }"],
    ["a missing comma", '{"title": "x" "type": "object"}', "at line 1, column 15 there is \" where JSON takes a comma or } after a property's value"],
    ["a typographic quote", '{"title": “x”}', `at line 1, column 11 there is the character U+201C where JSON takes ${VALUE}`],
    ["a body cut short", '{"title": "x', "at line 1, column 13 the body ends where JSON takes the double quote that closes the string"],
    ["a second value", '{"title": "x"} {}', "at line 1, column 16 there is { where JSON takes nothing more: a body is one JSON value"],
  ])("says where %s is and what JSON takes there", async (_name, body, problem) => {
    const reply = await call(system, "POST", SCHEMAS, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(NOT_JSON);
    expect(reply.body.errorMessage).toBe(`The request body is not valid JSON: ${problem}`);
  });

  it("names a leading byte order mark", async () => {
    const reply = await call(system, "POST", `${FS}/connections`, { body: `\uFEFF${JSON.stringify({ name: "c" })}` });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(NOT_JSON);
    expect(reply.body.errorMessage).toBe("The request body is not valid JSON: it starts with a byte order mark (U+FEFF); send the JSON without it");
  });
});
