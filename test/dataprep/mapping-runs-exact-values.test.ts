/**
 * Values a run stores exactly whatever else the mapping set and the source hold: a DECIMAL in an
 * array element built by index stays a DECIMAL when another element leaves that field unmapped, and
 * the functions whose SQL has lambdas (str_to_object, get_url_query_str) work when the source has
 * columns named like their parameters (`e`, `x`, `pair`) — through validate, preview and a run —
 * as do a map's conversion and an array zipped from lists (`v0`, `dst_i`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, sql, waitForRuns } from "../support/journey.js";

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await sql(system, "CREATE TABLE demo.priced (id STRING, amt DECIMAL(38,18), sku STRING) USING DELTA");
  await sql(system, "INSERT INTO demo.priced VALUES ('p-1', 199998.000000000000199998, 'a'), ('p-2', NULL, 'b')");
  await sql(system, "CREATE TABLE demo.named_like_lambdas (id STRING, e STRING, x STRING, pair STRING, t STRING, u STRING, v0 STRING, m MAP<STRING, STRING>, dst_i ARRAY<STRING>) USING DELTA");
  await sql(system, "INSERT INTO demo.named_like_lambdas VALUES ('k-1', 'zz', 'yy', '=', 'k=v;k2=v2;k=again', 'https://a.com/p?a=1&b=2&a=3', 'ww', map('c', 'd'), array('a', 'b'))");
});
afterAll(() => system.close());

const once = () => ({ startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" });

async function runFlow(pipeline: Parameters<typeof flowBody>[0]): Promise<void> {
  const flow = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, once()) });
  expect(flow.status, flow.text).toBe(201);
  const runs = await waitForRuns(system, flow.body.id, 1);
  expect(runs[0].metrics.statusSummary.status, JSON.stringify(runs[0])).toBe("success");
}

async function preview(pipeline: { mappingId: string; sourceId: string }, mappings: object[]) {
  const mappingSet = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body;
  const reply = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: mappingSet.outputSchema, mappings }, sourceConnectionId: pipeline.sourceId } });
  expect(reply.status, reply.text).toBe(200);
  return Object.fromEntries(reply.body.map((r: { data: { _id: string } }) => [r.data._id, r.data]));
}

describe("array elements built by index", () => {
  const element = { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" }, price: { type: "number" } } };
  const schema = { title: "Priced orders", type: "object", properties: { _id: { type: "string" }, orders: { type: "array", items: element }, lines: { type: "array", items: element } } };
  const mappings = [
    { source: "id", destination: "_id" },
    // orders[1] has no price: its NULL must not turn orders[0]'s DECIMAL into a DOUBLE
    { source: "amt", destination: "orders[0].price" },
    { source: "sku", destination: "orders[1].sku" },
    // lines[0] has nothing mapped at all
    { source: "amt", destination: "lines[1].price" },
  ];

  it("keep a DECIMAL's every digit when another element leaves that field unmapped, in the preview and in the Delta table", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.priced", schema, mappings, columns: [] });
    const previewed = await preview(pipeline, mappings);
    expect(previewed["p-1"].orders).toEqual([{ price: "199998.000000000000199998" }, { sku: "a" }]);
    expect(previewed["p-1"].lines).toEqual([null, { price: "199998.000000000000199998" }]);

    await runFlow(pipeline);
    const rows = await datasetRows(
      system,
      pipeline.dataSetId,
      "SELECT _id, CAST(orders[1].price AS VARCHAR) AS first, typeof(orders[1].price) AS type, orders[2].sku AS sku, orders[2].price AS none, CAST(lines[2].price AS VARCHAR) AS line, lines[1] IS NULL AS empty FROM $table ORDER BY _id",
    );
    expect(rows).toEqual([
      { _id: "p-1", first: "199998.000000000000199998", type: "DECIMAL(38,18)", sku: "a", none: null, line: "199998.000000000000199998", empty: true },
      { _id: "p-2", first: null, type: "DECIMAL(38,18)", sku: "b", none: null, line: null, empty: true },
    ]);
  });
});

describe("functions compiled with lambdas", () => {
  const schema = {
    title: "Pairs and queries",
    type: "object",
    properties: {
      _id: { type: "string" },
      attrs: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
      query: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
      tags: { type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } },
      items: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
    },
  };
  const mappings = [
    { source: "id", destination: "_id" },
    // the value delimiter comes from the column `pair`, the name the function's lambda once used
    { sourceType: "EXPRESSION", source: 'str_to_object(t, pair, ";")', destination: "attrs" },
    { sourceType: "EXPRESSION", source: 'get_url_query_str(u, "retain")', destination: "query" },
    { source: "m", destination: "tags" },
    { source: "dst_i[*]", destination: "items[*].sku" },
  ];
  const expected = { _id: "k-1", attrs: { k: "v", k2: "v2" }, query: { a: "1", b: "2" }, tags: { c: "d" }, items: [{ sku: "a" }, { sku: "b" }] };

  it("validate the expression when the sample row has fields named e and x", async () => {
    const reply = await call(system, "POST", "/data/foundation/conversion/languages/el/validate", {
      body: { expression: 'get_url_query_str(u, "retain")', sampleData: { e: "zz", x: "yy", u: "https://a.com/p?a=1&b=2" } },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.result).toEqual({ a: "1", b: "2" });
    const pairs = await call(system, "POST", "/data/foundation/conversion/languages/el/validate", {
      body: { expression: 'str_to_object(t, pair, ";")', sampleData: { e: "zz", x: "yy", pair: "=", t: "k=v;k2=v2" } },
    });
    expect(pairs.status, pairs.text).toBe(200);
    expect(pairs.body.result).toEqual({ k: "v", k2: "v2" });
    // a column read inside the lambda's body, named like its parameter once was
    const checksum = await call(system, "POST", "/data/foundation/conversion/languages/el/validate", { body: { expression: "crc32(i)", sampleData: { i: "my text" } } });
    expect(checksum.body.result, checksum.text).toBe("8df92e80");
    const objects = await call(system, "POST", "/data/foundation/conversion/languages/el/validate", { body: { expression: 'arrays_to_objects("sku", n)', sampleData: { n: ["a", "b"] } } });
    expect(objects.body.result, objects.text).toEqual([{ sku: "a" }, { sku: "b" }]);
  });

  it("preview and run over a source with columns named e, x and pair", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.named_like_lambdas", schema, mappings, columns: [] });
    expect((await preview(pipeline, mappings))["k-1"]).toEqual(expected);
    await runFlow(pipeline);
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT _id, to_json(attrs)::VARCHAR AS attrs, to_json(query)::VARCHAR AS query, to_json(tags)::VARCHAR AS tags, to_json(items)::VARCHAR AS items FROM $table");
    const parsed = rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, name === "_id" ? value : JSON.parse(String(value))])));
    expect(parsed).toEqual([expected]);
  });
});
