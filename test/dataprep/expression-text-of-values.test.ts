/**
 * A value written as text by a string function (concat, join, `+` with a string) is spelled as a
 * string field stores it: a double's NaN and ±Infinity as NaN, Infinity and -Infinity (Java's
 * spelling, not DuckDB's nan and inf), a JSON string as its characters, not in quotes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";

let system: TestSystem;
let schemaId: string;
beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, { title: "Text of values", type: "object", properties: { text: { type: "string" } } });
});
afterAll(() => system.close());

const validate = (expression: string, sampleData: Record<string, unknown>) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });

describe("a value as text in a string function", () => {
  it("spells a double's NaN and ±Infinity as a string field stores them", async () => {
    const cases: Array<[string, string, string]> = [
      ['concat("v=", to_decimal(s))', "NaN", "v=NaN"],
      ['concat("v=", to_decimal(s))', "-Infinity", "v=-Infinity"],
      ['to_decimal(s) + ""', "Infinity", "Infinity"],
      ['join(",", to_array(true, to_decimal(s), to_decimal("1.5")))', "NaN", "NaN,1.5"],
      ["join(sep, to_array(true, to_decimal(s), to_decimal(\"1.5\")))", "Infinity", "Infinity;1.5"],
    ];
    for (const [expression, s, result] of cases) {
      const reply = await validate(expression, { s, sep: ";" });
      expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      expect(reply.body.result, `${expression} over ${s}`).toBe(result);
    }
    const previewed = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: {
        mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ sourceType: "EXPRESSION", source: 'concat("v=", to_decimal(s))', destination: "text" }] },
        data: [{ s: "NaN" }],
      },
    });
    expect(previewed.status, previewed.text).toBe(200);
    expect(previewed.body[0].data).toEqual({ text: "v=NaN" });
  });

  it("joins JSON strings as their characters", async () => {
    const reply = await validate('join(",", map_get_values(json_to_object(a), ["k", "n"]))', { a: '{"k": "v", "n": 2.50}' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toBe("v,2.50");
  });
});

describe("to_decimal and to_float of a string", () => {
  it("read only what Java's Double.parseDouble reads: 1_000 and inf are null, not 1000 and Infinity; 1.5d, .5 and NaN are numbers", async () => {
    const cases: Array<[string, string, unknown]> = [
      ["to_decimal(s)", "1_000", null],
      ["to_decimal(s)", "inf", null],
      ["to_decimal(s)", "0x10", null],
      ["to_float(s)", "1_000", null],
      ["to_decimal(s)", " 1.5d ", 1.5],
      ["to_decimal(s)", ".5", 0.5],
      ["to_decimal(s)", "-Infinity", "-Infinity"],
      ["to_float(s)", "12.3456f", 12.3456],
    ];
    for (const [expression, s, result] of cases) {
      const reply = await validate(expression, { s });
      expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      expect(reply.body.result, `${expression} of ${JSON.stringify(s)}`).toEqual(result);
    }
  });
});
