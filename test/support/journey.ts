/** The whole user journey over HTTP (docs/journey.md): credentials → cluster config → connection → … → flow. */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { CUSTOMER_COLUMNS, CUSTOMER_FIELDS, CUSTOMER_MAPPINGS } from "../../scripts/demo-customers.js";
import { eventually } from "./blob.js";
import type { TestSystem } from "./system.js";
import { call, createConnection, createDataset, createSchema, DATABRICKS_SPEC, DATALAKE_SPEC, DLZ_CREDENTIALS, FS, MAPPING_SETS, waitForCluster } from "./aep-calls.js";

export { call, FS };

/** Calls the local workspace's own REST API as a workspace admin would. */
export async function workspaceCall(system: TestSystem, path: string, body?: unknown): Promise<any> {
  const ws = system.workspace!;
  const response = await fetch(`${ws.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${ws.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status >= 400) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Runs one SQL statement on the local workspace's SQL warehouse (started first and waited for),
 * in a single call: quicker than a cluster command when a test must act before a run does.
 */
export async function warehouseSql(system: TestSystem, statement: string): Promise<void> {
  const warehouseId = system.workspace!.warehouseId;
  if ((await workspaceCall(system, `/api/2.0/sql/warehouses/${warehouseId}`)).state !== "RUNNING") {
    await workspaceCall(system, `/api/2.0/sql/warehouses/${warehouseId}/start`, {});
    await eventually(async () => (await workspaceCall(system, `/api/2.0/sql/warehouses/${warehouseId}`)).state === "RUNNING", 30_000, 20);
  }
  const reply = await workspaceCall(system, "/api/2.0/sql/statements", { warehouse_id: warehouseId, statement, wait_timeout: "30s" });
  if (reply.status.state !== "SUCCEEDED") throw new Error(`${statement}: ${JSON.stringify(reply.status)}`);
}

/** Runs SQL on the local cluster through Command Execution 1.2 and returns the table result. */
export async function sql(system: TestSystem, statement: string): Promise<{ schema: any[]; data: any[][] }> {
  const clusterId = system.workspace!.clusterId;
  const { id: contextId } = await workspaceCall(system, "/api/1.2/contexts/create", { clusterId, language: "sql" });
  await eventually(async () => (await workspaceCall(system, `/api/1.2/contexts/status?clusterId=${clusterId}&contextId=${contextId}`)).status === "Running");
  const { id: commandId } = await workspaceCall(system, "/api/1.2/commands/execute", { clusterId, contextId, language: "sql", command: statement });
  let status: any;
  await eventually(async () => {
    status = await workspaceCall(system, `/api/1.2/commands/status?clusterId=${clusterId}&contextId=${contextId}&commandId=${commandId}`);
    return ["Finished", "Error", "Cancelled"].includes(status.status);
  }, 60_000, 20);
  await workspaceCall(system, "/api/1.2/contexts/destroy", { clusterId, contextId });
  if (status.results?.resultType === "error") throw new Error(`${statement}: ${status.results.summary}`);
  return status.results;
}

/** Puts the landing zone SAS into the cluster's Spark config (AEP's step 2) and waits for the restart. */
export async function configureClusterSas(system: TestSystem, sas?: { containerName: string; storageAccountName: string; SASToken: string }, otherConf: Record<string, string> = {}) {
  const credentials = sas ?? (await call(system, "GET", DLZ_CREDENTIALS)).body;
  const key = `fs.azure.sas.${credentials.containerName}.${credentials.storageAccountName}.blob.core.windows.net`;
  await waitForCluster(system, "RUNNING"); // edit/update are refused while it starts
  await workspaceCall(system, "/api/2.1/clusters/update", {
    cluster_id: system.workspace!.clusterId,
    update_mask: "spark_conf",
    cluster: { spark_conf: { [key]: credentials.SASToken, ...otherConf } },
  });
  await waitForCluster(system, "RUNNING");
  return credentials;
}

export const customerSchema = { title: "Customers from Databricks", type: "object", properties: CUSTOMER_FIELDS };
export const customerMappings = CUSTOMER_MAPPINGS;

export interface Pipeline {
  connectionId: string;
  sourceId: string;
  targetId: string;
  dataSetId: string;
  mappingId: string;
}

/** Connection, schema, dataset, mapping set, source and target connections for one table. */
export async function createPipeline(
  system: TestSystem,
  options: {
    tableName?: string;
    cdcEnabled?: boolean;
    primaryKey?: string[];
    schema?: object;
    mappings?: object[];
    /** the columns the source connection lists: a name (typed string), or a name and its Spark type */
    columns?: Array<string | { name: string; type: string }>;
    /** a base connection made beforehand (default: a new one with the workspace's token) */
    connectionId?: string;
    /** the base connection's spec (default: Databricks) */
    connectionSpecId?: string;
  } = {},
): Promise<Pipeline> {
  const ok = (reply: { status: number; text: string }, expected: number) => {
    if (reply.status !== expected) throw new Error(`${reply.status}: ${reply.text}`);
  };
  const connectionId = options.connectionId ?? (await createConnection(system));
  const schemaId = await createSchema(system, options.schema ?? customerSchema);
  const dataSetId = await createDataset(system, schemaId);
  const columns = (options.columns ?? CUSTOMER_COLUMNS).map((column) => (typeof column === "string" ? { name: column, type: "string" } : column));
  const source = await call(system, "POST", `${FS}/sourceConnections`, {
    body: {
      name: "customers source",
      baseConnectionId: connectionId,
      data: { format: "tabular" },
      params: {
        tableName: options.tableName ?? "demo.customers",
        columns,
        cdcEnabled: options.cdcEnabled ?? false,
        ...(options.primaryKey ? { primaryKey: options.primaryKey } : {}),
      },
      connectionSpec: { id: options.connectionSpecId ?? DATABRICKS_SPEC, version: "1.0" },
    },
  });
  ok(source, 201);
  const mapping = await call(system, "POST", MAPPING_SETS, {
    body: { version: 0, xdmSchema: schemaId, xdmVersion: "1.0", id: null, mappings: options.mappings ?? customerMappings },
  });
  if (mapping.status >= 300) throw new Error(`${mapping.status}: ${mapping.text}`);
  const target = await call(system, "POST", `${FS}/targetConnections`, {
    body: {
      name: "lake target",
      data: { schema: { id: schemaId, version: "application/vnd.adobe.xed-full+json;version=1" } },
      params: { dataSetId },
      connectionSpec: { id: DATALAKE_SPEC, version: "1.0" },
    },
  });
  ok(target, 201);
  return { connectionId, sourceId: source.body.id, targetId: target.body.id, dataSetId, mappingId: mapping.body.id };
}

export function flowBody(pipeline: Pipeline, schedule: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name: `flow ${Date.now()}`,
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860", version: "1.0" },
    sourceConnectionIds: [pipeline.sourceId],
    targetConnectionIds: [pipeline.targetId],
    transformations: [
      ...(schedule.frequency === "once" || extra.noDeltaColumn ? [] : [{ name: "Copy", params: { deltaColumn: { name: extra.deltaColumn ?? "updated_at", dateFormat: "YYYY-MM-DD", timezone: "UTC" } } }]),
      { name: "Mapping", params: { mappingId: pipeline.mappingId, mappingVersion: 0 } },
    ],
    scheduleParams: schedule,
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "deltaColumn" && k !== "noDeltaColumn")),
  };
}

/** A `once` flow of the pipeline named `name`, starting in `inSeconds`: its id. */
export async function createOnceFlow(system: TestSystem, pipeline: Pipeline, name: string, inSeconds = 0): Promise<string> {
  const created = await call(system, "POST", `${FS}/flows`, { body: flowBody(pipeline, { startTime: Math.floor(Date.now() / 1000) + inSeconds, frequency: "once" }, { name }) });
  if (created.status !== 201) throw new Error(`the flow ${name} was not created: ${created.status} ${created.text}`);
  return created.body.id;
}

/** The flow's runs in window order. */
export async function runsOf(system: TestSystem, flowId: string): Promise<any[]> {
  const reply = await call(system, "GET", `${FS}/runs?property=flowId==${flowId}`);
  const sequence = (run: any) => run.activities[0].statusSummary.extensions.sequence;
  return reply.body.items.sort((a: any, b: any) => sequence(a) - sequence(b));
}

/** Waits until the flow has `count` finished runs (success or failed) and returns all its runs. */
export async function waitForRuns(system: TestSystem, flowId: string, count: number, timeoutMs = 60_000): Promise<any[]> {
  let runs: any[] = [];
  try {
    await eventually(async () => {
      runs = await runsOf(system, flowId);
      return runs.filter((r) => ["success", "failed"].includes(r.metrics.statusSummary.status)).length >= count;
    }, timeoutMs, 100);
  } catch (error) {
    // what the runs were doing, for a test that fails here
    const states = runs.map((r) => ({ id: r.id, created: r.createdAt, statusSummary: r.metrics?.statusSummary, activities: r.activities?.map((a: any) => a.statusSummary) }));
    throw new Error(`${(error as Error).message}: ${count} finished runs awaited, the flow's runs are ${JSON.stringify(states)}`);
  }
  return runs;
}

/** Rows of the dataset's Delta table, read with the project's own Delta reader and DuckDB. */
export async function datasetRows(system: TestSystem, dataSetId: string, select: string): Promise<Record<string, unknown>[]> {
  const { openDeltaTable } = await import("../../src/delta/index.js");
  const { datasetTableRoot } = await import("../../src/lake/lake-paths.js");
  const table = openDeltaTable(datasetTableRoot(system.lakeDir, dataSetId));
  if (!(await table.exists())) return [];
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await conn.run("SET TimeZone = 'UTC'");
    const relation = await table.scanRelation(conn, await table.snapshot());
    return (await conn.runAndReadAll(select.replace("$table", relation))).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Deletes the Parquet files of a table of the local workspace, its log kept: reading it fails on storage. */
export async function removeDataFiles(system: TestSystem, table: string): Promise<void> {
  const detail = await sql(system, `DESCRIBE DETAIL ${table}`);
  const location = String(detail.data[0][detail.schema.findIndex((c: any) => c.name === "location")]);
  const root = location.startsWith("file:") ? fileURLToPath(location) : location;
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith(".parquet") && !f.includes("_delta_log"));
  if (files.length === 0) throw new Error(`table ${table} has no data files to remove`);
  await Promise.all(files.map((f) => rm(path.join(root, f))));
}
