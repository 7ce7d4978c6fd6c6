/**
 * A field added to a dataset's schema after its table holds rows, end to end: the next run's commit
 * adds the field's column to the table (one metaData action in the batch's commit), the rows of the
 * first run read NULL there and those of the second hold their values; on every lake. An integer
 * field widened at the same time (int → long) changes no column type.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable, parseSchemaString } from "../../src/delta/index.js";
import { listLog, readLogText } from "../../src/delta/log-listing.js";
import { datasetTableRoot } from "../../src/lake/lake-paths.js";
import { MAPPING_SETS } from "../support/aep-calls.js";
import { call, configureClusterSas, createPipeline, customerMappings, customerSchema, datasetRows, flowBody, FS, type Pipeline, sql, waitForRuns } from "../support/journey.js";
import { startTestSystem, TEST_LAKES, type TestSystem } from "../support/system.js";
import { encoded, REGISTRY } from "../schemaregistry/registry-calls.js";

describe.each(TEST_LAKES)("a field added to the schema of a dataset that holds rows, the lake %s", (lake) => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ lake, workspace: { seedRows: 3 }, env: { RUN_POLL_MS: "50" } });
    await configureClusterSas(system);
  }, 60_000);
  afterAll(() => system?.close());

  async function runOnce(pipeline: Pipeline) {
    const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" }) });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1, 150_000);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics)).toBe("success");
  }

  /** The actions of one commit of the dataset's table, as its log holds them. */
  async function commitActions(root: string, version: number): Promise<Record<string, any>[]> {
    const listing = await listLog(root);
    const text = await readLogText(listing, listing.commits.get(version)!.path);
    return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  }

  it("gains the field's column in the next run's commit: earlier rows read NULL there, the new ones its values", async () => {
    // an XDM int widened to long below: every XDM integer is a long column already, so that changes no column type
    const pipeline = await createPipeline(system, { schema: { ...customerSchema, properties: { ...customerSchema.properties, customerId: { type: "integer", "meta:xdmType": "int" } } } });
    await runOnce(pipeline);
    const table = openDeltaTable(datasetTableRoot(system.lakeDir, pipeline.dataSetId));
    const first = await table.snapshot();

    const dataSet = (await call(system, "GET", `/data/foundation/catalog/dataSets/${pipeline.dataSetId}`)).body[pipeline.dataSetId];
    const grown = await call(system, "PATCH", `${REGISTRY}/tenant/schemas/${encoded(dataSet.schemaRef.id)}`, {
      body: [
        { op: "add", path: "/properties/nickname", value: { type: "string" } },
        { op: "add", path: "/properties/person/properties/phone", value: { type: "string" } },
        { op: "replace", path: "/properties/customerId", value: { type: "integer", "meta:xdmType": "long" } },
      ],
    });
    expect(grown.status, grown.text).toBe(200);
    const mappings = [...customerMappings, { sourceAttribute: "name", destinationXdmPath: "nickname" }, { sourceAttribute: "country", destinationXdmPath: "person.phone" }];
    const mapping = await call(system, "POST", MAPPING_SETS, { body: { version: 0, xdmSchema: dataSet.schemaRef.id, xdmVersion: "1.0", id: null, mappings } });
    expect(mapping.status, mapping.text).toBeLessThan(300);
    await runOnce({ ...pipeline, mappingId: mapping.body.id });

    const second = await table.snapshot();
    expect(second.version).toBe(first.version + 1);
    const actions = await commitActions(table.root, second.version);
    expect(actions.filter((a) => "metaData" in a)).toHaveLength(1);
    expect(actions.filter((a) => "add" in a).length).toBeGreaterThan(0);
    const { metaData } = actions.find((a) => "metaData" in a)!;
    expect(actions.filter((a) => "protocol" in a)).toEqual([]);
    expect(metaData.id).toBe(first.metadata.id);
    expect(metaData.configuration).toEqual(first.metadata.configuration);
    const columns = parseSchemaString(metaData.schemaString).fields;
    expect(columns.map((f) => f.name)).toEqual([...first.schema.fields.map((f) => f.name), "nickname"]);
    const nested = (fields: typeof columns) => {
      const person = fields.find((f) => f.name === "person")!.type;
      return typeof person === "object" && person.type === "struct" ? person.fields.map((f) => [f.name, f.nullable]) : [];
    };
    expect(nested(columns)).toEqual([...nested(first.schema.fields), ["phone", true]]);
    expect(columns.find((f) => f.name === "nickname")?.nullable).toBe(true);
    expect(columns.find((f) => f.name === "customerId")?.type).toBe("long");

    const source = (await sql(system, "SELECT CAST(id AS STRING), name, country FROM demo.customers ORDER BY id")).data;
    const expected = source.flatMap(([id, name, country]) => [
      { customerId: id, nickname: null, phone: null, name },
      { customerId: id, nickname: name, phone: country, name },
    ]);
    const read = await datasetRows(system, pipeline.dataSetId, "SELECT customerId::VARCHAR AS customerId, nickname, person.phone AS phone, person.name AS name FROM $table ORDER BY customerId, nickname NULLS FIRST");
    expect(read).toEqual(expected);
  }, 360_000);
});
