import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, customerSchema, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { REGISTRY } from "./registry-calls.js";

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

describe("Schema Registry tenant schemas", () => {
  it("creates a tenant schema with typed fields and finds it by $id (encoded) and meta:altId", async () => {
    const created = await call(system, "POST", SCHEMAS, { body: customerSchema });
    expect(created.status).toBe(201);
    expect(created.body.$id).toMatch(/^https:\/\/ns\.adobe\.com\/test\/schemas\/[0-9a-f]{32}$/);
    expect(created.body["meta:altId"]).toMatch(/^_test\.schemas\.[0-9a-f]{32}$/);
    expect(created.body).toMatchObject({ title: "Databricks customers", version: "1.0", "meta:containerId": "tenant", imsOrg: "TEST@AdobeOrg" });
    schemaId = created.body.$id;
    for (const ref of [encodeURIComponent(schemaId), created.body["meta:altId"]]) {
      const got = await call(system, "GET", `${SCHEMAS}/${ref}`, { headers: { accept: "application/vnd.adobe.xed-full+json; version=1" } });
      expect(got.status).toBe(200);
      expect(got.body.properties.person.properties.name).toEqual({ type: "string", "meta:xdmType": "string" });
    }
    const list = await call(system, "GET", `${SCHEMAS}?orderby=title`, { headers: { accept: "application/vnd.adobe.xed-id+json" } });
    expect(list.body.results).toEqual([{ $id: schemaId, "meta:altId": created.body["meta:altId"], version: "1.0", title: "Databricks customers" }]);
    expect(list.body._links).toMatchObject({ next: null });
  });

  it.each([
    [{ description: "no title", properties: {} }],
    [{ title: "t", properties: { a: { type: "date" } } }],
    [{ title: "t", properties: { a: { type: "array" } } }],
    [{ title: "t", properties: { a: { type: "object" } } }],
    [{ title: "t", properties: { a: { type: "integer", format: "date" } } }],
    [{ title: "t", properties: { "a.b": { type: "string" } } }],
    [{ title: "t", allOf: [{ $ref: "#/definitions/missing" }] }],
    [{ title: "neither class nor fields" }],
    [{ title: "t", allOf: [], properties: {} }],
    [[1, 2]],
  ])("refuses an invalid schema %j with XDM-1000-400", async (body) => {
    const reply = await call(system, "POST", SCHEMAS, { body });
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1000-400");
  });

  it("says how to name a class when a schema has neither a class nor fields", async () => {
    const reply = await call(system, "POST", SCHEMAS, { body: { type: "object", title: "Empty" } });
    expect(reply.body.errorMessage).toContain('names no class and holds no field: put its class in allOf, as {"allOf": [{"$ref": "https://ns.adobe.com/xdm/context/profile"}]}');
  });

  it.each([
    ["bogus", "bogus"],
    ["-bogus", "bogus"],
    ["meta:class", "meta:class"],
    // a sign alone or an empty part: it gave only +name, -name, name as examples
    ["-", ""],
    ["title,,", ""],
  ])("refuses orderby=%s with FLOW-1433-400 naming the field and the fields a list orders by", async (orderby, field) => {
    const reply = await call(system, "GET", `${SCHEMAS}?orderby=${encodeURIComponent(orderby)}`);
    expect(reply.status).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1433-400");
    expect(reply.body.errorMessage).toContain(`Incorrect field= ${field} passed in orderBy: this list orders by title, $id, meta:altId, version, description, updated, created`);
    expect(reply.body.report).toMatchObject({ field, orderable: ["title", "$id", "meta:altId", "version", "description", "updated", "created"] });
  });

  it("orders descriptors by their own fields, not a resource's", async () => {
    const v2 = { accept: "application/vnd.adobe.xdm-v2+json" };
    const byType = await call(system, "GET", `${REGISTRY}/tenant/descriptors?orderby=-@type`, { headers: v2 });
    expect(byType.status, byType.text).toBe(200);
    expect(byType.body._page.orderby).toBe("-@type");
    const byTitle = await call(system, "GET", `${REGISTRY}/tenant/descriptors?orderby=title`, { headers: v2 });
    expect(byTitle.status).toBe(400);
    expect(byTitle.body.errorMessage).toContain("this list orders by @id, @type, xdm:sourceSchema");
  });

  it("answers 404 for an unknown schema", async () => {
    const reply = await call(system, "GET", `${SCHEMAS}/_test.schemas.${"0".repeat(32)}`);
    expect(reply.status).toBe(404);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1010-404");
  });
});
