import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import {
  createTenantResource,
  DEMOGRAPHIC_DETAILS,
  encoded,
  loyaltyDataType,
  loyaltyFieldGroup,
  PERSONAL_CONTACT_DETAILS,
  profileSchema,
  REGISTRY,
  TENANT,
  XED_FULL,
} from "./registry-calls.js";

/**
 * A Profile schema made of Demographic Details, Personal Contact Details and a tenant field group
 * holding a tenant data type resolves into one tree (docs/api/schemaregistry.md#resolved-schemas),
 * and a mapping set may target any of its fields.
 */
let system: TestSystem;
let schema: any;
let dataType: any;

beforeAll(async () => {
  system = await startTestSystem();
  dataType = await createTenantResource(system, "datatypes", loyaltyDataType);
  const fieldGroup = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(dataType.$id));
  schema = await createTenantResource(system, "schemas", profileSchema("Loyalty members", [DEMOGRAPHIC_DETAILS, PERSONAL_CONTACT_DETAILS, fieldGroup.$id]));
});
afterAll(() => system.close());

describe("a resolved Profile schema", () => {
  it("holds the class's, the field groups' and the data types' fields, the tenant namespace first", async () => {
    const reply = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } });
    expect(reply.status, reply.text).toBe(200);
    const { properties } = reply.body;
    expect(reply.body.allOf).toBeUndefined();
    expect(Object.keys(properties)[0]).toBe(TENANT);
    expect(properties._id).toMatchObject({ type: "string", format: "uri-reference", "meta:xdmType": "string", "meta:xdmField": "@id" });
    expect(properties._repo).toMatchObject({ "meta:xedConverted": true });
    expect(properties._repo.properties.createDate).toMatchObject({ format: "date-time", "meta:xdmType": "date-time", "meta:xdmField": "repo:createDate" });
    expect(properties.personID).toMatchObject({ type: "string", "meta:xdmField": "xdm:personID" });
    expect(properties.person).toMatchObject({ type: "object", "meta:referencedFrom": "https://ns.adobe.com/xdm/context/person" });
    expect(properties.person.properties.name.properties.firstName).toMatchObject({ type: "string", "meta:xdmType": "string", "meta:xdmField": "xdm:firstName" });
    expect(properties.person.properties.birthYear).toMatchObject({ type: "integer", "meta:xdmType": "short", minimum: 1, maximum: 32767 });
    expect(properties.homeAddress.properties.city).toMatchObject({ type: "string", "meta:xdmType": "string" });
    expect(properties.homeAddress.properties._schema.properties.latitude).toMatchObject({ "meta:xdmField": "schema:latitude" });
    expect(properties.personalEmail).toMatchObject({ required: ["address"] });
    expect(properties.personalEmail.properties.address).toMatchObject({ type: "string", format: "email" });
    const loyalty = properties[TENANT].properties.loyalty;
    expect(loyalty).toMatchObject({ title: "Loyalty", type: "object", "meta:xdmType": "object", "meta:referencedFrom": dataType.$id });
    expect(loyalty.properties).toEqual({
      points: { title: "Points", type: "integer", "meta:xdmType": "int" },
      since: { title: "Member since", type: "string", format: "date", "meta:xdmType": "date" },
      tier: { title: "Tier", type: "string", "meta:xdmType": "string" },
    });
    expect(loyalty["meta:xdmField"]).toBeUndefined();
  });

  it("lists its leaves flat, by slash path (aepp's getSchemaPaths)", async () => {
    const reply = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: "application/vnd.adobe.xdm-full-flat+json; version=1" } });
    expect(reply.status, reply.text).toBe(200);
    const paths = Object.keys(reply.body.properties).map((key) => key.replace(/\//g, "."));
    expect(paths).toEqual(expect.arrayContaining(["_id", "person.name.firstName", "personalEmail.address", "homeAddress.city", `${TENANT}.loyalty.tier`]));
    expect(paths).not.toContain("person");
  });

  it("accepts a mapping set onto its resolved fields, and refuses a field it does not have", async () => {
    const mapping = (destinationXdmPath: string, sourceAttribute: string) => ({ destinationXdmPath, sourceAttribute, identity: false, version: 0 });
    const accepted = await call(system, "POST", MAPPING_SETS, {
      body: {
        xdmSchema: schema.$id,
        mappings: [mapping("_id", "customer_id"), mapping("person.name.firstName", "first_name"), mapping("personalEmail.address", "email"), mapping(`${TENANT}.loyalty.tier`, "tier")],
      },
    });
    expect(accepted.status, accepted.text).toBe(200);
    const refused = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schema.$id, mappings: [mapping("person.name.nickname", "nick")] } });
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toContain("person.name.nickname is not a field of the schema");
  });
});
