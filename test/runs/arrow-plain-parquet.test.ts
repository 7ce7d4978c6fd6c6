import { writeFileSync } from "node:fs";
import path from "node:path";
import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { arrowChunk } from "../../local/workspace/warehouses/arrow-chunk.js";
import { parseDdlType } from "../../src/databricks/spark-types.js";
import { plainParquetOf } from "../../src/runs/arrow-plain-parquet.js";
import { useScratchDuckDb } from "../support/scratch-duckdb.js";
import { stageOneChunk } from "../support/staged-chunks.js";

/**
 * A chunk of flat columns is written from its Arrow buffers as a plain Parquet file; a chunk with a
 * nested column goes through JSON lines. Both must give the same staged file, value for value.
 */
describe("Arrow chunks of flat columns, copied buffer by buffer", () => {
  const scratch = useScratchDuckDb("arrow-plain");

  const flat = [
    { name: "b", ddl: "TINYINT", workspace: "byte" },
    { name: "s", ddl: "SMALLINT", workspace: "short" },
    { name: "i", ddl: "INT", workspace: "integer" },
    { name: "l", ddl: "BIGINT", workspace: "long" },
    { name: "f", ddl: "FLOAT", workspace: "float" },
    { name: "d", ddl: "DOUBLE", workspace: "double" },
    { name: "wide", ddl: "DECIMAL(38,18)", workspace: "decimal(38,18)" },
    { name: "narrow", ddl: "DECIMAL(10,3)", workspace: "decimal(10,3)" },
    { name: "day", ddl: "DATE", workspace: "date" },
    { name: "at", ddl: "TIMESTAMP", workspace: "timestamp" },
    { name: "local_at", ddl: "TIMESTAMP_NTZ", workspace: "timestamp_ntz" },
    { name: "flag", ddl: "BOOLEAN", workspace: "boolean" },
    { name: "bytes", ddl: "BINARY", workspace: "binary" },
    { name: "label", ddl: "STRING", workspace: "string" },
  ] as const;
  const nested = { name: "tags", ddl: "ARRAY<STRING>", workspace: { type: "array", elementType: "string", containsNull: true } };

  /** deterministic rows with every kind of edge value and about one null in five */
  function rows(count: number): unknown[][] {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    return Array.from({ length: count }, (_, r) => {
      const row = [
        pick([-128, 127, 0, r % 100]),
        pick([-32768, 32767, -1, r]),
        pick([-2147483648, 2147483647, r * 7919]),
        pick(["9223372036854775807", "-9223372036854775808", "9007199254740993", String(r * 1_000_003)]),
        pick([0.1, -0, 3.4028234663852886e38, 1.401298464324817e-45, "NaN", "Infinity"]),
        pick([0.1, -0, Number.MAX_VALUE, 5e-324, "NaN", "-Infinity", r / 3]),
        pick(["99999999999999999999.999999999999999999", "-0.000000000000000001", `${r}.${String(r).padStart(18, "0")}`]),
        pick(["9999999.999", "-0.001", `${r}.5`]),
        pick(["1970-01-01", "2024-02-29", "0001-01-01", "9999-12-31"]),
        pick(["1999-12-31T23:59:59.999999Z", "1900-01-01T00:00:00.000001Z", "2262-04-11T23:47:16.854775Z"]),
        pick(["2024-02-29T12:00:00.000001", "1970-01-01T00:00:00.000000"]),
        pick([true, false]),
        pick([Buffer.from([0, 255, 7]).toString("base64"), "", Buffer.from(`row ${r}`).toString("base64")]),
        pick(["", "ünïcode \"quoted\" 😀", `label ${r}`, "x".repeat(300)]),
      ];
      return row.map((value) => (next() < 0.2 ? null : value));
    });
  }

  const described = async (file: string) =>
    ((await scratch.conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as Array<{ column_type: string }>).map((c) => c.column_type);

  /** rows of `a` not in `b` plus rows of `b` not in `a`, compared as each value's exact text */
  async function differences(a: string, b: string): Promise<number> {
    // DuckDB's text of a float is the shortest that reads back as the same bits (-0.0, nan and inf included)
    const exact = flat.map((c) => `"${c.name}"::VARCHAR AS "${c.name}"`).join(", ");
    const sql = (x: string, y: string) => `SELECT count(*)::INTEGER AS n FROM (SELECT ${exact} FROM read_parquet('${x}') EXCEPT ALL SELECT ${exact} FROM read_parquet('${y}'))`;
    const [one, two] = await Promise.all([sql(a, b), sql(b, a)].map(async (q) => Number((await scratch.conn.runAndReadAll(q)).getRowObjectsJson()[0].n)));
    return one + two;
  }

  it("gives the same staged file as the JSON path, with the same types, every edge value and null kept", async () => {
    const data = rows(3000);
    const flatChunk = arrowChunk(flat.map((c) => ({ name: c.name, type: c.workspace as never })), data as never);
    const withNested = arrowChunk([...flat, nested].map((c) => ({ name: c.name, type: c.workspace as never })), data.map((row, r) => [...row, r % 3 === 0 ? null : [`t${r}`]]) as never);
    const flatColumns = flat.map((c) => ({ name: c.name, type: parseDdlType(c.ddl) }));
    expect(plainParquetOf(arrow.tableFromIPC(flatChunk), flatColumns), "flat columns take the plain path").toBeDefined();
    expect(plainParquetOf(arrow.tableFromIPC(withNested), [...flatColumns, { name: nested.name, type: parseDdlType(nested.ddl) }]), "a nested column takes the JSON path").toBeUndefined();

    const plain = await stageOneChunk(scratch.conn, flatChunk, flatColumns, path.join(scratch.dir, "plain"));
    const json = await stageOneChunk(scratch.conn, withNested, [...flatColumns, { name: nested.name, type: parseDdlType(nested.ddl) }], path.join(scratch.dir, "json"));
    expect([plain.rows, json.rows]).toEqual([3000, 3000]);
    const [plainFile, jsonFile] = [plain.file, json.file];

    expect(await described(plainFile)).toEqual([
      "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DECIMAL(38,18)", "DECIMAL(10,3)", "DATE", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "BOOLEAN", "BLOB", "VARCHAR",
    ]);
    expect((await described(jsonFile)).slice(0, flat.length)).toEqual(await described(plainFile));
    expect(await differences(plainFile, jsonFile)).toBe(0);
    const negativeZeros = `SELECT count(*) FILTER (WHERE f = 0 AND signbit(f))::INTEGER AS f, count(*) FILTER (WHERE d = 0 AND signbit(d))::INTEGER AS d FROM read_parquet`;
    const expectedZeros = { f: data.filter((row) => Object.is(row[4], -0)).length, d: data.filter((row) => Object.is(row[5], -0)).length };
    expect(expectedZeros.f).toBeGreaterThan(0);
    for (const file of [plainFile, jsonFile]) expect((await scratch.conn.runAndReadAll(`${negativeZeros}('${file}')`)).getRowObjectsJson()[0], "-0.0 stays -0.0").toEqual(expectedZeros);
    const nulls = (await scratch.conn.runAndReadAll(`SELECT count(*) FILTER (WHERE l IS NULL)::INTEGER AS n FROM read_parquet('${plainFile}')`)).getRowObjectsJson()[0].n;
    expect(Number(nulls)).toBe(data.filter((row) => row[3] === null).length);
    // the row order is the chunk's
    const ids = (await scratch.conn.runAndReadAll(`SELECT label FROM read_parquet('${plainFile}')`)).getRowObjectsJson().map((row) => row.label);
    expect(ids).toEqual(data.map((row) => row[13]));
  });

  it("reads a column that starts inside its validity bitmap's byte (a slice), each row's value its own", async () => {
    const data = rows(50);
    const columns = flat.map((c) => ({ name: c.name, type: parseDdlType(c.ddl) }));
    const whole = arrow.tableFromIPC(arrowChunk(flat.map((c) => ({ name: c.name, type: c.workspace as never })), data as never));
    const sliced = whole.slice(3, 41);
    expect(sliced.batches[0].data.children[0].offset).toBe(3);
    const plain = plainParquetOf(sliced, columns)!;
    const file = path.join(scratch.dir, "sliced.plain");
    writeFileSync(file, Buffer.concat(plain.pieces));
    // the IPC stream of the slice starts at its first row: the same values, laid out from bit 0
    const reference = (await stageOneChunk(scratch.conn, arrow.tableToIPC(sliced, "stream"), columns, path.join(scratch.dir, "reference"))).file;
    const staged = path.join(scratch.dir, "sliced.parquet");
    await scratch.conn.run(`COPY (SELECT ${plain.projection} FROM read_parquet('${file}')) TO '${staged}' (FORMAT PARQUET)`);
    expect(await differences(staged, reference)).toBe(0);
    const labels = (await scratch.conn.runAndReadAll(`SELECT label FROM read_parquet('${staged}')`)).getRowObjectsJson().map((row) => row.label);
    expect(labels).toEqual(data.slice(3, 41).map((row) => row[13]));
  });
});
