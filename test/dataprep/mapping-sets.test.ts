import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system);
});
afterAll(() => system.close());

describe("Data Prep mapping sets", () => {
  const mapping = (destinationXdmPath: string, sourceAttribute: string) => ({
    destinationXdmPath,
    sourceAttribute,
    identity: false,
    identityGroup: null,
    namespaceCode: null,
    version: 0,
  });

  it("creates a mapping set (200, 32-hex id) whose destinations are fields of the schema", async () => {
    const body = {
      version: 0,
      xdmSchema: schemaId,
      xdmVersion: "1.0",
      id: null,
      mappings: [mapping("_id", "id"), mapping("person.name", "name"), mapping("person.email", "email"), mapping("updatedAt", "updated_at")],
    };
    const created = await call(system, "POST", MAPPING_SETS, { body });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), version: 0, createdDate: expect.any(Number), modifiedDate: expect.any(Number), createdBy: "test-client@AdobeID", modifiedBy: "test-client@AdobeID" });
    const got = await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`);
    expect(got.body).toMatchObject({ id: created.body.id, xdmSchema: schemaId, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }, {}, {}, {}] });
    const list = await call(system, "GET", `${MAPPING_SETS}?limit=5`);
    expect(list.body.data.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    expect(list.body._links).toEqual({});
  });

  it("refuses destinations that are not in the schema, and sources not in the input schema", async () => {
    const wrongDestination = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("person.age", "age")] } });
    expect(wrongDestination.status).toBe(400);
    expect(wrongDestination.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(wrongDestination.body.errorMessage).toContain("person.age is not a field of the schema");

    const inputSchema = { jsonSchema: { type: "object", properties: { id: { type: "integer" }, address: { type: "object", properties: { city: { type: "string" } } } } } };
    const ok = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "id"), mapping("country", "address.city")] } });
    expect(ok.status, ok.text).toBe(200);
    const wrongSource = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "missing")] } });
    expect(wrongSource.status).toBe(400);
    expect(wrongSource.body.errorMessage).toContain("mappings[0].source missing is not a source column");
    expect(wrongSource.body.errorMessage).not.toContain("did you mean");
  });

  it("refuses a mistyped source naming the input schema's column or field it most likely meant", async () => {
    const inputSchema = {
      jsonSchema: {
        type: "object",
        properties: {
          id: { type: "integer" },
          email: { type: "string" },
          address: { type: "object", properties: { city: { type: "string" } } },
          items: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
        },
      },
    };
    const create = (sourceAttribute: string) => call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("person.email", sourceAttribute)] } });
    const cases: Array<[string, string]> = [
      ["emial", "mappings[0].source emial is not a source column; did you mean email?"],
      ["Email", "mappings[0].source Email is not a source column; did you mean email?"],
      ["adress.ctiy", "mappings[0].source adress.ctiy is not a source column; did you mean address.city?"],
      ["itmes[*].sku", "mappings[0].source itmes[*].sku is not a source column; did you mean items[*].sku?"],
    ];
    for (const [source, message] of cases) {
      const reply = await create(source);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
      expect(reply.body.errorMessage).toContain(message);
    }
    const farOff = await create("telephone");
    expect(farOff.status, farOff.text).toBe(400);
    expect(farOff.body.errorMessage).toContain("mappings[0].source telephone is not a source column");
    expect(farOff.body.errorMessage).not.toContain("did you mean");

    const expression = await call(system, "POST", MAPPING_SETS, {
      body: { xdmSchema: schemaId, inputSchema, mappings: [{ ...mapping("person.email", "lower(emial)"), sourceType: "EXPRESSION" }] },
    });
    expect(expression.status, expression.text).toBe(400);
    expect(expression.body.errorMessage).toContain("the field emial is not a column of the source data; did you mean email?");
  });

  it("refuses a schema two of whose fields differ only in letter case, which a dataset's columns cannot tell apart", async () => {
    const caseTwins = await createSchema(system, { title: "Case twins", type: "object", properties: { _id: { type: "string" }, addr: { type: "object", properties: { plain: { type: "string" }, Plain: { type: "string" } } } } });
    const refused = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: caseTwins, mappings: [mapping("_id", "id")] } });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage).toMatch(/the schema's fields "addr\.(plain|Plain)" and "addr\.(plain|Plain)" differ only in letter case/);
  });

  it("refuses a field mapped twice when it is made, however the two destinations spell it", async () => {
    const twice = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("_id", "id"), mapping("person.name", "name"), mapping("${_id}", "email")] } });
    expect(twice.status, twice.text).toBe(400);
    expect(twice.body.errorMessage).toContain("mappings[2].destination ${_id} is mapped twice (by mappings[0] as _id)");
  });

  it("refuses a field mapped both whole by an expression and inside when it is made, naming the mapping that maps it whole", async () => {
    const whole = { ...mapping("person", 'to_object("email", email)'), sourceType: "EXPRESSION" };
    const both = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("_id", "id"), whole, mapping("person.name", "name")] } });
    expect(both.status, both.text).toBe(400);
    expect(both.body.errorMessage).toContain("mappings[2].destination person.name is inside person, which mappings[1] maps whole: map person whole or what it holds, not both");
  });

  it("refuses a source that reads a column named with a dot as a path, saying how to name it, and takes it escaped", async () => {
    const inputSchema = { jsonSchema: { type: "object", properties: { "Full.Name": { type: "string" } } } };
    const asPath = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "Full.Name")] } });
    expect(asPath.status, asPath.text).toBe(400);
    expect(asPath.body.errorMessage).toContain("mappings[0].source Full.Name is not a source column; the column Full.Name is one name with special characters: write it as ${Full.Name}, or escape its dots as Full\\.Name");
    for (const escaped of ["${Full.Name}", "Full\\.Name"]) {
      const ok = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", escaped)] } });
      expect(ok.status, ok.text).toBe(200);
    }
  });

  it("answers 400 naming the parameter for a version that is not a whole number, 404 for one the mapping set does not have", async () => {
    const created = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("_id", "id")] } });
    for (const version of ["abc", "1.5", "-1"]) {
      const reply = await call(system, "GET", `${MAPPING_SETS}/${created.body.id}?version=${version}`);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.body.errorMessage).toContain(`the query parameter version is a whole number (0 is the first version), not "${version}"`);
    }
    const unknown = await call(system, "GET", `${MAPPING_SETS}/${created.body.id}?version=7`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1011-404");
  });

  it("refuses a misspelt query parameter on a get or a create, naming the ones it takes, rather than answering as if it were not sent", async () => {
    const created = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("_id", "id")] } });
    const misspelt = await call(system, "GET", `${MAPPING_SETS}/${created.body.id}?verison=0`);
    expect(misspelt.status, misspelt.text).toBe(400);
    expect(misspelt.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(misspelt.body.errorMessage).toContain("version, expandSchema");
    const before = (await call(system, "GET", `${MAPPING_SETS}?limit=100`)).body._page.count;
    const checkOnly = await call(system, "POST", `${MAPPING_SETS}?valdiate=true`, { body: { xdmSchema: schemaId, mappings: [mapping("_id", "id")] } });
    expect(checkOnly.status, checkOnly.text).toBe(400);
    expect(checkOnly.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1451-400");
    expect(checkOnly.body.errorMessage).toContain("takes validate");
    expect((await call(system, "GET", `${MAPPING_SETS}?limit=100`)).body._page.count).toBe(before);
  });

  it("previews values spelled as explore's preview spells them: a DECIMAL as its digits with their scale, a date-time in ISO 8601 UTC", async () => {
    const spellings = await createSchema(system, {
      title: "Preview spellings",
      type: "object",
      properties: { _id: { type: "string" }, scores: { type: "array", items: { type: "number" } }, seenAt: { type: "string", format: "date-time" }, count: { type: "integer", "meta:xdmType": "long" }, ratio: { type: "number" } },
    });
    const mappings = [mapping("_id", "id"), mapping("scores", "tags"), mapping("seenAt", "at"), mapping("count", "n"), mapping("ratio", "r")];
    const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: { mappingSet: { outputSchema: { schemaRef: { id: spellings } }, mappings }, data: [{ id: "a", tags: [1, 2.5], at: "2024-01-01T00:00:07.919Z", n: "9007199254740991", r: 0.5 }] },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0].errors).toBeNull();
    expect(reply.body[0].data).toEqual({ _id: "a", scores: ["1.0", "2.5"], seenAt: "2024-01-01T00:00:07.919000Z", count: 9007199254740991, ratio: "0.5" });
  });

  it("previews sample rows typed by their table's columns as a run reads them: a DOUBLE's NaN and ±Infinity, spelled as the preview writes them, map into a number", async () => {
    const numbers = await createSchema(system, { title: "Preview of special doubles", type: "object", properties: { _id: { type: "string" }, ratio: { type: "number" }, exact: { type: "number" } } });
    const mappingSet = { outputSchema: { schemaRef: { id: numbers } }, mappings: [mapping("_id", "id"), mapping("ratio", "r"), mapping("exact", "d")] };
    const data = ["NaN", "Infinity", "-Infinity", 0.5].map((r, i) => ({ id: `row${i}`, r, d: "1.000000000000000001" }));
    const columns = [
      { name: "id", type: "string" },
      { name: "r", type: "double" },
      { name: "d", type: "decimal(19,18)" },
    ];
    const typed = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data, columns } });
    expect(typed.status, typed.text).toBe(200);
    expect(typed.body.map((row: { data: { ratio: unknown; exact: unknown } | null; errors: unknown }) => [row.data?.ratio, row.data?.exact, row.errors])).toEqual([
      ["NaN", "1.000000000000000001", null],
      ["Infinity", "1.000000000000000001", null],
      ["-Infinity", "1.000000000000000001", null],
      [0.5, "1.000000000000000001", null],
    ]);
    // without the columns, "NaN" beside numbers is text, and text "NaN" is no number
    const untyped = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { ...mappingSet, mappings: mappingSet.mappings.slice(0, 2) }, data } });
    expect(untyped.status, untyped.text).toBe(200);
    expect(untyped.body.map((row: { errors: unknown[] | null }) => row.errors?.length ?? 0)).toEqual([1, 1, 1, 0]);
    expect(untyped.body[0].errors[0]).toMatchObject({ destination: "ratio", source: "r", exception: expect.stringMatching(/cannot be converted to number for ratio: NaN/) });
    for (const columnsSent of [[{ name: "r", type: "no such type" }], [{ name: "r" }], []]) {
      const refused = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data, columns: columnsSent } });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    }
  });

  it("refuses, when it is made, replaced or validated, arithmetic on an array of numbers (every run would fail), naming the mapping and where the expression goes wrong", async () => {
    const expression = (destination: string, source: string) => ({ destination, source, sourceType: "EXPRESSION" });
    const listArithmetic = { xdmSchema: schemaId, mappings: [mapping("_id", "id"), expression("balance", "1 / [1.5]")] };
    const inputSchema = { jsonSchema: { type: "object", properties: { id: { type: "string" }, amount: { type: "integer" } } } };
    const fromInputSchema = { xdmSchema: schemaId, inputSchema, mappings: [mapping("_id", "id"), expression("balance", "amount * [1.5]")] };
    for (const [path, body] of [[MAPPING_SETS, listArithmetic], [`${MAPPING_SETS}?validate=true`, listArithmetic], [MAPPING_SETS, fromInputSchema]] as const) {
      const refused = await call(system, "POST", path, { body });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
      expect(refused.body.errorMessage).toMatch(/mappings\[1\]\.source: the expression ".*\[1\.5\]" is not valid: an array<decimal\(2,1\)> value is not a number at position \d+/);
    }
    const created = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [mapping("_id", "id"), expression("balance", "1 / 1.5")] } });
    expect(created.status, created.text).toBe(200);
    const replaced = await call(system, "PUT", `${MAPPING_SETS}/${created.body.id}`, { body: listArithmetic });
    expect(replaced.status, replaced.text).toBe(400);
    expect(replaced.body.errorMessage).toContain("mappings[1].source: the expression \"1 / [1.5]\" is not valid");
    const added = await call(system, "POST", `${MAPPING_SETS}/${created.body.id}/mappings`, { body: expression("country", "concat(\"x\", 2 * [0.5])") });
    expect(added.status, added.text).toBe(400);
    expect(added.body.errorMessage).toContain("the mapping's source");
    expect((await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`)).body.version).toBe(0);
  });

  it("takes array functions of a source array without an inputSchema, in a mapping set and its preview of sample rows", async () => {
    const list = { type: "array", items: { type: "string" } };
    const arrays = await createSchema(system, { title: "Tagged", type: "object", properties: { _id: { type: "string" }, tags: list, more: list, mixed: list } });
    const mappings = [
      mapping("_id", "id"),
      { destination: "tags", source: 'add_to_array(tags, "z")', sourceType: "EXPRESSION" },
      { destination: "more", source: 'join_arrays(tags, ["q"])', sourceType: "EXPRESSION" },
      { destination: "mixed", source: "add_to_array(tags, name)", sourceType: "EXPRESSION" },
    ];
    const created = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: arrays, mappings } });
    expect(created.status, created.text).toBe(200);
    const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { xdmSchema: arrays, mappings }, data: [{ id: "a", name: "n", tags: ["x", "y"] }] } });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0].data).toEqual({ _id: "a", tags: ["x", "y", "z"], more: ["x", "y", "q"], mixed: ["x", "y", "n"] });
  });

  it("refuses at creation an expression whose value can never go into its field from the source inputSchema describes, naming why", async () => {
    const mappings = [mapping("_id", "id"), { destination: "person.name", source: 'to_object("a", name)', sourceType: "EXPRESSION" }];
    const inputSchema = { jsonSchema: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } } };
    const refused = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings, inputSchema } });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(refused.body.errorMessage).toContain("mappings[1].destination person.name: ");
    expect(refused.body.errorMessage).toContain("a struct fills only an XDM object; so every run would fail");
    // without inputSchema the source's types are not known: the flow, which knows them, refuses it
    const unknown = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings } });
    expect(unknown.status, unknown.text).toBe(200);
  });

  it("answers 400, not 500, for a preview whose sample's types make arithmetic on an array of numbers", async () => {
    const mappingSet = { xdmSchema: schemaId, mappings: [mapping("_id", "id"), { destination: "balance", source: "n * [1.5]", sourceType: "EXPRESSION" }] };
    const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data: [{ id: "a", n: 2 }] } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(reply.body.errorMessage).toContain("an array<decimal(2,1)> value is not a number");
  });

  it.each([
    [{ mappings: [] }],
    [{ xdmSchema: "https://ns.adobe.com/test/schemas/nope", mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] }],
    [{ xdmSchema: "x", mappings: "no" }],
    [{ xdmSchema: "x", mappings: [{ destinationXdmPath: "_id", sourceAttribute: "concat(a,b)", sourceType: "EXPRESSION" }] }],
  ])("refuses %j", async (body) => {
    const reply = await call(system, "POST", MAPPING_SETS, { body });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
  });
});
