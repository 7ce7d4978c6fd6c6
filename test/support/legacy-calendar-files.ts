/** Spark's legacy-calendar mark on a local workspace table's data files, as a cluster writing with LEGACY rebase modes leaves it. */
import { readdirSync, renameSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { sql } from "./journey.js";
import type { TestSystem } from "./system.js";

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

