/**
 * Calculated fields behave as AEP's JEXL-based mapper does where a user would notice: comparisons
 * with a null are true or false, never null (so `iif(x != null, x, "default")` keeps x), and the
 * values functions give are AEP's documented ones. Each case goes through POST /languages/el/validate,
 * which compiles the expression and evaluates it with DuckDB over the sample row, as a run does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

type Case = [expression: string, sampleData: Record<string, unknown>, result: unknown];

async function wrongAnswers(cases: readonly Case[]): Promise<unknown[]> {
  const wrong: unknown[] = [];
  for (const [expression, sampleData, result] of cases) {
    const reply = await call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
    if (reply.status !== 200 || JSON.stringify(reply.body.result) !== JSON.stringify(result)) wrong.push({ expression, sampleData, expected: result, got: reply.status === 200 ? reply.body.result : reply.text });
  }
  return wrong;
}

describe("comparisons with a null", () => {
  it("are true or false as in JEXL, so a conditional takes the branch the user meant", async () => {
    const cases: Case[] = [
      ['iif(x != null, x, "default")', { x: "a" }, "a"],
      ['iif(x != null, x, "default")', { x: null, y: 1 }, "default"],
      ['x == null ? "missing" : x', { x: null, y: 1 }, "missing"],
      ['x == null ? "missing" : x', { x: "b" }, "b"],
      ['x eq null', { x: "a" }, false],
      ['x ne null', { x: "a" }, true],
      ["null == null", {}, true],
      ["x == y", { x: null, y: null }, true],
      ["x != y", { x: "a", y: null }, true],
      ['!(x == "a")', { x: null, y: 1 }, true],
      ['x == "abc"', { x: null, y: 1 }, false],
      ['n == "abc"', { n: 5 }, false],
      ['n != "abc"', { n: 5 }, true],
      // an ordering with a null is false, never null: the else branch is taken
      ['x < 3 ? "less" : "not less"', { x: null, y: 1 }, "not less"],
      ["x > 3", { x: null, y: 1 }, false],
      ["x >= y", { x: 1, y: null }, false],
      ["x <= y", { x: null, y: null }, true],
      // a null is false to the logical operators
      ["not x", { x: null, y: 1 }, true],
      ["x || y", { x: null, y: false }, false],
      ["x && true", { x: null, y: 1 }, false],
      ['decode(x, null, "none", "a", "A", "other")', { x: null, y: 1 }, "none"],
      ['decode(x, null, "none", "a", "A", "other")', { x: "a" }, "A"],
    ];
    expect(await wrongAnswers(cases)).toEqual([]);
  });
});

describe("arithmetic on a null", () => {
  it("is null, never a failed evaluation, however the null is negated or combined", async () => {
    const cases: Case[] = [
      ["-null", {}, null],
      ["-null", { x: 1 }, null],
      ["-x", { x: null, y: 1 }, null],
      ["-(-null)", { x: 1 }, null],
      ["-nullify()", { x: 1 }, null],
      ["-null * 2", { x: 1 }, null],
      ["-null + 1", { x: 1 }, null],
      ["null + 1", { x: 1 }, null],
      ["1 - null", { x: 1 }, null],
      ["null * 2", { x: 1 }, null],
      ["null / 2", { x: 1 }, null],
      ["null % 2", { x: 1 }, null],
      ["~null", { x: 1 }, null],
      ["~(-null)", { x: 1 }, null],
      ["iif(x > 0, -null, 1.5)", { x: 1 }, null],
    ];
    expect(await wrongAnswers(cases)).toEqual([]);
  });
});

describe("functions' values as AEP documents them", () => {
  it("converts, tests, encodes and parses as AEP's functions page says", async () => {
    const cases: Case[] = [
      // a number with a fraction is no integer, as the string "12.7" is none: null, never rounded
      ["to_integer(12.7)", {}, null],
      ["to_bigint(1.9)", {}, null],
      ["to_integer(n)", { n: -3.5 }, null],
      ["to_integer(n)", { n: 12.0 }, 12],
      ['to_integer("12.7")', {}, null],
      // an empty object is empty
      ["is_empty(o)", { o: {} }, true],
      ["empty o", { o: {} }, true],
      ["is_empty({})", {}, true],
      ["is_empty(o)", { o: { a: 1 } }, false],
      // AEP's table encodes ~ as %7E
      ["get_url_encoded(s)", { s: "a ~b" }, "a%20%7Eb"],
      // decoded as Java's URLDecoder.decode(s, UTF-8): `+` is a space; a `%` without two hex digits, or bytes that are no UTF-8, null
      ["get_url_decoded(s)", { s: "a+b%2Bc%20d%e2%82%AC" }, "a b+c d€"],
      ["get_url_decoded(s)", { s: "%zz" }, null],
      ["get_url_decoded(s)", { s: "a%2" }, null],
      ["get_url_decoded(s)", { s: "100%" }, null],
      ["get_url_decoded(s)", { s: "%%41" }, null],
      ["get_url_decoded(s)", { s: "%E0" }, null],
      ['get_url_decoded("a%2")', {}, null],
      // invalid input is null (AEP: "If the input is invalid, it returns null")
      ['get_url_port("https://example.com:abc/a")', {}, null],
      ['get_url_port("https://example.com:99999999999/a")', {}, null],
      ['get_url_port("https://example.com/a")', {}, 443],
      ['get_url_host("https://exa mple.com/a")', {}, null],
      ['get_url_host("https://example.com/a")', {}, "example.com"],
      // a `%` without two hex digits, which Java's URI refuses, in the path, query or fragment: an invalid URL
      ['get_url_path("https://example.com/100%")', {}, null],
      ['get_url_host("https://example.com/a?q=%zz")', {}, null],
      ['get_url_query_str("https://example.com/a?q=%zz", "remove")', {}, null],
      ['get_url_query_str("https://example.com/a?q=1#x%2", "append")', {}, null],
      // a query is decoded as Java's URI decodes one: escapes, `+` kept
      ['get_url_query_str("https://example.com/a?q=%41%20b+c", "remove")', {}, { q: "A b+c" }],
      // a null separator cannot join
      ['join(null, ["a", "b"])', {}, null],
      ['join(s, ["a", "b"])', { s: "-" }, "a-b"],
      // DEFAULT_DATE is for a null date; a string matching no pattern is null
      ['date("garbage", "yyyy-MM-dd", "2000-01-01")', {}, null],
      ['date(d, "yyyy-MM-dd", "2000-01-01")', { d: null, e: 1 }, "2000-01-01T00:00:00Z"],
      // U+0000 in a sample value or a literal is a character like any other
      ["upper(s)", { s: "a\u0000b" }, "A\u0000B"],
      ['concat(s, "\\u0000")', { s: "a" }, "a\u0000"],
      // "ms" names the milliseconds as "millisecond" does
      ['date_part("ms", date("2019-10-17T23:55:12.345Z"))', {}, 345],
      // a double beyond the finite ones is a value, spelled as preview spells it
      ['to_float("1e400")', {}, "Infinity"],
      ["1.0e308 * -10", {}, "-Infinity"],
      ["to_decimal(a)", { a: "NaN" }, "NaN"],
    ];
    expect(await wrongAnswers(cases)).toEqual([]);
  });
});

describe("equals and split at the edges AEP's page leaves open", () => {
  it("answer as Apache Commons' StringUtils: two nulls are equal, an empty string splits into no pieces", async () => {
    const cases: Case[] = [
      ["equals(x, y)", { x: null, y: null }, true],
      ["x.equals(y)", { x: null, y: null }, true],
      ["equals(null, null)", {}, true],
      ["x.equalsIgnoreCase(y)", { x: null, y: null }, true],
      ['equals(x, "a")', { x: null, y: 1 }, false],
      ['x.equalsIgnoreCase("a")', { x: null, y: 1 }, false],
      ['"a".equals(x)', { x: null, y: 1 }, false],
      ['split(s, ",")', { s: "" }, []],
      ['split("", ",")', {}, []],
      ['split(s, ",;")', { s: "" }, []],
      ['split(s, ",")', { s: ",," }, []],
      ['split(s, ",")', { s: null, y: 1 }, null],
    ];
    expect(await wrongAnswers(cases)).toEqual([]);
  });
});
