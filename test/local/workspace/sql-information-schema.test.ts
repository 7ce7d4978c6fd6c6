import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * Unity Catalog's INFORMATION_SCHEMA on the local workspace: each catalog made with CREATE CATALOG has one describing it, system's
 * describes them all, hive_metastore has none (as on Databricks).
 */
describe("INFORMATION_SCHEMA", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE CATALOG shop COMMENT 'the shop'");
    await ok("CREATE SCHEMA shop.sales COMMENT 'the sales'");
    await ok(
      "CREATE TABLE shop.sales.orders (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) COMMENT 'the id', day DATE NOT NULL, " +
        "amount DECIMAL(10,2), total DECIMAL(12,2) GENERATED ALWAYS AS (amount * 2), tags ARRAY<STRING>, at TIMESTAMP) PARTITIONED BY (day) COMMENT 'orders'",
    );
    await ok("CREATE VIEW shop.sales.big_orders AS SELECT id, amount FROM shop.sales.orders WHERE amount > 100");
    await ok("CREATE TABLE hive_metastore.default.local_only (x INT)");
  });

  it("lists a catalog's tables and views, with their types, owners and comments", async () => {
    expect(await ok("SELECT table_schema, table_name, table_type, is_insertable_into, data_source_format, comment FROM shop.information_schema.tables WHERE table_schema = 'sales' ORDER BY table_name")).toEqual([
      { table_schema: "sales", table_name: "big_orders", table_type: "VIEW", is_insertable_into: "NO", data_source_format: null, comment: null },
      { table_schema: "sales", table_name: "orders", table_type: "MANAGED", is_insertable_into: "YES", data_source_format: "DELTA", comment: "orders" },
    ]);
    const [{ created, last_altered: altered, table_owner: owner }] = await ok("SELECT created, last_altered, table_owner FROM shop.information_schema.tables WHERE table_name = 'orders'");
    expect(Date.parse(String(altered))).toBeGreaterThanOrEqual(Date.parse(String(created)));
    expect(owner).toBe("local-user@localhost");
  });

  it("describes each column: position, nullability, types, precision, identity, generation, partitioning and comment", async () => {
    const rows = await ok(
      "SELECT column_name, ordinal_position, is_nullable, full_data_type, data_type, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision, " +
        "is_identity, identity_generation, identity_start, identity_increment, is_generated, generation_expression, partition_index, comment " +
        "FROM shop.information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position",
    );
    expect(rows.map((r) => [r.column_name, r.ordinal_position, r.is_nullable, r.full_data_type, r.data_type])).toEqual([
      ["id", 1, "YES", "bigint", "BIGINT"],
      ["day", 2, "NO", "date", "DATE"],
      ["amount", 3, "YES", "decimal(10,2)", "DECIMAL"],
      ["total", 4, "YES", "decimal(12,2)", "DECIMAL"],
      ["tags", 5, "YES", "array<string>", "ARRAY"],
      ["at", 6, "YES", "timestamp", "TIMESTAMP"],
    ]);
    expect(rows.map((r) => [r.numeric_precision, r.numeric_precision_radix, r.numeric_scale, r.datetime_precision])).toEqual([
      [64, 2, 0, null], [null, null, null, 0], [10, 10, 2, null], [12, 10, 2, null], [null, null, null, null], [null, null, null, 3],
    ]);
    expect(rows[0]).toMatchObject({ is_identity: "YES", identity_generation: "ALWAYS", identity_start: "10", identity_increment: "5", comment: "the id" });
    expect(rows[3]).toMatchObject({ is_identity: "NO", is_generated: "ALWAYS", generation_expression: "amount * 2" });
    expect(rows.map((r) => r.partition_index)).toEqual([null, 0, null, null, null, null]);
    // a view's columns as its query types them
    expect(await ok("SELECT column_name, data_type FROM shop.information_schema.columns WHERE table_name = 'big_orders' ORDER BY ordinal_position")).toEqual([
      { column_name: "id", data_type: "BIGINT" },
      { column_name: "amount", data_type: "DECIMAL" },
    ]);
  });

  it("names the catalog's schemata and views, the current catalog's by a two-part name after USE CATALOG", async () => {
    await ok("USE CATALOG shop");
    expect(await ok("SELECT schema_name, comment FROM information_schema.schemata ORDER BY schema_name")).toEqual([
      { schema_name: "default", comment: null },
      { schema_name: "information_schema", comment: "Information schema (auto-created)" },
      { schema_name: "sales", comment: "the sales" },
    ]);
    expect(await ok("SELECT table_name, view_definition FROM information_schema.views")).toEqual([
      { table_name: "big_orders", view_definition: "SELECT id, amount FROM shop.sales.orders WHERE amount > 100" },
    ]);
    await ok("USE CATALOG hive_metastore");
  });

  it("lists the other relations where a view cannot be read, and answers a name that is no view as not found", async () => {
    await ok("CREATE TABLE shop.sales.scratch (a INT)");
    await ok("CREATE VIEW shop.sales.scratch_view AS SELECT a FROM shop.sales.scratch");
    await ok("DROP TABLE shop.sales.scratch");
    expect((await ok("SELECT DISTINCT table_name FROM shop.information_schema.columns ORDER BY table_name")).map((r) => r.table_name)).toEqual(["big_orders", "orders"]);
    expect((await ok("SELECT table_name FROM shop.information_schema.tables WHERE table_name LIKE 'scratch%'")).map((r) => r.table_name)).toEqual(["scratch_view"]);
    await ok("DROP VIEW shop.sales.scratch_view");
    expect(expectError(await sql("SELECT * FROM shop.information_schema.constructor"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
  });

  it("describes every catalog of Unity Catalog in system's, and none in hive_metastore, where it is not found as on Databricks", async () => {
    expect(await ok("SELECT catalog_name, comment FROM system.information_schema.catalogs ORDER BY catalog_name")).toEqual([
      { catalog_name: "main", comment: null },
      { catalog_name: "shop", comment: "the shop" },
    ]);
    expect(await ok("SELECT count(*) AS n FROM system.information_schema.tables WHERE table_name = 'local_only'")).toEqual([{ n: 0 }]);
    expect(expectError(await sql("SELECT * FROM information_schema.tables"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
    expect(expectError(await sql("SELECT * FROM shop.information_schema.nothing"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
  });
});
