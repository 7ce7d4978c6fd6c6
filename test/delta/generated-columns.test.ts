import { describe, expect, it } from "vitest";
import { DeltaError, generatedCheck, openDeltaTable, withGeneratedValues, type StructType } from "../../src/delta/index.js";
import { rows, useWorkspace } from "../support/delta-tables.js";

/** The Delta library's generated columns: enforced with the SQL a writer names for each expression, computed again by UPDATE and MERGE. */
const { ws, conn } = useWorkspace();

const schema: StructType = {
  type: "struct",
  fields: [
    { name: "id", type: "long", nullable: true, metadata: {} },
    { name: "twice", type: "long", nullable: true, metadata: { "delta.generationExpression": "id * 2" } },
  ],
};
const checks = { [generatedCheck("twice")]: "id * 2" };

async function generated() {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema });
  await table.append(conn, "SELECT range AS id, range * 2 AS twice FROM range(1, 4)", { checks });
  return table;
}
const values = async (table: ReturnType<typeof openDeltaTable>) =>
  rows(conn, `SELECT id::INT AS id, twice::INT AS twice FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`);

describe("generated columns in the Delta library", () => {
  it("a table with one is on writer version 4; a write that names no SQL for its expression is refused", async () => {
    const table = await generated();
    expect((await table.snapshot()).protocol.minWriterVersion).toBe(4);
    const refused = await table.append(conn, "SELECT 9 AS id, 18 AS twice").catch((e) => e);
    expect(refused).toBeInstanceOf(DeltaError);
    expect(refused.code).toBe("DELTA_UNSUPPORTED_FEATURES_FOR_WRITE");
    expect(refused.message).toContain("Generated Column twice");
  });

  it("an append whose value differs from the expression is refused, naming the row's values, and writes nothing", async () => {
    const table = await generated();
    const violated = await table.append(conn, "SELECT 5 AS id, 11 AS twice", { checks }).catch((e) => e);
    expect(violated.code).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect(violated.message).toBe("CHECK constraint Generated Column (`twice` <=> id * 2) violated by row with values:\n - id : 5\n - twice : 11");
    expect((await table.snapshot()).version).toBe(1);
  });

  it("withGeneratedValues computes the column for the rows its condition picks", async () => {
    const table = await generated();
    await table.append(conn, withGeneratedValues("SELECT 10 AS id, NULL::BIGINT AS twice", schema, checks, () => "true"), { checks });
    expect((await values(table)).at(-1)).toEqual({ id: 10, twice: 20 });
  });

  it("UPDATE computes it again from the updated row; MERGE for the rows it updates and inserts", async () => {
    const table = await generated();
    await table.updateWhere(conn, { id: "id + 100" }, "id = 1", undefined, checks);
    await table.merge(conn, {
      source: "SELECT 2 AS id UNION ALL SELECT 7",
      targetAlias: "t",
      sourceAlias: "s",
      on: "t.id = s.id",
      clauses: [
        { when: "matched", action: "update", set: { id: "s.id + 200" } },
        { when: "notMatched", action: "insert", values: { id: "s.id" } },
      ],
      checks,
    });
    expect(await values(table)).toEqual([
      { id: 3, twice: 6 },
      { id: 7, twice: 14 },
      { id: 101, twice: 202 },
      { id: 202, twice: 404 },
    ]);
  });
});
