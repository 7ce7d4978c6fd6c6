/**
 * Every list that takes `property` filters refuses one comparing a number, time or true/false field
 * with text that is none of its values (FLOW-1453-400 naming the field, the value and the form it
 * takes), where it answered an empty list as if nothing matched. Numbers are taken as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createDataset, createSchema, DATASETS, FS, MAPPING_SETS, SCHEMAS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";

const CATALOG = "/data/foundation/catalog";
const TIME = (path: string, value: string) => `${path} is a time in epoch milliseconds, and ${value} is not one: send it as property=${path}>1796049000000`;

describe("list filters on number and time fields", () => {
  let system: TestSystem;
  let datasetId: string;
  let mappingSetId: string;
  beforeAll(async () => {
    system = await startTestSystem();
    const schemaId = await createSchema(system);
    datasetId = await createDataset(system, schemaId, "typed filter values");
    const mappingSet = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [{ sourceAttribute: "id", destinationXdmPath: "_id" }] } });
    if (mappingSet.status !== 200) throw new Error(mappingSet.text);
    mappingSetId = mappingSet.body.id;
  });
  afterAll(() => system?.close());

  const get = (path: string, filter: string) =>
    call(system, "GET", `${path}?property=${encodeURIComponent(filter)}`, { headers: path.startsWith(SCHEMAS) ? { accept: "application/vnd.adobe.xed-id+json" } : {} });

  it.each([
    [`${FS}/flows`, "createdAt>abc", TIME("createdAt", "abc")],
    [`${FS}/connections`, "updatedAt==yesterday", TIME("updatedAt", "yesterday")],
    [`${FS}/sourceConnections`, "createdAt<=2026-01-01", TIME("createdAt", "2026-01-01")],
    [`${FS}/targetConnections`, "updatedAt!=1,soon", TIME("updatedAt", "soon")],
    [`${FS}/flows`, "lastRunDetails.startedAtUTC>today", "lastRunDetails.startedAtUTC is a time in epoch milliseconds (or null), and today is not one: send it as property=lastRunDetails.startedAtUTC>1796049000000"],
    [`${FS}/runs`, "metrics.recordSummary.outputRecordCount>many", "metrics.recordSummary.outputRecordCount is a number, and many is not one: send it as property=metrics.recordSummary.outputRecordCount>=10"],
    [`${FS}/runs`, "activities[].updatedAtUTC<now", TIME("activities[].updatedAtUTC", "now")],
    [DATASETS, "created>x", TIME("created", "x")],
    [DATASETS, "updated~^17", "updated is a time in epoch milliseconds, which a regular expression (~, over text) never matches: compare it with ==, !=, <, >, <= or >=, as property=updated>1796049000000"],
    [`${CATALOG}/batches`, "completed>=noon", "completed is a time in epoch milliseconds (or null), and noon is not one: send it as property=completed>1796049000000"],
    [`${CATALOG}/batches`, "metrics.outputRecordCount>many", "metrics.outputRecordCount is a number, and many is not one: send it as property=metrics.outputRecordCount>=10"],
    [`${CATALOG}/dataSetFiles`, "isValid==yes", "isValid is true or false, and yes is neither: send it as property=isValid==true"],
    [SCHEMAS, "meta:registryMetadata.repo:createdDate>2024-01-01", TIME("meta:registryMetadata.repo:createdDate", "2024-01-01")],
    [MAPPING_SETS, "createdDate>abc", TIME("createdDate", "abc")],
    [MAPPING_SETS, "modifiedDate<=2026-01-01", TIME("modifiedDate", "2026-01-01")],
    [MAPPING_SETS, "version==latest", "version is a number, and latest is not one: send it as property=version>=10"],
    [MAPPING_SETS, "mappings[].createdDate>yesterday", TIME("mappings[].createdDate", "yesterday")],
  ])("%s refuses property=%s, saying what the field takes", async (path, filter, why) => {
    const reply = await get(path, filter);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1453-400");
    expect(reply.body.errorMessage).toBe(`Invalid query value ${filter} provided in query param: ${why}.`);
  });

  it("refuses a Catalog simple filter comparing a time with text, written as the parameter it was", async () => {
    const reply = await call(system, "GET", `${CATALOG}/batches?created=yesterday`);
    expect(reply.status, reply.text).toBe(400);
    expect(reply.body.type).toBe("https://ns.adobe.com/aep/errors/CAT-1001-400");
    expect(reply.body.errorMessage).toContain("created is a time in epoch milliseconds, and yesterday is not one: send it as created=1796049000000");
  });

  it("takes numbers, and null on a field that may be null", async () => {
    const datasets = await get(DATASETS, "created>1000");
    expect(datasets.status, datasets.text).toBe(200);
    expect(Object.keys(datasets.body)).toContain(datasetId);
    expect(Object.keys((await get(DATASETS, "created<1000")).body)).toEqual([]);
    const mappingSets = await get(MAPPING_SETS, "createdDate>1000");
    expect(mappingSets.status, mappingSets.text).toBe(200);
    expect(mappingSets.body.data.map((set: { id: string }) => set.id)).toContain(mappingSetId);
    expect((await get(MAPPING_SETS, "createdDate<1000")).body.data).toEqual([]);
    for (const [path, filter] of [
      [`${FS}/connections`, "createdAt>1796049000000"],
      [`${FS}/runs`, "metrics.recordSummary.outputRecordCount>=10"],
      [`${FS}/flows`, "lastRunDetails.startedAtUTC==null"],
      [`${CATALOG}/batches`, "completed!=null"],
      [`${CATALOG}/dataSetFiles`, "isValid==TRUE"],
      [SCHEMAS, "meta:registryMetadata.repo:createdDate>0"],
      [MAPPING_SETS, "version==0"],
    ]) {
      const reply = await get(path, filter);
      expect(reply.status, `${path} ${filter}: ${reply.text}`).toBe(200);
    }
  });
});
