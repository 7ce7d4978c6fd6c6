/**
 * A column alias written without AS (`SELECT concat(first, ' ', last) name FROM people`), as Spark takes it whatever the word, over
 * the local workspace's SQL warehouse: DuckDB's grammar refused the words it keeps as unreserved keywords there (name, value,
 * type, year, source, key, …) with a PARSE_SYNTAX_ERROR.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { DUCKDB_UNRESERVED_KEYWORDS } from "../../../local/workspace/sql/duckdb-keywords.js";
import { sqlSession } from "../../support/local-workspace.js";

describe("a column alias without AS", () => {
  const { ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE people (id BIGINT, first STRING, last STRING, born DATE)");
    await ok("INSERT INTO people VALUES (1, 'Ada', 'Lovelace', DATE'1815-12-10')");
  });

  it("names the column by any word, DuckDB's keywords among them, after a column, a call, a literal or a CASE", async () => {
    expect(
      await ok(
        "SELECT concat(first, ' ', last) name, id value, 'person' type, year(born) year, first source, CASE WHEN id > 0 THEN 'x' END level, " +
          "1.5 version, last text FROM people",
      ),
    ).toEqual([{ name: "Ada Lovelace", value: 1, type: "person", year: 1815, source: "Ada", level: "x", version: "1.5", text: "Lovelace" }]);
    // in a subquery, a CTE, before a clause and at the end of the statement
    expect(await ok("WITH named AS (SELECT first name FROM people) SELECT n.name key FROM (SELECT name FROM named) n WHERE n.name = 'Ada' ORDER BY key")).toEqual([
      { key: "Ada" },
    ]);
    expect(await ok("SELECT id data FROM people UNION ALL SELECT 2 data")).toEqual([{ data: 1 }, { data: 2 }]);
    // after WITHIN GROUP (…) and IS DISTINCT FROM, which end no select list
    expect(await ok("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY id) value, 1 year FROM people")).toEqual([{ value: 1, year: 1 }]);
    expect(await ok("SELECT id IS DISTINCT FROM 2 share, 2 key FROM people")).toEqual([{ share: true, key: 2 }]);
  });

  it("leaves the words that are syntax there: an interval's unit, NULLS after IGNORE, NULLS FIRST in a window, a column after SELECT or DISTINCT", async () => {
    const [row] = await ok("SELECT born + INTERVAL 1 DAY, born - INTERVAL -2 DAY, row_number() OVER (ORDER BY last NULLS FIRST) AS n FROM people");
    expect(Object.values(row)).toEqual(["1815-12-11", "1815-12-12", 1]);
    expect(await ok("SELECT first(first) IGNORE NULLS, last(last) IGNORE NULLS FROM people")).toHaveLength(1);
    expect(await ok("SELECT DISTINCT first FROM people")).toEqual([{ first: "Ada" }]);
  });

  it("knows the words the running DuckDB keeps as unreserved keywords", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const words = (await conn.runAndReadAll("SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'unreserved'")).getRows().map(([word]) => String(word));
    conn.closeSync();
    instance.closeSync();
    expect(new Set(words)).toEqual(DUCKDB_UNRESERVED_KEYWORDS);
  });
});
