/** Spark's legacy-calendar mark on a local workspace table's data files, as a cluster writing with LEGACY rebase modes leaves it. */
import { readdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { type Pipeline, sql } from "./journey.js";
import { sharingPipeline } from "./sharing-connection.js";
import type { TestSystem } from "./system.js";

/**
 * A pipeline reading `shared.<table>` (id, born DATE, updated TIMESTAMP) through the local
 * workspace's sharing server, mapping id and born, whose one row's date is 1500-03-01 as Spark's
 * LEGACY mode stores it (the Julian calendar's day, ten days after the Gregorian one), in a file
 * carrying the mark.
 */
export async function legacyCalendarSharedPipeline(system: TestSystem, table: string): Promise<Pipeline> {
  await sql(system, "CREATE SCHEMA IF NOT EXISTS shared");
  await sql(system, `CREATE TABLE shared.${table} (id STRING, born DATE, updated TIMESTAMP) USING DELTA TBLPROPERTIES (delta.enableDeletionVectors = false)`);
  await sql(system, `INSERT INTO shared.${table} VALUES ('julian', DATE '1500-03-11', TIMESTAMP '2020-01-01 00:00:00Z')`);
  await markLegacyCalendar(system, `shared.${table}`);
  return sharingPipeline(system, table, {
    schema: { title: `shared ${table}`, type: "object", properties: { _id: { type: "string" }, born: { type: "string", format: "date" } } },
    mappings: [{ source: "id", destination: "_id" }, { source: "born", destination: "born" }],
    columns: [],
  });
}

/** Gives each data file of the table the footer mark Spark's LEGACY rebase mode writes, its values unchanged. */
export async function markLegacyCalendar(system: TestSystem, table: string): Promise<void> {
  const detail = await sql(system, `DESCRIBE DETAIL ${table}`);
  const location = String(detail.data[0][detail.schema.findIndex((c) => c.name === "location")]);
  const folder = location.startsWith("file:") ? fileURLToPath(location) : location;
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    for (const name of readdirSync(folder).filter((n) => n.endsWith(".parquet"))) {
      const file = path.join(folder, name);
      await conn.run(
        `COPY (SELECT * FROM read_parquet('${file}')) TO '${file}.marked' ` +
          `(FORMAT PARQUET, KV_METADATA {'org.apache.spark.version': '3.5.0', 'org.apache.spark.legacyDateTime': ''})`,
      );
      renameSync(`${file}.marked`, file);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

