import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * INSERT OVERWRITE with Spark's partitionOverwriteMode on the local workspace: STATIC (the default) replaces the whole table or the
 * static PARTITION it names, DYNAMIC only the partitions the query's rows fall in, in one commit, as Delta does.
 */
describe("dynamic partition overwrite on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE readings (id BIGINT, value INT, region STRING, day DATE) PARTITIONED BY (region, day) TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
  });
  const refused = async (command: string) => expectError(await sql(command));
  const fill = () =>
    ok(`INSERT OVERWRITE readings VALUES (1, 10, 'eu', DATE '2024-01-01'), (2, 20, 'eu', DATE '2024-01-02'),
      (3, 30, 'us', DATE '2024-01-01'), (4, 40, NULL, DATE '2024-01-01')`);
  const rows = async () => (await ok("SELECT id, value, region, CAST(day AS STRING) AS day FROM readings ORDER BY id")).map((r) => [r.id, r.value, r.region, r.day]);

  it("DYNAMIC replaces the partitions the rows fall in and keeps the others, a NULL partition among them", async () => {
    await fill();
    await ok("SET spark.sql.sources.partitionOverwriteMode = dynamic");
    const [answer] = await ok("INSERT OVERWRITE readings VALUES (5, 50, 'eu', DATE '2024-01-01'), (6, 60, NULL, DATE '2024-01-01')");
    expect(answer).toEqual({ num_affected_rows: 2, num_inserted_rows: 2 });
    expect(await rows()).toEqual([
      [2, 20, "eu", "2024-01-02"],
      [3, 30, "us", "2024-01-01"],
      [5, 50, "eu", "2024-01-01"],
      [6, 60, null, "2024-01-01"],
    ]);
    const [commit] = await ok("DESCRIBE HISTORY readings LIMIT 1");
    expect(commit.operation).toBe("WRITE");
    expect(commit.operationParameters).toMatchObject({ mode: "Overwrite", dynamicPartitionOverwrite: "true" });
    const version = Number(commit.version);
    const changes = await ok(`SELECT id, _change_type FROM table_changes('readings', ${version}, ${version}) ORDER BY id`);
    expect(changes.map((c) => [c.id, c._change_type])).toEqual([
      [1, "delete"],
      [4, "delete"],
      [5, "insert"],
      [6, "insert"],
    ]);
  });

  it("a PARTITION clause may leave a column's value to the query; a static value narrows what DYNAMIC may replace", async () => {
    await fill();
    await ok("SET spark.sql.sources.partitionOverwriteMode = DYNAMIC");
    await ok("INSERT OVERWRITE readings PARTITION (region = 'eu', day) SELECT 7, 70, DATE '2024-01-02'");
    expect(await rows()).toEqual([
      [1, 10, "eu", "2024-01-01"],
      [3, 30, "us", "2024-01-01"],
      [4, 40, null, "2024-01-01"],
      [7, 70, "eu", "2024-01-02"],
    ]);
  });

  it("STATIC replaces every row of the static partition, or of the table where none is static", async () => {
    await fill();
    await ok("SET spark.sql.sources.partitionOverwriteMode = static");
    await ok("INSERT OVERWRITE readings PARTITION (region = 'eu', day) SELECT 8, 80, DATE '2024-01-09'");
    expect(await rows()).toEqual([
      [3, 30, "us", "2024-01-01"],
      [4, 40, null, "2024-01-01"],
      [8, 80, "eu", "2024-01-09"],
    ]);
    await ok("INSERT OVERWRITE readings PARTITION (region, day) SELECT 9, 90, 'us', DATE '2024-01-01'");
    expect(await rows()).toEqual([[9, 90, "us", "2024-01-01"]]);
  });

  it("refuses a mode Spark does not know", async () => {
    await ok("SET spark.sql.sources.partitionOverwriteMode = sometimes");
    expect(await refused("INSERT OVERWRITE readings SELECT 1, 1, 'eu', DATE '2024-01-01'")).toContain("The value of spark.sql.sources.partitionOverwriteMode should be one of STATIC, DYNAMIC, but was sometimes");
    await ok("SET spark.sql.sources.partitionOverwriteMode = static");
  });
});
