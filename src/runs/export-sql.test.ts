import { describe, expect, it } from "vitest";
import { parseDdlType } from "../databricks/spark-types.js";
import { exportSql, holdsFloatingPoint, latestVersionSql, qualifiedTable, refusedBySetOperations, timestampLiteral } from "./export-sql.js";

const target = { containerName: "dlz-databricks-container-abc", storageAccountName: "sndbxacct", prefix: "adobe-managed-staging/f/r/" };

describe("export SQL", () => {
  it("qualifies a table with the connection's database and catalog, backquoted", () => {
    expect(qualifiedTable({ tableName: "customers", database: "demo" })).toBe("`demo`.`customers`");
    expect(qualifiedTable({ tableName: "customers", database: "demo", catalog: "main" })).toBe("`main`.`demo`.`customers`");
    expect(qualifiedTable({ tableName: "x.y", database: "demo" })).toBe("`x`.`y`");
    expect(qualifiedTable({ tableName: "`we``ird`", database: "d" })).toBe("`d`.`we``ird`");
    expect(qualifiedTable({ tableName: "demo.`customers`", database: "d", catalog: "main" })).toBe("`main`.`demo`.`customers`");
    expect(qualifiedTable({ tableName: "`odd.name`", database: "d" })).toBe("`d`.`odd.name`");
    expect(() => qualifiedTable({ tableName: "we`ird", database: "d" })).toThrow(/not table, database.table/);
    expect(latestVersionSql({ tableName: "demo.orders" })).toBe("DESCRIBE HISTORY `demo`.`orders` LIMIT 1");
  });

  it("writes UTC instants with microseconds", () => {
    expect(timestampLiteral(Date.UTC(2024, 0, 2, 3, 4, 5, 6))).toBe("TIMESTAMP '2024-01-02 03:04:05.006000Z'");
  });

  it("reads a half-open window of one pinned version", () => {
    const sql = exportSql({ tableName: "demo.customers" }, ["id", "name"], 7, { kind: "window", deltaColumn: "updated_at", start: 0, end: 60_000 }, target);
    expect(sql).toBe(
      "INSERT OVERWRITE DIRECTORY 'wasbs://dlz-databricks-container-abc@sndbxacct.blob.core.windows.net/adobe-managed-staging/f/r/' USING PARQUET " +
        "SELECT `id`, `name` FROM `demo`.`customers` VERSION AS OF 7 WHERE `updated_at` >= TIMESTAMP '1970-01-01 00:00:00.000000Z' AND `updated_at` < TIMESTAMP '1970-01-01 00:01:00.000000Z'",
    );
  });

  it("adds the rows that arrived late, behind the window's start, since the previous window's version", () => {
    const sql = exportSql({ tableName: "demo.t" }, ["id"], 9, { kind: "window", deltaColumn: "ts", start: 60_000, end: 120_000, lateSinceVersion: 7 }, target);
    expect(sql).toContain(
      "UNION ALL SELECT `id` FROM (SELECT `id` FROM `demo`.`t` VERSION AS OF 9 WHERE `ts` < TIMESTAMP '1970-01-01 00:01:00.000000Z' " +
        "EXCEPT ALL SELECT `id` FROM `demo`.`t` VERSION AS OF 7 WHERE `ts` < TIMESTAMP '1970-01-01 00:01:00.000000Z')",
    );
  });

  it("finds late rows through a JSON key of each row, numbered per key, where Spark refuses EXCEPT ALL (a MAP at any depth)", () => {
    for (const ddl of ["map<string,int>", "struct<a:array<map<string,int>>>", "array<struct<m:map<int,string>>>", "variant"]) expect(refusedBySetOperations(parseDdlType(ddl))).toBe(true);
    for (const ddl of ["struct<a:array<int>,b:decimal(38,18)>", "timestamp", "binary"]) expect(refusedBySetOperations(parseDdlType(ddl))).toBe(false);
    const read = { kind: "window", deltaColumn: "ts", start: 60_000, end: 120_000, lateSinceVersion: 7, lateRowKey: ["id", "m"] } as const;
    const sql = exportSql({ tableName: "demo.t" }, [], 9, read, target);
    expect(sql).not.toContain("EXCEPT");
    const key = "to_json(struct(`id`, `m`), map('timestampFormat', 'yyyy-MM-dd\\'T\\'HH:mm:ss.SSSSSSXXX', 'timestampNTZFormat', 'yyyy-MM-dd\\'T\\'HH:mm:ss.SSSSSS'))";
    const before = "`ts` < TIMESTAMP '1970-01-01 00:01:00.000000Z'";
    const numbered = "row_number() OVER (PARTITION BY _late_row_key ORDER BY _late_row_key) AS _late_row_copy";
    expect(sql).toContain(
      `UNION ALL SELECT \`id\`, \`m\` FROM (SELECT \`id\`, \`m\`, _late_row_key, ${numbered} FROM (SELECT \`id\`, \`m\`, ${key} AS _late_row_key FROM (SELECT * FROM \`demo\`.\`t\` VERSION AS OF 9 WHERE ${before}) AS read_rows) AS keyed) AS added ` +
        `LEFT ANTI JOIN (SELECT _late_row_key, ${numbered} FROM (SELECT ${key} AS _late_row_key FROM (SELECT * FROM \`demo\`.\`t\` VERSION AS OF 7 WHERE ${before}) AS read_rows) AS keyed) AS earlier ` +
        "ON added._late_row_key = earlier._late_row_key AND added._late_row_copy = earlier._late_row_copy",
    );
  });

  it("finds late rows through the key too where a FLOAT or DOUBLE at any depth would come out of EXCEPT ALL as a number (-0.0 as 0.0)", () => {
    for (const ddl of ["double", "float", "struct<a:int,b:array<double>>", "map<string,float>"]) expect(holdsFloatingPoint(parseDdlType(ddl))).toBe(true);
    for (const ddl of ["decimal(38,18)", "struct<a:int,b:array<bigint>>", "string"]) expect(holdsFloatingPoint(parseDdlType(ddl))).toBe(false);
  });

  it("compares the pinned version's columns with the previous version's under their pinned names and types: a renamed one by its old name, a new one as NULL, a widened one cast", () => {
    const comparedColumns = [
      { name: "id", type: parseDdlType("bigint"), previous: { name: "id", type: parseDdlType("int") } },
      { name: "state", type: parseDdlType("string"), previous: { name: "status", type: parseDdlType("string") } },
      { name: "note", type: parseDdlType("struct<`a b`:int>") },
    ];
    const before = "WHERE `ts` < TIMESTAMP '1970-01-01 00:01:00.000000Z'";
    const read = { kind: "window", deltaColumn: "ts", start: 60_000, end: 120_000, lateSinceVersion: 7, comparedColumns } as const;
    expect(exportSql({ tableName: "demo.t" }, [], 9, read, target)).toContain(
      `UNION ALL SELECT * FROM (SELECT \`id\`, \`state\`, \`note\` FROM \`demo\`.\`t\` VERSION AS OF 9 ${before} ` +
        `EXCEPT ALL SELECT CAST(\`id\` AS bigint) AS \`id\`, \`status\` AS \`state\`, CAST(NULL AS struct<\`a b\`:int>) AS \`note\` FROM \`demo\`.\`t\` VERSION AS OF 7 ${before})`,
    );
    const keyed = exportSql({ tableName: "demo.t" }, [], 9, { ...read, lateRowKey: ["id", "state", "note"] }, target);
    expect(keyed).toContain("FROM (SELECT CAST(`id` AS bigint) AS `id`, `status` AS `state`, CAST(NULL AS struct<`a b`:int>) AS `note` FROM `demo`.`t` VERSION AS OF 7 " + before + ") AS read_rows");
    expect(keyed).toContain("to_json(struct(`id`, `state`, `note`)");
  });

  it("gives a struct that gained fields since its new fields as NULL, at any depth, and a NULL struct as NULL", () => {
    const comparedColumns = [{ name: "s", type: parseDdlType("struct<a:int,t:struct<b:int,c:string>,d:array<int>>"), previous: { name: "s", type: parseDdlType("struct<a:int,t:struct<b:int>>") } }];
    const read = { kind: "window", deltaColumn: "ts", start: 60_000, end: 120_000, lateSinceVersion: 7, comparedColumns } as const;
    expect(exportSql({ tableName: "demo.t" }, ["s"], 9, read, target)).toContain(
      "EXCEPT ALL SELECT CASE WHEN `s` IS NULL THEN NULL ELSE named_struct('a', `s`.`a`, " +
        "'t', CASE WHEN `s`.`t` IS NULL THEN NULL ELSE named_struct('b', `s`.`t`.`b`, 'c', CAST(NULL AS string)) END, 'd', CAST(NULL AS array<int>)) END AS `s` FROM `demo`.`t` VERSION AS OF 7",
    );
  });

  it("takes everything before the end with backfill, and the whole version for once", () => {
    const backfill = exportSql({ tableName: "t", database: "d" }, [], 3, { kind: "window", deltaColumn: "ts", start: null, end: 1000 }, target);
    expect(backfill).toMatch(/SELECT \* FROM `d`.`t` VERSION AS OF 3 WHERE `ts` < TIMESTAMP '1970-01-01 00:00:01.000000Z'$/);
    expect(exportSql({ tableName: "t", database: "d" }, [], 3, { kind: "snapshot" }, target)).toMatch(/SELECT \* FROM `d`.`t` VERSION AS OF 3$/);
    expect(exportSql({ tableName: "t", database: "d" }, ["a"], 3, { kind: "snapshot", asChanges: { version: 3, commitTimestamp: Date.UTC(2024, 0, 2) } }, target)).toMatch(
      /SELECT `a`, 'u' AS _change_request_type, CAST\(3 AS BIGINT\) AS _commit_version, TIMESTAMP '2024-01-02 00:00:00.000000Z' AS _commit_timestamp FROM `d`.`t` VERSION AS OF 3$/,
    );
  });

  it("reads the change feed between the last ingested version and the pinned one, one change per key with its version and time", () => {
    const sql = exportSql({ tableName: "orders", database: "demo" }, ["id", "region", "amount"], 9, { kind: "changes", fromVersion: 5, key: ["id", "region"] }, target);
    expect(sql).toContain(
      "SELECT `id`, `region`, `amount`, _change_request_type, _commit_version, _commit_timestamp FROM (" +
        "SELECT `id`, `region`, `amount`, _commit_version, _commit_timestamp, CASE WHEN _change_type IN ('delete', 'update_preimage') THEN 'd' ELSE 'u' END AS _change_request_type, " +
        // a change with a NULL key column is kept on its own (it becomes a row error), never netted with another
        "CASE WHEN `id` IS NULL OR `region` IS NULL THEN 1 ELSE ROW_NUMBER() OVER (PARTITION BY `id`, `region` ORDER BY _commit_version DESC, CASE WHEN _change_type IN ('delete', 'update_preimage') THEN 1 ELSE 0 END) END AS _change_rank " +
        // an update's pre-image is its key's removal (the key it had), unless its key is NULL
        "FROM table_changes('`demo`.`orders`', 5, 9) WHERE _change_type IN ('insert', 'update_postimage', 'delete') OR (_change_type = 'update_preimage' AND NOT (`id` IS NULL OR `region` IS NULL))) AS changes WHERE _change_rank = 1",
    );
    const all = exportSql({ tableName: "orders", database: "demo" }, [], 9, { kind: "changes", fromVersion: 5, key: ["id"] }, target);
    expect(all).toMatch(/PARQUET SELECT \* FROM \(SELECT \*, CASE WHEN/);
  });
});
