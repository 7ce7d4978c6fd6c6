import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** TABLESAMPLE on the local workspace: a fraction of a table's rows at random, or its first n, as Spark samples. */
describe("TABLESAMPLE on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE numbers AS SELECT id FROM range(2000)");
  });
  const count = async (query: string) => Number((await ok(`SELECT count(*) AS n FROM (${query})`))[0].n);

  it("PERCENT and BUCKET keep each row at random with that chance; REPEATABLE keeps the same rows each time", async () => {
    const half = await count("SELECT * FROM numbers TABLESAMPLE (50 PERCENT)");
    expect(half).toBeGreaterThan(800); // 2000 draws of a fair coin: outside 800–1200 about once in 10^18 runs
    expect(half).toBeLessThan(1200);
    const quarter = await count("SELECT * FROM numbers TABLESAMPLE (BUCKET 1 OUT OF 4) AS n WHERE id >= 0");
    expect(quarter).toBeGreaterThan(350);
    expect(quarter).toBeLessThan(650);
    expect(await count("SELECT * FROM numbers TABLESAMPLE (0 PERCENT)")).toBe(0);
    expect(await count("SELECT * FROM numbers TABLESAMPLE (100 PERCENT)")).toBe(2000);
    const seeded = "SELECT sum(id) AS s FROM numbers TABLESAMPLE (10 PERCENT) REPEATABLE (42)";
    expect(await ok(seeded)).toEqual(await ok(seeded));
  });

  it("n ROWS is n rows, and a fraction outside [0, 1] is refused as Spark refuses it", async () => {
    expect(await count("SELECT * FROM numbers TABLESAMPLE (7 ROWS)")).toBe(7);
    expect(expectError(await sql("SELECT * FROM numbers TABLESAMPLE (150 PERCENT)"))).toContain("Sampling fraction (1.5) must be on interval [0, 1]");
    expect(expectError(await sql("SELECT * FROM numbers TABLESAMPLE (BUCKET 5 OUT OF 4)"))).toContain("Sampling fraction (5/4) must be on interval [0, 1]");
  });
});
