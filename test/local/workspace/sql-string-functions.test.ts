/**
 * Spark's string functions over the local workspace's Command Execution API, with the results Databricks
 * documents: elt, char, overlay (with PLACING, FROM and FOR too) and mask.
 */
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

describe("Spark's string functions", () => {
  const { sql, ok } = sqlSession({});

  it("answers elt's n'th expression, NULL for a NULL n, and fails out of range as in ANSI mode", async () => {
    expect(await ok("SELECT elt(1, 'scala', 'java') AS a, elt(2, 'scala', 'java') AS b, elt(CAST(NULL AS INT), 'scala') AS c")).toEqual([{ a: "scala", b: "java", c: null }]);
    expect(expectError(await sql("SELECT elt(3, 'scala', 'java')"))).toContain("[INVALID_ARRAY_INDEX] The index 3 is out of bounds. The array has 2 elements.");
  });

  it("answers char as chr's character, named char(…), where DuckDB's parser read a type", async () => {
    const done = await sql("SELECT char(65), char(321), CAST('abc' AS CHAR(5)) AS kept");
    expect(done.results.data).toEqual([["A", "A", "abc"]]);
    expect(done.results.schema[0].name).toBe("char(65)");
  });

  it("overlays as Databricks' examples show, with commas and with PLACING, FROM and FOR", async () => {
    expect(
      await ok(
        "SELECT overlay('Spark SQL', 'ANSI ', 7, 0) AS a, overlay('Spark SQL' PLACING '_' FROM 6) AS b, overlay('Spark SQL' PLACING 'CORE' FROM 7) AS c, " +
          "overlay('Spark SQL' PLACING 'ANSI ' FROM 7 FOR 0) AS d, overlay('Spark SQL' PLACING 'tructured' FROM 2 FOR 4) AS e",
      ),
    ).toEqual([{ a: "Spark ANSI SQL", b: "Spark_SQL", c: "Spark CORE", d: "Spark ANSI SQL", e: "Structured SQL" }]);
  });

  it("masks upper-case letters, lower-case letters, digits and other characters as Databricks' examples show", async () => {
    expect(
      await ok(
        "SELECT mask('AaBb123-&^ % 서울 Ä') AS a, mask('AaBb123-&^ % 서울 Ä', 'Z', 'z', '9', 'X') AS b, mask('AaBb123-&^ % 서울 Ä', NULL, NULL, NULL, NULL) AS c, mask(CAST(NULL AS STRING)) AS d",
      ),
    ).toEqual([{ a: "XxXxnnn-&^ % 서울 X", b: "ZzZz999XXXXXXXXXZ", c: "AaBb123-&^ % 서울 Ä", d: null }]);
 
    const named = await sql("SELECT mask('AaBb123-&^ % 서울 Ä', lowerChar => 'z', otherChar => 'X'), mask('AaBb123-&^ % 서울 Ä', lowerchar => 'z', otherchar => 'X'), mask('AaBb123-&^ % 서울 Ä', otherChar => '?')");
    expect(named.results.data).toEqual([["AzBz123XXXXXXXXXÄ", "AzBz123XXXXXXXXXÄ", "AaBb123?????????Ä"]]);
    expect(named.results.schema[2].name).toBe("mask(AaBb123-&^ % 서울 Ä, otherChar => ?)");
  });

  it("replaces with nothing where replace has no third argument, its column named with the empty string Spark supplies", async () => {
    const r = await sql("SELECT replace('a-b-c', '-'), replace(12321, 2), replace('abc', 'b', 'x')");
    expect(r.results.data).toEqual([["abc", "131", "axc"]]);
    expect(r.results.schema.map((c: { name: string }) => c.name)).toEqual(["replace(a-b-c, -, )", "replace(12321, 2, )", "replace(abc, b, x)"]);
  });

  it("takes a seed in rand and randn, their values drawn as without one", async () => {
    const [[below, normal, unseeded]] = (await ok("SELECT max(rand(42)) < 1 AND min(rand(42)) >= 0 AS below, count(randn(7)) AS normal, count(rand()) AS unseeded FROM range(100)")).map(Object.values);
    expect([below, normal, unseeded]).toEqual([true, 100, 100]);
  });
});
