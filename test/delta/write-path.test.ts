import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { computeStats, writtenFileStats, type CopyColumnStatistics } from "../../src/delta/stats.js";
import { multisetDiff } from "../support/duckdb-relations.js";
import { commitActions, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

type FieldType = StructType["fields"][number]["type"];
const field = (name: string, type: FieldType, nullable = true) => ({ name, type, nullable, metadata: {} });
const struct = (...fields: ReturnType<typeof field>[]): StructType => ({ type: "struct", fields });

/** COPY … RETURN_STATS of `sql` to a new file, as the writer does; returns what the writer gets back. */
async function copyWithStats(sql: string, rowGroupSize?: number): Promise<{ file: string; numRecords: number; copyStats: CopyColumnStatistics }> {
  const file = path.join(ws.newTableDir() + ".parquet");
  const options = ["FORMAT parquet", "COMPRESSION snappy", "RETURN_STATS", ...(rowGroupSize ? [`ROW_GROUP_SIZE ${rowGroupSize}`] : [])];
  const [row] = (await conn.runAndReadAll(`COPY (${sql}) TO '${file}' (${options.join(", ")})`)).getRowObjectsJson();
  const entries = (v: unknown) => (Array.isArray(v) ? (v as { key: string; value: unknown }[]) : []);
  const copyStats: CopyColumnStatistics = new Map(entries(row.column_statistics).map(({ key, value }) => [key, Object.fromEntries(entries(value).map((e) => [e.key, String(e.value)]))]));
  return { file, numRecords: Number(row.count), copyStats };
}

/** Footer stats of the file, checked against a full scan of it (the writer's former method). */
async function footerMatchesScan(sql: string, schema: StructType, options: { rowGroupSize?: number; properties?: Record<string, string> } = {}) {
  const { file, numRecords, copyStats } = await copyWithStats(sql, options.rowGroupSize);
  const properties = options.properties ?? {};
  const fromFooter = await writtenFileStats(conn, file, numRecords, copyStats, schema, properties);
  const fromScan = await computeStats(conn, `read_parquet('${file}')`, schema, properties);
  expect(fromFooter.json).toBe(fromScan.json);
  expect(fromFooter.numRecords).toBe(fromScan.numRecords);
  return fromFooter;
}

describe("stats from the written file's footer", () => {
  it("equal a full scan for every primitive type across row groups, one of them all NULL", async () => {
    const schema = struct(
      field("id", "long"),
      field("x", "long"),
      field("s", "string"),
      field("d9", "decimal(9,2)"),
      field("d18", "decimal(18,4)"),
      field("d38", "decimal(38,18)"),
      field("ts", "timestamp"),
      field("ntz", "timestamp_ntz"),
      field("day", "date"),
      field("r", "double"),
      field("f", "float"),
      field("i", "integer"),
      field("sm", "short"),
      field("tn", "byte"),
      field("b", "boolean"),
      field("raw", "binary"),
    );
    // The first row group (2048 rows) has x and s all NULL: RETURN_STATS gives up on their bounds, the footer does not.
    const stats = await footerMatchesScan(
      `SELECT i::BIGINT AS id, CASE WHEN i >= 2048 THEN i * 1000003 - 5000000000 END AS x, CASE WHEN i >= 2048 THEN 'v' || (i * 7 % 10007) END AS s,
              (((i % 2000) - 1000) / 100)::DECIMAL(9,2) AS d9, (i * 1.0001 - 3000)::DECIMAL(18,4) AS d18,
              CASE WHEN i % 3 = 0 THEN -99999999999999999999.999999999999999999 ELSE (i || '.000000000000000001')::DECIMAL(38,18) END AS d38,
              TIMESTAMPTZ '1969-12-31 23:59:59.999999+00' + to_microseconds(i * 1000003) AS ts, TIMESTAMP '1900-01-01 00:00:00.000001' + to_microseconds(i * 7) AS ntz,
              DATE '0001-01-01' + (i * 37)::INTEGER AS day, (i - 4000) / 3.0 AS r, CASE WHEN i % 5 = 0 THEN -0.0 ELSE (i / 7.0) END::FLOAT AS f,
              (i * 104729 % 2147483647)::INTEGER - 1000000000 AS i, (i % 65535 - 32768)::SMALLINT AS sm, (i % 256 - 128)::TINYINT AS tn,
              i % 2 = 0 AS b, CAST(i::VARCHAR AS BLOB) AS raw
       FROM range(10000) t(i)`,
      schema,
      { rowGroupSize: 2048 },
    );
    expect(stats.scanned).toEqual([]);
    expect(stats.json).toContain('"x":-2951993856');
    expect(stats.json).toContain('"d38":-99999999999999999999.999999999999999999');
  });

  it("scans only the leaves the footer cannot tell: arrays and maps, floats with NaN or infinities", async () => {
    const schema = struct(
      field("id", "long"),
      field("s", struct(field("a", "integer"), field("b", struct(field("c", "string"))))),
      field("arr", { type: "array", elementType: "long", containsNull: true }),
      field("m", { type: "map", keyType: "string", valueType: "double", valueContainsNull: true }),
      field("nan", "double"),
      field("inf", "double"),
      field("after", "string"),
    );
    const stats = await footerMatchesScan(
      `SELECT i::BIGINT AS id, CASE WHEN i % 4 = 0 THEN NULL ELSE {'a': CASE WHEN i % 3 = 0 THEN NULL ELSE i::INTEGER END, 'b': CASE WHEN i % 5 = 0 THEN NULL ELSE {'c': 'c' || i} END} END AS s,
              CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN []::BIGINT[] ELSE [i, NULL] END AS arr,
              CASE WHEN i % 6 = 0 THEN NULL ELSE MAP {'k' || i: i / 2} END AS m,
              CASE WHEN i = 4000 THEN 'NaN'::DOUBLE ELSE i END AS nan, CASE WHEN i = 1 THEN 'inf'::DOUBLE WHEN i = 2 THEN '-inf'::DOUBLE ELSE i END AS inf,
              'z' || i AS after
       FROM range(5000) t(i)`,
      schema,
      { rowGroupSize: 2048 },
    );
    expect(stats.scanned).toEqual(["arr", "m", "nan", "inf"]);
    const parsed = JSON.parse(stats.json);
    expect(parsed.nullCount).toMatchObject({ arr: 715, m: 834, s: { a: 2500, b: { c: 2000 } } });
    expect(parsed.maxValues).not.toHaveProperty("nan");
    expect(parsed.maxValues).not.toHaveProperty("inf");
  });

  it("keeps string bounds exact when row groups truncate values over 256 bytes", async () => {
    const schema = struct(field("long", "string"), field("cjk", "string"), field("emoji", "string"), field("edge", "string"));
    const cases = await footerMatchesScan(
      // long: ASCII over 256 bytes (truncated, still a long max, dropped); cjk: 'B' then 300 CJK characters, whose truncated max is
      // just "C" while other row groups hold short exact values; emoji: a row group with nothing to truncate, so no min/max at all;
      // edge: 32 and 33 characters. Every max here is over 32 characters, so none is kept.
      `SELECT repeat('x', 300) || i AS long, CASE WHEN i = 100 THEN 'B' || repeat('日', 300) ELSE 'A' || i END AS cjk,
              CASE WHEN i = 3000 THEN repeat('🦆', 100) ELSE 'e' || i END AS emoji,
              CASE WHEN i % 2 = 0 THEN repeat('a', 32) ELSE repeat('b', 33) END AS edge
       FROM range(5000) t(i)`,
      schema,
      { rowGroupSize: 2048 },
    );
    expect(cases.scanned).toEqual(["cjk", "emoji"]);
    const parsed = JSON.parse(cases.json);
    expect(parsed.minValues).toEqual({ long: "x".repeat(32), cjk: "A0", emoji: "e0", edge: "a".repeat(32) });
    expect(parsed.maxValues).toEqual({});
  });

  it("honours delta.dataSkippingNumIndexedCols and still counts NOT NULL columns past it", async () => {
    const schema = struct(field("a", "long"), field("b", "string"), field("c", "long", false), field("d", struct(field("e", "long")), false));
    const { file, numRecords, copyStats } = await copyWithStats(`SELECT i AS a, 'b' AS b, CASE WHEN i < 3 THEN NULL ELSE i END AS c, CASE WHEN i = 9 THEN NULL ELSE {'e': 1} END AS d FROM range(10) t(i)`);
    const stats = await writtenFileStats(conn, file, numRecords, copyStats, schema, { "delta.dataSkippingNumIndexedCols": "1" }, ["c", "d"]);
    expect(stats.json).toBe('{"numRecords":10,"minValues":{"a":0},"maxValues":{"a":9},"nullCount":{"a":0},"tightBounds":true}');
    expect(stats.nullCounts).toEqual([3, 1]);
    expect(stats.scanned).toEqual([]);
  });
});

describe("one-pass append", () => {
  const wide = struct(field("id", "long", false), field("note", "string"), field("amount", "decimal(38,18)"), field("at", "timestamp"), field("region", "string"));
  const wideRows = (n: number) =>
    `SELECT i AS id, CASE WHEN i < 150000 THEN NULL ELSE md5(i::VARCHAR) END AS note, i::DECIMAL(38,18) + 0.000000000000000001 AS amount,
            TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 997) AS at, ['eu', 'us', NULL, 'ap'][(i % 4) + 1] AS region FROM range(${n}) t(i)`;

  it("writes the stats a scan of each file gives, leaves no temp table behind, and reads back equal", async () => {
    for (const partitionColumns of [[], ["region"]]) {
      const table = openDeltaTable(ws.newTableDir());
      await table.create({ schema: wide, partitionColumns });
      const tempTables = async () => Number((await rows(conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE temporary"))[0].n);
      const before = await tempTables();
      const result = await table.append(conn, wideRows(300_000));
      expect(result.numRecords).toBe(300_000);
      expect(await tempTables()).toBe(before);
      const adds = ofKind(await commitActions(table.root, 1), "add");
      expect(adds).toHaveLength(partitionColumns.length ? 4 : 1);
      const dataFields = wide.fields.filter((f) => !partitionColumns.includes(f.name));
      for (const add of adds) {
        const scanned = await computeStats(conn, `read_parquet('${path.join(table.root, decodeURIComponent(add.path))}')`, struct(...dataFields), {});
        expect(add.stats).toBe(scanned.json);
      }
      const scan = await table.scanRelation(conn, await table.snapshot());
      expect(await multisetDiff(conn, scan, `(${wideRows(300_000)})`, wide.fields.map((f) => f.name))).toEqual({ missing: [], extra: [] });
    }
  });

  it("keeps '' and NULL partitions apart, puts NULL booleans in the null partition, and escapes values as Spark does", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: struct(field("id", "long"), field("p", "string"), field("flag", "boolean")), partitionColumns: ["p", "flag"] });
    const source = `SELECT * FROM (VALUES (1, 'a/b=c%', true), (2, '', false), (3, NULL, NULL), (4, 'NULL', true), (5, 'ü é', NULL), (6, 'a/b=c%', true)) t(id, p, flag)`;
    await table.append(conn, source);
    const adds = ofKind(await commitActions(table.root, 1), "add");
    const byValues = Object.fromEntries(adds.map((a) => [JSON.stringify(a.partitionValues), a]));
    expect(Object.keys(byValues).sort()).toEqual(
      [{ p: "", flag: "false" }, { p: "NULL", flag: "true" }, { p: "a/b=c%", flag: "true" }, { p: null, flag: null }, { p: "ü é", flag: null }].map((v) => JSON.stringify(v)).sort(),
    );
    expect(byValues[JSON.stringify({ p: "a/b=c%", flag: "true" })].path).toMatch(/^p=a%252Fb%253Dc%2525\/flag=true\/part-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
    expect(byValues[JSON.stringify({ p: null, flag: null })].path).toMatch(/^p=__HIVE_DEFAULT_PARTITION__\/flag=__HIVE_DEFAULT_PARTITION__\/part-00000-/);
    expect(JSON.parse(byValues[JSON.stringify({ p: "a/b=c%", flag: "true" })].stats)).toMatchObject({ numRecords: 2, minValues: { id: 1 }, maxValues: { id: 6 } });
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await rows(conn, `SELECT id, p, flag FROM ${scan} ORDER BY id`)).toEqual([
      { id: "1", p: "a/b=c%", flag: true },
      { id: "2", p: null, flag: false },
      { id: "3", p: null, flag: null },
      { id: "4", p: "NULL", flag: true },
      { id: "5", p: "ü é", flag: null },
      { id: "6", p: "a/b=c%", flag: true },
    ]);
    expect((await readdir(table.root)).filter((f) => f.startsWith(".delta-write-"))).toEqual([]);
  });

  it("writes partition values too long for DuckDB's encoded directory names partition by partition", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: struct(field("id", "long", false), field("p", "string")), partitionColumns: ["p"] });
    // 60 CJK characters: 180 bytes in Spark's directory name, 540 percent-encoded in DuckDB's.
    const long = "日".repeat(60);
    const tempTables = async () => Number((await rows(conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE temporary"))[0].n);
    const before = await tempTables();
    await table.append(conn, `SELECT i AS id, CASE WHEN i % 3 = 0 THEN '${long}' WHEN i % 3 = 1 THEN 'short' END AS p FROM range(30) t(i)`);
    const adds = ofKind(await commitActions(table.root, 1), "add");
    expect(adds.map((a) => a.partitionValues.p).sort()).toEqual(["short", long, null].sort());
    expect(adds.find((a) => a.partitionValues.p === long).path).toBe(`p=${encodeURIComponent(long)}/${path.basename(adds.find((a) => a.partitionValues.p === long).path)}`);
    for (const add of adds) expect(JSON.parse(add.stats)).toMatchObject({ numRecords: 10, nullCount: { id: 0 } });
    await expect(table.append(conn, `SELECT CASE WHEN i = 0 THEN NULL ELSE i END AS id, '${long}' AS p FROM range(3) t(i)`)).rejects.toThrow(/NOT NULL constraint violated for column id: 1 row/);
    expect(await table.latestVersion()).toBe(1);
    expect(await tempTables()).toBe(before);
    expect((await readdir(table.root)).filter((f) => f.startsWith(".delta-write-"))).toEqual([]);
  });

  it("counts NOT NULL violations on the written files and removes them, partitioned or not", async () => {
    const schema = struct(field("id", "long", false), field("p", "string", false), field("s", struct(field("a", "long")), false));
    for (const partitionColumns of [[], ["p"]]) {
      const table = openDeltaTable(ws.newTableDir());
      await table.create({ schema, partitionColumns });
      await expect(table.append(conn, `SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE i END AS id, 'x' AS p, {'a': 1} AS s FROM range(100) t(i)`)).rejects.toThrow(
        /NOT NULL constraint violated for column id: 10 row/,
      );
      await expect(table.append(conn, `SELECT i AS id, CASE WHEN i < 3 THEN NULL ELSE 'y' END AS p, {'a': 1} AS s FROM range(100) t(i)`)).rejects.toThrow(
        /NOT NULL constraint violated for column p: 3 row/,
      );
      await expect(table.append(conn, `SELECT i AS id, 'x' AS p, CASE WHEN i = 5 THEN NULL ELSE {'a': NULL} END AS s FROM range(100) t(i)`)).rejects.toThrow(
        /NOT NULL constraint violated for column s: 1 row/,
      );
      // A query that fails half way (a bad cast) leaves nothing either.
      await expect(table.append(conn, `SELECT CASE WHEN i = 99 THEN 'x' ELSE i::VARCHAR END AS id, 'x' AS p, {'a': 1} AS s FROM range(100) t(i)`)).rejects.toThrow(/Conversion Error/);
      expect(await table.latestVersion()).toBe(0);
      const left = await readdir(table.root, { recursive: true });
      expect(left.filter((f) => !f.startsWith("_delta_log"))).toEqual([]);
      expect((await table.append(conn, `SELECT i AS id, 'x' AS p, {'a': NULL} AS s FROM range(3) t(i)`)).numRecords).toBe(3);
    }
  });

  it("splits unpartitioned writes at delta.targetFileSize, numbering the files", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: wide, properties: { "delta.targetFileSize": "2mb" } });
    const result = await table.append(conn, wideRows(400_000));
    expect(result.files.length).toBeGreaterThan(2);
    expect(result.files.map((f) => f.slice(0, "part-00000".length)).sort()).toEqual(result.files.map((_, i) => `part-${String(i).padStart(5, "0")}`));
    const adds = ofKind(await commitActions(table.root, 1), "add");
    expect(adds.reduce((n, a) => n + JSON.parse(a.stats).numRecords, 0)).toBe(400_000);
    // DuckDB closes a file at the first row group boundary past the target.
    for (const add of adds) {
      const scanned = await computeStats(conn, `read_parquet('${path.join(table.root, add.path)}')`, wide, {});
      expect(add.stats).toBe(scanned.json);
    }
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await multisetDiff(conn, scan, `(${wideRows(400_000)})`, wide.fields.map((f) => f.name))).toEqual({ missing: [], extra: [] });
  });

  it("writes column-mapped partitioned tables under physical names with field ids, stats keyed by physical name", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: struct(field("id", "long"), field("info", struct(field("first name", "string"))), field("p", "string")), partitionColumns: ["p"], properties: { "delta.columnMapping.mode": "id" } });
    const schema = (await table.snapshot()).schema;
    const physical = (f: StructType["fields"][number]) => f.metadata["delta.columnMapping.physicalName"] as string;
    const inner = (schema.fields[1].type as StructType).fields[0];
    await table.append(conn, `SELECT i AS id, CASE WHEN i = 2 THEN NULL ELSE {'first name': 'n' || i} END AS info, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS p FROM range(6) t(i)`);
    const adds = ofKind(await commitActions(table.root, 1), "add");
    expect(adds.map((a) => a.partitionValues[physical(schema.fields[2])]).sort()).toEqual(["a", "b"]);
    const a = adds.find((x) => x.partitionValues[physical(schema.fields[2])] === "a");
    expect(JSON.parse(a.stats)).toEqual({
      numRecords: 3,
      minValues: { [physical(schema.fields[0])]: 0, [physical(schema.fields[1])]: { [physical(inner)]: "n0" } },
      maxValues: { [physical(schema.fields[0])]: 4, [physical(schema.fields[1])]: { [physical(inner)]: "n4" } },
      nullCount: { [physical(schema.fields[0])]: 0, [physical(schema.fields[1])]: { [physical(inner)]: 1 } },
      tightBounds: true,
    });
    const fileSchema = await rows(conn, `SELECT name, field_id FROM parquet_schema('${path.join(table.root, decodeURIComponent(a.path))}') WHERE name <> 'duckdb_schema'`);
    expect(fileSchema.map((r) => [r.name, Number(r.field_id)])).toEqual([[physical(schema.fields[0]), 1], [physical(schema.fields[1]), 2], [physical(inner), 3]]);
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await rows(conn, `SELECT id, info, p FROM ${scan} WHERE id = 2`)).toEqual([{ id: "2", info: null, p: "a" }]);
  });
});
