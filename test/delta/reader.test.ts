import { describe, expect, it } from "vitest";
import { serializeActions, tryPublishCommit } from "../../src/delta/commit-file.js";
import { openDeltaTable } from "../../src/delta/index.js";
import { useWorkspace } from "../support/delta-tables.js";

const { ws, conn } = useWorkspace();

describe("Delta reader on evolving schemas", () => {
  it("widens old files' types to the table type and fills columns they lack with NULL", async () => {
    const dir = ws.newTableDir();
    const table = openDeltaTable(dir);
    const field = (name: string, type: string, metadata: Record<string, unknown> = {}) => ({ name, type, nullable: true, metadata });
    await table.create({
      schema: { type: "struct", fields: [field("v", "integer"), field("s", "string")] },
      properties: { "delta.enableTypeWidening": "true" },
    });
    await table.append(conn, `SELECT 2147483647 AS v, 'old' AS s`);
    const before = await table.snapshot();
    expect(before.protocol.readerFeatures).toEqual(["typeWidening"]);
    // What ALTER TABLE ... CHANGE COLUMN v TYPE BIGINT and ADD COLUMNS (extra) commit in Spark.
    const widened = { ...before.metadata, schemaString: JSON.stringify({ type: "struct", fields: [field("v", "long", { "delta.typeChanges": [{ fromType: "integer", toType: "long" }] }), field("s", "string"), field("extra", "date")] }) };
    expect(await tryPublishCommit(dir, 2, serializeActions([{ commitInfo: { timestamp: Date.now(), operation: "CHANGE COLUMN" } }, { metaData: widened }]))).toBe(true);
    expect(await tryPublishCommit(dir, 2, "{}\n")).toBe(false);
    await table.append(conn, `SELECT 9223372036854775807 AS v, 'new' AS s, DATE '2024-01-02' AS extra`);
    const scan = await table.scanRelation(conn, await table.snapshot());
    const result = await conn.runAndReadAll(`SELECT CAST(v AS VARCHAR), s, CAST(extra AS VARCHAR), typeof(v) FROM ${scan} ORDER BY s DESC`);
    expect(result.getRowsJson()).toEqual([
      ["2147483647", "old", null, "BIGINT"],
      ["9223372036854775807", "new", "2024-01-02", "BIGINT"],
    ]);
  });
});
