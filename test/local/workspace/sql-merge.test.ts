/**
 * MERGE INTO over HTTP, as a client of a real cluster runs it: upserts from a table and from a query,
 * conditional clauses taken in order, NOT MATCHED BY SOURCE, `*`, Spark's store casts, change data, and
 * the errors Spark gives, none of which writes anything.
 */
import { describe, expect, it } from "vitest";
import { expectError, rows, sqlSession } from "../../support/local-workspace.js";

describe("MERGE INTO", () => {
  const { sql, ok: rowsOf, table: ok } = sqlSession({}, async (ok) => {
    await ok("CREATE SCHEMA crm");
  });
  const latest = async (table: string) => (await rowsOf(`DESCRIBE HISTORY ${table} LIMIT 1`))[0] as Record<string, any>;
  const refused = async (command: string) => expectError(await sql(command));
  const customers = async () => rows(await ok("SELECT id, name, CAST(balance AS STRING) AS balance, tier FROM crm.customers ORDER BY id"));

  const reset = async () => {
    await ok("DROP TABLE IF EXISTS crm.customers");
    await ok("CREATE TABLE crm.customers (id BIGINT NOT NULL, name STRING, balance DECIMAL(38,18), tier TINYINT) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await ok("INSERT INTO crm.customers VALUES (1, 'Ada', 1.5, 1), (2, 'Bob', 2.5, 1), (3, 'Cy', 3.5, 2)");
    await ok("DROP TABLE IF EXISTS crm.updates");
    await ok("CREATE TABLE crm.updates (id BIGINT, name STRING, balance DECIMAL(38,18), tier TINYINT, op STRING) USING DELTA");
    await ok(`INSERT INTO crm.updates VALUES
      (2, 'Bobby', 12345678901234567890.123456789012345678, 3, 'upsert'),
      (3, NULL, NULL, NULL, 'delete'),
      (4, 'Dee', 0.000000000000000001, 1, 'upsert')`);
  };

  it("upserts and deletes from a table in one MERGE commit, keeping every digit, with change data", async () => {
    await reset();
    const before = (await latest("crm.customers")).version;
    const done = await ok(`MERGE INTO crm.customers AS c USING crm.updates AS u ON c.id = u.id
      WHEN MATCHED AND u.op = 'delete' THEN DELETE
      WHEN MATCHED THEN UPDATE SET c.name = u.name, balance = u.balance
      WHEN NOT MATCHED AND u.op = 'upsert' THEN INSERT (id, name, balance, tier) VALUES (u.id, upper(u.name), u.balance, u.tier)`);
    expect(done.results.schema.map((c: any) => c.name)).toEqual(["num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"]);
    expect(rows(done)).toEqual([{ num_affected_rows: 3, num_updated_rows: 1, num_deleted_rows: 1, num_inserted_rows: 1 }]);
    expect(await customers()).toEqual([
      { id: 1, name: "Ada", balance: "1.500000000000000000", tier: 1 },
      { id: 2, name: "Bobby", balance: "12345678901234567890.123456789012345678", tier: 1 },
      { id: 4, name: "DEE", balance: "0.000000000000000001", tier: 1 },
    ]);
    const commit = await latest("crm.customers");
    expect(commit).toMatchObject({ version: before + 1, operation: "MERGE" });
    expect(commit.operationMetrics).toMatchObject({ numSourceRows: "3", numTargetRowsUpdated: "1", numTargetRowsDeleted: "1", numTargetRowsInserted: "1" });
    expect(rows(await ok(`SELECT id, name, _change_type FROM table_changes('crm.customers', ${before + 1}) ORDER BY id, _change_type`))).toEqual([
      { id: 2, name: "Bobby", _change_type: "update_postimage" },
      { id: 2, name: "Bob", _change_type: "update_preimage" },
      { id: 3, name: "Cy", _change_type: "delete" },
      { id: 4, name: "DEE", _change_type: "insert" },
    ]);
  });

  it("takes a query as the source, UPDATE SET * and INSERT *, and NOT MATCHED BY SOURCE", async () => {
    await reset();
    const done = await ok(`MERGE INTO crm.customers USING (SELECT id, name, balance, tier FROM crm.updates WHERE op = 'upsert') AS s
      ON customers.id = s.id
      WHEN MATCHED THEN UPDATE SET *
      WHEN NOT MATCHED THEN INSERT *
      WHEN NOT MATCHED BY SOURCE AND customers.tier = 2 THEN DELETE
      WHEN NOT MATCHED BY SOURCE THEN UPDATE SET tier = CASE WHEN customers.tier = 1 THEN customers.tier + 10 ELSE 0 END`);
    expect(rows(done)).toEqual([{ num_affected_rows: 4, num_updated_rows: 2, num_deleted_rows: 1, num_inserted_rows: 1 }]);
    expect(await customers()).toEqual([
      { id: 1, name: "Ada", balance: "1.500000000000000000", tier: 11 },
      { id: 2, name: "Bobby", balance: "12345678901234567890.123456789012345678", tier: 3 },
      { id: 4, name: "Dee", balance: "0.000000000000000001", tier: 1 },
    ]);
  });

  it("adds the source's new columns in the MERGE's own commit WITH SCHEMA EVOLUTION, keeping or nulling the columns the source lacks", async () => {
    await reset();
    const before = (await latest("crm.customers")).version;
    // the source has a new column (email), lacks one of the table's (tier), and holds the others
    const done = await ok(`MERGE WITH SCHEMA EVOLUTION INTO crm.customers t
      USING (SELECT id, name, balance, concat(lower(name), '@example.com') AS email FROM crm.updates WHERE op = 'upsert') s ON t.id = s.id
      WHEN MATCHED THEN UPDATE SET *
      WHEN NOT MATCHED THEN INSERT *`);
    expect(rows(done)).toEqual([{ num_affected_rows: 2, num_updated_rows: 1, num_deleted_rows: 0, num_inserted_rows: 1 }]);
    expect(rows(await ok("SELECT id, name, tier, email FROM crm.customers ORDER BY id"))).toEqual([
      { id: 1, name: "Ada", tier: 1, email: null },
      { id: 2, name: "Bobby", tier: 1, email: "bobby@example.com" },
      { id: 3, name: "Cy", tier: 2, email: null },
      { id: 4, name: "Dee", tier: null, email: "dee@example.com" },
    ]);
    const commit = await latest("crm.customers");
    expect([commit.version, commit.operation]).toEqual([before + 1, "MERGE"]);
    expect(rows(await ok("DESCRIBE crm.customers")).map((c) => `${c.col_name} ${c.data_type}`)).toEqual(["id bigint", "name string", "balance decimal(38,18)", "tier tinyint", "email string"]);
    // the change data of the new column's rows, as any other column's
    expect(rows(await ok("SELECT id, email, _change_type FROM table_changes('crm.customers', " + commit.version + ") WHERE _change_type <> 'update_preimage' ORDER BY id"))).toEqual([
      { id: 2, email: "bobby@example.com", _change_type: "update_postimage" },
      { id: 4, email: "dee@example.com", _change_type: "insert" },
    ]);

    // Delta's autoMerge setting evolves a MERGE as WITH SCHEMA EVOLUTION does; without either, a new column is not added
    await ok("MERGE INTO crm.customers t USING (SELECT 5 AS id, 'Eve' AS name, 7 AS score) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)");
    await ok("SET spark.databricks.delta.schema.autoMerge.enabled = true");
    await ok("MERGE INTO crm.customers t USING (SELECT 6 AS id, 8 AS score) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *");
    await ok("SET spark.databricks.delta.schema.autoMerge.enabled = false");
    expect(rows(await ok("SELECT id, name, score FROM crm.customers WHERE id >= 5 ORDER BY id"))).toEqual([
      { id: 5, name: "Eve", score: null },
      { id: 6, name: null, score: 8 },
    ]);
  });

  it("casts as Spark's store assignment casts: a DOUBLE into TINYINT truncates, one out of range fails naming the column", async () => {
    await reset();
    await ok("MERGE INTO crm.customers t USING (SELECT 1 AS id, 7.9D AS t) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET tier = s.t");
    expect((await customers())[0]).toMatchObject({ id: 1, tier: 7 });
    const version = (await latest("crm.customers")).version;
    expect(await refused("MERGE INTO crm.customers t USING (SELECT 1 AS id, 300 AS t) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET tier = s.t")).toContain(
      "CAST_OVERFLOW_IN_TABLE_INSERT",
    );
    expect((await latest("crm.customers")).version).toBe(version);
  });

  it("refuses, writing nothing, two source rows for one target row, unknown columns, a missing * column and NULL into NOT NULL", async () => {
    await reset();
    const version = (await latest("crm.customers")).version;
    expect(
      await refused("MERGE INTO crm.customers t USING (SELECT 1 AS id, 'x' AS name UNION ALL SELECT 1, 'y') s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name"),
    ).toContain("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE");
    expect(await refused("MERGE INTO crm.customers t USING crm.updates s ON t.id = s.id WHEN MATCHED THEN UPDATE SET nickname = s.name")).toContain("UNRESOLVED_COLUMN");
    expect(await refused("MERGE INTO crm.customers t USING crm.updates s ON t.id = s.nope WHEN MATCHED THEN DELETE")).toMatch(/nope/);
    expect(await refused("MERGE INTO crm.customers t USING (SELECT 9 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *")).toContain(
      "DELTA_MERGE_UNRESOLVED_EXPRESSION",
    );
    expect(await refused("MERGE INTO crm.customers t USING (SELECT 9 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (name) VALUES ('x')")).toMatch(
      /NOT NULL|DELTA_NOT_NULL/,
    );
    expect(await refused("MERGE INTO crm.customers t USING crm.updates s ON t.id = s.id WHEN MATCHED THEN INSERT *")).toContain("can only UPDATE or DELETE");
    expect((await latest("crm.customers")).version).toBe(version);
    expect(await customers()).toHaveLength(3);
  });
});
