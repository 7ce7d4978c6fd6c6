import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, IDENTITY_MAP, loyaltyDataType, loyaltyFieldGroup, PERSONAL_CONTACT_DETAILS, profileSchema, REGISTRY, TENANT } from "./registry-calls.js";

/**
 * Export and import (docs/api/schemaregistry.md#export-and-import): a schema leaves its sandbox
 * with the tenant resources it is built on, tenant-free, and arrives in another sandbox whole;
 * and a sample document of a schema.
 */
let system: TestSystem;
let dataType: any;
let fieldGroup: any;
let schema: any;
const FULL = { accept: "application/vnd.adobe.xed-full+json; version=1" };

beforeAll(async () => {
  system = await startTestSystem();
  dataType = await createTenantResource(system, "datatypes", { ...loyaltyDataType, title: "Loyalty to move" });
  fieldGroup = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(dataType.$id, "Membership to move"));
  schema = await createTenantResource(system, "schemas", profileSchema("Members to move", [IDENTITY_MAP, PERSONAL_CONTACT_DETAILS, fieldGroup.$id]));
});
afterAll(() => system.close());

const exported = async () => {
  const reply = await call(system, "GET", `${REGISTRY}/rpc/export/${encoded(schema["meta:altId"])}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body as any[];
};

describe("export and import", () => {
  it("exports the schema after what it is built on, with the tenant id replaced by the placeholder", async () => {
    const payload = await exported();
    expect(payload.map((r) => r.title)).toEqual(["Loyalty to move", "Membership to move", "Members to move"]);
    const text = JSON.stringify(payload);
    expect(text).not.toContain("ns.adobe.com/test/");
    expect(text).not.toContain(`"${TENANT}"`);
    expect(payload[2].$id).toBe(schema.$id.replace("/test/", "/<XDM_TENANTID_PLACEHOLDER>/"));
    expect(payload[1].definitions.membership.properties).toHaveProperty("_<XDM_TENANTID_PLACEHOLDER>");
    expect(payload[0]).not.toHaveProperty("imsOrg");
    expect(payload[0]).not.toHaveProperty("meta:sandboxId");
  });

  it("imports into another sandbox, references following the copies, resolving to the same fields; a second import changes nothing", async () => {
    const payload = await exported();
    const imported = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: payload, sandbox: "dev" });
    expect(imported.status, imported.text).toBe(201);
    const [copiedType, copiedGroup, copiedSchema] = imported.body;
    expect(imported.body.map((r: any) => r.title)).toEqual(["Loyalty to move", "Membership to move", "Members to move"]);
    expect(copiedGroup.refs).toContain(copiedType.$id);
    expect(copiedSchema.refs).toContain(copiedGroup.$id);
    expect(copiedSchema["meta:sandboxId"]).not.toBe(schema["meta:sandboxId"]);
    const inProd = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: FULL });
    const inDev = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(copiedSchema.$id)}`, { headers: FULL, sandbox: "dev" });
    expect(inDev.status, inDev.text).toBe(200);
    // the same fields, down to meta:referencedFrom naming the data type's copy
    expect(JSON.stringify(inDev.body.properties).split(copiedType.$id).join(dataType.$id)).toBe(JSON.stringify(inProd.body.properties));
    expect(inDev.body.properties[TENANT].properties.loyalty.properties.tier.type).toBe("string");

    const again = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: payload, sandbox: "dev" });
    expect(again.status).toBe(201);
    expect(again.body.map((r: any) => r.$id)).toEqual(imported.body.map((r: any) => r.$id));
    const schemasInDev = await call(system, "GET", `${REGISTRY}/tenant/schemas`, { sandbox: "dev" });
    expect(schemasInDev.body.results.filter((s: any) => s.title === "Members to move")).toHaveLength(1);
    const home = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: payload });
    expect(home.body.map((r: any) => r.$id)).toEqual([dataType.$id, fieldGroup.$id, schema.$id]);
  });

  it("gives resources whose ids are not of this service's form (AEP's are longer) ids of its own", async () => {
    const payload = (await exported()).map((r) => JSON.parse(JSON.stringify(r).split("Loyalty to move").join("Loyalty from AEP").split("Membership to move").join("Membership from AEP").split("Members to move").join("Members from AEP")));
    const aepStyle = (id: string) => id.replace(/[0-9a-f]{32}$/, (hex) => `${hex}${"ab12cd34".repeat(2)}`);
    const text = [dataType, fieldGroup, schema].reduce((json, r) => json.split(r.$id.replace("/test/", "/<XDM_TENANTID_PLACEHOLDER>/")).join(aepStyle(r.$id.replace("/test/", "/<XDM_TENANTID_PLACEHOLDER>/"))), JSON.stringify(payload));
    const imported = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: JSON.parse(text), sandbox: "dev" });
    expect(imported.status, imported.text).toBe(201);
    const [newType, newGroup, newSchema] = imported.body;
    expect(newType.$id).toMatch(/^https:\/\/ns\.adobe\.com\/test\/datatypes\/[0-9a-f]{32}$/);
    expect(newType.$id).not.toBe(dataType.$id);
    expect(newGroup.refs).toContain(newType.$id);
    expect(newSchema.refs).toContain(newGroup.$id);
    const resolved = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(newSchema.$id)}`, { headers: FULL, sandbox: "dev" });
    expect(resolved.body.properties[TENANT].properties.loyalty.properties.points.type).toBe("integer");
  });

  it("refuses what is not an export payload, and names an unknown resource", async () => {
    const notArray = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: { title: "x" } });
    expect(notArray.status).toBe(400);
    expect(notArray.body.errorMessage).toContain("array GET /rpc/export answers");
    const wrongKind = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: [{ $id: "x", "meta:resourceType": "unions", title: "u" }] });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.errorMessage).toContain("meta:resourceType");
    for (const [id, kind] of [[{}, "an object"], [null, "null"], [[], "an array"], [7, "a number"]] as const) {
      const item = { $id: id, "meta:resourceType": "schemas", title: "t", type: "object", properties: { a: { type: "string" } } };
      const notString = await call(system, "POST", `${REGISTRY}/rpc/import`, { body: [item] });
      expect(notString.status, notString.text).toBe(400);
      expect(notString.body.errorMessage).toContain(`item 0 has an $id that is ${kind}`);
    }
    const unknown = await call(system, "GET", `${REGISTRY}/rpc/export/${encoded("_test.schemas." + "0".repeat(32))}`);
    expect(unknown.status).toBe(404);
  });
});

describe("sample data", () => {
  it("answers one document that fits the schema's resolved fields", async () => {
    const reply = await call(system, "GET", `${REGISTRY}/rpc/sampledata/${encoded(schema.$id)}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.personalEmail.address).toBe("sample@example.com");
    expect(reply.body[TENANT].loyalty).toEqual({ tier: "Sample tier", points: 1, since: "2024-01-31" });
    expect(reply.body.identityMap).toEqual({ sampleKey: [expect.objectContaining({ id: expect.any(String) })] });
  });
});
