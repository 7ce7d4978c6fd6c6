import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * The metadata statements tools run against a workspace: DESCRIBE SCHEMA, SHOW CURRENT SCHEMA, SHOW TABLE EXTENDED (whose
 * information dbt reads a relation's type, provider and columns from), version() and current_version().
 */
describe("schema metadata statements", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE SCHEMA sales COMMENT 'the sales'");
    await ok("CREATE TABLE sales.orders (id BIGINT COMMENT 'the id', day DATE, item STRUCT<sku: STRING, tags: ARRAY<STRING>>, attrs MAP<STRING, INT>) PARTITIONED BY (day) COMMENT 'orders'");
    await ok("CREATE VIEW sales.order_ids AS SELECT id FROM sales.orders");
  });

  it("describes a schema: its catalog, name, comment, location and owner, EXTENDED its properties too", async () => {
    const rows = await ok("DESCRIBE SCHEMA sales");
    expect(rows.map((r) => r.database_description_item)).toEqual(["Catalog Name", "Namespace Name", "Comment", "Location", "Owner"]);
    expect(rows.slice(0, 3).map((r) => r.database_description_value)).toEqual(["hive_metastore", "sales", "the sales"]);
    expect(rows[3].database_description_value).toMatch(/^file:.*\/hive_metastore\/sales\.db$/);
    expect((await ok("DESCRIBE DATABASE EXTENDED hive_metastore.sales")).at(-1)).toEqual({ database_description_item: "Properties", database_description_value: "" });
    expect(expectError(await sql("DESCRIBE SCHEMA missing"))).toContain("[SCHEMA_NOT_FOUND]");
    // the word alone names a table, as in Spark
    await ok("CREATE TABLE sales.database (a INT)");
    await ok("USE sales");
    expect(await ok("DESCRIBE database")).toEqual([{ col_name: "a", data_type: "int", comment: null }]);
    await ok("USE default");
  });

  it("keeps a schema's and a catalog's comment and a schema's properties, which DESCRIBE shows", async () => {
    await ok("CREATE SCHEMA notes");
    await ok("COMMENT ON SCHEMA notes IS 'kept notes'");
    await ok("ALTER SCHEMA notes SET DBPROPERTIES ('tier' = 'gold', 'team' = 'data')");
    await ok("ALTER DATABASE notes SET DBPROPERTIES ('tier' = 'silver')");
    const described = Object.fromEntries((await ok("DESCRIBE SCHEMA EXTENDED notes")).map((r) => [r.database_description_item, r.database_description_value]));
    // by key, as Spark lists them
    expect(described).toMatchObject({ Comment: "kept notes", Properties: "((team,data), (tier,silver))" });
    await ok("CREATE SCHEMA made WITH DBPROPERTIES ('owner_team' = 'ops')");
    expect((await ok("DESCRIBE SCHEMA EXTENDED made")).at(-1)?.database_description_value).toBe("((owner_team,ops))");
    // two changes of one schema at once both kept
    await Promise.all([ok("COMMENT ON SCHEMA made IS 'both'"), ok("ALTER SCHEMA made SET DBPROPERTIES ('second' = 'kept')")]);
    expect(Object.fromEntries((await ok("DESCRIBE SCHEMA EXTENDED made")).map((r) => [r.database_description_item, r.database_description_value]))).toMatchObject({
      Comment: "both",
      Properties: "((owner_team,ops), (second,kept))",
    });
    await ok("COMMENT ON DATABASE notes IS NULL");
    expect((await ok("DESCRIBE SCHEMA notes")).find((r) => r.database_description_item === "Comment")?.database_description_value).toBe("");
    await ok("COMMENT ON CATALOG main IS 'the main catalog'");
    expect(await ok("DESCRIBE CATALOG main")).toEqual([
      { info_name: "Catalog Name", info_value: "main" },
      { info_name: "Comment", info_value: "the main catalog" },
      { info_name: "Owner", info_value: "local-user@localhost" },
      { info_name: "Catalog Type", info_value: "Regular" },
    ]);
    expect((await ok("DESCRIBE CATALOG EXTENDED main")).at(-1)?.info_name).toBe("Created Time");
    expect(expectError(await sql("COMMENT ON SCHEMA missing IS 'x'"))).toContain("[SCHEMA_NOT_FOUND]");
    expect(expectError(await sql("DESCRIBE CATALOG missing"))).toContain("[NO_SUCH_CATALOG_EXCEPTION]");
  });

  it("shows the current catalog and schema, after USE too", async () => {
    expect(await ok("SHOW CURRENT SCHEMA")).toEqual([{ catalog: "hive_metastore", namespace: "default" }]);
    await ok("USE sales");
    expect(await ok("SHOW CURRENT DATABASE")).toEqual([{ catalog: "hive_metastore", namespace: "sales" }]);
    await ok("USE default");
  });

  it("lists matching tables and views with their information and their columns' tree, as Spark writes them", async () => {
    const rows = await ok("SHOW TABLE EXTENDED IN sales LIKE 'order*'");
    expect(rows.map((r) => [r.database, r.tableName, r.isTemporary])).toEqual([
      ["sales", "orders", false],
      ["sales", "order_ids", false],
    ]);
    const [table, view] = rows.map((r) => String(r.information));
    expect(table).toContain("\nType: MANAGED\n");
    expect(table).toContain("\nProvider: delta\n");
    expect(table).toContain("\nComment: orders\n");
    expect(table).toContain("\nPartition Columns: [`day`]\n");
    expect(table.slice(table.indexOf("Schema: "))).toBe(
      [
        "Schema: root",
        " |-- id: long (nullable = true)",
        " |-- day: date (nullable = true)",
        " |-- item: struct (nullable = true)",
        " |    |-- sku: string (nullable = true)",
        " |    |-- tags: array (nullable = true)",
        " |    |    |-- element: string (containsNull = true)",
        " |-- attrs: map (nullable = true)",
        " |    |-- key: string",
        " |    |-- value: integer (valueContainsNull = true)",
        "",
      ].join("\n"),
    );
    expect(view).toContain("\nType: VIEW\nView Text: SELECT id FROM sales.orders\n");
    expect(view).toContain("Schema: root\n |-- id: long (nullable = true)\n");
    expect(await ok("SHOW TABLE EXTENDED IN sales LIKE 'nothing*'")).toEqual([]);
    // the tables' owner is the views' and the schemas'
    expect(table).toContain("\nOwner: local-user@localhost\n");
    expect(view).toContain("\nOwner: local-user@localhost\n");
  });

  it("describes a query's columns with DESCRIBE [QUERY], as DESCRIBE TABLE lists a table's", async () => {
    expect(await ok("DESCRIBE QUERY SELECT id, id * 2 AS twice, item.sku, upper('x'), attrs FROM sales.orders")).toEqual([
      { col_name: "id", data_type: "bigint", comment: null },
      { col_name: "twice", data_type: "bigint", comment: null },
      { col_name: "sku", data_type: "string", comment: null },
      { col_name: "upper(x)", data_type: "string", comment: null },
      { col_name: "attrs", data_type: "map<string,int>", comment: null },
    ]);
    expect(await ok("DESCRIBE WITH o AS (SELECT day FROM sales.orders) SELECT * FROM o")).toEqual([{ col_name: "day", data_type: "date", comment: null }]);
    expect((await ok("DESCRIBE QUERY TABLE sales.orders")).map((r) => r.col_name)).toEqual(["id", "day", "item", "attrs"]);
    // a query's first word alone names a table
    await ok("CREATE TABLE sales.`values` (v INT)");
    await ok("USE sales");
    expect(await ok("DESCRIBE values")).toEqual([{ col_name: "v", data_type: "int", comment: null }]);
    await ok("USE default");
    expect(expectError(await sql("DESCRIBE QUERY SELECT nothing FROM sales.orders"))).toContain("[UNRESOLVED_COLUMN");
  });

  it("answers version() and current_version() with the Spark and Databricks Runtime versions of its clusters", async () => {
    expect(await ok("SELECT version() AS v, current_version().dbr_version AS dbr, current_version().dbsql_version AS dbsql")).toEqual([
      { v: "3.5.0 local-workspace", dbr: "15.4.x-scala2.12", dbsql: null },
    ]);
  });
});
