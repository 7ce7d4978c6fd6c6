/**
 * AEP's map functions (map_get_values, map_has_keys, add_to_map, object_to_map, array_to_map) over a MAP column as a run reads
 * it, through the mapping preview with the table's column types, and over an object of the sample row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const EL = "/data/foundation/conversion/languages/el";
const PREVIEW = "/data/foundation/conversion/mappingSets/preview";

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, {
    title: "Map functions",
    type: "object",
    properties: {
      _id: { type: "string" },
      crm: { type: "string" },
      crmAndEcid: { type: "array", items: { type: "string" } },
      hasCrm: { type: "boolean" },
      attributes: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
      attributes2: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
      visitsById: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "object", properties: { id: { type: "string" }, page: { type: "string" } } } },
      visitsById2: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "object", properties: { id: { type: "string" }, page: { type: "string" } } } },
    },
  });
});
afterAll(() => system.close());

const columns = [
  { name: "id", type: "string" },
  { name: "ids", type: "map<string,string>" },
  { name: "extra", type: "map<string,string>" },
];
const rows = [
  { id: "c-1", ids: { crm: "X1", ecid: "E1" }, extra: { crm: "other", tier: "gold" } },
  { id: "c-2", ids: { ecid: "E2" }, extra: null },
  { id: "c-3", ids: null, extra: { tier: "silver" } },
];

async function preview(mappings: Array<{ source: string; destination: string }>) {
  const reply = await call(system, "POST", PREVIEW, {
    body: { mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ source: "id", destination: "_id" }, ...mappings.map((m) => ({ sourceType: "EXPRESSION", ...m }))] }, data: rows, columns },
  });
  expect(reply.status, reply.text).toBe(200);
  return (reply.body as Array<{ data: Record<string, unknown> | null; errors: unknown }>).map((row) => row.data ?? row.errors);
}

describe("AEP's map functions", () => {
  it("reads a MAP column's values at a key or at a list of keys, each value once and keys without one left out", async () => {
    expect(await preview([{ source: 'map_get_values(ids, "crm")', destination: "crm" }, { source: 'map_get_values(ids, ["crm", "ecid", "none", "crm"])', destination: "crmAndEcid" }])).toEqual([
      { _id: "c-1", crm: "X1", crmAndEcid: ["X1", "E1"] },
      { _id: "c-2", crmAndEcid: ["E2"] },
      { _id: "c-3" },
    ]);
  });

  it("says whether a MAP column has a key, or any of a list of keys", async () => {
    expect(await preview([{ source: 'map_has_keys(ids, "crm")', destination: "hasCrm" }])).toEqual([
      { _id: "c-1", hasCrm: true },
      { _id: "c-2", hasCrm: false },
      { _id: "c-3", hasCrm: false },
    ]);
    expect((await preview([{ source: 'map_has_keys(ids, ["none", "ecid"])', destination: "hasCrm" }])).map((row) => (row as { hasCrm: boolean }).hasCrm)).toEqual([true, true, false]);
  });

  it("merges maps into one, the first value of a repeated key kept, a null map adding nothing", async () => {
    expect(await preview([{ source: "add_to_map(ids, extra)", destination: "attributes" }])).toEqual([
      { _id: "c-1", attributes: { crm: "X1", ecid: "E1", tier: "gold" } },
      { _id: "c-2", attributes: { ecid: "E2" } },
      { _id: "c-3", attributes: { tier: "silver" } },
    ]);
  });

  it("makes a map of key/value pairs, of an object's members, or of an array's objects by one of their attributes", async () => {
    const validate = async (expression: string) => {
      const reply = await call(system, "POST", `${EL}/validate`, {
        body: { expression, sampleData: { name: "Ada", age: 36, address: { city: "London", zip: null }, visits: [{ id: "v1", page: "home" }, { id: "v2", page: "cart" }, { id: "v1", page: "again" }] } },
      });
      expect(reply.status, reply.text).toBe(200);
      return reply.body.result;
    };
    expect(await validate('object_to_map("first", name, "age", age, "first", "again")')).toEqual({ first: "Ada", age: "36" });
    expect(await validate("object_to_map(address)")).toEqual({ city: "London" });
    expect(await validate('object_to_map(visits, "id")')).toEqual({ v1: { id: "v1", page: "home" }, v2: { id: "v2", page: "cart" } });
    expect(await validate('array_to_map(visits, "page")')).toEqual({ home: { id: "v1", page: "home" }, cart: { id: "v2", page: "cart" }, again: { id: "v1", page: "again" } });
    const odd = await call(system, "POST", `${EL}/validate`, { body: { expression: 'object_to_map("a", 1, "b")' } });
    expect(odd.body.errorMessage).toContain("each key needs its value");
    expect(await preview([{ source: 'object_to_map("crm", map_get_values(ids, "crm"), "tier", map_get_values(extra, "tier"))', destination: "attributes" }])).toEqual([
      { _id: "c-1", attributes: { crm: "X1", tier: "gold" } },
      { _id: "c-2" },
      { _id: "c-3", attributes: { tier: "silver" } },
    ]);
  });

  it("are taken in a mapping set that does not say its source's columns, as a MAP column's fields are then unknown", async () => {
    const sources = ['map_get_values(ids, ["crm", "ecid"])', 'map_has_keys(ids, "crm")', "add_to_map(ids, extra)", 'array_to_map(visits, "id")', 'object_to_map(visits, "id")', "object_to_map(ids)"];
    const destinations = ["crmAndEcid", "hasCrm", "attributes", "visitsById", "visitsById2", "attributes2"];
    const mappings = sources.map((source, i) => ({ sourceType: "EXPRESSION", source, destination: destinations[i] }));
    const created = await call(system, "POST", "/data/foundation/conversion/mappingSets", { body: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ source: "id", destination: "_id" }, ...mappings] } });
    expect(created.status, created.text).toBe(200);
  });

  it("reads an object of the sample row by its members' names, and refuses what is no map saying so", async () => {
    const validate = (expression: string) => call(system, "POST", `${EL}/validate`, { body: { expression, sampleData: { book: { author: "Martin", price: "17.99" } } } });
    expect((await validate('map_get_values(book, "author")')).body.result).toBe("Martin");
    expect((await validate('map_has_keys(book, "isbn")')).body.result).toBe(false);
    expect((await validate('map_has_keys(book, "price")')).body.result).toBe(true);
    const refused = await validate('map_has_keys("text", "a")');
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toContain("map_has_keys: a string value is not a map");
  });
});
