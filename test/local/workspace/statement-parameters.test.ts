import { describe, expect, it } from "vitest";
import { expectError, poll, rows, sqlSession } from "../../support/local-workspace.js";

/**
 * Named parameter markers of the Statement Execution API (`:name` bound by the request's `parameters`)
 * and the IDENTIFIER clause, over HTTP: values reach the query as literals of their types, never as SQL.
 */
describe("statement parameters and the IDENTIFIER clause of the local workspace", () => {
  const session = sqlSession({ warehouseStartDelayMs: 0 }, async (ok) => {
    await ok("CREATE SCHEMA s");
    await ok("CREATE TABLE s.people (id INT, name STRING, born DATE) USING DELTA");
    await ok("INSERT INTO s.people VALUES (1, 'ada', DATE '1815-12-10'), (2, 'alan', DATE '1912-06-23'), (3, 'grace', DATE '1906-12-09')");
  });
  const statements = "/api/2.0/sql/statements";

  /** posts the statement with its parameters and waits for its end: the HTTP answer, then the statement's */
  const submit = (statement: string, parameters?: unknown) =>
    session.harness().client.post(statements, { statement, warehouse_id: "local-warehouse", catalog: "hive_metastore", wait_timeout: "0s", parameters });
  const run = async (statement: string, parameters?: unknown) => {
    const submitted = await submit(statement, parameters);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    return poll(async () => {
      const r = await session.harness().client.get(`${statements}/${submitted.body.statement_id}`);
      return ["PENDING", "RUNNING"].includes(r.body.status.state) ? undefined : r.body;
    }, 30_000, statement);
  };
  const succeeded = async (statement: string, parameters?: unknown) => {
    const done = await run(statement, parameters);
    expect(done.status.state, JSON.stringify(done.status)).toBe("SUCCEEDED");
    return done;
  };
  const failure = async (statement: string, parameters?: unknown) => {
    const done = await run(statement, parameters);
    expect(done.status.state).toBe("FAILED");
    return done.status.error.message as string;
  };

  it("binds each marker to a literal of its parameter's type, STRING when none is given and NULL without a value", async () => {
    const done = await succeeded("SELECT :n + 1 AS next, :who AS who, :d AS d, :amount * 2 AS twice, :flag AS flag, :nothing AS nothing, :n * :n AS square", [
      { name: "n", value: "41", type: "INT" },
      { name: "who", value: "ada" },
      { name: "d", value: "2024-02-29", type: "DATE" },
      { name: "amount", value: "12345678.91", type: "DECIMAL(10,2)" },
      { name: "flag", value: "true", type: "BOOLEAN" },
      { name: "nothing", type: "BIGINT" },
      { name: "unused", value: "x" },
    ]);
    expect(done.result.data_array).toEqual([["42", "ada", "2024-02-29", "24691357.82", "true", null, "1681"]]);
    expect(done.manifest.schema.columns.map((c: any) => c.type_text)).toEqual(["INT", "STRING", "DATE", "DECIMAL(12,2)", "BOOLEAN", "BIGINT", "INT"]);
  });

  it("a value is data, never SQL: a quote or a comment in a string parameter is matched as written", async () => {
    const hostile = "ada' OR '1'='1";
    const none = await succeeded("SELECT id FROM s.people WHERE name = :name", [{ name: "name", value: hostile }]);
    expect(none.manifest.total_row_count).toBe(0);
    const echoed = await succeeded("SELECT :v AS v, length(:v) AS n", [{ name: "v", value: "a\\b'c -- d /* e */ :f" }]);
    expect(echoed.result.data_array).toEqual([["a\\b'c -- d /* e */ :f", "21"]]);
    const one = await succeeded("SELECT id FROM s.people WHERE name = :name AND born < :before ORDER BY id LIMIT :n", [
      { name: "name", value: "alan" },
      { name: "before", value: "2000-01-01", type: "DATE" },
      { name: "n", value: "5", type: "INT" },
    ]);
    expect(one.result.data_array).toEqual([["2"]]);
  });

  it("a marker with no parameter fails as Spark's UNBOUND_SQL_PARAMETER, on the warehouse and in a notebook", async () => {
    expect(await failure("SELECT :missing AS m", [{ name: "other", value: "1" }])).toContain("[UNBOUND_SQL_PARAMETER] Found the unbound parameter: missing.");
    expect(expectError(await session.sql("SELECT :missing AS m"))).toContain("[UNBOUND_SQL_PARAMETER] Found the unbound parameter: missing.");
  });

  it("a value that is no value of its type fails as that cast fails", async () => {
    expect(await failure("SELECT :n AS n", [{ name: "n", value: "forty-two", type: "INT" }])).toContain("CAST_INVALID_INPUT");
  });

  it("colons that are no markers stay what they are: a struct type's fields and the :: cast", async () => {
    const done = await succeeded("SELECT CAST(named_struct('a', :a) AS STRUCT<a: BIGINT>).a AS a, '7'::INT AS seven", [{ name: "a", value: "5", type: "INT" }]);
    expect(done.result.data_array).toEqual([["5", "7"]]);
  });

  it("IDENTIFIER names a table or a column by a string literal, a parameter, or both joined with ||", async () => {
    const byParameter = await succeeded("SELECT IDENTIFIER(:col) FROM IDENTIFIER(:tbl) ORDER BY id", [
      { name: "col", value: "name" },
      { name: "tbl", value: "s.people" },
    ]);
    expect(byParameter.result.data_array).toEqual([["ada"], ["alan"], ["grace"]]);
    expect(byParameter.manifest.schema.columns.map((c: any) => c.name)).toEqual(["name"]);
    const joined = await succeeded("SELECT count(*) AS n FROM IDENTIFIER('hive_metastore.' || :schema || '.`people`')", [{ name: "schema", value: "s" }]);
    expect(joined.result.data_array).toEqual([["3"]]);
    expect(rows(await session.sql("SELECT max(id) AS top FROM IDENTIFIER('s.people')"))).toEqual([{ top: 3 }]);
  });

  it("IDENTIFIER names a DDL statement's subject and a function", async () => {
    await succeeded("CREATE TABLE IDENTIFIER(:t) (a INT) USING DELTA", [{ name: "t", value: "s.made_by_name" }]);
    await succeeded("INSERT INTO IDENTIFIER(:t) VALUES (:a)", [{ name: "t", value: "s.made_by_name" }, { name: "a", value: "-7", type: "INT" }]);
    const read = await succeeded("SELECT IDENTIFIER('abs')(a) AS a FROM IDENTIFIER(:t)", [{ name: "t", value: "s.made_by_name" }]);
    expect(read.result.data_array).toEqual([["7"]]);
    await succeeded("DROP TABLE IDENTIFIER(:t)", [{ name: "t", value: "s.made_by_name" }]);
    expect(await failure("SELECT * FROM s.made_by_name")).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("an IDENTIFIER's string names an object and nothing more: SQL in it is a syntax error and runs nothing", async () => {
    const message = await failure("SELECT * FROM IDENTIFIER(:tbl)", [{ name: "tbl", value: "s.people; DROP TABLE s.people" }]);
    expect(message).toContain("PARSE_SYNTAX_ERROR");
    expect((await succeeded("SELECT count(*) FROM s.people")).result.data_array).toEqual([["3"]]);
  });

  it("IDENTIFIER refuses what is no constant string, as Spark's NOT_A_CONSTANT_STRING", async () => {
    expect(await failure("SELECT * FROM IDENTIFIER(:tbl)", [{ name: "tbl", type: "STRING" }])).toContain("[NOT_A_CONSTANT_STRING.NULL]");
    expect(await failure("SELECT * FROM IDENTIFIER(:tbl)", [{ name: "tbl", value: "5", type: "INT" }])).toContain('[NOT_A_CONSTANT_STRING.WRONG_TYPE] The expression `CAST ( \'5\' AS INT )` used for the routine or clause `IDENTIFIER` must be a constant STRING which is NOT NULL. The data type of the expression is "INT".');
    expect(expectError(await session.sql("SELECT IDENTIFIER(name) FROM s.people"))).toContain("[NOT_A_CONSTANT_STRING.NOT_CONSTANT]");
  });

  it("refuses parameters it cannot bind with 400 INVALID_PARAMETER_VALUE naming the parameter, and an INTERVAL one with 501", async () => {
    const refused = async (parameters: unknown, expected: string, status = 400) => {
      const r = await submit("SELECT :p", parameters);
      expect(r.status).toBe(status);
      expect(r.body.error_code).toBe(status === 400 ? "INVALID_PARAMETER_VALUE" : "NOT_IMPLEMENTED");
      expect(r.body.message).toContain(expected);
    };
    await refused({ p: "1" }, "parameters must be a list");
    await refused([{ value: "1" }], "parameters[0].name");
    await refused([{ name: "p", value: "1" }, { name: "p", value: "2" }], "parameter 'p' is given more than once");
    await refused([{ name: "p", value: "1", type: "ARRAY<INT>" }], "ARRAY, MAP and STRUCT values are not supported");
    await refused([{ name: "p", value: "1", type: "NUMBER" }], "type 'NUMBER' is not a Spark SQL type");
    await refused([{ name: "p", value: { a: 1 } }], "parameter 'p': value must be a string");
    await refused([{ name: "p", value: "3", type: "INTERVAL HOUR" }], "INTERVAL", 501);
  });
});
