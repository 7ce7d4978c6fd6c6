import { describe, expect, it } from "vitest";
import { DeltaErrorCode, openDeltaTable, type StructType } from "../../src/delta/index.js";
import { commitActions, ofKind, rows, useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();
const SCHEMA: StructType = { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] };
const ids = async (table: ReturnType<typeof openDeltaTable>) =>
  (await rows(conn, `SELECT id FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`)).map((r) => Number(r.id));

describe("overwrite and truncate", () => {
  it("an overwrite removes every file of the version it read and adds its own, in one commit", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA });
    await table.append(conn, "SELECT 1 AS id");
    await table.append(conn, "SELECT 2 AS id");
    const result = await table.append(conn, "SELECT 3 AS id UNION ALL SELECT 4", { overwrite: true });
    const actions = await commitActions(table.root, result.version);
    expect(ofKind(actions, "remove")).toHaveLength(2);
    expect(ofKind(actions, "add")).toHaveLength(1);
    expect(ofKind(actions, "commitInfo")[0]).toMatchObject({ operationParameters: { mode: "Overwrite" }, isBlindAppend: false });
    expect(await ids(table)).toEqual([3, 4]);
  });

  it("an overwrite that loses its commit race fails and writes nothing: the winner's rows stay", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA });
    await table.append(conn, "SELECT 1 AS id");
    const overwrite = await table.appendInParts({ overwrite: true });
    await overwrite.write(conn, "SELECT 9 AS id");
    await table.append(conn, "SELECT 2 AS id");
    await expect(overwrite.commit()).rejects.toMatchObject({ code: DeltaErrorCode.ConcurrentModification });
    expect(await ids(table)).toEqual([1, 2]);
    expect(await table.unreferencedFiles()).toEqual([]);
  });

  it("a truncate removes every file in one TRUNCATE commit, and the table takes rows again", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA });
    await table.append(conn, "SELECT 1 AS id");
    const version = await table.truncate();
    expect(ofKind(await commitActions(table.root, version), "commitInfo")[0]).toMatchObject({ operation: "TRUNCATE", operationParameters: {} });
    expect(await ids(table)).toEqual([]);
    await table.append(conn, "SELECT 2 AS id");
    await table.truncate();
    expect(await ids(table)).toEqual([]);
  });
  it("a replace commits the new definition and the query's rows over every file, keeping the table's id and every protocol feature it had", async () => {
    const table = openDeltaTable(ws.newTableDir());
    await table.create({ schema: SCHEMA, properties: { "delta.enableDeletionVectors": "true" } });
    await table.append(conn, "SELECT 1 AS id UNION ALL SELECT 2");
    const before = await table.snapshot();
    const result = await table.replace(conn, "SELECT 'x' AS label", { schema: { type: "struct", fields: [{ name: "label", type: "string", nullable: true, metadata: {} }] } });
    const actions = await commitActions(table.root, result.version);
    expect([ofKind(actions, "remove").length, ofKind(actions, "add").length, ofKind(actions, "metaData").length]).toEqual([1, 1, 1]);
    const after = await table.snapshot();
    expect(after.metadata.id).toBe(before.metadata.id);
    expect(after.schema.fields.map((f) => f.name)).toEqual(["label"]);
    expect(after.protocol.writerFeatures).toContain("deletionVectors");
    expect(await rows(conn, `SELECT * FROM ${await table.scanRelation(conn, after)}`)).toEqual([{ label: "x" }]);
    // the version before, as it was
    expect(await ids({ ...table, snapshot: async () => before })).toEqual([1, 2]);
  });
});
