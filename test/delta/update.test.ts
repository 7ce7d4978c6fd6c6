import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DeltaError, openDeltaTable, type StructType } from "../../src/delta/index.js";
import { readDeletionVector, dvFilePath } from "../../src/delta/deletion-vectors.js";
import { count } from "../support/duckdb-relations.js";
import { commitActions, logFiles, ofKind, rawCommit, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

type Table = ReturnType<typeof openDeltaTable>;
const field = (name: string, type: StructType["fields"][number]["type"], nullable = true) => ({ name, type, nullable, metadata: {} });
const schema: StructType = { type: "struct", fields: [field("id", "long"), field("grp", "string"), field("n", "long")] };

/** DeltaOperationMetrics.UPDATE of Delta 3.x: the metric names Spark records for UPDATE. */
const SPARK_UPDATE_METRICS = [
  "numAddedFiles",
  "numRemovedFiles",
  "numAddedChangeFiles",
  "numDeletionVectorsAdded",
  "numDeletionVectorsRemoved",
  "numDeletionVectorsUpdated",
  "numUpdatedRows",
  "numCopiedRows",
  "executionTimeMs",
  "scanTimeMs",
  "rewriteTimeMs",
  "numRemovedBytes",
  "numAddedBytes",
].sort();

async function current(table: Table, select = "id, grp, n"): Promise<Record<string, unknown>[]> {
  return rows(conn, `SELECT ${select} FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`);
}

async function feed(table: Table, start: number, end?: number, select = "id, grp, n") {
  const rel = await table.changesRelation(conn, start, end);
  return rows(conn, `SELECT ${select}, _change_type, _commit_version FROM ${rel} ORDER BY _commit_version, _change_type, id`);
}

const filePath = (table: Table, logPath: string) => path.join(table.root, decodeURIComponent(logPath));

async function newTable(properties: Record<string, string>, partitionColumns: string[] = [], tableSchema = schema): Promise<Table> {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema: tableSchema, partitionColumns, properties });
  return table;
}

describe("UPDATE with deletion vectors", () => {
  it("commits remove + re-add with a DV, a new file of updated rows and cdc files, every field as the protocol says", async () => {
    const table = await newTable({ "delta.enableDeletionVectors": "true", "delta.enableChangeDataFeed": "true" });
    await table.append(conn, `SELECT range AS id, 'g' || (range % 3) AS grp, range AS n FROM range(1000)`);
    const [original] = ofKind(await commitActions(table.root, 1), "add");

    expect(await table.updateWhere(conn, { n: "n * 10", grp: "upper(grp)" }, "id % 4 = 0")).toEqual({ version: 2, updatedRows: 250 });
    const actions = await commitActions(table.root, 2);
    expect(Object.keys(actions[0])).toEqual(["commitInfo"]);
    for (const line of (await rawCommit(table.root, 2)).trim().split("\n")) expect(Object.keys(JSON.parse(line))).toHaveLength(1);
    expect(actions.map((a) => Object.keys(a)[0])).toEqual(["commitInfo", "remove", "add", "add", "cdc"]);

    const [commitInfo] = ofKind(actions, "commitInfo");
    expect(commitInfo).toMatchObject({ operation: "UPDATE", operationParameters: { predicate: '["id % 4 = 0"]' }, readVersion: 1, isolationLevel: "WriteSerializable", isBlindAppend: false });
    expect(typeof commitInfo.timestamp).toBe("number");
    expect(Object.keys(commitInfo.operationMetrics).sort()).toEqual(SPARK_UPDATE_METRICS);
    expect(Object.values(commitInfo.operationMetrics).every((v) => typeof v === "string" && /^\d+$/.test(v as string))).toBe(true);

    const [remove] = ofKind(actions, "remove");
    expect(Object.keys(remove)).toEqual(["path", "deletionTimestamp", "dataChange", "extendedFileMetadata", "partitionValues", "size", "stats"]);
    expect(remove).toMatchObject({ path: original.path, dataChange: true, extendedFileMetadata: true, partitionValues: {}, size: original.size, stats: original.stats });
    expect(remove.deletionTimestamp).toBeGreaterThanOrEqual(original.modificationTime);

    const [withDv, fresh] = ofKind(actions, "add");
    expect(withDv).toMatchObject({ path: original.path, size: original.size, modificationTime: original.modificationTime, dataChange: true, partitionValues: {} });
    expect(Object.keys(withDv.deletionVector)).toEqual(["storageType", "pathOrInlineDv", "offset", "sizeInBytes", "cardinality"]);
    expect(withDv.deletionVector).toMatchObject({ storageType: "u", offset: 1, cardinality: 250 });
    expect(withDv.deletionVector.pathOrInlineDv).toHaveLength(20);
    expect(JSON.parse(withDv.stats)).toMatchObject({ numRecords: 1000, tightBounds: false });
    expect(path.basename(dvFilePath(table.root, withDv.deletionVector))).toMatch(/^deletion_vector_[0-9a-f-]{36}\.bin$/);
    expect(await readDeletionVector(table.root, withDv.deletionVector)).toEqual(Array.from({ length: 250 }, (_, i) => i * 4));

    expect(fresh.path).not.toBe(original.path);
    expect(fresh.path).toMatch(/^part-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
    expect(fresh).not.toHaveProperty("deletionVector");
    expect(fresh).toMatchObject({ partitionValues: {}, dataChange: true, size: (await stat(filePath(table, fresh.path))).size });
    expect(JSON.parse(fresh.stats)).toEqual({
      numRecords: 250,
      minValues: { id: 0, grp: "G0", n: 0 },
      maxValues: { id: 996, grp: "G2", n: 9960 },
      nullCount: { id: 0, grp: 0, n: 0 },
      tightBounds: true,
    });

    const [cdc] = ofKind(actions, "cdc");
    expect(Object.keys(cdc)).toEqual(["path", "partitionValues", "size", "dataChange"]);
    expect(cdc).toMatchObject({ partitionValues: {}, dataChange: false, size: (await stat(filePath(table, cdc.path))).size });
    expect(cdc.path).toMatch(/^_change_data\/cdc-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
    const inCdc = `read_parquet('${filePath(table, cdc.path)}', hive_partitioning = false)`;
    expect((await rows(conn, `DESCRIBE SELECT * FROM ${inCdc}`)).map((r) => r.column_name)).toEqual(["id", "grp", "n", "_change_type"]);
    expect(await rows(conn, `SELECT _change_type, count(*) AS c FROM ${inCdc} GROUP BY 1 ORDER BY 1`)).toEqual([
      { _change_type: "update_postimage", c: "250" },
      { _change_type: "update_preimage", c: "250" },
    ]);

    expect(commitInfo.operationMetrics).toMatchObject({
      numUpdatedRows: "250",
      numCopiedRows: "0",
      numAddedFiles: "1",
      numRemovedFiles: "0",
      numDeletionVectorsAdded: "1",
      numDeletionVectorsRemoved: "0",
      numDeletionVectorsUpdated: "0",
      numAddedChangeFiles: "1",
      numAddedBytes: String(fresh.size),
      numRemovedBytes: "0",
    });

    expect(await count(conn, await table.scanRelation(conn, await table.snapshot()))).toBe(1000);
    const wrong = await rows(
      conn,
      `SELECT count(*) AS c FROM ${await table.scanRelation(conn, await table.snapshot())} WHERE n <> CASE WHEN id % 4 = 0 THEN id * 10 ELSE id END OR grp <> CASE WHEN id % 4 = 0 THEN upper('g' || (id % 3)) ELSE 'g' || (id % 3) END`,
    );
    expect(wrong).toEqual([{ c: "0" }]);
    // Time travel to the version before still reads the old values.
    expect(await rows(conn, `SELECT sum(n) AS s FROM ${await table.scanRelation(conn, await table.snapshot({ version: 1 }))}`)).toEqual([{ s: String((999 * 1000) / 2) }]);
  });

  it("unions an update into an existing DV, and drops a file whose live rows all match with a remove alone", async () => {
    const table = await newTable({ "delta.enableDeletionVectors": "true" });
    await table.append(conn, `SELECT range AS id, 'a' AS grp, 0 AS n FROM range(10)`);
    await table.deleteWhere(conn, "id < 3");
    const [dvAdd] = ofKind(await commitActions(table.root, 2), "add");
    expect(await table.updateWhere(conn, { n: "1" }, "id < 5")).toEqual({ version: 3, updatedRows: 2 });
    const actions = await commitActions(table.root, 3);
    expect(ofKind(actions, "remove")[0].deletionVector).toEqual(dvAdd.deletionVector);
    const adds = ofKind(actions, "add");
    expect(adds[0].deletionVector.cardinality).toBe(5);
    expect(await readDeletionVector(table.root, adds[0].deletionVector)).toEqual([0, 1, 2, 3, 4]);
    expect(ofKind(actions, "commitInfo")[0].operationMetrics).toMatchObject({ numDeletionVectorsUpdated: "1", numDeletionVectorsRemoved: "1", numDeletionVectorsAdded: "0", numUpdatedRows: "2" });
    expect(await current(table, "id, n")).toEqual([3, 4, 5, 6, 7, 8, 9].map((id) => ({ id: String(id), n: id < 5 ? "1" : "0" })));

    // No predicate: every row. The old file's live rows all change, so it goes without a new DV.
    const live = ofKind(await commitActions(table.root, 3), "add");
    expect(await table.updateWhere(conn, { n: "n + 100" })).toEqual({ version: 4, updatedRows: 7 });
    const all = await commitActions(table.root, 4);
    expect(ofKind(all, "commitInfo")[0].operationParameters).toEqual({ predicate: "[]" });
    expect(ofKind(all, "remove").map((r) => r.path).sort()).toEqual(live.map((a) => a.path).sort());
    expect(ofKind(all, "add")).toHaveLength(1);
    expect(ofKind(all, "add")[0]).not.toHaveProperty("deletionVector");
    expect(ofKind(all, "commitInfo")[0].operationMetrics).toMatchObject({ numRemovedFiles: "2", numAddedFiles: "1", numDeletionVectorsRemoved: "1", numUpdatedRows: "7" });
    expect(await current(table, "id, n")).toEqual([3, 4, 5, 6, 7, 8, 9].map((id) => ({ id: String(id), n: id < 5 ? "101" : "100" })));
  });
});

describe("UPDATE without deletion vectors", () => {
  it("rewrites only the touched files, updated and copied rows together, with exact stats", async () => {
    const table = await newTable({});
    await table.append(conn, `SELECT range AS id, 'a' AS grp, range AS n FROM range(100)`);
    await table.append(conn, `SELECT range + 100 AS id, 'b' AS grp, range AS n FROM range(100)`);
    const [first] = ofKind(await commitActions(table.root, 1), "add");
    const [second] = ofKind(await commitActions(table.root, 2), "add");
    expect(await table.updateWhere(conn, { n: "-n" }, "id BETWEEN 10 AND 19")).toEqual({ version: 3, updatedRows: 10 });
    const actions = await commitActions(table.root, 3);
    expect(actions.map((a) => Object.keys(a)[0])).toEqual(["commitInfo", "remove", "add"]);
    const [remove] = ofKind(actions, "remove");
    const [add] = ofKind(actions, "add");
    expect(remove).toMatchObject({ path: first.path, size: first.size, dataChange: true, extendedFileMetadata: true });
    expect(add.path).not.toBe(first.path);
    expect(add).not.toHaveProperty("deletionVector");
    expect(JSON.parse(add.stats)).toEqual({ numRecords: 100, minValues: { id: 0, grp: "a", n: -19 }, maxValues: { id: 99, grp: "a", n: 99 }, nullCount: { id: 0, grp: 0, n: 0 }, tightBounds: true });
    expect(ofKind(actions, "commitInfo")[0].operationMetrics).toMatchObject({
      numUpdatedRows: "10",
      numCopiedRows: "90",
      numRemovedFiles: "1",
      numAddedFiles: "1",
      numRemovedBytes: String(first.size),
      numAddedBytes: String(add.size),
      numDeletionVectorsAdded: "0",
      numAddedChangeFiles: "0",
    });
    expect((await table.snapshot()).files.map((f) => f.path).sort()).toEqual([second.path, add.path].sort());
    expect((await readdir(table.root)).filter((f) => f.startsWith("deletion_vector_"))).toEqual([]);
    const after = await current(table);
    expect(after).toHaveLength(200);
    expect(after.filter((r) => Number(r.n) < 0).map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 10)));
    expect(after.find((r) => r.id === "15")).toEqual({ id: "15", grp: "a", n: "-15" });
    expect(after.find((r) => r.id === "115")).toEqual({ id: "115", grp: "b", n: "15" });
  });

  it("keeps BIGINT, DECIMAL(38,18) and microsecond timestamps exact, and casts assigned values to the column types", async () => {
    const wide: StructType = {
      type: "struct",
      fields: [field("id", "long"), field("big", "long"), field("amount", "decimal(38,18)"), field("ts", "timestamp"), field("ntz", "timestamp_ntz"), field("i", "integer"), field("s", "string"), field("day", "date")],
    };
    for (const dv of ["false", "true"]) {
      const table = await newTable({ "delta.enableDeletionVectors": dv }, [], wide);
      await table.append(
        conn,
        `SELECT * FROM (VALUES
          (1::BIGINT, 9223372036854775806::BIGINT, 12345678901234567890.123456789012345677::DECIMAL(38,18), TIMESTAMPTZ '2024-03-01 12:34:56.123456+00', TIMESTAMP '2024-03-01 12:34:56.654321', 1, 'x', DATE '2024-02-28'),
          (2, -9223372036854775807, -99999999999999999999.999999999999999998, TIMESTAMPTZ '1969-12-31 23:59:59.999999+00', TIMESTAMP '1900-01-01 00:00:00', 2, 'y', DATE '0001-01-01')
        ) AS t(id, big, amount, ts, ntz, i, s, day)`,
      );
      const result = await table.updateWhere(
        conn,
        {
          big: "big + sign(big)::BIGINT",
          amount: "amount + sign(amount) * 0.000000000000000001",
          ts: "ts + INTERVAL 1 MICROSECOND",
          ntz: "ntz - INTERVAL 1 MICROSECOND",
          i: "'4' || i", // VARCHAR into an integer column
          s: "i * 1.5", // DECIMAL into a string column
          day: "'2024-02-29'",
        },
        "true",
      );
      expect(result).toEqual({ version: 2, updatedRows: 2 });
      expect(
        await current(table, "id, CAST(big AS VARCHAR) AS big, CAST(amount AS VARCHAR) AS amount, epoch_us(ts) AS ts, epoch_us(ntz) AS ntz, i, typeof(i) AS it, s, CAST(day AS VARCHAR) AS day"),
      ).toEqual([
        { id: "1", big: "9223372036854775807", amount: "12345678901234567890.123456789012345678", ts: "1709296496123457", ntz: "1709296496654320", i: 41, it: "INTEGER", s: "1.5", day: "2024-02-29" },
        { id: "2", big: "-9223372036854775808", amount: "-99999999999999999999.999999999999999999", ts: "0", ntz: "-2208988800000001", i: 42, it: "INTEGER", s: "3.0", day: "2024-02-29" },
      ]);
      const [fresh] = ofKind(await commitActions(table.root, 2), "add").filter((a) => !a.deletionVector);
      // Bounds are copied from DuckDB's text, never through a JS number.
      expect(fresh.stats).toContain('"big":-9223372036854775808');
      expect(fresh.stats).toContain('"big":9223372036854775807');
      expect(fresh.stats).toContain('"amount":12345678901234567890.123456789012345678');
      expect(fresh.stats).toContain('"amount":-99999999999999999999.999999999999999999');
      expect(fresh.stats).toContain('"ts":"1970-01-01T00:00:00.000Z"');
    }
  });
});

describe("UPDATE partitioned, column-mapped, with the change data feed", () => {
  for (const dv of [true, false]) {
    it(`moves rows whose partition column changes to their new partition (${dv ? "DVs" : "rewrite"})`, async () => {
      const table = await newTable({ "delta.enableDeletionVectors": String(dv), "delta.enableChangeDataFeed": "true" }, ["grp"]);
      await table.append(conn, `SELECT range AS id, CASE WHEN range < 5 THEN 'a' ELSE 'b' END AS grp, range AS n FROM range(10)`);
      expect(await table.updateWhere(conn, { grp: "'c'", n: "n + 1000" }, "id IN (1, 2, 7)")).toEqual({ version: 2, updatedRows: 3 });
      const actions = await commitActions(table.root, 2);
      expect(ofKind(actions, "remove").map((r) => r.partitionValues.grp).sort()).toEqual(["a", "b"]);
      const adds = ofKind(actions, "add");
      const moved = adds.filter((a) => a.partitionValues.grp === "c");
      expect(moved).toHaveLength(1);
      expect(moved[0].path).toMatch(/^grp=c\/part-00000-/);
      expect(JSON.parse(moved[0].stats)).toMatchObject({ numRecords: 3, minValues: { id: 1, n: 1001 }, maxValues: { id: 7, n: 1007 } });
      expect(JSON.parse(moved[0].stats).minValues).not.toHaveProperty("grp");
      if (dv) expect(adds.filter((a) => a.deletionVector).map((a) => [a.partitionValues.grp, a.deletionVector.cardinality]).sort()).toEqual([["a", 2], ["b", 1]]);
      else expect(adds.filter((a) => a.partitionValues.grp !== "c").map((a) => [a.partitionValues.grp, JSON.parse(a.stats).numRecords]).sort()).toEqual([["a", 3], ["b", 4]]);
      // Change rows sit in the partition of their image: preimages in a and b, postimages in c.
      const cdc = ofKind(actions, "cdc");
      expect(cdc.map((c) => c.partitionValues.grp).sort()).toEqual(["a", "b", "c"]);
      for (const c of cdc) {
        expect(c.path.startsWith(`_change_data/grp=${c.partitionValues.grp}/cdc-00000-`)).toBe(true);
        const types = await rows(conn, `SELECT DISTINCT _change_type FROM read_parquet('${filePath(table, c.path)}', hive_partitioning = false)`);
        expect(types).toEqual([{ _change_type: c.partitionValues.grp === "c" ? "update_postimage" : "update_preimage" }]);
      }

      expect(await current(table)).toEqual(
        Array.from({ length: 10 }, (_, id) => ({ id: String(id), grp: [1, 2, 7].includes(id) ? "c" : id < 5 ? "a" : "b", n: String([1, 2, 7].includes(id) ? id + 1000 : id) })),
      );
      const scan = await table.scanRelation(conn, await table.snapshot());
      expect(await rows(conn, `SELECT grp, count(*) AS c FROM ${scan} GROUP BY 1 ORDER BY 1`)).toEqual([
        { grp: "a", c: "3" },
        { grp: "b", c: "4" },
        { grp: "c", c: "3" },
      ]);
      // Only the images, none of the copied rows of rewritten files, and the commit's version and timestamp.
      expect(await feed(table, 2)).toEqual([
        { id: "1", grp: "c", n: "1001", _change_type: "update_postimage", _commit_version: "2" },
        { id: "2", grp: "c", n: "1002", _change_type: "update_postimage", _commit_version: "2" },
        { id: "7", grp: "c", n: "1007", _change_type: "update_postimage", _commit_version: "2" },
        { id: "1", grp: "a", n: "1", _change_type: "update_preimage", _commit_version: "2" },
        { id: "2", grp: "a", n: "2", _change_type: "update_preimage", _commit_version: "2" },
        { id: "7", grp: "b", n: "7", _change_type: "update_preimage", _commit_version: "2" },
      ]);
      const history = await table.history();
      const stamps = await rows(conn, `SELECT DISTINCT epoch_ms(_commit_timestamp) AS ms FROM ${await table.changesRelation(conn, 2, 2)}`);
      expect(stamps).toEqual([{ ms: String(history.find((h) => h.version === 2)!.timestamp) }]);
      // The whole range: inserts of the append, then both images of the update.
      const all = await feed(table, 0);
      expect(all.filter((r) => r._commit_version === "1").every((r) => r._change_type === "insert")).toBe(true);
      expect(all).toHaveLength(16);

      // A NULL partition value goes to __HIVE_DEFAULT_PARTITION__ with a null in the log.
      expect(await table.updateWhere(conn, { grp: "NULL" }, "id = 0")).toEqual({ version: 3, updatedRows: 1 });
      const nullAdd = ofKind(await commitActions(table.root, 3), "add").find((a) => a.partitionValues.grp === null);
      expect(nullAdd.path).toMatch(/^grp=__HIVE_DEFAULT_PARTITION__\/part-00000-/);
      expect(await rows(conn, `SELECT id, grp FROM ${await table.scanRelation(conn, await table.snapshot())} WHERE grp IS NULL`)).toEqual([{ id: "0", grp: null }]);
    });
  }

  it("writes column-mapped tables under physical names (name mode, DVs, partitioned) and reads them back by logical names", async () => {
    const table = await newTable({ "delta.columnMapping.mode": "name", "delta.enableDeletionVectors": "true", "delta.enableChangeDataFeed": "true" }, ["grp"]);
    const physical = (await table.snapshot()).schema.fields.map((f) => f.metadata["delta.columnMapping.physicalName"] as string);
    expect(physical.every((p) => /^col-[0-9a-f-]{36}$/.test(p))).toBe(true);
    await table.append(conn, `SELECT range AS id, 'a' AS grp, range AS n FROM range(4)`);
    expect(await table.updateWhere(conn, { GRP: "'b'", N: "n * 2" }, "ID >= 2")).toEqual({ version: 2, updatedRows: 2 });
    const actions = await commitActions(table.root, 2);
    const fresh = ofKind(actions, "add").find((a) => !a.deletionVector);
    expect(fresh.partitionValues).toEqual({ [physical[1]]: "b" });
    expect(fresh.path.startsWith(`${physical[1]}=b/`)).toBe(true);
    expect(Object.keys(JSON.parse(fresh.stats).minValues).sort()).toEqual([physical[0], physical[2]].sort());
    const fileSchema = await rows(conn, `SELECT name, field_id FROM parquet_schema('${filePath(table, fresh.path)}') WHERE name <> 'duckdb_schema'`);
    expect(fileSchema).toEqual([
      { name: physical[0], field_id: "1" },
      { name: physical[2], field_id: "3" },
    ]);
    for (const c of ofKind(actions, "cdc")) {
      expect(Object.keys(c.partitionValues)).toEqual([physical[1]]);
      const cols = await rows(conn, `DESCRIBE SELECT * FROM read_parquet('${filePath(table, c.path)}', hive_partitioning = false)`);
      expect(cols.map((r) => r.column_name)).toEqual([physical[0], physical[2], "_change_type"]);
    }
    expect(await current(table)).toEqual([
      { id: "0", grp: "a", n: "0" },
      { id: "1", grp: "a", n: "1" },
      { id: "2", grp: "b", n: "4" },
      { id: "3", grp: "b", n: "6" },
    ]);
    expect(await feed(table, 2)).toEqual([
      { id: "2", grp: "b", n: "4", _change_type: "update_postimage", _commit_version: "2" },
      { id: "3", grp: "b", n: "6", _change_type: "update_postimage", _commit_version: "2" },
      { id: "2", grp: "a", n: "2", _change_type: "update_preimage", _commit_version: "2" },
      { id: "3", grp: "a", n: "3", _change_type: "update_preimage", _commit_version: "2" },
    ]);
  });

  it("rewrites id-mode files with field ids, so they resolve by id", async () => {
    const table = await newTable({ "delta.columnMapping.mode": "id" });
    await table.append(conn, `SELECT range AS id, 'a' AS grp, range AS n FROM range(3)`);
    expect(await table.updateWhere(conn, { grp: "grp || id" }, "id <> 1")).toEqual({ version: 2, updatedRows: 2 });
    const [add] = ofKind(await commitActions(table.root, 2), "add");
    const ids = (await table.snapshot()).schema.fields.map((f) => Number(f.metadata["delta.columnMapping.id"]));
    expect((await rows(conn, `SELECT field_id FROM parquet_schema('${filePath(table, add.path)}') WHERE name <> 'duckdb_schema'`)).map((r) => Number(r.field_id))).toEqual(ids);
    expect(await current(table)).toEqual([
      { id: "0", grp: "a0", n: "0" },
      { id: "1", grp: "a", n: "1" },
      { id: "2", grp: "a2", n: "2" },
    ]);
  });
});

describe("UPDATE and checkpoints", () => {
  it("updates a table read from a checkpoint, and its own commit can be the checkpoint", async () => {
    const table = await newTable({ "delta.enableDeletionVectors": "true", "delta.checkpointInterval": "2" }, ["grp"]);
    await table.append(conn, `SELECT range AS id, 'a' AS grp, range AS n FROM range(5)`);
    await table.deleteWhere(conn, "id = 0"); // v2: checkpoint holding an add with a DV
    expect(await logFiles(table.root)).toContain("00000000000000000002.checkpoint.parquet");
    for (const v of [0, 1]) await rm(path.join(table.root, "_delta_log", `${String(v).padStart(20, "0")}.json`));
    expect(await table.updateWhere(conn, { n: "n * 100" }, "id <= 2")).toEqual({ version: 3, updatedRows: 2 });
    // The DV from the checkpoint is the one removed and extended.
    const actions = await commitActions(table.root, 3);
    expect(ofKind(actions, "remove")[0].deletionVector.cardinality).toBe(1);
    expect(ofKind(actions, "add").find((a) => a.deletionVector).deletionVector.cardinality).toBe(3);
    expect(await table.updateWhere(conn, { grp: "'b'" }, "id = 4")).toEqual({ version: 4, updatedRows: 1 });
    expect(await logFiles(table.root)).toContain("00000000000000000004.checkpoint.parquet");
    for (const v of [2, 3]) await rm(path.join(table.root, "_delta_log", `${String(v).padStart(20, "0")}.json`));
    expect(await current(table)).toEqual([
      { id: "1", grp: "a", n: "100" },
      { id: "2", grp: "a", n: "200" },
      { id: "3", grp: "a", n: "3" },
      { id: "4", grp: "b", n: "4" },
    ]);
    expect((await table.history()).map((h) => [h.version, h.operation])).toEqual([[4, "UPDATE"]]);
  });
});

describe("UPDATE refuses what it cannot do, committing nothing", () => {
  it("commits nothing when no row matches", async () => {
    const table = await newTable({ "delta.enableChangeDataFeed": "true" });
    await table.append(conn, `SELECT 1 AS id, 'a' AS grp, 1 AS n`);
    expect(await table.updateWhere(conn, { n: "2" }, "id > 100")).toEqual({ version: null, updatedRows: 0 });
    expect(await table.updateWhere(conn, { n: "2" }, "NULL")).toEqual({ version: null, updatedRows: 0 });
    expect(await table.latestVersion()).toBe(1);
    const empty = await newTable({});
    expect(await empty.updateWhere(conn, { n: "2" })).toEqual({ version: null, updatedRows: 0 });
    expect(await empty.latestVersion()).toBe(0);
  });

  it("names unknown and doubly assigned columns, bad expressions and predicates, NOT NULL and append-only violations", async () => {
    const strict: StructType = { type: "struct", fields: [field("id", "long", false), field("grp", "string"), field("n", "long")] };
    const table = await newTable({}, [], strict);
    await table.append(conn, `SELECT 1 AS id, 'a' AS grp, 1 AS n`);
    const code = async (p: Promise<unknown>) => p.then(
      () => "no error",
      (e) => (e instanceof DeltaError ? `${e.code}: ${e.message}` : `not a DeltaError: ${String(e)}`),
    );
    expect(await code(table.updateWhere(conn, { nope: "1" }))).toBe("DELTA_MISSING_SET_COLUMN: UPDATE SET column nope not found given columns: id, grp, n");
    expect(await code(table.updateWhere(conn, { n: "1", N: "2" }))).toBe("DELTA_CONFLICT_SET_COLUMN: There is a conflict from these UPDATE SET columns: n, N (each column can be assigned once)");
    expect(await code(table.updateWhere(conn, {}))).toMatch(/^DELTA_INVALID_ARGUMENT: UPDATE needs at least one SET assignment/);
    expect(await code(table.updateWhere(conn, { n: "  " }))).toMatch(/^DELTA_INVALID_ARGUMENT: the UPDATE SET value of column n must be a non-empty/);
    expect(await code(table.updateWhere(conn, { n: "no_such_column + 1" }))).toMatch(/^DELTA_INVALID_ARGUMENT: invalid UPDATE SET n = no_such_column \+ 1: .*no_such_column/);
    expect(await code(table.updateWhere(conn, { n: "1) AS n, (2" }))).toMatch(/^DELTA_INVALID_ARGUMENT: invalid UPDATE SET n = 1\) AS n, \(2/);
    expect(await code(table.updateWhere(conn, { n: "1" }, "missing = 1"))).toMatch(/^DELTA_INVALID_ARGUMENT: invalid UPDATE predicate missing = 1: /);
    expect(await code(table.updateWhere(conn, { n: "1" }, ""))).toMatch(/^DELTA_INVALID_ARGUMENT: the UPDATE predicate must be a non-empty/);
    expect(await code(table.updateWhere(conn, { n: "'abc'" }))).toMatch(/^DELTA_INVALID_ARGUMENT: .*abc/);
    expect(await code(table.updateWhere(conn, { id: "NULL" }, "id = 1"))).toBe("DELTA_NOT_NULL_CONSTRAINT_VIOLATED: NOT NULL constraint violated for column id: 1 row(s) are null");
    expect(await table.latestVersion()).toBe(1);
    expect((await readdir(table.root)).sort()).toEqual(["_delta_log", ofKind(await commitActions(table.root, 1), "add")[0].path]);
    expect(await current(table)).toEqual([{ id: "1", grp: "a", n: "1" }]);

    await table.setProperties({ "delta.appendOnly": "true" });
    expect(await code(table.updateWhere(conn, { n: "2" }))).toMatch(/^DELTA_CANNOT_MODIFY_APPEND_ONLY: Cannot UPDATE .*append-only/);
  });
});
