import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * Whatever sample rows and mappings a client previews, the answer is a 200 or a 4xx: generated
 * JSON rows (odd keys, mixed types, nesting, nulls) under generated source paths and source types,
 * onto a schema with nested objects and arrays.
 */
let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, {
    title: "Preview targets",
    type: "object",
    properties: {
      _id: { type: "string" },
      n: { type: "integer" },
      at: { type: "string", format: "date-time" },
      obj: { type: "object", properties: { s: { type: "string" }, b: { type: "boolean" } } },
      list: { type: "array", items: { type: "object", properties: { v: { type: "number" } } } },
      words: { type: "array", items: { type: "string" } },
    },
  });
});
afterAll(() => system.close());

describe("mapping set preview", () => {
  it("never answers a 5xx", async () => {
    const key = fc.constantFrom("a", "b", "a b", 'q"uote', "x.y", "[0]", "", "ü");
    const value = fc.oneof(fc.json().map((text) => JSON.parse(text) as unknown), fc.constantFrom(9007199254740993, "2024-02-29T12:00:00Z", "", null, [], {}));
    const row = fc.dictionary(key, value, { maxKeys: 4 });
    const source = fc.oneof(
      fc.constantFrom("a", "b", "${a b}", '${q"uote}', "${x.y}", "a.b", "a[0]", "a[*]", "a[*].b", "b[2].a", "missing", "a[99]"),
      fc.string({ maxLength: 12 }),
    );
    const destination = fc.constantFrom("_id", "n", "at", "obj.s", "obj.b", "obj", "list[*].v", "list[0].v", "words[*]", "words[1]", "words", "list");
    const mapping = fc.record({ sourceType: fc.constantFrom("ATTRIBUTE", "STATIC", "EXPRESSION"), source, destination });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 3 }), fc.array(mapping, { minLength: 1, maxLength: 4 }), async (data, mappings) => {
        const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { xdmSchema: schemaId, mappings }, data } });
        expect(reply.status, `${JSON.stringify({ data, mappings })} → ${reply.text.slice(0, 400)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
