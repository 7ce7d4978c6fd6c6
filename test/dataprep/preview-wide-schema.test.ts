/**
 * A mapping preview of a schema whose objects nest a thousand number and date-time fields (as a
 * schema of data types nested in data types holds) answers in the same order of time as one of
 * string fields: each object is spelled from its own value, not from a path through the whole row,
 * and an object of numbers is written whole, not field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { previewRows } from "../../src/dataprep/preview.js";
import { previewAnswer } from "../../src/dataprep/preview-answer.js";
import type { XdmProperty } from "../../src/schemaregistry/xdm-fields.js";

/** wide.a0…a9.b0…b9.c0…c9, each an object of the given fields */
function wideSchema(leaf: Record<string, XdmProperty>) {
  const level = (prefix: string, inner: XdmProperty): XdmProperty => ({ type: "object", properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`${prefix}${i}`, inner])) });
  return { properties: { wide: level("a", level("b", level("c", { type: "object", properties: leaf }))) } };
}

const RULES = [
  { sourceAttribute: "amount", destinationXdmPath: "wide.a3.b5.c7.amount" },
  { sourceAttribute: "at", destinationXdmPath: "wide.a3.b5.c7.at" },
];
const ROWS = [{ amount: "12.50", at: "2024-01-01T00:00:07.919Z" }];

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe("a mapping preview of a schema nesting a thousand number and date-time fields", () => {
  it("maps the row exactly, in the same order of time as the schema with string fields", async () => {
    const preview = (leaf: Record<string, XdmProperty>) => timed(async () => previewAnswer(await previewRows(RULES, wideSchema(leaf), ROWS), RULES));
    const strings = await preview({ amount: { type: "string" }, at: { type: "string" } });
    const typed = await preview({ amount: { type: "number" }, at: { type: "string", format: "date-time" } });

    expect(strings.result).toEqual([{ data: { wide: { a3: { b5: { c7: { amount: "12.50", at: "2024-01-01T00:00:07.919Z" } } } } }, errors: null }]);
    expect(typed.result).toEqual([{ data: { wide: { a3: { b5: { c7: { amount: 12.5, at: "2024-01-01T00:00:07.919000Z" } } } } }, errors: null }]);
    // spelling each of the thousand fields by a path through the whole row took over sixty times as long
    expect(typed.ms).toBeLessThan(10 * strings.ms + 2_000);
  }, 120_000);
});

describe("a mapping preview through the API of a schema nesting a thousand objects of numbers", () => {
  let system: TestSystem;
  const schemas: Record<string, string> = {};
  beforeAll(async () => {
    system = await startTestSystem();
    for (const kind of ["string", "number"] as const) {
      const leaf = { amount: { type: kind }, negative: { type: kind }, note: { type: "string" } };
      schemas[kind] = await createSchema(system, { title: `Wide ${kind}s`, type: "object", properties: { _id: { type: "string" }, ...wideSchema(leaf).properties } });
    }
  }, 60_000);
  afterAll(() => system.close());

  const mappings = [
    { source: "id", destination: "_id" },
    { source: "amount", destination: "wide.a3.b5.c7.amount" },
    { source: "negative", destination: "wide.a3.b5.c7.negative" },
    { source: "note", destination: "wide.a3.b5.c7.note" },
  ];
  const data = [{ id: "r-1", amount: "NaN", negative: "-0.0", note: "NaN, -0.0 and -Infinity stay text" }];
  const columns = [
    { name: "id", type: "string" },
    { name: "amount", type: "double" },
    { name: "negative", type: "double" },
    { name: "note", type: "string" },
  ];
  const preview = async (kind: string) => {
    const started = performance.now();
    const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: { schemaRef: { id: schemas[kind] } }, mappings }, data, columns } });
    return { reply, ms: performance.now() - started };
  };

  it("spells a nested DOUBLE's NaN and -0.0 as a top-level one's, leaving a string that holds those words as it is", async () => {
    const { reply } = await preview("number");
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual([{ data: { _id: "r-1", wide: { a3: { b5: { c7: { amount: "NaN", negative: "-0.0", note: "NaN, -0.0 and -Infinity stay text" } } } } }, errors: null }]);
  });

  it("answers in about the time of the schema of strings", async () => {
    // the best of three each, so that another process's load weighs on both alike
    const best = async (kind: string) => Math.min(...(await sequential(3, async () => (await preview(kind)).ms)));
    const strings = await best("string");
    const numbers = await best("number");
    // written field by field, the numbers took four to ten times as long
    expect(numbers).toBeLessThan(2 * strings + 150);
  }, 60_000);
});

async function sequential(times: number, work: () => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) results.push(await work());
  return results;
}
