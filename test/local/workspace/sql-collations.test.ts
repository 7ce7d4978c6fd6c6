/**
 * Databricks' collations of a STRING over the local workspace's SQL warehouse: UTF8_LCASE compares, orders, groups and deduplicates
 * strings lower-cased, UTF8_BINARY by their bytes, where DuckDB answered "Collation with name utf8_lcase does not exist" (and
 * collate(x, name) was a PARSE_SYNTAX_ERROR); the ICU collations are refused by name.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("collations", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE names (name STRING)");
    await ok("INSERT INTO names VALUES ('b'), ('A'), ('a')");
  });

  it("compares, groups, deduplicates and filters with UTF8_LCASE, and by bytes with UTF8_BINARY", async () => {
    expect(await ok("SELECT 'a' COLLATE UTF8_LCASE = 'A' AS lcase, 'a' COLLATE UTF8_BINARY = 'A' AS binary, collate('a', 'utf8_lcase') = 'A' AS called")).toEqual([
      { lcase: true, binary: false, called: true },
    ]);
    expect(await ok("SELECT min(lower(name)) AS k, count(*) AS n FROM names GROUP BY name COLLATE UTF8_LCASE ORDER BY k")).toEqual([
      { k: "a", n: 2 },
      { k: "b", n: 1 },
    ]);
    expect(await ok("SELECT count(*) AS n FROM (SELECT DISTINCT name COLLATE UTF8_LCASE FROM names)")).toEqual([{ n: 2 }]);
    expect(await ok("SELECT name FROM names WHERE name COLLATE UTF8_LCASE = 'A' ORDER BY name")).toEqual([{ name: "A" }, { name: "a" }]);
    expect(Object.keys((await ok("SELECT name COLLATE UTF8_LCASE = 'a' FROM names"))[0])).toEqual(["(name COLLATE UTF8_LCASE = a)"]);
  });

  it("refuses the ICU collations by name", async () => {
    expect(expectError(await sql("SELECT 'a' COLLATE UNICODE_CI = 'A'"))).toContain("The collation UNICODE_CI (UTF8_BINARY and UTF8_LCASE are) is not supported by the local workspace");
  });
});
