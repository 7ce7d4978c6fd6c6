import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

/**
 * SORT BY, DISTRIBUTE BY and CLUSTER BY on the local workspace's one partition: a query's SORT BY and CLUSTER BY order its rows,
 * DISTRIBUTE BY changes no value; in a window's specification they are PARTITION BY and ORDER BY.
 */
describe("SORT BY, DISTRIBUTE BY and CLUSTER BY", () => {
  const { ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE sales AS SELECT * FROM VALUES ('a', 'q1', 10), ('a', 'q2', 20), ('b', 'q1', 5), ('b', 'q2', NULL) AS t(p, q, amt)");
  });

  it("orders a query's rows by SORT BY and CLUSTER BY, and keeps them whole under DISTRIBUTE BY", async () => {
    expect(await ok("SELECT amt FROM sales SORT BY amt DESC LIMIT 2")).toEqual([{ amt: 20 }, { amt: 10 }]);
    expect(await ok("SELECT p, amt FROM sales DISTRIBUTE BY p SORT BY amt NULLS LAST")).toEqual([
      { p: "b", amt: 5 }, { p: "a", amt: 10 }, { p: "a", amt: 20 }, { p: "b", amt: null },
    ]);
    expect(await ok("SELECT p, amt FROM sales CLUSTER BY p, amt")).toEqual([{ p: "a", amt: 10 }, { p: "a", amt: 20 }, { p: "b", amt: null }, { p: "b", amt: 5 }]);
    expect(await ok("SELECT count(*) AS n, sum(amt) AS total FROM (SELECT * FROM sales DISTRIBUTE BY p)")).toEqual([{ n: 4, total: 35 }]);
  });

  it("reads them as PARTITION BY and ORDER BY in a window's specification, a named window's too", async () => {
    const running = [
      { p: "a", q: "q1", s: 10 }, { p: "a", q: "q2", s: 30 }, { p: "b", q: "q1", s: 5 }, { p: "b", q: "q2", s: 5 },
    ];
    expect(await ok("SELECT p, q, sum(amt) OVER (DISTRIBUTE BY p SORT BY q) AS s FROM sales ORDER BY p, q")).toEqual(running);
    expect(await ok("SELECT p, q, sum(amt) OVER w AS s FROM sales WINDOW w AS (DISTRIBUTE BY p SORT BY q ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) ORDER BY p, q")).toEqual(running);
    expect(await ok("SELECT p, q, count(*) OVER (CLUSTER BY p) AS n FROM sales ORDER BY p, q")).toEqual([
      { p: "a", q: "q1", n: 2 }, { p: "a", q: "q2", n: 2 }, { p: "b", q: "q1", n: 2 }, { p: "b", q: "q2", n: 2 },
    ]);
  });
});
