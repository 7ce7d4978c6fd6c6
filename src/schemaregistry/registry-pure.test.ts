import { describe, expect, it } from "vitest";
import { ApiError } from "../aep-conventions/errors/api-error.js";
import { parseAccept, RESOURCE_LIST, RESOURCE_LOOKUP } from "./accept.js";
import { altIdOf, idOfAltId, tenantHexOf, tenantOf } from "./ids.js";
import { fieldPaths, leafFields, SchemaResolver } from "./resolver.js";
import { GLOBAL_CONTAINER } from "./standard/container.js";
import { CLASS, FIELD_GROUP } from "./standard/spec.js";
import { xdmTypeOf } from "./xdm-types.js";

const resolver = () => new SchemaResolver(async (id) => GLOBAL_CONTAINER.get(id));
const schemaOf = (classId: string, fieldGroups: string[]) => ({ $id: "https://ns.adobe.com/test/schemas/x", allOf: [classId, ...fieldGroups].map(($ref) => ({ $ref })) });

describe("tenant ids", () => {
  it.each([
    ["DEV@AdobeOrg", "dev"],
    ["TEST@AdobeOrg", "test"],
    ["Acme-Corp@AdobeOrg", "acmecorp"],
  ])("%s → %s", (org, tenant) => expect(tenantOf(org)).toBe(tenant));

  it("gives AEP-style and reserved org ids twelve stable letters", () => {
    for (const org of ["53A1B2C3D4E5F6A7B8C9D0E1@AdobeOrg", "XDM@AdobeOrg", "@AdobeOrg"]) {
      expect(tenantOf(org)).toMatch(/^[a-z]{12}$/);
      expect(tenantOf(org)).toBe(tenantOf(org));
    }
    expect(tenantOf("53A1B2C3D4E5F6A7B8C9D0E1@AdobeOrg")).not.toBe(tenantOf("53A1B2C3D4E5F6A7B8C9D0E2@AdobeOrg"));
  });

  it("reads $id, meta:altId and bare ids of the caller's tenant only", () => {
    const hex = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    expect(altIdOf(`https://ns.adobe.com/test/mixins/${hex}`)).toBe(`_test.mixins.${hex}`);
    expect(idOfAltId("_xdm.context.profile")).toBe(CLASS.profile);
    expect(tenantHexOf(`https://ns.adobe.com/test/schemas/${hex}`, "test", "schemas")).toBe(hex);
    expect(tenantHexOf(`_test.schemas.${hex}`, "test", "schemas")).toBe(hex);
    expect(tenantHexOf(hex, "test", "schemas")).toBe(hex);
    expect(tenantHexOf(`https://ns.adobe.com/other/schemas/${hex}`, "test", "schemas")).toBeUndefined();
    expect(tenantHexOf(`_test.mixins.${hex}`, "test", "schemas")).toBeUndefined();
  });
});

describe("meta:xdmType", () => {
  it.each([
    [{ type: "string" }, "string"],
    [{ type: "string", format: "date" }, "date"],
    [{ type: "string", "meta:xdmType": "date-time" }, "date-time"],
    [{ type: "integer" }, "int"],
    [{ type: "integer", minimum: 1, maximum: 32767 }, "short"],
    [{ type: "integer", minimum: -128, maximum: 127 }, "byte"],
    [{ type: "integer", minimum: 0, maximum: 2 ** 40 }, "long"],
    [{ type: "integer", "meta:xdmType": "long" }, "long"],
    [{ type: "object", additionalProperties: { type: "string" } }, "map"],
    [{ $ref: CLASS.profile }, "object"],
  ])("%j is %s", (field, expected) => expect(xdmTypeOf(field)).toBe(expected));
});

describe("the resolver over the global container", () => {
  it("lists an ExperienceEvent schema's leaves with their types and what is required", async () => {
    const tree = await resolver().resolve(schemaOf(CLASS.experienceEvent, [FIELD_GROUP.webDetails]));
    const leaves = Object.fromEntries(leafFields(tree).map((l) => [l.path, l]));
    expect(leaves._id).toEqual({ path: "_id", xdmType: "string", format: "uri-reference", required: true });
    expect(leaves.timestamp).toMatchObject({ xdmType: "date-time", required: true });
    expect(leaves.identityMap).toMatchObject({ xdmType: "map", required: false });
    // required inside an optional object: not of every record, of one whose object has a value (JSON Schema's rule)
    expect(leaves["web.webPageDetails.pageViews.value"]).toMatchObject({ xdmType: "number", required: false, requiredWithin: "web.webPageDetails.pageViews" });
    expect(leaves["web.webPageDetails.name"]).toMatchObject({ required: false });
    expect(leaves["web.webPageDetails.name"].requiredWithin).toBeUndefined();
  });

  it("gives a Profile schema the class's and the field groups' paths", async () => {
    const paths = fieldPaths(await resolver().resolve(schemaOf(CLASS.profile, [FIELD_GROUP.demographicDetails, FIELD_GROUP.personalContactDetails])));
    for (const path of ["_id", "_repo.createDate", "personID", "person.name.firstName", "homeAddress.city", "personalEmail.address"]) expect(paths).toContain(path);
  });

  it("refuses a leaf defined twice with different types, and a circle", async () => {
    const conflicting = { $id: "x", properties: { personID: { type: "integer" } }, allOf: [{ $ref: CLASS.profile }] };
    await expect(resolver().resolve(conflicting)).rejects.toMatchObject({ code: "1004" });
    const circle = new SchemaResolver(async (id) => ({ $id: id, properties: { next: { $ref: id === "a" ? "b" : "a" } } }));
    const error = await circle.resolve({ $id: "a", properties: { next: { $ref: "b" } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("1005");
  });
});

describe("Accept headers", () => {
  it("reads the xed and xdm families with their modifiers, in any order, with or without a version", () => {
    expect([...parseAccept("application/vnd.adobe.xdm-full-desc-flat-deprecated+json; version=1", RESOURCE_LOOKUP).modifiers]).toEqual(["full", "desc", "flat", "deprecated"]);
    expect(parseAccept("application/vnd.adobe.xed-full+json;version=1.0", RESOURCE_LOOKUP).notation).toBe("xed");
    expect(parseAccept(undefined, RESOURCE_LOOKUP).modifiers.size).toBe(0);
    expect(parseAccept("text/html, */*", RESOURCE_LOOKUP).modifiers.size).toBe(0);
    expect([...parseAccept("application/vnd.adobe.xed-id+json", RESOURCE_LIST).modifiers]).toEqual(["id"]);
  });

  it.each(["application/xml", "application/vnd.adobe.xed-id+json", "application/vnd.adobe.xed-full-full+json", "application/vnd.adobe.xed+json; version=2"])("refuses %s on a lookup with XDM-1006-406", (accept) => {
    expect(() => parseAccept(accept, RESOURCE_LOOKUP)).toThrow(expect.objectContaining({ code: "1006", status: 406 }));
  });
});
