import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertedRows, MappingError, planMapping } from "./mapping-sql.js";

const schema = {
  properties: {
    _id: { type: "string" },
    person: {
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" }, born: { type: "string", format: "date" } },
    },
    balance: { type: "number" },
    seenAt: { type: "string", format: "date-time" },
    active: { type: "boolean" },
  },
};

describe("mapping plans run on DuckDB", () => {
  let instance: DuckDBInstance;
  let conn: Awaited<ReturnType<DuckDBInstance["connect"]>>;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    await conn.run(`CREATE TABLE staged AS SELECT * FROM (VALUES
      (9007199254740993::BIGINT, 'ann', '42', '1990-01-02', 12345678901234567890.123456789012345678::DECIMAL(38,18), TIMESTAMP '2024-05-01 10:00:00.123456', 'true'),
      (2::BIGINT, 'bob', 'forty', 'not a date', 1.5::DECIMAL(38,18), TIMESTAMP '2024-05-01 10:00:00', 'maybe'),
      (3::BIGINT, NULL, NULL, NULL, NULL, NULL, NULL)
    ) t(id, name, age, born, balance, updated_at, flag)`);
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  const columns = [
    { name: "id", type: "BIGINT" },
    { name: "name", type: "VARCHAR" },
    { name: "age", type: "VARCHAR" },
    { name: "born", type: "VARCHAR" },
    { name: "balance", type: "DECIMAL(38,18)" },
    { name: "updated_at", type: "TIMESTAMP" },
    { name: "flag", type: "VARCHAR" },
  ];
  const rules = [
    { sourceAttribute: "id", destinationXdmPath: "_id" },
    { sourceAttribute: "name", destinationXdmPath: "person.name" },
    { sourceAttribute: "age", destinationXdmPath: "person.age" },
    { sourceAttribute: "born", destinationXdmPath: "person.born" },
    { sourceAttribute: "balance", destinationXdmPath: "balance" },
    { sourceAttribute: "updated_at", destinationXdmPath: "seenAt" },
    { sourceAttribute: "flag", destinationXdmPath: "active" },
  ];

  it("maps into nested XDM fields without losing precision, and reports what cannot be converted", async () => {
    const plan = planMapping(rules, schema, columns);
    const reader = await conn.runAndReadAll(
      `SELECT ${plan.projection}, ${plan.errors} AS errors FROM staged ORDER BY id = 3, id = 2`,
    );
    const rows = reader.getRowObjectsJson() as Array<Record<string, any>>;
    expect(rows[0]._id).toBe("9007199254740993");
    expect(rows[0].person).toEqual({ name: "ann", age: "42", born: "1990-01-02" });
    expect(rows[0].balance).toBe("12345678901234567890.123456789012345678");
    expect(rows[0].seenAt).toMatch(/^2024-05-01[ T]10:00:00\.123456/);
    expect(rows[0].active).toBe(true);
    expect(rows[0].errors).toEqual([]);
    expect(rows[1].errors).toHaveLength(3);
    expect(rows[1].errors.join("\n")).toContain("cannot be converted to integer for person.age: forty");
    expect(rows[1].errors.join("\n")).toContain("cannot be converted to date for person.born (a date in one of AEP's default date patterns");
    expect(rows[1].errors.join("\n")).toContain("): not a date");
    expect(rows[2].errors).toEqual([]); // nulls are not errors
    expect(plan.canFail).toBe(true);
  });

  it("knows when no row can fail: exact types map without checks", () => {
    const exact = planMapping(rules.filter((r) => ["id", "name", "balance", "updated_at"].includes(r.sourceAttribute)), schema, columns);
    expect(exact.canFail).toBe(false);
    expect(exact.errors).toBe("[]::VARCHAR[]");
  });

  it("treats a schema field named __proto__ as a field, never touching Object.prototype", () => {
    const hostile = JSON.parse('{"properties": {"__proto__": {"type": "object", "properties": {"polluted": {"type": "string"}}}}}');
    const plan = planMapping([{ sourceAttribute: "name", destinationXdmPath: "__proto__.polluted" }], hostile, columns);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(plan.projection).toContain(`"__proto__"`);
  });

  it("gives a row without a value for a required field a row error naming the field", async () => {
    const required = { ...schema, requiredFields: [{ path: "seenAt", reason: "required by the schema" }] };
    const plan = planMapping(rules, required, columns);
    expect(plan.canFail).toBe(true);
    const errorsOf = async (id: number) => ((await conn.runAndReadAll(`SELECT ${plan.errors} AS errors FROM staged WHERE id = ${id}`)).getRowObjectsJson()[0] as { errors: string[] }).errors;
    expect(await errorsOf(3)).toEqual(["MAPPER-3700-400: the row has no value for seenAt, required by the schema"]);
    expect(await errorsOf(2)).not.toContain("MAPPER-3700-400: the row has no value for seenAt, required by the schema");
    const unmapped = { ...schema, requiredFields: [{ path: "person.nickname", reason: "required by the schema" }] };
    expect(() => planMapping(rules, unmapped, columns)).toThrow("person.nickname is required by the schema but no mapping targets it");
    const insideMappedObject = { ...schema, requiredFields: [{ path: "person.name", reason: "required by the schema" }] };
    expect(() => planMapping([{ sourceAttribute: "id", destinationXdmPath: "_id" }], insideMappedObject, columns)).toThrow(MappingError);
  });

  it("checks a required field inside an object mapped whole from a struct, in the rows where its object has a value", async () => {
    const nestedSchema = {
      properties: {
        _id: { type: "string" },
        person: { type: "object", properties: { name: { type: "string" }, address: { type: "object", properties: { city: { type: "string" } } } } },
      },
      requiredFields: [
        { path: "person.name", reason: "required by the schema when person has a value", within: "person" },
        { path: "person.address.city", reason: "required by the schema when person.address has a value", within: "person.address" },
      ],
    };
    const structColumns = [{ name: "id", type: "BIGINT" }, { name: "p", type: "STRUCT(name VARCHAR, address STRUCT(city VARCHAR))" }];
    const plan = planMapping([{ sourceAttribute: "id", destinationXdmPath: "_id" }, { sourceAttribute: "p", destinationXdmPath: "person" }], nestedSchema, structColumns);
    const rows = (
      await conn.runAndReadAll(
        `SELECT id, ${plan.errors} AS errors FROM (VALUES (1, {'name': 'ann', 'address': {'city': 'Oslo'}}), (2, {'name': NULL, 'address': {'city': NULL}}), (3, {'name': 'bo', 'address': NULL}), (4, NULL)) AS t(id, p) ORDER BY id`,
      )
    ).getRowObjectsJson();
    expect(rows.map((r) => (r as { errors: string[] }).errors)).toEqual([
      [],
      ["MAPPER-3700-400: the row has no value for person.name, required by the schema when person has a value", "MAPPER-3700-400: the row has no value for person.address.city, required by the schema when person.address has a value"],
      [],
      [],
    ]);
  });

  it("computes each calculated value inside an object once per row, even where it also decides whether the object is null", async () => {
    const nested = { properties: { person: { type: "object", properties: { h: { type: "string" }, m: { type: "string" }, inner: { type: "object", properties: { z: { type: "string" } } } } } } };
    const calculated = [
      { sourceType: "EXPRESSION" as const, sourceAttribute: "sha256(name)", destinationXdmPath: "person.h" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: "md5(name)", destinationXdmPath: "person.m" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: "upper(name)", destinationXdmPath: "person.inner.z" },
    ];
    const plan = planMapping(calculated, nested, columns);
    // without its alias, the plan shows the final projection's expression: every place a function is evaluated
    const unnamed = plan.projection.replace(/ AS "person"$/, "");
    const explained = String((await conn.runAndReadAll(`EXPLAIN (FORMAT json) SELECT ${unnamed} FROM staged`)).getRows()[0][1]);
    for (const fn of ["sha256", "md5", "upper"]) expect(explained.split(`${fn}(`).length - 1, fn).toBe(1);
    const rows = (await conn.runAndReadAll(`SELECT ${plan.projection} FROM staged ORDER BY id`)).getRowObjectsJson() as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.person)).toEqual([
      { h: expect.stringMatching(/^[0-9a-f]{64}$/), m: expect.stringMatching(/^[0-9a-f]{32}$/), inner: { z: "BOB" } },
      null,
      { h: expect.stringMatching(/^[0-9a-f]{64}$/), m: expect.stringMatching(/^[0-9a-f]{32}$/), inner: { z: "ANN" } },
    ]);
  });

  it("computes an expression its conversion reads more than once (a number it checks, an object it rebuilds) once per row, and tells a valid row by its first error", async () => {
    const target = { properties: { age: { type: "integer" }, who: { type: "object", properties: { n: { type: "string" } } } } };
    const calculated = [
      { sourceType: "EXPRESSION" as const, sourceAttribute: "trim(age)", destinationXdmPath: "age" },
      { sourceType: "EXPRESSION" as const, sourceAttribute: 'to_object("n", upper(name))', destinationXdmPath: "who" },
    ];
    const plan = planMapping(calculated, target, columns, [], { hoist: true });
    // each expression (trim compiles to regexp_replace) is written once, as a column of its own, which the conversion, its checks and the projection read
    const everything = [plan.computed, plan.inner, plan.projection, plan.firstError, plan.errors].join("\n");
    for (const fn of ["regexp_replace", "upper"]) expect(everything.split(`${fn}(`).length - 1, fn).toBe(1);
    const mapped = `SELECT id, ${plan.projection}, ${plan.firstError} AS first_error, ${plan.errors} AS errors FROM (${convertedRows(plan, "staged")})`;
    const rows = (await conn.runAndReadAll(`${mapped} ORDER BY id`)).getRowObjectsJson() as Array<Record<string, any>>;
    expect(rows.map(({ id, age, who, first_error }) => ({ id, age, who, first_error }))).toEqual([
      { id: "2", age: null, who: { n: "BOB" }, first_error: expect.stringContaining("cannot be converted to integer for age: forty") },
      { id: "3", age: null, who: { n: null }, first_error: null },
      { id: "9007199254740993", age: "42", who: { n: "ANN" }, first_error: null },
    ]);
    expect(rows.map((row) => row.errors)).toEqual([[rows[0].first_error], [], []]);
  });

  it("computes an arithmetic expression once per row for its value and its overflow check", async () => {
    const target = { properties: { doubled: { type: "string" } } };
    const plan = planMapping([{ sourceType: "EXPRESSION", sourceAttribute: "id * 1024", destinationXdmPath: "doubled" }], target, columns, [], { hoist: true });
    const everything = [plan.computed, plan.inner, plan.projection, plan.firstError, plan.errors].join("\n");
    expect(everything.split("try(").length - 1).toBe(1);
    const mapped = `SELECT id, ${plan.projection}, ${plan.firstError} AS first_error FROM (${convertedRows(plan, "staged")})`;
    const rows = (await conn.runAndReadAll(`${mapped} ORDER BY id`)).getRowObjectsJson();
    expect(rows).toEqual([
      { id: "2", doubled: "2048", first_error: null },
      { id: "3", doubled: "3072", first_error: null },
      { id: "9007199254740993", doubled: null, first_error: "MAPPER-3700-400: the expression of doubled cannot be computed: id * 1024 overflows BIGINT: id = 9007199254740993" },
    ]);
  });

  it("builds an array by index whose elements' numbers keep every digit, refusing numbers no one type holds exactly", async () => {
    const orders = { properties: { orders: { type: "array", items: { type: "object", properties: { price: { type: "number" }, sku: { type: "string" } } } } } };
    const price = (index: number, source: string) => ({ sourceAttribute: source, destinationXdmPath: `orders[${index}].price` });
    // a DECIMAL(38,18) beside a BIGINT and an element whose price is unmapped: one DECIMAL(38,18) for all
    const plan = planMapping([price(0, "balance"), price(1, "id"), { sourceAttribute: "name", destinationXdmPath: "orders[2].sku" }], orders, columns);
    const rows = (await conn.runAndReadAll(`SELECT to_json(${plan.projection.replace(/ AS "orders"$/, "")})::VARCHAR AS orders FROM staged WHERE name = 'ann'`)).getRowObjectsJson();
    expect(JSON.parse(String(rows[0].orders)).map((o: { price: unknown }) => o.price)).toEqual([12345678901234567890.123456789012345678, 9007199254740993, null]);
    expect(String(rows[0].orders)).toContain("12345678901234567890.123456789012345678");
    expect(String(rows[0].orders)).toContain("9007199254740993.000000000000000000");
    // a string becomes a DOUBLE, which would round the DECIMAL beside it
    expect(() => planMapping([price(0, "balance"), price(1, "age")], orders, columns)).toThrow(
      "orders[0].price (DECIMAL(38,18)) and orders[1].price (VARCHAR) are one field of the array's elements, which DuckDB stores as one type",
    );
    const wide = [...columns, { name: "big", type: "DECIMAL(38,0)" }];
    expect(() => planMapping([price(0, "big"), price(1, "balance")], orders, wide)).toThrow("together they need 56 digits, more than a DECIMAL's 38");
  });

  it("refuses an element mapped whole from a struct whose number member would round a DECIMAL of another element", async () => {
    const orders = { properties: { orders: { type: "array", items: { type: "object", properties: { price: { type: "number" }, sku: { type: "string" } } } } } };
    const structs = [...columns, { name: "line", type: "STRUCT(sku VARCHAR)" }, { name: "priced", type: "STRUCT(sku VARCHAR, price DECIMAL(38,18))" }];
    // the struct without a price fills it with a DOUBLE, which DuckDB's list would make every price
    expect(() =>
      planMapping([{ sourceAttribute: "line", destinationXdmPath: "orders[0]" }, { sourceAttribute: "balance", destinationXdmPath: "orders[1].price" }], orders, structs),
    ).toThrow("orders[1].price (DECIMAL(38,18)) and orders[0].price (DOUBLE) are one field of the array's elements");
    expect(() =>
      planMapping([{ sourceAttribute: "line", destinationXdmPath: "orders[0]" }, { sourceAttribute: "priced", destinationXdmPath: "orders[1]" }], orders, structs),
    ).toThrow("orders[1].price (DECIMAL(38,18)) and orders[0].price (DOUBLE)");
    // a struct with the same DECIMAL member beside the mapped DECIMAL keeps every digit
    const plan = planMapping([{ sourceAttribute: "priced", destinationXdmPath: "orders[0]" }, { sourceAttribute: "balance", destinationXdmPath: "orders[1].price" }], orders, structs);
    const rows = (
      await conn.runAndReadAll(
        `SELECT to_json(${plan.projection.replace(/ AS "orders"$/, "")})::VARCHAR AS orders FROM (SELECT *, {'sku': 'a', 'price': balance} AS priced, {'sku': 'b'} AS line FROM staged) AS staged WHERE name = 'ann'`,
      )
    ).getRowObjectsJson();
    expect(String(rows[0].orders).match(/12345678901234567890\.123456789012345678/g)).toHaveLength(2);
  });

  it("builds a map from the values mapped under its keys, leaving out an identity without an id and a key without a value", async () => {
    const identity = { type: "object", "meta:referencedFrom": "https://ns.adobe.com/xdm/context/identityitem", properties: { id: { type: "string" }, authenticatedState: { type: "string" }, primary: { type: "boolean" } } };
    const mapped = {
      properties: {
        _id: { type: "string" },
        identityMap: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "array", items: identity } },
        attributes: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
      },
    };
    const plan = planMapping(
      [
        { sourceAttribute: "id", destinationXdmPath: "_id" },
        { sourceAttribute: "name", destinationXdmPath: "identityMap.Email[0].id" },
        { sourceAttribute: "true", sourceType: "STATIC", destinationXdmPath: "identityMap.Email[0].primary" },
        { sourceAttribute: "id", destinationXdmPath: "identityMap.${CRM ID}[0].id" },
        { sourceAttribute: "age", destinationXdmPath: "attributes.age" },
      ],
      mapped,
      columns,
    );
    const rows = (await conn.runAndReadAll(`SELECT to_json(identityMap)::VARCHAR AS identities, to_json(attributes)::VARCHAR AS attributes FROM (SELECT ${plan.projection} FROM staged) ORDER BY _id`)).getRowObjectsJson();
    expect(rows.map((row) => ({ identities: JSON.parse(String(row.identities)), attributes: JSON.parse(String(row.attributes)) }))).toEqual([
      { identities: { "CRM ID": [{ id: "2", authenticatedState: null, primary: null }], Email: [{ id: "bob", authenticatedState: null, primary: true }] }, attributes: { age: "forty" } },
      // no name: no Email identity, though its primary is a constant; no age: no attribute
      { identities: { "CRM ID": [{ id: "3", authenticatedState: null, primary: null }] }, attributes: null },
      { identities: { "CRM ID": [{ id: "9007199254740993", authenticatedState: null, primary: null }], Email: [{ id: "ann", authenticatedState: null, primary: true }] }, attributes: { age: "42" } },
    ]);
  });

  it("refuses numbers under a map's keys that no one type holds exactly, as the map's values share one", () => {
    const scores = { properties: { scores: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "number" } } } };
    expect(() => planMapping([{ sourceAttribute: "balance", destinationXdmPath: "scores.a" }, { sourceAttribute: "age", destinationXdmPath: "scores.b" }], scores, columns)).toThrow(
      "scores.a (DECIMAL(38,18)) and scores.b (VARCHAR) are one field of the map's values, which DuckDB stores as one type",
    );
    expect(() => planMapping([{ sourceAttribute: "balance", destinationXdmPath: "scores.a" }, { sourceAttribute: "id", destinationXdmPath: "scores.b" }], scores, columns)).not.toThrow();
  });

  it("refuses destinations outside the schema and sources outside the columns", () => {
    expect(() => planMapping([{ sourceAttribute: "id", destinationXdmPath: "person.nope" }], schema, columns)).toThrow(MappingError);
    expect(() => planMapping([{ sourceAttribute: "nope", destinationXdmPath: "_id" }], schema, columns)).toThrow(MappingError);
  });

  it("names the staged columns when a source is not one of them, as after the table renamed it", () => {
    expect(() => planMapping([{ sourceAttribute: "fullname", destinationXdmPath: "_id" }], schema, columns)).toThrow(
      /source attribute fullname is not a column of the staged data \(its columns: id, name, age, born, balance, updated_at, flag\); if the source table renamed or dropped it, map the column's new name/,
    );
  });

  it("tells how to write a column whose name holds a dot, which a plain source reads as a path", () => {
    const dotted = [...columns, { name: "Full.Name", type: "VARCHAR" }];
    expect(() => planMapping([{ sourceAttribute: "Full.Name", destinationXdmPath: "_id" }], schema, dotted)).toThrow(
      "the column Full.Name is one name with special characters: write it as ${Full.Name}, or escape its dots as Full\\.Name",
    );
    for (const escaped of ["${Full.Name}", "Full\\.Name"]) {
      expect(() => planMapping([{ sourceAttribute: escaped, destinationXdmPath: "_id" }], schema, dotted)).not.toThrow();
    }
  });
});
