import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** ANALYZE TABLE … COMPUTE STATISTICS on the local workspace: kept in the catalog, shown by DESCRIBE TABLE EXTENDED, as Spark does. */
describe("ANALYZE TABLE on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE sales (id BIGINT, amount DECIMAL(10,2), note STRING, tags ARRAY<STRING>)");
    await ok("INSERT INTO sales VALUES (1, 10.50, 'short', array('a')), (2, 99.99, 'a longer note', NULL), (3, NULL, NULL, NULL), (3, 10.50, 'short', NULL)");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const statistics = async () => (await ok("DESCRIBE TABLE EXTENDED sales")).find((r) => r.col_name === "Statistics")?.data_type;
  const column = async (name: string) => Object.fromEntries((await ok(`DESCRIBE TABLE EXTENDED sales ${name}`)).map((r) => [r.info_name, r.info_value]));

  it("NOSCAN keeps the size; a scan the rows too; both show as DESCRIBE TABLE EXTENDED's Statistics", async () => {
    expect(await statistics()).toBeUndefined();
    await ok("ANALYZE TABLE sales COMPUTE STATISTICS NOSCAN");
    const size = Number((await ok("DESCRIBE DETAIL sales"))[0].sizeInBytes);
    expect(await statistics()).toBe(`${size} bytes`);
    await ok("ANALYZE TABLE sales COMPUTE STATISTICS");
    expect(await statistics()).toBe(`${size} bytes, 4 rows`);
  });

  it("FOR COLUMNS keeps each column's min, max, nulls, distinct values and lengths, which DESCRIBE EXTENDED t column shows", async () => {
    expect((await column("id")).min).toBeNull();
    await ok("ANALYZE TABLE sales COMPUTE STATISTICS FOR COLUMNS id, note");
    expect(await column("id")).toMatchObject({ min: "1", max: "3", num_nulls: "0", distinct_count: "3", avg_col_len: "8", max_col_len: "8", histogram: null });
    expect(await column("note")).toMatchObject({ min: null, max: null, num_nulls: "1", distinct_count: "2", avg_col_len: "8", max_col_len: "13" });
    expect((await column("amount")).min).toBeNull();
    await ok("ANALYZE TABLE sales COMPUTE STATISTICS FOR ALL COLUMNS");
    expect(await column("amount")).toMatchObject({ min: "10.50", max: "99.99", num_nulls: "1", distinct_count: "2", avg_col_len: "8" });
    expect((await column("tags")).num_nulls).toBeNull();
  });

  it("refuses an unknown column and one of a complex type", async () => {
    expect(await refused("ANALYZE TABLE sales COMPUTE STATISTICS FOR COLUMNS nope")).toContain("UNRESOLVED_COLUMN");
    expect(await refused("ANALYZE TABLE sales COMPUTE STATISTICS FOR COLUMNS tags")).toContain("atomic types");
  });
});

/** EXPLAIN on the local workspace: the plan DuckDB runs the translated query with, in Spark's one-row answer. */
describe("EXPLAIN on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE events (id BIGINT, kind STRING)");
  });

  it("answers one plan row for a query, whatever the mode, and refuses other statements", async () => {
    for (const mode of ["", "EXTENDED ", "FORMATTED "]) {
      const rows = await ok(`EXPLAIN ${mode}SELECT kind, count(*) FROM events WHERE id > 10 GROUP BY kind`);
      expect(rows).toHaveLength(1);
      expect(String(rows[0].plan)).toMatch(/^== Physical Plan ==\n[\s\S]*(GROUP_BY|AGGREGATE)/);
    }
    expect(expectError(await sql("EXPLAIN DELETE FROM events"))).toContain("EXPLAIN of DELETE");
  });
});
