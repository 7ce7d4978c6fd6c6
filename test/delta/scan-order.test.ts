import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import type { StructField } from "../../src/delta/types.js";
import { useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

const field = (name: string, type: string): StructField => ({ name, type, nullable: true, metadata: {} });
const FILE_ROWS = 30_000;
const REPEATS = 25;

/** Every answer `sql` gives over `REPEATS` runs, so a test sees one answer or several. */
async function answers(sql: string): Promise<string[]> {
  const seen = new Set<string>();
  for (let i = 0; i < REPEATS; i++) seen.add(JSON.stringify((await conn.runAndReadAll(sql)).getRowsJson()));
  return [...seen];
}

describe("a scan keeps the files' order", () => {
  it("answers a LIMIT without ORDER BY with the same rows every time, the first file's first, partitions and deletion vectors included", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({
      schema: { type: "struct", fields: [field("id", "long"), field("grp", "string")] },
      partitionColumns: ["grp"],
      properties: { "delta.enableDeletionVectors": "true" },
    });
    for (let file = 0; file < 4; file++) {
      await table.append(conn, `SELECT (${file * FILE_ROWS} + i)::BIGINT AS id, 'g${file % 2}' AS grp FROM range(1, ${FILE_ROWS + 1}) t(i)`);
    }
    await table.deleteWhere(conn, "id % 2 = 0");
    const scan = await table.scanRelation(conn, await table.snapshot());

    const limited = await answers(`SELECT id, grp FROM ${scan} LIMIT 3`);
    expect(limited).toHaveLength(1);
    const whole = (await conn.runAndReadAll(`SELECT id, grp FROM ${scan}`)).getRowsJson();
    expect(limited[0]).toBe(JSON.stringify(whole.slice(0, 3)));
    expect(new Set(whole.slice(0, 3).map(([id]) => Math.ceil(Number(id) / FILE_ROWS))).size).toBe(1);
    const totals = await conn.runAndReadAll(`SELECT grp, count(*), sum(id) FROM ${scan} GROUP BY grp ORDER BY grp`);
    const odd = (from: number) => Array.from({ length: FILE_ROWS / 2 }, (_, k) => from + 1 + 2 * k).reduce((a, b) => a + b, 0);
    expect(totals.getRowsJson()).toEqual([
      ["g0", String(FILE_ROWS), String(odd(0) + odd(2 * FILE_ROWS))],
      ["g1", String(FILE_ROWS), String(odd(FILE_ROWS) + odd(3 * FILE_ROWS))],
    ]);
  });

  it("reads a table with a column named file_index, DuckDB's name for a file's place in a read", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("file_index", "long"), field("grp", "string")] }, partitionColumns: ["grp"] });
    await table.append(conn, `SELECT 7::BIGINT AS file_index, 'a' AS grp`);
    await table.append(conn, `SELECT 9::BIGINT AS file_index, 'b' AS grp`);
    const scan = await table.scanRelation(conn, await table.snapshot());
    const rows = await conn.runAndReadAll(`SELECT file_index, grp FROM ${scan} ORDER BY grp`);
    expect(rows.getRowsJson()).toEqual([["7", "a"], ["9", "b"]]);
  });
});
