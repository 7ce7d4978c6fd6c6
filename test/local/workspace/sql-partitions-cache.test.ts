import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** SHOW PARTITIONS of a partitioned Delta table, and the cache statements, which the local workspace takes as it keeps no cache. */
describe("SHOW PARTITIONS and the cache statements", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE events (id BIGINT, day DATE, region STRING, v STRING) PARTITIONED BY (day, region)");
    await ok("INSERT INTO events VALUES (1, DATE'2024-01-02', 'eu', 'a'), (2, DATE'2024-01-01', 'us', 'b'), (3, DATE'2024-01-01', 'eu', 'c'), (4, DATE'2024-01-01', 'eu', 'd'), (5, NULL, 'eu', 'e')");
    await ok("CREATE TABLE flat (id INT)");
  });

  it("lists each partition once, a typed column per partition column, in the order of their values", async () => {
    const r = await sql("SHOW PARTITIONS events");
    expect(r.results.schema.map((c: { name: string; type: string }) => `${c.name}:${c.type}`)).toEqual(['day:"date"', 'region:"string"']);
    expect(r.results.data).toEqual([[null, "eu"], ["2024-01-01", "eu"], ["2024-01-01", "us"], ["2024-01-02", "eu"]]);
    expect(await ok("SHOW PARTITIONS default.events PARTITION (region = 'eu', day = '2024-01-01')")).toEqual([{ day: "2024-01-01", region: "eu" }]);
    // a partition whose rows are all deleted is gone
    await ok("DELETE FROM events WHERE region = 'us'");
    expect((await ok("SHOW PARTITIONS events")).map((p) => p.region)).toEqual(["eu", "eu", "eu"]);
  });

  it("refuses a table that is not partitioned, and a spec naming another column, with Delta's reasons", async () => {
    expect(expectError(await sql("SHOW PARTITIONS flat"))).toContain("[DELTA_SHOW_PARTITION_IN_NON_PARTITIONED_TABLE] SHOW PARTITIONS is not allowed on a table that is not partitioned");
    expect(expectError(await sql("SHOW PARTITIONS events PARTITION (v = 'a')"))).toContain("[NON_PARTITION_COLUMN]");
    expect(expectError(await sql("SHOW PARTITIONS missing"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
  });

  it("takes CACHE, UNCACHE, REFRESH and CLEAR CACHE of a table it finds, and CACHE TABLE … AS a query as a temporary view", async () => {
    for (const statement of ["CACHE TABLE events", "CACHE LAZY TABLE flat OPTIONS ('storageLevel' 'DISK_ONLY')", "REFRESH TABLE events", "REFRESH flat", "UNCACHE TABLE events", "UNCACHE TABLE IF EXISTS missing", "CLEAR CACHE"]) {
      expect(await ok(statement), statement).toEqual([]);
    }
    await ok("CACHE TABLE eu_events AS SELECT id FROM events WHERE region = 'eu'");
    expect(await ok("SELECT count(*) AS n FROM eu_events")).toEqual([{ n: 4 }]);
    expect(expectError(await sql("CACHE TABLE missing"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
    expect(expectError(await sql("UNCACHE TABLE missing"))).toContain("[TABLE_OR_VIEW_NOT_FOUND]");
    expect(expectError(await sql("REFRESH MATERIALIZED VIEW mv"))).toContain("[UNSUPPORTED] REFRESH MATERIALIZED");
  });
});
