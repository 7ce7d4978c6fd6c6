/**
 * Views over the local workspace's Command Execution API: CREATE [OR REPLACE] [TEMPORARY] VIEW, a view
 * read by any query as Spark reads it (its tables as they are now, its names resolved where it was made,
 * its columns named as CREATE VIEW named them), SHOW TABLES, SHOW VIEWS and DESCRIBE, ALTER VIEW, DROP VIEW, and Spark's errors
 * for what a view cannot be.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("views", () => {
  const { sql, ok, table, harness } = sqlSession({}, async (ok) => {
    await ok("create schema sales");
    await ok("create table sales.orders (id int, region string, amount decimal(10,2))");
    await ok("insert into sales.orders values (1, 'eu', 10.50), (2, 'us', 20.00), (3, 'eu', 5.25)");
  });
  const data = async (command: string) => (await table(command)).results.data;

  it("reads a view's query each time a query names it, in the schema it was made in, with the names it gave its columns", async () => {
    await ok("use sales");
    await ok("create view eu_orders comment 'orders in Europe' as select id, amount from orders where region = 'eu'");
    await ok("create view totals (region, total) as select region, sum(amount) from orders group by region");
    await ok("use default");
    expect(await data("select * from sales.eu_orders order by id")).toEqual([
      [1, "10.50"],
      [3, "5.25"],
    ]);
    expect(await data("select region, total from hive_metastore.sales.totals order by region")).toEqual([
      ["eu", "15.75"],
      ["us", "20.00"],
    ]);
    // a row added later is in the view; a view joins, filters and nests like a table
    await ok("insert into sales.orders values (4, 'eu', 1.00)");
    expect(await data("select e.id, t.total from sales.eu_orders e join sales.totals t on t.region = 'eu' where e.amount > 1 order by e.id")).toEqual([
      [1, "16.75"],
      [3, "16.75"],
    ]);
    await ok("create view sales.big_eu as select id from sales.eu_orders where amount >= 5");
    expect(await data("select count(*) from sales.big_eu")).toEqual([[2]]);
    const described = await table("describe sales.totals");
    expect(described.results.data).toEqual([
      ["region", "string", null],
      ["total", "decimal(20,2)", null],
    ]);
    expect(await data("show tables in sales")).toEqual([
      ["sales", "big_eu", false],
      ["sales", "eu_orders", false],
      ["sales", "orders", false],
      ["sales", "totals", false],
    ]);
  });

  it("replaces a view with OR REPLACE, keeps it with IF NOT EXISTS, and refuses a name in use, a recursive view, a broken query or the wrong column count", async () => {
    await ok("create view sales.ids as select id from sales.orders");
    expect(expectError(await sql("create view sales.ids as select 1"))).toBe(
      "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `hive_metastore`.`sales`.`ids` because it already exists. SQLSTATE: 42P07",
    );
    expect(expectError(await sql("create view sales.orders as select 1"))).toMatch(/\[TABLE_OR_VIEW_ALREADY_EXISTS\]/);
    expect(expectError(await sql("create table sales.ids (x int)"))).toMatch(/\[TABLE_OR_VIEW_ALREADY_EXISTS\]/);
    await ok("create view if not exists sales.ids as select 0 as id");
    await ok("create or replace view sales.ids as select id * 10 as id from sales.orders where id < 3");
    expect(await data("select id from sales.ids order by id")).toEqual([[10], [20]]);
    expect(expectError(await sql("create or replace view sales.ids as select * from sales.ids"))).toBe(
      "org.apache.spark.sql.AnalysisException: [RECURSIVE_VIEW] Recursive view `hive_metastore`.`sales`.`ids` detected (cycle: `hive_metastore`.`sales`.`ids` -> `hive_metastore`.`sales`.`ids`). SQLSTATE: 42K0H",
    );
    expect(expectError(await sql("create view sales.broken as select * from sales.nowhere"))).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `hive_metastore`\.`sales`\.`nowhere` cannot be found/);
    expect(expectError(await sql("create view sales.pairs (a, b) as select id from sales.orders"))).toBe(
      "org.apache.spark.sql.AnalysisException: [CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS] Cannot create view `hive_metastore`.`sales`.`pairs`, the reason is not enough data columns: " +
        "View columns: `a`, `b`. Data columns: `id`. SQLSTATE: 21S01",
    );
    expect(expectError(await sql("select * from sales.broken"))).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\]/);
    expect(expectError(await sql("select * from sales.ids version as of 0"))).toBe(
      "org.apache.spark.sql.AnalysisException: [UNSUPPORTED_FEATURE.TIME_TRAVEL] The feature is not supported: Time travel on the relation: `hive_metastore`.`sales`.`ids`. SQLSTATE: 0A000",
    );
  });

  it("refuses to write to a view or drop it as a table, drops it with DROP VIEW, and keeps a schema holding one from DROP SCHEMA without CASCADE", async () => {
    await ok("create view sales.writable as select * from sales.orders");
    for (const statement of ["insert into sales.writable values (9, 'eu', 1)", "delete from sales.writable", "update sales.writable set amount = 0", "truncate table sales.writable"]) {
      expect(expectError(await sql(statement))).toBe(
        "org.apache.spark.sql.AnalysisException: [EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE] The statement expects a table but `hive_metastore`.`sales`.`writable` is a view. SQLSTATE: 42809",
      );
    }
    expect(expectError(await sql("drop table sales.writable"))).toBe(
      "org.apache.spark.sql.AnalysisException: [WRONG_COMMAND_FOR_OBJECT_TYPE] The operation DROP TABLE requires a EXTERNAL or MANAGED. But `hive_metastore`.`sales`.`writable` is a VIEW. Use DROP VIEW instead. SQLSTATE: 42809",
    );
    expect(expectError(await sql("drop view sales.orders"))).toBe(
      "org.apache.spark.sql.AnalysisException: [WRONG_COMMAND_FOR_OBJECT_TYPE] The operation DROP VIEW requires a VIEW. But `hive_metastore`.`sales`.`orders` is a MANAGED. Use DROP TABLE instead. SQLSTATE: 42809",
    );
    await ok("create schema staging");
    await ok("create view staging.v as select 1 as one");
    expect(expectError(await sql("drop schema staging"))).toMatch(/\[SCHEMA_NOT_EMPTY\]/);
    await ok("drop view staging.v");
    await ok("drop schema staging");
    await ok("drop view sales.writable");
    expect(expectError(await sql("select * from sales.writable"))).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\]/);
    expect(expectError(await sql("drop view sales.writable"))).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\]/);
    await ok("drop view if exists sales.writable");
    // the rows the view read are still in its table
    expect(await data("select count(*) from sales.orders")).toEqual([[4]]);
  });

  it("keeps a temporary view in its execution context, first for its name, and listed in SHOW TABLES and SHOW VIEWS as temporary", async () => {
    await ok("use sales");
    await ok("create temporary view orders as select id from orders where region = 'us'");
    expect(await data("select * from orders")).toEqual([[2]]);
    expect(await data("select count(*) from sales.orders")).toEqual([[4]]);
    expect((await data("show tables")).at(-1)).toEqual(["", "orders", true]);
    // SHOW VIEWS lists the schema's views, then the temporary ones, as Spark names its columns
    await ok("create view sales.us_orders as select id from sales.orders where region = 'us'");
    const views = await ok("show views in sales like 'us*|ord*'");
    expect(views).toEqual([
      { namespace: "sales", viewName: "us_orders", isTemporary: false },
      { namespace: "", viewName: "orders", isTemporary: true },
    ]);
    expect(await ok("show views from sales like 'nothing*'")).toEqual([]);
    await ok("drop view sales.us_orders");
    const other = await harness().client.createContext();
    const fromOther = await harness().client.sql(other, "select count(*) from sales.orders");
    expect(fromOther.results.data).toEqual([[4]]);
    expect(expectError(await sql("create temp view sales.t as select 1"))).toMatch(/^org\.apache\.spark\.sql\.catalyst\.parser\.ParseException: \[TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS\]/);
    await ok("drop view orders");
    expect(await data("select count(*) from orders")).toEqual([[4]]);
    await ok("use default");
  });
  it("changes a view's query with ALTER VIEW … AS and its name with RENAME TO, in its schema, and refuses a table, a name in use or another schema", async () => {
    await ok("create view sales.regions (r) comment 'the regions' as select distinct region from sales.orders");
    await ok("alter view sales.regions as select id, amount from sales.orders where amount > 10");
    // the new query's columns, not the names CREATE gave the old one; the comment stays
    expect(await data("select * from sales.regions order by id")).toEqual([
      [1, "10.50"],
      [2, "20.00"],
    ]);
    await ok("alter view sales.regions rename to big_orders");
    expect(expectError(await sql("select * from sales.regions"))).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\]/);
    expect(await data("select count(*) from sales.big_orders")).toEqual([[2]]);
    expect(expectError(await sql("alter view sales.big_orders rename to default.big_orders"))).toMatch(/\[CANNOT_RENAME_ACROSS_SCHEMA\]/);
    expect(expectError(await sql("alter view sales.big_orders rename to sales.orders"))).toMatch(/\[TABLE_OR_VIEW_ALREADY_EXISTS\]/);
    expect(expectError(await sql("alter view sales.orders as select 1"))).toMatch(/\[EXPECT_VIEW_NOT_TABLE\.NO_ALTERNATIVE\] The table `hive_metastore`\.`sales`\.`orders` does not support ALTER VIEW … AS/);
    expect(expectError(await sql("alter view sales.nothing rename to something"))).toMatch(/\[TABLE_OR_VIEW_NOT_FOUND\]/);
    expect(expectError(await sql("alter view sales.big_orders as select nope from sales.orders"))).toMatch(/nope/);
    // a temporary view is renamed in its context
    await ok("create temporary view recent as select id from sales.orders where id > 2");
    await ok("alter view recent rename to latest");
    await ok("alter view latest as select id from sales.orders where id > 3");
    expect(await data("select * from latest")).toEqual([[4]]);
    await ok("drop view latest");
    // the renamed view survives a restart under its new name, with its new query (the last check of this file: the restart ends its context)
    await harness().restart();
    const ctx = await harness().client.createContext();
    expect((await harness().client.sql(ctx, "select count(*) from sales.big_orders")).results.data).toEqual([[2]]);
  });
});
