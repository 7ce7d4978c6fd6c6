import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_HOST, containerSas, expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

const CONTAINER = "ancient";
const TARGET = (folder: string) => `wasbs://${CONTAINER}@${ACCOUNT_HOST}/${folder}`;
const DATE_MODE = "spark.sql.parquet.datetimeRebaseModeInWrite";

/** Spark 3's rebase mode on write (SET per context, spark_conf per cluster), as the local workspace keeps and applies it */
describe("SET and the calendar of dates and timestamps written as Parquet", () => {
  let h: Harness;
  let sas: string;
  const scratch = mkdtempSync(path.join(os.tmpdir(), "ancient-datetimes-"));

  async function setSparkConf(conf: Record<string, string>) {
    const r = await h.client.post("/api/2.1/clusters/update", { cluster_id: h.ws.clusterId, update_mask: "spark_conf", cluster: { spark_conf: { [`fs.azure.sas.${CONTAINER}.${ACCOUNT_HOST}`]: sas, ...conf } } });
    expect(r.status).toBe(200);
    await h.client.waitForState("RUNNING");
  }

  async function exportTo(ctx: string, folder: string, select: string) {
    return h.client.sql(ctx, `INSERT OVERWRITE DIRECTORY '${TARGET(folder)}' USING PARQUET ${select}`);
  }

  /** the exported rows, read back by DuckDB as text */
  async function readBack(folder: string, columns: string): Promise<Record<string, unknown>[]> {
    const container = h.blobService.getContainerClient(CONTAINER);
    const files: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: `${folder}/` })) {
      if (!blob.name.endsWith(".parquet")) continue;
      const file = path.join(scratch, `${folder}-${files.length}.parquet`);
      writeFileSync(file, await container.getBlobClient(blob.name).downloadToBuffer());
      files.push(file);
    }
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      return (await conn.runAndReadAll(`SELECT ${columns} FROM read_parquet([${files.map((f) => `'${f}'`).join(", ")}])`)).getRowObjectsJson();
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }

  async function folderNames(folder: string): Promise<string[]> {
    const names: string[] = [];
    for await (const blob of h.blobService.getContainerClient(CONTAINER).listBlobsFlat({ prefix: `${folder}/` })) names.push(blob.name);
    return names;
  }

  beforeAll(async () => {
    h = await startHarness();
    await h.client.waitForState("RUNNING");
    ({ sas } = await containerSas(h, CONTAINER));
    await setSparkConf({});
  });
  afterAll(async () => {
    await h.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("keeps a SET for the context that made it, upper-cases a rebase mode and refuses one Spark does not know", async () => {
    const ctx = await h.client.createContext();
    expect(rows(await h.client.sql(ctx, `SET ${DATE_MODE}=corrected`))).toEqual([{ key: DATE_MODE, value: "CORRECTED" }]);
    expect(rows(await h.client.sql(ctx, `SET ${DATE_MODE}`))).toEqual([{ key: DATE_MODE, value: "CORRECTED" }]);
    expect(rows(await h.client.sql(ctx, "SET spark.sql.session.timeZone = 'UTC'"))).toEqual([{ key: "spark.sql.session.timeZone", value: "UTC" }]);
    expect(expectError(await h.client.sql(ctx, `SET ${DATE_MODE}=SOMETIMES`))).toContain(
      `The value of ${DATE_MODE} should be one of EXCEPTION, CORRECTED, LEGACY, but was SOMETIMES`,
    );
    const other = await h.client.createContext();
    expect(rows(await h.client.sql(other, `SET ${DATE_MODE}`))).toEqual([{ key: DATE_MODE, value: "<undefined>" }]);
  });

  it("refuses, as Spark 3's default does, a date before 1582-10-15 or a timestamp before 1900 at any depth, writing nothing", async () => {
    const ctx = await h.client.createContext();
    for (const [folder, select] of [
      ["date", "SELECT DATE '1500-03-01' AS d"],
      ["timestamp", "SELECT TIMESTAMP '1899-12-31 23:59:59.999999Z' AS ts"],
      ["nested", "SELECT named_struct('when', array(DATE '2024-01-01', DATE '1000-01-01')) AS s"],
      ["map", "SELECT map(DATE '0001-01-01', 1) AS m"],
    ]) {
      const summary = expectError(await exportTo(ctx, folder, select));
      expect(summary, folder).toContain("INCONSISTENT_BEHAVIOR_CROSS_VERSION.WRITE_ANCIENT_DATETIME");
      expect(summary, folder).toContain(`"${DATE_MODE}"`);
      expect(await folderNames(folder), folder).not.toContain(`${folder}/_SUCCESS`);
    }
    // the first Gregorian day, a TIMESTAMP_NTZ (never rebased) and a NULL are written as they are
    const done = await exportTo(ctx, "allowed", "SELECT DATE '1582-10-15' AS d, TIMESTAMP_NTZ '1000-01-01 00:00:00' AS ntz, CAST(NULL AS DATE) AS n, TIMESTAMP '1900-01-01 00:00:00Z' AS ts");
    expect(done.results).toMatchObject({ resultType: "table" });
    expect(await readBack("allowed", "CAST(d AS VARCHAR) AS d, CAST(ntz AS VARCHAR) AS ntz, n, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts")).toEqual([
      { d: "1582-10-15", ntz: "1000-01-01 00:00:00", n: null, ts: "1900-01-01 00:00:00" },
    ]);
  });

  it("writes them exactly once the context or the cluster says CORRECTED, and refuses LEGACY, which it does not write", async () => {
    const select = "SELECT DATE '1500-03-01' AS d, DATE '0001-01-01' AS first, TIMESTAMP '1066-10-14 09:00:00.000001Z' AS ts";
    const columns = "CAST(d AS VARCHAR) AS d, CAST(first AS VARCHAR) AS first, strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts";
    const expected = [{ d: "1500-03-01", first: "0001-01-01", ts: "1066-10-14 09:00:00.000001" }];
    const ctx = await h.client.createContext();
    await h.client.sql(ctx, `SET ${DATE_MODE}=CORRECTED`);
    expect((await exportTo(ctx, "set-corrected", select)).results).toMatchObject({ resultType: "table" });
    expect(await readBack("set-corrected", columns)).toEqual(expected);

    await setSparkConf({ [DATE_MODE]: "CORRECTED" });
    expect((await exportTo(await h.client.createContext(), "cluster-corrected", select)).results).toMatchObject({ resultType: "table" });
    expect(await readBack("cluster-corrected", columns)).toEqual(expected);

    const legacy = await h.client.createContext();
    await h.client.sql(legacy, `SET ${DATE_MODE}=LEGACY`);
    expect(expectError(await exportTo(legacy, "legacy", select))).toContain("legacy calendar");
    // a write without dates or timestamps is the same in every mode
    expect((await exportTo(legacy, "legacy-plain", "SELECT 1 AS a")).results).toMatchObject({ resultType: "table" });
  });
});
