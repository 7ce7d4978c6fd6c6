import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectError, sqlSession } from "../../support/local-workspace.js";

/** CREATE TABLE … [SHALLOW | DEEP] CLONE and CREATE TABLE … LIKE on the local workspace, checked in the Delta logs they write. */
describe("CLONE and LIKE on the local workspace", () => {
  const { ok, sql } = sqlSession({}, async (ok) => {
    await ok("CREATE TABLE sales (id BIGINT NOT NULL COMMENT 'order number', amount DECIMAL(10,2), day DATE) PARTITIONED BY (day) TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')");
    await ok("INSERT INTO sales VALUES (1, 10.00, DATE '2024-01-01'), (2, 20.00, DATE '2024-01-01'), (3, 30.00, DATE '2024-01-02')");
    await ok("DELETE FROM sales WHERE id = 2"); // a deletion vector: the clone must not see the row either
  });
  const refused = async (command: string) => expectError(await sql(command));
  const detail = async (table: string) => (await ok(`DESCRIBE DETAIL ${table}`))[0] as Record<string, any>;
  const rootOf = async (table: string) => String((await detail(table)).location).replace(/^file:/, "");
  const actionsOf = async (table: string, version: number) => {
    const file = path.join(await rootOf(table), "_delta_log", `${String(version).padStart(20, "0")}.json`);
    return readFileSync(file, "utf8").trim().split("\n").map((line) => JSON.parse(line));
  };
  const ids = async (table: string) => (await ok(`SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);

  it("DEEP CLONE copies the version's files and definition into a table of its own, which outlives its source's changes", async () => {
    await ok("CREATE TABLE sales_copy DEEP CLONE sales");
    expect(await ids("sales_copy")).toEqual([1, 3]);
    const [source, copy] = [await detail("sales"), await detail("sales_copy")];
    expect(copy.id).not.toBe(source.id);
    expect(copy.partitionColumns).toEqual(["day"]);
    expect(copy.properties).toEqual(source.properties);
    expect(copy.numFiles).toBe(source.numFiles);

    const [commitInfo, ...rest] = await actionsOf("sales_copy", 0);
    expect(commitInfo.commitInfo).toMatchObject({ operation: "CLONE", operationParameters: { source: "hive_metastore.default.sales", sourceVersion: 2, isShallow: false } });
    const adds = rest.filter((a) => a.add).map((a) => a.add);
    expect(adds.every((a) => !a.path.includes(":") && existsSync(path.join(copy.location.replace(/^file:/, ""), decodeURIComponent(a.path))))).toBe(true);

    await ok("INSERT INTO sales VALUES (4, 40.00, DATE '2024-01-03')");
    expect(await ids("sales_copy")).toEqual([1, 3]);
    expect((await ok("DESCRIBE TABLE sales_copy")).find((r) => r.col_name === "id")?.comment).toBe("order number");
    expect(await refused("INSERT INTO sales_copy VALUES (NULL, 1.00, DATE '2024-01-01')")).toContain("NOT_NULL");
  });

  it("SHALLOW CLONE names the source's files where they are; writes to it and VACUUM leave the source whole", async () => {
    await ok("CREATE TABLE sales_dev SHALLOW CLONE sales VERSION AS OF 2");
    expect(await ids("sales_dev")).toEqual([1, 3]);
    const adds = (await actionsOf("sales_dev", 0)).filter((a) => a.add).map((a) => a.add);
    const sourceRoot = await rootOf("sales");
    expect(adds.length).toBeGreaterThan(0);
    for (const add of adds) expect(fileURLToPath(add.path).startsWith(sourceRoot + path.sep)).toBe(true);
    expect(adds.some((a) => a.deletionVector?.storageType === "p")).toBe(true);
    expect((await actionsOf("sales_dev", 0))[0].commitInfo.operationParameters).toMatchObject({ isShallow: true, sourceVersion: 2 });

    await ok("DELETE FROM sales_dev WHERE id = 1");
    await ok("INSERT INTO sales_dev VALUES (9, 90.00, DATE '2024-01-09')");
    await ok("VACUUM sales_dev RETAIN 0 HOURS");
    expect(await ids("sales_dev")).toEqual([3, 9]);
    expect(await ids("sales")).toEqual([1, 3, 4]);
  });

  it("DEEP CLONE of a shallow clone copies the files and deletion vectors it names by URI into its own root; cloning again copies nothing", async () => {
    await ok("CREATE TABLE sales_shallow SHALLOW CLONE sales VERSION AS OF 2");
    await ok("CREATE TABLE sales_solid DEEP CLONE sales_shallow");
    expect(await ids("sales_solid")).toEqual([1, 3]);
    const root = await rootOf("sales_solid");
    const adds = (await actionsOf("sales_solid", 0)).filter((a) => a.add).map((a) => a.add);
    for (const add of adds) {
      expect(add.path).not.toContain(":");
      expect(existsSync(path.join(root, decodeURIComponent(add.path)))).toBe(true);
    }
    const dvs = adds.map((a) => a.deletionVector).filter(Boolean);
    expect(dvs.length).toBeGreaterThan(0);
    expect(dvs.every((dv) => dv.storageType === "u")).toBe(true);
    expect(readdirSync(root).filter((f) => f.startsWith("deletion_vector_"))).toHaveLength(dvs.length);

    await ok("CREATE OR REPLACE TABLE sales_solid DEEP CLONE sales_shallow");
    const [history] = await ok("DESCRIBE HISTORY sales_solid LIMIT 1");
    expect((history.operationMetrics as Record<string, string>).numCopiedFiles).toBe("0");
    expect(await ids("sales_solid")).toEqual([1, 3]);
  });

  it("CREATE TABLE … LIKE makes the definition without the rows; LIKE a view takes its columns", async () => {
    await ok("CREATE TABLE clustered (id BIGINT, region STRING) CLUSTER BY (region) TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await ok("CREATE TABLE sales_shape LIKE sales");
    const shape = await detail("sales_shape");
    expect(shape.partitionColumns).toEqual(["day"]);
    expect(shape.properties).toMatchObject({ "delta.enableChangeDataFeed": "true" });
    expect(shape.numFiles).toBe(0);
    expect((await ok("DESCRIBE TABLE sales_shape")).slice(0, 3).map((r) => [r.col_name, r.data_type, r.comment])).toEqual([
      ["id", "bigint", "order number"],
      ["amount", "decimal(10,2)", null],
      ["day", "date", null],
    ]);
    expect(await refused("INSERT INTO sales_shape VALUES (NULL, 1.00, DATE '2024-01-01')")).toContain("NOT_NULL");

    await ok("CREATE TABLE clustered_shape LIKE clustered TBLPROPERTIES ('delta.appendOnly' = 'true')");
    const c = await detail("clustered_shape");
    expect(c.clusteringColumns).toEqual(["region"]);
    expect(c.properties).toMatchObject({ "delta.columnMapping.mode": "name", "delta.appendOnly": "true" });
    const [schemaFrom, schemaTo] = [(await actionsOf("clustered", 0)).find((a) => a.metaData), (await actionsOf("clustered_shape", 0)).find((a) => a.metaData)];
    const physical = (a: any) => JSON.parse(a.metaData.schemaString).fields.map((f: any) => f.metadata["delta.columnMapping.physicalName"]);
    expect(physical(schemaTo)).toHaveLength(2);
    expect(physical(schemaTo)).not.toEqual(physical(schemaFrom));

    await ok("CREATE VIEW big_sales AS SELECT id, amount * 2 AS doubled FROM sales");
    await ok("CREATE TABLE big_shape LIKE big_sales");
    expect((await ok("DESCRIBE TABLE big_shape")).map((r) => [r.col_name, r.data_type])).toEqual([
      ["id", "bigint"],
      ["doubled", "decimal(12,2)"],
    ]);
  });

  it("CREATE OR REPLACE … CLONE over a clone copies only what changed in the source, keeping the clone's history", async () => {
    await ok("CREATE TABLE mirror (id BIGINT NOT NULL COMMENT 'order number', amount DECIMAL(10,2), day DATE) PARTITIONED BY (day)");
    await ok("CREATE OR REPLACE TABLE mirror DEEP CLONE sales");
    const first = await detail("mirror");
    expect(await ids("mirror")).toEqual(await ids("sales"));
    await ok("INSERT INTO sales VALUES (5, 50.00, DATE '2024-01-05')");
    await ok("DELETE FROM sales WHERE id = 1");
    await ok("CREATE OR REPLACE TABLE mirror DEEP CLONE sales");
    expect(await ids("mirror")).toEqual(await ids("sales"));
    const second = await detail("mirror");
    expect(second.id).toBe(first.id);
    const [history] = await ok("DESCRIBE HISTORY mirror LIMIT 1");
    expect(history.operation).toBe("CLONE");
    expect(Number(history.version)).toBe(2);
    const metrics = history.operationMetrics as Record<string, string>;
    const sourceFiles = Number((await detail("sales")).numFiles);
    // the new file, and the file whose deletion vector changed, are copied; the rest the mirror already holds
    expect(Number(metrics.numCopiedFiles)).toBeLessThan(sourceFiles);
    expect(Number(metrics.numCopiedFiles)).toBeGreaterThan(0);
    expect(await ok("SELECT count(*) AS n FROM mirror VERSION AS OF 0")).toEqual([{ n: 0 }]);
    await ok("CREATE OR REPLACE TABLE mirror SHALLOW CLONE sales");
    expect(await ids("mirror")).toEqual(await ids("sales"));
    expect(Number((await detail("mirror")).numFiles)).toBe(sourceFiles);
  });

  it("refuses what it cannot clone, naming why, and leaves nothing behind", async () => {
    expect(await refused("CREATE TABLE c1 CLONE nowhere")).toContain("TABLE_OR_VIEW_NOT_FOUND");
    expect(await refused("CREATE TABLE sales_copy CLONE sales")).toContain("TABLE_OR_VIEW_ALREADY_EXISTS");
    expect(await refused("CREATE OR REPLACE TABLE sales CLONE sales")).toContain("CLONE of a table onto itself");
    expect(await refused("CREATE TABLE c2 SHALLOW CLONE sales PARTITIONED BY (day)")).toContain("PARSE_SYNTAX_ERROR");
    expect(await refused("CREATE TABLE c3 CLONE sales VERSION AS OF 99")).toContain("DELTA_VERSION_NOT_FOUND");
    const tables = (await ok("SHOW TABLES")).map((r) => r.tableName);
    expect(tables.filter((t) => /^c\d$/.test(String(t)))).toEqual([]);
    const warehouse = path.dirname(await rootOf("sales"));
    expect(readdirSync(warehouse).filter((d) => /^c\d$/.test(d))).toEqual([]);
  });
});
