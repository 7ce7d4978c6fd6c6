import { describe, expect, it } from "vitest";
import { expectError, rows, sqlSession } from "../../support/local-workspace.js";

/** Global temporary views on the local cluster: every context reads them as global_temp.name until the cluster restarts. */
describe("global temporary views on the local workspace", () => {
  const { ok, sql, harness } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE scores (id BIGINT, points INT)");
    await ok("INSERT INTO scores VALUES (1, 10), (2, 20)");
  });

  it("another context reads global_temp.name, and sees the table as it is now; a one-part name is not it", async () => {
    await ok("CREATE GLOBAL TEMPORARY VIEW top AS SELECT id FROM scores WHERE points > 15");
    const other = await harness().client.createContext();
    expect(rows(await harness().client.sql(other, "SELECT id FROM global_temp.top"))).toEqual([{ id: 2 }]);
    await ok("INSERT INTO scores VALUES (3, 30)");
    expect(rows(await harness().client.sql(other, "SELECT id FROM global_temp.top ORDER BY id"))).toEqual([{ id: 2 }, { id: 3 }]);
    expect(expectError(await sql("SELECT * FROM top"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(expectError(await sql("CREATE GLOBAL TEMP VIEW top AS SELECT 1"))).toContain("already exists");
    await ok("CREATE OR REPLACE GLOBAL TEMP VIEW top AS SELECT 42 AS id");
    expect(rows(await harness().client.sql(other, "SELECT id FROM global_temp.top"))).toEqual([{ id: 42 }]);
  });

  it("DROP VIEW global_temp.name drops it for every context", async () => {
    await ok("CREATE GLOBAL TEMP VIEW gone AS SELECT 1 AS x");
    await ok("DROP VIEW global_temp.gone");
    expect(expectError(await sql("SELECT * FROM global_temp.gone"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(expectError(await sql("DROP VIEW global_temp.gone"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
    await ok("DROP VIEW IF EXISTS global_temp.gone");
  });

  it("ALTER VIEW global_temp.name AS and RENAME TO change it for every context, within global_temp", async () => {
    await ok("CREATE GLOBAL TEMP VIEW changing AS SELECT 1 AS x");
    await ok("ALTER VIEW global_temp.changing AS SELECT id FROM scores WHERE points < 15");
    const other = await harness().client.createContext();
    expect(rows(await harness().client.sql(other, "SELECT * FROM global_temp.changing"))).toEqual([{ id: 1 }]);
    await ok("ALTER VIEW global_temp.changing RENAME TO renamed");
    expect(rows(await harness().client.sql(other, "SELECT * FROM global_temp.renamed"))).toEqual([{ id: 1 }]);
    expect(expectError(await sql("SELECT * FROM global_temp.changing"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
    await ok("ALTER VIEW global_temp.renamed RENAME TO global_temp.again");
    expect(rows(await sql("SELECT * FROM global_temp.again"))).toEqual([{ id: 1 }]);
    expect(expectError(await sql("ALTER VIEW global_temp.again RENAME TO default.elsewhere"))).toMatch(/rename|schema|database/i);
    await ok("CREATE GLOBAL TEMP VIEW taken AS SELECT 2 AS x");
    expect(expectError(await sql("ALTER VIEW global_temp.again RENAME TO taken"))).toContain("already exists");
    expect(expectError(await sql("ALTER VIEW global_temp.missing AS SELECT 1"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
    await ok("DROP VIEW global_temp.again");
    await ok("DROP VIEW global_temp.taken");
  });

  it("SHOW VIEWS and SHOW TABLES IN global_temp list them, then the context's temporary views; other schemas do not", async () => {
    await ok("CREATE GLOBAL TEMP VIEW listed_b AS SELECT 1 AS x");
    await ok("CREATE GLOBAL TEMP VIEW listed_a AS SELECT 1 AS x");
    await ok("CREATE TEMP VIEW local_one AS SELECT 1 AS x");
    expect(rows(await sql("SHOW VIEWS IN global_temp LIKE 'listed*|local*'"))).toEqual([
      { namespace: "global_temp", viewName: "listed_a", isTemporary: true },
      { namespace: "global_temp", viewName: "listed_b", isTemporary: true },
      { namespace: "", viewName: "local_one", isTemporary: true },
    ]);
    expect(rows(await sql("SHOW TABLES IN global_temp LIKE 'listed_a'"))).toEqual([{ database: "global_temp", tableName: "listed_a", isTemporary: true }]);
    expect(rows(await sql("SHOW VIEWS LIKE 'listed*'"))).toEqual([]);
    expect(rows(await sql("SHOW TABLES"))).toEqual([
      { database: "default", tableName: "scores", isTemporary: false },
      { database: "", tableName: "local_one", isTemporary: true },
    ]);
  });

  it("a cluster restart ends them, as it ends the Spark application", async () => {
    await ok("CREATE GLOBAL TEMP VIEW short_lived AS SELECT 1 AS x");
    const h = harness();
    await h.client.post("/api/2.1/clusters/restart", { cluster_id: "local-cluster" });
    await h.client.waitForState("RUNNING");
    const fresh = await h.client.createContext();
    expect(expectError(await h.client.sql(fresh, "SELECT * FROM global_temp.short_lived"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });
});
