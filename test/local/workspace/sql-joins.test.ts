/**
 * Joins as Spark reads them over the local workspace's SQL warehouse: a join written without ON or USING (`a JOIN b`, `a LEFT JOIN b`)
 * pairs every row with every row (a LATERAL one too), where DuckDB's parser refused it (PARSE_SYNTAX_ERROR at the end of input).
 */
import { describe, expect, it } from "vitest";
import { sqlSession } from "../../support/local-workspace.js";

describe("joins", () => {
  const { ok } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE teams (team STRING)");
    await ok("INSERT INTO teams VALUES ('x'), ('y')");
    await ok("CREATE TABLE people (id BIGINT, team STRING)");
    await ok("INSERT INTO people VALUES (1, 'x'), (2, 'y')");
  });

  it("pairs every row with every row where a join has no condition, before a clause, another join or the end of a subquery", async () => {
    expect(await ok("SELECT p.id, t.team FROM people p JOIN teams t ORDER BY p.id, t.team")).toEqual([
      { id: 1, team: "x" },
      { id: 1, team: "y" },
      { id: 2, team: "x" },
      { id: 2, team: "y" },
    ]);
    expect(await ok("SELECT count(*) AS n FROM people p INNER JOIN teams t WHERE p.team = t.team")).toEqual([{ n: 2 }]);
    expect(await ok("SELECT count(*) AS n FROM (SELECT * FROM people p JOIN teams t) pairs")).toEqual([{ n: 4 }]);
    expect(await ok("SELECT count(*) AS n FROM people a JOIN people b JOIN teams t ON t.team = a.team")).toEqual([{ n: 4 }]);
    // a join without one inside another's table, and the rows of a VALUES table, whose commas are its own
    expect(await ok("SELECT count(*) AS n FROM teams x JOIN (SELECT * FROM people p JOIN teams t) pairs")).toEqual([{ n: 8 }]);
    expect(await ok("SELECT count(*) AS n FROM people JOIN VALUES (1), (2), (3) AS v(k)")).toEqual([{ n: 6 }]);
    expect(await ok("SELECT p.id, l.next FROM people p JOIN LATERAL (SELECT p.id + 1 AS next) l ORDER BY p.id")).toEqual([
      { id: 1, next: 2 },
      { id: 2, next: 3 },
    ]);
    expect(await ok("SELECT p.id, v.k FROM people p JOIN VALUES (1, 'a'), (2, 'b') AS v(id, k) ON p.id = v.id ORDER BY p.id")).toEqual([
      { id: 1, k: "a" },
      { id: 2, k: "b" },
    ]);
    // a LEFT JOIN of no rows keeps each left row once, with NULLs
    expect(await ok("SELECT p.id, e.team FROM people p LEFT JOIN (SELECT team FROM teams WHERE false) e ORDER BY p.id")).toEqual([
      { id: 1, team: null },
      { id: 2, team: null },
    ]);
  });

  it("leaves joins with ON, USING, CROSS and NATURAL as they are", async () => {
    expect(await ok("SELECT p.id FROM people p JOIN teams t ON p.team = t.team AND t.team = 'y'")).toEqual([{ id: 2 }]);
    expect(await ok("SELECT id FROM people JOIN teams USING (team) WHERE team = 'x'")).toEqual([{ id: 1 }]);
    expect(await ok("SELECT count(*) AS n FROM people CROSS JOIN teams")).toEqual([{ n: 4 }]);
    expect(await ok("SELECT id FROM people NATURAL JOIN teams ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);
  });
});
