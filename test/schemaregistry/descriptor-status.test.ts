import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, PROFILE, profileSchema, REGISTRY, TENANT, XED, createIdentityNamespace } from "./registry-calls.js";

/**
 * Which descriptors hold their field, and `meta:descriptorStatus`
 * (docs/api/schemaregistry.md#descriptor-status): a display name, label or deprecation descriptor
 * does not keep a field from going; the schema's PUT and PATCH answers and its `-desc` lookups then
 * report that descriptor as naming a missing field, and what to do. A primary key, version or
 * timestamp descriptor holds its field as an identity does.
 */
const DESCRIPTORS = `${REGISTRY}/tenant/descriptors`;
const XED_FULL_DESC = "application/vnd.adobe.xed-full-desc+json; version=1";
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  await createIdentityNamespace(system, "CRMID");
});
afterAll(() => system.close());

const post = async (body: unknown): Promise<string> => {
  const reply = await call(system, "POST", DESCRIPTORS, { body });
  expect(reply.status, reply.text).toBe(201);
  return reply.body["@id"];
};
const resourcePath = (segment: string, id: string) => `${REGISTRY}/tenant/${segment}/${encoded(id)}`;
const patch = (segment: string, id: string, ops: unknown[]) => call(system, "PATCH", resourcePath(segment, id), { body: ops });
const lookup = (segment: string, id: string, accept: string) => call(system, "GET", resourcePath(segment, id), { headers: { accept } });
const fieldsOf = (fields: Record<string, unknown>) => ({ [TENANT]: { type: "object", properties: fields } });
const stateOf = (status: any, id: string) => status.result.find((entry: any) => entry["@id"] === id);
const fieldPath = (name: string) => `/properties/${TENANT}/properties/${name}`;

describe("a descriptor that only describes its field", () => {
  let fieldGroup: any;
  let schema: any;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Status FG",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: fieldsOf({ crmId: { type: "string" }, nickname: { type: "string" }, tier: { type: "string" }, legacyCode: { type: "string" }, kept: { type: "string" } }),
    });
    schema = await createTenantResource(system, "schemas", profileSchema("Status schema", [fieldGroup.$id]));
    const on = { "xdm:sourceSchema": schema.$id, "xdm:sourceVersion": 1 };
    ids.identity = await post({ ...on, "@type": "xdm:descriptorIdentity", "xdm:sourceProperty": `/${TENANT}/crmId`, "xdm:namespace": "CRMID", "xdm:isPrimary": false });
    ids.display = await post({ ...on, "@type": "xdm:alternateDisplayInfo", "xdm:sourceProperty": `/${TENANT}/nickname`, "xdm:title": { en_us: "Nickname" } });
    ids.label = await post({ ...on, "@type": "xdm:descriptorLabel", "xdm:sourceProperty": `/${TENANT}/tier`, "xdm:labels": ["C1"] });
    ids.deprecated = await post({ ...on, "@type": "xdm:descriptorDeprecated", "xdm:sourceProperty": [`/${TENANT}/legacyCode`, `/${TENANT}/kept`] });
  });

  it("lets a field group change remove its field, and the schema's -desc lookup names the descriptor, the field and what to do", async () => {
    const before = await lookup("schemas", schema.$id, XED_FULL_DESC);
    expect(before.body["meta:descriptorStatus"].result.map((entry: any) => entry.status)).toEqual(["valid", "valid", "valid", "valid"]);

    const removed = await patch("fieldgroups", fieldGroup.$id, ["nickname", "tier", "legacyCode"].map((name) => ({ op: "remove", path: fieldPath(name) })));
    expect(removed.status, removed.text).toBe(200);

    const after = await lookup("schemas", schema.$id, XED_FULL_DESC);
    expect(after.status, after.text).toBe(200);
    expect(after.body.properties[TENANT].properties).not.toHaveProperty("nickname");
    const status = after.body["meta:descriptorStatus"];
    expect(status.result.map((entry: any) => entry["@id"]).sort()).toEqual([ids.identity, ids.display, ids.label, ids.deprecated].sort());
    expect(stateOf(status, ids.identity)).toEqual({ "@id": ids.identity, "@type": "xdm:descriptorIdentity", "xdm:sourceProperty": `/${TENANT}/crmId`, status: "valid" });
    const display = stateOf(status, ids.display);
    expect(display).toMatchObject({ "@type": "xdm:alternateDisplayInfo", "xdm:sourceProperty": `/${TENANT}/nickname`, status: "invalid" });
    for (const named of [`/${TENANT}/nickname`, schema.$id, `PUT /tenant/descriptors/${ids.display}`, `DELETE /tenant/descriptors/${ids.display}`]) expect(display.message).toContain(named);
    expect(stateOf(status, ids.label)).toMatchObject({ status: "invalid", message: expect.stringContaining(`/${TENANT}/tier`) });
    // only the gone one of a deprecation's paths is named
    const deprecated = stateOf(status, ids.deprecated);
    expect(deprecated.status).toBe("invalid");
    expect(deprecated.message).toContain(`/${TENANT}/legacyCode`);
    expect(deprecated.message).not.toContain(`/${TENANT}/kept`);
  });

  it("is reported the same in the answer to the schema's next PATCH and PUT", async () => {
    const patched = await patch("schemas", schema.$id, [{ op: "add", path: "/description", value: "after the removal" }]);
    expect(patched.status, patched.text).toBe(200);
    expect(stateOf(patched.body["meta:descriptorStatus"], ids.display).status).toBe("invalid");
    expect(stateOf(patched.body["meta:descriptorStatus"], ids.identity).status).toBe("valid");
    const stored = (await lookup("schemas", schema.$id, XED)).body;
    expect(stored["meta:descriptorStatus"]).toBeUndefined();
    const put = await call(system, "PUT", resourcePath("schemas", schema.$id), { body: { title: stored.title, type: "object", allOf: stored.allOf } });
    expect(put.status, put.text).toBe(200);
    expect(put.body["meta:descriptorStatus"].result.filter((entry: any) => entry.status === "invalid").map((entry: any) => entry["@id"]).sort()).toEqual([ids.display, ids.label, ids.deprecated].sort());
  });

  it("is valid again once pointed at a field, and when its field comes back", async () => {
    const moved = await call(system, "PUT", `${DESCRIPTORS}/${ids.display}`, {
      body: { "@type": "xdm:alternateDisplayInfo", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": `/${TENANT}/kept`, "xdm:title": { en_us: "Kept" } },
    });
    expect(moved.status, moved.text).toBe(201);
    const back = await patch("fieldgroups", fieldGroup.$id, [{ op: "add", path: fieldPath("tier"), value: { type: "string" } }]);
    expect(back.status, back.text).toBe(200);
    const status = (await lookup("schemas", schema.$id, XED_FULL_DESC)).body["meta:descriptorStatus"];
    expect(stateOf(status, ids.display).status).toBe("valid");
    expect(stateOf(status, ids.label).status).toBe("valid");
    expect(stateOf(status, ids.deprecated).status).toBe("invalid");
  });

  it("on a field group is reported by the field group's -desc lookup", async () => {
    const own = await createTenantResource(system, "fieldgroups", {
      title: "Status own FG",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: fieldsOf({ shown: { type: "string" }, other: { type: "string" } }),
    });
    const display = await post({ "@type": "xdm:alternateDisplayInfo", "xdm:sourceSchema": own.$id, "xdm:sourceProperty": `/${TENANT}/shown`, "xdm:title": { en_us: "Shown" } });
    expect((await patch("fieldgroups", own.$id, [{ op: "remove", path: fieldPath("shown") }])).status).toBe(200);
    const got = await lookup("fieldgroups", own.$id, "application/vnd.adobe.xed-desc+json; version=1");
    expect(got.status, got.text).toBe(200);
    expect(got.body["meta:descriptorStatus"].result).toEqual([expect.objectContaining({ "@id": display, status: "invalid", message: expect.stringContaining(`/${TENANT}/shown`) })]);
  });

  it("a schema without descriptors answers an empty result", async () => {
    const bare = await createTenantResource(system, "schemas", profileSchema("Status bare", []));
    expect((await lookup("schemas", bare.$id, XED_FULL_DESC)).body["meta:descriptorStatus"]).toEqual({ result: [] });
  });
});

describe("a primary key, version or timestamp descriptor", () => {
  it("keeps its field: a change removing it is refused (XDM-1060) naming the descriptor and the path", async () => {
    const fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Keyed FG",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      // a version descriptor's field is required (AEP's descriptors guide)
      properties: { [TENANT]: { ...fieldsOf({ accountId: { type: "string" }, region: { type: "string" }, revision: { type: "integer" }, changedAt: { type: "string", format: "date-time" } })[TENANT], required: ["revision"] } },
    });
    const schema = await createTenantResource(system, "schemas", profileSchema("Keyed schema", [fieldGroup.$id]));
    const on = { "xdm:sourceSchema": schema.$id, "xdm:sourceVersion": 1 };
    const key = await post({ ...on, "@type": "xdm:descriptorPrimaryKey", "xdm:sourceProperty": [`/${TENANT}/accountId`, `/${TENANT}/region`] });
    const version = await post({ ...on, "@type": "xdm:descriptorVersion", "xdm:sourceProperty": `/${TENANT}/revision` });
    const timestamp = await post({ ...on, "@type": "xdm:descriptorTimestamp", "xdm:sourceProperty": `/${TENANT}/changedAt` });

    for (const [name, id] of [["region", key], ["revision", version], ["changedAt", timestamp]]) {
      const unrequired = name === "revision" ? [{ op: "remove", path: `/properties/${TENANT}/required` }] : [];
      const refused = await patch("fieldgroups", fieldGroup.$id, [{ op: "remove", path: fieldPath(name) }, ...unrequired]);
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1060-400");
      for (const named of [id, schema.$id, `/${TENANT}/${name}`]) expect(refused.body.report["detailed-message"]).toContain(named);
    }
    const status = (await lookup("schemas", schema.$id, XED_FULL_DESC)).body["meta:descriptorStatus"];
    expect(status.result.map((entry: any) => entry.status)).toEqual(["valid", "valid", "valid"]);
  });
});
