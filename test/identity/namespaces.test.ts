/**
 * The Identity Service's namespaces (docs/api/identity.md): the standard ones, custom ones made, read and renamed per sandbox,
 * and identity descriptors that may name only a namespace the sandbox has.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { createTenantResource, PROFILE, profileSchema, REGISTRY, TENANT } from "../schemaregistry/registry-calls.js";

const NAMESPACES = "/data/core/idnamespace/identities";
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const create = (body: unknown, sandbox?: string) => call(system, "POST", NAMESPACES, { body, sandbox });
const expectRefused = (reply: { status: number; body: any }, status: number, detail: RegExp) => {
  expect(reply.status).toBe(status);
  expect(reply.body.detail).toMatch(detail);
  expect(reply.body.errorMessage).toBe(reply.body.detail);
  expect(reply.body.type).toMatch(new RegExp(`/IDENTITY-\\d{4}-${status}$`));
};

describe("identity namespaces", () => {
  it("lists the standard ones, as AEP's list answer shows them, in every sandbox", async () => {
    const listed = await call(system, "GET", NAMESPACES, { sandbox: "dev" });
    expect(listed.status).toBe(200);
    expect(listed.body.find((n: any) => n.code === "ECID")).toEqual({
      updateTime: 1495153678000,
      code: "ECID",
      status: "ACTIVE",
      description: "ECID Namespace",
      id: 4,
      createTime: 1495153678000,
      idType: "COOKIE",
      name: "ECID",
      custom: false,
    });
    expect(listed.body.map((n: any) => [n.code, n.id])).toEqual(expect.arrayContaining([["Email", 6], ["Phone", 7], ["AdCloud", 411], ["GAID", 20914]]));
    expect((await call(system, "GET", `${NAMESPACES}/6`)).body).toMatchObject({ code: "Email", custom: false });
  });

  it("makes a custom one (AEP's example), reads it by id, lists it in its sandbox only, and renames it", async () => {
    const made = await create({ name: "Loyalty Member", code: "Loyalty", description: "Loyalty Program Member ID", idType: "Cross_device" });
    expect(made.status, made.text).toBe(200);
    expect(made.body).toMatchObject({ code: "Loyalty", name: "Loyalty Member", description: "Loyalty Program Member ID", idType: "Cross_device", status: "ACTIVE", custom: true });
    expect(String(made.body.id)).toMatch(/^\d{8}$/);
    expect(made.body.createTime).toBe(made.body.updateTime);
    const id = made.body.id;
    expect((await call(system, "GET", `${NAMESPACES}/${id}`)).body).toEqual(made.body);
    expect((await call(system, "GET", NAMESPACES)).body.at(-1)).toEqual(made.body);
    expect((await call(system, "GET", NAMESPACES, { sandbox: "dev" })).body.some((n: any) => n.code === "Loyalty")).toBe(false);
    expectRefused(await call(system, "GET", `${NAMESPACES}/${id}`, { sandbox: "dev" }), 404, new RegExp(`namespace ${id} is not found`));

    const renamed = await call(system, "PUT", `${NAMESPACES}/${id}`, { body: { name: "Loyalty programme member", description: "" } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ id, code: "Loyalty", name: "Loyalty programme member", description: "", idType: "Cross_device" });
    expect((await call(system, "GET", `${NAMESPACES}/${id}`)).body.name).toBe("Loyalty programme member");
    expectRefused(await call(system, "PUT", `${NAMESPACES}/${id}`, { body: { name: "x", code: "Points" } }), 400, /code of namespace \d+ is Loyalty and cannot change/);
    expectRefused(await call(system, "PUT", `${NAMESPACES}/${id}`, { body: { name: "x", idType: "EMAIL" } }), 400, /idType of namespace \d+ is Cross_device and cannot change/);
    expectRefused(await call(system, "PUT", `${NAMESPACES}/6`, { body: { name: "Mail" } }), 400, /Email \(id 6\) is a standard one, which cannot be changed/);
  });

  it("refuses a code taken, whatever its case, and a body that says what is wrong with it", async () => {
    expectRefused(await create({ name: "Mail", code: "EMAIL", idType: "EMAIL" }), 409, /code EMAIL is taken by the standard identity namespace Email \(id 6\)/);
    expect((await create({ name: "Hotel", code: "HotelId", idType: "CROSS_DEVICE" }, "dev")).status).toBe(200);
    expectRefused(await create({ name: "Hotel", code: "hotelid", idType: "CROSS_DEVICE" }, "dev"), 409, /taken by the custom identity namespace HotelId/);
    expectRefused(await create({ name: "Points", code: "Points" }), 400, /field idType is missing/);
    expectRefused(await create({ name: "Points", code: "Points", idType: "PERSON" }), 400, /idType "PERSON" is not an identity type: give one of COOKIE, DEVICE, CROSS_DEVICE, EMAIL, PHONE, NON_PEOPLE/);
    expectRefused(await create({ name: "Points", code: " Points", idType: "DEVICE" }), 400, /code " Points" must be at most 64 characters, none a control character, with no space at either end/);
    expectRefused(await create({ name: "Points", code: "Points", idType: "DEVICE", kind: "x" }), 400, /field kind is not one a namespace takes/);
    expectRefused(await create([1]), 400, /body must be a JSON object/);
    expectRefused(await call(system, "GET", `${NAMESPACES}/77`), 404, /namespace 77 is not found/);
  });
});

describe("an identity descriptor", () => {
  let schemaId: string;
  beforeAll(async () => {
    const fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Identity namespaces FG",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      properties: { [TENANT]: { type: "object", properties: { memberId: { type: "string" }, hotelId: { type: "string" } } } },
    });
    schemaId = (await createTenantResource(system, "schemas", profileSchema("Identity namespaces schema", [fieldGroup.$id]))).$id;
  });
  const descriptor = (field: string, fields: Record<string, unknown>) =>
    call(system, "POST", `${REGISTRY}/tenant/descriptors`, { body: { "@type": "xdm:descriptorIdentity", "xdm:sourceSchema": schemaId, "xdm:sourceVersion": 1, "xdm:sourceProperty": `/${TENANT}/${field}`, ...fields } });

  it("names a namespace of its sandbox, by code in any case or by id, and is refused a code no namespace has, with the call that makes one", async () => {
    const unknown = await descriptor("memberId", { "xdm:namespace": "Membr", "xdm:property": "xdm:code" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.type).toMatch(/XDM-1060-400$/);
    expect(unknown.body.errorMessage).toMatch(/xdm:namespace "Membr" is not the code of an identity namespace of this sandbox, which has CORE, ECID, Email, .*Create the namespace first: POST \/data\/core\/idnamespace\/identities/i);

    const member = await create({ name: "Member", code: "Member", idType: "CROSS_DEVICE" });
    expect((await descriptor("memberId", { "xdm:namespace": "member", "xdm:property": "xdm:code" })).status).toBe(201);
    expect((await descriptor("hotelId", { "xdm:namespace": 999, "xdm:property": "xdm:id" })).body.errorMessage).toMatch(/xdm:namespace "999" is not the id of an identity namespace.* \d{8} \(Member\)/);
    expect((await descriptor("hotelId", { "xdm:namespace": member.body.id, "xdm:property": "xdm:id" })).status).toBe(201);
  });
});
