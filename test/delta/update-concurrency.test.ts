import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DeltaError, openDeltaTable, type StructType } from "../../src/delta/index.js";
import { dvFilePath } from "../../src/delta/deletion-vectors.js";
import { commitActions, ofKind, rows, workspace } from "../support/delta-tables.js";

/**
 * A hook run just before an UPDATE (or a MERGE) publishes its commit: whatever it commits wins the race, so the UPDATE
 * finds its version taken, exactly as with a writer in another process.
 */
const hooks = vi.hoisted(() => ({ beforeUpdatePublish: undefined as undefined | ((version: number) => Promise<boolean>) }));
vi.mock("../../src/delta/commit-file.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/delta/commit-file.js")>();
  return {
    ...actual,
    tryPublishCommit: async (root: string, version: number, content: string) => {
      const hook = hooks.beforeUpdatePublish;
      const replaceWhere = content.includes('"mode":"Overwrite"') && content.includes('"predicate"');
      if (hook && (content.includes('"operation":"UPDATE"') || content.includes('"operation":"MERGE"') || replaceWhere)) {
        hooks.beforeUpdatePublish = undefined;
        // The hook returns true to stay armed for the next attempt.
        if (await hook(version)) hooks.beforeUpdatePublish = hook;
      }
      return actual.tryPublishCommit(root, version, content);
    },
  };
});

let ws: Awaited<ReturnType<typeof workspace>>;
let conn: DuckDBConnection;
let other: DuckDBConnection;
beforeAll(async () => {
  ws = await workspace();
  conn = ws.conn;
  other = await ws.connect();
});
afterAll(async () => {
  hooks.beforeUpdatePublish = undefined;
  other?.closeSync();
  await ws?.close();
});

type Table = ReturnType<typeof openDeltaTable>;
const field = (name: string, type: string) => ({ name, type, nullable: true, metadata: {} });
const schema: StructType = { type: "struct", fields: [field("id", "long"), field("n", "long")] };

async function newTable(properties: Record<string, string> = {}): Promise<Table> {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema, properties });
  await table.append(conn, `SELECT range AS id, 0 AS n FROM range(10)`);
  return table;
}

async function current(table: Table): Promise<Record<string, unknown>[]> {
  return rows(conn, `SELECT id, n FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`);
}

/** the next UPDATE, MERGE or REPLACE WHERE loses its commit race to an append of ids 100-104: the versions it lost */
function loseOnceToAnAppend(table: Table): number[] {
  const lost: number[] = [];
  hooks.beforeUpdatePublish = async (version) => {
    lost.push(version);
    await table.append(other, `SELECT range + 100 AS id, 0 AS n FROM range(5)`);
    return false;
  };
  return lost;
}

/** Files under the table root that no commit mentions: what a lost attempt would leave behind if it did not clean up. */
async function strayFiles(table: Table): Promise<string[]> {
  const referenced = new Set<string>();
  for (let v = 0; v <= (await table.latestVersion()); v++) {
    for (const a of await commitActions(table.root, v)) {
      const file = a.add ?? a.remove ?? a.cdc;
      if (!file) continue;
      referenced.add(path.join(table.root, decodeURIComponent(file.path)));
      if (file.deletionVector) referenced.add(dvFilePath(table.root, file.deletionVector));
    }
  }
  const entries = await readdir(table.root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}_delta_log${path.sep}`) && !referenced.has(f));
}

describe("REPLACE WHERE under concurrent writers", () => {
  it("re-plans after losing to an append, so the appended rows its predicate matches are replaced too", async () => {
    const table = await newTable({ "delta.enableDeletionVectors": "true", "delta.enableChangeDataFeed": "true" });
    const lost = loseOnceToAnAppend(table);
    expect(await table.replaceWhere(conn, "SELECT 7 AS id, 7 AS n", "id >= 5")).toEqual({ version: 3, deletedRows: 10, insertedRows: 1 });
    expect(lost).toEqual([2]);
    expect((await current(table)).map((r) => Number(r.id))).toEqual([0, 1, 2, 3, 4, 7]);
    const [commitInfo] = ofKind(await commitActions(table.root, 3), "commitInfo");
    expect(commitInfo).toMatchObject({ operation: "WRITE", readVersion: 2, operationParameters: { mode: "Overwrite", predicate: '["id >= 5"]' } });
    expect(await strayFiles(table)).toEqual([]);
  });
});

describe("UPDATE under concurrent writers", () => {
  it("re-plans after losing to an append, so the appended rows that match are updated too", async () => {
    const table = await newTable({ "delta.enableDeletionVectors": "true", "delta.enableChangeDataFeed": "true" });
    const lost = loseOnceToAnAppend(table);
    expect(await table.updateWhere(conn, { n: "-1" }, "id % 2 = 0")).toEqual({ version: 3, updatedRows: 8 });
    expect(lost).toEqual([2]);
    const [commitInfo] = ofKind(await commitActions(table.root, 3), "commitInfo");
    expect(commitInfo).toMatchObject({ operation: "UPDATE", readVersion: 2, operationMetrics: { numUpdatedRows: "8" } });
    expect((await current(table)).filter((r) => r.n === "-1").map((r) => Number(r.id))).toEqual([0, 2, 4, 6, 8, 100, 102, 104]);
    const changes = await rows(conn, `SELECT _change_type, count(*) AS c FROM ${await table.changesRelation(conn, 3)} GROUP BY 1 ORDER BY 1`);
    expect(changes).toEqual([
      { _change_type: "update_postimage", c: "8" },
      { _change_type: "update_preimage", c: "8" },
    ]);
    // The first attempt's DV, data and change files are gone.
    expect(await strayFiles(table)).toEqual([]);
  });

  it("fails with DELTA_CONCURRENT_MODIFICATION when the winner changed the metadata, leaving no files behind", async () => {
    const table = await newTable({ "delta.enableChangeDataFeed": "true" });
    hooks.beforeUpdatePublish = async () => {
      await table.setProperties({ "delta.checkpointInterval": "50" });
      return false;
    };
    const error = await table.updateWhere(conn, { n: "1" }).catch((e) => e);
    expect(error).toBeInstanceOf(DeltaError);
    expect(error.code).toBe("DELTA_CONCURRENT_MODIFICATION");
    expect(error.message).toMatch(/the table metadata changed between version 1 and 2; retry the operation/);
    expect(await table.latestVersion()).toBe(2);
    expect(await strayFiles(table)).toEqual([]);
    expect((await current(table)).every((r) => r.n === "0")).toBe(true);
    // Retried by the caller, it applies.
    expect(await table.updateWhere(conn, { n: "1" })).toEqual({ version: 3, updatedRows: 10 });
  });

  it("gives up with DELTA_CONCURRENT_MODIFICATION after losing every attempt", async () => {
    const table = await newTable();
    let appends = 0;
    hooks.beforeUpdatePublish = async () => {
      await table.append(other, `SELECT ${1000 + appends++} AS id, 0 AS n`);
      return true;
    };
    const error = await table.updateWhere(conn, { n: "1" }, "id < 5").catch((e) => e);
    hooks.beforeUpdatePublish = undefined;
    expect(error).toBeInstanceOf(DeltaError);
    expect(error.code).toBe("DELTA_CONCURRENT_MODIFICATION");
    expect(error.message).toMatch(/gave up updating after 10 lost commit races/);
    expect(appends).toBe(10);
    expect(await strayFiles(table)).toEqual([]);
    expect((await current(table)).every((r) => r.n === "0")).toBe(true);
  });

  it("serializes real concurrent updates and appends: no lost update, appended rows updated exactly by the later updates", async () => {
    for (const dv of ["true", "false"]) {
      const table = await newTable({ "delta.enableDeletionVectors": dv });
      const conns = await Promise.all(Array.from({ length: 4 }, () => ws.connect()));
      const [u1, u2, a1, a2] = await Promise.all([
        table.updateWhere(conns[0], { n: "n + 1" }),
        table.updateWhere(conns[1], { n: "n + 10" }),
        table.append(conns[2], `SELECT 100 AS id, 0 AS n`),
        table.append(conns[3], `SELECT 200 AS id, 0 AS n`),
      ]);
      conns.forEach((c) => c.closeSync());
      expect([u1.version, u2.version, a1.version, a2.version].sort()).toEqual([2, 3, 4, 5]);
      const after = await current(table);
      // Every original row got both increments.
      expect(after.filter((r) => Number(r.id) < 10).every((r) => r.n === "11")).toBe(true);
      // An appended row has exactly the increments of the updates committed after it.
      const expected = (appendVersion: number) => (u1.version! > appendVersion ? 1 : 0) + (u2.version! > appendVersion ? 10 : 0);
      expect(after.filter((r) => Number(r.id) >= 100)).toEqual([
        { id: "100", n: String(expected(a1.version)) },
        { id: "200", n: String(expected(a2.version)) },
      ]);
      const updated = (v: number) => 10 + [a1.version, a2.version].filter((a) => a < v).length;
      expect(u1.updatedRows).toBe(updated(u1.version!));
      expect(u2.updatedRows).toBe(updated(u2.version!));
      expect(await strayFiles(table)).toEqual([]);
    }
  });
});

describe("MERGE under concurrent writers", () => {
  it("adding columns, re-plans after losing to an append and commits the new columns with its rows", async () => {
    const table = await newTable({ "delta.enableDeletionVectors": "true" });
    const lost: number[] = [];
    hooks.beforeUpdatePublish = async (version) => {
      lost.push(version);
      await table.append(other, `SELECT 100 AS id, 0 AS n`);
      return false;
    };
    const result = await table.merge(conn, {
      source: "SELECT range AS id, 'new' AS label FROM range(2)",
      targetAlias: "t",
      sourceAlias: "s",
      on: "t.id = s.id",
      clauses: [{ when: "matched", action: "update", set: { label: "s.label" } }],
      addColumns: [{ name: "label", type: { kind: "primitive", name: "VARCHAR" } }],
    });
    expect([result.version, result.numTargetRowsUpdated, lost]).toEqual([3, 2, [2]]);
    const after = await table.snapshot();
    expect(after.schema.fields.map((f) => f.name)).toEqual(["id", "n", "label"]);
    const labelled = await rows(conn, `SELECT id, label FROM ${await table.scanRelation(conn, after)} WHERE id IN (0, 1, 100) ORDER BY id`);
    expect(labelled).toEqual([
      { id: "0", label: "new" },
      { id: "1", label: "new" },
      { id: "100", label: null },
    ]);
    expect(await strayFiles(table)).toEqual([]);
  });
});

