import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** SHOW CREATE TABLE on the local workspace: Spark's layout, and a statement that makes the same definition again. */
describe("SHOW CREATE TABLE on the local workspace", () => {
  const { ok, sql } = sqlSession();
  const statementOf = async (name: string) => String((await ok(`SHOW CREATE TABLE ${name}`))[0].createtab_stmt);
  const location = async (name: string) => String((await ok(`DESCRIBE DETAIL ${name}`))[0].location);
  /** the statement made to create `copy` at its own managed location */
  const asCopy = (statement: string, from: string, copy: string) => statement.replace(from, copy).replace(/\nLOCATION '[^']*'/, "");

  it("prints a table's columns, partitioning, comment, location and properties as Spark does", async () => {
    await ok(`CREATE TABLE sales (id BIGINT NOT NULL COMMENT 'order number', amount DECIMAL(10,2), buyer STRUCT<name: STRING, tags: ARRAY<STRING>>, code VARCHAR(4), day DATE)
      PARTITIONED BY (day) COMMENT 'what we sold' TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')`);
    await ok("ALTER TABLE sales ADD CONSTRAINT positive CHECK (amount > 0)");
    expect(await statementOf("sales")).toBe(
      [
        "CREATE TABLE hive_metastore.default.sales (",
        "  id BIGINT NOT NULL COMMENT 'order number',",
        "  amount DECIMAL(10,2),",
        "  buyer STRUCT<name: STRING, tags: ARRAY<STRING>>,",
        "  code VARCHAR(4),",
        "  day DATE)",
        "USING delta",
        "PARTITIONED BY (day)",
        "COMMENT 'what we sold'",
        `LOCATION '${await location("sales")}'`,
        "TBLPROPERTIES (",
        "  'delta.constraints.positive' = 'amount > 0',",
        "  'delta.enableChangeDataFeed' = 'true',",
        "  'delta.enableDeletionVectors' = 'true',",
        "  'delta.feature.appendOnly' = 'supported',",
        "  'delta.feature.changeDataFeed' = 'supported',",
        "  'delta.feature.checkConstraints' = 'supported',",
        "  'delta.feature.deletionVectors' = 'supported',",
        "  'delta.feature.invariants' = 'supported',",
        "  'delta.minReaderVersion' = '3',",
        "  'delta.minWriterVersion' = '7')",
        "",
      ].join("\n"),
    );
  });

  it("runs back into the same definition: columns, partitioning or clustering, properties and protocol", async () => {
    await ok("CREATE TABLE events (id BIGINT, region STRING, at TIMESTAMP) CLUSTER BY (region) TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    for (const [from, copy] of [["sales", "sales_again"], ["events", "events_again"]]) {
      await ok(asCopy(await statementOf(from), `hive_metastore.default.${from}`, copy));
      expect(await ok(`DESCRIBE TABLE ${copy}`)).toEqual(await ok(`DESCRIBE TABLE ${from}`));
      const [a, b] = [(await ok(`DESCRIBE DETAIL ${from}`))[0] as Record<string, any>, (await ok(`DESCRIBE DETAIL ${copy}`))[0] as Record<string, any>];
      for (const key of ["partitionColumns", "clusteringColumns", "minReaderVersion", "minWriterVersion", "tableFeatures", "description"]) expect(b[key], key).toEqual(a[key]);
      expect({ ...b.properties, "delta.columnMapping.maxColumnId": undefined }).toEqual({ ...a.properties, "delta.columnMapping.maxColumnId": undefined });
    }
  });

  it("prints a view's statement, which runs back into the same view, and refuses a temporary view or a missing name", async () => {
    await ok("CREATE VIEW big_sales (order_id, doubled) COMMENT 'large ones' AS SELECT id, amount * 2 FROM sales WHERE amount > 100");
    const statement = await statementOf("big_sales");
    expect(statement).toBe("CREATE VIEW hive_metastore.default.big_sales (\n  order_id,\n  doubled)\nCOMMENT 'large ones'\nAS SELECT id, amount * 2 FROM sales WHERE amount > 100\n");
    await ok(statement.replace("default.big_sales", "default.big_sales_again"));
    expect(await ok("DESCRIBE TABLE big_sales_again")).toEqual(await ok("DESCRIBE TABLE big_sales"));
    await ok("CREATE TEMPORARY VIEW recent AS SELECT 1 AS one");
    expect(expectError(await sql("SHOW CREATE TABLE recent"))).toContain("temporary view");
    expect(expectError(await sql("SHOW CREATE TABLE nowhere"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });
});
