import { statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { openDeltaTable, type Snapshot } from "../../src/delta/index.js";
import { fixturePath, haveDeltaFixtures } from "../support/delta-fixtures.js";
import { count, multisetDiff } from "../support/duckdb-relations.js";

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
});

afterAll(() => conn?.closeSync());

const golden = (name: string) => openDeltaTable(fixturePath(`golden/${name}/delta`));
const expectedOf = (name: string) => `read_parquet('${fixturePath(`golden/${name}/expected`)}/*.parquet', hive_partitioning = false)`;

function liveRowsFromStats(snapshot: Snapshot): number {
  return snapshot.files.reduce((n, f) => n + JSON.parse(f.stats ?? "{}").numRecords - (f.deletionVector?.cardinality ?? 0), 0);
}

describe.runIf(haveDeltaFixtures)("Delta reader on tables Spark wrote", () => {
  it("reads the 3-part checkpoint table extra/kernel-pagination-multi-part-checkpoints: ids 0-1799, 1000-1099 and 2000-2099", async () => {
    const table = openDeltaTable(fixturePath("extra/kernel-pagination-multi-part-checkpoints"));
    const snapshot = await table.snapshot();
    expect(snapshot.version).toBe(2);
    const rel = await table.scanRelation(conn, snapshot);
    expect(await count(conn, rel)).toBe(2000);
    const expected = `(SELECT range AS id FROM range(0, 1800) UNION ALL SELECT range FROM range(1000, 1100) UNION ALL SELECT range FROM range(2000, 2100))`;
    expect(await multisetDiff(conn, rel, expected, ["id"])).toEqual({ missing: [], extra: [] });
    // Version 0 is the multi-part checkpoint alone.
    expect(await count(conn, await table.scanRelation(conn, await table.snapshot({ version: 0 })))).toBe(1800);
  });

  it("replays the log-only checkpoint table to version 14 with the single live file 15", async () => {
    const snapshot = await golden("checkpoint").snapshot();
    expect(snapshot.version).toBe(14);
    expect(snapshot.files.map((f) => f.path)).toEqual(["15"]);
  });

  it("tolerates an empty _last_checkpoint", async () => {
    const snapshot = await golden("corrupted-last-checkpoint-kernel").snapshot();
    expect(snapshot.version).toBe(11);
  });

  it("time travels by version: each version of time-travel-start-start20-start40 equals the table that stopped there", async () => {
    const table = golden("time-travel-start-start20-start40");
    const stages = ["time-travel-start", "time-travel-start-start20", "time-travel-start-start20-start40"];
    for (const [version, name] of stages.entries()) {
      const rel = await table.scanRelation(conn, await table.snapshot({ version }));
      expect(await multisetDiff(conn, rel, expectedOf(name), ["id"])).toEqual({ missing: [], extra: [] });
    }
    await expect(table.snapshot({ version: 3 })).rejects.toThrow(/Cannot read version 3 .*: the latest version is 2/);
  });

  it("time travels by version across a checkpoint with deletion vectors (row counts agree with stats minus DV cardinality)", async () => {
    const table = golden("dv-partitioned-with-checkpoint");
    for (let version = 0; version <= 15; version++) {
      const snapshot = await table.snapshot({ version });
      expect(await count(conn, await table.scanRelation(conn, snapshot)), `version ${version}`).toBe(liveRowsFromStats(snapshot));
    }
  });

  it("time travels by timestamp using Spark's monotonised commit-file times", async () => {
    const table = golden("time-travel-start-start20-start40");
    const log = fixturePath("golden/time-travel-start-start20-start40/delta/_delta_log");
    const times: number[] = [];
    for (let v = 0; v <= 2; v++) {
      const mtime = Math.floor(statSync(path.join(log, `${String(v).padStart(20, "0")}.json`)).mtimeMs);
      times.push(v === 0 ? mtime : Math.max(mtime, times[v - 1] + 1));
    }
    expect((await table.snapshot({ timestamp: new Date(times[1]) })).version).toBe(1);
    expect((await table.snapshot({ timestamp: new Date(times[2]) })).version).toBe(2);
    expect((await table.snapshot()).timestamp).toBe(times[2]);
    await expect(table.snapshot({ timestamp: new Date(times[0] - 1) })).rejects.toThrow(/before the earliest available version 0/);
    await expect(table.snapshot({ timestamp: new Date(times[2] + 1) })).rejects.toThrow(/after the latest version 2/);
  });

  it("exposes the latest txn version per appId", async () => {
    const table = golden("deltalog-getChanges");
    expect(await table.txnVersion("fakeAppId")).toBe(3);
    expect(await table.txnVersion("nonExistentAppId")).toBeUndefined();
  });

  it("reports a missing table through exists() and latestVersion()", async () => {
    const table = golden("no-delta-log-folder");
    expect(await table.exists()).toBe(false);
    await expect(table.latestVersion()).rejects.toThrow(/_delta_log does not exist/);
    expect(await golden("snapshot-data3").exists()).toBe(true);
    expect(await golden("snapshot-data3").latestVersion()).toBe(3);
  });

  it("answers DESCRIBE HISTORY newest first with Spark's operations", async () => {
    const history = await golden("time-travel-start-start20-start40").history();
    expect(history.map((h) => h.version)).toEqual([2, 1, 0]);
    expect(history[0]).toMatchObject({ operation: "WRITE", operationParameters: { mode: "Append", partitionBy: "[]" }, readVersion: 1 });
    expect(history[0].timestamp).toBeGreaterThan(history[1].timestamp);
    expect((await golden("time-travel-start-start20-start40").history(1)).length).toBe(1);
  });

  it("reads the same instants whatever the connection's TimeZone", async () => {
    const la = await instance.connect();
    try {
      await la.run("SET TimeZone = 'America/Los_Angeles'");
      for (const name of ["kernel-timestamp-int96", "data-reader-timestamp_ntz", "kernel-timestamp-pst"]) {
        const table = golden(name);
        const snapshot = await table.snapshot();
        const sql = async (c: DuckDBConnection) => {
          const rel = await table.scanRelation(c, snapshot);
          const cols = snapshot.schema.fields.filter((f) => f.type === "timestamp" || f.type === "timestamp_ntz").map((f) => `epoch_us("${f.name}")`);
          return (await c.runAndReadAll(`SELECT ${cols.join(", ")} FROM ${rel} ORDER BY ALL`)).getRowsJson();
        };
        expect(await sql(la), name).toEqual(await sql(conn));
      }
    } finally {
      la.closeSync();
    }
  });

  it("reuses the view of a snapshot already scanned on the same connection", async () => {
    const table = golden("snapshot-data3");
    const snapshot = await table.snapshot();
    expect(await table.scanRelation(conn, snapshot)).toBe(await table.scanRelation(conn, snapshot));
  });

  it("refuses the change feed of a table written without it", async () => {
    await expect(golden("dv-partitioned-with-checkpoint").changesRelation(conn, 1)).rejects.toThrow(/Change data feed is not available/);
  });
});
