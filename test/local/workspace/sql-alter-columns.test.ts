/**
 * ALTER TABLE … ADD COLUMNS, RENAME COLUMN and DROP COLUMNS in the local workspace, as a Databricks
 * user sees them: each one commit whose DESCRIBE HISTORY row has Delta's operation and parameters, the
 * new columns NULL in the rows already there, earlier versions and the change feed read as before,
 * and Spark's errors for what Databricks refuses (a name taken, NOT NULL, rename or drop without
 * column mapping).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSharingClient, readSharedVersion } from "../../../src/delta-sharing/index.js";
import { expectError, rows, startHarness, type Harness } from "../../support/local-workspace.js";

const RECIPIENT_TOKEN = "dss-alter-columns";

describe("ALTER TABLE … ADD COLUMNS, RENAME COLUMN, DROP COLUMNS", () => {
  let h: Harness;
  let ctx: string;
  const sql = (command: string) => h.client.sql(ctx, command);
  const ok = async (command: string) => {
    const done = await sql(command);
    if (done.results?.resultType !== "table") throw new Error(`${command}\n→ ${JSON.stringify(done.results)}`);
    return rows(done);
  };
  const latest = async (table: string) => (await ok(`DESCRIBE HISTORY ${table} LIMIT 1`))[0] as { version: number; operation: string; operationParameters: Record<string, string> };
  const describeColumns = async (table: string) => (await ok(`DESCRIBE TABLE ${table}`)).map((r) => [r.col_name, r.data_type, r.comment]);

  beforeAll(async () => {
    h = await startHarness({
      sharing: {
        shares: [{ name: "s", schemas: [{ name: "d", tables: [{ name: "evolved", source: "hive_metastore.default.shared_evolved" }] }] }],
        recipients: [{ name: "partner", bearerToken: RECIPIENT_TOKEN, shares: ["s"] }],
      },
    });
    await h.client.waitForState("RUNNING");
    ctx = await h.client.createContext();
  });
  afterAll(() => h.close());

  it("ADD COLUMNS: one commit, the new columns NULL in existing rows and in earlier versions absent", async () => {
    await ok("CREATE TABLE grown (id BIGINT, info STRUCT<a: INT>) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    await ok("INSERT INTO grown VALUES (1, named_struct('a', 1))");
    const before = (await latest("grown")).version as number;

    await ok("ALTER TABLE grown ADD COLUMNS (note STRING COMMENT 'free text', tags ARRAY<STRING>, attrs MAP<STRING, INT>, addr STRUCT<city: STRING, zip: INT>)");
    expect(await latest("grown")).toMatchObject({ version: before + 1, operation: "ADD COLUMNS" });
    const logged = JSON.parse((await latest("grown")).operationParameters.columns);
    expect(logged).toEqual([
      { column: { name: "note", type: "string", nullable: true, metadata: { comment: "free text" } } },
      { column: { name: "tags", type: "array", nullable: true, metadata: {} } },
      { column: { name: "attrs", type: "map", nullable: true, metadata: {} } },
      { column: { name: "addr", type: "struct", nullable: true, metadata: {} } },
    ]);
    expect(await describeColumns("grown")).toEqual([
      ["id", "bigint", null],
      ["info", "struct<a:int>", null],
      ["note", "string", "free text"],
      ["tags", "array<string>", null],
      ["attrs", "map<string,int>", null],
      ["addr", "struct<city:string,zip:int>", null],
    ]);

    // a nested field, and one column without parentheses, placed FIRST
    await ok("ALTER TABLE grown ADD COLUMN info.b STRING");
    await ok("ALTER TABLE grown ADD COLUMN region STRING FIRST");
    expect((await latest("grown")).operationParameters.columns).toBe(JSON.stringify([{ column: { name: "region", type: "string", nullable: true, metadata: {} }, position: "FIRST" }]));
    await ok("INSERT INTO grown VALUES ('eu', 2, named_struct('a', 2, 'b', 'x'), 'new', array('t'), map('k', 1), named_struct('city', 'Oslo', 'zip', 150))");

    expect(await ok("SELECT region, id, info, note, tags, attrs, addr FROM grown ORDER BY id")).toEqual([
      { region: null, id: 1, info: { a: 1, b: null }, note: null, tags: null, attrs: null, addr: null },
      { region: "eu", id: 2, info: { a: 2, b: "x" }, note: "new", tags: ["t"], attrs: { k: 1 }, addr: { city: "Oslo", zip: 150 } },
    ]);
    expect(await ok(`SELECT * FROM grown VERSION AS OF ${before}`)).toEqual([{ id: 1, info: { a: 1 } }]);
    expect(await ok(`SELECT id, note, _change_type FROM table_changes('grown', ${before}) ORDER BY id`)).toEqual([
      { id: 1, note: null, _change_type: "insert" },
      { id: 2, note: "new", _change_type: "insert" },
    ]);
  });

  it("ADD COLUMNS refuses a name the table has (any case), a name given twice, and NOT NULL, as Spark and Delta do; nothing is committed", async () => {
    await ok("CREATE TABLE strict (id BIGINT, Status STRING, s STRUCT<a: INT>) USING DELTA");
    const version = (await latest("strict")).version;
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMNS (status STRING)"))).toContain(
      '[FIELD_ALREADY_EXISTS] Cannot add column, because `status` already exists in "STRUCT<id: BIGINT, Status: STRING, s: STRUCT<a: INT>>". SQLSTATE: 42710',
    );
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMN s.A INT"))).toContain("[FIELD_ALREADY_EXISTS] Cannot add column, because `s`.`A` already exists");
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMNS (x INT, X STRING)"))).toContain("[COLUMN_ALREADY_EXISTS] The column `x` already exists.");
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMNS (ID INT, ID INT)"))).toContain("[FIELD_ALREADY_EXISTS] Cannot add column, because `ID` already exists");
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMNS (x INT NOT NULL)"))).toContain(
      "[DELTA_OPERATION_NOT_ALLOWED] Operation not allowed: `NOT NULL in ALTER TABLE ADD COLUMNS` is not supported for Delta tables",
    );
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMN nope.x INT"))).toContain("[UNRESOLVED_COLUMN.WITH_SUGGESTION]");
    expect(expectError(await sql("ALTER TABLE strict ADD COLUMN id.x INT"))).toContain("[DELTA_ADD_COLUMN_PARENT_NOT_STRUCT]");
    expect((await latest("strict")).version).toBe(version);

    await ok("ALTER TABLE strict ADD COLUMN after_id STRING AFTER ID");
    expect((await latest("strict")).operationParameters.columns).toBe(JSON.stringify([{ column: { name: "after_id", type: "string", nullable: true, metadata: {} }, position: "AFTER ID" }]));
    expect((await describeColumns("strict")).map(([name]) => name)).toEqual(["id", "after_id", "Status", "s"]);
  });

  it("RENAME COLUMN and DROP COLUMNS need column mapping, and say how to enable it", async () => {
    await ok("CREATE TABLE plain (id BIGINT, status STRING) USING DELTA");
    expect(expectError(await sql("ALTER TABLE plain RENAME COLUMN status TO state"))).toContain(
      "[DELTA_UNSUPPORTED_RENAME_COLUMN.ENABLE_COLUMN_MAPPING] Column rename is not supported for your Delta table. Enable Column Mapping on your Delta table with mapping mode 'name' by running: ALTER TABLE table_name SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name').",
    );
    expect(expectError(await sql("ALTER TABLE plain DROP COLUMN status"))).toContain("[DELTA_UNSUPPORTED_DROP_COLUMN.ENABLE_COLUMN_MAPPING] DROP COLUMN is not supported for your Delta table.");
    expect(await describeColumns("plain")).toEqual([
      ["id", "bigint", null],
      ["status", "string", null],
    ]);

    // once enabled (the existing files keep their column names as physical names), both work
    await ok("INSERT INTO plain VALUES (1, 'placed')");
    await ok("ALTER TABLE plain SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await ok("ALTER TABLE plain RENAME COLUMN status TO state");
    expect(await ok("SELECT id, state FROM plain")).toEqual([{ id: 1, state: "placed" }]);
  });

  it("on a column-mapped table: RENAME COLUMN and DROP COLUMNS keep the data, new columns get the next column ids, history and time travel follow", async () => {
    await ok("CREATE TABLE mapped (id BIGINT, status STRING, channel STRING, s STRUCT<a: INT, b: INT>) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name', delta.enableChangeDataFeed = true)");
    await ok("INSERT INTO mapped VALUES (1, 'placed', 'web', named_struct('a', 1, 'b', 2))");
    const inserted = (await latest("mapped")).version as number;
    const maxColumnId = async () => {
      const properties = (await ok("DESCRIBE TABLE EXTENDED mapped")).find((r) => r.col_name === "Table Properties")!.data_type as string;
      return Number(/delta\.columnMapping\.maxColumnId=(\d+)/.exec(properties)![1]);
    };
    expect(await maxColumnId()).toBe(6); // id, status, channel, s, s.a, s.b

    await ok("ALTER TABLE mapped RENAME COLUMN status TO state");
    expect(await latest("mapped")).toMatchObject({ operation: "RENAME COLUMN", operationParameters: { oldColumnPath: "status", newColumnPath: "state" } });
    await ok("ALTER TABLE mapped RENAME COLUMN S.A TO `a.x`");
    expect((await latest("mapped")).operationParameters).toEqual({ oldColumnPath: "s.a", newColumnPath: "s.`a.x`" });
    expect(expectError(await sql("ALTER TABLE mapped RENAME COLUMN state TO Channel"))).toContain("[FIELD_ALREADY_EXISTS] Cannot rename column, because `Channel` already exists");
    expect(expectError(await sql("ALTER TABLE mapped RENAME COLUMN nope TO other"))).toContain("[UNRESOLVED_COLUMN.WITH_SUGGESTION]");

    await ok("ALTER TABLE mapped DROP COLUMNS (channel, s.b)");
    expect(await latest("mapped")).toMatchObject({ operation: "DROP COLUMNS", operationParameters: { columns: '["channel","s.b"]' } });
    expect(expectError(await sql("ALTER TABLE mapped DROP COLUMN channel"))).toContain("[UNRESOLVED_COLUMN.WITH_SUGGESTION]");
    const unchanged = (await latest("mapped")).version;
    await ok("ALTER TABLE mapped DROP COLUMN IF EXISTS channel");
    expect((await latest("mapped")).version).toBe(unchanged);

    // a column added under a dropped column's name is a new column: NULL in the old rows, not their old values
    await ok("ALTER TABLE mapped ADD COLUMN channel STRING");
    expect(await maxColumnId()).toBe(7);
    await ok("INSERT INTO mapped VALUES (2, 'shipped', named_struct('a.x', 20), 'shop')");
    expect(await ok("SELECT * FROM mapped ORDER BY id")).toEqual([
      { id: 1, state: "placed", s: { "a.x": 1 }, channel: null },
      { id: 2, state: "shipped", s: { "a.x": 20 }, channel: "shop" },
    ]);
    expect(await ok(`SELECT * FROM mapped VERSION AS OF ${inserted}`)).toEqual([{ id: 1, status: "placed", channel: "web", s: { a: 1, b: 2 } }]);
    expect(await ok(`SELECT id, _change_type FROM table_changes('mapped', ${inserted}) ORDER BY id`)).toEqual([
      { id: 1, _change_type: "insert" },
      { id: 2, _change_type: "insert" },
    ]);
    const history = (await ok("DESCRIBE HISTORY mapped")).map((r) => r.operation);
    expect(history.slice(0, 5)).toEqual(["WRITE", "ADD COLUMNS", "DROP COLUMNS", "RENAME COLUMN", "RENAME COLUMN"]);

    expect(expectError(await sql("ALTER TABLE mapped DROP COLUMNS (id, state, s, channel)"))).toContain("[DELTA_DROP_COLUMN_ON_SINGLE_FIELD_SCHEMA]");
  });

  it("refuses dropping a partition column", async () => {
    await ok("CREATE TABLE parts (id BIGINT, day STRING) USING DELTA PARTITIONED BY (day) TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    expect(expectError(await sql("ALTER TABLE parts DROP COLUMN day"))).toContain("[DELTA_UNSUPPORTED_DROP_PARTITION_COLUMN] Dropping partition columns (day) is not allowed.");
    await ok("ALTER TABLE parts RENAME COLUMN day TO d");
    await ok("INSERT INTO parts VALUES (1, '2026-01-01')");
    expect(await ok("SELECT id, d FROM parts")).toEqual([{ id: 1, d: "2026-01-01" }]);
    expect((await ok("DESCRIBE DETAIL parts"))[0].partitionColumns).toEqual(["d"]);
  });

  it("a Delta Sharing recipient reads the table after RENAME, DROP and ADD under its new columns, and an earlier version under its old ones", async () => {
    await ok("CREATE TABLE shared_evolved (id BIGINT, status STRING, channel STRING) USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
    await ok("INSERT INTO shared_evolved VALUES (1, 'placed', 'web')");
    const inserted = (await latest("shared_evolved")).version;
    await ok("ALTER TABLE shared_evolved RENAME COLUMN status TO state");
    await ok("ALTER TABLE shared_evolved DROP COLUMN channel");
    await ok("ALTER TABLE shared_evolved ADD COLUMNS (note STRING)");
    await ok("INSERT INTO shared_evolved VALUES (2, 'shipped', 'new')");

    const work = mkdtempSync(path.join(os.tmpdir(), "alter-columns-sharing-"));
    const instance = await DuckDBInstance.create(":memory:");
    try {
      const conn = await instance.connect();
      const client = new DeltaSharingClient({ shareCredentialsVersion: 1, endpoint: h.ws.sharingEndpoint, bearerToken: RECIPIENT_TOKEN });
      const table = { share: "s", schema: "d", table: "evolved" };
      const read = async (version?: number) => {
        const shared = await readSharedVersion(conn, client, table, path.join(work, String(version ?? "latest")), version);
        return (await conn.runAndReadAll(`SELECT * FROM ${shared.relation} ORDER BY id`)).getRowObjectsJson();
      };
      expect(await read()).toEqual([
        { id: "1", state: "placed", note: null },
        { id: "2", state: "shipped", note: "new" },
      ]);
      expect(await read(inserted)).toEqual([{ id: "1", status: "placed", channel: "web" }]);
    } finally {
      instance.closeSync();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
