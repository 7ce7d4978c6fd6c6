import { describe, expect, it } from "vitest";
import { DeltaError, openDeltaTable, type StructType } from "../../src/delta/index.js";
import { commitActions, ofKind, useWorkspace } from "../support/delta-tables.js";

/** The Delta library's CHECK constraints: kept as table properties, enforced with the SQL a writer names, refused without it. */
const { ws, conn } = useWorkspace();

const schema: StructType = { type: "struct", fields: [{ name: "id", type: "long", nullable: true, metadata: {} }] };

async function constrained() {
  const table = openDeltaTable(ws.newTableDir());
  await table.create({ schema });
  await table.append(conn, "SELECT range AS id FROM range(1, 4)");
  await table.changeConstraint({ add: { name: "Positive", expr: "id > 0" } });
  return table;
}

describe("CHECK constraints in the Delta library", () => {
  it("a new constraint is a lower-case delta.constraints property in an ADD CONSTRAINT commit, on writer version 3", async () => {
    const table = await constrained();
    const snapshot = await table.snapshot();
    expect(snapshot.metadata.configuration["delta.constraints.positive"]).toBe("id > 0");
    expect(snapshot.protocol.minWriterVersion).toBe(3);
    const [commitInfo] = ofKind(await commitActions(table.root, snapshot.version), "commitInfo");
    expect(commitInfo).toMatchObject({ operation: "ADD CONSTRAINT", operationParameters: { name: "positive", expr: "id > 0" } });
  });

  it("an append that names no check of the table's constraints is refused; one that does writes only rows that satisfy them", async () => {
    const table = await constrained();
    const refused = await table.append(conn, "SELECT 5 AS id").catch((e) => e);
    expect(refused).toBeInstanceOf(DeltaError);
    expect(refused.code).toBe("DELTA_UNSUPPORTED_FEATURES_FOR_WRITE");
    const violated = await table.append(conn, "SELECT * FROM (VALUES (7), (-1)) AS v(id)", { checks: { positive: "id > 0" } }).catch((e) => e);
    expect(violated.code).toBe("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect(violated.message).toBe("CHECK constraint positive id > 0 violated by row with values:\n - id : -1");
    await table.append(conn, "SELECT 7 AS id", { checks: { positive: "id > 0" } });
    expect((await table.snapshot()).files.length).toBe(2);
  });

  it("a DELETE, which adds no values, needs no check", async () => {
    const table = await constrained();
    expect((await table.deleteWhere(conn, "id = 2")).deletedRows).toBe(1);
  });
});
