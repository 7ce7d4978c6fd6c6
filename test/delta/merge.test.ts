import { describe, expect, it } from "vitest";
import { DeltaErrorCode, openDeltaTable, type MergeSpec, type StructType } from "../../src/delta/index.js";
import { commitActions, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();
const field = (name: string, type: "long" | "string", nullable = true) => ({ name, type, nullable, metadata: {} });
const SCHEMA: StructType = { type: "struct", fields: [field("id", "long", false), field("name", "string")] };

async function tableWith(properties: Record<string, string>, values: string) {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema: SCHEMA, properties });
  await table.append(conn, `SELECT * FROM (VALUES ${values}) AS v(id, name)`);
  return table;
}
const content = async (table: ReturnType<typeof openDeltaTable>) =>
  (await rows(conn, `SELECT id, name FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`)).map((r) => [Number(r.id), r.name]);
const upsert = (source: string): MergeSpec => ({
  source,
  targetAlias: "t",
  sourceAlias: "s",
  on: "t.id = s.id",
  clauses: [
    { when: "matched", condition: "s.name IS NULL", action: "delete" },
    { when: "matched", action: "update", set: { name: "s.name" } },
    { when: "notMatched", action: "insert", values: { id: "s.id", name: "s.name" } },
  ],
});

describe("MERGE", () => {
  for (const [kind, properties] of [
    ["deletion vectors", { "delta.enableDeletionVectors": "true", "delta.enableChangeDataFeed": "true" }],
    ["rewritten files", { "delta.enableChangeDataFeed": "true" }],
  ] as const) {
    it(`updates, deletes and inserts in one commit, with change data (${kind})`, async () => {
      const table = await tableWith(properties, "(1, 'a'), (2, 'b'), (3, 'c')");
      const result = await table.merge(conn, upsert("SELECT * FROM (VALUES (2, 'B'), (3, NULL), (4, 'd')) AS v(id, name)"));
      expect(result).toEqual({ version: 2, numAffectedRows: 3, numTargetRowsUpdated: 1, numTargetRowsDeleted: 1, numTargetRowsInserted: 1 });
      expect(await content(table)).toEqual([
        [1, "a"],
        [2, "B"],
        [4, "d"],
      ]);
      const [info] = ofKind(await commitActions(table.root, 2), "commitInfo") as any[];
      expect(info.operation).toBe("MERGE");
      expect(info.operationMetrics).toMatchObject({ numSourceRows: "3", numTargetRowsInserted: "1", numTargetRowsUpdated: "1", numTargetRowsDeleted: "1", numTargetRowsCopied: kind === "rewritten files" ? "1" : "0" });
      expect(JSON.parse(info.operationParameters.matchedPredicates)).toEqual([{ predicate: "s.name IS NULL", actionType: "delete" }, { actionType: "update" }]);
      const changes = await table.changesRelation(conn, 2, 2);
      expect((await rows(conn, `SELECT id, name, _change_type FROM ${changes} ORDER BY id, _change_type`)).map((r) => [Number(r.id), r.name, r._change_type])).toEqual([
        [2, "B", "update_postimage"],
        [2, "b", "update_preimage"],
        [3, "c", "delete"],
        [4, "d", "insert"],
      ]);
    });
  }

  it("refuses a target row two source rows match, writing nothing; an unconditional DELETE alone takes them", async () => {
    const table = await tableWith({}, "(1, 'a'), (2, 'b')");
    const twice = "SELECT * FROM (VALUES (1, 'x'), (1, 'y')) AS v(id, name)";
    await expect(table.merge(conn, upsert(twice))).rejects.toMatchObject({ code: DeltaErrorCode.MultipleSourceRowsMatching });
    expect(await table.latestVersion()).toBe(1);
    const deleted = await table.merge(conn, { source: twice, targetAlias: "t", sourceAlias: "s", on: "t.id = s.id", clauses: [{ when: "matched", action: "delete" }] });
    expect(deleted.numTargetRowsDeleted).toBe(1);
    expect(await content(table)).toEqual([[2, "b"]]);
  });

  it("acts on target rows no source row matches (NOT MATCHED BY SOURCE), and commits nothing when nothing changes", async () => {
    const table = await tableWith({}, "(1, 'a'), (2, 'b'), (3, 'c')");
    const spec: MergeSpec = {
      source: "SELECT 2 AS id",
      targetAlias: "t",
      sourceAlias: "s",
      on: "t.id = s.id",
      clauses: [
        { when: "notMatchedBySource", condition: "t.id = 1", action: "update", set: { name: "'stale'" } },
        { when: "notMatchedBySource", action: "delete" },
      ],
    };
    expect(await table.merge(conn, spec)).toMatchObject({ numTargetRowsUpdated: 1, numTargetRowsDeleted: 1 });
    expect(await content(table)).toEqual([
      [1, "stale"],
      [2, "b"],
    ]);
    const noop = await table.merge(conn, { ...spec, source: "SELECT 1 AS id UNION ALL SELECT 2", clauses: [spec.clauses[1]] });
    expect(noop).toEqual({ version: null, numAffectedRows: 0, numTargetRowsUpdated: 0, numTargetRowsDeleted: 0, numTargetRowsInserted: 0 });
    expect(await table.latestVersion()).toBe(2);
  });

  it("refuses a NULL for a NOT NULL column and a column the table lacks; an append-only table takes inserts only", async () => {
    const table = await tableWith({ "delta.appendOnly": "true" }, "(1, 'a')");
    const insert = (values: Record<string, string>): MergeSpec => ({ source: "SELECT 5 AS id, 'e' AS name", targetAlias: "t", sourceAlias: "s", on: "t.id = s.id", clauses: [{ when: "notMatched", action: "insert", values }] });
    await expect(table.merge(conn, insert({ name: "s.name" }))).rejects.toMatchObject({ code: DeltaErrorCode.NotNullViolation });
    await expect(table.merge(conn, insert({ id: "s.id", nope: "1" }))).rejects.toThrow(/column nope, which the table does not have/);
    await expect(table.merge(conn, upsert("SELECT 1 AS id, 'z' AS name"))).rejects.toMatchObject({ code: DeltaErrorCode.AppendOnlyViolation });
    await table.merge(conn, insert({ id: "s.id", name: "s.name" }));
    expect(await content(table)).toEqual([
      [1, "a"],
      [5, "e"],
    ]);
  });

  it("moves an updated row to its new partition and inserts into partitions of their own, on a table with columns mapped by name", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({
      schema: { type: "struct", fields: [field("id", "long", false), field("name", "string")] },
      partitionColumns: ["name"],
      properties: { "delta.columnMapping.mode": "name", "delta.enableDeletionVectors": "true", "delta.enableChangeDataFeed": "true" },
    });
    await table.append(conn, "SELECT * FROM (VALUES (1, 'a'), (2, 'a'), (3, 'b')) AS v(id, name)");
    await table.merge(conn, upsert("SELECT * FROM (VALUES (2, 'b'), (4, 'c')) AS v(id, name)"));
    expect(await content(table)).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "b"],
      [4, "c"],
    ]);
    const snapshot = await table.snapshot();
    expect(snapshot.files.map((f) => f.partitionValues[Object.keys(f.partitionValues)[0]]).sort()).toEqual(["a", "b", "b", "c"]);
    const changes = await table.changesRelation(conn, 2, 2);
    expect((await rows(conn, `SELECT id, name, _change_type FROM ${changes} ORDER BY id, _change_type`)).map((r) => [Number(r.id), r.name, r._change_type])).toEqual([
      [2, "b", "update_postimage"],
      [2, "a", "update_preimage"],
      [4, "c", "insert"],
    ]);
  });
  it("adds the columns of addColumns in its own commit, columns mapped by name, and leaves a STRUCT column no clause assigns NULL", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA, properties: { "delta.columnMapping.mode": "name", "delta.enableDeletionVectors": "true" } });
    await table.append(conn, "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)");
    const source = "SELECT 2 AS id, 'B' AS name, {'x': 1, 'y': 'p'} AS detail UNION ALL SELECT 3, 'c', {'x': 2, 'y': 'q'}";
    const evolved = await table.merge(conn, {
      ...upsert(source),
      clauses: [
        { when: "matched", action: "update", set: { name: "s.name", detail: "s.detail" } },
        { when: "notMatched", action: "insert", values: { id: "s.id", name: "s.name", detail: "s.detail" } },
      ],
      addColumns: [{ name: "detail", type: { kind: "struct", fields: [{ name: "x", type: { kind: "primitive", name: "INTEGER" } }, { name: "y", type: { kind: "primitive", name: "VARCHAR" } }] } }],
    });
    expect(evolved.version).toBe(2);
    expect(ofKind(await commitActions(table.root, 2), "metaData")).toHaveLength(1);
    const snapshot = await table.snapshot();
    expect(snapshot.schema.fields.map((f) => f.name)).toEqual(["id", "name", "detail"]);
    const read = async () =>
      (await rows(conn, `SELECT id, name, detail.x AS x FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`)).map((r) => [Number(r.id), r.name, r.x === null ? null : Number(r.x)]);
    expect(await read()).toEqual([
      [1, "a", null],
      [2, "B", 1],
      [3, "c", 2],
    ]);
    // later merges that assign no value to the STRUCT column: a delete, and an insert that leaves it NULL
    await table.merge(conn, { ...upsert("SELECT 1 AS id"), clauses: [{ when: "matched", action: "delete" }] });
    await table.merge(conn, { ...upsert("SELECT 4 AS id, 'd' AS name"), clauses: [{ when: "notMatched", action: "insert", values: { id: "s.id", name: "s.name" } }] });
    expect(await read()).toEqual([
      [2, "B", 1],
      [3, "c", 2],
      [4, "d", null],
    ]);
  });
});
