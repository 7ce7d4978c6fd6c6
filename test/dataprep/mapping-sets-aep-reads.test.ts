/**
 * AEP's documented mapping set requests, replayed unchanged: the list's limit, start (an offset),
 * name and orderBy; expandSchema on a read and on the list; PUT answering the whole new version;
 * a create body naming its schema by a top-level schemaRef.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema, MAPPING_SETS, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

let system: TestSystem;
let schemaId: string;
/** the mapping sets this file made, oldest first */
const made: string[] = [];

const FULL = "application/vnd.adobe.xed-full+json;version=1";
const body = (name: string) => ({ name, outputSchema: { schemaRef: { id: schemaId, contentType: FULL } }, mappings: [{ sourceType: "ATTRIBUTE", source: "id", destination: "_id" }] });
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, { title: "AEP reads", type: "object", properties: { _id: { type: "string" }, person: { type: "object", properties: { name: { type: "string" } } } } });
  for (const name of ["first", "second", "third", "second"]) {
    const created = await call(system, "POST", MAPPING_SETS, { body: body(name) });
    if (created.status !== 200) throw new Error(created.text);
    made.push(created.body.id);
    await pause();
  }
  // the oldest becomes the latest updated
  const put = await call(system, "PUT", `${MAPPING_SETS}/${made[0]}`, { body: body("first") });
  if (put.status !== 200) throw new Error(put.text);
});
afterAll(() => system.close());

const ids = (reply: { body: { data: Array<{ id: string }> } }) => reply.body.data.map((m) => m.id);

describe("GET /mappingSets as AEP documents it", () => {
  it("answers AEP's example limit=2&start=0 with the first page, and start as an offset pages through all of them", async () => {
    const first = await call(system, "GET", `${MAPPING_SETS}?limit=2&start=0`);
    expect(first.status, first.text).toBe(200);
    expect(ids(first)).toEqual(made.slice(0, 2));
    expect(first.body._page).toEqual({ count: 2, limit: 2 });
    expect(first.body._links.next.href).toBe(`${MAPPING_SETS}?limit=2&start=2`);
    const second = await call(system, "GET", first.body._links.next.href);
    expect(ids(second)).toEqual(made.slice(2, 4));
    expect(second.body._links).toEqual({});
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=2&start=3`))).toEqual(made.slice(3));
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=2&start=9`))).toEqual([]);
  });

  it("filters by name and orders by createdDate or updatedDate, with orderBy or orderby", async () => {
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&name=second`))).toEqual([made[1], made[3]]);
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&orderBy=-createdDate`))).toEqual([...made].reverse());
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&orderby=-createdDate`))).toEqual([...made].reverse());
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&orderBy=-updatedDate`))).toEqual([made[0], made[3], made[2], made[1]]);
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&orderBy=%2BupdatedDate`))).toEqual([made[1], made[2], made[3], made[0]]);
    // a property filter on updatedDate reads the modifiedDate the answers carry, as the order does
    const newest = (await call(system, "GET", `${MAPPING_SETS}?limit=1&start=0&orderBy=-updatedDate`)).body.data[0];
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&property=updatedDate>=${newest.modifiedDate}`))).toEqual([made[0]]);
    expect(ids(await call(system, "GET", `${MAPPING_SETS}?limit=10&start=0&property=updatedDate<${newest.modifiedDate}`))).toEqual(made.slice(1));
    // the next page keeps the name and the order
    const page = await call(system, "GET", `${MAPPING_SETS}?limit=1&start=0&name=second&orderBy=-createdDate`);
    expect(ids(page)).toEqual([made[3]]);
    expect(ids(await call(system, "GET", page.body._links.next.href))).toEqual([made[1]]);
  });

  it("refuses a sort field it cannot order by, naming the ones it takes, and a start that is no offset", async () => {
    for (const order of ["-name", "id", "-lastUpdateDate"]) {
      const refused = await call(system, "GET", `${MAPPING_SETS}?limit=2&start=0&orderBy=${order}`);
      expect(refused.status, order).toBe(400);
      expect(refused.text).toContain("createdDate, updatedDate");
    }
    for (const start of ["-1", "x", "1.5"]) {
      const refused = await call(system, "GET", `${MAPPING_SETS}?limit=2&start=${start}`);
      expect(refused.status, start).toBe(400);
      expect(refused.text).toContain(`start=${start}`);
    }
    expect((await call(system, "GET", `${MAPPING_SETS}?limit=2&orderBy=-createdDate&orderby=%2BcreatedDate`)).status).toBe(400);
  });
});

describe("expandSchema", () => {
  it("puts the target schema, resolved as the Schema Registry's xed-full answer, under outputSchema.jsonSchema, on a read and on the list", async () => {
    const lookup = await call(system, "GET", `${SCHEMAS}/${encodeURIComponent(schemaId)}`, { headers: { accept: FULL } });
    expect(lookup.status, lookup.text).toBe(200);
    // the schema itself: what the lookup says of the caller's access is the lookup's
    const { "meta:allFieldAccess": _access, ...schema } = lookup.body;
    const full = { body: schema };
    const expanded = await call(system, "GET", `${MAPPING_SETS}/${made[1]}?expandSchema=true`);
    expect(expanded.status, expanded.text).toBe(200);
    expect(expanded.body.outputSchema).toEqual({ schemaRef: { id: schemaId, contentType: FULL }, jsonSchema: full.body });
    expect(expanded.body.outputSchema.jsonSchema.properties.person.properties.name).toMatchObject({ type: "string" });
    const plain = await call(system, "GET", `${MAPPING_SETS}/${made[1]}`);
    expect(plain.body.outputSchema).toEqual({ schemaRef: { id: schemaId, contentType: FULL } });
    expect((await call(system, "GET", `${MAPPING_SETS}/${made[1]}?expandSchema=false`)).body).toEqual(plain.body);
    const listed = await call(system, "GET", `${MAPPING_SETS}?limit=2&start=0&expandSchema=true`);
    expect(listed.body.data.map((m: { outputSchema: { jsonSchema?: unknown } }) => m.outputSchema.jsonSchema)).toEqual([full.body, full.body]);
    expect((await call(system, "GET", `${MAPPING_SETS}/${made[1]}?expandSchema=yes`)).status).toBe(400);
  });
});

describe("PUT /mappingSets/{id}", () => {
  it("answers the whole new version, as GET then reads it", async () => {
    const put = await call(system, "PUT", `${MAPPING_SETS}/${made[2]}`, { body: { ...body("third"), mappings: [...body("third").mappings, { source: "name", destination: "person.name" }] } });
    expect(put.status, put.text).toBe(200);
    expect(put.body.version).toBe(1);
    expect(put.body.mappings.map((m: { destination: string }) => m.destination)).toEqual(["_id", "person.name"]);
    expect(put.body).toEqual((await call(system, "GET", `${MAPPING_SETS}/${made[2]}`)).body);
  });
});

describe("a create body naming its schema by a top-level schemaRef (AEP's older body, and what its answers carry)", () => {
  it("is taken, and refused when it names another schema than xdmSchema", async () => {
    const created = await call(system, "POST", MAPPING_SETS, { body: { schemaRef: { id: schemaId, contentType: FULL }, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] } });
    expect(created.status, created.text).toBe(200);
    expect((await call(system, "GET", `${MAPPING_SETS}/${created.body.id}`)).body).toMatchObject({ xdmSchema: schemaId, outputSchema: { schemaRef: { id: schemaId } } });
    const other = await createSchema(system, { title: "Another target", type: "object", properties: { _id: { type: "string" } } });
    const both = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: other, schemaRef: { id: schemaId }, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] } });
    expect(both.status).toBe(400);
    expect(both.body.errorMessage).toContain("name different schemas");
    const malformed = await call(system, "POST", MAPPING_SETS, { body: { schemaRef: schemaId, mappings: [{ destinationXdmPath: "_id", sourceAttribute: "id" }] } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errorMessage).toContain("schemaRef must be");
  });
});
