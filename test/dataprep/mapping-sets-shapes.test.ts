/**
 * Mapping sets in AEP's two shapes and three source types, their versions, `?validate=true` and
 * the preview over sample rows, through the real API (the preview maps with the plan a run uses,
 * in DuckDB).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let schemaId: string;

const ordersSchema = {
  title: "Orders with items",
  type: "object",
  properties: {
    _id: { type: "string" },
    channel: { type: "string" },
    quantity: { type: "integer" },
    firstTag: { type: "string" },
    person: { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } } },
    products: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
    tags: { type: "array", items: { type: "string" } },
  },
};

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, ordersSchema);
});
afterAll(() => system.close());

const current = (mappings: object[]) => ({
  name: "orders",
  outputSchema: { schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
  mappings,
});

describe("mapping set shapes and source types", () => {
  it("takes AEP's current shape (source/destination, outputSchema.schemaRef) with STATIC and ATTRIBUTE sources", async () => {
    const created = await call(system, "POST", MAPPING_SETS, {
      body: current([
        { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
        { sourceType: "STATIC", source: "web", destination: "channel", name: "channel", description: "every row came from the web shop" },
        { sourceType: "ATTRIBUTE", source: "lines[*].sku", destination: "products[*].sku" },
      ]),
    });
    expect(created.status, created.text).toBe(200);
    const got = await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`);
    expect(got.body).toMatchObject({
      name: "orders",
      xdmSchema: schemaId,
      outputSchema: { schemaRef: { id: schemaId } },
      mappings: [
        { source: "order_id", destination: "_id", sourceAttribute: "order_id", destinationXdmPath: "_id", sourceType: "ATTRIBUTE" },
        { source: "web", destination: "channel", sourceType: "STATIC", name: "channel", description: "every row came from the web shop" },
        { source: "lines[*].sku", destination: "products[*].sku", sourceType: "ATTRIBUTE" },
      ],
    });
  });

  it.each([
    ["an array step on a field that is not an array", { sourceType: "ATTRIBUTE", source: "x", destination: "channel[*].x" }, "has an array step on a field that is not an array"],
    ["nested array steps in a destination", { source: "x", destination: "products[*].sku[0]" }, "has more than one array step"],
    ["a malformed array step", { source: "lines[x].sku", destination: "_id" }, "an array step is \"[n]\" or \"[*]\""],
    ["an unclosed ${…} escape", { source: "${first name", destination: "_id" }, 'a "${" without its "}"'],
    ["an unknown source type", { sourceType: "FORMULA", source: "x", destination: "_id" }, "is not one of ATTRIBUTE, STATIC, EXPRESSION"],
    ["a STATIC value that is an object", { sourceType: "STATIC", source: { a: 1 }, destination: "_id" }, "STATIC mapping must be the value"],
    ["an expression calling a function that does not exist", { sourceType: "EXPRESSION", source: "zz_no_such_function_ever(name)", destination: "_id" }, "zz_no_such_function_ever"],
  ])("refuses %s at creation (DATAPREP-1000-400)", async (_what, mapping, message) => {
    const refused = await call(system, "POST", MAPPING_SETS, { body: current([mapping]) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(refused.body.errorMessage).toContain(message);
  });

  it("compiles expressions against inputSchema's columns when the body gives them, and without them accepts any fields", async () => {
    const inputSchema = { jsonSchema: { type: "object", properties: { order_id: { type: "string" }, customer: { type: "object", properties: { age: { type: "integer" } } } } } };
    const typed = await call(system, "POST", MAPPING_SETS, { body: { ...current([{ sourceType: "EXPRESSION", source: "customer.age + 1", destination: "quantity" }]), inputSchema } });
    expect(typed.status, typed.text).toBe(200);
    const unknownColumn = await call(system, "POST", MAPPING_SETS, { body: { ...current([{ sourceType: "EXPRESSION", source: "lower(nickname)", destination: "_id" }]), inputSchema } });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.errorMessage).toContain("nickname");
    const untyped = await call(system, "POST", MAPPING_SETS, { body: current([{ sourceType: "EXPRESSION", source: "lower(nickname)", destination: "_id" }, { sourceType: "EXPRESSION", source: "customer.age + 1", destination: "quantity" }]) });
    expect(untyped.status, untyped.text).toBe(200);
  });

  it("refuses, when the mapping set is created, a function that cannot be compiled (by name) and an expression over 4,096 characters", async () => {
    const uncompilable = await call(system, "POST", MAPPING_SETS, { body: current([{ sourceType: "EXPRESSION", source: 'sha512(order_id, "UTF-8")', destination: "_id" }]) });
    expect(uncompilable.status).toBe(400);
    expect(uncompilable.body.errorMessage).toContain("the function sha512 is not supported");
    const long = `concat(${Array.from({ length: 1100 }, () => '"ab"').join(",")})`;
    const tooLong = await call(system, "POST", MAPPING_SETS, { body: current([{ sourceType: "EXPRESSION", source: long, destination: "_id" }]) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errorMessage).toContain(`the expression is ${long.length} characters long; a calculated field has at most 4096`);
  });

  it("checks with ?validate=true and saves nothing", async () => {
    const before = await call(system, "GET", `${MAPPING_SETS}?count=true`);
    const valid = await call(system, "POST", `${MAPPING_SETS}?validate=true`, { body: current([{ source: "order_id", destination: "_id" }]) });
    expect(valid.status, valid.text).toBe(200);
    expect(valid.body).toMatchObject({ id: null, version: 0, xdmSchema: schemaId, mappings: [{ source: "order_id", destination: "_id" }] });
    const invalid = await call(system, "POST", `${MAPPING_SETS}?validate=true`, { body: current([{ source: "order_id", destination: "nope" }]) });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errorMessage).toContain("nope is not a field of the schema");
    // a value that is not true or false is refused rather than taken for a creation
    for (const value of ["yes", "1", ""]) {
      const unclear = await call(system, "POST", `${MAPPING_SETS}?validate=${value}`, { body: current([{ source: "order_id", destination: "_id" }]) });
      expect(unclear.status, value).toBe(400);
      expect(unclear.body.errorMessage).toContain(`validate must be true or false, not "${value}"`);
    }
    expect((await call(system, "POST", `${MAPPING_SETS}?validate=TRUE`, { body: current([{ source: "order_id", destination: "_id" }]) })).body.id).toBeNull();
    const after = await call(system, "GET", `${MAPPING_SETS}?count=true`);
    expect(after.body.count).toBe(before.body.count);
  });

  it("PUT makes the next version; GET answers the latest, ?version=n an earlier one, an unknown version 404", async () => {
    const created = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "order_id" }] } });
    const id = created.body.id;
    const put = await call(system, "PUT", `${MAPPING_SETS}/${id}`, { body: current([{ source: "order_id", destination: "_id" }, { sourceType: "STATIC", source: "shop", destination: "channel" }]) });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ id, version: 1, createdDate: created.body.createdDate });

    const latest = await call(system, "GET", `${MAPPING_SETS}/${id}`);
    expect(latest.body.version).toBe(1);
    expect(latest.body.mappings.map((m: { destination: string }) => m.destination)).toEqual(["_id", "channel"]);
    expect(latest.body).not.toHaveProperty("priorVersions");
    const first = await call(system, "GET", `${MAPPING_SETS}/${id}?version=0`);
    expect(first.body.version).toBe(0);
    expect(first.body.mappings.map((m: { destination: string }) => m.destination)).toEqual(["_id"]);
    const listed = await call(system, "GET", `${MAPPING_SETS}?limit=1000`);
    expect(listed.body.data.find((m: { id: string }) => m.id === id)).toMatchObject({ version: 1 });

    const missing = await call(system, "GET", `${MAPPING_SETS}/${id}?version=7`);
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1011-404");
    const invalid = await call(system, "PUT", `${MAPPING_SETS}/${id}`, { body: current([{ source: "order_id", destination: "nope" }]) });
    expect(invalid.status).toBe(400);
    expect((await call(system, "GET", `${MAPPING_SETS}/${id}`)).body.version).toBe(1);
    expect((await call(system, "PUT", `${MAPPING_SETS}/0123456789abcdef0123456789abcdef`, { body: current([{ source: "order_id", destination: "_id" }]) })).status).toBe(404);
  });
});

describe("mapping set preview", () => {
  it("maps sample rows with the run's plan: STATIC, nested, index, wildcard and ${…} sources, and each failing row's errors", async () => {
    const mappingSet = current([
      { source: "order_id", destination: "_id" },
      { sourceType: "STATIC", source: "42", destination: "quantity" },
      { source: "${first name}", destination: "person.name" },
      { source: "customer.age", destination: "person.age" },
      { source: "labels[1]", destination: "firstTag" },
      { source: "lines[*].sku", destination: "products[*].sku" },
      { source: "lines[*].n", destination: "products[*].qty" },
      { source: "labels[*]", destination: "tags[*]" },
      { sourceType: "EXPRESSION", source: 'concat(upper(order_id), "/", customer.age)', destination: "channel" },
    ]);
    const data = [
      { order_id: "o-1", "first name": "Ada", customer: { age: "36" }, labels: ["new", "gift"], lines: [{ sku: "a", n: 1 }, { sku: "b", n: 2 }] },
      { order_id: "o-2", "first name": "Bob", customer: { age: "forty" }, labels: ["x"], lines: [] },
    ];
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data } });
    expect(preview.status, preview.text).toBe(200);
    // AEP's answer: a list of {data, errors}, errors null for a row that maps
    expect(preview.body).toEqual([
      {
        data: {
          _id: "o-1",
          channel: "O-1/36",
          quantity: 42,
          firstTag: "gift",
          person: { name: "Ada", age: 36 },
          products: [{ sku: "a", qty: 1 }, { sku: "b", qty: 2 }],
          tags: ["new", "gift"],
        },
        errors: null,
      },
      {
        data: null,
        errors: [
          {
            destination: "person.age",
            source: "customer.age",
            sourceType: "ATTRIBUTE",
            exception: "MAPPER-3700-400: the value of customer.age cannot be converted to int for person.age: forty",
          },
        ],
      },
    ]);
  });

  it("copies an object mapped whole member by member with the mappings inside it on top (AEP's object copy), a member without a field left out", async () => {
    const mappingSet = current([
      { source: "order_id", destination: "_id" },
      { source: "customer", destination: "person" },
      { source: "customer.nick", destination: "person.name" },
    ]);
    const data = [
      { order_id: "o-1", customer: { name: "Ada Lovelace", nick: "Ada", age: 36, note: "no field of this name" } },
      { order_id: "o-2", customer: null },
      { order_id: "o-3", customer: { name: "Bob", nick: "B", age: "forty", note: "" } },
    ];
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toEqual([
      { data: { _id: "o-1", person: { name: "Ada", age: 36 } }, errors: null },
      { data: { _id: "o-2" }, errors: null },
      // a copied member's error names the mapping of the object it lies in
      { data: null, errors: [{ destination: "person", source: "customer", sourceType: "ATTRIBUTE", exception: expect.stringContaining("for person.age: forty") }] },
    ]);
    // created alike; an object built by an expression has no members to copy beside mappings inside it
    expect((await call(system, "POST", MAPPING_SETS, { body: mappingSet })).status).toBe(200);
    const byExpression = current([
      { sourceType: "EXPRESSION", source: 'to_object("name", customer.name)', destination: "person" },
      { source: "customer.nick", destination: "person.name" },
    ]);
    const refused = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: byExpression, data } });
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toContain("mappings[1].destination person.name is inside person, which mappings[0] maps whole: map person whole or what it holds, not both");
  });

  it("previews into a schema not created yet (outputSchema.schema, beyond AEP): its class and field groups resolved, nothing saved", async () => {
    const draft = {
      title: "Draft profile schema",
      type: "object",
      allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }, { $ref: "https://ns.adobe.com/xdm/context/profile-person-details" }],
    };
    const schemasBefore = (await call(system, "GET", "/data/foundation/schemaregistry/tenant/schemas")).body.results.length;
    const mappingSet = {
      outputSchema: { schema: draft },
      mappings: [
        { source: "id", destination: "_id" },
        { sourceType: "EXPRESSION", source: "trim(born)", destination: "person.birthYear" },
      ],
    };
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data: [{ id: "a", born: " 1983" }, { id: "b", born: "40000" }] } });
    expect(preview.status, preview.text).toBe(200);
    // only the fields that hold a value, as AEP answers them
    expect(preview.body[0]).toEqual({ data: { _id: "a", person: { birthYear: 1983 } }, errors: null });
    // the field group's own type (birthYear is a short) holds in the unsaved schema too
    expect(preview.body[1].data).toBeNull();
    expect(preview.body[1].errors).toEqual([
      {
        destination: "person.birthYear",
        source: "trim(born)",
        sourceType: "EXPRESSION",
        exception: "MAPPER-3700-400: the value of trim(born) for person.birthYear is outside the short range -32768 to 32767: 40000",
      },
    ]);
    expect((await call(system, "GET", "/data/foundation/schemaregistry/tenant/schemas")).body.results.length).toBe(schemasBefore);

    const notAField = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: { mappingSet: { ...mappingSet, mappings: [{ source: "id", destination: "person.shoeSize" }] }, data: { id: "a" } },
    });
    expect(notAField.status).toBe(400);
    expect(notAField.body.errorMessage).toContain("person.shoeSize is not a field of the schema");
    const unknownGroup = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: { mappingSet: { ...mappingSet, outputSchema: { schema: { ...draft, allOf: [...draft.allOf, { $ref: "https://ns.adobe.com/xdm/context/no-such-group" }] } } }, data: { id: "a" } },
    });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.detail ?? unknownGroup.body.errorMessage ?? unknownGroup.text).toContain("no-such-group");
    const both = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: { mappingSet: { ...mappingSet, outputSchema: { schema: draft, schemaRef: { id: schemaId } } }, data: { id: "a" } },
    });
    expect(both.status).toBe(400);
    expect(both.body.errorMessage).toContain("give the target schema once");
    // a mapping set to be saved still names a schema that exists
    const saved = await call(system, "POST", MAPPING_SETS, { body: mappingSet });
    expect(saved.status).toBe(400);
    expect(saved.body.errorMessage).toContain("outputSchema must be");
  });

  it("builds an array destination from its indexed elements (a missing element null, no value at all: no array)", async () => {
    const mappingSet = current([
      { source: "order_id", destination: "_id" },
      { source: "first", destination: "products[0].sku" },
      { source: "second", destination: "products[2].sku" },
      { source: "n", destination: "products[2].qty" },
    ]);
    const data = [
      { order_id: "o-1", first: "a", second: "b", n: "2" },
      { order_id: "o-2", first: null, second: null, n: null },
    ];
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data } });
    expect(preview.status, preview.text).toBe(200);
    // an element keeps its place (a missing one null); a field without a value is left out
    expect(preview.body.map((r: { data: { products?: unknown } }) => r.data.products)).toEqual([[{ sku: "a" }, null, { sku: "b", qty: 2 }], undefined]);
    const mixed = await call(system, "POST", MAPPING_SETS, { body: current([{ source: "first", destination: "products[0].sku" }, { source: "lines[*].n", destination: "products[*].qty" }]) });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errorMessage).toContain("mapped both by element index and for every element");
  });

  it("reads a sample field whose rows disagree on its type as text, as a string column holds it", async () => {
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: current([{ source: "a", destination: "_id" }]), data: [{ a: 1 }, { a: "x" }, { a: null }] } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.map((r: { data: { _id?: unknown } }) => r.data)).toEqual([{ _id: "1" }, { _id: "x" }, {}]);
  });

  it("refuses a preview whose mapping set is invalid or whose data is not rows", async () => {
    const invalid = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: current([{ source: "a", destination: "nope" }]), data: { a: 1 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errorMessage).toContain("nope is not a field of the schema");
    const noRows = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: current([{ source: "a", destination: "_id" }]), data: "a,b" } });
    expect(noRows.status).toBe(400);
    const missingColumn = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: current([{ source: "b", destination: "_id" }]), data: { a: "1" } } });
    expect(missingColumn.status).toBe(400);
    expect(missingColumn.body.errorMessage).toContain("b is not a field of the sample rows");
  });
});

describe("a mapping's fields of the wrong type", () => {
  it.each([
    [{ sourceType: "ATTRIBUTE", source: 42, destination: "_id" }, "mappings[0].source of an ATTRIBUTE mapping must be a string (a path of the source), not 42"],
    [{ sourceType: "EXPRESSION", source: ["upper(id)"], destination: "_id" }, 'mappings[0].source of an EXPRESSION mapping must be a string (an expression), not ["upper(id)"]'],
    [{ source: "order_id", destination: 5 }, "mappings[0].destination must be a path of the schema, a string, not 5"],
    [{ source: "order_id", destination: "_id", name: 42 }, "mappings[0].name must be a string, not 42"],
    [{ source: "order_id", destination: "_id", description: { text: "x" } }, 'mappings[0].description must be a string, not {"text":"x"}'],
    [{ source: "order_id", destination: "_id", namespaceCode: ["Email"] }, 'mappings[0].namespaceCode must be a string, not ["Email"]'],
  ])("refuses %j saying what it must be, rather than calling it missing or dropping it", async (mapping, says) => {
    const reply = await call(system, "POST", MAPPING_SETS, { body: current([mapping]) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(reply.body.errorMessage).toContain(says);
    expect(reply.body.errorMessage).not.toContain("is required");
  });
});

describe("a mapping set's schema of the wrong type", () => {
  it("is refused saying xdmSchema must be a string, not that it is missing", async () => {
    const reply = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: 42, mappings: [{ source: "order_id", destination: "_id" }] } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/DATAPREP-1000-400");
    expect(reply.body.errorMessage).toContain("xdmSchema must be a string, the target schema's $id, not 42");
  });
});
