import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { DUCKDB, netChangesSql, repeatedKeysSql } from "./net-changes.js";

/** A change feed as Delta writes it, one row image per line: [id, status, change type, version]. */
type Change = [number | null, string, "insert" | "update_preimage" | "update_postimage" | "delete", number];

/** The feed of `changes` as a relation. */
function feedOf(changes: Change[]): string {
  const rows = changes.map(([id, status, type, version]) => `(${id ?? "NULL"}::BIGINT, '${status}', '${type}', ${version}::BIGINT)`).join(", ");
  return `(SELECT * FROM (VALUES ${rows}) AS t(id, status, _change_type, _commit_version))`;
}

describe("repeated keys in a change feed", () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function repeated(changes: Change[]): Promise<number[]> {
    return (await conn.runAndReadAll(repeatedKeysSql(DUCKDB, feedOf(changes), ["id"], ["id", "status"]))).getRowsJson().map(([id]) => Number(id));
  }

  it("finds none where each key names one row: insert, updates, delete and insert again, a replace within one version", async () => {
    expect(
      await repeated([
        [1, "a", "insert", 1],
        [1, "a", "update_preimage", 2],
        [1, "b", "update_postimage", 2],
        [1, "b", "delete", 3],
        [1, "c", "insert", 4],
        [2, "x", "delete", 1], // held before the window
        [2, "y", "insert", 1], // a replace: the delete and the insert in one commit
        [2, "y", "update_preimage", 5],
        [2, "y", "update_postimage", 5],
      ]),
    ).toEqual([]);
  });

  it("finds a key two rows share: an update of one and a delete of the other, two inserts in one version, two deletes", async () => {
    expect(
      await repeated([
        [1, "a", "update_preimage", 2],
        [1, "a2", "update_postimage", 2],
        [1, "b", "delete", 3],
        [2, "x", "insert", 4],
        [2, "y", "insert", 4],
        [3, "p", "delete", 1],
        [3, "q", "delete", 2],
        [4, "ok", "insert", 1],
      ]),
    ).toEqual([1, 2, 3]);
  });

  it("leaves changes without a key to their row errors", async () => {
    expect(await repeated([[null, "a", "insert", 1], [null, "b", "insert", 1]])).toEqual([]);
  });
});

describe("netting a change feed by key", () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function netted(changes: Change[]): Promise<unknown[]> {
    const sql = netChangesSql(DUCKDB, feedOf(changes), ["id"], "id, status, _change_type, _commit_version", "id, status, _change_request_type, _commit_version");
    return (await conn.runAndReadAll(`${sql} ORDER BY id NULLS FIRST, status`)).getRowsJson();
  }

  it("deletes the old key of an update that changed a row's key, and upserts the new one", async () => {
    expect(
      await netted([
        [1, "placed", "update_preimage", 2],
        [5, "placed", "update_postimage", 2],
        [2, "a", "update_preimage", 3], // keys shifted up by one: 2 → 3, 3 → 4
        [3, "b", "update_preimage", 3],
        [3, "a", "update_postimage", 3],
        [4, "b", "update_postimage", 3],
      ]),
    ).toEqual([
      ["1", "placed", "d", "2"],
      ["2", "a", "d", "3"],
      ["3", "a", "u", "3"],
      ["4", "b", "u", "3"],
      ["5", "placed", "u", "2"],
    ]);
  });

  it("keeps the post-image of an update of a NULL key alone, and deletes a key updated to NULL", async () => {
    expect(
      await netted([
        [null, "keyless", "update_preimage", 2],
        [null, "keyless, updated", "update_postimage", 2],
        [6, "six", "update_preimage", 3],
        [null, "six", "update_postimage", 3],
      ]),
    ).toEqual([
      [null, "keyless, updated", "u", "2"],
      [null, "six", "u", "3"],
      ["6", "six", "d", "3"],
    ]);
  });
});
