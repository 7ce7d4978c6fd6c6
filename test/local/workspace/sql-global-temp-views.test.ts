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

  it("a cluster restart ends them, as it ends the Spark application", async () => {
    await ok("CREATE GLOBAL TEMP VIEW short_lived AS SELECT 1 AS x");
    const h = harness();
    await h.client.post("/api/2.1/clusters/restart", { cluster_id: "local-cluster" });
    await h.client.waitForState("RUNNING");
    const fresh = await h.client.createContext();
    expect(expectError(await h.client.sql(fresh, "SELECT * FROM global_temp.short_lived"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });
});
