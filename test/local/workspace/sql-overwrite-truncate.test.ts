/**
 * INSERT OVERWRITE and TRUNCATE TABLE over HTTP, as a client of a real cluster runs them: the table's
 * rows are replaced (or removed) in one commit, time travel still reads the rows before, the change
 * data feed shows them as deletes, and an append-only table refuses both.
 */
import { describe, expect, it } from "vitest";
import { expectError, rows, sqlSession } from "../../support/local-workspace.js";

describe("INSERT OVERWRITE and TRUNCATE TABLE", () => {
  const { sql, ok: rowsOf, table: ok } = sqlSession({}, async (ok) => {
    await ok("CREATE SCHEMA ops");
  });
  const latest = async (table: string) => (await rowsOf(`DESCRIBE HISTORY ${table} LIMIT 1`))[0] as Record<string, any>;

  it("INSERT OVERWRITE replaces every row in one commit, casting by position, and time travel reads the rows before", async () => {
    await ok("CREATE TABLE ops.prices (id BIGINT, price DECIMAL(38,18), note STRING) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await ok("INSERT INTO ops.prices VALUES (1, 1.5, 'a'), (2, 2.5, 'b')");
    await ok("INSERT INTO ops.prices VALUES (3, 3.5, 'c')");
    const before = (await latest("ops.prices")).version;

    const done = await ok("INSERT OVERWRITE TABLE ops.prices SELECT id * 10, 12345678901234567890.123456789012345678, upper(note) FROM ops.prices WHERE id < 3");
    expect(rows(done)).toEqual([{ num_affected_rows: 2, num_inserted_rows: 2 }]);
    expect(rows(await ok("SELECT id, CAST(price AS STRING) AS price, note FROM ops.prices ORDER BY id"))).toEqual([
      { id: 10, price: "12345678901234567890.123456789012345678", note: "A" },
      { id: 20, price: "12345678901234567890.123456789012345678", note: "B" },
    ]);
    const commit = await latest("ops.prices");
    expect(commit).toMatchObject({ version: before + 1, operation: "WRITE", operationParameters: { mode: "Overwrite" }, isBlindAppend: false });
    expect(rows(await ok(`SELECT count(*) AS n FROM ops.prices VERSION AS OF ${before}`))).toEqual([{ n: 3 }]);
    expect(rows(await ok(`SELECT _change_type, count(*) AS n FROM table_changes('ops.prices', ${before + 1}) GROUP BY 1 ORDER BY 1`))).toEqual([
      { _change_type: "delete", n: 3 },
      { _change_type: "insert", n: 2 },
    ]);

    // without TABLE, with a column list: the columns left out are NULL
    await ok("INSERT OVERWRITE ops.prices (note, id) VALUES ('only', 7)");
    expect(rows(await ok("SELECT id, price, note FROM ops.prices"))).toEqual([{ id: 7, price: null, note: "only" }]);
  });

  it("INSERT OVERWRITE refuses what INSERT INTO refuses, leaving the table as it was", async () => {
    await ok("CREATE TABLE ops.small (id INT NOT NULL, n TINYINT) USING DELTA");
    await ok("INSERT INTO ops.small VALUES (1, 1)");
    const before = (await latest("ops.small")).version;
    expect(expectError(await sql("INSERT OVERWRITE ops.small VALUES (2, 300)"))).toContain("CAST_OVERFLOW_IN_TABLE_INSERT");
    expect(expectError(await sql("INSERT OVERWRITE ops.small VALUES (2)"))).toContain("INSERT_COLUMN_ARITY_MISMATCH");
    expect(expectError(await sql("INSERT OVERWRITE ops.small VALUES (NULL, 1)"))).toMatch(/NOT NULL|DELTA_NOT_NULL/);
    expect((await latest("ops.small")).version).toBe(before);
    expect(rows(await ok("SELECT id, n FROM ops.small"))).toEqual([{ id: 1, n: 1 }]);
  });

  it("TRUNCATE TABLE removes every row in one TRUNCATE commit; the table stays, with its schema, for new rows", async () => {
    await ok("CREATE TABLE ops.events (id BIGINT, kind STRING) USING DELTA PARTITIONED BY (kind) TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await ok("INSERT INTO ops.events VALUES (1, 'a'), (2, 'b'), (3, 'b')");
    const before = (await latest("ops.events")).version;
    const done = await ok("TRUNCATE TABLE ops.events");
    expect(done.results.schema).toEqual([]);
    expect(rows(await ok("SELECT count(*) AS n FROM ops.events"))).toEqual([{ n: 0 }]);
    expect(await latest("ops.events")).toMatchObject({ version: before + 1, operation: "TRUNCATE" });
    expect(rows(await ok(`SELECT id, _change_type FROM table_changes('ops.events', ${before + 1}) ORDER BY id`))).toEqual([
      { id: 1, _change_type: "delete" },
      { id: 2, _change_type: "delete" },
      { id: 3, _change_type: "delete" },
    ]);
    await ok("INSERT INTO ops.events VALUES (4, 'c')");
    expect(rows(await ok("SELECT id, kind FROM ops.events"))).toEqual([{ id: 4, kind: "c" }]);
    expect(rows(await ok(`SELECT count(*) AS n FROM ops.events VERSION AS OF ${before}`))).toEqual([{ n: 3 }]);
  });

  it("an append-only table refuses both, and a missing table is named", async () => {
    await ok("CREATE TABLE ops.ledger (id BIGINT) USING DELTA TBLPROPERTIES (delta.appendOnly = true)");
    await ok("INSERT INTO ops.ledger VALUES (1)");
    expect(expectError(await sql("TRUNCATE TABLE ops.ledger"))).toContain("append-only");
    expect(expectError(await sql("INSERT OVERWRITE ops.ledger VALUES (2)"))).toContain("append-only");
    expect(rows(await ok("SELECT id FROM ops.ledger"))).toEqual([{ id: 1 }]);
    expect(expectError(await sql("TRUNCATE TABLE ops.nope"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });
  it("CREATE OR REPLACE TABLE gives a table a new definition and rows in its next version, keeping its history, its id and its location", async () => {
    await ok("CREATE TABLE ops.people (id INT, name STRING) USING DELTA COMMENT 'first'");
    await ok("INSERT INTO ops.people VALUES (1, 'Ada'), (2, 'Bob')");
    const detail = async () => rows(await ok("DESCRIBE DETAIL ops.people"))[0] as Record<string, any>;
    const before = await detail();
    // the query reads the table it replaces
    await ok("CREATE OR REPLACE TABLE ops.people COMMENT 'second' AS SELECT id * 10 AS id, upper(name) AS label FROM ops.people WHERE id = 1");
    expect(rows(await ok("SELECT * FROM ops.people"))).toEqual([{ id: 10, label: "ADA" }]);
    expect(rows(await ok("DESCRIBE ops.people")).map((c) => `${c.col_name} ${c.data_type}`)).toEqual(["id int", "label string"]);
    const replaced = await latest("ops.people");
    expect([replaced.version, replaced.operation]).toEqual([2, "CREATE OR REPLACE TABLE AS SELECT"]);
    const after = await detail();
    expect([after.id, after.location, after.description]).toEqual([before.id, before.location, "second"]);
    // the rows before, with their columns, are still there to read
    expect(rows(await ok("SELECT id, name FROM ops.people VERSION AS OF 1 ORDER BY id"))).toEqual([
      { id: 1, name: "Ada" },
      { id: 2, name: "Bob" },
    ]);
    // with columns and no query, the table is empty with them
    await ok("CREATE OR REPLACE TABLE ops.people (code BIGINT NOT NULL) USING DELTA");
    expect(rows(await ok("SELECT count(*) AS n FROM ops.people"))).toEqual([{ n: 0 }]);
    expect([(await latest("ops.people")).operation, rows(await ok("DESCRIBE ops.people")).map((c) => c.col_name)]).toEqual(["CREATE OR REPLACE TABLE", ["code"]]);
    await ok("CREATE VIEW ops.people_view AS SELECT 1 AS x");
    expect(expectError(await sql("CREATE OR REPLACE TABLE ops.people_view AS SELECT 1 AS x"))).toContain("EXPECT_TABLE_NOT_VIEW");
    expect(expectError(await sql("CREATE OR REPLACE TABLE ops.people LOCATION '/elsewhere' AS SELECT 1 AS x"))).toContain("at another location");
  });
  it("INSERT … BY NAME puts the query's columns into the table's columns of their names, the others NULL", async () => {
    await ok("CREATE TABLE ops.scores (id BIGINT, name STRING, score DOUBLE) USING DELTA");
    await ok("INSERT INTO ops.scores BY NAME SELECT 'Ada' AS name, 1 AS id");
    expect(rows(await ok("SELECT * FROM ops.scores"))).toEqual([{ id: 1, name: "Ada", score: null }]);
    await ok("INSERT OVERWRITE ops.scores BY NAME SELECT 2.5 AS SCORE, 2 AS id");
    expect(rows(await ok("SELECT * FROM ops.scores"))).toEqual([{ id: 2, name: null, score: 2.5 }]);
    expect(expectError(await sql("INSERT INTO ops.scores BY NAME SELECT 1 AS id, 2 AS nope"))).toContain("nope");
    expect(expectError(await sql("INSERT INTO ops.scores BY NAME SELECT 1 AS id, 2 AS ID"))).toContain("COLUMN_ALREADY_EXISTS");
    expect(expectError(await sql("INSERT INTO ops.scores (id, id) VALUES (1, 2)"))).toContain("COLUMN_ALREADY_EXISTS");
    expect(rows(await ok("SELECT count(*) AS n FROM ops.scores"))).toEqual([{ n: 1 }]);
  });
});
