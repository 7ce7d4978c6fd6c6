import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../../src/delta/index.js";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** CONVERT TO DELTA on the local workspace: a folder of Parquet files, partition folders included, made a Delta table in place. */
describe("CONVERT TO DELTA on the local workspace", () => {
  const lake = mkdtempSync(path.join(os.tmpdir(), "convert-"));
  const { ok, sql } = sqlSession({ tableRoots: [lake] });
  const refused = async (command: string) => expectError(await sql(command));

  beforeAll(async () => {
    const db = await DuckDBInstance.create();
    const conn = await db.connect();
    for (const [region, ids] of [["eu", [1, 2]], ["us", [3]]] as const) {
      mkdirSync(path.join(lake, "orders", `region=${region}`), { recursive: true });
      await conn.run(`COPY (SELECT unnest([${ids.join(", ")}])::BIGINT AS id, 12345678901234.123456::DECIMAL(20,6) AS amount) TO '${path.join(lake, "orders", `region=${region}`, "part-0.parquet")}' (FORMAT parquet)`);
    }
    mkdirSync(path.join(lake, "orders", "_temporary"));
    mkdirSync(path.join(lake, "flat"));
    await conn.run(`COPY (SELECT 7::INT AS n, 'x' AS s) TO '${path.join(lake, "flat", "a.parquet")}' (FORMAT parquet)`);
    conn.closeSync();
  });

  it("writes version 0 naming every file where it is, with its partition values and statistics, and reads it back exactly", async () => {
    const folder = path.join(lake, "orders");
    const before = readdirSync(folder, { recursive: true }).filter((f) => String(f).endsWith(".parquet")).sort();
    await ok(`CONVERT TO DELTA parquet.\`${folder}\` PARTITIONED BY (region STRING)`);
    expect(await ok(`SELECT id, CAST(amount AS STRING) AS amount, region FROM delta.\`${folder}\` ORDER BY id`)).toEqual([
      { id: 1, amount: "12345678901234.123456", region: "eu" },
      { id: 2, amount: "12345678901234.123456", region: "eu" },
      { id: 3, amount: "12345678901234.123456", region: "us" },
    ]);
    const snapshot = await openDeltaTable(folder).snapshot();
    expect(snapshot.partitionColumns).toEqual(["region"]);
    expect(snapshot.files.map((f) => decodeURIComponent(f.path)).sort()).toEqual(before.map(String));
    expect(JSON.parse(snapshot.files.find((f) => f.partitionValues.region === "eu")!.stats!)).toMatchObject({ numRecords: 2, minValues: { id: 1 }, maxValues: { id: 2 } });
    const [history] = await ok(`DESCRIBE HISTORY delta.\`${folder}\``);
    expect(history.operation).toBe("CONVERT");
    expect(await refused(`CONVERT TO DELTA parquet.\`${folder}\` PARTITIONED BY (region STRING)`)).toContain("already");
  });

  it("converts without statistics when told, and refuses a layout that does not match the partition columns", async () => {
    await ok(`CONVERT TO DELTA parquet.\`${path.join(lake, "flat")}\` NO STATISTICS`);
    expect((await openDeltaTable(path.join(lake, "flat")).snapshot()).files[0].stats).toBeUndefined();
    expect(await ok(`SELECT n, s FROM delta.\`${path.join(lake, "flat")}\``)).toEqual([{ n: 7, s: "x" }]);
    const db = await DuckDBInstance.create();
    const conn = await db.connect();
    for (const dir of ["wrong/day=1", "dates/day=2024-01-01", "dates/day=monday"]) {
      mkdirSync(path.join(lake, dir), { recursive: true });
      await conn.run(`COPY (SELECT 1 AS v) TO '${path.join(lake, dir, "p.parquet")}' (FORMAT parquet)`);
    }
    conn.closeSync();
    expect(await refused(`CONVERT TO DELTA parquet.\`${path.join(lake, "wrong")}\` PARTITIONED BY (region STRING)`)).toContain("expected a folder region=");
    expect(await refused(`CONVERT TO DELTA parquet.\`${path.join(lake, "dates")}\` PARTITIONED BY (day DATE)`)).toContain("the partition value monday is no date value of column day");
    expect(await refused("CONVERT TO DELTA some_table")).toContain("parquet.`/path`");
  });
});
