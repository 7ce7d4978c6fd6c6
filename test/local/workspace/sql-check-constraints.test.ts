import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** CHECK constraints on the local workspace: added and dropped as Delta does, and enforced on every write that puts rows in. */
describe("CHECK constraints on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE orders (id BIGINT, amount DECIMAL(10,2), code STRING)");
    await ok("INSERT INTO orders VALUES (1, 10.00, 'ab'), (2, 20.00, 'cd')");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const count = async () => Number((await ok("SELECT count(*) AS n FROM orders"))[0].n);
  const latest = async () => (await ok("DESCRIBE HISTORY orders LIMIT 1"))[0] as Record<string, any>;

  it("ADD CONSTRAINT keeps the condition as a table property, in an ADD CONSTRAINT commit that upgrades the protocol", async () => {
    await ok("ALTER TABLE orders ADD CONSTRAINT positive CHECK (amount > 0)");
    const properties = await ok("SHOW TBLPROPERTIES orders");
    expect(properties).toContainEqual({ key: "delta.constraints.positive", value: "amount > 0" });
    expect(await latest()).toMatchObject({ operation: "ADD CONSTRAINT", operationParameters: { name: "positive", expr: "amount > 0" } });
    expect((await ok("DESCRIBE DETAIL orders"))[0].minWriterVersion).toBeGreaterThanOrEqual(3);
  });

  it("a row that does not make the condition true, NULL included, fails INSERT, UPDATE, MERGE and REPLACE WHERE, writing nothing", async () => {
    const before = (await latest()).version;
    expect(await refused("INSERT INTO orders VALUES (3, -1.00, 'ef')")).toContain(
      "[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint positive amount > 0 violated by row with values:\n - amount : -1.00",
    );
    expect(await refused("INSERT INTO orders VALUES (3, NULL, 'ef')")).toContain(" - amount : null");
    expect(await refused("UPDATE orders SET amount = amount - 15 WHERE id = 1")).toContain("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect(await refused("MERGE INTO orders t USING (SELECT 9 AS id, -9.00 AS amount) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount)")).toContain(
      "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES",
    );
    expect(await refused("INSERT INTO orders REPLACE WHERE id = 2 SELECT 2, 0.00, 'cd'")).toContain("DELTA_VIOLATE_CONSTRAINT_WITH_VALUES");
    expect((await latest()).version).toBe(before);
    expect(await count()).toBe(2);

    await ok("INSERT INTO orders VALUES (3, 30.00, 'ef')");
    await ok("UPDATE orders SET amount = amount + 1 WHERE id = 1");
    await ok("MERGE INTO orders t USING (SELECT 4 AS id, 40.00 AS amount) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount)");
    await ok("DELETE FROM orders WHERE id = 4");
    expect(await ok("SELECT id, amount FROM orders ORDER BY id")).toEqual([
      { id: 1, amount: "11.00" },
      { id: 2, amount: "20.00" },
      { id: 3, amount: "30.00" },
    ]);
  });

  it("a condition in Spark's functions is enforced as Spark evaluates it", async () => {
    await ok("ALTER TABLE orders ADD CONSTRAINT code_shape CHECK (length(code) = 2 AND code RLIKE '^[a-z]+$')");
    expect(await refused("INSERT INTO orders VALUES (5, 5.00, 'x1')")).toContain("CHECK constraint code_shape");
    await ok("INSERT INTO orders VALUES (5, 5.00, 'gh')");
  });

  it("refuses a constraint the rows break, one that is not boolean, and a name taken, as Delta does", async () => {
    expect(await refused("ALTER TABLE orders ADD CONSTRAINT small CHECK (amount < 25)")).toContain(
      "[DELTA_NEW_CHECK_CONSTRAINT_VIOLATION] 1 rows in hive_metastore.default.orders violate the new CHECK constraint (amount < 25)",
    );
    expect(await refused("ALTER TABLE orders ADD CONSTRAINT sized CHECK (amount + 1)")).toContain("[DELTA_NON_BOOLEAN_CHECK_CONSTRAINT]");
    expect(await refused("ALTER TABLE orders ADD CONSTRAINT POSITIVE CHECK (id > 0)")).toContain("[DELTA_CONSTRAINT_ALREADY_EXISTS] Constraint 'positive' already exists.");
    expect((await ok("SHOW TBLPROPERTIES orders")).map((r) => r.key).filter((k) => String(k).startsWith("delta.constraints."))).toEqual([
      "delta.constraints.code_shape",
      "delta.constraints.positive",
    ]);
  });

  it("a column a constraint names is not dropped; DROP CONSTRAINT lets such rows in again", async () => {
    await ok("ALTER TABLE orders SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    expect(await refused("ALTER TABLE orders DROP COLUMN amount")).toContain("[DELTA_CONSTRAINT_DEPENDENT_COLUMN_CHANGE] Cannot alter column amount");
    await ok("ALTER TABLE orders DROP CONSTRAINT positive");
    expect(await latest()).toMatchObject({ operation: "DROP CONSTRAINT", operationParameters: { name: "positive", expr: "amount > 0" } });
    await ok("INSERT INTO orders VALUES (6, -6.00, 'ij')");
    expect(await refused("ALTER TABLE orders DROP CONSTRAINT positive")).toContain("[DELTA_CONSTRAINT_DOES_NOT_EXIST]");
    await ok("ALTER TABLE orders DROP CONSTRAINT IF EXISTS positive");
    expect(await refused("ALTER TABLE orders ADD CONSTRAINT pk PRIMARY KEY (id)")).toContain("PRIMARY KEY");
  });
});
