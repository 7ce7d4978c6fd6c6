import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, encoded, IDENTITY_MAP, PROFILE, profileSchema, RECORD, REGISTRY, TENANT, createIdentityNamespace } from "./registry-calls.js";

/**
 * AEP's relationship tutorial (docs/api/schemaregistry.md#descriptors): a Profile-enabled
 * "Loyalty Members" schema whose `favoriteHotel` field refers to the primary identity of a
 * "Hotels" schema. The reference identity descriptor goes on the source field, then the
 * one-to-one descriptor; the schemas stay editable. A one-to-one that would break the union's
 * rule is refused when it is created, not at a later unrelated write.
 */
const DESCRIPTORS = `${REGISTRY}/tenant/descriptors`;
let system: TestSystem;
let loyalty: any;
let favourite: any;
let hotels: any;

const fieldGroup = (title: string, intendedToExtend: string, fields: Record<string, unknown>) => ({
  title,
  type: "object",
  "meta:intendedToExtend": [intendedToExtend],
  definitions: { d: { properties: { [TENANT]: { type: "object", properties: fields } } } },
  allOf: [{ $ref: "#/definitions/d" }],
});
const post = (body: unknown) => call(system, "POST", DESCRIPTORS, { body });
const patchDescription = (segment: string, id: string, text: string) =>
  call(system, "PATCH", `${REGISTRY}/tenant/${segment}/${encoded(id)}`, { body: [{ op: "add", path: "/description", value: text }] });
const expectEdited = async (segment: string, id: string, text: string) => {
  const reply = await patchDescription(segment, id, text);
  expect(reply.status, reply.text).toBe(200);
  expect(reply.body.description).toBe(text);
};
const oneToOne = () => ({
  "@type": "xdm:descriptorOneToOne",
  "xdm:sourceSchema": loyalty.$id,
  "xdm:sourceVersion": 1,
  "xdm:sourceProperty": `/${TENANT}/favoriteHotel`,
  "xdm:destinationSchema": hotels.$id,
  "xdm:destinationVersion": 1,
  "xdm:destinationProperty": `/${TENANT}/hotelId`,
});

beforeAll(async () => {
  system = await startTestSystem();
  await createIdentityNamespace(system, "Hotel ID");
  const hotelClass = await createTenantResource(system, "classes", { title: "Hotels class", type: "object", allOf: [{ $ref: RECORD }] });
  const hotelFields = await createTenantResource(system, "fieldgroups", fieldGroup("Hotel details", hotelClass.$id, { hotelId: { type: "string" }, email: { type: "string" } }));
  hotels = await createTenantResource(system, "schemas", { type: "object", title: "Hotels", allOf: [{ $ref: hotelClass.$id }, { $ref: hotelFields.$id }] });
  const hotelIdentity = await post({ "@type": "xdm:descriptorIdentity", "xdm:sourceSchema": hotels.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": `/${TENANT}/hotelId`, "xdm:namespace": "Hotel ID", "xdm:isPrimary": true });
  expect(hotelIdentity.status, hotelIdentity.text).toBe(201);
  favourite = await createTenantResource(system, "fieldgroups", fieldGroup("Favorite hotel", PROFILE, { favoriteHotel: { type: "string" } }));
  loyalty = await createTenantResource(system, "schemas", profileSchema("Loyalty Members", [IDENTITY_MAP, favourite.$id]));
  const enabled = await call(system, "PATCH", `${REGISTRY}/tenant/schemas/${encoded(loyalty.$id)}`, { body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }] });
  expect(enabled.status, enabled.text).toBe(200);
});
afterAll(() => system.close());

describe("a relationship between two schemas", () => {
  it("refuses a one-to-one on a Profile-enabled schema whose field has no reference identity, naming the fix, and leaves the schema editable", async () => {
    // a reference identity on the destination schema does not give the source field one
    const onHotels = await post({ "@type": "xdm:descriptorReferenceIdentity", "xdm:sourceSchema": hotels.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": `/${TENANT}/email`, "xdm:identityNamespace": "Email" });
    expect(onHotels.status, onHotels.text).toBe(201);
    const refused = await post(oneToOne());
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1526-400");
    expect(refused.body.errorMessage).toContain(`${loyalty.$id} has none on /${TENANT}/favoriteHotel`);
    await expectEdited("schemas", loyalty.$id, "still editable");
    await expectEdited("fieldgroups", favourite.$id, "still editable");
  });

  it("accepts the tutorial's sequence, reference identity on the source field then the one-to-one, and leaves both schemas editable", async () => {
    const reference = await post({ "@type": "xdm:descriptorReferenceIdentity", "xdm:sourceSchema": loyalty.$id, "xdm:sourceVersion": 1, "xdm:sourceProperty": `/${TENANT}/favoriteHotel`, "xdm:identityNamespace": "Hotel ID" });
    expect(reference.status, reference.text).toBe(201);
    const link = await post(oneToOne());
    expect(link.status, link.text).toBe(201);
    await expectEdited("schemas", loyalty.$id, "Members of the loyalty program");
    await expectEdited("fieldgroups", favourite.$id, "The member's favourite hotel");
    await expectEdited("schemas", hotels.$id, "Hotels of the chain");
    // the reference identity the relationship needs cannot go while the relationship stays
    const removed = await call(system, "DELETE", `${DESCRIPTORS}/${reference.body["@id"]}`);
    expect(removed.status).toBe(400);
    expect(removed.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1526-400");
  });
});
