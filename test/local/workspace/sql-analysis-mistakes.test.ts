import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * Mistakes Spark's analyzer names, answered with its error where DuckDB's binder refused the translation in its own words: a
 * column neither grouped nor aggregated, and a function called with a number of arguments none of its forms takes.
 */
describe("analysis mistakes answered as Spark answers them", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE people (id BIGINT, name STRING, team STRING)");
    await ok("INSERT INTO people VALUES (1, 'ada', 'x'), (2, 'bob', 'y')");
  });
  const refused = async (command: string) => expectError(await sql(command));

  it("a column neither grouped nor aggregated: MISSING_GROUP_BY without a GROUP BY, MISSING_AGGREGATION naming it with one", async () => {
    const missingGroupBy =
      "org.apache.spark.sql.AnalysisException: [MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses. SQLSTATE: 42803";
    expect(await refused("SELECT name, count(*) FROM people")).toBe(missingGroupBy);
    // a GROUP BY of a CTE is not the query's own
    expect(await refused("WITH t AS (SELECT team FROM people GROUP BY team) SELECT team, count(*) FROM t")).toBe(missingGroupBy);
    expect(await refused("SELECT team, name, count(*) FROM people GROUP BY team")).toBe(
      'org.apache.spark.sql.AnalysisException: [MISSING_AGGREGATION] The non-aggregating expression "name" is based on columns which are not participating in the GROUP BY clause. ' +
        'Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(name)" if you do not care which of the values within a group is returned. SQLSTATE: 42803',
    );
    expect(await ok("SELECT team, count(*) AS n FROM people GROUP BY team ORDER BY team")).toEqual([
      { team: "x", n: 1 },
      { team: "y", n: 1 },
    ]);
  });

  it("a call with a number of arguments none of the function's forms takes: WRONG_NUM_ARGS with the numbers it takes", async () => {
    const wrongNumber = (fn: string, expected: string, actual: number) =>
      `org.apache.spark.sql.AnalysisException: [WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${fn}\` requires ${expected} parameters but the actual number is ${actual}. ` +
      "Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: 42605";
    expect(await refused("SELECT upper(name, team) FROM people")).toBe(wrongNumber("upper", "1", 2));
    expect(await refused("SELECT id, LOCATE('a') FROM people")).toBe(wrongNumber("locate", "[2, 3]", 1));
    expect(await refused("SELECT abs(id, 2) FROM people")).toBe(wrongNumber("abs", "1", 2));
    expect(await refused("SELECT length() FROM people")).toBe(wrongNumber("length", "1", 0));
    // in a statement that writes, too
    expect(await refused("UPDATE people SET name = lower(name, team) WHERE id = 1")).toBe(wrongNumber("lower", "1", 2));
    expect(await ok("SELECT upper(name) AS u, locate('b', name) AS at FROM people ORDER BY id")).toEqual([
      { u: "ADA", at: 0 },
      { u: "BOB", at: 1 },
    ]);
  });
});
