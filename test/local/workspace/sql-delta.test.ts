import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDeltaTable } from "../../../src/delta/index.js";
import { ACCOUNT_HOST, containerSas, expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

/**
 * A partitioned Delta folder with deletion vectors and a checkpoint, written outside the workspace
 * by the project's own Delta writer: ids 0-19 less the multiples of 5, so 16 rows.
 */
async function writeDeltaFolder(folder: string): Promise<void> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  try {
    const field = (name: string, type: string) => ({ name, type, nullable: true, metadata: {} });
    const table = openDeltaTable(folder);
    await table.create({
      schema: { type: "struct", fields: [field("id", "long"), field("part", "string")] },
      partitionColumns: ["part"],
      properties: { "delta.enableDeletionVectors": "true", "delta.checkpointInterval": "2" },
    });
    await table.append(conn, "SELECT range AS id, CASE WHEN range % 2 = 0 THEN 'even' ELSE 'odd' END AS part FROM range(20)");
    await table.deleteWhere(conn, "id % 5 = 0"); // version 2: deletion vectors, and the checkpoint
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

describe("the Spark SQL subset over Delta tables", () => {
  let h: Harness;
  let ctx: string;
  const scratch = mkdtempSync(path.join(os.tmpdir(), "sql-delta-"));
  const sql = (command: string) => h.client.sql(ctx, command);
  const ok = async (command: string) => {
    const done = await sql(command);
    if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
    return done;
  };

  beforeAll(async () => {
    h = await startHarness({ tableRoots: [scratch] });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
  });
  afterAll(async () => {
    await h.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("creates schemas and lists them (SHOW SCHEMAS / DATABASES, LIKE)", async () => {
    await ok("CREATE SCHEMA sales");
    await ok("CREATE DATABASE IF NOT EXISTS sales");
    expect(expectError(await sql("CREATE SCHEMA sales"))).toContain("SCHEMA_ALREADY_EXISTS");
    await ok("CREATE SCHEMA IF NOT EXISTS hive_metastore.staging_area");
    expect(rows(await ok("SHOW SCHEMAS")).map((r) => r.databaseName)).toEqual(["default", "sales", "staging_area"]);
    expect(rows(await ok("SHOW DATABASES IN spark_catalog LIKE 'sal*|stag*'")).map((r) => r.databaseName)).toEqual(["sales", "staging_area"]);
    expect(rows(await ok("SHOW CATALOGS"))).toEqual([{ catalog: "hive_metastore" }, { catalog: "main" }]);
    expect(expectError(await sql("SHOW SCHEMAS IN nowhere"))).toContain("nowhere");
  });

  it("creates a Delta table with every type and inserts VALUES without loss", async () => {
    await ok(`CREATE TABLE sales.all_types (
      id BIGINT NOT NULL, big BIGINT, d DECIMAL(38,18), ts TIMESTAMP, ntz TIMESTAMP_NTZ, dt DATE, bin BINARY,
      s STRUCT<city: STRING, zip: INT>, arr ARRAY<INT>, m MAP<STRING, BIGINT>, name STRING, f DOUBLE, ok BOOLEAN
    ) USING DELTA COMMENT 'every type' TBLPROPERTIES ('delta.appendOnly' = 'false')`);
    const inserted = await ok(`INSERT INTO sales.all_types VALUES
      (1, 9007199254740993, 12345678901234567890.123456789012345678, TIMESTAMP '2024-03-01 12:34:56.123456', TIMESTAMP_NTZ '2024-03-01 12:34:56.654321',
       DATE '2024-02-29', X'00FF', named_struct('city', 'Paris', 'zip', 75001), array(1, 2, 3), map('a', 9223372036854775807), 'one', 1.5, true),
      (2, -9223372036854775808, -0.000000000000000001, TIMESTAMP '1970-01-01 00:00:00', NULL, DATE '1900-01-01', NULL, NULL, array(), map(), 'two', NULL, false)`);
    expect(rows(inserted)).toEqual([{ num_affected_rows: 2, num_inserted_rows: 2 }]);
    const result = await ok("SELECT * FROM sales.all_types ORDER BY id");
    expect(result.results.schema.map((c: any) => [c.name, JSON.parse(c.type)])).toEqual([
      ["id", "long"],
      ["big", "long"],
      ["d", "decimal(38,18)"],
      ["ts", "timestamp"],
      ["ntz", "timestamp_ntz"],
      ["dt", "date"],
      ["bin", "binary"],
      [
        "s",
        {
          type: "struct",
          fields: [
            { name: "city", type: "string", nullable: true, metadata: {} },
            { name: "zip", type: "integer", nullable: true, metadata: {} },
          ],
        },
      ],
      ["arr", { type: "array", elementType: "integer", containsNull: true }],
      ["m", { type: "map", keyType: "string", valueType: "long", valueContainsNull: true }],
      ["name", "string"],
      ["f", "double"],
      ["ok", "boolean"],
    ]);
    expect(result.results.data).toEqual([
      [1, "9007199254740993", "12345678901234567890.123456789012345678", "2024-03-01T12:34:56.123456Z", "2024-03-01T12:34:56.654321", "2024-02-29", "AP8=", { city: "Paris", zip: 75001 }, [1, 2, 3], { a: "9223372036854775807" }, "one", 1.5, true],
      [2, "-9223372036854775808", "-0.000000000000000001", "1970-01-01T00:00:00.000000Z", null, "1900-01-01", null, null, [], {}, "two", null, false],
    ]);
  });

  it("inserts by column list and from SELECT, by position, and checks arity", async () => {
    await ok("INSERT INTO sales.all_types (id, name) VALUES (3, 'three')");
    await ok("INSERT INTO sales.all_types (name, id) SELECT concat('n', id), id FROM range(10, 15)");
    expect(rows(await ok("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM sales.all_types"))).toEqual([{ n: 8, lo: 1, hi: 14 }]);
    expect(rows(await ok("SELECT name FROM sales.all_types WHERE id = 12"))).toEqual([{ name: "n12" }]);
    expect(expectError(await sql("INSERT INTO sales.all_types VALUES (1, 2)"))).toContain("INSERT_COLUMN_ARITY_MISMATCH");
    expect(expectError(await sql("INSERT INTO sales.all_types (nope) VALUES (1)"))).toContain("nope");
    expect(expectError(await sql("INSERT INTO sales.all_types (name) VALUES ('no id')"))).toMatch(/NOT_NULL|null/i);
  });

  it("casts a string to BINARY as its UTF-8 bytes, backslashes and all, as Spark does", async () => {
    expect(rows(await ok("SELECT hex(CAST('a\\\\x41' AS BINARY)) AS h, length('a\\\\x41') AS n, hex(TRY_CAST('é\\\\q' AS BINARY)) AS e, CAST(NULL AS BINARY) AS z"))).toEqual([
      { h: "615C783431", n: 5, e: "C3A95C71", z: null },
    ]);
    await ok("CREATE TABLE sales.bins (id INT, s STRING, b BINARY) USING DELTA");
    await ok("INSERT INTO sales.bins SELECT 1, 'one\\\\', CAST('a\\\\x41' AS BINARY)");
    expect(rows(await ok("SELECT hex(b) AS h, hex(CAST(b AS BINARY)) AS same, hex(CAST(s AS BINARY)) AS fromColumn FROM sales.bins"))).toEqual([
      { h: "615C783431", same: "615C783431", fromColumn: "6F6E655C" },
    ]);
    await ok("DROP TABLE sales.bins");
  });

  it("takes a NUL character in a string literal (\\0, \\u0000 or the character itself) and stores it, as Spark does", async () => {
    await ok("CREATE TABLE sales.nuls (id INT, s STRING, m MAP<STRING, STRING>) USING DELTA");
    await ok("INSERT INTO sales.nuls VALUES (1, 'a\\0b', map('k\\u0000', 'v')), (2, '\\u0000', NULL), (3, 'x\u0000y\u0000', NULL)");
    expect(rows(await ok("SELECT id, s, length(s) AS n, m FROM sales.nuls ORDER BY id"))).toEqual([
      { id: 1, s: "a\u0000b", n: 3, m: { "k\u0000": "v" } },
      { id: 2, s: "\u0000", n: 1, m: null },
      { id: 3, s: "x\u0000y\u0000", n: 4, m: null },
    ]);
    expect(rows(await ok("SELECT id FROM sales.nuls WHERE s = 'a\\u0000b'"))).toEqual([{ id: 1 }]);
    await ok("DROP TABLE sales.nuls");
  });

  it("reads a timestamp as its microseconds since the epoch (unix_micros) and back (timestamp_micros), as Spark does", async () => {
    await ok("CREATE TABLE sales.instants (changed_at TIMESTAMP, local_at TIMESTAMP_NTZ) USING DELTA");
    await ok("INSERT INTO sales.instants VALUES (TIMESTAMP'2024-11-03 05:30:00.000001Z', TIMESTAMP_NTZ'1969-12-31 23:59:59.999999'), (NULL, NULL)");
    const micros = "CAST(unix_micros(min(changed_at)) AS STRING) AS us, unix_micros(min(local_at)) AS localUs, unix_micros(max(CAST(NULL AS TIMESTAMP))) AS none";
    expect(rows(await ok(`SELECT ${micros} FROM sales.instants`))).toEqual([{ us: "1730611800000001", localUs: -1, none: null }]);
    // the bound a held-key check writes: a row a microsecond before it is left out
    expect(rows(await ok("SELECT count(*) AS n FROM sales.instants WHERE changed_at >= timestamp_micros(1730611800000001) AND changed_at <= timestamp_micros(1730611800000001)"))).toEqual([{ n: 1 }]);
    expect(rows(await ok("SELECT count(*) AS n FROM sales.instants WHERE changed_at >= timestamp_micros(1730611800000002)"))).toEqual([{ n: 0 }]);
    await ok("DROP TABLE sales.instants");
  });

  it("selects with projection, WHERE, ORDER BY, LIMIT and three-part names", async () => {
    const r = await ok("SELECT id, name FROM hive_metastore.sales.all_types WHERE id > 2 AND name LIKE 'n%' ORDER BY id DESC LIMIT 2");
    expect(rows(r)).toEqual([
      { id: 14, name: "n14" },
      { id: 13, name: "n13" },
    ]);
    await ok("USE sales");
    expect(rows(await ok("SELECT s.city FROM all_types WHERE s.zip = 75001"))).toEqual([{ city: "Paris" }]);
    await ok("USE default");
    expect(expectError(await sql("SELECT * FROM all_types"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("refuses a set operation that compares rows holding a MAP, as Spark does, and runs the others", async () => {
    const refused = (sql: string) => sql.replace(/.*\[UNSUPPORTED_FEATURE\.SET_OPERATION_ON_MAP_TYPE\] /s, "");
    const message = (column: string, type: string) =>
      `The feature is not supported: Cannot have MAP type columns in DataFrame which calls set operations (INTERSECT, EXCEPT, etc.), but the type of column \`${column}\` is "${type}". SQLSTATE: 0A000`;
    const t = "sales.all_types";
    expect(refused(expectError(await sql(`SELECT id, m FROM ${t} EXCEPT ALL SELECT id, m FROM ${t}`)))).toBe(message("m", "MAP<STRING, BIGINT>"));
    expect(refused(expectError(await sql(`SELECT struct(id, m) AS s FROM ${t} INTERSECT SELECT struct(id, m) FROM ${t}`)))).toBe(
      message("s", "STRUCT<id: BIGINT, m: MAP<STRING, BIGINT>>"),
    );
    expect(refused(expectError(await sql(`SELECT id FROM (SELECT id, array(m) AS a FROM ${t} UNION SELECT id, array(m) FROM ${t})`)))).toBe(
      message("a", "ARRAY<MAP<STRING, BIGINT>>"),
    );
    // an operand naming a WITH query of the enclosing query; MINUS is EXCEPT
    const withQuery = `WITH x AS (SELECT id, named_struct('in', m) AS s FROM ${t}) SELECT count(*) AS n FROM (SELECT s FROM x MINUS SELECT s FROM x WHERE id = 1)`;
    expect(refused(expectError(await sql(withQuery)))).toBe(message("s", "STRUCT<in: MAP<STRING, BIGINT>>"));
    expect(expectError(await sql(`SELECT m FROM ${t} UNION DISTINCT SELECT m FROM ${t}`))).toContain("SET_OPERATION_ON_MAP_TYPE");
    const inWith = `WITH x AS (SELECT id, m FROM ${t}), y AS (SELECT m FROM x EXCEPT ALL SELECT m FROM x) SELECT count(*) AS n FROM y`;
    expect(refused(expectError(await sql(inWith)))).toBe(message("m", "MAP<STRING, BIGINT>"));
    expect(rows(await ok(inWith.replaceAll("SELECT m FROM x", "SELECT id FROM x")))).toEqual([{ n: 0 }]);

    // UNION ALL keeps maps; set operations without a map compare rows as before
    expect(rows(await ok(`SELECT count(*) AS n FROM (SELECT m FROM ${t} UNION ALL SELECT m FROM ${t})`))).toEqual([{ n: 16 }]);
    expect(rows(await ok(`SELECT id FROM ${t} EXCEPT ALL SELECT id FROM ${t} WHERE id > 2 ORDER BY id`))).toEqual([{ id: 1 }, { id: 2 }]);
    expect(rows(await ok(`SELECT * EXCEPT (m, s, bin) FROM ${t} WHERE id = 1 INTERSECT ALL SELECT * EXCEPT (m, s, bin) FROM ${t}`)).map((r) => r.id)).toEqual([1]);
    // what a run compares rows with instead: a JSON key per row, numbered per key, and an anti join
    const keyed = (where: string) =>
      `SELECT id, k, row_number() OVER (PARTITION BY k ORDER BY k) AS copy FROM (SELECT id, to_json(struct(id, m), map('timestampFormat', 'yyyy-MM-dd\\'T\\'HH:mm:ss.SSSSSSXXX')) AS k FROM ${t} ${where}) AS keyed`;
    const added = await ok(`SELECT id FROM (${keyed("")}) AS a LEFT ANTI JOIN (${keyed("WHERE id <> 2")}) AS b ON a.k = b.k AND a.copy = b.copy`);
    expect(rows(added)).toEqual([{ id: 2 }]);
    expect(rows(await ok(`SELECT to_json(struct(id, m)) AS j FROM ${t} WHERE id = 1`))).toEqual([{ j: '{"id":1,"m":{"a":9223372036854775807}}' }]);
  });

  it("shows tables and describes them (TABLE, EXTENDED, DETAIL, HISTORY)", async () => {
    expect(rows(await ok("SHOW TABLES IN sales"))).toEqual([{ database: "sales", tableName: "all_types", isTemporary: false }]);
    const cols = rows(await ok("DESCRIBE TABLE sales.all_types"));
    expect(cols.slice(0, 3)).toEqual([
      { col_name: "id", data_type: "bigint", comment: null },
      { col_name: "big", data_type: "bigint", comment: null },
      { col_name: "d", data_type: "decimal(38,18)", comment: null },
    ]);
    expect(cols.find((c) => c.col_name === "s")?.data_type).toBe("struct<city:string,zip:int>");
    const extended = rows(await ok("DESCRIBE TABLE EXTENDED sales.all_types"));
    expect(extended.find((r) => r.col_name === "Type")?.data_type).toBe("MANAGED");
    expect(extended.find((r) => r.col_name === "Provider")?.data_type).toBe("delta");
    const [detail] = rows(await ok("DESCRIBE DETAIL sales.all_types"));
    expect(detail).toMatchObject({ format: "delta", name: "hive_metastore.sales.all_types", partitionColumns: [] });
    expect(detail.numFiles).toBeGreaterThanOrEqual(3);
    expect(String(detail.location)).toContain(path.join("warehouse", "hive_metastore", "sales.db", "all_types"));
    const history = rows(await ok("DESCRIBE HISTORY sales.all_types"));
    expect(history.map((r) => r.version)).toEqual([3, 2, 1, 0]);
    expect(history[3].operation).toBe("CREATE TABLE");
    expect(history[0].operation).toBe("WRITE");
    expect(rows(await ok("DESCRIBE HISTORY sales.all_types LIMIT 1"))).toHaveLength(1);
  });

  it("shows a table's properties with its protocol (SHOW TBLPROPERTIES) and its columns' names (SHOW COLUMNS)", async () => {
    const properties = rows(await ok("SHOW TBLPROPERTIES sales.all_types"));
    expect(properties).toContainEqual({ key: "delta.appendOnly", value: "false" });
    expect(properties).toContainEqual({ key: "delta.enableDeletionVectors", value: "true" });
    expect(properties).toContainEqual({ key: "delta.feature.deletionVectors", value: "supported" });
    expect(properties.map((p) => p.key)).toEqual([...properties.map((p) => p.key)].sort());
    expect(rows(await ok("SHOW TBLPROPERTIES sales.all_types ('delta.minWriterVersion')"))).toEqual([{ key: "delta.minWriterVersion", value: "7" }]);
    expect(rows(await ok("SHOW TBLPROPERTIES sales.all_types (nothing.here)"))).toEqual([
      { key: "nothing.here", value: "Table hive_metastore.sales.all_types does not have property: nothing.here" },
    ]);
    const names = rows(await ok("SHOW COLUMNS IN all_types IN sales")).map((r) => r.col_name);
    expect(names.slice(0, 3)).toEqual(["id", "big", "d"]);
    expect(rows(await ok("SHOW COLUMNS FROM sales.all_types")).map((r) => r.col_name)).toEqual(names);
    expect(expectError(await sql("SHOW TBLPROPERTIES sales.nothing"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("deletes with deletion vectors and still time-travels to the rows before", async () => {
    const before = rows(await ok("DESCRIBE HISTORY sales.all_types LIMIT 1"))[0];
    const deleted = await ok("DELETE FROM sales.all_types WHERE id >= 13");
    expect(rows(deleted)).toEqual([{ num_affected_rows: 2 }]);
    const [detail] = rows(await ok("DESCRIBE DETAIL sales.all_types"));
    expect(detail.tableFeatures).toContain("deletionVectors");
    expect(rows(await ok("SELECT count(*) AS n FROM sales.all_types"))).toEqual([{ n: 6 }]);
    expect(rows(await ok(`SELECT count(*) AS n FROM sales.all_types VERSION AS OF ${before.version}`))).toEqual([{ n: 8 }]);
    expect(rows(await ok(`SELECT count(*) AS n FROM sales.all_types TIMESTAMP AS OF '${before.timestamp}'`))).toEqual([{ n: 8 }]);
    expect(rows(await ok("SELECT count(*) AS n FROM sales.all_types VERSION AS OF 0"))).toEqual([{ n: 0 }]);
    expect(expectError(await sql("SELECT * FROM sales.all_types VERSION AS OF 99"))).toMatch(/version/i);
    expect(rows(await ok("DELETE FROM sales.all_types WHERE id = 999"))).toEqual([{ num_affected_rows: 0 }]);
  });

  it("records the change data feed once enabled and reads it with table_changes", async () => {
    await ok("CREATE TABLE sales.orders (order_id BIGINT, amount DECIMAL(18,2), status STRING) USING DELTA");
    await ok("ALTER TABLE sales.orders SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    const [detail] = rows(await ok("DESCRIBE DETAIL sales.orders"));
    expect(detail.properties).toMatchObject({ "delta.enableChangeDataFeed": "true" });
    const start = rows(await ok("DESCRIBE HISTORY sales.orders LIMIT 1"))[0].version as number;
    await ok("INSERT INTO sales.orders VALUES (1, 10.50, 'placed'), (2, 20.00, 'placed'), (3, 5.25, 'placed')");
    await ok("DELETE FROM sales.orders WHERE order_id = 2");
    const changes = rows(await ok(`SELECT order_id, amount, _change_type, _commit_version FROM table_changes('sales.orders', ${start + 1}) ORDER BY _commit_version, order_id`));
    expect(changes).toEqual([
      { order_id: 1, amount: "10.50", _change_type: "insert", _commit_version: start + 1 },
      { order_id: 2, amount: "20.00", _change_type: "insert", _commit_version: start + 1 },
      { order_id: 3, amount: "5.25", _change_type: "insert", _commit_version: start + 1 },
      { order_id: 2, amount: "20.00", _change_type: "delete", _commit_version: start + 2 },
    ]);
    const onlyDelete = rows(await ok(`SELECT _change_type FROM table_changes('hive_metastore.sales.orders', ${start + 2}, ${start + 2})`));
    expect(onlyDelete).toEqual([{ _change_type: "delete" }]);
    const schema = (await ok(`SELECT * FROM table_changes('sales.orders', ${start + 1}) LIMIT 1`)).results.schema.map((c: any) => c.name);
    expect(schema).toEqual(["order_id", "amount", "status", "_change_type", "_commit_version", "_commit_timestamp"]);
  });

  it("creates a table from a query in one commit (CTAS)", async () => {
    await ok("CREATE TABLE sales.big_ids AS SELECT id, 9007199254740993L * 1000 AS huge, CAST(id AS DECIMAL(20,2)) AS amount FROM range(5)");
    const history = rows(await ok("DESCRIBE HISTORY sales.big_ids"));
    expect(history).toHaveLength(1);
    expect(history[0].operation).toBe("CREATE TABLE AS SELECT");
    const r = await ok("SELECT huge, amount FROM sales.big_ids WHERE id = 4");
    expect(rows(r)).toEqual([{ huge: "9007199254740993000", amount: "4.00" }]);
    expect(expectError(await sql("CREATE TABLE sales.big_ids AS SELECT 1 AS a"))).toContain("TABLE_OR_VIEW_ALREADY_EXISTS");
    await ok("CREATE TABLE IF NOT EXISTS sales.big_ids AS SELECT 1 AS a");
  });

  it("brings an existing Delta folder in as an external table (CREATE TABLE … USING DELTA LOCATION)", async () => {
    const folder = path.join(scratch, "dv-partitioned");
    await writeDeltaFolder(folder);
    const expectedRows = 16;
    expect(readdirSync(path.join(folder, "_delta_log"))).toContain("00000000000000000002.checkpoint.parquet");
    await ok(`CREATE TABLE sales.external_dv USING DELTA LOCATION '${folder}'`);
    expect(rows(await ok("SELECT count(*) AS n FROM sales.external_dv"))).toEqual([{ n: expectedRows }]);
    const [detail] = rows(await ok("DESCRIBE DETAIL sales.external_dv"));
    expect(detail.location).toBe(`file:${folder}`);
    expect(rows(await ok("DESCRIBE TABLE EXTENDED sales.external_dv")).find((r) => r.col_name === "Type")?.data_type).toBe("EXTERNAL");
    // a path-based reference reads the same table
    expect(rows(await ok(`SELECT count(*) AS n FROM delta.\`${folder}\``))).toEqual([{ n: expectedRows }]);
    const empty = mkdtempSync(path.join(scratch, "empty-"));
    expect(expectError(await sql(`CREATE TABLE sales.nothing USING DELTA LOCATION '${empty}'`))).toContain("DELTA_CREATE_EXTERNAL_TABLE_WITHOUT_TXN_LOG");
    // dropping an external table leaves its files
    await ok("DROP TABLE sales.external_dv");
    expect(readFileSync(path.join(folder, "_delta_log", "00000000000000000000.json"), "utf8").length).toBeGreaterThan(0);
    expect(expectError(await sql("SELECT * FROM sales.external_dv"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("exports a pinned version of a Delta table to Blob as Parquet", async () => {
    const { sas } = await containerSas(h, "export");
    await h.client.post("/api/2.1/clusters/update", {
      cluster_id: h.ws.clusterId,
      update_mask: "spark_conf",
      cluster: { spark_conf: { [`fs.azure.sas.export.${ACCOUNT_HOST}`]: sas } },
    });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
    const version = rows(await ok("DESCRIBE HISTORY sales.all_types LIMIT 1"))[0].version;
    await ok(`INSERT OVERWRITE DIRECTORY 'wasbs://export@${ACCOUNT_HOST}/adobe-managed-staging/flow/run' USING PARQUET
              SELECT id, big, d, ts, ntz, s, m FROM sales.all_types VERSION AS OF ${version} WHERE id <= 2`);
    const container = h.blobService.getContainerClient("export");
    const files: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: "adobe-managed-staging/flow/run/part-" })) {
      const file = path.join(scratch, path.basename(b.name));
      writeFileSync(file, await container.getBlobClient(b.name).downloadToBuffer());
      files.push(file);
    }
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      const r = await conn.runAndReadAll(
        `SELECT id, CAST(big AS VARCHAR) AS big, CAST(d AS VARCHAR) AS d, typeof(d) AS dt, typeof(ts) AS tst, typeof(ntz) AS ntzt, s.city AS city FROM read_parquet([${files.map((f) => `'${f}'`).join(",")}]) ORDER BY id`,
      );
      expect(r.getRowObjectsJson()).toEqual([
        { id: "1", big: "9007199254740993", d: "12345678901234567890.123456789012345678", dt: "DECIMAL(38,18)", tst: "TIMESTAMP WITH TIME ZONE", ntzt: "TIMESTAMP", city: "Paris" },
        { id: "2", big: "-9223372036854775808", d: "-0.000000000000000001", dt: "DECIMAL(38,18)", tst: "TIMESTAMP WITH TIME ZONE", ntzt: "TIMESTAMP", city: null },
      ]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it("drops tables and schemas, refusing a non-empty schema without CASCADE", async () => {
    expect(expectError(await sql("DROP SCHEMA sales"))).toContain("SCHEMA_NOT_EMPTY");
    await ok("DROP TABLE sales.big_ids");
    await ok("DROP TABLE IF EXISTS sales.big_ids");
    expect(expectError(await sql("DROP TABLE sales.big_ids"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
    await ok("DROP SCHEMA sales CASCADE");
    expect(rows(await ok("SHOW SCHEMAS")).map((r) => r.databaseName)).toEqual(["default", "staging_area"]);
  });

  it("creates catalogs and resolves three-part names in them", async () => {
    await ok("CREATE CATALOG IF NOT EXISTS main");
    expect(rows(await ok("SHOW CATALOGS")).map((r) => r.catalog)).toEqual(["hive_metastore", "main"]);
    await ok("USE CATALOG main");
    expect(rows(await ok("SHOW SCHEMAS")).map((r) => r.databaseName)).toEqual(["default"]);
    await ok("CREATE TABLE main.default.t AS SELECT 1 AS x");
    await ok("USE CATALOG spark_catalog");
    expect(rows(await ok("SELECT x FROM main.default.t"))).toEqual([{ x: 1 }]);
    expect(expectError(await sql("SELECT x FROM nowhere.default.t"))).toContain("TABLE_OR_VIEW_NOT_FOUND");
  });
});
