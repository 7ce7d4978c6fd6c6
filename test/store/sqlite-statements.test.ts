/** Kept SQLite statements read rows as objects equal to better-sqlite3's own, column for column. */
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withKeptStatements } from "../../src/store/sqlite-statements.js";

describe("kept SQLite statements", () => {
  let database: Sqlite.Database;
  beforeEach(() => {
    database = new Sqlite(":memory:");
    database.exec(`
      CREATE TABLE a (id TEXT PRIMARY KEY, n INTEGER, x REAL, body TEXT, blob BLOB);
      CREATE TABLE b (id TEXT PRIMARY KEY, a_id TEXT, n INTEGER);
      INSERT INTO a VALUES ('1', 10, 1.5, '{"k":"é"}', x'0102'), ('2', NULL, NULL, NULL, NULL);
      INSERT INTO b VALUES ('b1', '1', 99);`);
  });
  afterEach(() => database.close());

  /** what better-sqlite3 gives for the same statement without the kept statements */
  const plain = (sql: string, parameters: unknown[] = []) => database.prepare(sql).all(...parameters);
  const kept = (sql: string, parameters: unknown[] = []) => withKeptStatements(database).prepare(sql).all(parameters);

  it.each([
    ["every column, nulls and a blob included", "SELECT * FROM a ORDER BY id", []],
    ["a join whose tables share column names: the later column wins, in the first one's place", "SELECT * FROM a JOIN b ON b.a_id = a.id", []],
    ["expressions and aliases", "SELECT count(*), max(n) AS top, 'x' || id FROM a GROUP BY id", []],
    ["a column named __proto__", `SELECT id AS "__proto__", n AS "constructor" FROM a`, []],
    ["no row", "SELECT * FROM a WHERE id = ?", ["none"]],
  ])("reads %s as better-sqlite3 does", (_what, sql, parameters) => {
    const rows = kept(sql, parameters);
    expect(rows).toEqual(plain(sql, parameters));
    expect(rows.map((row) => Object.keys(row as object))).toEqual(plain(sql, parameters).map((row) => Object.keys(row as object)));
    expect(rows.map((row) => Object.getPrototypeOf(row))).toEqual(rows.map(() => Object.prototype));
  });

  it("reads the same rows when streamed, and runs writes", () => {
    const statements = withKeptStatements(database);
    expect(statements.prepare("INSERT INTO a (id, n) VALUES (?, ?)").run(["3", 30]).changes).toBe(1);
    expect([...statements.prepare("SELECT * FROM a ORDER BY id").iterate([])]).toEqual(plain("SELECT * FROM a ORDER BY id"));
  });

  it("gives a kept SELECT * the columns a migration added after it was first run", () => {
    const statements = withKeptStatements(database);
    const sql = "SELECT * FROM b";
    expect(statements.prepare(sql).all([])).toEqual([{ id: "b1", a_id: "1", n: 99 }]);
    database.exec("ALTER TABLE b ADD COLUMN note TEXT DEFAULT 'new'");
    expect(statements.prepare(sql).all([])).toEqual([{ id: "b1", a_id: "1", n: 99, note: "new" }]);
  });
});
