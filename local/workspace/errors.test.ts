import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourceGoneFailure } from "../../src/runs/source-gone.js";
import { sqlErrors } from "./errors.js";

/** DuckDB's own error for `sql`, as the local cluster turns it into Spark's */
describe("a column DuckDB cannot bind, as Spark's UNRESOLVED_COLUMN", () => {
  let failure: (sql: string) => Promise<string>;
  let close: () => void;
  beforeAll(async () => {
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    await connection.run(`CREATE TABLE orders (id INTEGER, code_v2 VARCHAR, "odd name" INTEGER)`);
    failure = async (sql) => {
      const error = await connection.run(sql).then(
        () => undefined,
        (e: Error) => e,
      );
      if (!error) throw new Error(`${sql} did not fail`);
      return error.message;
    };
    close = () => {
      connection.closeSync();
      db.closeSync();
    };
  });
  afterAll(() => close());

  it("names the candidate columns, as Spark's 'Did you mean one of the following?', nearest first", async () => {
    const error = sqlErrors.engine(await failure("SELECT code FROM orders"));
    expect(error.summary).toBe(
      "org.apache.spark.sql.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `code` cannot be resolved. " +
        "Did you mean one of the following? [`code_v2`, `id`, `odd name`]. SQLSTATE: 42703",
    );
    expect(error.detail).toContain("Candidate bindings");
  });

  it("a column of a named table: its name qualified, the candidates the same", async () => {
    const error = sqlErrors.engine(await failure("SELECT o.code FROM orders o"));
    expect(error.summary).toBe(
      "org.apache.spark.sql.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `o`.`code` cannot be resolved. " +
        "Did you mean one of the following? [`code_v2`, `id`, `odd name`]. SQLSTATE: 42703",
    );
  });

  it("keeps a run's CONNECTOR-2012-400 naming the column, with the suggestions", async () => {
    const failed = sourceGoneFailure(sqlErrors.engine(await failure("SELECT code FROM orders")).summary, { flowId: "f1", sourceConnectionId: "s1", runsOnce: false });
    expect(failed?.code).toBe("CONNECTOR-2012-400");
    expect(failed?.retryable).toBe(false);
    expect(failed?.message).toMatch(/^The source table has no column `code`, which the flow reads .*Did you mean one of the following\? \[`code_v2`, `id`, `odd name`\]\. SQLSTATE: 42703\. A retry would fail the same way/);
    // the calls that stop reading it name the flow and its source connection
    expect(failed?.message).toContain("PATCH /flows/f1 (its delta column, or its transformations' mappingVersion");
    expect(failed?.message).toContain("PATCH /sourceConnections/s1 (its params.columns without it)");
  });
});
