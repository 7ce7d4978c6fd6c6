import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

/** listagg and string_agg as Databricks documents them: WITHIN GROUP (ORDER BY …), DISTINCT, FILTER, OVER, and no delimiter by default. */
describe("listagg and string_agg", () => {
  const { ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE items (id INT, grp INT, item STRING)");
    await ok("INSERT INTO items VALUES (1, 1, 'b'), (2, 1, 'a'), (3, 1, NULL), (4, 2, 'c'), (5, 2, 'a'), (6, 2, 'c'), (7, 3, NULL)");
  });

  it("joins a group's values in the order WITHIN GROUP names, skipping NULLs", async () => {
    expect(await ok("SELECT grp, listagg(item, ',') WITHIN GROUP (ORDER BY id DESC) AS down, string_agg(item, '|') WITHIN GROUP (ORDER BY item) AS sorted FROM items GROUP BY grp ORDER BY grp")).toEqual([
      { grp: 1, down: "a,b", sorted: "a|b" },
      { grp: 2, down: "c,a,c", sorted: "a|c|c" },
      { grp: 3, down: null, sorted: null },
    ]);
  });

  it("joins with no delimiter where none is given, as Spark's default is the empty string", async () => {
    expect(await ok("SELECT listagg(item) WITHIN GROUP (ORDER BY id) AS joined, string_agg(DISTINCT item) WITHIN GROUP (ORDER BY item) AS kinds FROM items")).toEqual([{ joined: "bacac", kinds: "abc" }]);
  });

  it("takes DISTINCT, FILTER and OVER beside the order", async () => {
    expect(await ok("SELECT listagg(DISTINCT item, '-') WITHIN GROUP (ORDER BY item DESC) FILTER (WHERE id > 1) AS picked FROM items")).toEqual([{ picked: "c-a" }]);
    expect(await ok("SELECT id, string_agg(item, '') OVER (PARTITION BY grp ORDER BY id) AS running FROM items WHERE grp = 2 ORDER BY id")).toEqual([
      { id: 4, running: "c" },
      { id: 5, running: "ca" },
      { id: 6, running: "cac" },
    ]);
  });
});
