/**
 * A source path into a MAP column's keys (`ids.crm`), as an expression reads it: mapped by the plan
 * a run uses, through the mapping preview with the table's column types.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createSchema } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const PREVIEW = "/data/foundation/conversion/mappingSets/preview";

let system: TestSystem;
let schemaId: string;

beforeAll(async () => {
  system = await startTestSystem();
  schemaId = await createSchema(system, {
    title: "Map column sources",
    type: "object",
    properties: {
      _id: { type: "string" },
      city: { type: "string" },
      identityMap: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } } },
    },
  });
});
afterAll(() => system.close());

const columns = [
  { name: "id", type: "string" },
  { name: "ids", type: "map<string,string>" },
  { name: "places", type: "map<string,struct<city:string,zip:string>>" },
];
const data = [
  { id: "c-1", ids: { crm: "X1", "e.mail": "ada@example.com" }, places: { home: { city: "London", zip: "N1" } } },
  { id: "c-2", ids: { ecid: "E2" }, places: null },
];

const preview = (mappings: Array<{ source: string; destination: string }>) =>
  call(system, "POST", PREVIEW, { body: { mappingSet: { outputSchema: { schemaRef: { id: schemaId } }, mappings: [{ source: "id", destination: "_id" }, ...mappings] }, data, columns } });

describe("a source path into a MAP column", () => {
  it("reads the value at a key, a key written with ${…} and a member of a key's value; a row without the key has none", async () => {
    const reply = await preview([
      { source: "ids.crm", destination: "identityMap.CRM[0].id" },
      { source: "ids.${e.mail}", destination: "identityMap.Email[0].id" },
      { source: "places.home.city", destination: "city" },
    ]);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toEqual([
      { data: { _id: "c-1", city: "London", identityMap: { CRM: [{ id: "X1" }], Email: [{ id: "ada@example.com" }] } }, errors: null },
      { data: { _id: "c-2" }, errors: null },
    ]);
  });

  it("refuses a member of a key's value that the value does not have, naming the column", async () => {
    const reply = await preview([{ source: "places.home.street", destination: "city" }]);
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain("source attribute places.home.street is not a member of the column places (MAP(VARCHAR, STRUCT(city VARCHAR, zip VARCHAR)), as columns types it)");
  });

  it("answers a mistyped column with the one it most likely meant", async () => {
    const reply = await preview([{ source: "plcaes.home.city", destination: "city" }]);
    expect(reply.status).toBe(400);
    expect(reply.body.errorMessage).toContain("source attribute plcaes.home.city is not one of the columns sent with the sample rows (columns: id, ids, places); did you mean the column places?");
  });
});
