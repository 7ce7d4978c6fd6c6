import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { count, multisetDiff } from "../support/duckdb-relations.js";
import { commitActions, ofKind, rawCommit, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

const field = (name: string, type: StructType["fields"][number]["type"], nullable = true) => ({ name, type, nullable, metadata: {} });

const ALL_TYPES: StructType = {
  type: "struct",
  fields: [
    field("id", "long", false),
    field("big", "long"),
    field("amount", "decimal(38,18)"),
    field("ts", "timestamp"),
    field("ts_ntz", "timestamp_ntz"),
    field("day", "date"),
    field("raw", "binary"),
    field("name", "string"),
    field("flag", "boolean"),
    field("ratio", "double"),
    field("small", "short"),
    field("tiny", "byte"),
    field("f", "float"),
    field("i", "integer"),
    field("s", { type: "struct", fields: [field("a", "integer"), field("b", { type: "struct", fields: [field("c", "string")] })] }),
    field("arr", { type: "array", elementType: "long", containsNull: true }),
    field("m", { type: "map", keyType: "string", valueType: { type: "array", elementType: "double", containsNull: true }, valueContainsNull: true }),
  ],
};

const ALL_TYPES_ROWS = `
  SELECT * FROM (VALUES
    (1::BIGINT, 9223372036854775807::BIGINT, 12345678901234567890.123456789012345678::DECIMAL(38,18),
     TIMESTAMPTZ '2024-03-01 12:34:56.123456+00', TIMESTAMP '2024-03-01 12:34:56.654321', DATE '2024-02-29', '\\x00\\xFF'::BLOB,
     'héllo', true, 1.5::DOUBLE, 7::SMALLINT, -3::TINYINT, 2.5::FLOAT, 42,
     {'a': 1, 'b': {'c': 'x'}}, [1, 9007199254740993]::BIGINT[], MAP {'k': [1.0, NULL]::DOUBLE[]}),
    (2, -9223372036854775808, -99999999999999999999.999999999999999999, TIMESTAMPTZ '1969-12-31 23:59:59.999999+00',
     TIMESTAMP '1900-01-01 00:00:00', DATE '0001-01-01', ''::BLOB, NULL, false, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL),
    (3, 9007199254740993, 0.000000000000000001, NULL, NULL, NULL, NULL, 'z', NULL, -0.25, -32768, 127, NULL, -2147483648,
     {'a': NULL, 'b': NULL}, []::BIGINT[], MAP {}::MAP(VARCHAR, DOUBLE[]))
  ) AS t(id, big, amount, ts, ts_ntz, day, raw, name, flag, ratio, small, tiny, f, i, s, arr, m)`;

describe("Delta writer", () => {
  it("creates a table whose first commit has Spark's commitInfo, metaData and protocol shapes", async () => {
    const table = openDeltaTable(ws.newTableDir());
    expect(await table.create({ schema: ALL_TYPES, properties: { "delta.checkpointInterval": "10" } })).toBe(0);
    const actions = await commitActions(table.root, 0);
    const [commitInfo] = ofKind(actions, "commitInfo");
    expect(commitInfo).toMatchObject({
      operation: "CREATE TABLE",
      operationParameters: { partitionBy: "[]", description: null, isManaged: "false", properties: '{"delta.checkpointInterval":"10"}' },
      isBlindAppend: true,
    });
    expect(typeof commitInfo.timestamp).toBe("number");
    const [metaData] = ofKind(actions, "metaData");
    expect(Object.keys(metaData)).toEqual(["id", "format", "schemaString", "partitionColumns", "configuration", "createdTime"]);
    expect(metaData.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(metaData.format).toEqual({ provider: "parquet", options: {} });
    expect(JSON.parse(metaData.schemaString)).toEqual(ALL_TYPES);
    expect(metaData.partitionColumns).toEqual([]);
    expect(metaData.configuration).toEqual({ "delta.checkpointInterval": "10" });
    // timestamp_ntz needs the timestampNtz table feature, hence reader 3 / writer 7.
    expect(ofKind(actions, "protocol")).toEqual([
      { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["timestampNtz"], writerFeatures: ["appendOnly", "invariants", "timestampNtz"] },
    ]);
    await expect(table.create({ schema: ALL_TYPES })).rejects.toThrow(/A Delta table already exists/);
  });

  it("appends every type loss-free and reads them back equal", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: ALL_TYPES });
    const result = await table.append(conn, ALL_TYPES_ROWS);
    expect(result).toMatchObject({ version: 1, numRecords: 3, alreadyCommitted: false });
    const snapshot = await table.snapshot();
    const scan = await table.scanRelation(conn, snapshot);
    const columns = ALL_TYPES.fields.map((f) => f.name);
    expect(await multisetDiff(conn, scan, `(${ALL_TYPES_ROWS})`, columns)).toEqual({ missing: [], extra: [] });
    const described = await rows(conn, `DESCRIBE SELECT * FROM ${scan}`);
    expect(described.map((r) => r.column_type)).toEqual([
      "BIGINT", "BIGINT", "DECIMAL(38,18)", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "DATE", "BLOB", "VARCHAR", "BOOLEAN", "DOUBLE",
      "SMALLINT", "TINYINT", "FLOAT", "INTEGER", "STRUCT(a INTEGER, b STRUCT(c VARCHAR))", "BIGINT[]", "MAP(VARCHAR, DOUBLE[])",
    ]);
    const exact = await rows(conn, `SELECT CAST(big AS VARCHAR) AS big, CAST(amount AS VARCHAR) AS amount, CAST(arr AS VARCHAR) AS arr FROM ${scan} WHERE id = 1`);
    expect(exact).toEqual([{ big: "9223372036854775807", amount: "12345678901234567890.123456789012345678", arr: "[1, 9007199254740993]" }]);
  });

  it("keeps the sign of every zero of a FLOAT or DOUBLE, at any depth, when one column holds both (DuckDB's dictionary took them for one value)", async () => {
    const schema: StructType = {
      type: "struct",
      fields: [
        { name: "id", type: "long", nullable: true, metadata: {} },
        { name: "d", type: "double", nullable: true, metadata: {} },
        { name: "f", type: "float", nullable: true, metadata: {} },
        { name: "s", type: { type: "struct", fields: [{ name: "x", type: "double", nullable: true, metadata: {} }] }, nullable: true, metadata: {} },
        { name: "arr", type: { type: "array", elementType: "double", containsNull: true }, nullable: true, metadata: {} },
      ],
    };
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema });
    // -0.0 first, then +0.0 in the same column of the same file: enough rows for a dictionary
    const zero = `CASE WHEN i % 3 = 0 THEN '-0.0' ELSE '0.0' END`;
    const source = `SELECT i::BIGINT AS id, ${zero}::DOUBLE AS d, ${zero}::FLOAT AS f, {'x': ${zero}::DOUBLE} AS s, [${zero}::DOUBLE, '0.0'::DOUBLE] AS arr FROM range(12) t(i)`;
    await table.append(conn, source);
    const scan = await table.scanRelation(conn, await table.snapshot());
    const signs = await rows(conn, `SELECT id::INTEGER AS id, 1 / d > 0 AS d, 1 / f > 0 AS f, 1 / s.x > 0 AS sx, 1 / arr[1] > 0 AS a0, 1 / arr[2] > 0 AS a1 FROM ${scan} ORDER BY id`);
    expect(signs).toEqual(Array.from({ length: 12 }, (_, id) => ({ id, d: id % 3 !== 0, f: id % 3 !== 0, sx: id % 3 !== 0, a0: id % 3 !== 0, a1: true })));
  });

  it("records add actions with exact size, modification time and loss-free stats", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: ALL_TYPES });
    await table.append(conn, ALL_TYPES_ROWS);
    const actions = await commitActions(table.root, 1);
    const [commitInfo] = ofKind(actions, "commitInfo");
    expect(commitInfo).toMatchObject({
      operation: "WRITE",
      operationParameters: { mode: "Append", partitionBy: "[]" },
      readVersion: 0,
      isBlindAppend: true,
      operationMetrics: { numFiles: "1", numOutputRows: "3" },
    });
    const [add] = ofKind(actions, "add");
    expect(Object.keys(add)).toEqual(["path", "partitionValues", "size", "modificationTime", "dataChange", "stats"]);
    const file = path.join(table.root, add.path);
    const info = await stat(file);
    expect(add).toMatchObject({ partitionValues: {}, size: info.size, modificationTime: Math.floor(info.mtimeMs), dataChange: true });
    expect(add.path).toMatch(/^part-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
    // Parsing the stats with JSON.parse would round 64-bit bounds, so check the raw text.
    expect(add.stats).toContain('"numRecords":3');
    expect(add.stats).toContain('"big":-9223372036854775808');
    expect(add.stats).toContain('"big":9223372036854775807');
    expect(add.stats).toContain('"amount":-99999999999999999999.999999999999999999');
    expect(add.stats).toContain('"ts":"1969-12-31T23:59:59.999Z"');
    expect(add.stats).toContain('"ts_ntz":"1900-01-01T00:00:00.000"');
    expect(add.stats).toContain('"day":"0001-01-01"');
    const stats = JSON.parse(add.stats);
    expect(stats.nullCount).toMatchObject({ id: 0, name: 1, ts: 1, s: { a: 2, b: { c: 2 } }, arr: 1, m: 1 });
    expect(stats.minValues.s).toEqual({ a: 1, b: { c: "x" } });
    expect(stats.minValues).not.toHaveProperty("flag");
    expect(stats.minValues).not.toHaveProperty("raw");
    expect(stats.tightBounds).toBe(true);
  });

  it("writes partitioned tables with typed partition values in the path and the log", async () => {
    const table = openDeltaTable(ws.newTableDir());
    const schema: StructType = { type: "struct", fields: [field("id", "long"), field("day", "date"), field("region", "string"), field("at_ts", "timestamp")] };
    await table.create({ schema, partitionColumns: ["day", "region"] });
    const source = `SELECT * FROM (VALUES (1, DATE '2024-01-01', 'eu/west', TIMESTAMPTZ '2024-01-01 00:00:00+00'), (2, DATE '2024-01-01', 'us', NULL), (3, NULL, NULL, NULL), (4, DATE '2024-01-01', 'eu/west', NULL)) t(id, day, region, at_ts)`;
    const result = await table.append(conn, source);
    expect(result.files).toHaveLength(3);
    const adds = ofKind(await commitActions(table.root, 1), "add");
    const byRegion = Object.fromEntries(adds.map((a) => [a.partitionValues.region, a]));
    expect(byRegion["eu/west"].partitionValues).toEqual({ day: "2024-01-01", region: "eu/west" });
    // On disk "region=eu%2Fwest" (Spark's escaping); in the log that name is URI-encoded once more.
    expect(byRegion["eu/west"].path).toMatch(/^day=2024-01-01\/region=eu%252Fwest\/part-/);
    expect(adds.find((a) => a.partitionValues.region === null).partitionValues).toEqual({ day: null, region: null });
    expect(adds.find((a) => a.partitionValues.region === null).path).toMatch(/^day=__HIVE_DEFAULT_PARTITION__\/region=__HIVE_DEFAULT_PARTITION__\//);
    expect(JSON.parse(byRegion["eu/west"].stats)).toMatchObject({ numRecords: 2, minValues: { id: 1 }, maxValues: { id: 4 } });
    expect(JSON.parse(byRegion["eu/west"].stats).minValues).not.toHaveProperty("day");
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await multisetDiff(conn, scan, `(${source})`, ["id", "day", "region", "at_ts"])).toEqual({ missing: [], extra: [] });
    const [commitInfo] = ofKind(await commitActions(table.root, 1), "commitInfo");
    expect(commitInfo.operationParameters.partitionBy).toBe('["day","region"]');
  });

  it("matches columns by name, fills absent nullable columns with NULL and enforces NOT NULL", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long", false), field("note", "string")] } });
    await table.append(conn, `SELECT 'x' AS NOTE, 5 AS id`);
    await table.append(conn, `SELECT 6 AS id`);
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await rows(conn, `SELECT id, note FROM ${scan} ORDER BY id`)).toEqual([{ id: "5", note: "x" }, { id: "6", note: null }]);
    await expect(table.append(conn, `SELECT NULL::BIGINT AS id`)).rejects.toThrow(/NOT NULL constraint violated for column id: 1 row/);
    await expect(table.append(conn, `SELECT 'n' AS note`)).rejects.toThrow(/NOT NULL constraint violated for column id/);
    await expect(table.append(conn, `SELECT 1 AS id, 2 AS other`)).rejects.toThrow(/column other of the query is not in the table schema/);
    expect(await table.latestVersion()).toBe(2);
    expect(await table.append(conn, `SELECT 7 AS id WHERE false`)).toMatchObject({ version: 3, files: [], numRecords: 0 });
    expect(ofKind(await commitActions(table.root, 3), "add")).toEqual([]);
  });

  it("commits CREATE TABLE AS SELECT in one version with the query's schema", async () => {
    const table = openDeltaTable(ws.newTableDir());
    const result = await table.createAsSelect(conn, `SELECT range AS id, CAST(range AS VARCHAR) AS label, range % 2 = 0 AS even FROM range(5)`, { partitionColumns: ["even"] });
    expect(result).toMatchObject({ version: 0, numRecords: 5 });
    const actions = await commitActions(table.root, 0);
    expect(ofKind(actions, "commitInfo")[0]).toMatchObject({ operation: "CREATE TABLE AS SELECT", operationParameters: { partitionBy: '["even"]' } });
    expect(ofKind(actions, "add")).toHaveLength(2);
    const snapshot = await table.snapshot();
    expect(snapshot.schema.fields.map((f) => [f.name, f.type])).toEqual([["id", "long"], ["label", "string"], ["even", "boolean"]]);
    expect(await count(conn, await table.scanRelation(conn, snapshot))).toBe(5);
    await expect(table.createAsSelect(conn, `SELECT 1 AS id`)).rejects.toThrow(/already exists/);
  });

  it("writes column-mapped tables under physical names with field ids and reads them back by logical names", async () => {
    const table = openDeltaTable(ws.newTableDir());
    const schema: StructType = { type: "struct", fields: [field("id", "long"), field("info", { type: "struct", fields: [field("first name", "string")] }), field("p", "string")] };
    await table.create({ schema, partitionColumns: ["p"], properties: { "delta.columnMapping.mode": "name" } });
    const snapshot0 = await table.snapshot();
    expect(snapshot0.protocol).toEqual({ minReaderVersion: 2, minWriterVersion: 5 });
    expect(snapshot0.properties["delta.columnMapping.maxColumnId"]).toBe("4");
    const physical = snapshot0.schema.fields.map((f) => f.metadata["delta.columnMapping.physicalName"] as string);
    expect(physical.every((p) => /^col-[0-9a-f-]{36}$/.test(p))).toBe(true);
    await table.append(conn, `SELECT 1 AS id, {'first name': 'Ada'} AS info, 'a' AS p`);
    const [add] = ofKind(await commitActions(table.root, 1), "add");
    expect(Object.keys(add.partitionValues)).toEqual([physical[2]]);
    const fileSchema = await rows(conn, `SELECT name, field_id FROM parquet_schema('${path.join(table.root, decodeURIComponent(add.path))}') WHERE name <> 'duckdb_schema'`);
    expect(fileSchema.map((r) => r.name)).toEqual([physical[0], physical[1], (snapshot0.schema.fields[1].type as StructType).fields[0].metadata["delta.columnMapping.physicalName"]]);
    expect(fileSchema.map((r) => Number(r.field_id))).toEqual([1, 2, 3]);
    expect(JSON.parse(add.stats).minValues).toHaveProperty(physical[0], 1);
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await rows(conn, `SELECT id, info, p FROM ${scan}`)).toEqual([{ id: "1", info: { "first name": "Ada" }, p: "a" }]);
  });

  it("resolves columns of id-mode tables by parquet field id, whatever the file calls them", async () => {
    const { serializeActions, tryPublishCommit } = await import("../../src/delta/commit-file.js");
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long"), field("name", "string")] }, properties: { "delta.columnMapping.mode": "id" } });
    await table.append(conn, `SELECT 1 AS id, 'written by us' AS name`);
    const schema = (await table.snapshot()).schema;
    const ids = schema.fields.map((f) => f.metadata["delta.columnMapping.id"]);
    // A file from another writer: same field ids, other column names, and an extra column the table lacks.
    const file = path.join(table.root, "foreign.parquet");
    await conn.run(`COPY (SELECT 2::BIGINT AS a, 'foreign' AS b, 3 AS c) TO '${file}' (FORMAT parquet, FIELD_IDS {a: ${ids[0]}, b: ${ids[1]}, c: 99})`);
    const size = (await stat(file)).size;
    const add = { path: "foreign.parquet", partitionValues: {}, size, modificationTime: Date.now(), dataChange: true, stats: '{"numRecords":1}' };
    expect(await tryPublishCommit(table.root, 2, serializeActions([{ commitInfo: { timestamp: Date.now(), operation: "WRITE" } }, { add }]))).toBe(true);
    const scan = await table.scanRelation(conn, await table.snapshot());
    expect(await rows(conn, `SELECT id, name FROM ${scan} ORDER BY id`)).toEqual([
      { id: "1", name: "written by us" },
      { id: "2", name: "foreign" },
    ]);
  });

  it("records txn actions and appends each (appId, version) once", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long")] } });
    const first = await table.append(conn, `SELECT 1 AS id`, { txn: { appId: "flow-1", version: 7 } });
    expect(first).toMatchObject({ version: 1, alreadyCommitted: false, numRecords: 1 });
    const [txn] = ofKind(await commitActions(table.root, 1), "txn");
    expect(Object.keys(txn)).toEqual(["appId", "version", "lastUpdated"]);
    expect(txn).toMatchObject({ appId: "flow-1", version: 7 });
    const retried = await table.append(conn, `SELECT 1 AS id`, { txn: { appId: "flow-1", version: 7 } });
    expect(retried).toEqual({ version: 1, files: first.files, numRecords: 1, alreadyCommitted: true });
    expect((await table.append(conn, `SELECT 2 AS id`, { txn: { appId: "flow-1", version: 6 } })).alreadyCommitted).toBe(true);
    expect(await table.latestVersion()).toBe(1);
    expect(await table.txnVersion("flow-1")).toBe(7);
    expect(await table.txnVersion("flow-2")).toBeUndefined();
    expect((await table.appendOnce(conn, `SELECT 2 AS id`, { appId: "flow-1", version: 8 })).version).toBe(2);
    expect((await table.appendOnce(conn, `SELECT 2 AS id`, { appId: "flow-1", version: 8 })).alreadyCommitted).toBe(true);
    expect(await table.txnVersion("flow-1")).toBe(8);
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot()))).toBe(2);
  });

  it("retries blind appends that lose a commit race, giving each its own version", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long")] } });
    const conns = await Promise.all(Array.from({ length: 4 }, () => ws.connect()));
    const results = await Promise.all(conns.map((c, i) => table.append(c, `SELECT ${i} AS id`)));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3, 4]);
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot()))).toBe(4);
    const readVersions = await Promise.all([1, 2, 3, 4].map(async (v) => ofKind(await commitActions(table.root, v), "commitInfo")[0].readVersion));
    expect(readVersions).toEqual([0, 1, 2, 3]);
    conns.forEach((c) => c.closeSync());
  });

  it("fails a retry clearly when the commits that won the race changed metadata or protocol", async () => {
    const { assertCompatibleWinners } = await import("../../src/delta/conflicts.js");
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long")] } });
    const read = await table.snapshot();
    await table.append(conn, `SELECT 1 AS id`);
    const afterAppend = await table.snapshot();
    expect(() => assertCompatibleWinners(table.root, read, afterAppend)).not.toThrow();
    await table.setProperties({ "delta.appendOnly": "true" });
    expect(() => assertCompatibleWinners(table.root, read, afterAppend)).not.toThrow();
    const afterProperties = await table.snapshot();
    expect(() => assertCompatibleWinners(table.root, read, afterProperties)).toThrow(/Concurrent modification .*the table metadata changed between version 0 and 2/);
    await table.setProperties({ "delta.enableDeletionVectors": "true" });
    const upgraded = await table.snapshot();
    expect(() => assertCompatibleWinners(table.root, afterProperties, upgraded)).toThrow(/the protocol changed between version 2 and 3/);
  });

  it("sets table properties with a new metaData action and upgrades the protocol when a feature needs it", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long")] }, properties: { owner: "x" } });
    expect(await table.setProperties({ "delta.enableDeletionVectors": "true" })).toBe(1);
    const actions = await commitActions(table.root, 1);
    expect(ofKind(actions, "commitInfo")[0]).toMatchObject({ operation: "SET TBLPROPERTIES", operationParameters: { properties: '{"delta.enableDeletionVectors":"true"}' } });
    expect(ofKind(actions, "metaData")[0].configuration).toEqual({ owner: "x", "delta.enableDeletionVectors": "true" });
    expect(ofKind(actions, "protocol")[0]).toEqual({
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ["deletionVectors"],
      writerFeatures: ["appendOnly", "deletionVectors", "invariants"],
    });
    await table.setProperties({ "delta.appendOnly": "true" });
    expect(ofKind(await commitActions(table.root, 2), "protocol")).toEqual([]);
    await expect(table.setProperties({ "delta.enableChangeDataFeed": "yes" })).rejects.toThrow(/must be true or false/);
  });

  it("answers history newest first with operations and timestamps", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long")] } });
    await table.append(conn, `SELECT 1 AS id`);
    await table.setProperties({ a: "b" });
    const history = await table.history();
    expect(history.map((h) => [h.version, h.operation])).toEqual([[2, "SET TBLPROPERTIES"], [1, "WRITE"], [0, "CREATE TABLE"]]);
    expect(history[0].timestamp).toBeGreaterThan(history[1].timestamp);
    expect(history[1]).toMatchObject({ readVersion: 0, isBlindAppend: true, engineInfo: expect.stringContaining("databricks-source-delta") });
  });

  it("refuses appends to a table that does not exist", async () => {
    const table = openDeltaTable(ws.newTableDir());
    expect(await table.exists()).toBe(false);
    await expect(table.append(conn, "SELECT 1 AS id")).rejects.toThrow(/No Delta table at .*_delta_log does not exist/);
  });

  it("keeps the commit JSON one action per line", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: { type: "struct", fields: [field("id", "long")] } });
    const text = await rawCommit(table.root, 0);
    expect(text.endsWith("\n")).toBe(true);
    for (const line of text.trim().split("\n")) expect(Object.keys(JSON.parse(line))).toHaveLength(1);
    expect(await readFile(path.join(table.root, "_delta_log", "00000000000000000000.json"), "utf8")).toBe(text);
  });
});
