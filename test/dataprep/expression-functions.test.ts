import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";

/** Every function on AEP's Data Prep functions page (help/data-prep/functions.md), aliases included. */
const AEP_DOCUMENTED = [
  "concat", "explode", "instr", "replacestr", "substr", "lower", "lcase", "upper", "ucase", "split", "join", "lpad", "rpad", "left", "right",
  "ltrim", "rtrim", "trim", "equals", "equalsIgnoreCase", "extract_regex", "matches_regex", "sha1", "sha256", "sha512", "md5", "crc32",
  "get_url_protocol", "get_url_host", "get_url_port", "get_url_path", "get_url_query_str", "get_url_encoded", "get_url_decoded",
  "now", "timestamp", "format", "dformat", "date", "date_part", "set_date_part", "make_date_time", "zone_date_to_utc", "zone_date_to_zone",
  "is_empty", "arrays_to_objects", "to_object", "str_to_object", "contains_key", "nullify", "get_keys", "get_values",
  "map_get_values", "map_has_keys", "add_to_map", "object_to_map", "array_to_map",
  "coalesce", "first", "last", "add_to_array", "join_arrays", "to_array", "size_of", "upsert_array_append", "upsert_array_replace",
  "decode", "iif", "min", "max", "to_bigint", "to_decimal", "to_float", "to_integer", "json_to_object", "uuid", "guid", "fpid_to_ecid",
  "ua_os_name", "ua_os_version_major", "ua_os_version", "ua_os_name_version", "ua_agent_version", "ua_agent_version_major", "ua_agent_name", "ua_device_class",
];

/** A function as GET …/functions answers it, in AEP's shape. */
interface CatalogueFunction {
  category: string;
  function: string;
  aliases?: string[];
  example: string;
  /** the example's value as JSON text */
  result: string;
  sampleData?: Record<string, unknown>;
  resultPattern?: string;
}

let system: TestSystem;
let functions: Array<{ name: string; aliases?: string[]; example: { expression: string; result: unknown; sampleData?: Record<string, unknown>; resultPattern?: string } }>;

beforeAll(async () => {
  system = await startTestSystem();
  const catalogue = await call<CatalogueFunction[]>(system, "GET", `${EL}/functions`);
  expect(catalogue.status, catalogue.text).toBe(200);
  functions = catalogue.body.map((f) => ({
    name: f.function,
    aliases: f.aliases,
    example: { expression: f.example, result: JSON.parse(f.result), sampleData: f.sampleData, resultPattern: f.resultPattern },
  }));
});
afterAll(() => system.close());

const validate = (body: unknown) => call(system, "POST", `${EL}/validate`, { body });

describe("the expression language's functions", () => {
  it("offers every function AEP documents, or refuses it by name with the reason it is not offered", async () => {
    const offered = new Set(functions.flatMap((f) => [f.name, ...(f.aliases ?? [])]));
    const notListed = AEP_DOCUMENTED.filter((name) => !offered.has(name));
    const refusals = await Promise.all(notListed.map(async (name) => [name, (await validate({ expression: `${name}("x")` })).body.errorMessage] as const));
    expect(refusals.filter(([, message]) => !/is not supported: /.test(String(message)))).toEqual([]);
    expect(Object.fromEntries(refusals).sha512).toContain("SHA-512");
  });

  it("lists functions and operators in AEP's shapes: the functions' category, function, syntax, example, result as JSON text and params; the operators' symbol, JEXL method and operand count", async () => {
    const catalogue = await call(system, "GET", `${EL}/functions`);
    const first = catalogue.body.find((f: CatalogueFunction) => f.function === "first");
    expect(first).toEqual({
      category: "Hierarchies - Arrays",
      function: "first",
      description: expect.any(String),
      syntax: expect.any(String),
      example: 'first("1", "2", "3")',
      result: '"1"',
      params: [{ name: "INPUT", description: expect.any(String), position: 1 }],
    });
    expect(catalogue.body.find((f: CatalogueFunction) => f.function === "date").category).toBe("Date / Time");
    expect(catalogue.body.find((f: CatalogueFunction) => f.function === "concat")).toMatchObject({ example: 'concat("Hi, ", "there", "!")', result: '"Hi, there!"' });

    const operators = await call(system, "GET", `${EL}/operators`);
    expect(operators.status, operators.text).toBe(200);
    const bySymbol = (symbol: string, operands: number) => operators.body.find((o: { operatorSymbol: string; numberOfOperands: number }) => o.operatorSymbol === symbol && o.numberOfOperands === operands);
    expect(bySymbol("+", 2)).toMatchObject({ methodName: "add", description: expect.any(String), example: expect.any(String) });
    expect(bySymbol("/", 2)).toMatchObject({ methodName: "divide" });
    expect(bySymbol("-", 1)).toMatchObject({ methodName: "negate" });
    expect(bySymbol("!", 1)).toMatchObject({ methodName: "not" });
    expect(bySymbol("~", 1)).toMatchObject({ methodName: "complement", example: "~44" });
  });

  it("takes JEXL's ~ as the bitwise complement of an integer, of a string holding one, or of a boolean as 1 or 0", async () => {
    const cases: Array<[string, string, unknown]> = [
      ["~44", "{}", -45],
      ["~true", "{}", -2],
      ["~false", "{}", -1],
      ["~x", '{"x": true}', -2],
      ["~x", '{"x": false}', -1],
      ["~x", '{"x": null, "y": 1}', null],
      ["~x", '{"x": 33}', -34],
      ["~x", '{"x": "33"}', -34],
      ["~~x", '{"x": 9223372036854775807}', "9223372036854775807"],
      ["1 + ~2", "{}", -2],
      // no integer: null, as to_integer's, never rounded
      ["~x", '{"x": 1.5}', null],
      ["~x", '{"x": "abc"}', null],
    ];
    for (const [expression, sampleData, result] of cases) {
      const reply = await validate({ expression, sampleData });
      expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      expect(reply.body.result, `${expression} over ${sampleData}`).toEqual(result);
    }
  });

  it("evaluates every catalogued function's documented example, over real DuckDB, to its documented result", async () => {
    const wrong: unknown[] = [];
    for (const fn of functions) {
      const { expression, result, sampleData, resultPattern } = fn.example;
      const reply = await validate({ expression, sampleData: sampleData ?? {}, sampleDataType: "json" });
      const ok = reply.status === 200 && (resultPattern ? new RegExp(resultPattern).test(String(reply.body.result)) : JSON.stringify(reply.body.result) === JSON.stringify(result));
      if (!ok) wrong.push({ name: fn.name, expression, expected: result, got: reply.body });
    }
    expect(wrong).toEqual([]);
    expect(functions.length).toBeGreaterThanOrEqual(68);
  });

  it("reads the sample row's fields, nested members, array elements and ${…} escapes, given as an object or a JSON string", async () => {
    const sampleData = { firstName: "Ada", "last name": "Lovelace", address: { city: "London" }, tags: ["a", "b"], score: 41 };
    const cases: Array<[string, unknown]> = [
      ['concat(upper(${last name}), ", ", firstName)', "LOVELACE, Ada"],
      ["address.city + \"/\" + tags[1]", "London/b"],
      ["score + 1 > 41 ? \"pass\" : \"fail\"", "pass"],
      ["iif(score ge 40 and not empty firstName, size_of(tags) * 10, 0)", 20],
      ["firstName.equalsIgnoreCase(\"ADA\")", true],
    ];
    for (const [expression, result] of cases) {
      const asObject = await validate({ expression, sampleData });
      expect(asObject.body, expression).toEqual({ validationStatus: "succeeded", error: "none", valid: true, expression, resultType: expect.any(String), result });
      const asString = await validate({ expression, sampleData: JSON.stringify(sampleData) });
      expect(asString.body.result, expression).toEqual(result);
    }
  });

  it("evaluates sample numbers and answers results exactly: a BIGINT beyond 2^53 or a DECIMAL's digits come back as their text", async () => {
    const cases: Array<[string, string, unknown]> = [
      ["x", '{"x": 9007199254740993}', "9007199254740993"],
      ["x + 1", '{"x": 9007199254740993}', "9007199254740994"],
      ["to_bigint(x)", '{"x": "9223372036854775807"}', "9223372036854775807"],
      ['to_bigint("-9223372036854775808")', "{}", "-9223372036854775808"],
      ["x * 2", '{"x": 21}', 42],
    ];
    for (const [expression, sampleData, result] of cases) {
      const reply = await validate({ expression, sampleData, sampleDataType: "json" });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result, `${expression} over ${sampleData}`).toEqual(result);
      // the same row as an object of the body, its numbers as the request's text writes them
      const asObject = await validate(`{"expression": ${JSON.stringify(expression)}, "sampleData": ${sampleData}, "sampleDataType": "json"}`);
      expect(asObject.body.result, `${expression} over the object ${sampleData}`).toEqual(result);
    }
  });

  it("types sample numbers as written, as a source column holds them: an integer BIGINT (HUGEINT beyond), a fraction or an exponent a DECIMAL of exactly its digits", async () => {
    const cases: Array<[string, string, string, unknown]> = [
      ["d", '{"d": 1.000000000000000001}', "DECIMAL(19,18)", "1.000000000000000001"],
      ["d", '{"d": 12345678901234567890.123456789012345678}', "DECIMAL(38,18)", "12345678901234567890.123456789012345678"],
      ["d * 2", '{"d": 1.000000000000000001}', "DECIMAL(29,18)", "2.000000000000000002"],
      ["d", '{"d": 1.5e-3}', "DECIMAL(4,4)", 0.0015],
      ["big", '{"big": 9223372036854775807}', "BIGINT", "9223372036854775807"],
      ["big - 1", '{"big": 9223372036854775807}', "BIGINT", "9223372036854775806"],
      ["big", '{"big": 9223372036854775808}', "HUGEINT", "9223372036854775808"],
      ["n", '{"n": 5}', "BIGINT", 5],
      // 1.00 as the answer writes it (result-json.ts), the number 1 as JSON reads it
      ["l", '{"l": [1, 2.25]}', "DECIMAL(3,2)[]", [1, 2.25]],
    ];
    for (const [expression, sampleData, resultType, result] of cases) {
      for (const body of [{ expression, sampleData }, `{"expression": ${JSON.stringify(expression)}, "sampleData": ${sampleData}}`]) {
        const reply = await validate(body);
        expect(reply.status, reply.text).toBe(200);
        expect({ resultType: reply.body.resultType, result: reply.body.result }, `${expression} over ${sampleData}`).toEqual({ resultType, result });
      }
    }
    const overflow = await validate({ expression: "big + 1", sampleData: '{"big": 9223372036854775807}' });
    expect(overflow.status, overflow.text).toBe(400);
    expect(overflow.body.errorMessage).toContain("big + 1 overflows BIGINT: big = 9223372036854775807");
    const tooLong = await validate({ expression: "d", sampleData: '{"d": 1.234567890123456789012345678901234567890}' });
    expect(tooLong.status, tooLong.text).toBe(400);
    expect(tooLong.body.errorMessage).toContain("the sample value of d, 1.234567890123456789012345678901234567890, has 40 digits: a DECIMAL holds at most 38");
  });

  it("follows AEP's semantics beyond the examples: positions from 0, default date patterns, strict integers, JEXL division, null for a value that cannot be made", async () => {
    const cases: Array<[string, unknown]> = [
      ['instr("adobe.com.com", "com", 0, 2)', 10],
      ['instr("adobe.com", "org")', -1],
      ['date("12/25/2020")', "2020-12-25T00:00:00Z"],
      ['date("25-Dec-2020")', "2020-12-25T00:00:00Z"],
      // a date keeps the offset it was written with, as AEP's ZonedDateTime does
      ['date("2020-12-25 10:00:00.123+0100")', "2020-12-25T10:00:00.123+01:00"],
      // AEP's DEFAULT_DATE is "returned, if the date provided is null": a string that is no date is null
      ['date(nullify(), "yyyy-MM-dd", date("2000-01-01"))', "2000-01-01T00:00:00Z"],
      ['date("not a date", "yyyy-MM-dd", date("2000-01-01"))', null],
      // a string is read as strictly as Java reads its pattern: never a guessed date
      ['date("2020-1-5", "yyyy-MM-dd")', null],
      ['date("2020-01-05 ", "yyyy-MM-dd")', null],
      ['date("infinity")', null],
      ['date("2020-12-25T10:00:00.1234567Z")', null],
      ['date("69-01-05", "yy-MM-dd")', "2069-01-05T00:00:00Z"],
      ['date("2020-12-25 10:00:00.123456000", "yyyy-MM-dd HH:mm:ss.SSSSSSSSS")', "2020-12-25T10:00:00.123456Z"],
      ['date("2020-12-25 10:00:00.123456789", "yyyy-MM-dd HH:mm:ss.SSSSSSSSS")', null],
      ['to_integer("1.5")', null],
      ['to_integer("0x10")', null],
      ['split("a,,b;c", ",;")', ["a", "b", "c"]],
      ['get_url_port("https://example.com:8443/x")', 8443],
      ['get_url_query_str("foo://example.com:8042/over/there?name=ferret#nose", "retain")', { name: "ferret#nose" }],
      ['get_url_query_str("foo://example.com:8042/over/there?name=ferret#nose", "remove")', { name: "ferret" }],
      ['get_url_path("https://example.com/a/b/file.csv", false)', "file.csv"],
      ['"a" + null', "a"],
      ["7 / 2", 3],
      ["7.0 / 2", 3.5],
      ["1 / 0", null],
      ["2147483647 + 1", 2147483648],
      ["9.9 + 9.9", 19.8],
      ["1.5 * 1.25", 1.875],
      ['date_part("weekday", date("2024-01-01"))', 1],
      ['decode(7, "seven", "s", 7, "number", "none")', "number"],
      ['iif(true == "yes", 1, 0)', 0],
      ['"10" > 9', true],
      ["join_arrays([1], [9999999999])", [1, 9999999999]],
      ['set_date_part("month", 13, date("2024-01-31"))', null],
      ['make_date_time(2024, 2, 30, 0, 0, 0, 0, "UTC")', null],
      ["dformat(999999999999999999, \"yyyy\")", null],
      // Java's pattern letters strftime has none for, as Java writes them in English
      ['format(date("2019-10-17 23:55:12"), "G GGGG GGGGG yyyy Q QQ QQQ QQQQ qqq")', "AD Anno Domini A 2019 4 04 Q4 4th quarter Q4"],
      ['format(date("2019-10-17 00:05:12"), "k kk K KK H")', "24 24 0 00 0"],
      ['format(date("2019-10-17 13:05:12"), "k K KK h")', "13 1 01 1"],
      ['format(date("2019-10-17 13:05:12"), "O|OOOO")', "GMT|GMT"],
      ['dformat(1571829875000, "QQQQQ G kk")', "4 AD 11"],
      ['format(zone_date_to_zone(date("2019-10-17T23:55:12Z"), "Asia/Kolkata"), "HH:mm O|OOOO")', "05:25 GMT+5:30|GMT+05:30"],
      ['format(zone_date_to_zone(date("2019-10-17T23:55:12Z"), "America/Los_Angeles"), "O|OOOO")', "GMT-7|GMT-07:00"],
    ];
    cases.push(['matches_regex("a", pattern)', null]);
    const wrong: unknown[] = [];
    for (const [expression, result] of cases) {
      // a pattern read from the row that DuckDB's RE2 cannot compile makes that row's value null
      const reply = await validate({ expression, sampleData: { pattern: "(?=a)" } });
      if (reply.status !== 200 || JSON.stringify(reply.body.result) !== JSON.stringify(result)) wrong.push({ expression, expected: result, got: reply.body });
    }
    expect(wrong).toEqual([]);
  });

  it("validates without sample data: fields are taken as strings, no value is computed", async () => {
    const reply = await validate({ expression: "lower(email)" });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ validationStatus: "succeeded", error: "none", valid: true, expression: "lower(email)", resultType: "VARCHAR" });
  });
});

describe("the expression language's refusals", () => {
  it("refuses arithmetic on an array of numbers, and arrays of numbers of different shapes in one result, where it is (DuckDB has no such operation)", async () => {
    for (const [expression, message] of [
      ["1 / [1.5]", "an array<decimal(2,1)> value is not a number"],
      ["-[1.5]", "an array<decimal(2,1)> value is not a number"],
      ["iif(true, [1.5], [2.25])", "values of the types array<decimal(2,1)>, array<decimal(3,2)> cannot be in one array or one result"],
    ]) {
      for (const body of [{ expression }, { expression, sampleData: {} }]) {
        const reply = await validate(body);
        expect(reply.status, reply.text).toBe(400);
        expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1020-400");
        expect(reply.body.errorMessage, expression).toContain(message);
        expect(reply.body.report.position).toEqual(expect.any(Number));
      }
    }
  });

  it("refuses an unknown function with a 400 naming it and where it is", async () => {
    const reply = await validate({ expression: 'concat("a", frobnicate(name))', sampleData: { name: "x" } });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1020-400");
    expect(reply.body.errorMessage).toContain("the function frobnicate does not exist at position 13");
    expect(reply.body.report).toMatchObject({ position: 13 });
  });

  it("refuses a documented function it cannot compile, with the reason", async () => {
    const reply = await validate({ expression: 'sha512("my text", "UTF-8")' });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain("the function sha512 is not supported");
  });

  it("refuses a wrong number of arguments, naming the function and its syntax", async () => {
    const reply = await validate({ expression: 'substr("abc", 1)' });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain("the function substr takes 3 arguments, not 2");
    expect(reply.body.report.expected).toBe("substr(INPUT, START_INDEX, LENGTH)");
  });

  it("refuses bad syntax with the position and what was expected there", async () => {
    const reply = await validate({ expression: 'concat("a", "b"' });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain('unexpected end of the expression at position 16');
    expect(reply.body.report).toEqual(expect.objectContaining({ position: 16, expected: '"," or ")" in the argument list' }));
    const reserved = await validate({ expression: "upper(new)" });
    expect(reserved.body.errorMessage).toContain('"new" is a reserved word: write a field of that name as ${new}');
  });

  it("refuses an expression longer than 4,096 characters, as AEP does", async () => {
    const expression = `concat(${Array.from({ length: 1000 }, () => '"ab"').join(",")})`;
    expect(expression.length).toBeGreaterThan(4096);
    const reply = await validate({ expression });
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain(`the expression is ${expression.length} characters long; a calculated field has at most 4096`);
    const fits = await validate({ expression: `concat(${Array.from({ length: 800 }, () => '"ab"').join(",")})` });
    expect(fits.status).toBe(200);
  });

  it("refuses a field the sample row does not have, and sample data that is not one row", async () => {
    const missing = await validate({ expression: "upper(nickname)", sampleData: { name: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.body.errorMessage).toContain("the field nickname is not a column of the source data at position 7");
    const notARow = await validate({ expression: "upper(name)", sampleData: "[1, 2]" });
    expect(notARow.status).toBe(400);
    expect(notARow.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1021-400");
  });
});
