/**
 * What only a row's value can break in a calculated field is null for that row, never a failed run
 * (AEP's troubleshooting guide: a transformation error nullifies the field and the row goes on): a
 * SUBSTRING or SEPARATOR read from the row, an invalid percent sequence, an empty separator, a
 * length or index past any string's. Before, DuckDB threw and every row of the run was lost.
 */
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
const MAX = "9223372036854775807";

const fields: Array<[field: string, expression: string]> = [
  ["position", "instr(x, sub, 0, 1)"],
  ["decoded", "get_url_decoded(u)"],
  ["pieces", 'join("|", split(x, sep))'],
  ["cut", "substr(x, 0, n)"],
  ["head", "left(x, n)"],
  ["joined", "join(sep, to_array(true, x, sub))"],
  ["element", "to_array(true, x, sub)[n]"],
  ["padded", 'lpad(x, n, "-")'],
];

describe("a calculated field over row values DuckDB cannot compute", () => {
  const scratch = useScratchDuckDb("expression-row-failures");

  it("is null in that row, and every row of the run is ingested", async () => {
    const file = path.join(scratch.dir, "staged.parquet");
    const rows = [
      `(1, 'abcabc', 'c', 'a%20b', ',', 2::BIGINT)`,
      `(2, 'abcabc', 'bc', '%zz%E0', '', ${MAX}::BIGINT)`,
    ];
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES ${rows.join(", ")}) v(id, x, sub, u, sep, n)) TO '${file}' (FORMAT PARQUET)`);
    const schema = { properties: { id: { type: "integer" }, ...Object.fromEntries(fields.map(([field]) => [field, { type: "string" }])) } };
    const rules = [
      { sourceAttribute: "id", destinationXdmPath: "id" },
      ...fields.map(([field, expression]) => ({ sourceType: "EXPRESSION" as const, sourceAttribute: expression, destinationXdmPath: field })),
    ];
    const ingested = await ingestAndReadBack({ files: [file], rules, schema, dir: path.join(scratch.dir, "run"), select: `id, ${fields.map(([f]) => f).join(", ")}`, orderBy: "id" });
    expect(ingested.rowErrors).toEqual([]);
    expect(ingested.rows).toEqual([
      { id: "1", position: "2", decoded: "a b", pieces: "abcabc", cut: "ab", head: "ab", joined: "abcabc,c", element: null, padded: "abcabc" },
      { id: "2", position: "1", decoded: null, pieces: "abcabc", cut: "abcabc", head: "abcabc", joined: "abcabcbc", element: null, padded: null },
    ]);
  });
});

describe("validating an expression over hostile row values", () => {
  let system: TestSystem;
  let functions: Array<{ name: string }>;
  beforeAll(async () => {
    system = await startTestSystem();
    functions = (await call(system, "GET", `${EL}/functions`)).body.map((f: { function: string }) => ({ name: f.function }));
  });
  afterAll(() => system.close());

  const hostileValues: unknown[] = ["", "[", "(", "%zz%E0", "%", "2024-02-30", "abc", "a,b", " ", "\\", MAX, `-${MAX}`, -1, 0, 2147483648, null, true, 1.5, ["a"], []];
  const fieldNames = ["a", "b", "c", "d"];
  const failure = (reply: { status: number; text: string }) => reply.status !== 200 && /cannot be evaluated/.test(reply.text);

  it("answers a value (null where the function fails) for every function given the row's fields, never a failed evaluation", async () => {
    const failed: unknown[] = [];
    for (const { name } of functions) {
      for (let count = 1; count <= 4; count++) {
        const expression = `${name}(${fieldNames.slice(0, count).join(", ")})`;
        if ((await call(system, "POST", `${EL}/validate`, { body: { expression } })).status !== 200) continue;
        for (const value of hostileValues) {
          const sampleData = Object.fromEntries(fieldNames.map((field) => [field, value]));
          const reply = await call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
          if (failure(reply)) failed.push({ expression, value, reply: reply.text.slice(0, 300) });
        }
      }
    }
    expect(failed).toEqual([]);
    // and values of different kinds side by side
    const row = fc.record(Object.fromEntries(fieldNames.map((name) => [name, fc.constantFrom(...hostileValues)])));
    const expression = fc.tuple(fc.constantFrom(...functions.map((f) => f.name)), fc.integer({ min: 1, max: 4 })).map(([name, count]) => `${name}(${fieldNames.slice(0, count).join(", ")})`);
    await fc.assert(
      fc.asyncProperty(expression, row, async (expr, sampleData) => {
        const reply = await call(system, "POST", `${EL}/validate`, { body: { expression: expr, sampleData } });
        expect(failure(reply), `${JSON.stringify({ expr, sampleData })} → ${reply.text.slice(0, 400)}`).toBe(false);
      }),
      { numRuns: 300 },
    );
  }, 240_000);
});
