/**
 * UPDATE … SET … WHERE through command execution over HTTP, as a client of a real cluster runs it:
 * Delta tables with and without deletion vectors, Spark expressions in SET and WHERE, the change data
 * feed's update_preimage/update_postimage rows, and the errors Spark's analyzer gives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

describe("UPDATE … SET … WHERE over Delta tables", () => {
  let h: Harness;
  let ctx: string;
  const sql = (command: string) => h.client.sql(ctx, command);
  const ok = async (command: string) => {
    const done = await sql(command);
    if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
    return done;
  };
  const affected = async (command: string) => {
    const done = await ok(command);
    expect(done.results.schema.map((c: any) => [c.name, c.type])).toEqual([["num_affected_rows", '"long"']]);
    return rows(done)[0].num_affected_rows;
  };
  const latest = async (table: string) => rows(await ok(`DESCRIBE HISTORY ${table} LIMIT 1`))[0] as Record<string, any>;

  beforeAll(async () => {
    h = await startHarness();
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    await ok("CREATE SCHEMA sales");
    await ok(`CREATE TABLE sales.items (
      id BIGINT NOT NULL, name STRING, qty INT, price DECIMAL(38,18), big BIGINT, ts TIMESTAMP, s STRUCT<city: STRING, zip: INT>, tag STRING
    ) USING DELTA`);
    await ok(`INSERT INTO sales.items VALUES
      (1, 'apple', 2, 12345678901234567890.123456789012345678, 9007199254740993, TIMESTAMP '2024-03-01 12:34:56.123456', named_struct('city', 'Paris', 'zip', 75001), 'a'),
      (2, 'pear', 5, 0.000000000000000001, -5, TIMESTAMP '2024-03-02 00:00:00', named_struct('city', 'Lyon', 'zip', 69001), 'b'),
      (3, 'plum', NULL, -1.5, 0, NULL, NULL, 'c'),
      (4, 'fig', 9, 7, 1, TIMESTAMP '1970-01-01 00:00:00', named_struct('city', 'Nice', 'zip', 6000), 'd')`);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("updates matched rows with arithmetic and string functions, through a deletion vector", async () => {
    const before = (await latest("sales.items")).version;
    expect(await affected("UPDATE sales.items SET qty = qty * 2 + 1, name = upper(concat(name, '-', CAST(id AS STRING))) WHERE id IN (1, 3)")).toBe(2);
    expect(rows(await ok("SELECT id, name, qty FROM sales.items ORDER BY id"))).toEqual([
      { id: 1, name: "APPLE-1", qty: 5 },
      { id: 2, name: "pear", qty: 5 },
      { id: 3, name: "PLUM-3", qty: null },
      { id: 4, name: "fig", qty: 9 },
    ]);
    const commit = await latest("sales.items");
    expect(commit).toMatchObject({ version: before + 1, operation: "UPDATE" });
    expect(commit.operationMetrics).toMatchObject({ numUpdatedRows: "2", numDeletionVectorsAdded: "1", numRemovedFiles: "0", numCopiedRows: "0" });
    // the rows before the UPDATE are still there to time-travel to
    expect(rows(await ok(`SELECT name FROM sales.items VERSION AS OF ${before} WHERE id = 1`))).toEqual([{ name: "apple" }]);
  });

  it("updates every row without WHERE, with CASE, a table alias and the old values on the right-hand side", async () => {
    expect(await affected("UPDATE sales.items AS i SET i.tag = CASE WHEN i.qty > 5 THEN 'many' WHEN i.qty IS NULL THEN 'unknown' ELSE 'few' END")).toBe(4);
    expect(rows(await ok("SELECT id, tag FROM sales.items ORDER BY id")).map((r) => r.tag)).toEqual(["few", "few", "unknown", "many"]);
    // SET a = b, b = a sees the row as it was: a swap
    expect(await affected("UPDATE sales.items i SET name = tag, tag = i.name WHERE i.id = 4")).toBe(1);
    expect(rows(await ok("SELECT name, tag FROM sales.items WHERE id = 4"))).toEqual([{ name: "many", tag: "fig" }]);
    // qualified by the table name (any suffix of it), backquoted names
    expect(await affected("UPDATE hive_metastore.sales.items SET items.qty = 0 WHERE sales.items.id = 4 AND items.qty = 9")).toBe(1);
    expect(await affected("UPDATE `sales`.`items` AS `x` SET `x`.`qty` = `x`.`qty` + 7 WHERE `x`.`id` = 4")).toBe(1);
    expect(rows(await ok("SELECT qty FROM sales.items WHERE id = 4"))).toEqual([{ qty: 7 }]);
    // nothing matched: nothing committed
    const version = (await latest("sales.items")).version;
    expect(await affected("UPDATE sales.items SET qty = 1 WHERE id = 999")).toBe(0);
    expect((await latest("sales.items")).version).toBe(version);
  });

  it("keeps DECIMAL(38,18), BIGINT beyond 2^53, microsecond timestamps and structs exact", async () => {
    await ok("USE sales");
    // Spark types price + 1E-18BD DECIMAL(38,17) (a whole digit more, the fraction cut): …679 rounds HALF_UP to …68, as Databricks stores it
    expect(await affected("UPDATE items SET price = price + 0.000000000000000001BD, big = big + 1 WHERE id = 1")).toBe(1);
    // Spark types price * 2 DECIMAL(38,16) (38 digits, the fraction cut to keep the whole ones): 2E-18 rounds to 0, as Databricks stores it
    expect(await affected("UPDATE items SET price = price * 2, big = 9223372036854775807 WHERE id = 2")).toBe(1);
    expect(await affected("UPDATE items SET ts = ts + INTERVAL 1 MICROSECOND WHERE ts IS NOT NULL AND id <> 2")).toBe(2);
    expect(await affected("UPDATE items SET ts = TIMESTAMP '2024-06-30 23:59:59.999999' WHERE id = 2")).toBe(1);
    expect(await affected("UPDATE items SET s = named_struct('city', upper(s.city), 'zip', s.zip + 1) WHERE s.city IS NOT NULL")).toBe(3);
    await ok("USE default");
    expect((await ok("SELECT id, price, big, ts, s FROM sales.items ORDER BY id")).results.data).toEqual([
      [1, "12345678901234567890.123456789012345680", "9007199254740994", "2024-03-01T12:34:56.123457Z", { city: "PARIS", zip: 75002 }],
      [2, "0.000000000000000000", "9223372036854775807", "2024-06-30T23:59:59.999999Z", { city: "LYON", zip: 69002 }],
      [3, "-1.500000000000000000", 0, null, null],
      [4, "7.000000000000000000", 1, "1970-01-01T00:00:00.000001Z", { city: "NICE", zip: 6001 }],
    ]);
    const t0 = Date.now();
    expect(await affected("UPDATE sales.items SET ts = current_timestamp() WHERE id = 3")).toBe(1);
    const [{ ts }] = rows(await ok("SELECT ts FROM sales.items WHERE id = 3"));
    expect(String(ts)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(String(ts))).toBeGreaterThanOrEqual(t0 - 1000);
    expect(Date.parse(String(ts))).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it("rewrites the touched files of a table without deletion vectors", async () => {
    await ok("CREATE TABLE sales.plain (id BIGINT, v STRING) USING DELTA TBLPROPERTIES ('delta.enableDeletionVectors' = 'false')");
    await ok("INSERT INTO sales.plain VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    expect(await affected("UPDATE sales.plain SET v = concat(v, v) WHERE id >= 2")).toBe(2);
    expect((await latest("sales.plain")).operationMetrics).toMatchObject({ numUpdatedRows: "2", numCopiedRows: "1", numRemovedFiles: "1", numDeletionVectorsAdded: "0" });
    expect(await affected("UPDATE sales.plain SET v = lpad(v, 4, '*')")).toBe(3);
    expect(rows(await ok("SELECT id, v FROM sales.plain ORDER BY id"))).toEqual([
      { id: 1, v: "***a" },
      { id: 2, v: "**bb" },
      { id: 3, v: "**cc" },
    ]);
  });

  it("writes update_preimage and update_postimage rows when the change data feed is on", async () => {
    await ok("CREATE TABLE sales.orders (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await ok("INSERT INTO sales.orders VALUES (1, 10.50, 'placed'), (2, 20.00, 'placed'), (3, 5.25, 'placed')");
    expect(await affected("UPDATE sales.orders SET status = 'shipped', amount = amount + 1 WHERE order_id <> 2")).toBe(2);
    const version = (await latest("sales.orders")).version;
    const changes = rows(
      await ok(`SELECT order_id, amount, status, _change_type, _commit_version FROM table_changes('sales.orders', ${version}) ORDER BY order_id, _change_type`),
    );
    expect(changes).toEqual([
      { order_id: 1, amount: "11.50", status: "shipped", _change_type: "update_postimage", _commit_version: version },
      { order_id: 1, amount: "10.50", status: "placed", _change_type: "update_preimage", _commit_version: version },
      { order_id: 3, amount: "6.25", status: "shipped", _change_type: "update_postimage", _commit_version: version },
      { order_id: 3, amount: "5.25", status: "placed", _change_type: "update_preimage", _commit_version: version },
    ]);
    expect(rows(await ok(`SELECT _change_type, count(*) AS n FROM table_changes('sales.orders', ${version - 1}) GROUP BY 1 ORDER BY 1`))).toEqual([
      { _change_type: "insert", n: 3 },
      { _change_type: "update_postimage", n: 2 },
      { _change_type: "update_preimage", n: 2 },
    ]);
  });

  it("refuses what Spark's analyzer refuses, with its error text, and writes nothing", async () => {
    const version = (await latest("sales.items")).version;
    expect(expectError(await sql("UPDATE sales.items SET nope = 1"))).toBe(
      "org.apache.spark.sql.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope` cannot be resolved. " +
        "Did you mean one of the following? [`hive_metastore`.`sales`.`items`.`name`, `hive_metastore`.`sales`.`items`.`id`, `hive_metastore`.`sales`.`items`.`qty`, `hive_metastore`.`sales`.`items`.`price`, `hive_metastore`.`sales`.`items`.`big`]. SQLSTATE: 42703",
    );
    expect(expectError(await sql("UPDATE sales.items i SET i.qty = i.nope + 1"))).toMatch(/AnalysisException: \[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`nope` cannot be resolved/);
    expect(expectError(await sql("UPDATE sales.items AS i SET qty = items.qty + 1"))).toMatch(/\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`items`\.`qty` cannot be resolved\. Did you mean one of the following\? \[`i`\.`qty`/);
    expect(expectError(await sql("UPDATE sales.items SET qty = 1 WHERE missing_col > 0"))).toMatch(/AnalysisException: \[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`missing_col` cannot be resolved/);
    expect(expectError(await sql("UPDATE sales.items SET qty = no_such_function(qty)"))).toContain("UNRESOLVED_ROUTINE");
    expect(expectError(await sql("UPDATE sales.items SET qty = 1 WHERE id"))).toContain("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN");
    expect(expectError(await sql("UPDATE sales.items SET qty = 1, QTY = 2"))).toContain("[DELTA_CONFLICT_SET_COLUMN] There is a conflict from these SET columns: [`qty`, `QTY`]");
    expect(expectError(await sql("UPDATE sales.items SET s.city = 'x'"))).toContain("UPDATE SET of a nested field (`s`.`city`) is not supported");
    expect(expectError(await sql("UPDATE sales.items SET qty = CAST(name AS INT)"))).toContain("CAST_INVALID_INPUT");
    expect(expectError(await sql("UPDATE sales.items SET id = NULL WHERE id = 1"))).toContain("DELTA_NOT_NULL_CONSTRAINT_VIOLATED");
    expect(expectError(await sql("UPDATE sales.missing SET a = 1"))).toBe(
      "org.apache.spark.sql.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `hive_metastore`.`sales`.`missing` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01",
    );
    expect(expectError(await sql("UPDATE sales.items SET qty = 1 WHERE"))).toContain("PARSE_SYNTAX_ERROR");
    expect(expectError(await sql("UPDATE sales.items SET qty = 1 tag = 'x'"))).toContain("PARSE_SYNTAX_ERROR");
    expect((await latest("sales.items")).version).toBe(version);
  });
  it("updates from a subquery that names the updated table, by its name or its alias, over the rows as they were", async () => {
    await ok("CREATE TABLE sales.steps (id INT, n INT) USING DELTA");
    await ok("INSERT INTO sales.steps VALUES (1, 10), (2, 20), (3, 30)");
    expect(await affected("UPDATE sales.steps SET n = (SELECT max(p.n) FROM sales.steps p WHERE p.id = steps.id - 1) WHERE id > 1")).toBe(2);
    expect(rows(await ok("SELECT id, n FROM sales.steps ORDER BY id"))).toEqual([{ id: 1, n: 10 }, { id: 2, n: 10 }, { id: 3, n: 20 }]);
    expect(await affected("UPDATE sales.steps AS s SET n = n + 1 WHERE EXISTS (SELECT 1 FROM sales.steps p WHERE p.id = s.id + 1)")).toBe(2);
    expect(rows(await ok("SELECT id, n FROM sales.steps ORDER BY id"))).toEqual([{ id: 1, n: 11 }, { id: 2, n: 11 }, { id: 3, n: 20 }]);
  });
});
