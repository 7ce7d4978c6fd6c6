import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { commitActions, ID_AND_GROUP_SCHEMA as schema, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

async function changes(table: ReturnType<typeof openDeltaTable>, start: number, end?: number) {
  const rel = await table.changesRelation(conn, start, end);
  return rows(conn, `SELECT id, grp, _change_type, _commit_version FROM ${rel} ORDER BY _commit_version, _change_type, id`);
}

async function cdfTable(properties: Record<string, string>) {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema, partitionColumns: ["grp"], properties: { "delta.enableChangeDataFeed": "true", ...properties } });
  await table.append(conn, `SELECT range AS id, CASE WHEN range < 3 THEN 'a' ELSE 'b' END AS grp FROM range(5)`);
  await table.deleteWhere(conn, "id IN (1, 3)");
  return table;
}

const expectedFeed = [
  { id: "0", grp: "a", _change_type: "insert", _commit_version: "1" },
  { id: "1", grp: "a", _change_type: "insert", _commit_version: "1" },
  { id: "2", grp: "a", _change_type: "insert", _commit_version: "1" },
  { id: "3", grp: "b", _change_type: "insert", _commit_version: "1" },
  { id: "4", grp: "b", _change_type: "insert", _commit_version: "1" },
  { id: "1", grp: "a", _change_type: "delete", _commit_version: "2" },
  { id: "3", grp: "b", _change_type: "delete", _commit_version: "2" },
];

describe("change data feed", () => {
  it("writes cdc files for deletes under _change_data and none for appends", async () => {
    const table = await cdfTable({});
    expect((await table.snapshot()).protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 4 });
    expect(ofKind(await commitActions(table.root, 1), "cdc")).toEqual([]);
    const cdc = ofKind(await commitActions(table.root, 2), "cdc");
    expect(cdc).toHaveLength(2);
    for (const c of cdc) {
      expect(Object.keys(c)).toEqual(["path", "partitionValues", "size", "dataChange"]);
      expect(c.dataChange).toBe(false);
      expect(c.path).toMatch(new RegExp(`^_change_data/grp=${c.partitionValues.grp}/cdc-00000-`));
      const file = path.join(table.root, decodeURIComponent(c.path));
      const inFile = await rows(conn, `SELECT * FROM read_parquet('${file}', hive_partitioning = false)`);
      expect(inFile.every((r) => r._change_type === "delete" && !("grp" in r))).toBe(true);
    }
  });

  it("reads inserts from add actions and deletes from cdc files, with commit version and timestamp", async () => {
    const table = await cdfTable({});
    expect(await changes(table, 0)).toEqual(expectedFeed);
    expect(await changes(table, 2, 2)).toEqual(expectedFeed.slice(5));
    const history = await table.history();
    const rel = await table.changesRelation(conn, 1, 1);
    const [first] = await rows(conn, `SELECT epoch_ms(_commit_timestamp) AS ms, typeof(_commit_timestamp) AS t FROM ${rel} LIMIT 1`);
    expect(first).toEqual({ ms: String(history.find((h) => h.version === 1)!.timestamp), t: "TIMESTAMP WITH TIME ZONE" });
  });

  it("derives deletes from the DV change when a DV commit has no cdc files", async () => {
    const table = await cdfTable({ "delta.enableDeletionVectors": "true" });
    expect(ofKind(await commitActions(table.root, 2), "add")[0].deletionVector).toBeDefined();
    expect(await changes(table, 0)).toEqual(expectedFeed);
    // Strip the cdc actions: readers must then derive the deleted rows from remove(old DV) + add(new DV).
    const file = path.join(table.root, "_delta_log", "00000000000000000002.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.split("\n").filter((l) => !l.startsWith('{"cdc"')).join("\n"));
    expect(await changes(table, 0)).toEqual(expectedFeed);
  });

  it("treats removed files of commits without cdc files as deleted rows", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableChangeDataFeed": "true" } });
    await table.append(conn, `SELECT range AS id, 'a' AS grp FROM range(3)`);
    await table.deleteWhere(conn, "id >= 0");
    const file = path.join(table.root, "_delta_log", "00000000000000000002.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.split("\n").filter((l) => !l.startsWith('{"cdc"')).join("\n"));
    const feed = await changes(table, 2);
    expect(feed.map((r) => [r.id, r._change_type])).toEqual([["0", "delete"], ["1", "delete"], ["2", "delete"]]);
  });

  it("works on column-mapped tables: cdc files use physical names, the feed logical ones", async () => {
    const table = await cdfTable({ "delta.columnMapping.mode": "name", "delta.enableDeletionVectors": "true" });
    const physical = (await table.snapshot()).schema.fields.map((f) => f.metadata["delta.columnMapping.physicalName"]);
    const [cdc] = ofKind(await commitActions(table.root, 2), "cdc");
    expect(Object.keys(cdc.partitionValues)).toEqual([physical[1]]);
    const inFile = await rows(conn, `SELECT * FROM read_parquet('${path.join(table.root, decodeURIComponent(cdc.path))}', hive_partitioning = false)`);
    expect(Object.keys(inFile[0])).toEqual([physical[0], "_change_type"]);
    expect(await changes(table, 0)).toEqual(expectedFeed);
  });

  it("passes update pre- and post-images through from cdc files, ignoring the commit's add and remove", async () => {
    const { serializeActions, tryPublishCommit } = await import("../../src/delta/commit-file.js");
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableChangeDataFeed": "true" } });
    await table.append(conn, `SELECT 2 AS id, 'a' AS grp`);
    const [old] = ofKind(await commitActions(table.root, 1), "add");
    // What UPDATE t SET id = 20 WHERE id = 2 commits: the rewritten file, and the change rows in _change_data.
    const cdcFile = path.join(table.root, "_change_data", "cdc-update.parquet");
    await (await import("node:fs/promises")).mkdir(path.dirname(cdcFile), { recursive: true });
    await conn.run(`COPY (SELECT * FROM (VALUES (2, 'a', 'update_preimage'), (20, 'a', 'update_postimage')) t(id, grp, _change_type)) TO '${cdcFile}' (FORMAT parquet)`);
    const newFile = path.join(table.root, "rewritten.parquet");
    await conn.run(`COPY (SELECT 20::BIGINT AS id, 'a' AS grp) TO '${newFile}' (FORMAT parquet)`);
    const actions = [
      { commitInfo: { timestamp: Date.now(), operation: "UPDATE" } },
      { remove: { path: old.path, deletionTimestamp: Date.now(), dataChange: true } },
      { add: { path: "rewritten.parquet", partitionValues: {}, size: 1, modificationTime: Date.now(), dataChange: true } },
      { cdc: { path: "_change_data/cdc-update.parquet", partitionValues: {}, size: 1, dataChange: false } },
    ];
    expect(await tryPublishCommit(table.root, 2, serializeActions(actions))).toBe(true);
    expect(await changes(table, 2)).toEqual([
      { id: "20", grp: "a", _change_type: "update_postimage", _commit_version: "2" },
      { id: "2", grp: "a", _change_type: "update_preimage", _commit_version: "2" },
    ]);
  });

  it("fails clearly when the feed was not enabled for part of the range", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema });
    await table.append(conn, `SELECT 1 AS id, 'a' AS grp`);
    await table.setProperties({ "delta.enableChangeDataFeed": "true" });
    await table.append(conn, `SELECT 2 AS id, 'a' AS grp`);
    await expect(table.changesRelation(conn, 0)).rejects.toThrow(/Change data feed is not available for version 1 .*delta.enableChangeDataFeed was not true/);
    expect((await changes(table, 2)).map((r) => r.id)).toEqual(["2"]);
    await expect(table.changesRelation(conn, 9)).rejects.toThrow(/Cannot read version 9 .*the latest version is 3/);
  });

  it("returns the feed's columns for a range with no data changes", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableChangeDataFeed": "true" } });
    const rel = await table.changesRelation(conn, 0);
    const described = await rows(conn, `DESCRIBE SELECT * FROM ${rel}`);
    expect(described.map((r) => [r.column_name, r.column_type])).toEqual([
      ["id", "BIGINT"],
      ["grp", "VARCHAR"],
      ["_change_type", "VARCHAR"],
      ["_commit_version", "BIGINT"],
      ["_commit_timestamp", "TIMESTAMP WITH TIME ZONE"],
    ]);
  });
});
