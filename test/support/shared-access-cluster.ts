/**
 * The local workspace's cluster put into standard (shared) access mode, or back, with clusters/edit as
 * a workspace admin sends it: the whole spec, its current spark_conf (the staging SAS) kept and
 * `sparkConf` added. A shared cluster refuses a session's SET of the export's calendar settings.
 */
import type { TestSystem } from "./system.js";
import { waitForCluster } from "./aep-calls.js";
import { createPipeline, type Pipeline, sql, workspaceCall } from "./journey.js";

/** the two lines that make a cluster write dates before 1582 as they are, as the run's fix note names them */
export const CORRECTED_CALENDAR_CONF = {
  "spark.sql.parquet.datetimeRebaseModeInWrite": "CORRECTED",
  "spark.sql.parquet.int96RebaseModeInWrite": "CORRECTED",
};

export async function editClusterAccessMode(system: TestSystem, dataSecurityMode: "USER_ISOLATION" | "SINGLE_USER", sparkConf: Record<string, string> = {}): Promise<void> {
  const clusterId = system.workspace!.clusterId;
  await waitForCluster(system, "RUNNING"); // edit is refused while it starts
  const current = await workspaceCall(system, `/api/2.1/clusters/get?cluster_id=${clusterId}`);
  await workspaceCall(system, "/api/2.1/clusters/edit", {
    cluster_id: clusterId,
    cluster_name: current.cluster_name,
    spark_version: current.spark_version,
    node_type_id: current.node_type_id,
    num_workers: current.num_workers,
    data_security_mode: dataSecurityMode,
    spark_conf: { ...current.spark_conf, ...sparkConf },
  });
  await waitForCluster(system, "RUNNING");
}

/** A pipeline of a new Delta table of the cluster holding one date before 1582-10-15 (`born` DATE '1500-03-01', `id` 'julian-leap'). */
export async function ancientDatePipeline(system: TestSystem, table: string): Promise<Pipeline> {
  await sql(system, `CREATE TABLE ${table} (id STRING, born DATE) USING DELTA`);
  await sql(system, `INSERT INTO ${table} VALUES ('julian-leap', DATE '1500-03-01')`);
  return createPipeline(system, {
    tableName: table,
    schema: { title: "ancient dates", type: "object", properties: { _id: { type: "string" }, born: { type: "string", format: "date" } } },
    mappings: [
      { source: "id", destination: "_id" },
      { source: "born", destination: "born" },
    ],
    columns: ["id", "born"],
  });
}
