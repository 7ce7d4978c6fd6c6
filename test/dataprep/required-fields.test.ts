/**
 * Required fields as JSON Schema checks them, through the mapping set preview (the plan a run
 * uses, in DuckDB): a top-level `required` of a schema body is enforced; a member an object
 * requires must have a value in every row where that object has one, and a row whose object is
 * null as a whole passes. Each such row error starts with its code, as a conversion's does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, FS, MAPPING_SETS } from "../support/aep-calls.js";
import { createPipeline, flowBody } from "../support/journey.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, PROFILE, profileSchema, TENANT } from "../schemaregistry/registry-calls.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 } });
});
afterAll(() => system.close());

const preview = async (schemaId: string, mappings: Array<[source: string, destination: string]>, data: object[]) => {
  const mappingSet = {
    outputSchema: { schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" } },
    mappings: mappings.map(([source, destination]) => ({ sourceType: "ATTRIBUTE", source, destination })),
  };
  return call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet, data } });
};

describe("a schema body's top-level required", () => {
  it("fails a row without a value for it with MAPPER-3700-400 naming the field", async () => {
    const schemaId = await createSchema(system, { title: "Req inline preview", type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["a"] });
    const reply = await preview(schemaId, [["a", "a"], ["b", "b"]], [{ a: "x", b: "y" }, { a: null, b: "y" }]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0]).toEqual({ data: { a: "x", b: "y" }, errors: null });
    expect(reply.body[1]).toEqual({ data: null, errors: [{ destination: "a", source: "a", sourceType: "ATTRIBUTE", exception: "MAPPER-3700-400: the row has no value for a, required by the schema" }] });
  });
});

describe("a member an object requires", () => {
  let schemaId: string;

  beforeAll(async () => {
    const fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Customer keys",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: { [TENANT]: { type: "object", required: ["customerId"], properties: { customerId: { type: "string" }, name: { type: "string" } } } },
    });
    schemaId = (await createTenantResource(system, "schemas", profileSchema("Customer keys schema", [fieldGroup.$id]))).$id;
  });

  it("must have a value where the object has one, and may be missing where the whole object is null", async () => {
    const mappings: Array<[string, string]> = [["id", "_id"], ["cid", `${TENANT}.customerId`], ["name", `${TENANT}.name`]];
    const reply = await preview(schemaId, mappings, [
      { id: "1", cid: "c-1", name: "Ada" },
      { id: "2", cid: null, name: "Bob" },
      { id: "3", cid: null, name: null },
    ]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body[0]).toEqual({ data: { _id: "1", [TENANT]: { customerId: "c-1", name: "Ada" } }, errors: null });
    expect(reply.body[1]).toEqual({
      data: null,
      errors: [
        {
          destination: `${TENANT}.customerId`,
          source: "cid",
          sourceType: "ATTRIBUTE",
          exception: `MAPPER-3700-400: the row has no value for ${TENANT}.customerId, required by the schema when ${TENANT} has a value`,
        },
      ],
    });
    expect(reply.body[2]).toEqual({ data: { _id: "3" }, errors: null });
  });

  it("needs no mapping when nothing is mapped into its object, and one when something is", async () => {
    const outside = await preview(schemaId, [["id", "_id"]], [{ id: "1" }]);
    expect(outside.status, outside.text).toBe(200);
    expect(outside.body[0]).toEqual({ data: { _id: "1" }, errors: null });
    const beside = await preview(schemaId, [["id", "_id"], ["name", `${TENANT}.name`]], [{ id: "1", name: "Ada" }]);
    expect(beside.status).toBe(400);
    expect(beside.text).toContain(`${TENANT}.customerId is required by the schema when ${TENANT} has a value but no mapping targets it`);
  });
});

describe("a flow onto a schema with a member an optional object requires", () => {
  const schema = {
    title: "Optional object with a required member",
    type: "object",
    properties: { id: { type: "string" }, account: { type: "object", required: ["key"], properties: { key: { type: "string" }, label: { type: "string" } } } },
  };
  const flowOf = async (mappings: Array<[source: string, destination: string]>) => {
    const pipeline = await createPipeline(system, {
      schema,
      columns: ["id", "email", "name"],
      mappings: mappings.map(([sourceAttribute, destinationXdmPath]) => ({ sourceAttribute, destinationXdmPath, identity: false, version: 0 })),
    });
    return call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 86_400, frequency: "once" }) });
  };

  it("is refused (FLOW-1427) when it maps into the object but not the member, naming it", async () => {
    const refused = await flowOf([["id", "id"], ["name", "account.label"]]);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toContain("FLOW-1427-400");
    expect(refused.text).toContain("account.key: required by the schema when account has a value");
  });

  it("is created when nothing is mapped into the object, or the member is", async () => {
    expect((await flowOf([["id", "id"]])).status).toBe(201);
    expect((await flowOf([["id", "id"], ["email", "account.key"], ["name", "account.label"]])).status).toBe(201);
  });
});
