import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/**
 * Liquid clustering on the local workspace, as a Databricks user writes it: CREATE TABLE … CLUSTER BY, ALTER TABLE … CLUSTER BY,
 * OPTIMIZE clustering the files written since, and what DESCRIBE shows; checked in the Delta log a real reader reads.
 */
describe("CLUSTER BY on the local workspace", () => {
  const { ok, sql } = sqlSession();

  const detail = async (table: string) => (await ok(`DESCRIBE DETAIL ${table}`))[0] as Record<string, any>;
  const logActions = async (table: string) => {
    const root = String((await detail(table)).location).replace(/^file:/, "");
    const log = path.join(root, "_delta_log");
    return readdirSync(log)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => readFileSync(path.join(log, f), "utf8").trim().split("\n").map((line) => JSON.parse(line)));
  };
  const refused = async (command: string) => expectError(await sql(command));

  it("CREATE TABLE … CLUSTER BY writes the delta.clustering domain and the clustering feature, which DESCRIBE shows", async () => {
    await ok("CREATE TABLE events (id BIGINT, region STRING, at TIMESTAMP, device STRUCT<model: STRING, year: INT>) CLUSTER BY (region, device.year)");
    const d = await detail("events");
    expect(d.clusteringColumns).toEqual(["region", "device.year"]);
    expect(d.partitionColumns).toEqual([]);
    expect(d.tableFeatures).toEqual(expect.arrayContaining(["clustering", "domainMetadata"]));
    const [created] = await logActions("events");
    expect(created.find((a) => a.domainMetadata)?.domainMetadata).toEqual({
      domain: "delta.clustering",
      configuration: JSON.stringify({ clusteringColumns: [["region"], ["device", "year"]] }),
      removed: false,
    });
    expect(created.find((a) => a.commitInfo).commitInfo.operationParameters.clusterBy).toBe('["region","device.year"]');
    const described = await ok("DESCRIBE TABLE events");
    const at = described.findIndex((r) => r.col_name === "# Clustering Information");
    expect(at).toBeGreaterThan(0);
    expect(described.slice(at + 2).map((r) => [r.col_name, r.data_type])).toEqual([
      ["region", "string"],
      ["device.year", "int"],
    ]);
  });

  it("a column-mapped table's clustering domain names the physical columns, DESCRIBE DETAIL the logical ones", async () => {
    await ok("CREATE TABLE mapped (id BIGINT, region STRING) CLUSTER BY (region) TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    const [created] = await logActions("mapped");
    const configuration = JSON.parse(created.find((a) => a.domainMetadata).domainMetadata.configuration);
    expect(configuration.clusteringColumns).toEqual([[expect.stringMatching(/^col-[0-9a-f-]{36}$/)]]);
    await ok("ALTER TABLE mapped RENAME COLUMN region TO area");
    expect((await detail("mapped")).clusteringColumns).toEqual(["area"]);
    expect(await refused("ALTER TABLE mapped DROP COLUMN area")).toContain("[DELTA_UNSUPPORTED_DROP_CLUSTERING_COLUMN] Dropping clustering columns (area) is not allowed.");
  });

  it("OPTIMIZE clusters the files written since the last one, in clustering order, marking them clustered", async () => {
    await ok("INSERT INTO events VALUES (1, 'west', TIMESTAMP '2024-01-01 00:00:00Z', named_struct('model', 'a', 'year', 2020)), (2, 'east', NULL, NULL)");
    await ok("INSERT INTO events VALUES (3, 'north', NULL, named_struct('model', 'b', 'year', 2019)), (4, 'east', NULL, named_struct('model', 'c', 'year', 2018))");
    const [optimized] = await ok("OPTIMIZE events");
    expect(optimized.metrics).toMatchObject({ numFilesRemoved: 2, numFilesAdded: 1 });
    // region, then device.year, a NULL first as Spark sorts ascending
    expect((await ok("SELECT id FROM events")).map((r) => r.id)).toEqual([2, 4, 3, 1]);
    const adds = (await logActions("events")).at(-1)!.filter((a) => a.add).map((a) => a.add);
    expect(adds.map((a) => [a.clusteringProvider, a.dataChange])).toEqual([["liquid", false]]);

    const versions = (await logActions("events")).length;
    await ok("OPTIMIZE events");
    expect((await logActions("events")).length).toBe(versions); // every file is clustered: nothing to do, nothing committed

    await ok("INSERT INTO events VALUES (5, 'south', NULL, NULL)");
    const [again] = await ok("OPTIMIZE events");
    expect(again.metrics).toMatchObject({ numFilesRemoved: 1, numFilesAdded: 1 });
    expect((await detail("events")).numFiles).toBe(2);
    expect((await ok("SELECT count(*) AS n FROM events"))[0].n).toBe(5);
  });

  it("OPTIMIZE … ZORDER BY on a clustered table is refused as Delta refuses it", async () => {
    expect(await refused("OPTIMIZE events ZORDER BY (id)")).toContain("[DELTA_CLUSTERING_WITH_ZORDER_BY] OPTIMIZE command for Delta table with Liquid clustering cannot specify ZORDER BY. Please remove ZORDER BY (id).");
  });

  it("ALTER TABLE … CLUSTER BY changes the columns, or clusters a table that was not, and NONE stops clustering", async () => {
    await ok("ALTER TABLE events CLUSTER BY (at)");
    expect((await detail("events")).clusteringColumns).toEqual(["at"]);
    const last = (await logActions("events")).at(-1)!;
    expect(last.find((a) => a.commitInfo).commitInfo).toMatchObject({
      operation: "CLUSTER BY",
      operationParameters: { oldClusteringColumns: "region,device.year", newClusteringColumns: "at" },
    });

    await ok("CREATE TABLE plain (id BIGINT, name STRING)");
    expect((await detail("plain")).tableFeatures).not.toContain("clustering");
    await ok("ALTER TABLE plain CLUSTER BY (name)");
    const d = await detail("plain");
    expect(d.clusteringColumns).toEqual(["name"]);
    expect(d.tableFeatures).toEqual(expect.arrayContaining(["clustering", "domainMetadata"]));

    await ok("ALTER TABLE plain CLUSTER BY NONE");
    expect((await detail("plain")).clusteringColumns).toEqual([]);
    await ok("INSERT INTO plain VALUES (1, 'a'), (2, 'b')");
    await ok("INSERT INTO plain VALUES (3, 'c')");
    const [compacted] = await ok("OPTIMIZE plain ZORDER BY (name)");
    expect(compacted.metrics).toMatchObject({ numFilesRemoved: 2, numFilesAdded: 1 });
  });

  it("CREATE TABLE AS SELECT … CLUSTER BY and CREATE OR REPLACE without it", async () => {
    await ok("CREATE TABLE copied CLUSTER BY (region) AS SELECT id, region FROM events");
    expect((await detail("copied")).clusteringColumns).toEqual(["region"]);
    expect((await ok("SELECT count(*) AS n FROM copied"))[0].n).toBe(5);
    await ok("CREATE OR REPLACE TABLE copied AS SELECT id FROM events");
    const d = await detail("copied");
    expect(d.clusteringColumns).toEqual([]);
    expect(d.tableFeatures).toContain("clustering");
  });

  it("refuses what Delta refuses, naming why, and creates nothing", async () => {
    await ok("CREATE TABLE parted (id BIGINT, day DATE) PARTITIONED BY (day)");
    const cases: [string, string][] = [
      ["CREATE TABLE bad (id BIGINT, day DATE) PARTITIONED BY (day) CLUSTER BY (id)", "[DELTA_CLUSTER_BY_WITH_PARTITIONED_BY] Cannot specify both CLUSTER BY and PARTITIONED BY."],
      ["CREATE TABLE bad (a INT, b INT, c INT, d INT, e INT) CLUSTER BY (a, b, c, d, e)", "[DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS] CLUSTER BY supports up to 4 clustering columns, but the table has 5 clustering columns."],
      ["CREATE TABLE bad (id BIGINT, tags ARRAY<STRING>) CLUSTER BY (tags)", "[DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED] CLUSTER BY is not supported because the following column(s): tags : ARRAY don't support data skipping."],
      ["CREATE TABLE bad (id BIGINT) CLUSTER BY (nope)", "[DELTA_COLUMN_NOT_FOUND_IN_SCHEMA]"],
      ["CREATE TABLE bad (a INT, b INT) CLUSTER BY (b) TBLPROPERTIES ('delta.dataSkippingNumIndexedCols' = '1')", "[DELTA_CLUSTERING_COLUMN_MISSING_STATS]"],
      ["CREATE TABLE bad (id BIGINT) CLUSTER BY AUTO", "CLUSTER BY AUTO"],
      ["ALTER TABLE parted CLUSTER BY (id)", "[DELTA_ALTER_TABLE_CLUSTER_BY_ON_PARTITIONED_TABLE_NOT_ALLOWED] ALTER TABLE CLUSTER BY cannot be applied to a partitioned table."],
    ];
    for (const [command, message] of cases) expect(await refused(command), command).toContain(message);
    expect((await ok("SHOW TABLES")).map((r) => r.tableName)).not.toContain("bad");
  });
});
