import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, DATABRICKS_SPEC, DATALAKE_SPEC, DATASETS, MAPPING_SETS } from "../support/aep-calls.js";
import { startTestSystem, type TestSystem } from "../support/system.js";
import { call, configureClusterSas, datasetRows, FS, sql, waitForRuns } from "../support/journey.js";
import {
  createTenantResource,
  DEMOGRAPHIC_DETAILS,
  encoded,
  EXPERIENCE_EVENT,
  loyaltyDataType,
  loyaltyFieldGroup,
  PERSONAL_CONTACT_DETAILS,
  PROFILE,
  profileSchema,
  REGISTRY,
  TENANT,
} from "../schemaregistry/registry-calls.js";

/**
 * AEP's tutorial end to end: a Profile schema of standard field groups and a tenant data type, a
 * primary identity on the email, a Profile-enabled dataset, a mapping set onto the resolved fields,
 * a flow and its run; the rows land under those paths, and a row without the email is a row error.
 */
let system: TestSystem;
let connectionId: string;

const mapping = (destinationXdmPath: string, sourceAttribute: string) => ({ destinationXdmPath, sourceAttribute, identity: false, version: 0 });

/** A dataset of the schema, its source connection onto the table, the mapping set, the target connection and a once flow body. */
async function flowOnto(schemaId: string, table: string, columns: Array<string | { name: string; type: string }>, mappings: object[], tags: object = {}) {
  const dataSet = await call(system, "POST", DATASETS, { body: { name: `dataset ${Date.now()}`, schemaRef: { id: schemaId, contentType: "application/vnd.adobe.xed-full+json;version=1" }, tags } });
  expect(dataSet.status, dataSet.text).toBe(201);
  const dataSetId = dataSet.body[0].slice("@/dataSets/".length);
  const source = await call(system, "POST", `${FS}/sourceConnections`, {
    body: {
      name: "members",
      baseConnectionId: connectionId,
      data: { format: "tabular" },
      params: { tableName: table, columns: columns.map((c) => (typeof c === "string" ? { name: c, type: "string" } : c)) },
      connectionSpec: { id: DATABRICKS_SPEC, version: "1.0" },
    },
  });
  expect(source.status, source.text).toBe(201);
  const mappingSet = await call(system, "POST", MAPPING_SETS, { body: { version: 0, xdmSchema: schemaId, xdmVersion: "1.0", mappings } });
  expect(mappingSet.status, mappingSet.text).toBe(200);
  const target = await call(system, "POST", `${FS}/targetConnections`, {
    body: {
      name: "lake",
      data: { schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" } },
      params: { dataSetId },
      connectionSpec: { id: DATALAKE_SPEC, version: "1.0" },
    },
  });
  expect(target.status, target.text).toBe(201);
  const flow = {
    name: `flow ${Date.now()}`,
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: [source.body.id],
    targetConnectionIds: [target.body.id],
    transformations: [{ name: "Mapping", params: { mappingId: mappingSet.body.id, mappingVersion: 0 } }],
    scheduleParams: { startTime: Math.floor(Date.now() / 1000) + 1, frequency: "once" },
    options: { partialIngestionPercent: 50 },
  };
  return { dataSetId, flow };
}

beforeAll(async () => {
  system = await startTestSystem({ workspace: { seedRows: 1 }, env: { RUN_POLL_MS: "50" } });
  await configureClusterSas(system);
  await sql(system, "CREATE TABLE demo.visits (visit_id STRING, visited_at TIMESTAMP, identities STRING) USING DELTA");
  connectionId = await createConnection(system);
});
afterAll(() => system.close());

describe("a flow onto a resolved schema", () => {
  it("ingests the tutorial's Profile schema under its resolved paths, and sends a row without the primary identity to row errors", async () => {
    await sql(system, "CREATE TABLE demo.loyalty_members (customer_id STRING, first_name STRING, email STRING, tier STRING) USING DELTA");
    await sql(system, "INSERT INTO demo.loyalty_members VALUES ('c-1', 'Ada', 'ada@example.com', 'gold'), ('c-2', 'Grace', 'grace@example.com', 'silver'), ('c-3', 'Nomail', NULL, 'bronze')");

    const dataType = await createTenantResource(system, "datatypes", loyaltyDataType);
    const fieldGroup = await createTenantResource(system, "fieldgroups", loyaltyFieldGroup(dataType.$id));
    const schema = await createTenantResource(system, "schemas", profileSchema("Loyalty members", [DEMOGRAPHIC_DETAILS, PERSONAL_CONTACT_DETAILS, fieldGroup.$id]));
    const identity = await call(system, "POST", `${REGISTRY}/tenant/descriptors`, {
      body: {
        "@type": "xdm:descriptorIdentity",
        "xdm:sourceSchema": schema.$id,
        "xdm:sourceVersion": 1,
        "xdm:sourceProperty": "/personalEmail/address",
        "xdm:namespace": "Email",
        "xdm:property": "xdm:code",
        "xdm:isPrimary": true,
      },
    });
    expect(identity.status, identity.text).toBe(201);
    const tagged = await call(system, "PATCH", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { body: [{ op: "add", path: "/meta:immutableTags", value: ["union"] }] });
    expect(tagged.status, tagged.text).toBe(200);

    const { dataSetId, flow } = await flowOnto(
      schema.$id,
      "demo.loyalty_members",
      ["customer_id", "first_name", "email", "tier"],
      [mapping("_id", "customer_id"), mapping("person.name.firstName", "first_name"), mapping("personalEmail.address", "email"), mapping(`${TENANT}.loyalty.tier`, "tier")],
      { unifiedProfile: ["enabled:true"] },
    );
    const created = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics)).toBe("success");
    expect(run.metrics.recordSummary).toEqual({ inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 });

    const rows = await datasetRows(
      system,
      dataSetId,
      `SELECT _id, person.name.firstName AS first_name, personalEmail.address AS email, ${TENANT}.loyalty.tier AS tier FROM $table ORDER BY _id`,
    );
    expect(rows).toEqual([
      { _id: "c-1", first_name: "Ada", email: "ada@example.com", tier: "gold" },
      { _id: "c-2", first_name: "Grace", email: "grace@example.com", tier: "silver" },
    ]);

    const promotion = run.activities.find((a: any) => a.id === "promotionActivity");
    const failedRows = String(promotion.statusSummary.extensions.manifest.failedRecords);
    const failed = await call(system, "GET", `${failedRows}/part-00000.json`);
    expect(failed.status, failed.text).toBe(200);
    const lines = failed.text.trim().split("\n").map((line: string) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0].record).toMatchObject({ customer_id: "c-3", email: null });
    expect(lines[0].errors).toEqual(["MAPPER-3700-400: the row has no value for personalEmail.address, the primary identity of this Profile-enabled dataset"]);
  });

  it("fails a run whose mapping set writes a field the schema has lost since, before reading a row, saying what to do", async () => {
    await sql(system, "CREATE TABLE demo.nicknames (customer_id STRING, nickname STRING, extra STRING) USING DELTA");
    await sql(system, "INSERT INTO demo.nicknames VALUES ('c-1', 'Ada', 'x')");
    const fieldGroup = await createTenantResource(system, "fieldgroups", {
      title: "Nicknames",
      type: "object",
      "meta:intendedToExtend": [PROFILE],
      definitions: { d: { properties: { [TENANT]: { type: "object", properties: { nickname: { type: "string" }, extra: { type: "string" } } } } } },
      allOf: [{ $ref: "#/definitions/d" }],
    });
    const schema = await createTenantResource(system, "schemas", profileSchema("Nicknames", [fieldGroup.$id]));
    const { flow } = await flowOnto(schema.$id, "demo.nicknames", ["customer_id", "nickname", "extra"], [mapping("_id", "customer_id"), mapping(`${TENANT}.nickname`, "nickname"), mapping(`${TENANT}.extra`, "extra")]);
    const created = await call(system, "POST", `${FS}/flows`, { body: { ...flow, scheduleParams: { startTime: Math.floor(Date.now() / 1000) + 3600, frequency: "once" } } });
    expect(created.status, created.text).toBe(201);
    const removed = await call(system, "PATCH", `${REGISTRY}/tenant/fieldgroups/${encoded(fieldGroup.$id)}`, { body: [{ op: "remove", path: `/definitions/d/properties/${TENANT}/properties/extra` }] });
    expect(removed.status, removed.text).toBe(200);
    expect((await call(system, "POST", `${FS}/runs`, { body: { flowId: created.body.id } })).status).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status).toBe("failed");
    const message = JSON.stringify(run.metrics.statusSummary.errors ?? run);
    expect(message).toContain("MAPPER-3701-400");
    expect(message).toContain(`no longer has the fields mapping set ${flow.transformations[0].params.mappingId} (version 0) writes: ${TENANT}.extra is not a field of the schema`);
    expect(message).toContain("PUT /data/foundation/conversion/mappingSets/");
    expect(run.metrics.recordSummary?.inputRecordCount ?? 0).toBe(0);
  });

  it("refuses an ExperienceEvent flow that maps no timestamp, naming it", async () => {
    const schema = await createTenantResource(system, "schemas", { type: "object", title: "Visits", allOf: [{ $ref: EXPERIENCE_EVENT }] });
    const { flow } = await flowOnto(schema.$id, "demo.visits", ["visit_id", "visited_at"], [mapping("_id", "visit_id")]);
    const refused = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.errorMessage ?? refused.body.message ?? refused.text).toContain("timestamp");
    expect(refused.text).not.toContain("_id,");
  });

  it("sends an ExperienceEvent row without its required _id or timestamp to row errors, naming the field", async () => {
    await sql(system, "CREATE TABLE demo.events (event_id STRING, at TIMESTAMP) USING DELTA");
    await sql(system, "INSERT INTO demo.events VALUES ('e-1', TIMESTAMP '2024-05-01 10:00:00'), ('e-2', NULL), (NULL, TIMESTAMP '2024-05-01 11:00:00'), ('e-4', TIMESTAMP '2024-05-01 12:00:00'), ('e-5', TIMESTAMP '2024-05-01 13:00:00')");
    const schema = await createTenantResource(system, "schemas", { type: "object", title: "Events with required fields", allOf: [{ $ref: EXPERIENCE_EVENT }] });
    const { dataSetId, flow } = await flowOnto(schema.$id, "demo.events", ["event_id", { name: "at", type: "timestamp" }], [mapping("_id", "event_id"), mapping("timestamp", "at")]);
    const created = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.recordSummary, JSON.stringify(run.metrics)).toEqual({ inputRecordCount: 5, outputRecordCount: 3, failedRecordCount: 2 });
    expect(await datasetRows(system, dataSetId, "SELECT _id FROM $table ORDER BY _id")).toEqual([{ _id: "e-1" }, { _id: "e-4" }, { _id: "e-5" }]);
    const promotion = run.activities.find((a: any) => a.id === "promotionActivity");
    const failed = await call(system, "GET", `${promotion.statusSummary.extensions.manifest.failedRecords}/part-00000.json`);
    const errors = failed.text.trim().split("\n").map((line: string) => JSON.parse(line).errors).sort();
    expect(errors).toEqual([["MAPPER-3700-400: the row has no value for _id, required by the schema"], ["MAPPER-3700-400: the row has no value for timestamp, required by the schema"]]);
  });

  it("stores the schema's whole resolved tree: unmapped fields are NULL columns of their type, identityMap included", async () => {
    await sql(system, "INSERT INTO demo.visits VALUES ('v-1', TIMESTAMP '2024-05-01 10:00:00.123456', NULL)");
    const schema = await createTenantResource(system, "schemas", { type: "object", title: "Visits stored whole", allOf: [{ $ref: EXPERIENCE_EVENT }] });
    const resolved = await call(system, "GET", `${REGISTRY}/tenant/schemas/${encoded(schema.$id)}`, { headers: { accept: "application/vnd.adobe.xed-full+json; version=1" } });
    const { dataSetId, flow } = await flowOnto(schema.$id, "demo.visits", ["visit_id", "visited_at"], [mapping("_id", "visit_id"), mapping("timestamp", "visited_at")]);
    const created = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics)).toBe("success");

    const columns = await datasetRows(system, dataSetId, "DESCRIBE SELECT * FROM $table");
    const names = columns.map((c) => c.column_name);
    const storable = Object.entries(resolved.body.properties as Record<string, any>).filter(([, p]) => p.type !== "object" || p.properties || p.additionalProperties).map(([name]) => name);
    expect(names.sort()).toEqual(storable.sort());
    expect(columns.find((c) => c.column_name === "identityMap")?.column_type).toMatch(/^MAP\(VARCHAR, STRUCT\(.*\)\[\]\)$/);
    const [row] = await datasetRows(system, dataSetId, "SELECT _id, strftime(timestamp, '%Y-%m-%dT%H:%M:%S.%f') AS at, identityMap IS NULL AS no_identities FROM $table");
    expect(row).toEqual({ _id: "v-1", at: "2024-05-01T10:00:00.123456", no_identities: true });
  });

  it("fills identityMap, an XDM map of arrays of objects, from a MAP column", async () => {
    await sql(system, "CREATE TABLE demo.visit_ids (visit_id STRING, visited_at TIMESTAMP, ids MAP<STRING, ARRAY<STRUCT<id: STRING, primary: BOOLEAN>>>) USING DELTA");
    await sql(system, "INSERT INTO demo.visit_ids VALUES ('v-1', TIMESTAMP '2024-05-01 10:00:00', map('Email', array(named_struct('id', 'ada@example.com', 'primary', true)))), ('v-2', TIMESTAMP '2024-05-01 11:00:00', NULL)");
    const schema = await createTenantResource(system, "schemas", { type: "object", title: "Visits with identity map", allOf: [{ $ref: EXPERIENCE_EVENT }] });
    const { dataSetId, flow } = await flowOnto(
      schema.$id,
      "demo.visit_ids",
      ["visit_id", { name: "visited_at", type: "timestamp" }, { name: "ids", type: "map<string,array<struct<id:string,primary:boolean>>>" }],
      [mapping("_id", "visit_id"), mapping("timestamp", "visited_at"), mapping("identityMap", "ids")],
    );
    const created = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(created.status, created.text).toBe(201);
    const [run] = await waitForRuns(system, created.body.id, 1);
    expect(run.metrics.statusSummary.status, JSON.stringify(run.metrics)).toBe("success");
    const rows = await datasetRows(system, dataSetId, "SELECT _id, identityMap['Email'][1].id AS email, identityMap['Email'][1].\"primary\" AS is_primary, identityMap IS NULL AS none FROM $table ORDER BY _id");
    expect(rows).toEqual([
      { _id: "v-1", email: "ada@example.com", is_primary: true, none: false },
      { _id: "v-2", email: null, is_primary: null, none: true },
    ]);
  });

  it("refuses a flow that maps a string column onto an XDM map (identityMap), naming both", async () => {
    // the ExperienceEvent class holds the identityMap field group
    const schema = await createTenantResource(system, "schemas", { type: "object", title: "Visits with identities", allOf: [{ $ref: EXPERIENCE_EVENT }] });
    const { flow } = await flowOnto(
      schema.$id,
      "demo.visits",
      ["visit_id", "visited_at", "identities"],
      [mapping("_id", "visit_id"), mapping("timestamp", "visited_at"), mapping("identityMap", "identities")],
    );
    const refused = await call(system, "POST", `${FS}/flows`, { body: flow });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.type).toBe("https://ns.adobe.com/aep/errors/FLOW-1428-400");
    expect(refused.body.errorMessage).toContain("identityMap is an XDM map but its source identities is VARCHAR");
  });
});
