import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * Mistakes Spark's analyzer names, answered with its error where DuckDB's binder refused the translation in its own words: a
 * column neither grouped nor aggregated, and a function called with a number of arguments none of its forms takes.
 */
describe("analysis mistakes answered as Spark answers them", () => {
  const { ok, sql, table } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE people (id BIGINT, name STRING, team STRING)");
    await ok("INSERT INTO people VALUES (1, 'ada', 'x'), (2, 'bob', 'y')");
  });
  const refused = async (command: string) => expectError(await sql(command));

  it("a column neither grouped nor aggregated: MISSING_GROUP_BY without a GROUP BY, MISSING_AGGREGATION naming it with one; an aggregate of an aggregate NESTED_AGGREGATE_FUNCTION", async () => {
    const missingGroupBy =
      "org.apache.spark.sql.AnalysisException: [MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses. SQLSTATE: 42803";
    expect(await refused("SELECT name, count(*) FROM people")).toBe(missingGroupBy);
    // a GROUP BY of a CTE is not the query's own
    expect(await refused("WITH t AS (SELECT team FROM people GROUP BY team) SELECT team, count(*) FROM t")).toBe(missingGroupBy);
    expect(await refused("SELECT team, name, count(*) FROM people GROUP BY team")).toBe(
      'org.apache.spark.sql.AnalysisException: [MISSING_AGGREGATION] The non-aggregating expression "name" is based on columns which are not participating in the GROUP BY clause.\n' +
        'Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(name)" if you do not care which of the values within a group is returned. SQLSTATE: 42803',
    );
    // a column HAVING reads that the query neither groups nor aggregates
    expect(await refused("SELECT count(*) FROM people HAVING id > 1")).toBe(missingGroupBy);
    // the GROUP BY of another query of the statement is not the failing one's
    expect(await refused("SELECT name, count(*) FROM people UNION ALL SELECT team, count(*) FROM people GROUP BY team")).toBe(missingGroupBy);
    expect(await refused("SELECT team, count(*) FROM (SELECT team, name, count(*) FROM people) GROUP BY team")).toBe(missingGroupBy);
    // a GROUP BY expression with a division or a remainder is the select list's own, where it was taken for another
    expect(await ok("SELECT id % 2 AS k, id / 2 AS half, count(*) AS n FROM people GROUP BY id % 2, id / 2 ORDER BY id % 2")).toEqual([
      { k: 0, half: 1, n: 1 },
      { k: 1, half: 0.5, n: 1 },
    ]);
    expect(await refused("SELECT sum(count(*)) FROM people")).toBe(
      "org.apache.spark.sql.AnalysisException: [NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query. SQLSTATE: 42607",
    );
    expect(await ok("SELECT team, sum(count(*)) OVER () AS total FROM people GROUP BY team ORDER BY team")).toEqual([
      { team: "x", total: 2 },
      { team: "y", total: 2 },
    ]);
    // of Spark's types: a sum of BIGINTs a BIGINT (DuckDB took the aggregate for a string, a DOUBLE), an average a DOUBLE, of DECIMALs a DECIMAL
    const { results } = await table(
      "SELECT team, sum(count(*)) OVER () AS a, sum(max(id)) OVER () AS b, avg(count(*)) OVER () AS c, avg(max(id)) OVER () AS d, avg(sum(CAST(id AS DECIMAL(5,1)))) OVER () AS e FROM people GROUP BY team ORDER BY team",
    );
    expect(results.schema.map((c: { type: string }) => c.type)).toEqual(['"string"', '"long"', '"long"', '"double"', '"double"', '"decimal(19,5)"']);
    expect(results.data).toEqual([
      ["x", 2, 3, 1, 1.5, "1.50000"],
      ["y", 2, 3, 1, 1.5, "1.50000"],
    ]);
    // a string aggregate's sum a DOUBLE, the columns named as written
    const strings = await table("SELECT sum(max(CAST(id AS STRING))) OVER () AS s, avg(count(*)) OVER () FROM people GROUP BY team");
    expect(strings.results.schema.map((c: { name: string; type: string }) => `${c.name} ${c.type}`)).toEqual(['s "double"', 'avg(count(1)) OVER () "double"']);
    expect(strings.results.data).toEqual([
      [3, 1],
      [3, 1],
    ]);
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

  it("an ambiguous column, a struct field that does not exist, a position past the select list, set operands of other widths, a negative LIMIT, an aggregate in a WHERE, a window function without OVER", async () => {
    const cases: [statement: string, errorClass: string, message: string][] = [
      ["SELECT id FROM people a JOIN people b ON a.id = b.id", "AMBIGUOUS_REFERENCE", "Reference `id` is ambiguous, could be: [`a`.`id`, `b`.`id`]. SQLSTATE: 42704"],
      ["SELECT named_struct('first', name, 'second', team).third FROM people", "FIELD_NOT_FOUND", "No such struct field `third` (nearest: `first`). SQLSTATE: 42704"],
      ["SELECT team, count(*) FROM people GROUP BY team, 3", "GROUP_BY_POS_OUT_OF_RANGE", "GROUP BY position 3 is not in select list (valid range is [1, 2]). SQLSTATE: 42805"],
      ["SELECT id FROM people ORDER BY id DESC, 0 ASC NULLS LAST", "ORDER_BY_POS_OUT_OF_RANGE", "ORDER BY position 0 is not in select list (valid range is [1, 1]). SQLSTATE: 42805"],
      ["SELECT id FROM people UNION SELECT id, name FROM people", "NUM_COLUMNS_MISMATCH", "UNION can only be performed on inputs with the same number of columns, but the first input has 1 columns and the second input has 2 columns. SQLSTATE: 42826"],
      ["SELECT id FROM people LIMIT -1", "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", 'The limit like expression "-1" is invalid. The limit expression must be equal to or greater than 0, but got -1. SQLSTATE: 42K0E'],
      ["SELECT id FROM people LIMIT 1 OFFSET -2", "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", 'The limit like expression "-2" is invalid. The offset expression must be equal to or greater than 0, but got -2. SQLSTATE: 42K0E'],
      // an aggregate of a subquery in the WHERE is the subquery's own
      ["SELECT id FROM people WHERE id IN (SELECT max(id) FROM people) AND count(*) > 1", "INVALID_WHERE_CONDITION", 'The WHERE condition "(id IN (SELECT max(id) FROM people) AND count(1) > 1)" contains invalid expressions: count(1).\n' +
          "Rewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause. SQLSTATE: 42903"],
      ["SELECT id, lag(id, 1) OVER (ORDER BY id), lag(name) FROM people", "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE", 'Window function "lag(name)" requires an OVER clause. SQLSTATE: 42601'],
      // count(*) in a string is no call
      ["SELECT id FROM people WHERE name = 'count(*)' AND count(*) > 1", "INVALID_WHERE_CONDITION", `The WHERE condition "(name = 'count(*)' AND count(1) > 1)" contains invalid expressions: count(1).\n` +
          "Rewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause. SQLSTATE: 42903"],
    ];
    for (const [statement, errorClass, message] of cases) {
      expect(await refused(statement), statement).toBe(`org.apache.spark.sql.AnalysisException: [${errorClass}] ${message}`);
    }
    expect(await ok("SELECT id FROM people WHERE id IN (SELECT max(id) FROM people)")).toEqual([{ id: 2 }]);
    expect(await ok("SELECT a.id, lag(a.id, 1) OVER (ORDER BY a.id) AS before FROM people a JOIN people b ON a.id = b.id ORDER BY 1")).toEqual([
      { id: 1, before: null },
      { id: 2, before: 1 },
    ]);
  });

  it("a generator of a value that is neither an ARRAY nor a MAP: DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE naming the value and its type", async () => {
    const mismatch = (call: string, value: string, type: string) =>
      `org.apache.spark.sql.AnalysisException: [DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${call}" due to data type mismatch: The first parameter requires the ("ARRAY" or "MAP") type, however "${value}" has the type "${type}". SQLSTATE: 42K09`;
    expect(await refused("SELECT explode(id) FROM people")).toBe(mismatch("explode(id)", "id", "BIGINT"));
    expect(await refused("SELECT posexplode(name) FROM people")).toBe(mismatch("posexplode(name)", "name", "STRING"));
    expect(await refused("SELECT explode_outer(1)")).toBe(mismatch("explode_outer(1)", "1", "INT"));
    expect(await refused("SELECT posexplode_outer(1.5)")).toBe(mismatch("posexplode_outer(1.5)", "1.5", "DECIMAL(2,1)"));
    expect(await refused("SELECT explode(current_timestamp())")).toBe(mismatch("explode(current_timestamp())", "current_timestamp()", "TIMESTAMP"));
    expect(await ok("SELECT explode(array(id)) AS x FROM people ORDER BY x")).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it("a query's WHERE or HAVING that is no boolean fails with FILTER_NOT_BOOLEAN naming it and its type, where DuckDB kept the rows whose number is not 0", async () => {
    const notBoolean = (expression: string, type: string) =>
      `org.apache.spark.sql.AnalysisException: [DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${expression}" due to data type mismatch: Filter expression "${expression}" of type "${type}" is not a boolean. SQLSTATE: 42K09`;
    expect(await refused("SELECT name FROM people WHERE id")).toBe(notBoolean("id", "BIGINT"));
    expect(await refused("SELECT name FROM people WHERE name")).toBe(notBoolean("name", "STRING"));
    expect(await refused("SELECT name FROM (SELECT * FROM people WHERE id - 1) ORDER BY name")).toBe(notBoolean("id - 1", "BIGINT"));
    expect(await refused("SELECT id, count(*) FROM people GROUP BY id HAVING id")).toBe(notBoolean("id", "BIGINT"));
    // a boolean, a NULL, a subquery's and an aggregate's FILTER hold, and a join's equality in WHERE still joins
    expect(await ok("SELECT name FROM people WHERE id = 2 OR NULL")).toEqual([{ name: "bob" }]);
    expect(await ok("SELECT name FROM people WHERE NULL")).toEqual([]);
    expect(await ok("SELECT a.name FROM people a, people b WHERE a.id = b.id + 1 AND b.id IN (SELECT id FROM people WHERE team = 'x')")).toEqual([{ name: "bob" }]);
    expect(await ok("SELECT count(*) FILTER (WHERE id > 1) AS n FROM people HAVING count(*) > 1")).toEqual([{ n: 1 }]);
  });

  it("a DELETE's WHERE is bound before anything is written: an unknown column and a condition that is no boolean fail as in Spark; NULL, a qualified column and a subquery naming the table hold", async () => {
    await ok("CREATE TABLE scratch (id BIGINT, name STRING)");
    await ok("INSERT INTO scratch VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    expect(await refused("DELETE FROM scratch WHERE nope = 1")).toMatch(/^org\.apache\.spark\.sql\.AnalysisException: \[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] .*`nope` cannot be resolved/);
    expect(await refused("DELETE FROM scratch WHERE id + 1")).toBe(
      'org.apache.spark.sql.AnalysisException: [DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "(id + 1)" due to data type mismatch: Filter expression "(id + 1)" of type "BIGINT" is not a boolean. SQLSTATE: 42K09',
    );
    expect(await ok("DELETE FROM scratch WHERE NULL")).toEqual([{ num_affected_rows: 0 }]);
    expect(await ok("DELETE FROM scratch WHERE scratch.id = 1")).toEqual([{ num_affected_rows: 1 }]);
    // a subquery names the table's rows by its name
    expect(await ok("DELETE FROM scratch WHERE EXISTS (SELECT 1 FROM people WHERE people.id = scratch.id AND people.name = 'bob')")).toEqual([{ num_affected_rows: 1 }]);
    expect(await ok("DELETE FROM default.scratch WHERE scratch.name = 'b'")).toEqual([{ num_affected_rows: 0 }]);
    expect(await ok("SELECT * FROM scratch")).toEqual([{ id: 3, name: "c" }]);
  });
});
