import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { count } from "../support/duckdb-relations.js";
import { logFiles, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

const schema: StructType = {
  type: "struct",
  fields: [
    { name: "id", type: "long", nullable: true, metadata: {} },
    { name: "p", type: "string", nullable: true, metadata: {} },
  ],
};

describe("checkpoints", () => {
  it("writes a classic parquet checkpoint and _last_checkpoint every 10 commits, readable without the older commits", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, partitionColumns: ["p"], properties: { "delta.enableDeletionVectors": "true" } });
    for (let i = 1; i <= 8; i++) {
      await table.append(conn, `SELECT ${i} AS id, 'p${i % 2}' AS p UNION ALL SELECT ${i + 100}, 'p${i % 2}'`, { txn: { appId: "flow", version: i } });
    }
    await table.deleteWhere(conn, "id = 2"); // v9: remove + add of one file with a DV
    await table.deleteWhere(conn, "id IN (3, 103)"); // v10: a file dropped entirely
    const log = path.join(table.root, "_delta_log");
    expect(await logFiles(table.root)).toContain("00000000000000000010.checkpoint.parquet");
    expect((await logFiles(table.root)).filter((f) => f.includes("checkpoint.parquet"))).toHaveLength(1);
    const last = JSON.parse(await readFile(path.join(log, "_last_checkpoint"), "utf8"));
    expect(last).toMatchObject({ version: 10, numOfAddFiles: 7 });
    expect(last.size).toBe(1 + 1 + 1 + 7 + 2); // protocol, metaData, txn, adds, tombstones (v9's file without DV, v10's file)

    const checkpoint = `read_parquet('${path.join(log, "00000000000000000010.checkpoint.parquet")}')`;
    const columns = Object.fromEntries((await rows(conn, `DESCRIBE SELECT * FROM ${checkpoint}`)).map((r) => [r.column_name, r.column_type]));
    expect(columns.txn).toBe('STRUCT(appId VARCHAR, "version" BIGINT, lastUpdated BIGINT)');
    expect(columns.protocol).toBe("STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])");
    expect(columns.metaData).toBe(
      'STRUCT(id VARCHAR, "name" VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, "options" MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], "configuration" MAP(VARCHAR, VARCHAR), createdTime BIGINT)',
    );
    expect(columns.add).toContain("path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR");
    expect(columns.add).toContain('deletionVector STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, "offset" INTEGER, sizeInBytes INTEGER, cardinality BIGINT)');
    expect(columns.remove).toContain("path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN");
    expect(columns.remove).not.toContain("stats");
    const dv = await rows(conn, `SELECT add.deletionVector.cardinality AS c, add.dataChange AS dc FROM ${checkpoint} WHERE add.deletionVector IS NOT NULL`);
    expect(dv).toEqual([{ c: "1", dc: false }]);

    await table.append(conn, `SELECT 11 AS id, 'p1' AS p`, { txn: { appId: "flow", version: 11 } });
    const expected = [1, 4, 5, 6, 7, 8, 11, 101, 102, 104, 105, 106, 107, 108];
    // Metadata cleanup keeps the checkpoint and what follows it; the table must read the same.
    for (let v = 0; v < 10; v++) await rm(path.join(log, `${String(v).padStart(20, "0")}.json`));
    const snapshot = await table.snapshot();
    expect(snapshot.version).toBe(11);
    expect(snapshot.transactions.flow.version).toBe(11);
    expect(await rows(conn, `SELECT id FROM ${await table.scanRelation(conn, snapshot)} ORDER BY id`)).toEqual(expected.map((id) => ({ id: String(id) })));
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot({ version: 10 })))).toBe(13);
    await expect(table.snapshot({ version: 9 })).rejects.toThrow(/Cannot read version 9 .*no checkpoint at or before it and commit 0 is missing/);
  });

  it("honours delta.checkpointInterval", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.checkpointInterval": "2" } });
    await table.append(conn, `SELECT 1 AS id, 'a' AS p`);
    await table.append(conn, `SELECT 2 AS id, 'a' AS p`);
    await table.append(conn, `SELECT 3 AS id, 'a' AS p`);
    await table.append(conn, `SELECT 4 AS id, 'a' AS p`);
    expect((await logFiles(table.root)).filter((f) => f.endsWith("checkpoint.parquet"))).toEqual([
      "00000000000000000002.checkpoint.parquet",
      "00000000000000000004.checkpoint.parquet",
    ]);
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot()))).toBe(4);
  });

  it("writes v2-spec content in the classic name for tables with the v2Checkpoint feature", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema, properties: { "delta.checkpointPolicy": "v2", "delta.checkpointInterval": "1" } });
    await table.append(conn, `SELECT 1 AS id, 'a' AS p`);
    const checkpoint = `read_parquet('${path.join(table.root, "_delta_log", "00000000000000000001.checkpoint.parquet")}')`;
    expect(await rows(conn, `SELECT checkpointMetadata."version" AS v FROM ${checkpoint} WHERE checkpointMetadata IS NOT NULL`)).toEqual([{ v: "1" }]);
    await rm(path.join(table.root, "_delta_log", "00000000000000000000.json"));
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot()))).toBe(1);
  });
});
