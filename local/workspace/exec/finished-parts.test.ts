import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { forEachFinishedPart } from "./finished-parts.js";

describe("forEachFinishedPart on a running COPY … FILE_SIZE_BYTES", () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "finished-parts-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("hands over every part, in order, only once it is a whole Parquet file", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      const rows = 600_000;
      await conn.run(`CREATE TABLE t AS SELECT range AS id, 'note-' || range AS note FROM range(${rows})`);
      const folder = path.join(scratch, "out");
      const copy = conn.run(
        `COPY (SELECT * FROM t) TO '${folder}' (FORMAT parquet, FILENAME_PATTERN 'part-{i}', FILE_SIZE_BYTES '512KB', OVERWRITE_OR_IGNORE true)`,
      );
      // each part is copied the moment it is handed over, as the upload reads it
      const handed: { index: number; file: string }[] = [];
      const count = await forEachFinishedPart(folder, copy, async (file, index) => {
        const snapshot = path.join(scratch, `handed-${index}.parquet`);
        copyFileSync(file, snapshot);
        handed.push({ index, file: snapshot });
      });

      expect(count).toBeGreaterThan(2);
      expect(handed.map((h) => h.index).sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
      const list = handed.map((h) => `'${h.file}'`).join(", ");
      const [[total, distinct]] = (await conn.runAndReadAll(`SELECT count(*)::INTEGER, count(DISTINCT id)::INTEGER FROM read_parquet([${list}])`)).getRows();
      expect([total, distinct]).toEqual([rows, rows]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
