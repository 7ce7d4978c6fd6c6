/**
 * CHAR(n) and VARCHAR(n) columns in the local workspace, as a Databricks user sees them: DESCRIBE TABLE
 * shows the declared type, the Delta log keeps a STRING with the declared type in its metadata, a
 * query reads a STRING, and a value too long for its column fails the INSERT or UPDATE with Spark's
 * EXCEED_LIMIT_LENGTH (trailing spaces beyond the length are dropped first; a CHAR is padded).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectError, rows, sqlSession, warehouseStatement } from "../../support/local-workspace.js";

const TOO_LONG = (limit: number) => `org.apache.spark.SparkRuntimeException: [EXCEED_LIMIT_LENGTH] Exceeds char/varchar type length limitation: ${limit}. SQLSTATE: 54006`;

describe("CHAR(n) and VARCHAR(n) columns", () => {
  const { sql, ok, harness } = sqlSession();

  it("are described with their declared type and kept in the Delta log as STRING with it in the metadata", async () => {
    await ok("create table codes (id INT, code VARCHAR(5) COMMENT 'short code', flag char(3), pair STRUCT<a: VARCHAR(2), b: INT>)");
    expect((await ok("DESCRIBE TABLE codes")).map((r) => [r.col_name, r.data_type, r.comment])).toEqual([
      ["id", "int", null],
      ["code", "varchar(5)", "short code"],
      ["flag", "char(3)", null],
      ["pair", "struct<a:varchar(2),b:int>", null],
    ]);
    const [{ location }] = await ok("DESCRIBE DETAIL codes");
    const log = path.join(String(location).replace(/^file:/, ""), "_delta_log", "00000000000000000000.json");
    const metaData = readFileSync(log, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((a) => a.metaData)!.metaData;
    expect(JSON.parse(metaData.schemaString).fields).toEqual([
      { name: "id", type: "integer", nullable: true, metadata: {} },
      { name: "code", type: "string", nullable: true, metadata: { comment: "short code", __CHAR_VARCHAR_TYPE_STRING: "varchar(5)" } },
      { name: "flag", type: "string", nullable: true, metadata: { __CHAR_VARCHAR_TYPE_STRING: "char(3)" } },
      {
        name: "pair",
        type: { type: "struct", fields: [{ name: "a", type: "string", nullable: true, metadata: {} }, { name: "b", type: "integer", nullable: true, metadata: {} }] },
        nullable: true,
        metadata: { __CHAR_VARCHAR_TYPE_STRING: "struct<a:varchar(2),b:int>" },
      },
    ]);
  });

  it("take a value up to the length, CHAR padded with spaces and trailing spaces beyond it dropped; a query reads STRING", async () => {
    await ok("CREATE TABLE fits (id INT, code VARCHAR(5), flag CHAR(3))");
    await ok("INSERT INTO fits VALUES (1, 'abcde', 'ab'), (2, 'ab   ', 'xyz  '), (3, 'ab       ', NULL), (4, NULL, 'é')");
    await ok("INSERT INTO fits (id, code) VALUES (5, 'ÅÄÖåä')");
    const done = await sql("SELECT id, code, flag FROM fits ORDER BY id");
    expect(done.results.schema.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ["id", '"integer"'],
      ["code", '"string"'],
      ["flag", '"string"'],
    ]);
    expect(rows(done)).toEqual([
      { id: 1, code: "abcde", flag: "ab " },
      { id: 2, code: "ab   ", flag: "xyz" },
      { id: 3, code: "ab   ", flag: null },
      { id: 4, code: null, flag: "é  " },
      { id: 5, code: "ÅÄÖåä", flag: null },
    ]);
  });

  it("refuse a longer value in INSERT and UPDATE with Spark's EXCEED_LIMIT_LENGTH, writing nothing", async () => {
    await ok("CREATE TABLE strict (id INT, code VARCHAR(5), flag CHAR(2))");
    await ok("INSERT INTO strict VALUES (1, 'abc', 'x')");
    expect(expectError(await sql("INSERT INTO strict VALUES (2, 'abcdef', 'y')"))).toBe(TOO_LONG(5));
    expect(expectError(await sql("INSERT INTO strict SELECT 3, 'ok', concat('x', 'yz')"))).toBe(TOO_LONG(2));
    expect(expectError(await sql("INSERT INTO strict VALUES (4, 123456, 'z')"))).toBe(TOO_LONG(5));
    expect(expectError(await sql("UPDATE strict SET code = 'toolong' WHERE id = 1"))).toBe(TOO_LONG(5));
    await ok("UPDATE strict SET flag = 'q' WHERE id = 1");
    expect(await ok("SELECT * FROM strict")).toEqual([{ id: 1, code: "abc", flag: "q " }]);
    expect((await ok("DESCRIBE HISTORY strict")).map((r) => r.operation)).toEqual(["UPDATE", "WRITE", "CREATE TABLE"]);
  });

  it("are STRING in a cast, as in Spark, and added by ALTER TABLE with the same check", async () => {
    expect(await ok("SELECT CAST('abcdef' AS VARCHAR(3)) AS v, CAST(7 AS CHAR(4)) AS c")).toEqual([{ v: "abcdef", c: "7" }]);
    await ok("CREATE TABLE grown (id INT)");
    await ok("ALTER TABLE grown ADD COLUMNS (tag VARCHAR(2))");
    expect((await ok("DESCRIBE TABLE grown")).map((r) => r.data_type)).toEqual(["int", "varchar(2)"]);
    expect(expectError(await sql("INSERT INTO grown VALUES (1, 'abc')"))).toBe(TOO_LONG(2));
  });

  it("are described the same way through a SQL warehouse's statements", async () => {
    await ok("CREATE TABLE wh (code VARCHAR(4))");
    const done = await warehouseStatement(harness(), "DESCRIBE TABLE wh");
    expect(done.status.state).toBe("SUCCEEDED");
    expect(done.result.data_array).toEqual([["code", "varchar(4)", null]]);

    const failed = await harness().client.post("/api/2.0/sql/statements", { statement: "INSERT INTO wh VALUES ('abcde')", warehouse_id: "local-warehouse", wait_timeout: "30s" });
    expect(failed.status).toBe(200);
    expect(failed.body.status).toMatchObject({ state: "FAILED", error: { error_code: "BAD_REQUEST", message: TOO_LONG(4) } });
  });
});
