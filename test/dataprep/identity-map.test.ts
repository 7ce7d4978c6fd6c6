/**
 * Mappings into the keys of a map field, as AEP users map identities: `identityMap.Email[0].id`,
 * `identityMap.ECID[0].id`, `identityMap.Phone[*].id` under the standard IdentityMap field group.
 * The mapping set is made, the preview shows the map, and a run writes it into the dataset's Delta
 * table; an identity whose id is null in a row is left out of that row's map, as it is from a whole
 * map of identities mapped to identityMap at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, sql, waitForRuns } from "../support/journey.js";

let system: TestSystem;

const identitySchema = {
  title: "Customers with identities",
  type: "object",
  allOf: [{ $ref: "https://ns.adobe.com/xdm/context/profile" }, { $ref: "https://ns.adobe.com/xdm/context/identitymap" }],
};

const identityMappings = [
  { sourceType: "ATTRIBUTE", source: "customer_id", destination: "_id" },
  { sourceType: "ATTRIBUTE", source: "email", destination: "identityMap.Email[0].id" },
  { sourceType: "STATIC", source: true, destination: "identityMap.Email[0].primary" },
  { sourceType: "STATIC", source: "authenticated", destination: "identityMap.Email[0].authenticatedState" },
  { sourceType: "ATTRIBUTE", source: "ecid", destination: "identityMap.ECID[0].id" },
  { sourceType: "ATTRIBUTE", source: "phones[*]", destination: "identityMap.Phone[*].id" },
];

const ada = { id: "ada@example.com", authenticatedState: "authenticated", primary: true };

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await sql(system, "CREATE TABLE demo.identified (customer_id STRING, email STRING, ecid STRING, phones ARRAY<STRING>) USING DELTA");
  await sql(system, "INSERT INTO demo.identified VALUES ('c-1', 'ada@example.com', '0123', array('+49 1', '+49 2')), ('c-2', NULL, '4567', array())");
});
afterAll(() => system.close());

describe("identityMap keys as mapping destinations", () => {
  it("makes a mapping set into identityMap keys and previews the identities each row holds", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.identified", schema: identitySchema, mappings: identityMappings, columns: [] });
    const mappingSet = await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`);
    expect(mappingSet.status, mappingSet.text).toBe(200);
    expect(mappingSet.body.mappings.map((m: { destination: string }) => m.destination)).toContain("identityMap.Email[0].id");

    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: {
        mappingSet: { outputSchema: mappingSet.body.outputSchema, mappings: identityMappings },
        data: [
          { customer_id: "c-1", email: "ada@example.com", ecid: "0123", phones: ["+49 1", "+49 2"] },
          { customer_id: "c-2", email: null, ecid: "4567", phones: [] },
        ],
      },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toEqual([
      { data: { _id: "c-1", identityMap: { Email: [ada], ECID: [{ id: "0123" }], Phone: [{ id: "+49 1" }, { id: "+49 2" }] } }, errors: null },
      // no email: no Email identity, though its primary and state are constants; no phone: no Phone key
      { data: { _id: "c-2", identityMap: { ECID: [{ id: "4567" }] } }, errors: null },
    ]);

    const wrongKeyStep = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: mappingSet.body.xdmSchema, mappings: [{ source: "email", destination: "identityMap.Email[0].nope" }] } });
    expect(wrongKeyStep.status).toBe(400);
    expect(wrongKeyStep.body.errorMessage).toContain("identityMap.Email[0].nope is not a field of the schema");
  });

  it("leaves out of a whole map mapped to identityMap an identity without an id, and a namespace left with none", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.identified", schema: identitySchema, mappings: identityMappings, columns: [] });
    const mappingSet = await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`);
    const wholeMap = [
      { sourceType: "ATTRIBUTE", source: "customer_id", destination: "_id" },
      { sourceType: "ATTRIBUTE", source: "identities", destination: "identityMap" },
    ];
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, {
      body: {
        mappingSet: { outputSchema: mappingSet.body.outputSchema, mappings: wholeMap },
        columns: [
          { name: "customer_id", type: "string" },
          { name: "identities", type: "map<string,array<struct<id:string,primary:boolean>>>" },
        ],
        data: [
          { customer_id: "c-1", identities: { Email: [{ id: null, primary: true }, { id: "ada@example.com", primary: false }], ECID: [{ id: null, primary: false }] } },
          { customer_id: "c-2", identities: { Email: [{ id: null, primary: true }] } },
        ],
      },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toEqual([
      { data: { _id: "c-1", identityMap: { Email: [{ id: "ada@example.com", primary: false }] } }, errors: null },
      { data: { _id: "c-2" }, errors: null },
    ]);
  });

  it("writes the identities into the dataset's identityMap in a run", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.identified", schema: identitySchema, mappings: identityMappings, columns: [] });
    const flow = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
    expect(flow.status, flow.text).toBe(201);
    const runs = await waitForRuns(system, flow.body.id, 1);
    expect(runs[0].metrics.statusSummary.status, JSON.stringify(runs[0])).toBe("success");
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT _id, typeof(identityMap) AS type, to_json(identityMap)::VARCHAR AS identities FROM $table ORDER BY _id");
    expect(rows.map((row) => ({ ...row, identities: JSON.parse(String(row.identities)) }))).toEqual([
      {
        _id: "c-1",
        type: "MAP(VARCHAR, STRUCT(authenticatedState VARCHAR, id VARCHAR, \"primary\" BOOLEAN)[])",
        identities: {
          Email: [ada],
          ECID: [{ id: "0123", authenticatedState: null, primary: null }],
          Phone: [
            { id: "+49 1", authenticatedState: null, primary: null },
            { id: "+49 2", authenticatedState: null, primary: null },
          ],
        },
      },
      { _id: "c-2", type: expect.stringMatching(/^MAP\(VARCHAR, /), identities: { ECID: [{ id: "4567", authenticatedState: null, primary: null }] } },
    ]);
  });
});
