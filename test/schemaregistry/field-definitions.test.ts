import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, SCHEMAS, withUniqueTitle } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, REGISTRY, TENANT } from "./registry-calls.js";

/**
 * What a field may declare besides its type (docs/api/schemaregistry.md#field-types): a
 * `meta:xdmType` that agrees with `type`, refused otherwise rather than stored as another one.
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
