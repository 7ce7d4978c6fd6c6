import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { packListedRows } from "../../src/delta/listed-rows.js";
import { createScanView } from "../../src/delta/scan-builder.js";
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

describe("the rows files list, packed into bit strings", () => {
  const ROWS = 12;
  /** `count` files of ROWS rows each, ids from file * 100, with the rows `listed(file)` dropped or kept */
  async function files(count: number, mode: "exclude" | "include", listed: (file: number) => number[]) {
    const made = [];
    for (let file = 0; file < count; file++) {
      const path = `${ws.newTableDir()}.parquet`;
      await conn.run(`COPY (SELECT (${file * 100} + i)::BIGINT AS id FROM range(0, ${ROWS}) t(i)) TO '${path}' (FORMAT parquet)`);
      made.push({ path, partitionValues: {}, rows: { mode, indexes: listed(file) } });
    }
    return made;
  }
  const schema = { type: "struct" as const, fields: [field("id", "long")] };
  const ids = async (view: string) => (await conn.runAndReadAll(`SELECT id FROM ${view} ORDER BY id`)).getRowsJson().map(([id]) => Number(id));

  it("drops each file's own rows when the lists fill several strings, and keeps a file's rows past its last listed one", async () => {
    const listed = (file: number) => [file, file + 2, 9];
    const scanned = await files(4, "exclude", listed);
    // 10 bits a string: each file's list covers 10 rows, so each file gets a string of its own
    const view = await createScanView(conn, { schema, partitionColumns: [], mode: "none", files: scanned }, { bitStringCapacity: 10 });
    const expected = [0, 1, 2, 3].flatMap((file) => Array.from({ length: ROWS }, (_, i) => i).filter((i) => !listed(file).includes(i)).map((i) => file * 100 + i));
    expect(await ids(view)).toEqual(expected);
    const oneString = await createScanView(conn, { schema, partitionColumns: [], mode: "none", files: scanned });
    expect(await ids(oneString)).toEqual(expected);
  });

  it("keeps only the listed rows of a file read for the ones it includes, none past its last listed one", async () => {
    const scanned = await files(3, "include", (file) => [file, 5]);
    const view = await createScanView(conn, { schema, partitionColumns: [], mode: "none", files: scanned }, { bitStringCapacity: 7 });
    expect(await ids(view)).toEqual([0, 5, 101, 105, 202, 205]);
  });

  it("refuses a file whose list goes past what one string holds, naming the row", () => {
    expect(() => packListedRows([[1], [3, 20]], 16)).toThrow("a deletion vector lists row 20; rows past 15 of one file cannot be read");
  });
});
