import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDeltaTable, type StructType } from "../../src/delta/index.js";
import { firstDatasetRows } from "../../src/lake/dataset-preview.js";
import { useWorkspace } from "../support/delta-tables.js";

const SCHEMA: StructType = {
  type: "struct",
  fields: [
    { name: "id", type: "long", nullable: true, metadata: {} },
    { name: "amount", type: "decimal(38,18)", nullable: true, metadata: {} },
  ],
};

describe("a dataset's preview (GET /data/foundation/export/datasets/{id}/preview)", () => {
  const { ws, conn } = useWorkspace();

  it("answers the first 100 rows, exact, reading only the data files that hold them", async () => {
    const root = ws.newTableDir();
    const table = openDeltaTable(root);
    await table.create({ schema: SCHEMA });
    for (let part = 0; part < 3; part++) {
      await table.append(conn, `SELECT ${part} * 60 + i AS id, CAST('12345678901234567890.123456789012345678' AS DECIMAL(38,18)) AS amount FROM range(60) t(i)`);
    }
    // the first append's file is gone: the two newer ones hold 120 rows, and a preview that read it would fail
    const oldest = (await table.snapshot()).files.find((file) => file.stats?.includes('"minValues":{"id":0'));
    await rm(path.join(root, oldest!.path));

    const rows = await firstDatasetRows(root, 100);
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => r.id)).size).toBe(100);
    for (const row of rows) expect(row.id).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map((r) => r.amount))).toEqual(new Set(["12345678901234567890.123456789012345678"]));
  });

  it("answers a BIGINT beyond 2^53 with its every digit", async () => {
    const root = ws.newTableDir();
    const table = openDeltaTable(root);
    await table.create({ schema: SCHEMA });
    await table.append(conn, "SELECT 9223372036854775807 AS id, NULL AS amount");
    expect(await firstDatasetRows(root, 100)).toEqual([{ id: "9223372036854775807", amount: null }]);
  });
});
