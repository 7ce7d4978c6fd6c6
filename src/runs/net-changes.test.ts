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

describe("repeated keys in a change feed", () => {
  /** The keys found repeated; `held` are the ids of the table's rows at the feed's last version (by default, those the feed leaves). */
  async function repeated(changes: Change[], held: number[] = heldAfter(changes)): Promise<number[]> {
    const pinned = held.length > 0 ? `(SELECT * FROM (VALUES ${held.map((id) => `(${id}::BIGINT)`).join(", ")}) AS p(id))` : "(SELECT 1::BIGINT AS id WHERE false)";
    return (await conn.runAndReadAll(repeatedKeysSql(DUCKDB, feedOf(changes), pinned, ["id"], ["id", "status"]))).getRowsJson().map(([id]) => Number(id));
  }

  /** the keys whose netted change is an addition: what the table holds of them when each names one row */
  function heldAfter(changes: Change[]): number[] {
    const last = new Map<number, Change>();
    const removal = (c: Change) => c[2] === "delete" || c[2] === "update_preimage";
    const order = (a: Change, b: Change) => a[3] - b[3] || Number(!removal(a)) - Number(!removal(b));
    for (const change of [...changes].sort(order)) if (change[0] !== null) last.set(change[0], change);
    return [...last.values()].filter((c) => !removal(c)).map((c) => c[0]!);
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

  it("finds a key another row held before the window: a second row inserted under it, a row's key updated onto it, one inserted and deleted again", async () => {
    const changes: Change[] = [
      [1, "second", "insert", 2],
      [7, "moved", "update_preimage", 3],
      [2, "moved", "update_postimage", 3],
      [3, "brief", "insert", 4],
      [3, "brief", "delete", 5],
      [4, "fresh", "insert", 4],
    ];
    // the table holds the rows it held under 1, 2 and 3 before the window, besides those the feed leaves
    expect(await repeated(changes, [1, 1, 2, 2, 3, 4])).toEqual([1, 2, 3]);
    expect(await repeated(changes)).toEqual([]);
  });

  it("finds a key a row still holds after the window deleted another row's", async () => {
    expect(await repeated([[1, "a", "delete", 2]], [1])).toEqual([1]);
    expect(await repeated([[1, "a", "update_preimage", 2], [1, "b", "update_postimage", 2]], [1, 1])).toEqual([1]);
  });

  it("leaves changes without a key to their row errors", async () => {
    expect(await repeated([[null, "a", "insert", 1], [null, "b", "insert", 1]])).toEqual([]);
  });
});

describe("netting a change feed by key", () => {
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
