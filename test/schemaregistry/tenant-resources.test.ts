import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import {
  createTenantResource,
  DEMOGRAPHIC_DETAILS,
  encoded,
  loyaltyDataType,
  loyaltyFieldGroup,
  PROFILE,
  profileSchema,
  RECORD,
  REGISTRY,
  TENANT,
  XED,
  XED_FULL,
} from "./registry-calls.js";

/**
 * The tenant container (docs/api/schemaregistry.md#the-tenant-container): classes, field groups,
 * data types and schemas created, read, listed, replaced, patched and deleted, with the
 * composition rules and the tenant namespace enforced.
 */
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const tenant = (segment: string) => `${REGISTRY}/tenant/${segment}`;
const fieldsUnder = (fields: Record<string, unknown>) => ({ [TENANT]: { type: "object", properties: fields } });
const fieldGroup = (title: string, fields: Record<string, unknown>, intendedToExtend: string[] = [PROFILE]) => ({
  title,
  type: "object",
  "meta:intendedToExtend": intendedToExtend,
  definitions: { fields: { properties: fields } },
  allOf: [{ $ref: "#/definitions/fields" }],
});
const expectError = (reply: { status: number; body: any }, status: number, code: string, message: string) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.body).toMatchObject({
    type: `https://ns.adobe.com/aep/errors/${code}`,
    status,
    title: expect.any(String),
    report: { "detailed-message": expect.stringContaining(message), "request-id": expect.any(String) },
    errorMessage: expect.stringContaining(message),
  });
};

describe("tenant classes", () => {
  it("creates a class on the record behaviour with its fields under the tenant namespace", async () => {
    const created = await createTenantResource(system, "classes", {
      title: "Property",
      description: "A property of the business",
      type: "object",
      definitions: { property: { properties: fieldsUnder({ propertyId: { type: "string" }, rooms: { type: "integer" } }) } },
      allOf: [{ $ref: RECORD }, { $ref: "#/definitions/property" }],
    });
    expect(created.$id).toMatch(/^https:\/\/ns\.adobe\.com\/test\/classes\/[0-9a-f]{32}$/);
    expect(created).toMatchObject({ "meta:resourceType": "classes", "meta:extends": [RECORD], "meta:abstract": true, "meta:extensible": true, "meta:tenantNamespace": TENANT, version: "1.0" });
    expect(created.definitions.property.properties[TENANT].properties.rooms).toEqual({ type: "integer", "meta:xdmType": "int" });
    const full = await call(system, "GET", `${tenant("classes")}/${encoded(created.$id)}`, { headers: { accept: XED_FULL } });
    expect(Object.keys(full.body.properties)).toEqual([TENANT, "_id"]);
  });

  it("refuses a custom field outside the tenant namespace (XDM-1021) and a class without exactly one behaviour", async () => {
    const outside = await call(system, "POST", tenant("classes"), {
      body: { title: "Bad", type: "object", definitions: { d: { properties: { propertyId: { type: "string" } } } }, allOf: [{ $ref: RECORD }, { $ref: "#/definitions/d" }] },
    });
    expectError(outside, 400, "XDM-1021-400", `must be defined under a top-level field named ${TENANT}, and propertyId is not`);
    expect(outside.body.title).toBe("Namespace validation error");
    const noBehaviour = await call(system, "POST", tenant("classes"), { body: { title: "No behaviour", type: "object", allOf: [] } });
    expectError(noBehaviour, 400, "XDM-1000-400", "exactly one behaviour");
  });
});

describe("tenant field groups and data types", () => {
  it("refuses a field group's custom field outside the tenant namespace, inside a standard object too", async () => {
    const top = await call(system, "POST", tenant("fieldgroups"), { body: fieldGroup("Top level", { loyaltyTier: { type: "string" } }) });
    expectError(top, 400, "XDM-1021-400", "loyaltyTier is not");
    const nested = await call(system, "POST", tenant("fieldgroups"), { body: fieldGroup("Nested", { person: { type: "object", properties: { nickname: { type: "string" } } } }) });
    expectError(nested, 400, "XDM-1021-400", "person.nickname is not");
    const inside = await call(system, "POST", tenant("mixins"), { body: fieldGroup("Inside", { person: { type: "object", properties: fieldsUnder({ nickname: { type: "string" } }) } }) });
    expect(inside.status, inside.text).toBe(201);
    expect(inside.body.$id).toMatch(/\/mixins\//);
  });

  it("takes data type fields without a namespace, and refuses a circle of data types", async () => {
    const a = await createTenantResource(system, "datatypes", loyaltyDataType);
    expect(a).toMatchObject({ "meta:resourceType": "datatypes", "meta:extends": [] });
    const b = await createTenantResource(system, "datatypes", { title: "Wrapper", type: "object", properties: { inner: { $ref: a.$id } } });
    expect(b.refs).toEqual([a.$id]);
    const circle = await call(system, "PUT", `${tenant("datatypes")}/${encoded(a.$id)}`, { body: { title: "Loyalty", type: "object", properties: { back: { $ref: b.$id } } } });
    expectError(circle, 400, "XDM-1005-400", "in a circle");
  });
});

describe("AEP's create-schema tutorial, its bodies as written there", () => {
  it("takes the loyalty field group, its PATCH of definitions onto a data type field with title and description, and resolves the schema with it", async () => {
    const group = await createTenantResource(system, "fieldgroups", {
      title: "Loyalty Tier",
      description: "Loyalty tier of a member",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: {
        loyaltyTier: {
          properties: {
            [TENANT]: {
              type: "object",
              properties: {
                loyaltyTier: {
                  type: "object",
                  properties: {
                    id: { title: "Loyalty Tier Identifier", type: "string" },
                    effectiveDate: { type: "string", format: "date-time" },
                    currentThreshold: { type: "integer" },
                  },
                },
              },
            },
          },
        },
      },
      allOf: [{ $ref: "#/definitions/loyaltyTier" }],
    });
    expect(group.allOf).toEqual([{ $ref: "#/definitions/loyaltyTier", type: "object", "meta:xdmType": "object" }]);
    expect(group.definitions.loyaltyTier.properties[TENANT].properties.loyaltyTier.properties.currentThreshold).toEqual({ type: "integer", "meta:xdmType": "int" });
    const schema = await createTenantResource(system, "schemas", profileSchema("Tutorial members", [DEMOGRAPHIC_DETAILS, group.$id]));

    const dataType = await createTenantResource(system, "datatypes", {
      title: "Loyalty Tier type",
      type: "object",
      definitions: { loyaltyTier: { properties: { id: { type: "string" }, effectiveDate: { type: "string", format: "date-time" }, currentThreshold: { type: "integer" } } } },
      allOf: [{ $ref: "#/definitions/loyaltyTier" }],
    });
    const patched = await call(system, "PATCH", `${tenant("fieldgroups")}/${encoded(group.$id)}`, {
      body: [{ op: "replace", path: `/definitions/loyaltyTier/properties/${TENANT}/properties`, value: { loyaltyTier: { title: "Loyalty Tier", $ref: dataType.$id, description: "Loyalty tier info" } } }],
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ version: "1.1", refs: [dataType.$id] });

    const full = await call(system, "GET", `${tenant("schemas")}/${encoded(schema.$id)}`, { headers: { accept: XED_FULL } });
    expect(full.body.properties[TENANT].properties.loyaltyTier).toMatchObject({
      title: "Loyalty Tier",
      description: "Loyalty tier info",
      type: "object",
      "meta:referencedFrom": dataType.$id,
      properties: { effectiveDate: { type: "string", format: "date-time", "meta:xdmType": "date-time" }, currentThreshold: { type: "integer", "meta:xdmType": "int" } },
    });
    // the data type is used now: deleting it is refused, naming the field group
    expectError(await call(system, "DELETE", `${tenant("datatypes")}/${encoded(dataType.$id)}`), 400, "XDM-1040-400", `the field group ${group.$id} uses it`);
  });
});

describe("tenant schemas", () => {
  it("refuses two classes, a field group meant for another class, and an unknown $ref", async () => {
    const custom = await createTenantResource(system, "classes", { title: "Store", type: "object", allOf: [{ $ref: RECORD }] });
    expectError(await call(system, "POST", tenant("schemas"), { body: { title: "Two", allOf: [{ $ref: PROFILE }, { $ref: custom.$id }] } }), 400, "XDM-1002-400", "exactly one class");
    expectError(
      await call(system, "POST", tenant("schemas"), { body: { title: "Mismatch", allOf: [{ $ref: custom.$id }, { $ref: "https://ns.adobe.com/xdm/context/profile-work-details" }] } }),
      400,
      "XDM-1003-400",
      "profile-work-details is meant for https://ns.adobe.com/xdm/context/profile",
    );
    expectError(await call(system, "POST", tenant("schemas"), { body: { title: "Unknown", allOf: [{ $ref: "https://ns.adobe.com/test/mixins/" + "a".repeat(32) }] } }), 400, "XDM-1001-400", "refers to");
    // a standard field group AEP has and this service does not: the answer says where the included ones are listed
    const notIncluded = await call(system, "POST", tenant("schemas"), { body: { title: "Travel", allOf: [{ $ref: PROFILE }, { $ref: "https://ns.adobe.com/xdm/context/profile-preferences-details" }] } });
    expectError(notIncluded, 400, "XDM-1001-400", "https://ns.adobe.com/xdm/context/profile-preferences-details, a standard XDM resource this service does not include");
    expect(notIncluded.body.report["detailed-message"]).toContain("GET /data/foundation/schemaregistry/global/classes, /global/fieldgroups or /global/datatypes lists the ones it does");
    const anyClass = await createTenantResource(system, "fieldgroups", fieldGroup("For any class", fieldsUnder({ storeCode: { type: "string" } }), []));
    await createTenantResource(system, "schemas", { title: "Stores", allOf: [{ $ref: custom.$id }, { $ref: anyClass.$id }] });
  });

  it("adds a field group by PATCH /allOf/- (and the legacy meta:extends/- twin), bumping the version each time", async () => {
    const schema = await createTenantResource(system, "schemas", profileSchema("Patched", []));
    // AEP's create-schema tutorial shows these arrays in this order
    expect(schema).toMatchObject({ version: "1.0", "meta:extends": ["https://ns.adobe.com/xdm/common/auditable", "https://ns.adobe.com/xdm/data/record", PROFILE], refs: [PROFILE] });
    expect(schema["meta:descriptorStatus"]).toBeUndefined();
    const path = `${tenant("schemas")}/${encoded(schema.$id)}`;
    const added = await call(system, "PATCH", path, { body: [{ op: "add", path: "/allOf/-", value: { $ref: DEMOGRAPHIC_DETAILS } }] });
    expect(added.status, added.text).toBe(200);
    expect(added.body).toMatchObject({
      version: "1.1",
      refs: [DEMOGRAPHIC_DETAILS, PROFILE],
      "meta:extends": [DEMOGRAPHIC_DETAILS, "https://ns.adobe.com/xdm/common/auditable", "https://ns.adobe.com/xdm/data/record", PROFILE],
      "meta:descriptorStatus": { result: [] },
    });
    const personal = "https://ns.adobe.com/xdm/context/profile-personal-details";
    const legacy = await call(system, "PATCH", path, {
      body: [
        { op: "add", path: "/allOf/-", value: { $ref: personal } },
        { op: "add", path: "/meta:extends/-", value: personal },
      ],
    });
    expect(legacy.body.version).toBe("1.2");
    expect(legacy.body["meta:extends"].filter((id: string) => id === personal)).toHaveLength(1);
    const retitled = await call(system, "PATCH", path, { body: [{ op: "replace", path: "/title", value: "Patched profiles" }] });
    expect(retitled.body).toMatchObject({ title: "Patched profiles", version: "1.3" });
    const got = await call(system, "GET", path, { headers: { accept: XED } });
    expect(got.body.allOf.map((e: any) => e.$ref)).toEqual([PROFILE, DEMOGRAPHIC_DETAILS, personal]);
    expect(got.body["meta:allFieldAccess"]).toBe(true);
    expect(got.body["meta:descriptorStatus"]).toBeUndefined();
    expect(got.body["meta:registryMetadata"]["repo:lastModifiedDate"]).toBeGreaterThanOrEqual(got.body["meta:registryMetadata"]["repo:createdDate"]);
    const removed = await call(system, "PATCH", path, { body: [{ op: "remove", path: "/title" }] });
    expectError(removed, 400, "XDM-1000-400", "title is required");
    // a title of another type is there: the answer says what it must be, not that it is missing
    const numbered = await call(system, "PATCH", path, { body: [{ op: "replace", path: "/title", value: 5 }] });
    expectError(numbered, 400, "XDM-1000-400", "title must be a string, not 5");
  });

  it("refuses a change of a field group that would make a schema built on it conflict", async () => {
    const first = await createTenantResource(system, "fieldgroups", fieldGroup("Codes A", fieldsUnder({ code: { type: "string" } })));
    const second = await createTenantResource(system, "fieldgroups", fieldGroup("Codes B", fieldsUnder({ code: { type: "string" } })));
    await createTenantResource(system, "schemas", profileSchema("Codes", [first.$id, second.$id]));
    const changed = await call(system, "PUT", `${tenant("fieldgroups")}/${encoded(first.$id)}`, { body: fieldGroup("Codes A", fieldsUnder({ code: { type: "integer" } })) });
    expectError(changed, 400, "XDM-1004-400", `${TENANT}.code is defined twice with different types`);
    const conflicting = await createTenantResource(system, "fieldgroups", fieldGroup("Codes C", fieldsUnder({ code: { type: "number" } })));
    expectError(await call(system, "POST", tenant("schemas"), { body: profileSchema("Conflict", [first.$id, conflicting.$id]) }), 400, "XDM-1004-400", "defined twice");
  });

  it("refuses to delete what a dataset or another resource uses, and deletes what nothing uses", async () => {
    const dataType = await createTenantResource(system, "datatypes", loyaltyDataType);
    const group = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(dataType.$id, "Loyalty to delete"));
    const schema = await createTenantResource(system, "schemas", profileSchema("With a dataset", [group.$id]));
    const dataSetId = await createDataset(system, schema.$id);
    expectError(await call(system, "DELETE", `${tenant("schemas")}/${encoded(schema.$id)}`), 400, "XDM-1040-400", `the dataset ${dataSetId} uses it`);
    expectError(await call(system, "DELETE", `${tenant("fieldgroups")}/${encoded(group.$id)}`), 400, "XDM-1040-400", `the schema ${schema.$id} uses it`);
    expectError(await call(system, "DELETE", `${tenant("datatypes")}/${encoded(dataType.$id)}`), 400, "XDM-1040-400", `the field group ${group.$id} uses it`);

    const unused = await createTenantResource(system, "schemas", profileSchema("Unused", [group.$id]));
    const deleted = await call(system, "DELETE", `${tenant("schemas")}/${unused["meta:altId"]}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectError(await call(system, "GET", `${tenant("schemas")}/${encoded(unused.$id)}`), 404, "XDM-1010-404", "not found");
    expectError(await call(system, "DELETE", `${tenant("classes")}/${"0".repeat(32)}`), 404, "XDM-1011-404", "not found");

    // once nothing uses them, a field group, then its data type, then a class are deleted too
    const spareType = await createTenantResource(system, "datatypes", { ...loyaltyDataType, title: "Spare loyalty" });
    const spareGroup = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(spareType.$id, "Spare membership"));
    const spareClass = await createTenantResource(system, "classes", { title: "Spare class", type: "object", allOf: [{ $ref: RECORD }] });
    for (const [segment, resource, code] of [["fieldgroups", spareGroup, "XDM-1012-404"], ["datatypes", spareType, "XDM-1013-404"], ["classes", spareClass, "XDM-1011-404"]] as const) {
      const gone = await call(system, "DELETE", `${tenant(segment)}/${encoded(resource.$id)}/`);
      expect(gone.status, gone.text).toBe(204);
      expectError(await call(system, "GET", `${tenant(segment)}/${resource["meta:altId"]}`, { headers: { accept: XED } }), 404, code, "not found");
    }
  });

  it("keeps each sandbox's resources to itself", async () => {
    const schema = await createTenantResource(system, "schemas", profileSchema("Prod only", []));
    const fromDev = await call(system, "GET", `${tenant("schemas")}/${encoded(schema.$id)}`, { sandbox: "dev" });
    expect(fromDev.status).toBe(404);
    const devSchema = await call(system, "POST", tenant("schemas"), { body: profileSchema("Dev", []), sandbox: "dev" });
    expect(devSchema.body["meta:sandboxType"]).toBe("development");
  });
});

describe("tenant lists and /stats", () => {
  it("filters, orders, projects and counts", async () => {
    const forProfile = await call(system, "GET", `${tenant("fieldgroups")}?property=${encoded(`meta:intendedToExtend==${PROFILE}`)}&orderby=title&properties=title`);
    expect(forProfile.status).toBe(200);
    const titles = forProfile.body.results.map((r: any) => r.title);
    expect(titles).toEqual([...titles].sort());
    expect(titles).not.toContain("For any class");
    expect(Object.keys(forProfile.body.results[0])).toEqual(["title"]);
    expect(forProfile.body._links.global_fieldgroups).toEqual({ href: `${REGISTRY}/global/fieldgroups?property=${encoded(`meta:intendedToExtend==${PROFILE}`)}&orderby=title&properties=title` });
    const tagged = await call(system, "GET", `${tenant("schemas")}?property=meta:immutableTags`);
    expect(tagged.body.results).toEqual([]);
    const count = await call(system, "GET", `${tenant("classes")}?count=true`);
    expect(count.body).toEqual({ count: 2 });
    const classes = await call(system, "GET", `${tenant("classes")}?property=${encoded(`meta:extends==${RECORD}`)}`, { headers: { accept: "application/vnd.adobe.xed-id+json" } });
    expect(classes.body.results.map((c: any) => c.title).sort()).toEqual(["Property", "Store"]);
    const full = await call(system, "GET", `${tenant("classes")}?orderby=-updated`, { headers: { accept: "application/vnd.adobe.xed-full+json" } });
    expect(full.body._page.orderby).toBe("-updated");
    expect(full.body.results[0].properties._id).toBeDefined();
  });

  it("counts the sandbox's resources and tells which schemas use each class", async () => {
    const stats = await call(system, "GET", `${REGISTRY}/stats`);
    expect(stats.body.tenantId).toBe("test");
    expect(stats.body.counts.classes).toBe(2);
    expect(stats.body.counts.schemas).toBeGreaterThan(3);
    expect(stats.body.classUsage[PROFILE].map((s: any) => s.title)).toContain("Codes");
    expect(stats.body.recentlyCreatedResources).toHaveLength(5);
    // AEP's getting-started guide shows these times and the schema's class title
    expect(stats.body.recentlyCreatedResources[0]["meta:created"]).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT\+0000 \(UTC\)$/);
    const updatedSchema = stats.body.recentlyUpdatedResources.find((r: any) => r["meta:class"] === PROFILE);
    expect(updatedSchema).toMatchObject({ "meta:resourceType": "schemas", "meta:classTitle": "XDM Individual Profile", "meta:updated": expect.stringMatching(/GMT\+0000 \(UTC\)$/) });
  });
});

describe("titles", () => {
  it("are unique among the resources of one kind in a sandbox (XDM-1521); a data type may share a field group's title, as in AEP's tutorial", async () => {
    const dataType = await call(system, "POST", tenant("datatypes"), { body: { ...loyaltyDataType, title: "Membership" } });
    expect(dataType.status, dataType.text).toBe(201);
    const first = await call(system, "POST", tenant("schemas"), { body: profileSchema("Membership", []) });
    expect(first.status, first.text).toBe(201);
    const clash = await call(system, "POST", tenant("schemas"), { body: profileSchema("Membership", []) });
    expect(clash.status).toBe(400);
    expect(clash.body).toMatchObject({ type: "https://ns.adobe.com/aep/errors/XDM-1521-400", title: "Title not unique" });
    expect(clash.body.errorMessage).toContain(`the schema ${first.body.$id}`);
    const secondDataType = await call(system, "POST", tenant("datatypes"), { body: { ...loyaltyDataType, title: "Membership" } });
    expect(secondDataType.body.errorMessage).toContain(`is already the title of the data type ${dataType.body.$id}`);
    const other = await createTenantResource(system, "schemas", profileSchema("Members", []));
    const renamed = await call(system, "PATCH", `${tenant("schemas")}/${encoded(other.$id)}`, { body: [{ op: "replace", path: "/title", value: "Membership" }] });
    expect(renamed.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1521-400");
    const keptTitle = await call(system, "PATCH", `${tenant("schemas")}/${encoded(other.$id)}`, { body: [{ op: "add", path: "/description", value: "same title, new description" }] });
    expect(keptTitle.status, keptTitle.text).toBe(200);
    const elsewhere = await call(system, "POST", tenant("schemas"), { body: profileSchema("Membership", []), sandbox: "dev" });
    expect(elsewhere.status, elsewhere.text).toBe(201);
  });
});

describe("the OpenAPI document's request examples", () => {
  it("are bodies the tenant container accepts", async () => {
    const doc = (await (await fetch(`${system.url}/openapi.json`)).json()) as any;
    let posted = 0;
    for (const segment of ["classes", "fieldgroups", "mixins", "datatypes", "schemas"]) {
      const content = doc.paths[`${REGISTRY}/tenant/${segment}`].post.requestBody.content["application/json"];
      const examples = content.example !== undefined ? [content.example] : Object.values(content.examples ?? {}).map((e: any) => e.value);
      for (const example of examples) {
        // in their own sandbox, one at a time: field groups and mixins share an example, and titles are unique
        const reply = await call(system, "POST", tenant(segment), { body: example, sandbox: "dev" });
        expect(reply.status, `${segment}: ${reply.text}`).toBe(201);
        expect((await call(system, "DELETE", `${tenant(segment)}/${encoded(reply.body.$id)}`, { sandbox: "dev" })).status).toBe(204);
        posted++;
      }
    }
    expect(posted).toBeGreaterThanOrEqual(5);
  });
});
