import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { openDeltaTable } from "../../src/delta/index.js";
import { fixturePath, haveDeltaFixtures, manifest, type ManifestEntry } from "../support/delta-fixtures.js";
import { columnsOf, count, multisetDiff } from "../support/duckdb-relations.js";

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  conn = await instance.connect();
});

afterAll(() => {
  conn?.closeSync();
});

/** What each negative table must be rejected for: the error message says why, not just that it failed. */
const NEGATIVE_MESSAGES: Record<string, RegExp> = {
  "deltalog-invalid-protocol-version": /requires reader version 99, but this reader supports reader versions up to 3/,
  "deltalog-state-reconstruction-from-checkpoint-missing-metadata": /has no metaData action in its log up to version 10/,
  "deltalog-state-reconstruction-from-checkpoint-missing-protocol": /has no protocol action in its log up to version 10/,
  "deltalog-state-reconstruction-without-metadata": /has no metaData action in its log up to version 0/,
  "deltalog-state-reconstruction-without-protocol": /has no protocol action in its log up to version 0/,
  "no-delta-log-folder": /No Delta table at .*: _delta_log does not exist/,
};

async function scan(entry: ManifestEntry): Promise<string> {
  const table = openDeltaTable(fixturePath(entry.path));
  return table.scanRelation(conn, await table.snapshot());
}

function expectedRelation(entry: ManifestEntry): string | null {
  const dir = fixturePath(entry.expectedPath!);
  const files = readdirSync(dir).filter((f) => f.endsWith(".parquet"));
  if (files.length === 0) return null;
  return `read_parquet('${path.join(dir, "*.parquet").replace(/'/g, "''")}', hive_partitioning = false)`;
}

/** Skipped upstream for reasons that do not apply here: these read equal to expected/ all the same. */
const READABLE_THOUGH_SKIPPED = ["parquet-all-types", "parquet-all-types-legacy-format", "data-skipping-basic-stats-all-types-columnmapping-id"];

describe.runIf(haveDeltaFixtures)("golden tables from delta-kernel-rs", () => {
  for (const entry of manifest) {
    if (entry.kind === "skip") {
      it.skip(`${entry.name} (skipped upstream: ${entry.reason})`, () => {});
      continue;
    }
    if (entry.kind === "negative") {
      it(`rejects ${entry.name}`, async () => {
        const pattern = NEGATIVE_MESSAGES[entry.name];
        expect(pattern, `no expected message for negative table ${entry.name}`).toBeDefined();
        await expect(scan(entry)).rejects.toThrow(pattern);
      });
      continue;
    }
    if (entry.expectedPath === null) continue; // log-only and extra tables have their own tests below
    it(`reads ${entry.name} equal to expected/`, async () => {
      const snapshot = await openDeltaTable(fixturePath(entry.path)).snapshot();
      expect(snapshot.version).toBe(entry.versions);
      expect(snapshot.protocol.minReaderVersion).toBe(entry.minReaderVersion);
      expect([...new Set([...(snapshot.protocol.readerFeatures ?? []), ...(snapshot.protocol.writerFeatures ?? [])])].sort()).toEqual(entry.features);
      expect(snapshot.columnMappingMode).toBe(entry.columnMapping ?? "none");
      const actual = await scan(entry);
      const expected = expectedRelation(entry);
      expect(await count(conn, actual)).toBe(entry.expectedRows);
      if (expected === null) return;
      const columns = await columnsOf(conn, expected);
      expect((await columnsOf(conn, actual)).sort()).toEqual([...columns].sort());
      expect(await multisetDiff(conn, actual, expected, columns)).toEqual({ missing: [], extra: [] });
    });
  }
});

describe.runIf(haveDeltaFixtures)("golden tables skipped upstream", () => {
  for (const name of READABLE_THOUGH_SKIPPED) {
    it(`reads ${name} equal to expected/ anyway`, async () => {
      const entry = manifest.find((e) => e.name === name)!;
      expect(entry.kind).toBe("skip");
      const actual = await scan(entry);
      const expected = expectedRelation(entry)!;
      expect(await count(conn, actual)).toBe(entry.expectedRows);
      const columns = await columnsOf(conn, expected);
      expect(await multisetDiff(conn, actual, expected, columns)).toEqual({ missing: [], extra: [] });
    });
  }

  it("reads data-reader-partition-values' zone-less timestamp partitions as UTC, where expected/ assumed the writer's PDT", async () => {
    // The log stores "2021-09-08 11:11:11" with no zone; the protocol says such values are in the writer's
    // (unrecorded) zone. expected/ shows 18:11:11Z, i.e. a PDT writer. We read UTC, like delta-kernel-rs,
    // which skips this table for the same reason. Every other column matches.
    const entry = manifest.find((e) => e.name === "data-reader-partition-values")!;
    const actual = await scan(entry);
    const expected = expectedRelation(entry)!;
    const columns = (await columnsOf(conn, expected)).filter((c) => c !== "as_timestamp");
    expect(await multisetDiff(conn, actual, expected, columns)).toEqual({ missing: [], extra: [] });
    const stamps = await conn.runAndReadAll(`SELECT DISTINCT CAST(as_timestamp AS VARCHAR) FROM ${actual} WHERE as_timestamp IS NOT NULL`);
    expect(stamps.getRowsJson()).toEqual([["2021-09-08 11:11:11+00"]]);
  });
});
