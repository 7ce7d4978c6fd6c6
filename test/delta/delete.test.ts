import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable } from "../../src/delta/index.js";
import { readDeletionVector, dvFilePath } from "../../src/delta/deletion-vectors.js";
import { count } from "../support/duckdb-relations.js";
import { commitActions, ID_AND_GROUP_SCHEMA as schema, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

async function scanCount(table: ReturnType<typeof openDeltaTable>, where = "true"): Promise<number> {
  return count(conn, `(SELECT * FROM ${await table.scanRelation(conn, await table.snapshot())} WHERE ${where})`);
}

describe("DELETE with deletion vectors", () => {
  it("needs the deletionVectors reader and writer feature, which delta.enableDeletionVectors brings", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableDeletionVectors": "true" } });
    expect((await table.snapshot()).protocol).toEqual({
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ["deletionVectors"],
      writerFeatures: ["appendOnly", "deletionVectors", "invariants"],
    });
  });

  it("marks deleted rows in a DV file: remove and re-add of the same path, with descriptor, size and CRC as the protocol says", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableDeletionVectors": "true" } });
    await table.append(conn, `SELECT range AS id, 'g' || (range % 2) AS grp FROM range(1000)`);
    const [original] = ofKind(await commitActions(table.root, 1), "add");

    const result = await table.deleteWhere(conn, "id % 3 = 0");
    expect(result).toEqual({ version: 2, deletedRows: 334 });
    const actions = await commitActions(table.root, 2);
    const [commitInfo] = ofKind(actions, "commitInfo");
    expect(commitInfo).toMatchObject({
      operation: "DELETE",
      operationParameters: { predicate: '["id % 3 = 0"]' },
      readVersion: 1,
      isBlindAppend: false,
      operationMetrics: { numDeletedRows: "334", numDeletionVectorsAdded: "1", numRemovedFiles: "0" },
    });
    const [remove] = ofKind(actions, "remove");
    const [add] = ofKind(actions, "add");
    expect(remove).toMatchObject({ path: original.path, dataChange: true, extendedFileMetadata: true, partitionValues: {}, size: original.size });
    expect(typeof remove.deletionTimestamp).toBe("number");
    expect(remove).not.toHaveProperty("deletionVector");
    expect(add).toMatchObject({ path: original.path, size: original.size, modificationTime: original.modificationTime, dataChange: true });
    expect(Object.keys(add.deletionVector)).toEqual(["storageType", "pathOrInlineDv", "offset", "sizeInBytes", "cardinality"]);
    expect(add.deletionVector).toMatchObject({ storageType: "u", offset: 1, cardinality: 334 });
    expect(add.deletionVector.pathOrInlineDv).toHaveLength(20);
    expect(JSON.parse(add.stats)).toMatchObject({ numRecords: 1000, tightBounds: false });

    // The DV file: version byte 1, big-endian size, the bitmap (portable RoaringBitmapArray), big-endian CRC-32.
    const dvFile = dvFilePath(table.root, add.deletionVector);
    expect(path.basename(dvFile)).toMatch(/^deletion_vector_[0-9a-f-]{36}\.bin$/);
    const bytes = await readFile(dvFile);
    expect(bytes[0]).toBe(1);
    expect(bytes.readUInt32BE(1)).toBe(add.deletionVector.sizeInBytes);
    expect(bytes.readUInt32LE(5)).toBe(1681511377);
    expect((await stat(dvFile)).size).toBe(1 + 4 + add.deletionVector.sizeInBytes + 4);
    const deleted = await readDeletionVector(table.root, add.deletionVector);
    expect(deleted).toEqual(Array.from({ length: 334 }, (_, i) => i * 3));

    expect(await scanCount(table)).toBe(666);
    expect(await scanCount(table, "id % 3 = 0")).toBe(0);
  });

  it("unions a second delete into the file's DV and removes the old DV with the old descriptor", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.enableDeletionVectors": "true" } });
    await table.append(conn, `SELECT range AS id, 'g' AS grp FROM range(100)`);
    await table.deleteWhere(conn, "id < 10");
    const [firstAdd] = ofKind(await commitActions(table.root, 2), "add");
    expect(await table.deleteWhere(conn, "id < 20")).toEqual({ version: 3, deletedRows: 10 });
    const actions = await commitActions(table.root, 3);
    expect(ofKind(actions, "remove")[0].deletionVector).toEqual(firstAdd.deletionVector);
    expect(ofKind(actions, "add")[0].deletionVector.cardinality).toBe(20);
    expect(ofKind(actions, "commitInfo")[0].operationMetrics).toMatchObject({ numDeletionVectorsUpdated: "1", numDeletionVectorsRemoved: "1" });
    expect(await scanCount(table)).toBe(80);
    // Time travel still sees the older DV.
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot({ version: 2 })))).toBe(90);
  });

  it("drops a file whose rows are all deleted with a remove alone, and commits nothing when no row matches", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, partitionColumns: ["grp"], properties: { "delta.enableDeletionVectors": "true" } });
    await table.append(conn, `SELECT range AS id, CASE WHEN range < 5 THEN 'a' ELSE 'b' END AS grp FROM range(10)`);
    expect(await table.deleteWhere(conn, "grp = 'a' OR id = 9")).toEqual({ version: 2, deletedRows: 6 });
    const actions = await commitActions(table.root, 2);
    expect(ofKind(actions, "remove").map((r) => r.partitionValues.grp).sort()).toEqual(["a", "b"]);
    expect(ofKind(actions, "add").map((a) => a.partitionValues.grp)).toEqual(["b"]);
    expect(await rows(conn, `SELECT id FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`)).toEqual([5, 6, 7, 8].map((id) => ({ id: String(id) })));
    expect(await table.deleteWhere(conn, "id > 100")).toEqual({ version: null, deletedRows: 0 });
    expect(await table.latestVersion()).toBe(2);
  });

  it("rejects an invalid predicate clearly and deletes nothing on append-only tables", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.appendOnly": "true" } });
    await table.append(conn, `SELECT 1 AS id, 'a' AS grp`);
    await expect(table.deleteWhere(conn, "id = 1")).rejects.toThrow(/append-only/);
    const other = openDeltaTable(ws.newTableDir());
    await other.create({ schema });
    await other.append(conn, `SELECT 1 AS id, 'a' AS grp`);
    await expect(other.deleteWhere(conn, "no_such_column = 1")).rejects.toThrow(/invalid DELETE predicate no_such_column = 1/);
  });
});

describe("DELETE without deletion vectors", () => {
  it("rewrites touched files without the deleted rows and leaves other files alone", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, partitionColumns: ["grp"] });
    await table.append(conn, `SELECT range AS id, CASE WHEN range < 50 THEN 'a' ELSE 'b' END AS grp FROM range(100)`);
    const before = ofKind(await commitActions(table.root, 1), "add");
    expect(await table.deleteWhere(conn, "id BETWEEN 10 AND 19")).toEqual({ version: 2, deletedRows: 10 });
    const actions = await commitActions(table.root, 2);
    const [remove] = ofKind(actions, "remove");
    const [add] = ofKind(actions, "add");
    expect(remove.path).toBe(before.find((a) => a.partitionValues.grp === "a").path);
    expect(add.path).not.toBe(remove.path);
    expect(add.path.startsWith("grp=a/")).toBe(true);
    expect(add).not.toHaveProperty("deletionVector");
    expect(JSON.parse(add.stats)).toMatchObject({ numRecords: 40, minValues: { id: 0 }, maxValues: { id: 49 } });
    expect(ofKind(actions, "commitInfo")[0].operationMetrics).toMatchObject({ numCopiedRows: "40", numRemovedFiles: "1", numAddedFiles: "1" });
    expect(await scanCount(table)).toBe(90);
    expect(await scanCount(table, "id BETWEEN 10 AND 19")).toBe(0);
  });
});
