import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, IDENTITY_MAP, PERSONAL_CONTACT_DETAILS, PROFILE, profileSchema, REGISTRY, TENANT, XED, XED_FULL, createIdentityNamespace } from "./registry-calls.js";

/**
 * What a descriptor names stays as it needs it (docs/api/schemaregistry.md#descriptors): a change
 * of a field group or schema cannot remove or retype the field of an identity or relationship
 * descriptor, and a reference identity a one-to-one descriptor needs cannot be deleted; a
 * descriptor list answers the order it is in; a top-level `required` is kept and checked; a
 * timestamp descriptor names a date-time field, and keeps it one.
 */
const DESCRIPTORS = `${REGISTRY}/tenant/descriptors`;
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  await createIdentityNamespace(system, "CRMID");
});
afterAll(() => system.close());

const post = (body: unknown) => call(system, "POST", DESCRIPTORS, { body });
const patch = (segment: string, id: string, ops: unknown[]) => call(system, "PATCH", `${REGISTRY}/tenant/${segment}/${encoded(id)}`, { body: ops });
const tag = (id: string) => patch("schemas", id, [{ op: "add", path: "/meta:immutableTags", value: ["union"] }]);
const expectRefused = (reply: { status: number; body: any; text: string }, code: string, ...named: string[]) => {
  expect(reply.status, reply.text).toBe(400);
  expect(reply.body.type).toBe(`https://ns.adobe.com/aep/errors/${code}`);
  for (const text of named) expect(reply.body.report["detailed-message"]).toContain(text);
};

describe("the field an identity or relationship descriptor names", () => {
  let fieldGroup: any;
  let schema: any;
  let identityId: string;
  const idPath = `/properties/${TENANT}/properties/dangle/properties/id`;

  beforeAll(async () => {
    fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Dangle FG",
      type: "object",
      properties: { [TENANT]: { type: "object", properties: { dangle: { type: "object", properties: { id: { type: "string" }, other: { type: "string" } } } } } },
    });
    schema = await createTenantResource(system, "schemas", profileSchema("Dangle schema", [fieldGroup.$id]));
    const identity = await post({
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": schema.$id,
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": `/${TENANT}/dangle/id`,
      "xdm:namespace": "CRMID",
      "xdm:isPrimary": true,
    });
    expect(identity.status, identity.text).toBe(201);
    identityId = identity.body["@id"];
    expect((await tag(schema.$id)).status).toBe(200);
  });

  it("refuses a field group change removing it (XDM-1060), naming the descriptor, the schema and the path; the field stays", async () => {
    const refused = await patch("fieldgroups", fieldGroup.$id, [{ op: "remove", path: idPath }]);
    expectRefused(refused, "XDM-1060-400", identityId, schema.$id, `/${TENANT}/dangle/id`, "would remove");
    const full = (await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } })).body;
    expect(full.properties[TENANT].properties.dangle.properties.id.type).toBe("string");
  });

  it("refuses a field group change retyping it to integer, as an identity on an integer is refused", async () => {
    const refused = await patch("fieldgroups", fieldGroup.$id, [{ op: "replace", path: idPath, value: { type: "integer" } }]);
    expectRefused(refused, "XDM-1060-400", identityId, schema.$id, "integer", "string field");
  });

  it("refuses a schema change dropping the field group that holds it", async () => {
    expectRefused(await patch("schemas", schema.$id, [{ op: "remove", path: "/allOf/1" }]), "XDM-1060-400", identityId, schema.$id);
  });

  it("still takes a change that leaves it, and every change once the descriptor is gone", async () => {
    const kept = await patch("fieldgroups", fieldGroup.$id, [{ op: "remove", path: `/properties/${TENANT}/properties/dangle/properties/other` }]);
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.properties[TENANT].properties.dangle.properties).toHaveProperty("id");
    const other = await post({ "@type": "xdm:descriptorIdentity", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": "/personID", "xdm:namespace": "ECID", "xdm:isPrimary": false });
    expect(other.status, other.text).toBe(201);
    expect((await call(system, "DELETE", `${DESCRIPTORS}/${other.body["@id"]}`)).status).toBe(204);
  });

  it("refuses removing the field another schema's relationship names as its xdm:destinationProperty", async () => {
    const target = await createTenantResource(system, "fieldgroups", {
      title: "Relationship target FG",
      type: "object",
      properties: { [TENANT]: { type: "object", properties: { accountKey: { type: "string" } } } },
    });
    const destination = await createTenantResource(system, "schemas", profileSchema("Relationship destination", [target.$id]));
    const source = await createTenantResource(system, "schemas", profileSchema("Relationship source", [IDENTITY_MAP, PERSONAL_CONTACT_DETAILS]));
    const relationship = await post({
      "@type": "xdm:descriptorRelationship",
      "xdm:sourceSchema": source.$id,
      "xdm:sourceProperty": "/homeAddress/_id",
      "xdm:destinationSchema": destination.$id,
      "xdm:destinationProperty": `/${TENANT}/accountKey`,
      "xdm:cardinality": "M:1",
    });
    expect(relationship.status, relationship.text).toBe(201);
    const refused = await patch("fieldgroups", target.$id, [{ op: "remove", path: `/properties/${TENANT}/properties/accountKey` }]);
    expectRefused(refused, "XDM-1060-400", relationship.body["@id"], destination.$id, "xdm:destinationProperty");
  });
});

describe("a descriptor field of the wrong type", () => {
  it("is refused saying it must be a string, not that it is missing", async () => {
    const schema = await createTenantResource(system, "schemas", { title: "Typed descriptor fields", type: "object", properties: { code: { type: "string" } } });
    const identity = { "@type": "xdm:descriptorIdentity", "xdm:sourceSchema": schema.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": "/code", "xdm:namespace": "Email", "xdm:property": "xdm:code" };
    const numberSchema = await post({ ...identity, "xdm:sourceSchema": 42 });
    expectRefused(numberSchema, "XDM-1060-400", "xdm:sourceSchema must be a string");
    expect(numberSchema.body.report["detailed-message"]).not.toContain("is required");
    const listNamespace = await post({ ...identity, "xdm:namespace": ["Email"] });
    expectRefused(listNamespace, "XDM-1060-400", 'xdm:namespace must be a string, not ["Email"]');
  });
});

describe("a timestamp descriptor", () => {
  it("names a date-time field (XDM-1060 otherwise), which then stays a date-time", async () => {
    const fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Timestamp FG",
      type: "object",
      properties: { [TENANT]: { type: "object", properties: { changedAt: { type: "string", format: "date-time" }, label: { type: "string" } } } },
    });
    const schema = await createTenantResource(system, "schemas", profileSchema("Timestamp schema", [fieldGroup.$id]));
    const timestamp = (path: string) => post({ "@type": "xdm:descriptorTimestamp", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": path });
    expectRefused(await timestamp(`/${TENANT}/label`), "XDM-1060-400", "a timestamp is a date-time field", `/${TENANT}/label is string`);
    const created = await timestamp(`/${TENANT}/changedAt`);
    expect(created.status, created.text).toBe(201);
    const retyped = await patch("fieldgroups", fieldGroup.$id, [{ op: "replace", path: `/properties/${TENANT}/properties/changedAt`, value: { type: "string" } }]);
    expectRefused(retyped, "XDM-1060-400", created.body["@id"], `/${TENANT}/changedAt`, "a timestamp, which is a date-time field");
  });
});

describe("a reference identity a one-to-one descriptor needs", () => {
  it("cannot be deleted or moved while the schema is enabled for Profile (XDM-1526), and the schema stays changeable", async () => {
    const destination = await createTenantResource(system, "schemas", profileSchema("One-to-one destination", [IDENTITY_MAP]));
    const households = await createTenantResource(system, "schemas", profileSchema("One-to-one households", [IDENTITY_MAP, PERSONAL_CONTACT_DETAILS]));
    const oneToOne = { "@type": "xdm:descriptorOneToOne", "xdm:sourceSchema": households.$id, "xdm:sourceProperty": "/homeAddress/_id", "xdm:destinationSchema": destination.$id };
    expect((await post(oneToOne)).status).toBe(201);
    const referenceBody = { "@type": "xdm:descriptorReferenceIdentity", "xdm:sourceSchema": households.$id, "xdm:sourceProperty": "/homeAddress/_id", "xdm:identityNamespace": "Email" };
    const reference = await post(referenceBody);
    expect(reference.status, reference.text).toBe(201);
    expect((await tag(households.$id)).status).toBe(200);

    const deleted = await call(system, "DELETE", `${DESCRIPTORS}/${reference.body["@id"]}`);
    expectRefused(deleted, "XDM-1526-400", households.$id, "/homeAddress/_id");
    const moved = await call(system, "PUT", `${DESCRIPTORS}/${reference.body["@id"]}`, { body: { ...referenceBody, "xdm:sourceProperty": "/homeAddress/city" } });
    expectRefused(moved, "XDM-1526-400", "/homeAddress/_id");
    expect((await call(system, "GET", `${DESCRIPTORS}/${reference.body["@id"]}`)).body["xdm:sourceProperty"]).toBe("/homeAddress/_id");
    const renamed = await patch("schemas", households.$id, [{ op: "add", path: "/description", value: "still changeable" }]);
    expect(renamed.status, renamed.text).toBe(200);
  });
});

describe("the descriptor list", () => {
  it("answers the order it is in: @id, ascending", async () => {
    const schema = await createTenantResource(system, "schemas", profileSchema("Listed descriptors", [PERSONAL_CONTACT_DETAILS]));
    for (const path of ["/personalEmail/address", "/mobilePhone/number", "/homeAddress/city"]) {
      expect((await post({ "@type": "xdm:alternateDisplayInfo", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": path, "xdm:title": { en_us: path } })).status).toBe(201);
    }
    const list = await call(system, "GET", DESCRIPTORS, { headers: { accept: "application/vnd.adobe.xdm-v2-id+json" } });
    expect(list.status, list.text).toBe(200);
    expect(list.body._page.orderby).toBe("@id");
    const ids: string[] = list.body.results;
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(ids).toEqual([...ids].sort());
  });
});

describe("a top-level required", () => {
  const body = { title: "Req inline", type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["a"] };

  it("is kept in the schema as stored and resolved", async () => {
    const created = await createTenantResource(system, "schemas", body);
    expect(created.required).toEqual(["a"]);
    for (const accept of [XED, XED_FULL]) {
      const got = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(created.$id)}`, { headers: { accept } });
      expect(got.body.required, accept).toEqual(["a"]);
    }
  });

  it("is refused (XDM-1000) when it is not an array of strings, or names a property the object does not have", async () => {
    const post = (extra: object) => call(system, "POST", `${REGISTRY}/tenant/schemas`, { body: { ...body, title: `Req refused ${Math.random()}`, ...extra } });
    expectRefused(await post({ required: "a" }), "XDM-1000-400", "required must be an array");
    expectRefused(await post({ required: [1] }), "XDM-1000-400", "required must be an array");
    expectRefused(await post({ required: ["a", "c"] }), "XDM-1000-400", `"c"`, "not one of its properties");
    const nested = { properties: { o: { type: "object", properties: { x: { type: "string" } }, required: ["y"] } }, required: undefined };
    expectRefused(await post(nested), "XDM-1000-400", "properties.o", `"y"`);
  });

  it("is kept in a field group", async () => {
    const fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Req field group",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: { [TENANT]: { type: "object", properties: { code: { type: "string" } } } },
      required: [TENANT],
    });
    expect(fieldGroup.required).toEqual([TENANT]);
    const schema = await createTenantResource(system, "schemas", profileSchema("Req field group schema", [fieldGroup.$id]));
    const full = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } });
    expect(full.body.required).toContain(TENANT);
  });
});
