import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { rows, useWorkspace } from "../support/delta-tables.js";

/** The Delta library's identity columns: values generated where a writer asks, the high-water mark moved in the same commit. */
const { ws, conn } = useWorkspace();

const schema = (allowExplicitInsert: boolean): StructType => ({
  type: "struct",
  fields: [
    { name: "id", type: "long", nullable: true, metadata: { "delta.identity.start": 1, "delta.identity.step": 1, "delta.identity.allowExplicitInsert": allowExplicitInsert } },
    { name: "v", type: "integer", nullable: true, metadata: {} },
  ],
});

async function identityTable(allowExplicitInsert = false) {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema: schema(allowExplicitInsert) });
  return table;
}
const ids = async (table: ReturnType<typeof openDeltaTable>) =>
  (await rows(conn, `SELECT id::INT AS id FROM ${await table.scanRelation(conn, await table.snapshot())} ORDER BY id`)).map((r) => r.id);
const mark = async (table: ReturnType<typeof openDeltaTable>) => (await table.snapshot()).schema.fields[0].metadata["delta.identity.highWaterMark"];

describe("identity columns in the Delta library", () => {
  it("a table with one is on writer version 6; an append that generates its values moves the high-water mark in its commit", async () => {
    const table = await identityTable();
    expect((await table.snapshot()).protocol.minWriterVersion).toBe(6);
    await table.append(conn, "SELECT NULL::BIGINT AS id, range::INT AS v FROM range(3)", { generateIdentity: ["id"] });
    await table.append(conn, "SELECT NULL::BIGINT AS id, 9 AS v", { generateIdentity: ["id"] });
    expect(await ids(table)).toEqual([1, 2, 3, 4]);
    expect(await mark(table)).toBe(4);
  });

  it("an append that gives a GENERATED ALWAYS column values is refused", async () => {
    const table = await identityTable();
    const refused = await table.append(conn, "SELECT 5::BIGINT AS id, 1 AS v").catch((e) => e);
    expect(refused.code).toBe("DELTA_IDENTITY_COLUMNS_EXPLICIT_INSERT_NOT_SUPPORTED");
    expect((await table.snapshot()).version).toBe(0);
  });

  it("two appends that generate values at once never hand out one value twice: the second to commit fails", async () => {
    const table = await identityTable();
    const [a, b] = await Promise.all([1, 2].map(() => table.appendInParts({ generateIdentity: ["id"] })));
    await a.write(conn, "SELECT NULL::BIGINT AS id, 1 AS v");
    await b.write(conn, "SELECT NULL::BIGINT AS id, 2 AS v");
    await a.commit();
    const lost = await b.commit().catch((e) => e);
    expect(lost.code).toBe("DELTA_CONCURRENT_MODIFICATION");
    expect(await ids(table)).toEqual([1]);
  });

  it("a blind append that generates no values still commits beside one that did", async () => {
    const table = await identityTable(true);
    const [plain, generating] = await Promise.all([table.appendInParts(), table.appendInParts({ generateIdentity: ["id"] })]);
    await plain.write(conn, "SELECT 100::BIGINT AS id, 1 AS v");
    await generating.write(conn, "SELECT NULL::BIGINT AS id, 2 AS v");
    await plain.commit();
    await generating.commit();
    expect(await ids(table)).toEqual([1, 100]);
    expect(await mark(table)).toBe(1);
  });

  it("UPDATE of an identity column is refused; MERGE's inserts take the next values", async () => {
    const table = await identityTable();
    await table.append(conn, "SELECT NULL::BIGINT AS id, 1 AS v", { generateIdentity: ["id"] });
    expect((await table.updateWhere(conn, { id: "id + 1" }).catch((e) => e)).code).toBe("DELTA_IDENTITY_COLUMNS_UPDATE_NOT_SUPPORTED");
    await table.merge(conn, {
      source: "SELECT 1 AS v UNION ALL SELECT 2 UNION ALL SELECT 3",
      targetAlias: "t",
      sourceAlias: "s",
      on: "t.v = s.v",
      clauses: [{ when: "notMatched", action: "insert", values: { v: "s.v" } }],
    });
    expect(await ids(table)).toEqual([1, 2, 3]);
    expect(await mark(table)).toBe(3);
  });
});
