/**
 * validate writes a DECIMAL result as a JSON number of exactly its digits: 2.50 stays 2.50 and a
 * DECIMAL(3,0)'s 100 stays 100 (DuckDB's to_json wrote 2.5 and 100.0), at any depth; a JSON reader
 * takes them as the numbers AEP's examples show. A DECIMAL whose value a double does not hold is
 * the string of its digits.
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

/** the answer's text of `"result":` on, as the service wrote it */
async function resultText(expression: string, sampleData: string): Promise<string> {
  const reply = await call(system, "POST", `${EL}/validate`, { body: `{"expression": ${JSON.stringify(expression)}, "sampleData": ${sampleData}}` });
  expect(reply.status, reply.text).toBe(200);
  return reply.text.slice(reply.text.indexOf('"result":') + '"result":'.length, -1);
}

describe("a DECIMAL in validate's result", () => {
  it("is written with exactly its digits and scale, never re-spelled as a double", async () => {
    const cases: Array<[string, string, string]> = [
      ["price", '{"price": 2.50}', "2.50"],
      ["hundred", '{"hundred": 1e2}', "100"],
      ["hundred * 1.0", '{"hundred": 100}', "100.0"],
      ["half", '{"half": 0.5}', "0.5"],
      ["l", '{"l": [1, 2.25]}', "[1.00,2.25]"],
      ['to_object("fee", fee)', '{"fee": 9.90}', '{"fee":9.90}'],
      ['object_to_map("fee", fee)', '{"fee": 9.90}', '{"fee":9.90}'],
      ["exact", '{"exact": 1.000000000000000001}', '"1.000000000000000001"'],
      ["-price", '{"price": 2.50}', "-2.50"],
      ["tiny", '{"tiny": 1e-7}', "0.0000001"],
      ["big", '{"big": 1E20}', "100000000000000000000"],
      ["odd", '{"odd": 12345678901234567890.5}', '"12345678901234567890.5"'],
    ];
    for (const [expression, sampleData, expected] of cases) expect(await resultText(expression, sampleData), `${expression} over ${sampleData}`).toBe(expected);
  });

  it("a double is a number of its shortest digits, not the string DuckDB's 1000.0 made of it; NaN, ±Infinity and -0.0 stay text", async () => {
    const cases: Array<[string, string, string]> = [
      ["to_decimal(s)", '{"s": "1000"}', "1000.0"],
      ["to_decimal(s)", '{"s": "1e20"}', "1e+20"],
      ["to_decimal(s)", '{"s": "0.1"}', "0.1"],
      ["to_array(true, to_decimal(s), to_decimal(\"-0.0\"), to_decimal(\"NaN\"))", '{"s": "2.5"}', '[2.5,"-0.0","NaN"]'],
      ['to_object("r", to_float(s))', '{"s": "12.3456"}', '{"r":12.3456}'],
    ];
    for (const [expression, sampleData, expected] of cases) expect(await resultText(expression, sampleData), `${expression} over ${sampleData}`).toBe(expected);
  });

  it("reads, as JSON, as the number AEP's example shows", async () => {
    const reply = await call(system, "POST", `${EL}/validate`, {
      body: { expression: "arrays_to_objects('sku', explode(\"id1|id2\", '\\\\|'), 'price', [22.5,14.35])", sampleData: {} },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toContain('"price":22.50');
    expect(reply.body.result).toEqual([
      { sku: "id1", price: 22.5 },
      { sku: "id2", price: 14.35 },
    ]);
  });
});
