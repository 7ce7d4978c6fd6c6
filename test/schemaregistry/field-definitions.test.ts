import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, SCHEMAS, withUniqueTitle } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, REGISTRY, TENANT } from "./registry-calls.js";

/**
 * What a field may declare besides its type (docs/api/schemaregistry.md#field-types,
 * #field-constraints): a `meta:xdmType` that agrees with `type`, and constraints of the right kind
 * on a type they apply to; anything else is refused rather than stored as another one or kept
 * and never enforced.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const INVALID = "https://ns.adobe.com/aep/errors/XDM-1000-400";
const FIELD_GROUPS = `${REGISTRY}/tenant/fieldgroups`;
const schemaOf = (properties: Record<string, unknown>) => withUniqueTitle({ title: "fields", type: "object", properties });

describe("meta:xdmType", () => {
  it("refuses a meta:xdmType that contradicts type, naming the field, both and what the type allows", async () => {
    const reply = await call(system, "POST", SCHEMAS, { body: { title: "bad xdm", type: "object", properties: { a: { type: "string", "meta:xdmType": "long" } } } });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(INVALID);
    expect(reply.body.errorMessage).toBe(
      'The schema is not valid: properties.a has type "string" and meta:xdmType "long", which contradict each other: its meta:xdmType can be string or date or date-time; meta:xdmType long goes with type integer. Leave meta:xdmType out and the registry computes it.',
    );
  });

  it.each([
    [{ type: "integer", "meta:xdmType": "string" }, "its meta:xdmType can be byte or short or int or long; meta:xdmType string goes with type string"],
    [{ type: "integer", "meta:xdmType": "integer" }, "its meta:xdmType can be byte or short or int or long."],
    [{ type: "string", format: "date", "meta:xdmType": "date-time" }, 'type "string" with format "date" and meta:xdmType "date-time"'],
    [{ type: "string", format: "date-time", "meta:xdmType": "string" }, "its meta:xdmType can be date-time;"],
    [{ type: "number", "meta:xdmType": "int" }, "its meta:xdmType can be number; meta:xdmType int goes with type integer"],
    [{ type: "object", properties: { b: { type: "string" } }, "meta:xdmType": "map" }, "its meta:xdmType can be object; meta:xdmType map goes with type object"],
    [{ type: "object", additionalProperties: { type: "string" }, "meta:xdmType": "object" }, "its meta:xdmType can be map;"],
    [{ type: "array", items: { type: "boolean", "meta:xdmType": "number" } }, 'properties.a.items has type "boolean" and meta:xdmType "number"'],
    [{ $ref: "https://ns.adobe.com/xdm/common/address", "meta:xdmType": "string" }, "properties.a is a data type ($ref), an object, and meta:xdmType"],
    [{ type: "string", "meta:xdmType": 5 }, 'meta:xdmType 5, which contradict each other'],
  ])("refuses %j", async (field, expected) => {
    const reply = await call(system, "POST", SCHEMAS, { body: schemaOf({ a: field }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(INVALID);
    expect(reply.body.errorMessage).toContain(expected);
  });

  it("keeps a meta:xdmType that agrees with the type as sent", async () => {
    const created = await createTenantResource(system, "schemas", {
      title: "agreeing types",
      type: "object",
      properties: {
        id: { type: "integer", "meta:xdmType": "long" },
        small: { type: "integer", "meta:xdmType": "byte" },
        day: { type: "string", "meta:xdmType": "date" },
        at: { type: "string", format: "date-time", "meta:xdmType": "date-time" },
        tags: { type: "object", additionalProperties: { type: "string" }, "meta:xdmType": "map" },
      },
    });
    expect(created.properties).toMatchObject({
      id: { "meta:xdmType": "long" },
      small: { "meta:xdmType": "byte" },
      day: { format: "date", "meta:xdmType": "date" },
      at: { "meta:xdmType": "date-time" },
      tags: { "meta:xdmType": "map" },
    });
  });

  it("refuses the contradiction in a field group's PUT and PATCH too, leaving it as it was", async () => {
    const group = await createTenantResource(system, "fieldgroups", {
      title: "typed group",
      type: "object",
      properties: { [TENANT]: { type: "object", properties: { score: { type: "integer", "meta:xdmType": "long" } } } },
    });
    const path = `${FIELD_GROUPS}/${encoded(group.$id)}`;
    const patched = await call(system, "PATCH", path, { body: [{ op: "replace", path: `/properties/${TENANT}/properties/score/meta:xdmType`, value: "string" }] });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.errorMessage).toContain(`properties.${TENANT}.properties.score has type "integer" and meta:xdmType "string"`);
    const replaced = await call(system, "PUT", path, {
      body: { ...group, properties: { [TENANT]: { type: "object", properties: { score: { type: "number", "meta:xdmType": "long" } } } } },
    });
    expect(replaced.status, replaced.text).toBe(400);
    const stored = await call(system, "GET", path);
    expect(stored.body.version).toBe("1.0");
    expect(stored.body.properties[TENANT].properties.score).toMatchObject({ type: "integer", "meta:xdmType": "long" });
  });
});

describe("type", () => {
  it("says a field without a type has none, not that its type is undefined", async () => {
    const reply = await call(system, "POST", SCHEMAS, { body: schemaOf({ a: { title: "A" } }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(INVALID);
    expect(reply.body.errorMessage).toContain("properties.a has no type; use string, integer, number, boolean, array or object");
    expect(reply.body.errorMessage).not.toContain("undefined");
  });
});

describe("constraints", () => {
  it("refuses constraints of the wrong kind, naming the field, the keyword, what it must be and the value given", async () => {
    const body = {
      title: "wrong kinds",
      type: "object",
      properties: { a: { type: "integer", minimum: "5" }, c: { type: "string", maxLength: "3" }, e: { type: "string", enum: "abc" } },
    };
    const reply = await call(system, "POST", SCHEMAS, { body });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(INVALID);
    expect(reply.body.errorMessage).toBe('The schema is not valid: properties.a.minimum must be a number, and it is "5"');
    const fixedA = await call(system, "POST", SCHEMAS, { body: { ...body, properties: { ...body.properties, a: { type: "integer", minimum: 5 } } } });
    expect(fixedA.body.errorMessage).toBe('The schema is not valid: properties.c.maxLength must be a non-negative integer, and it is "3"');
  });

  it.each([
    [{ type: "number", maximum: null }, "properties.a.maximum must be a number, and it is null"],
    [{ type: "integer", exclusiveMinimum: "0" }, 'properties.a.exclusiveMinimum must be a number, and it is "0"'],
    [{ type: "string", exclusiveMaximum: 10 }, "properties.a has exclusiveMaximum, which applies to integer and number fields only"],
    [{ type: "string", minLength: -1 }, "properties.a.minLength must be a non-negative integer, and it is -1"],
    [{ type: "string", maxLength: 2.5 }, "properties.a.maxLength must be a non-negative integer, and it is 2.5"],
    [{ type: "string", enum: "abc" }, 'properties.a.enum must be a non-empty array of strings (the values the field may hold), and it is "abc"'],
    [{ type: "string", enum: [] }, "properties.a.enum must be a non-empty array of strings"],
    [{ type: "string", enum: ["a", 1] }, "properties.a.enum must be a non-empty array of strings (the values the field may hold) (1 is not one)"],
    [{ type: "integer", enum: [1, 2.5] }, "properties.a.enum must be a non-empty array of integers (the values the field may hold) (2.5 is not one)"],
    [{ type: "number", enum: ["1"] }, "properties.a.enum must be a non-empty array of numbers"],
    [{ type: "string", pattern: 5 }, "properties.a.pattern must be a string holding a regular expression in RE2"],
    [{ type: "string", pattern: "[a-" }, "properties.a.pattern must be a string holding a regular expression in RE2 (the syntax of DuckDB's regexp_matches, which checks it during ingestion)"],
    [{ type: "string", pattern: "^(?!x)" }, "(it uses lookaround or a backreference), and it is \"^(?!x)\""],
    [{ type: "string", format: "phone" }, 'properties.a.format must be one of date, date-time, uri, uri-reference, email, uuid, byte, ipv4, ipv6, hostname, and it is "phone"'],
    [{ type: "integer", maxLength: 3 }, "properties.a has maxLength, which applies to string fields (not date or date-time ones) only, and properties.a is a field of meta:xdmType int: remove maxLength"],
    [{ type: "string", format: "date", pattern: "^2" }, "properties.a has pattern, which applies to string fields (not date or date-time ones) only, and properties.a is a field of meta:xdmType date"],
    [{ type: "string", minimum: 1 }, "properties.a has minimum, which applies to integer and number fields only"],
    [{ type: "boolean", enum: [true] }, "properties.a has enum, which applies to string (not date or date-time), integer and number fields only"],
    [{ type: "integer", format: "date" }, "properties.a has format, which applies to string fields only"],
    [{ type: "array", items: { type: "string" }, maxLength: 3 }, "properties.a has maxLength, which applies to string fields (not date or date-time ones) only, and properties.a is a field of meta:xdmType array"],
    [{ type: "array", items: { type: "integer", minimum: "0" } }, 'properties.a.items.minimum must be a number, and it is "0"'],
    [{ type: "integer", minimum: 10, maximum: 5 }, "properties.a has minimum 10 above its maximum 5: no value meets both"],
    [{ type: "string", minLength: 4, maxLength: 3 }, "properties.a has minLength 4 above its maxLength 3"],
    [
      { type: "integer", "meta:xdmType": "int", maximum: 9999999999 },
      "properties.a declares meta:xdmType int, whose values range from -2147483648 to 2147483647, and its maximum 9999999999 lies outside that range: ingestion would refuse values the schema allows. Bring maximum within the range, or declare meta:xdmType long (-9007199254740992 to 9007199254740992)",
    ],
    [{ type: "integer", "meta:xdmType": "short", minimum: -40000 }, "properties.a declares meta:xdmType short, whose values range from -32768 to 32767, and its minimum -40000 lies outside that range"],
    [{ type: "integer", "meta:xdmType": "byte", exclusiveMaximum: 129 }, "its exclusiveMaximum 129 lies outside that range: ingestion would refuse values the schema allows. Bring exclusiveMaximum within the range, or declare meta:xdmType short"],
    [{ type: "integer", maximum: 3000000000 }, "properties.a is of meta:xdmType int (an integer without both minimum and maximum is int), whose values range from -2147483648 to 2147483647, and its maximum 3000000000"],
    [{ type: "integer", "meta:xdmType": "byte", enum: [1, 1000] }, "properties.a.enum must be a non-empty array of integers (the values the field may hold) within the byte range -128 to 127 (1000 is outside it"],
    [{ type: "integer", enum: [3000000000] }, "within the int range -2147483648 to 2147483647 (3000000000 is outside it"],
    [{ type: "integer", "meta:xdmType": "long", exclusiveMinimum: -1e17 }, "its exclusiveMinimum -100000000000000000 lies outside that range: ingestion would refuse values the schema allows. Bring exclusiveMinimum within the range, or make it a number field"],
  ])("refuses %j", async (field, expected) => {
    const reply = await call(system, "POST", SCHEMAS, { body: schemaOf({ a: field }) });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe(INVALID);
    expect(reply.body.errorMessage).toContain(expected);
  });

  it("keeps constraints of the right kind as sent", async () => {
    const properties = {
      a: { type: "integer", minimum: 5, maximum: 10 },
      b: { type: "number", minimum: -0.5, enum: [1.5, 2] },
      c: { type: "string", minLength: 0, maxLength: 3, pattern: "^[A-Z]+$", enum: ["AB", "CD"] },
      d: { type: "string", format: "email" },
      e: { type: "integer", "meta:xdmType": "short", enum: [1, 2] },
      // an exclusive bound one past the type's range says what the range says
      f: { type: "integer", "meta:xdmType": "byte", exclusiveMaximum: 128, exclusiveMinimum: -129 },
      g: { type: "integer", minimum: 0, maximum: 9999999999 },
    };
    const created = await createTenantResource(system, "schemas", { title: "right kinds", type: "object", properties });
    for (const [name, field] of Object.entries(properties)) expect(created.properties[name]).toMatchObject(field);
  });

  it("refuses a number written beyond 2^53, which it could keep only rounded, in a schema's POST and a field group's PATCH", async () => {
    const body = JSON.stringify(schemaOf({ big: { type: "integer", "meta:xdmType": "long", maximum: 0 } })).replace('"maximum":0', '"maximum":9007199254740993');
    const refused = await call(system, "POST", SCHEMAS, { body });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe(INVALID);
    expect(refused.body.errorMessage).toBe(
      "The schema is not valid: the number 9007199254740993 is beyond 2^53, past which the registry cannot keep an integer exactly (it would keep 9007199254740992); give one within ±9007199254740992",
    );
    // the same digits in a string, and 2^53 itself, are kept
    const kept = await call(system, "POST", SCHEMAS, { body: body.replace("9007199254740993", "9007199254740992").replace('"title":"', '"description":"9007199254740993","title":"') });
    expect(kept.status, kept.text).toBe(201);
    expect(kept.body.properties.big.maximum).toBe(9007199254740992);
    const group = await createTenantResource(system, "fieldgroups", { title: "bounded group", type: "object", definitions: { d: { properties: { [TENANT]: { type: "object", properties: { n: { type: "integer" } } } } } }, allOf: [{ $ref: "#/definitions/d" }] });
    const patched = await call(system, "PATCH", `${FIELD_GROUPS}/${encoded(group.$id)}`, { body: `[{"op": "add", "path": "/definitions/d/properties/${TENANT}/properties/n/minimum", "value": -9007199254740995}]` });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.errorMessage).toContain("The field group is not valid: the number -9007199254740995 is beyond 2^53");
  });

  it("refuses a wrong constraint in a field group's PATCH, deep in a definition", async () => {
    const group = await createTenantResource(system, "fieldgroups", {
      title: "constrained group",
      type: "object",
      definitions: { code: { properties: { [TENANT]: { type: "object", properties: { code: { type: "string", maxLength: 3 } } } } } },
      allOf: [{ $ref: "#/definitions/code" }],
    });
    const path = `${FIELD_GROUPS}/${encoded(group.$id)}`;
    const patched = await call(system, "PATCH", path, { body: [{ op: "replace", path: `/definitions/code/properties/${TENANT}/properties/code/maxLength`, value: "3" }] });
    expect(patched.status, patched.text).toBe(400);
    expect(patched.body.errorMessage).toBe(`The field group is not valid: definitions.code.${TENANT}.properties.code.maxLength must be a non-negative integer, and it is "3"`);
    const widened = await call(system, "PATCH", path, { body: [{ op: "replace", path: `/definitions/code/properties/${TENANT}/properties/code/maxLength`, value: 5 }] });
    expect(widened.status, widened.text).toBe(200);
  });
});
