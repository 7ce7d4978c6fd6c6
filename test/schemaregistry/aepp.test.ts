import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, TEST_CLIENT, type TestSystem } from "../support/system.js";
import { DEMOGRAPHIC_DETAILS, EXPERIENCE_EVENT, IDENTITY_MAP, PERSONAL_CONTACT_DETAILS, PROFILE, TENANT } from "./registry-calls.js";
import { aeppHeaders } from "../support/aepp.js";

/**
 * aepp's Schema class, call for call (aepp/schema.py; docs/aepp.md): its paths (trailing slashes
 * included), its headers (Accept application/vnd.adobe.xed+json and Content-Type application/json
 * on every call, a lower-case bearer, Accept-Encoding identity on lookups), ids quote_plus-encoded,
 * and the bodies it builds.
 */
describe("aepp's Schema Registry calls", () => {
  let system: TestSystem;
  let endpoint: string;
  let header: Record<string, string>;
  let schemaId: string;
  let fieldGroupId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    endpoint = `${system.url}/data/foundation/schemaregistry`;
    header = await aeppHeaders(system, "application/vnd.adobe.xed+json");
  });
  afterAll(() => system.close());

  /** urllib.parse.quote_plus of an id */
  const quotePlus = (id: string) => encodeURIComponent(id).replace(/%20/g, "+");
  const send = async (method: string, url: string, options: { params?: Record<string, string>; headers?: Record<string, string>; data?: unknown } = {}) => {
    const search = options.params ? `?${new URLSearchParams(options.params)}` : "";
    const response = await fetch(`${url}${search}`, {
      method,
      headers: { ...header, ...options.headers },
      body: options.data === undefined ? undefined : JSON.stringify(options.data),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  /** getSchema(schemaId, full, desc, flat, deprecated, schema_type) */
  const getSchema = (id: string, accept: string) =>
    send("GET", `${endpoint}/tenant/schemas/${quotePlus(id)}`, { headers: { Accept: accept, "Accept-Encoding": "identity" } });

  it("getTenantId: GET /stats/ answers the org's tenantId", async () => {
    const stats = await send("GET", `${endpoint}/stats/`);
    expect(stats.status).toBe(200);
    expect(stats.body.tenantId).toBe("test");
    expect(stats.body).toMatchObject({ imsOrg: TEST_CLIENT.orgId, counts: { schemas: 0, mixins: 0, datatypes: 0, classes: 0, unions: 0 } });
  });

  it("getClassesGlobal / getFieldGroupsGlobal / getDataTypesGlobal page the global container", async () => {
    const classes = await send("GET", `${endpoint}/global/classes/`, { params: { limit: "300" }, headers: { Accept: "application/vnd.adobe.xdm-id+json" } });
    expect(classes.status).toBe(200);
    expect(classes.body._page).toMatchObject({ next: null });
    expect(classes.body.results.map((c: any) => c.title)).toEqual(expect.arrayContaining(["XDM Individual Profile", "XDM ExperienceEvent"]));
    const fieldGroups = await send("GET", `${endpoint}/global/fieldgroups/`, { headers: { Accept: "application/vnd.adobe.xdm+json" } });
    expect(fieldGroups.body.results.find((f: any) => f.$id === DEMOGRAPHIC_DETAILS)).toMatchObject({ title: "Demographic Details", "meta:intendedToExtend": expect.arrayContaining([PROFILE]) });
    const dataTypes = await send("GET", `${endpoint}/global/datatypes/`, { headers: { Accept: "application/vnd.adobe.xdm-id+json" } });
    expect(dataTypes.body.results.map((d: any) => d.$id)).toContain("https://ns.adobe.com/xdm/context/person");
  });

  it("createSchema (createProfileSchema's body) answers 201 and getSchemas lists it", async () => {
    const obj = {
      title: "aepp profiles",
      description: "",
      allOf: [
        { $ref: PROFILE, type: "object", "meta:xdmType": "object" },
        { $ref: PERSONAL_CONTACT_DETAILS, type: "object", "meta:xdmType": "object" },
      ],
    };
    const created = await send("POST", `${endpoint}/tenant/schemas/`, { data: obj });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: "object", version: "1.0", "meta:class": PROFILE, "meta:tenantNamespace": TENANT });
    schemaId = created.body.$id;
    const list = await send("GET", `${endpoint}/tenant/schemas/`, { params: { property: "meta:extends!=https://ns.adobe.com/xdm/data/adhoc" }, headers: { Accept: "application/vnd.adobe.xed-id+json" } });
    expect(list.body.results).toEqual([{ $id: schemaId, "meta:altId": created.body["meta:altId"], version: "1.0", title: "aepp profiles" }]);
    expect(list.body._page.next).toBeNull();
  });

  it("getSchema answers every Accept aepp builds — xdm or xed, then -full, -desc, -flat, -deprecated in that order, version=1 — in its documented shape", async () => {
    const infixes = ["-full", "-desc", "-flat", "-deprecated"];
    let asked = 0;
    for (const schemaType of ["xdm", "xed"]) {
      for (let mask = 0; mask < 16; mask++) {
        const chosen = infixes.filter((_, i) => mask & (1 << i));
        const accept = `application/vnd.adobe.${schemaType}${chosen.join("")}+json; version=1`;
        const reply = await getSchema(schemaId, accept);
        asked++;
        expect(reply.status, accept).toBe(200);
        expect(reply.body, accept).toMatchObject({ $id: schemaId, title: "aepp profiles", "meta:class": PROFILE });
        if (chosen.includes("-flat")) {
          // getSchemaPaths turns these keys into dotted paths
          expect(Object.keys(reply.body.properties), accept).toEqual(expect.arrayContaining(["_id", "homeAddress/city", "personalEmail/address"]));
        } else if (chosen.includes("-full") || chosen.includes("-deprecated")) {
          expect(reply.body.properties.homeAddress.properties.city, accept).toMatchObject({ type: "string", "meta:xdmType": "string" });
        } else {
          // full=False (addFieldGroupToSchema's GET): the body as stored, allOf and $refs
          expect(reply.body.properties, accept).toBeUndefined();
          expect(reply.body.allOf.map((entry: any) => entry.$ref), accept).toEqual([PROFILE, PERSONAL_CONTACT_DETAILS]);
        }
        if (chosen.length > 0 && !(chosen.length === 1 && chosen[0] === "-desc")) expect(reply.body.allOf, accept).toBeUndefined();
        if (chosen.includes("-desc")) expect(reply.body["meta:descriptors"], accept).toEqual([]);
        else expect(reply.body["meta:descriptors"], accept).toBeUndefined();
      }
    }
    expect(asked).toBe(32);
    const notext = await getSchema(schemaId, "application/vnd.adobe.xed-full-notext+json; version=1");
    expect(notext.body.title).toBeUndefined();
    expect(notext.body.properties.homeAddress.properties.city.title).toBeUndefined();
  });

  it("createFieldGroup posts title, type and definitions to /tenant/fieldgroups/ and gets a /mixins/ $id", async () => {
    const created = await send("POST", `${endpoint}/tenant/fieldgroups/`, {
      data: {
        type: "object",
        title: "aepp loyalty",
        description: "Generated by aepp",
        "meta:intendedToExtend": [PROFILE],
        definitions: { customFields: { type: "object", properties: { [TENANT]: { type: "object", properties: { loyaltyId: { type: "string", title: "Loyalty ID" } } } } } },
        allOf: [{ $ref: "#/definitions/customFields", type: "object" }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.$id).toMatch(/^https:\/\/ns\.adobe\.com\/test\/mixins\/[0-9a-f]{32}$/);
    expect(created.body).toMatchObject({ "meta:resourceType": "mixins", "meta:altId": expect.stringMatching(/^_test\.mixins\./), version: "1.0", "meta:abstract": true, "meta:extensible": true });
    fieldGroupId = created.body.$id;
  });

  it("addFieldGroupToSchema GETs the schema (xdm, not full), appends to allOf and PUTs the whole body back", async () => {
    const schemaDef = (await getSchema(schemaId, "application/vnd.adobe.xdm+json; version=1")).body;
    schemaDef.allOf.push({ $ref: fieldGroupId, type: "object", "meta:xdmType": "object" });
    schemaDef.allOf.push({ $ref: DEMOGRAPHIC_DETAILS, type: "object", "meta:xdmType": "object" });
    const put = await send("PUT", `${endpoint}/tenant/schemas/${quotePlus(schemaId)}`, { data: schemaDef });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ $id: schemaId, version: "1.1", "meta:class": PROFILE });
    expect(put.body["meta:extends"]).toEqual(expect.arrayContaining([fieldGroupId, DEMOGRAPHIC_DETAILS, PROFILE]));
    const full = await getSchema(schemaId, "application/vnd.adobe.xed-full+json; version=1");
    expect(full.body.properties[TENANT].properties.loyaltyId).toMatchObject({ type: "string" });
    expect(full.body.properties.person.properties.name.properties.firstName).toBeDefined();
  });

  it("createDescriptor (identity, primary) and getDescriptors with aepp's v2 Accepts and comma-joined filters", async () => {
    const obj = {
      "@type": "xdm:descriptorIdentity",
      "xdm:sourceSchema": schemaId,
      "xdm:sourceVersion": 1,
      "xdm:sourceProperty": "/personalEmail/address",
      "xdm:namespace": "Email",
      "xdm:isPrimary": true,
      "xdm:property": "xdm:code",
    };
    const created = await send("POST", `${endpoint}/tenant/descriptors`, { data: obj });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...obj, "@id": expect.stringMatching(/^[0-9a-f]{40}$/), version: "1", "meta:containerId": "tenant" });
    const params = { property: `@type==xdm:descriptorIdentity,xdm:sourceSchema==${schemaId}` };
    const v2 = await send("GET", `${endpoint}/tenant/descriptors/`, { params, headers: { Accept: "application/vnd.adobe.xdm-v2+json" } });
    expect(v2.status).toBe(200);
    expect(v2.body.results).toEqual([expect.objectContaining({ "@id": created.body["@id"] })]);
    expect(v2.body._page.next).toBeNull();
    const links = await send("GET", `${endpoint}/tenant/descriptors/`, { params, headers: { Accept: "application/vnd.adobe.xdm-v2-link+json" } });
    expect(links.body.results).toEqual([`/tenant/descriptors/${created.body["@id"]}`]);
    const ids = await send("GET", `${endpoint}/tenant/descriptors/`, { headers: { Accept: "application/vnd.adobe.xdm-v2-id+json" } });
    expect(ids.body.results).toEqual([created.body["@id"]]);
    const one = await send("GET", `${endpoint}/tenant/descriptors/${created.body["@id"]}`, { headers: { Accept: "application/vnd.adobe.xdm+json" } });
    expect(one.body).toMatchObject({ "@id": created.body["@id"], createdClient: TEST_CLIENT.clientId });
  });

  it("enableSchemaForRealTime PATCHes /meta:immutableTags on .../schemas/{id}/ and the Profile union resolves it", async () => {
    const patched = await send("PATCH", `${endpoint}/tenant/schemas/${quotePlus(schemaId)}/`, { data: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ "meta:immutableTags": ["union"], version: "1.2" });
    const unions = await send("GET", `${endpoint}/tenant/unions`);
    expect(unions.body.results).toEqual([{ title: "XDM Individual Profile", $id: `${PROFILE}__union`, "meta:altId": "_xdm.context.profile__union", version: "1" }]);
    const union = await send("GET", `${endpoint}/tenant/unions/${quotePlus(`${PROFILE}__union`)}`, { headers: { Accept: "application/vnd.adobe.xdm-full+json; version=1" } });
    expect(union.status).toBe(200);
    expect(union.body).toMatchObject({
      "meta:class": PROFILE,
      "meta:resourceType": "unions",
      version: "1.0",
      title: `Union object for ${PROFILE}`,
      description: `Union view of all schemas that extend ${PROFILE}`,
    });
    expect(Object.keys(union.body.properties)).toEqual(expect.arrayContaining([TENANT, "_id", "person", "personalEmail", "identityMap", "segmentMembership"]));
    const members = await send("GET", `${endpoint}/tenant/schemas?property=meta:immutableTags==union&property=meta:class==${PROFILE}`);
    expect(members.body.results.map((s: any) => s.$id)).toEqual([schemaId]);
  });

  it("patchSchema with its docstring's /allOf op, the PATCH_OBJ /meta:immutableTags- op, and extendFieldGroup's replace of meta:intendedToExtend", async () => {
    const created = await send("POST", `${endpoint}/tenant/schemas/`, { data: { title: "aepp patched", description: "", allOf: [{ $ref: PROFILE, type: "object", "meta:xdmType": "object" }] } });
    expect(created.status).toBe(201);
    const path = `${endpoint}/tenant/schemas/${quotePlus(created.body.$id)}`;
    const appended = await send("PATCH", path, { data: [{ op: "add", path: "/allOf", value: { $ref: IDENTITY_MAP, type: "object", "meta:xdmType": "object" } }] });
    expect(appended.status).toBe(200);
    expect(appended.body.allOf.map((entry: any) => entry.$ref)).toEqual([PROFILE, IDENTITY_MAP]);
    expect(appended.body["meta:extends"]).toContain(IDENTITY_MAP);
    const tagged = await send("PATCH", path, { data: [{ op: "add", path: "/meta:immutableTags-", value: "union" }] });
    expect(tagged.status).toBe(200);
    expect(tagged.body).toMatchObject({ "meta:immutableTags": ["union"], version: "1.2" });

    const extended = await send("PATCH", `${endpoint}/tenant/fieldgroups/${quotePlus(fieldGroupId)}`, { data: [{ op: "replace", path: "/meta:intendedToExtend", value: [PROFILE, EXPERIENCE_EVENT] }] });
    expect(extended.status).toBe(200);
    expect(extended.body["meta:intendedToExtend"]).toEqual([PROFILE, EXPERIENCE_EVENT]);
    const eventSchema = await send("POST", `${endpoint}/tenant/schemas/`, {
      data: { title: "aepp events", description: "", allOf: [{ $ref: EXPERIENCE_EVENT, type: "object", "meta:xdmType": "object" }, { $ref: fieldGroupId, type: "object", "meta:xdmType": "object" }] },
    });
    expect(eventSchema.status).toBe(201);
  });

  it("exportResource GETs /rpc/export/{id} and importResource posts the payload to /rpc/export/ in another sandbox", async () => {
    const exported = await send("GET", `${endpoint}/rpc/export/${quotePlus(fieldGroupId)}`, { headers: { Accept: "application/vnd.adobe.xed+json; version=1" } });
    expect(exported.status).toBe(200);
    expect(exported.body.map((r: any) => r["meta:resourceType"])).toEqual(["mixins"]);
    const imported = await send("POST", `${endpoint}/rpc/export/`, { data: exported.body, headers: { "x-sandbox-name": "dev" } });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual([expect.objectContaining({ title: "aepp loyalty", "meta:resourceType": "mixins", "meta:sandboxType": "development" })]);
    const inDev = await send("GET", `${endpoint}/tenant/fieldgroups/${quotePlus(imported.body[0].$id)}`, { headers: { "x-sandbox-name": "dev", Accept: "application/vnd.adobe.xed-full+json; version=1" } });
    expect(inDev.body.properties[TENANT].properties.loyaltyId).toMatchObject({ type: "string" });
  });
});
