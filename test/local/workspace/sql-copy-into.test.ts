import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** COPY INTO on the local workspace: a folder's files loaded into a Delta table once each, their columns into the table's of their names. */
describe("COPY INTO on the local workspace", () => {
  const landing = mkdtempSync(path.join(os.tmpdir(), "copy-into-"));
  const outside = mkdtempSync(path.join(os.tmpdir(), "copy-into-outside-"));
  const { ok, sql } = sqlSession({ tableRoots: [landing] }, async (ok) => {
    await ok("CREATE TABLE readings (id BIGINT, value DECIMAL(10,2), note STRING)");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const rows = () => ok("SELECT id, value, note FROM readings ORDER BY id");

  beforeAll(async () => {
    mkdirSync(path.join(landing, "csv"));
    writeFileSync(path.join(landing, "csv", "a.csv"), "id,value,note\n1,1.50,first\n2,2.25,\n");
    writeFileSync(path.join(landing, "csv", "b.csv"), "id,value,note\n3,3.00,third\n");
    writeFileSync(path.join(landing, "csv", "_ignored.csv"), "id,value,note\n99,9.99,hidden\n");
    mkdirSync(path.join(landing, "parquet"));
    const db = await DuckDBInstance.create();
    const conn = await db.connect();
    await conn.run(`COPY (SELECT 10::BIGINT AS id, 10.10::DECIMAL(10,2) AS value, 'p' AS note, 'x' AS extra) TO '${path.join(landing, "parquet", "p.parquet")}' (FORMAT parquet)`);
    conn.closeSync();
    writeFileSync(path.join(landing, "rows.json"), '{"id": 20, "note": "json"}\n{"id": 21, "value": 21.5}\n');
  });

  it("loads a folder's CSV files by their header's names, once each: run again, it loads only new files", async () => {
    const [first] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(first).toEqual({ num_affected_rows: 3, num_inserted_rows: 3, num_skipped_corrupt_files: 0 });
    expect(await rows()).toEqual([
      { id: 1, value: "1.50", note: "first" },
      { id: 2, value: "2.25", note: null },
      { id: 3, value: "3.00", note: "third" },
    ]);
    const [again] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(again).toEqual({ num_affected_rows: 0, num_inserted_rows: 0, num_skipped_corrupt_files: 0 });
    writeFileSync(path.join(landing, "csv", "c.csv"), "id,value,note\n4,4.00,fourth\n");
    const [more] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')`);
    expect(more.num_inserted_rows).toBe(1);
    const [history] = await ok("DESCRIBE HISTORY readings LIMIT 1");
    expect(history.operation).toBe("COPY INTO");
    const [forced] = await ok(`COPY INTO readings FROM '${path.join(landing, "csv")}' FILEFORMAT = CSV FILES = ('c.csv') FORMAT_OPTIONS ('header' = 'true') COPY_OPTIONS ('force' = 'true')`);
    expect(forced.num_inserted_rows).toBe(1);
    expect((await ok("SELECT count(*) AS n FROM readings WHERE id = 4"))[0].n).toBe(2);
  });

  it("loads JSON lines, a missing column NULL; a PATTERN picks the files", async () => {
    await ok(`COPY INTO readings FROM '${landing}' FILEFORMAT = JSON PATTERN = '*.json'`);
    expect(await ok("SELECT id, value, note FROM readings WHERE id >= 20 ORDER BY id")).toEqual([
      { id: 20, value: null, note: "json" },
      { id: 21, value: "21.50", note: null },
    ]);
  });

  it("refuses columns the table lacks unless mergeSchema, which adds them", async () => {
    const folder = path.join(landing, "parquet");
    expect(await refused(`COPY INTO readings FROM '${folder}' FILEFORMAT = PARQUET`)).toContain("[COPY_INTO_SCHEMA_MISMATCH_WITH_TARGET_TABLE] The files have columns `extra`");
    await ok(`COPY INTO readings FROM '${folder}' FILEFORMAT = PARQUET COPY_OPTIONS ('mergeSchema' = 'true')`);
    expect(await ok("SELECT id, extra FROM readings WHERE id = 10")).toEqual([{ id: 10, extra: "x" }]);
  });

  it("reads only where tables may live, and refuses a format it does not read", async () => {
    writeFileSync(path.join(outside, "secret.csv"), "id\n1\n");
    expect(await refused(`COPY INTO readings FROM '${outside}' FILEFORMAT = CSV`)).toContain(outside);
    expect(await refused(`COPY INTO readings FROM '${landing}' FILEFORMAT = AVRO`)).toContain("FILEFORMAT = AVRO");
    expect(await refused(`COPY INTO readings FROM '${path.join(landing, "nowhere")}' FILEFORMAT = CSV`)).toContain("PATH_NOT_FOUND");
  });
});
