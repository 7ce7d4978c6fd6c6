import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * Selective overwrites on the local workspace: INSERT INTO … REPLACE WHERE and a static partition's INSERT OVERWRITE … PARTITION
 * replace the rows they name in one commit, and INSERT INTO … PARTITION (p = v) appends with the partition's value.
 */
describe("INSERT … REPLACE WHERE and INSERT … PARTITION on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE sales (id BIGINT, amount DECIMAL(10,2), day DATE) PARTITIONED BY (day) TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
    await ok(`INSERT INTO sales VALUES (1, 10.00, DATE '2024-01-01'), (2, 20.00, DATE '2024-01-01'),
      (3, 30.00, DATE '2024-01-02'), (4, 40.00, DATE '2024-01-03')`);
    await ok("CREATE TABLE events (id BIGINT, kind STRING)");
    await ok("INSERT INTO events VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const rowsOf = async (table: string) => ok(`SELECT * FROM ${table} ORDER BY id`);
  const latest = async (table: string) => (await ok(`DESCRIBE HISTORY ${table} LIMIT 1`))[0] as Record<string, any>;

  it("REPLACE WHERE replaces the rows the predicate matches with the query's, in one commit the change feed shows", async () => {
    const [answer] = await ok("INSERT INTO sales REPLACE WHERE day = DATE '2024-01-01' SELECT 5, 55.00, DATE '2024-01-01'");
    expect(answer).toEqual({ num_affected_rows: 1, num_inserted_rows: 1 });
    expect(await rowsOf("sales")).toEqual([
      { id: 3, amount: "30.00", day: "2024-01-02" },
      { id: 4, amount: "40.00", day: "2024-01-03" },
      { id: 5, amount: "55.00", day: "2024-01-01" },
    ]);
    const commit = await latest("sales");
    expect(commit.operation).toBe("WRITE");
    expect(commit.operationParameters).toMatchObject({ mode: "Overwrite" });
    expect(commit.operationParameters.predicate).toContain("2024-01-01");
    const changes = await ok(`SELECT id, _change_type FROM table_changes('sales', ${commit.version}) ORDER BY id`);
    expect(changes).toEqual([
      { id: 1, _change_type: "delete" },
      { id: 2, _change_type: "delete" },
      { id: 5, _change_type: "insert" },
    ]);
  });

  it("a row of the query the predicate does not match fails the statement as Delta's DELTA_REPLACE_WHERE_MISMATCH, changing nothing", async () => {
    const before = (await latest("sales")).version;
    expect(await refused("INSERT INTO sales REPLACE WHERE day = DATE '2024-01-03' VALUES (6, 60.00, DATE '2024-01-04')")).toContain("[DELTA_REPLACE_WHERE_MISMATCH] Written data does not conform to partial table overwrite condition or constraint");
    expect((await latest("sales")).version).toBe(before);
  });

  it("on an unpartitioned table with deletion vectors it replaces rows inside files, and an empty query only removes", async () => {
    await ok("INSERT INTO events REPLACE WHERE id >= 3 SELECT id * 10, upper(kind) FROM events WHERE id >= 3");
    expect(await rowsOf("events")).toEqual([
      { id: 1, kind: "a" },
      { id: 2, kind: "b" },
      { id: 30, kind: "C" },
      { id: 40, kind: "D" },
    ]);
    expect((await latest("events")).operationMetrics).toMatchObject({ numDeletionVectorsAdded: "1" });
    await ok("INSERT INTO events REPLACE WHERE kind = 'b' SELECT * FROM events WHERE false");
    expect((await rowsOf("events")).map((r) => r.id)).toEqual([1, 30, 40]);
  });

  it("INSERT OVERWRITE … PARTITION (p = v) replaces that partition only, the query giving the other columns", async () => {
    await ok("INSERT OVERWRITE sales PARTITION (day = '2024-01-02') SELECT 7, 70.00");
    expect(await rowsOf("sales")).toEqual([
      { id: 4, amount: "40.00", day: "2024-01-03" },
      { id: 5, amount: "55.00", day: "2024-01-01" },
      { id: 7, amount: "70.00", day: "2024-01-02" },
    ]);
  });

  it("INSERT INTO … PARTITION (p = v) appends with the partition's value, a column list naming the others", async () => {
    await ok("INSERT INTO sales PARTITION (day = DATE '2024-01-05') (amount, id) VALUES (80.00, 8)");
    expect((await rowsOf("sales")).at(-1)).toEqual({ id: 8, amount: "80.00", day: "2024-01-05" });
  });

  it("refuses a non-partition column and a query of the wrong width, as Spark does", async () => {
    expect(await refused("INSERT INTO sales PARTITION (id = 1) SELECT 1.00, DATE '2024-01-01'")).toContain("[NON_PARTITION_COLUMN] PARTITION clause cannot contain the non-partition column: `id`");
    expect(await refused("INSERT OVERWRITE sales PARTITION (amount) SELECT 1, 1.00, DATE '2024-01-01'")).toContain("[NON_PARTITION_COLUMN]");
    expect(await refused("INSERT INTO sales PARTITION (day = '2024-01-09') SELECT 1, 1.00, 'extra'")).toContain("INSERT_COLUMN_ARITY_MISMATCH");
  });
});
