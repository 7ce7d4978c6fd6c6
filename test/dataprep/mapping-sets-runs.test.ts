/**
 * Mapping sets through real runs: STATIC values, expressions, struct, index and wildcard sources and array
 * destinations land in the dataset's Delta table; after a PUT, a flow naming mappingVersion 1 maps
 * with the new version while a flow naming version 0 keeps the first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABRICKS_SPEC, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, createPipeline, datasetRows, FS, flowBody, sql, waitForRuns } from "../support/journey.js";

let system: TestSystem;

const ordersSchema = {
  title: "Orders mapped by version",
  type: "object",
  properties: {
    _id: { type: "string" },
    channel: { type: "string" },
    amount: { type: "number" },
    firstTag: { type: "string" },
    person: { type: "object", properties: { age: { type: "integer" } } },
    products: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
    tags: { type: "array", items: { type: "string" } },
  },
};

const firstVersion = [
  { sourceType: "ATTRIBUTE", source: "order_id", destination: "_id" },
  { sourceType: "STATIC", source: "web", destination: "channel" },
  { sourceType: "ATTRIBUTE", source: "amount", destination: "amount" },
  { sourceType: "ATTRIBUTE", source: "${customer}.age", destination: "person.age" },
  { sourceType: "ATTRIBUTE", source: "labels[1]", destination: "firstTag" },
  { sourceType: "ATTRIBUTE", source: "lines[*].sku", destination: "products[*].sku" },
  { sourceType: "ATTRIBUTE", source: "lines[*].n", destination: "products[*].qty" },
  { sourceType: "ATTRIBUTE", source: "labels[*]", destination: "tags[*]" },
];

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await sql(system, "CREATE TABLE demo.tagged_orders (order_id STRING, customer STRUCT<age: STRING>, labels ARRAY<STRING>, lines ARRAY<STRUCT<sku: STRING, n: BIGINT>>, amount DECIMAL(38,18)) USING DELTA");
  await sql(
    system,
    "INSERT INTO demo.tagged_orders VALUES ('o-1', named_struct('age', '36'), array('new', 'gift'), array(named_struct('sku', 'a', 'n', 1), named_struct('sku', 'b', 'n', 2)), 12345678901234567890.123456789012345678), ('o-2', named_struct('age', '51'), array('x'), array(), NULL)",
  );
});
afterAll(() => system.close());

const once = () => ({ startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" });

async function runFlow(body: object): Promise<void> {
  const flow = await call(system, "POST", `${FS}/flows`, { body });
  expect(flow.status, flow.text).toBe(201);
  const runs = await waitForRuns(system, flow.body.id, 1);
  expect(runs[0].metrics.statusSummary.status, JSON.stringify(runs[0])).toBe("success");
}

describe("mapping sets in runs", () => {
  it("previews a mapping set on the first rows of a source connection's table, typed as a run stages them", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.tagged_orders", schema: ordersSchema, mappings: firstVersion, columns: [] });
    const mappingSet = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body;
    const preview = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: mappingSet.outputSchema, mappings: firstVersion }, sourceConnectionId: pipeline.sourceId } });
    expect(preview.status, preview.text).toBe(200);
    const byId = Object.fromEntries(preview.body.map((r: { data: { _id: string } }) => [r.data._id, r.data]));
    expect(byId["o-1"]).toEqual({ _id: "o-1", channel: "web", amount: "12345678901234567890.123456789012345678", firstTag: "gift", person: { age: 36 }, products: [{ sku: "a", qty: 1 }, { sku: "b", qty: 2 }], tags: ["new", "gift"] });
    expect(byId["o-2"]).toEqual({ _id: "o-2", channel: "web", person: { age: 51 }, products: [], tags: ["x"] });
    const unknown = await call(system, "POST", `${MAPPING_SETS}/preview`, { body: { mappingSet: { outputSchema: mappingSet.outputSchema, mappings: firstVersion }, sourceConnectionId: "4b1e0f2a-0000-4000-8000-000000000000" } });
    expect(unknown.status).toBe(400);
  });

  it("checks paths into a source column declared by its type alone when the flow is created", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.tagged_orders", schema: ordersSchema, mappings: firstVersion, columns: [] });
    const typedColumns = [
      { name: "order_id", type: "string" },
      { name: "customer", type: "struct<age:string>" },
      { name: "labels", type: "array<string>" },
      { name: "lines", type: "array<struct<sku:string,n:bigint>>" },
      { name: "amount", type: "decimal(38,18)" },
    ];
    const source = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "typed", baseConnectionId: pipeline.connectionId, data: { format: "tabular" }, params: { tableName: "demo.tagged_orders", columns: typedColumns }, connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" } },
    });
    expect(source.status, source.text).toBe(201);
    const typed = { ...pipeline, sourceId: source.body.id };
    const accepted = await call(system, "POST", `${FS}/flows`, { body: flowBody(typed, once()) });
    expect(accepted.status, accepted.text).toBe(201);

    const schemaId = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body.xdmSchema;
    const wrong = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [{ source: "order_id", destination: "_id" }, { source: "lines[*].nope", destination: "products[*].sku" }] } });
    const refused = await call(system, "POST", `${FS}/flows`, { body: flowBody({ ...typed, mappingId: wrong.body.id }, once()) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("lines[*].nope");
  });

  it("checks paths into a source column listed by its name alone against the table when the flow is created", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.tagged_orders", schema: ordersSchema, mappings: firstVersion, columns: [] });
    const source = await call(system, "POST", `${FS}/sourceConnections`, {
      body: { name: "by name", baseConnectionId: pipeline.connectionId, data: { format: "tabular" }, params: { tableName: "demo.tagged_orders", columns: [{ name: "order_id" }, { name: "customer" }] }, connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" } },
    });
    expect(source.status, source.text).toBe(201);
    const schemaId = (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body.xdmSchema;
    const byName = async (member: string) => {
      const mappingSet = await call(system, "POST", MAPPING_SETS, { body: { xdmSchema: schemaId, mappings: [{ source: "order_id", destination: "_id" }, { source: `customer.${member}`, destination: "person.age" }] } });
      expect(mappingSet.status, mappingSet.text).toBe(200);
      return call(system, "POST", `${FS}/flows`, { body: flowBody({ ...pipeline, sourceId: source.body.id, mappingId: mappingSet.body.id }, once()) });
    };
    const accepted = await byName("age");
    expect(accepted.status, accepted.text).toBe(201);
    const runs = await waitForRuns(system, accepted.body.id, 1);
    expect(runs[0].metrics.statusSummary.status, JSON.stringify(runs[0])).toBe("success");
    const refused = await byName("nope");
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("customer.nope");
  });

  it("lands STATIC values, struct, index and wildcard sources in the Delta table, each flow with the mapping version it names", async () => {
    const pipeline = await createPipeline(system, { tableName: "demo.tagged_orders", schema: ordersSchema, mappings: firstVersion, columns: [] });
    const put = await call(system, "PUT", `${MAPPING_SETS}/${pipeline.mappingId}`, {
      body: { xdmSchema: (await call(system, "GET", `${MAPPING_SETS}/${pipeline.mappingId}`)).body.xdmSchema, mappings: [{ source: "order_id", destination: "_id" }, { sourceType: "STATIC", source: "shop", destination: "channel" }, { sourceType: "EXPRESSION", source: 'concat(upper(order_id), "!")', destination: "firstTag" }] },
    });
    expect(put.body.version, put.text).toBe(1);

    const onVersion = (version: number) => {
      const body = flowBody(pipeline, once()) as { transformations: Array<{ name: string; params: Record<string, unknown> }> };
      body.transformations.find((t) => t.name === "Mapping")!.params.mappingVersion = version;
      return body;
    };
    const unknown = await call(system, "POST", `${FS}/flows`, { body: onVersion(5) });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("mapping version 5");

    await runFlow(onVersion(0));
    await runFlow(onVersion(1));
    const rows = await datasetRows(system, pipeline.dataSetId, "SELECT _id, channel, firstTag, person.age AS age, to_json(products)::VARCHAR AS products, to_json(tags)::VARCHAR AS tags FROM $table ORDER BY channel, _id");
    expect(rows).toEqual([
      { _id: "o-1", channel: "shop", firstTag: "O-1!", age: null, products: null, tags: null },
      { _id: "o-2", channel: "shop", firstTag: "O-2!", age: null, products: null, tags: null },
      { _id: "o-1", channel: "web", firstTag: "gift", age: "36", products: '[{"qty":1,"sku":"a"},{"qty":2,"sku":"b"}]', tags: '["new","gift"]' },
      { _id: "o-2", channel: "web", firstTag: null, age: "51", products: "[]", tags: '["x"]' },
    ]);
  });
});
