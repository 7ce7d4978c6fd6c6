import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * The members the registry sets ($id, meta:altId, meta:resourceType, version,
 * meta:registryMetadata) are never silently kept as they were when a change names other values: a
 * PATCH that changes one, or a PUT naming another resource's $id, is XDM-1000-400 naming the member,
 * and the resource is left as it was (docs/api/schemaregistry.md#replace-and-patch). A body read with
 * GET still goes back with PUT.
 */
describe("the registry's own members in a PUT or PATCH", () => {
  let system: TestSystem;
  let schemaId: string;
  const url = () => `${SCHEMAS}/${encodeURIComponent(schemaId)}`;
  const stored = async () => (await call(system, "GET", url(), { headers: { accept: "application/vnd.adobe.xed+json;version=1" } })).body;

  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system);
  });
  afterAll(() => system.close());

  it.each([
    [{ op: "replace", path: "/$id", value: "https://ns.adobe.com/test/schemas/0123456789abcdef0123456789abcdef" }, "$id"],
    [{ op: "remove", path: "/$id" }, "$id"],
    [{ op: "replace", path: "/meta:altId", value: "_test.schemas.other" }, "meta:altId"],
    [{ op: "replace", path: "/meta:resourceType", value: "classes" }, "meta:resourceType"],
    [{ op: "replace", path: "/version", value: "9.0" }, "version"],
    [{ op: "replace", path: "/meta:registryMetadata/repo:createdDate", value: 1 }, "meta:registryMetadata"],
  ])("refuses a PATCH changing a member the registry sets (case %#), naming it, and changes nothing", async (op, member) => {
    const before = await stored();
    const reply = await call(system, "PATCH", url(), { body: [{ op: "replace", path: "/description", value: "changed" }, op] });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/XDM-1000-400");
    expect(reply.body.report.property).toBe(member);
    expect(reply.body.errorMessage).toContain(`The schema is not valid: ${member} cannot be changed: `);
    expect(reply.body.errorMessage).toContain(`Take the operation on /${member} out of the PATCH`);
    expect(await stored()).toEqual(before);
  });

  it("says which $id the schema has and that another is a new schema", async () => {
    const reply = await call(system, "PATCH", url(), { body: [{ op: "replace", path: "/$id", value: "https://ns.adobe.com/test/schemas/x" }] });
    expect(reply.body.errorMessage).toContain(`(the schema's is ${schemaId})`);
    expect(reply.body.errorMessage).toContain("for another $id, create a new resource");
  });

  it("refuses a PUT whose $id is another's, and takes one read with GET, its older version and metadata included", async () => {
    const before = await stored();
    const other = await call(system, "PUT", url(), { body: { ...before, $id: "https://ns.adobe.com/test/schemas/0123456789abcdef0123456789abcdef", description: "other" } });
    expect(other.status, other.text).toBe(400);
    expect(other.body.report.property).toBe("$id");
    expect(other.body.errorMessage).toContain("Leave $id out of the PUT, or send it as GET answers it");
    expect(await stored()).toEqual(before);

    const put = await call(system, "PUT", url(), { body: { ...before, description: "sent back" } });
    expect(put.status, put.text).toBe(200);
    const again = await call(system, "PUT", url(), { body: { ...before, description: "sent back again" } });
    expect(again.status, again.text).toBe(200);
    expect((await stored()).description).toBe("sent back again");
  });
});
