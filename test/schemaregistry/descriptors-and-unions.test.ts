import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { DIALECTS } from "../support/postgres.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import {
  createTenantResource,
  DEMOGRAPHIC_DETAILS,
  encoded,
  EXPERIENCE_EVENT,
  IDENTITY_MAP,
  PERSONAL_CONTACT_DETAILS,
  PROFILE,
  profileSchema,
  REGISTRY,
  TENANT,
  XED,
  XED_FULL,
} from "./registry-calls.js";

/**
 * Descriptors and unions (docs/api/schemaregistry.md#descriptors, #unions): identities and the
 * other descriptors stored and listed as AEP does, checked against the resolved schema; schemas
 * enabled for Profile and merged into their class's union.
 */
const DESCRIPTORS = `${REGISTRY}/tenant/descriptors`;
let system: TestSystem;
let schema: any;

beforeAll(async () => {
  system = await startTestSystem();
  schema = await createTenantResource(system, "schemas", profileSchema("Customers", [DEMOGRAPHIC_DETAILS, PERSONAL_CONTACT_DETAILS]));
});
afterAll(() => system.close());

const identity = (sourceSchema: string, sourceProperty: string, namespace: string, isPrimary: boolean) => ({
  "@type": "xdm:descriptorIdentity",
  "xdm:sourceSchema": sourceSchema,
  "xdm:sourceVersion": 1,
  "xdm:sourceProperty": sourceProperty,
  "xdm:namespace": namespace,
  "xdm:property": "xdm:code",
  "xdm:isPrimary": isPrimary,
});
const post = (body: unknown) => call(system, "POST", DESCRIPTORS, { body });
const tag = (id: string) => call(system, "PATCH", `${REGISTRY}/tenant/schemas/${encoded(id)}`, { body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }] });
const expectError = (reply: { status: number; body: any }, status: number, code: string, message: string) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body).toMatchObject({
    type: `https://ns.adobe.com/aep/errors/${code}`,
    status,
    report: { "detailed-message": expect.stringContaining(message), "request-id": expect.any(String) },
    errorMessage: expect.stringContaining(message),
  });
};

describe("descriptors", () => {
  let primaryId: string;

  it("stores an identity descriptor, and refuses a second primary identity for the schema", async () => {
    const primary = await post(identity(schema.$id, "/personalEmail/address", "Email", true));
    expect(primary.status, primary.text).toBe(201);
    primaryId = primary.body["@id"];
    expectError(await post(identity(schema.$id, "/mobilePhone/number", "Phone", true)), 400, "XDM-1062-400", `already has a primary identity (descriptor ${primaryId})`);
    const secondary = await post(identity(schema["meta:altId"], "/mobilePhone/number", "Phone", false));
    expect(secondary.status).toBe(201);
    expect(secondary.body["xdm:sourceSchema"]).toBe(schema.$id);
  });

  it("refuses a sourceProperty the resolved schema does not have, an object, the tenant namespace and an unknown @type", async () => {
    expectError(await post(identity(schema.$id, "/personalEmail/nothing", "Email", false)), 400, "XDM-1061-400", "/personalEmail/nothing is not a field of");
    expectError(await post(identity(schema.$id, "/person", "Email", false)), 400, "XDM-1060-400", "an identity is a string field");
    expectError(await post(identity(schema.$id, `/${TENANT}`, "Email", false)), 400, "XDM-1060-400", "tenant namespace");
    expectError(await post({ ...identity(schema.$id, "/_id", "Email", false), "@type": "xdm:nothing" }), 400, "XDM-1060-400", "@type must be one of");
    expectError(await post(identity(`https://ns.adobe.com/test/schemas/${"9".repeat(32)}`, "/_id", "Email", false)), 400, "XDM-1060-400", "is not a schema");
  });

  it("stores display names, primary keys, relationships and reference identities", async () => {
    const other = await createTenantResource(system, "schemas", profileSchema("Households", [PERSONAL_CONTACT_DETAILS]));
    const created = await Promise.all([
      post({ "@type": "xdm:alternateDisplayInfo", "xdm:sourceSchema": schema.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": "/person/name/firstName", "xdm:title": { en_us: "Given name" } }),
      post({ "@type": "xdm:descriptorPrimaryKey", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": ["/_id", "/personID"] }),
      post({ "@type": "xdm:descriptorReferenceIdentity", "xdm:sourceSchema": other.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": "/homeAddress/_id", "xdm:identityNamespace": "Email" }),
      post({
        "@type": "xdm:descriptorRelationship",
        "xdm:sourceSchema": other.$id,
        "xdm:sourceVersion": 1,
        "xdm:sourceProperty": "/homeAddress/_id",
        "xdm:destinationSchema": schema.$id,
        "xdm:destinationVersion": 1,
        "xdm:destinationProperty": "/personalEmail/address",
        "xdm:cardinality": "M:1",
      }),
    ]);
    for (const reply of created) expect(reply.status, reply.text).toBe(201);
    expectError(
      await post({ "@type": "xdm:descriptorRelationship", "xdm:sourceSchema": other.$id, "xdm:sourceProperty": "/homeAddress/_id", "xdm:destinationSchema": schema.$id, "xdm:destinationProperty": "/nope" }),
      400,
      "XDM-1060-400",
      "xdm:destinationProperty",
    );
    // a schema another schema's relationship points at stays
    expectError(await call(system, "DELETE", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`), 400, "XDM-1040-400", "descriptor");

    const byType = await call(system, "GET", DESCRIPTORS, { headers: { accept: "application/vnd.adobe.xdm-link+json" } });
    expect(Object.keys(byType.body).sort()).toEqual(["xdm:alternateDisplayInfo", "xdm:descriptorIdentity", "xdm:descriptorPrimaryKey", "xdm:descriptorReferenceIdentity", "xdm:descriptorRelationship"]);
    expect(byType.body["xdm:alternateDisplayInfo"]).toEqual([`/tenant/descriptors/${created[0].body["@id"]}`]);
    const ids = await call(system, "GET", `${DESCRIPTORS}?property=${encoded(`xdm:sourceSchema==${other.$id}`)}`, { headers: { accept: "application/vnd.adobe.xdm-id+json" } });
    expect(ids.body).toEqual({ "xdm:descriptorReferenceIdentity": [created[2].body["@id"]], "xdm:descriptorRelationship": [created[3].body["@id"]] });
    const objects = await call(system, "GET", DESCRIPTORS, { headers: { accept: "application/vnd.adobe.xdm+json" } });
    expect(objects.body["xdm:descriptorPrimaryKey"]).toEqual([expect.objectContaining({ "xdm:sourceProperty": ["/_id", "/personID"] })]);
    const withDescriptors = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: "application/vnd.adobe.xed-full-desc+json; version=1" } });
    expect(withDescriptors.body["meta:descriptors"].map((d: any) => d["@type"])).toEqual(expect.arrayContaining(["xdm:descriptorIdentity", "xdm:alternateDisplayInfo", "xdm:descriptorPrimaryKey"]));
  });

  it("marks the standard fields a deprecation descriptor names (one path or several) in the -deprecatefield views only", async () => {
    const deprecation = await post({ "@type": "xdm:descriptorDeprecated", "xdm:sourceSchema": schema.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": ["/shippingAddressPhone", "/homeAddress/postOfficeBox"] });
    expect(deprecation.status, deprecation.text).toBe(201);
    expect(deprecation.body["xdm:sourceProperty"]).toEqual(["/shippingAddressPhone", "/homeAddress/postOfficeBox"]);
    const path = `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`;
    const marked = await call(system, "GET", path, { headers: { accept: "application/vnd.adobe.xed-deprecatefield+json; version=1" } });
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body.allOf).toBeUndefined();
    expect(marked.body.properties.shippingAddressPhone).toMatchObject({ type: "object", "meta:referencedFrom": "https://ns.adobe.com/xdm/context/phonenumber", "meta:status": "deprecated" });
    expect(marked.body.properties.homeAddress.properties.postOfficeBox["meta:status"]).toBe("deprecated");
    expect(marked.body.properties.homeAddress.properties.city["meta:status"]).toBeUndefined();
    const flat = await call(system, "GET", path, { headers: { accept: "application/vnd.adobe.xdm-full-flat-deprecated+json; version=1" } });
    expect(flat.body.properties["homeAddress/postOfficeBox"]["meta:status"]).toBe("deprecated");
    // a display hint: the field stays in the plain resolved schema, for mappings and datasets alike
    const full = await call(system, "GET", path, { headers: { accept: XED_FULL } });
    expect(full.body.properties.shippingAddressPhone["meta:status"]).toBeUndefined();
    expect(full.body.properties.homeAddress.properties.postOfficeBox).toBeDefined();
    expectError(
      await post({ "@type": "xdm:descriptorDeprecated", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": ["/homeAddress/nothing"] }),
      400,
      "XDM-1061-400",
      "/homeAddress/nothing is not a field of",
    );
    expectError(await post(identity(schema.$id, ["/personalEmail/address", "/mobilePhone/number"] as never, "Email", false)), 400, "XDM-1060-400", "only a primary key or a deprecation takes several");
    expect((await call(system, "DELETE", `${DESCRIPTORS}/${deprecation.body["@id"]}`)).status).toBe(204);
  });

  it("takes paths in standard notation as AEP's descriptor examples write them (/xdm:eventType), keeping them in compatibility mode", async () => {
    const events = await createTenantResource(system, "schemas", { title: "Event names", allOf: [{ $ref: EXPERIENCE_EVENT }] });
    const friendly = await post({
      "@type": "xdm:alternateDisplayInfo",
      "xdm:sourceSchema": events.$id,
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/xdm:eventType",
      "xdm:title": { en_us: "Event Type" },
      "meta:enum": { click: "Mouse Click", addCart: "Add to Cart" },
    });
    expect(friendly.status, friendly.text).toBe(201);
    expect(friendly.body["xdm:sourceProperty"]).toBe("/eventType");
    const keys = await post({ "@type": "xdm:descriptorPrimaryKey", "xdm:sourceSchema": events.$id, "xdm:sourceProperty": ["/@id", "/xdm:timestamp"] });
    expect(keys.status, keys.text).toBe(201);
    expect(keys.body["xdm:sourceProperty"]).toEqual(["/_id", "/timestamp"]);
    const created = await post({ "@type": "xdm:alternateDisplayInfo", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": "/repo:createDate", "xdm:title": { en_us: "Created" } });
    expect(created.body["xdm:sourceProperty"]).toBe("/_repo/createDate");
    expectError(await post({ "@type": "xdm:alternateDisplayInfo", "xdm:sourceSchema": events.$id, "xdm:sourceProperty": "/xdm:nothing" }), 400, "XDM-1061-400", "/xdm:nothing is not a field of");
    expect((await call(system, "DELETE", `${REGISTRY}/tenant/schemas/${encoded(events.$id)}`)).status).toBe(204);
    expect((await call(system, "DELETE", `${DESCRIPTORS}/${created.body["@id"]}`)).status).toBe(204);
  });

  it("replaces a descriptor (201 with its @id) and deletes it (204, then 404)", async () => {
    const created = await post(identity(schema.$id, "/homePhone/number", "Phone", false));
    const path = `${DESCRIPTORS}/${created.body["@id"]}`;
    const replaced = await call(system, "PUT", path, { body: identity(schema.$id, "/workPhone/number", "Phone", false) });
    expectError(replaced, 400, "XDM-1061-400", "/workPhone/number");
    const ok = await call(system, "PUT", path, { body: identity(schema.$id, "/faxPhone/number", "Phone", false) });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ "@id": created.body["@id"] });
    expect((await call(system, "GET", path)).body).toMatchObject({ "xdm:sourceProperty": "/faxPhone/number", created: created.body.created });
    expect((await call(system, "DELETE", path)).status).toBe(204);
    expectError(await call(system, "GET", path), 404, "XDM-1014-404", "not found");
  });
});

describe("unions", () => {
  it("refuses to enable a schema with neither a primary identity nor identityMap (XDM-1528)", async () => {
    const bare = await createTenantResource(system, "schemas", profileSchema("No identity", [DEMOGRAPHIC_DETAILS]));
    const refused = await tag(bare.$id);
    expectError(refused, 400, "XDM-1528-400", "must include an identityMap fieldgroup or a primary identity descriptor");
    expect(refused.body.title).toBe("Union descriptor validation error");
    const withMap = await createTenantResource(system, "schemas", profileSchema("With identityMap", [IDENTITY_MAP]));
    const enabled = await tag(withMap.$id);
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.body["meta:immutableTags"]).toEqual(["union"]);
  });

  it("refuses to enable a schema whose one-to-one field has no reference identity (XDM-1526), then enables it once it has one", async () => {
    const households = await createTenantResource(system, "schemas", profileSchema("Linked households", [IDENTITY_MAP, PERSONAL_CONTACT_DETAILS]));
    const link = await post({ "@type": "xdm:descriptorOneToOne", "xdm:sourceSchema": households.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": "/homeAddress/_id", "xdm:destinationSchema": schema.$id, "xdm:destinationVersion": 1 });
    expect(link.status, link.text).toBe(201);
    const refused = await tag(households.$id);
    expectError(refused, 400, "XDM-1526-400", "must also have a xdm:descriptorReferenceIdentity descriptor");
    expect(refused.body).toMatchObject({ title: "Union descriptor validation error", report: { property: "/homeAddress/_id" } });
    const reference = await post({ "@type": "xdm:descriptorReferenceIdentity", "xdm:sourceSchema": households.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": "/homeAddress/_id", "xdm:identityNamespace": "Email" });
    expect(reference.status, reference.text).toBe(201);
    expect((await tag(households.$id)).status).toBe(200);
  });

  it("enables a schema with a primary identity, keeps it from losing it, and never drops the tag", async () => {
    const enabled = await tag(schema.$id);
    expect(enabled.status, enabled.text).toBe(200);
    const primary = (await call(system, "GET", `${DESCRIPTORS}?property=xdm:isPrimary==true&property=${encoded(`xdm:sourceSchema==${schema.$id}`)}`, { headers: { accept: "application/vnd.adobe.xdm-v2+json" } })).body.results[0];
    expectError(await call(system, "DELETE", `${DESCRIPTORS}/${primary["@id"]}`), 400, "XDM-1528-400", schema.$id);
    const raw = (await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: XED } })).body;
    const put = await call(system, "PUT", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { body: { title: raw.title, allOf: raw.allOf } });
    expect(put.body["meta:immutableTags"]).toEqual(["union"]);
  });

  it("refuses a member whose fields disagree with the union's (XDM-1413)", async () => {
    const fieldGroup = (title: string, type: string) => ({
      title,
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: { d: { properties: { [TENANT]: { type: "object", properties: { score: { type } } } } } },
      allOf: [{ $ref: "#/definitions/d" }],
    });
    const asString = await createTenantResource(system, "fieldgroups", fieldGroup("Score text", "string"));
    const asNumber = await createTenantResource(system, "fieldgroups", fieldGroup("Score number", "number"));
    const first = await createTenantResource(system, "schemas", profileSchema("Scores A", [IDENTITY_MAP, asString.$id]));
    const second = await createTenantResource(system, "schemas", profileSchema("Scores B", [IDENTITY_MAP, asNumber.$id]));
    expect((await tag(first.$id)).status).toBe(200);
    const merge = await tag(second.$id);
    expectError(merge, 400, "XDM-1413-400", `${TENANT}.score`);
    expect(merge.body.title).toBe("Merge Schema Error");
  });

  it("refuses a field group change that would make two members of the union disagree (XDM-1413)", async () => {
    const fieldGroup = (title: string, type: string) => ({
      title,
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: { d: { properties: { [TENANT]: { type: "object", properties: { tier: { type } } } } } },
      allOf: [{ $ref: "#/definitions/d" }],
    });
    const first = await createTenantResource(system, "fieldgroups", fieldGroup("Tier A", "string"));
    const second = await createTenantResource(system, "fieldgroups", fieldGroup("Tier B", "string"));
    const a = await createTenantResource(system, "schemas", profileSchema("Tiers A", [IDENTITY_MAP, first.$id]));
    const b = await createTenantResource(system, "schemas", profileSchema("Tiers B", [IDENTITY_MAP, second.$id]));
    expect((await tag(a.$id)).status).toBe(200);
    expect((await tag(b.$id)).status).toBe(200);
    const change = await call(system, "PUT", `${REGISTRY}/tenant/fieldgroups/${encoded(second.$id)}`, { body: fieldGroup("Tier B", "integer") });
    expectError(change, 400, "XDM-1413-400", `${TENANT}.tier`);
    const stored = await call(system, "GET", `${REGISTRY}/tenant/fieldgroups/${encoded(second.$id)}`, { headers: { accept: XED } });
    expect(stored.body.definitions.d.properties[TENANT].properties.tier.type).toBe("string");
    const harmless = await call(system, "PUT", `${REGISTRY}/tenant/fieldgroups/${encoded(second.$id)}`, { body: { ...fieldGroup("Tier B", "string"), description: "still a string" } });
    expect(harmless.status, harmless.text).toBe(200);
  });

  it("answers the Profile union by /tenant/schemas and /tenant/unions, resolved over every member", async () => {
    const union = encoded(`${PROFILE}__union`);
    const raw = await call(system, "GET", `${REGISTRY}/tenant/schemas/${union}`, { headers: { accept: XED } });
    expect(raw.status, raw.text).toBe(200);
    expect(raw.body).toMatchObject({ $id: `${PROFILE}__union`, "meta:altId": "_xdm.context.profile__union", "meta:class": PROFILE, "meta:resourceType": "unions" });
    expect(raw.body.allOf.map((e: any) => e.$ref)).toEqual(expect.arrayContaining([PROFILE, IDENTITY_MAP, DEMOGRAPHIC_DETAILS, PERSONAL_CONTACT_DETAILS]));
    const full = await call(system, "GET", `${REGISTRY}/tenant/unions/_xdm.context.profile__union`, { headers: { accept: XED_FULL } });
    expect(Object.keys(full.body.properties)).toEqual(expect.arrayContaining([TENANT, "_id", "identityMap", "person", "personalEmail", "segmentMembership", "timeSeriesEvents"]));
    // AEP's unions guide: every union holds identityMap, segmentMembership and timeSeriesEvents
    expect(full.body.properties.timeSeriesEvents).toMatchObject({ type: "array", "meta:xdmType": "array", "meta:xdmField": "xdm:timeSeriesEvents" });
    expect(full.body.properties.timeSeriesEvents.items).toMatchObject({ type: "object", "meta:referencedFrom": "https://ns.adobe.com/xdm/data/time-series" });
    expect(full.body.properties.timeSeriesEvents.items.properties.timestamp).toMatchObject({ format: "date-time", "meta:xdmType": "date-time" });
    expect(full.body.properties[TENANT].properties.score).toMatchObject({ type: "string" });
    expectError(await call(system, "GET", `${REGISTRY}/tenant/unions/${encoded(`${EXPERIENCE_EVENT}__union`)}`), 404, "XDM-1015-404", "not found");
  });
});

describe.each(DIALECTS)("primary identities under concurrency (%s)", (dialect) => {
  let racing: TestSystem;
  beforeAll(async () => {
    racing = await startTestSystem({ dialect });
  });
  afterAll(() => racing.close());

  it("never lets two concurrent requests both add a primary identity to one schema", async () => {
    const created = await call(racing, "POST", `${REGISTRY}/tenant/schemas`, { body: profileSchema("Racing", [PERSONAL_CONTACT_DETAILS]) });
    const paths = ["/personalEmail/address", "/mobilePhone/number", "/homePhone/number", "/faxPhone/number", "/billingAddressPhone/number", "/shippingAddressPhone/number"];
    const replies = await Promise.all(paths.map((p) => call(racing, "POST", DESCRIPTORS, { body: identity(created.body.$id, p, "Phone", true) })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) expect(reply.body.type).toMatch(/XDM-(1062-400|1042-409)$/);
    const stored = await call(racing, "GET", `${DESCRIPTORS}?property=xdm:isPrimary==true`, { headers: { accept: "application/vnd.adobe.xdm-v2-id+json" } });
    expect(stored.body.results).toHaveLength(1);
  });
});
