import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * The conditions a DELETE, UPDATE, MERGE or REPLACE WHERE commit keeps in its operationParameters, and the errors that quote a
 * condition, show it as the statement wrote it (Spark SQL), not the DuckDB translation that ran it (its spark_… macros).
 */
describe("conditions in a table's history and in errors, as written", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE items (id BIGINT, name STRING, day DATE)");
    await ok("INSERT INTO items VALUES (1, 'a', DATE '2024-01-01'), (2, 'b', DATE '2024-01-02'), (3, 'c', DATE '2024-01-03'), (4, 'd', DATE '2024-01-04')");
  });
  const latest = async () => (await ok("DESCRIBE HISTORY items LIMIT 1"))[0] as { operation: string; operationParameters: Record<string, string> };

  it("DELETE and UPDATE keep their WHERE as written", async () => {
    await ok("DELETE FROM items WHERE id = '4' AND upper(name) LIKE 'D%'");
    expect(await latest()).toMatchObject({ operation: "DELETE", operationParameters: { predicate: `["id = '4' AND upper(name) LIKE 'D%'"]` } });
    await ok("UPDATE items SET name = 'bb' WHERE id = '2' OR day > '2024-01-03'");
    expect(await latest()).toMatchObject({ operation: "UPDATE", operationParameters: { predicate: `["id = '2' OR day > '2024-01-03'"]` } });
    expect(await ok("SELECT id, name FROM items ORDER BY id")).toEqual([
      { id: 1, name: "a" },
      { id: 2, name: "bb" },
      { id: 3, name: "c" },
    ]);
  });

  it("MERGE keeps its ON and each clause's condition as written (a string compared with a number among them)", async () => {
    await ok(`MERGE INTO items t USING (SELECT '1' AS id, 'z' AS name UNION ALL SELECT '9', 'n') s ON t.id = s.id
      WHEN MATCHED AND s.name <> t.name THEN UPDATE SET name = s.name
      WHEN NOT MATCHED AND s.id > 5 THEN INSERT (id, name) VALUES (s.id, s.name)`);
    const { operation, operationParameters } = await latest();
    expect(operation).toBe("MERGE");
    expect(JSON.parse(operationParameters.predicate)).toEqual(["t.id = s.id"]);
    expect(JSON.parse(operationParameters.matchedPredicates)).toEqual([{ predicate: "s.name <> t.name", actionType: "update" }]);
    expect(JSON.parse(operationParameters.notMatchedPredicates)).toEqual([{ predicate: "s.id > 5", actionType: "insert" }]);
    expect(JSON.stringify(operationParameters)).not.toContain("spark_");
    expect(await ok("SELECT id, name FROM items ORDER BY id")).toEqual([
      { id: 1, name: "z" },
      { id: 2, name: "bb" },
      { id: 3, name: "c" },
      { id: 9, name: "n" },
    ]);
  });

  it("REPLACE WHERE keeps its predicate as written and quotes it when a row does not match it", async () => {
    await ok("INSERT INTO items REPLACE WHERE day >= '2024-01-03' SELECT 7, 'g', DATE '2024-01-07'");
    expect((await latest()).operationParameters.predicate).toBe(`["day >= '2024-01-03'"]`);
    expect(expectError(await sql("INSERT INTO items REPLACE WHERE day >= '2024-01-03' SELECT 8, 'h', DATE '2024-01-01'"))).toContain(
      "Written data does not conform to partial table overwrite condition or constraint 'day >= '2024-01-03'': 1 row(s)",
    );
  });

  it("an UPDATE whose WHERE is not a boolean names the condition as Spark does", async () => {
    expect(expectError(await sql("UPDATE items SET name = 'x' WHERE id + 1"))).toContain(
      '[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "(id + 1)" due to data type mismatch: Filter expression "(id + 1)" of type "BIGINT" is not a boolean.',
    );
  });
});
