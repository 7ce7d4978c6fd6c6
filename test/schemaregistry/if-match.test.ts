import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

/**
 * A PUT or PATCH of a tenant resource that carries If-Match is made only over the version the
 * client read (its meta:registryMetadata.eTag), as on Flow Service resources: another version is
 * 412 and the resource stays as it was (docs/api/schemaregistry.md#replace-and-patch). Without
 * If-Match a change goes through, as aepp sends none.
 */
describe("If-Match on Schema Registry changes", () => {
  let system: TestSystem;
  let schemaId: string;
  const url = () => `${SCHEMAS}/${encodeURIComponent(schemaId)}`;
  const eTagOf = async () => (await call(system, "GET", url(), { headers: { accept: "application/vnd.adobe.xed+json;version=1" } })).body["meta:registryMetadata"].eTag as string;

  beforeAll(async () => {
    system = await startTestSystem();
    schemaId = await createSchema(system);
  });
  afterAll(() => system.close());

  it("refuses a PATCH and a PUT over another version with 412, leaving the schema unchanged", async () => {
    const read = await eTagOf();
    // someone else changes it in between
    expect((await call(system, "PATCH", url(), { body: [{ op: "replace", path: "/description", value: "theirs" }] })).status).toBe(200);
    const stale = await call(system, "PATCH", url(), { headers: { "if-match": `"${read}"` }, body: [{ op: "replace", path: "/description", value: "mine" }] });
    expect(stale.status, stale.text).toBe(412);
    expect(stale.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1404-412");
    expect(stale.body.errorMessage).toContain(await eTagOf());
    const stored = (await call(system, "GET", url(), { headers: { accept: "application/vnd.adobe.xed+json;version=1" } })).body;
    expect(stored.description).toBe("theirs");
    const put = await call(system, "PUT", url(), { headers: { "if-match": read }, body: { ...stored, description: "mine" } });
    expect(put.status, put.text).toBe(412);
    expect((await call(system, "GET", url(), { headers: { accept: "application/vnd.adobe.xed+json;version=1" } })).body.description).toBe("theirs");
  });

  it("makes the change over the version read, quoted or not, and over any with *", async () => {
    for (const spell of [(eTag: string) => eTag, (eTag: string) => `"${eTag}"`, () => "*"]) {
      const ifMatch = spell(await eTagOf());
      const reply = await call(system, "PATCH", url(), { headers: { "if-match": ifMatch }, body: [{ op: "replace", path: "/description", value: `with ${ifMatch}` }] });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.description).toBe(`with ${ifMatch}`);
    }
  });
});
