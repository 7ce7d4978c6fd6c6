/**
 * JSON values of calculated fields (json_to_object, add_to_map over a JSON object): a JSON array's
 * element is read by index as a typed array's is, and a NaN or ±Infinity, which JSON has no number
 * for, is never written into JSON text: a string holding one is no JSON (json_to_object's null), and
 * a DOUBLE's merged into a JSON object fails the row naming the value — through validate, the
 * mapping set preview and a real run.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { ingestAndReadBack } from "../support/ingested.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";

let system: TestSystem;
let schemaId: string;

let numbersId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, { title: "JSON values", type: "object", properties: { _id: { type: "string" }, text: { type: "string" } } });
  numbersId = await createSchema(system, { title: "JSON numbers", type: "object", properties: { count: { type: "integer" }, ok: { type: "boolean" } } });
});
afterAll(() => system.close());

const validate = (expression: string, sampleData: Record<string, unknown>) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData } });
const preview = (source: string, data: Array<Record<string, unknown>>) =>
  call(system, "POST", `${MAPPING_SETS}/preview`, {
    body: { mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ sourceType: "EXPRESSION", source, destination: "text" }] }, data },
  });

describe("an index into a JSON array", () => {
  it("reads the element at that index, its numbers as written, in validate", async () => {
    const sampleData = { list: '[5, 2.50, {"z": "deep"}]', nested: '{"k": [1, {"z": 1E2}]}', i: 1 };
    const cases: Array<[string, unknown]> = [
      ["json_to_object(list)[0]", 5],
      ["json_to_object(list)[1]", "2.50"],
      ["json_to_object(list)[i]", "2.50"],
      ["json_to_object(list)[2].z", "deep"],
      ["json_to_object(nested).k[1].z", "1E2"],
      // past the end, or before the start, is no element (Java's List.get refuses a negative index)
      ["json_to_object(list)[3]", null],
      ["json_to_object(list)[-1]", null],
      ["json_to_object(list)[99999999999999999999]", null],
      // an object's member is still read by its key
      ['json_to_object(nested)["k"][0]', 1],
    ];
    for (const [expression, result] of cases) {
      const reply = await validate(expression, sampleData);
      expect(reply.status, `${expression}: ${reply.text}`).toBe(200);
      expect(reply.body.result, expression).toEqual(result);
    }
  });

  it("reads the element in the mapping set preview, as a typed array's", async () => {
    const reply = await preview("concat(json_to_object(list)[1], \"/\", tags[1])", [{ list: '["a", "b"]', tags: ["x", "y"] }]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0]).toEqual({ data: { text: "b/y" }, errors: null });
  });

  it("a JSON string read from JSON is its characters in a string field and in a string function, not its JSON text in quotes", async () => {
    const data = [{ a: '{"k": "v", "n": 2.50, "o": {"z": 1}, "none": null}' }];
    const cases: Array<[string, unknown]> = [
      ['map_get_values(json_to_object(a), "k")', { text: "v" }],
      ['concat(json_to_object(a).k, "!")', { text: "v!" }],
      ['json_to_object(a).n', { text: "2.50" }],
      ['json_to_object(a).o', { text: '{"z":1}' }],
      ['json_to_object(a).none', {}],
    ];
    for (const [source, expected] of cases) {
      const reply = await preview(source, data);
      expect(reply.status, `${source}: ${reply.text}`).toBe(200);
      expect(reply.body[0], source).toEqual({ data: expected, errors: null });
    }
  });

  it("a sample object with a member named \"\" is JSON (no STRUCT member has an empty name), and a field so named is refused by name", async () => {
    const reply = await validate('get(o, "")', { o: { "": 1, b: "x" } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ resultType: "JSON", result: 1 });
    const field = await validate("x", { "": 1, x: 2 });
    expect(field.status, field.text).toBe(400);
    expect(field.body.errorMessage).toContain("the sample data has a field with an empty name");
  });

  it("an element or member of JSON fills an integer or boolean field as its text would, a value that cannot be one a row error naming it", async () => {
    const mapped = (source: string, destination: string, a: string) =>
      call(system, "POST", `${MAPPING_SETS}/preview`, {
        body: { mappingSet: { outputSchema: { schemaRef: { id: numbersId } }, mappings: [{ sourceType: "EXPRESSION", source, destination }] }, data: [{ a }] },
      });
    const element = await mapped("json_to_object(a)[1]", "count", '[5, 7, {"x": 1}, null]');
    expect(element.status, element.text).toBe(200);
    expect(element.body[0]).toEqual({ data: { count: 7 }, errors: null });
    expect((await mapped("json_to_object(a).ok", "ok", '{"ok": true}')).body[0]).toEqual({ data: { ok: true }, errors: null });
    expect((await mapped("json_to_object(a)[3]", "count", '[5, 7, {"x": 1}, null]')).body[0]).toEqual({ data: {}, errors: null });
    const object = await mapped("json_to_object(a)[2]", "count", '[5, 7, {"x": 1}, null]');
    expect(object.body[0].data).toBeNull();
    expect(object.body[0].errors[0].exception).toContain('cannot be converted to int for count: {"x":1}');
  });

  it("a negative index into a typed array is no element, not one counted from its end", async () => {
    for (const expression of ["tags[-2]", "tags[99999999999999999999]"]) {
      const reply = await validate(expression, { tags: ["x", "y"] });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result, expression).toBeNull();
    }
  });
});

describe("NaN and Infinity in JSON", () => {
  const scratch = useScratchDuckDb("json-non-finite");

  it("a string holding NaN or Infinity as a number is no JSON: json_to_object makes it null, and a string holding the word stays", async () => {
    for (const text of ['{"n": NaN}', "[Infinity]", '{"n": -inf}']) {
      const reply = await validate("json_to_object(s)", { s: text });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result, text).toBeNull();
    }
    const words = await validate("json_to_object(s)", { s: '{"nan": "Infinity"}' });
    expect(words.body.result).toEqual({ nan: "Infinity" });
  });

  it("a DOUBLE's NaN merged into a JSON object fails validate naming the value, instead of JSON with a bare NaN", async () => {
    const reply = await validate('add_to_map(json_to_object(a), to_object("n", to_decimal(d)))', { a: '{"x": 1}', d: "NaN" });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.errorMessage).toContain('add_to_map(json_to_object(a), to_object("n", to_decimal(d))) holds NaN or Infinity, which JSON has no number for: {"x":1,"n":NaN}');
    const finite = await validate('add_to_map(json_to_object(a), to_object("n", to_decimal(d)))', { a: '{"x": 1}', d: "1.5" });
    expect(finite.body.result).toEqual({ x: 1, n: 1.5 });
  });

  it("fails the row in the mapping set preview and in a real run, naming the field and the value", async () => {
    const reply = await preview('add_to_map(json_to_object(a), to_object("n", to_decimal(d)))', [
      { a: '{"x": 1}', d: "-Infinity" },
      { a: '{"x": 1}', d: "2" },
    ]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0].data).toBeNull();
    expect(reply.body[0].errors[0].exception).toContain('the expression of text cannot be computed: add_to_map(json_to_object(a), to_object("n", to_decimal(d))) holds NaN or Infinity, which JSON has no number for: {"x":1,"n":-Infinity}');
    expect(reply.body[1]).toEqual({ data: { text: '{"x":1,"n":2.0}' }, errors: null });

    const file = path.join(scratch.dir, "doubles.parquet");
    await scratch.conn.run(`COPY (SELECT * FROM (VALUES ('r-1', MAP {'n': 'nan'::DOUBLE}), ('r-2', MAP {'n': 0.5::DOUBLE})) AS t(id, extra)) TO '${file}' (FORMAT PARQUET)`);
    const ingested = await ingestAndReadBack({
      files: [file],
      rules: [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceType: "EXPRESSION" as const, sourceAttribute: 'add_to_map(json_to_object("{}"), extra)', destinationXdmPath: "text" },
      ],
      schema: { properties: { _id: { type: "string" }, text: { type: "string" } } },
      dir: path.join(scratch.dir, "run"),
      select: "_id, text",
    });
    expect(ingested.rows).toEqual([{ _id: "r-2", text: '{"n":0.5}' }]);
    expect(ingested.rowErrorLines.join("\n")).toContain("holds NaN or Infinity, which JSON has no number for: {\\\"n\\\":NaN}");
  });
});
