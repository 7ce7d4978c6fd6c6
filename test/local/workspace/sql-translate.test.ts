import { describe, expect, it } from "vitest";
import { SqlError } from "../../../local/workspace/errors.js";
import { parseStatement } from "../../../local/workspace/sql/parser.js";
import { splitStatements, tokenize } from "../../../local/workspace/sql/tokenizer.js";
import { translateQuery, type TranslateContext } from "../../../local/workspace/sql/translate.js";

const calls: string[] = [];
const ctx: TranslateContext = {
  currentCatalog: "hive_metastore",
  currentSchema: "demo",
  currentUser: "someone@example.com",
  async table(name, travel) {
    calls.push(`${name.join(".")}${travel ? " " + JSON.stringify(travel) : ""}`);
    return `scan_${name.join("_")}`;
  },
  async changes(name, start, end) {
    calls.push(`changes ${name} ${start} ${end}`);
    return `changes_${name.replace(/\W/g, "_")}`;
  },
};

async function translate(sql: string): Promise<string> {
  const statement = parseStatement(splitStatements(tokenize(sql))[0]);
  if (statement.kind !== "query") throw new Error(`not a query: ${statement.kind}`);
  return translateQuery(statement.query, ctx);
}

function parseError(sql: string): string {
  try {
    parseStatement(splitStatements(tokenize(sql))[0]);
  } catch (e) {
    if (e instanceof SqlError) return e.summary;
    throw e;
  }
  throw new Error(`parsed: ${sql}`);
}

describe("the Spark SQL → DuckDB translator", () => {
  it("rewrites table references into scan relations, keeping or adding the alias", async () => {
    calls.length = 0;
    expect(await translate("SELECT c.id FROM demo.customers c WHERE c.id > 5")).toBe(
      "SELECT c.id FROM (SELECT * FROM scan_demo_customers) c WHERE spark_filter(spark_string_as_bigint(c.id) > 5, 'c.id > 5')",
    );
    expect(await translate("SELECT customers.id FROM cat.demo.customers JOIN demo.orders o ON o.cid = customers.id, x")).toBe(
      'SELECT customers.id FROM (SELECT * FROM scan_cat_demo_customers) AS "customers" JOIN (SELECT * FROM scan_demo_orders) o ON spark_beside(o.cid, customers.id) = spark_beside(customers.id, o.cid), (SELECT * FROM scan_x) AS "x"',
    );
    expect(calls).toEqual(["demo.customers", "cat.demo.customers", "demo.orders", "x"]);
  });

  it("reads VERSION AS OF, TIMESTAMP AS OF, FOR SYSTEM_VERSION AS OF and @vN", async () => {
    calls.length = 0;
    await translate("SELECT * FROM t VERSION AS OF 3");
    await translate("SELECT * FROM t TIMESTAMP AS OF '2024-01-01 00:00:00' WHERE a = 1");
    await translate("SELECT * FROM t FOR SYSTEM_VERSION AS OF 2 x");
    await translate("SELECT * FROM t@v7");
    await translate("SELECT * FROM t TIMESTAMP AS OF current_timestamp() - INTERVAL 1 DAY LIMIT 1");
    expect(calls).toEqual([
      't {"version":3}',
      `t {"timestamp":"TIMESTAMPTZ '2024-01-01 00:00:00'"}`,
      't {"version":2}',
      't {"version":7}',
      't {"timestamp":"spark_date_subtract_days(spark_current_timestamp(), INTERVAL 1 DAY)"}',
    ]);
  });

  it("leaves CTE names, subqueries and FROM inside function calls alone", async () => {
    calls.length = 0;
    const sql = await translate(
      "WITH recent AS (SELECT * FROM orders WHERE EXTRACT(YEAR FROM ts) = 2024) SELECT trim(BOTH ' ' FROM name) FROM recent r WHERE id IN (SELECT id FROM vip)",
    );
    expect(calls).toEqual(["orders", "vip"]);
    expect(sql).toContain('FROM "recent" r');
    expect(sql).toContain("trim(BOTH ' ' FROM name)");
    expect(sql).toContain("spark_extract_year(ts, 'YEAR', 'extract')");
  });

  it("wraps the operand of a comparison with number literals for the query's binding to cast a string, where the operand's edges are clear", async () => {
    // the condition within the filter's check (sql/filter-conditions.ts)
    const where = async (condition: string) =>
      (await translate(`SELECT 1 FROM t WHERE ${condition}`)).replace(/^SELECT 1 FROM \(SELECT \* FROM scan_t\) AS "t" WHERE spark_filter\((.*), '(?:[^'\\]|\\.)*'\)$/s, "$1");
    expect(await where("a BETWEEN 1 AND 5 AND s > 6.5 OR NOT c.f[0]::INT IN (1, 2)")).toBe(
      "spark_string_as_bigint(a) BETWEEN 1 AND 5 AND spark_string_as_double(s) > 6.5 OR NOT spark_string_as_bigint(spark_cast_int((spark_subscript(c.f, 0)))) IN(1, 2)",
    );
    expect(await where("-1 <= s AND (CASE WHEN a THEN s END) < 1e3")).toBe("- 1 <= spark_string_as_bigint(s) AND spark_string_as_double((CASE WHEN a THEN s END)) < 1e3");
    // two operands, each beside the other, which types it
    expect(await where("s >= trim(x) OR t.s <=> a.b[1]")).toBe(
      "spark_beside(s, trim(spark_as_text(x))) >= spark_beside(trim(spark_as_text(x)), s) OR spark_beside(t.s, (spark_subscript(a.b, 1))) IS NOT DISTINCT FROM spark_beside((spark_subscript(a.b, 1)), t.s)",
    );
    // a scalar subquery beside the other operand, its own comparisons promoted in that copy as in itself
    expect(await where("s = (SELECT max(x) FROM u WHERE y > 2)")).toBe(
      `spark_beside(s, (SELECT max(x) FROM (SELECT * FROM scan_u) AS "u" WHERE spark_filter(spark_string_as_bigint(y) > 2, 'y > 2'))) = ` +
        `spark_beside((SELECT max(x) FROM (SELECT * FROM scan_u) AS "u" WHERE spark_filter(spark_string_as_bigint(y) > 2, 'y > 2')), s)`,
    );
    // BETWEEN's bounds of other values: each beside the value, and the value beside their wider type
    expect(await where("a BETWEEN 1 AND s")).toBe("spark_beside(a, spark_wider(1, s)) BETWEEN spark_beside(1, a) AND spark_beside(s, a)");
    // a literal that is part of a wider operand, a BETWEEN's AND before an operand, an IN subquery, NULL: left as written
    for (const left of ["s > 6 & x", "a BETWEEN 1 AND s > 6", "s IN (1, x > 2)", "s IN (SELECT max(x) FROM u)", "s = NULL"]) {
      expect(await where(left)).not.toContain("spark_beside");
    }
    // an IN list of other items: the value beside their common type, each item but a number literal or NULL beside that and the value
    expect(await where("s IN (1, x, NULL)")).toBe("spark_beside(s, spark_wider(1, x)) IN(1, spark_beside(x, spark_wider(s, spark_wider(1, x))), NULL)");
  });

  it("translates table_changes and range", async () => {
    calls.length = 0;
    expect(await translate("SELECT * FROM table_changes('demo.orders', 2, 4)")).toBe(
      'SELECT * FROM (SELECT * FROM changes_demo_orders) AS "table_changes"',
    );
    expect(calls).toEqual(["changes demo.orders 2 4"]);
    expect(await translate("SELECT id FROM range(1, 10)")).toBe('SELECT id FROM (SELECT "range" AS id FROM range(1, 10)) AS "range"');
  });

  it("translates Spark literals, operators, casts and functions", async () => {
    expect(await translate(`SELECT "text", \`odd col\`, 10L, 1.50BD, 2D, X'0aFF', TIMESTAMP '2024-01-01', TIMESTAMP_NTZ '2024-01-01'`)).toBe(
      `SELECT 'text', "odd col", CAST(10 AS BIGINT), CAST('1.50' AS DECIMAL(3,2)), CAST(2 AS DOUBLE), from_hex('0aFF'), TIMESTAMPTZ '2024-01-01', TIMESTAMP '2024-01-01'`,
    );
    expect(await translate("SELECT a <=> b, a == b, 7 DIV 2, CAST(x AS STRING), CAST(y AS ARRAY<STRUCT<a: INT, b: DECIMAL(38,18)>>), z::timestamp")).toBe(
      'SELECT spark_beside(a, b) IS NOT DISTINCT FROM spark_beside(b, a), spark_beside(a, b) = spark_beside(b, a), spark_div(7, spark_divisor(2)), spark_cast_string(x), CAST(y AS STRUCT("a" INTEGER, "b" DECIMAL(38,18))[]), spark_cast_timestamp(z)',
    );
    expect(await translate("SELECT nvl(a, 1), named_struct('k', v, 'n', 1), map('a', 1, 'b', 2), array(1, 2), size(l), current_database()")).toBe(
      `SELECT spark_nvl(spark_beside(a, spark_wider(a, 1)), 1), spark_named_struct(struct_pack("k" := v, "n" := 1)), spark_map(list_value('a', 'b'), list_value(1, 2)), list_value(1, 2), spark_size_of_any(l), spark_named_constant('current_database()', 'demo')`,
    );
    expect(await translate("SELECT * EXCEPT (a) FROM t1 MINUS SELECT b FROM t2")).toContain("* EXCLUDE(a) FROM");
    expect(await translate("SELECT position, dec, timestamp, trim(x) FROM t")).toBe(
      'SELECT "position", "dec", "timestamp", trim(spark_as_text(x)) FROM (SELECT * FROM scan_t) AS "t"',
    );
    expect(await translate("SELECT at, glob, isnull(at) FROM t WHERE at > 1 ORDER BY at")).toBe(
      `SELECT "at", "glob", spark_isnull("at") FROM (SELECT * FROM scan_t) AS "t" WHERE spark_filter(spark_string_as_bigint("at") > 1, 'at > 1') ORDER BY "at"`,
    );
    expect(await translate("SELECT * FROM t TABLESAMPLE (10 PERCENT) REPEATABLE (7) AS s")).toBe('SELECT * FROM (SELECT * FROM scan_t USING SAMPLE 10 PERCENT (bernoulli, 7)) AS s');
    expect(await translate("SELECT 'it\\'s', \"a\\\"b\", 'tab\\tbed'")).toBe("SELECT 'it''s', 'a\"b', 'tab\tbed'");
  });

  it("refuses table functions and operators it does not emulate, naming them", async () => {
    await expect(translate("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/read_csv\(\) is not supported/);
    await expect(translate("SELECT a RLIKE b FROM t")).rejects.toThrow(/The RLIKE operator with a pattern other than one string literal/);
    await expect(translate("SELECT a REGEXP 'x' || b FROM t")).rejects.toThrow(/The REGEXP operator with a pattern other than one string literal/);
  });
});

describe("the statement parser", () => {
  const parse = (sql: string) => parseStatement(splitStatements(tokenize(sql))[0]);

  it("parses the DDL and DML forms of the subset", () => {
    expect(parse("SHOW TABLES IN cat.db LIKE 'cust*'")).toEqual({ kind: "showTables", schema: ["cat", "db"], pattern: "cust*" });
    expect(parse("SHOW DATABASES")).toEqual({ kind: "showSchemas", catalog: undefined, pattern: undefined });
    expect(parse("DESCRIBE HISTORY db.t LIMIT 5")).toEqual({ kind: "describeHistory", table: ["db", "t"], limit: 5 });
    expect(parse("DESC TABLE EXTENDED t")).toEqual({ kind: "describeTable", table: ["t"], extended: true });
    const create = parse(
      "CREATE TABLE IF NOT EXISTS db.t (id BIGINT NOT NULL COMMENT 'key', d DECIMAL(38,18), s STRUCT<a: INT, b: ARRAY<MAP<STRING, TIMESTAMP_NTZ>>>) USING DELTA PARTITIONED BY (id) TBLPROPERTIES ('delta.enableChangeDataFeed' = true, delta.appendOnly = 'false')",
    );
    expect(create).toMatchObject({
      kind: "createTable",
      name: ["db", "t"],
      ifNotExists: true,
      partitionedBy: ["id"],
      properties: { "delta.enableChangeDataFeed": "true", "delta.appendOnly": "false" },
    });
    if (create.kind !== "createTable") throw new Error();
    expect(create.columns![0]).toEqual({ name: "id", type: "long", nullable: false, metadata: { comment: "key" } });
    expect(create.columns![2].type).toEqual({
      type: "struct",
      fields: [
        { name: "a", type: "integer", nullable: true, metadata: {} },
        {
          name: "b",
          type: { type: "array", elementType: { type: "map", keyType: "string", valueType: "timestamp_ntz", valueContainsNull: true }, containsNull: true },
          nullable: true,
          metadata: {},
        },
      ],
    });
    expect(parse("CREATE TABLE t USING DELTA LOCATION '/data/t'")).toMatchObject({ kind: "createTable", location: "/data/t" });
    expect(parse("CREATE TABLE t AS SELECT 1")).toMatchObject({ kind: "createTable", asQuery: expect.any(Array) });
    expect(parse("INSERT INTO t (a, b) VALUES (1, 2)")).toMatchObject({ kind: "insert", table: ["t"], columns: ["a", "b"] });
    expect(parse("INSERT INTO TABLE t SELECT * FROM u")).toMatchObject({ kind: "insert", columns: undefined });
    expect(parse("DELETE FROM t WHERE a = 1")).toMatchObject({ kind: "delete", table: ["t"] });
    const update = parse("UPDATE cat.`my db`.t AS x SET x.a = f(b, c), `d` = CASE WHEN a > 1 THEN 'x' ELSE 'y' END WHERE x.a IN (SELECT a FROM u WHERE u.z = 1)");
    if (update.kind !== "update") throw new Error(update.kind);
    expect(update.table).toEqual(["cat", "my db", "t"]);
    expect(update.alias).toBe("x");
    expect(update.assignments.map((a) => [a.target, a.value.map((t) => t.value).join(" ")])).toEqual([
      [["x", "a"], "f ( b , c ) "],
      [["d"], "CASE WHEN a > 1 THEN x ELSE y END "],
    ]);
    expect(update.where!.map((t) => t.value).join(" ")).toBe("x . a IN ( SELECT a FROM u WHERE u . z = 1 ) ");
    const plain = parse("UPDATE t SET a = 1");
    if (plain.kind !== "update") throw new Error(plain.kind);
    expect([plain.table, plain.alias, plain.where, plain.assignments.length]).toEqual([["t"], undefined, undefined, 1]);
    expect(parse("UPDATE t u SET a = 1")).toMatchObject({ kind: "update", alias: "u" });
    expect(parse("ALTER TABLE t SET TBLPROPERTIES (delta.enableChangeDataFeed = true)")).toEqual({
      kind: "setProperties",
      table: ["t"],
      properties: { "delta.enableChangeDataFeed": "true" },
    });
    const column = (name: string, type: unknown, metadata = {}) => ({ name, type, nullable: true, metadata });
    expect(parse("ALTER TABLE t ADD COLUMNS (a INT COMMENT 'x', s.b ARRAY<STRUCT<c: STRING>> AFTER z)")).toEqual({
      kind: "addColumns",
      table: ["t"],
      columns: [
        { path: [], field: column("a", "integer", { comment: "x" }) },
        { path: ["s"], field: column("b", { type: "array", elementType: { type: "struct", fields: [column("c", "string")] }, containsNull: true }), position: { after: "z" } },
      ],
    });
    expect(parse("ALTER TABLE t ADD COLUMN a MAP<STRING, INT> FIRST, b INT NOT NULL")).toMatchObject({
      columns: [{ field: { name: "a" }, position: { first: true } }, { field: { name: "b", nullable: false } }],
    });
    expect(parse("ALTER TABLE t RENAME COLUMN s.a TO b")).toEqual({ kind: "renameColumn", table: ["t"], column: ["s", "a"], newName: "b" });
    expect(parse("ALTER TABLE t DROP COLUMN IF EXISTS a, s.b")).toEqual({ kind: "dropColumns", table: ["t"], ifExists: true, columns: [["a"], ["s", "b"]] });
    expect(parse("ALTER TABLE t DROP COLUMNS (a)")).toEqual({ kind: "dropColumns", table: ["t"], ifExists: false, columns: [["a"]] });
    expect(parse("INSERT OVERWRITE DIRECTORY 'wasbs://c@a.blob.core.windows.net/p' USING PARQUET OPTIONS (compression 'snappy') SELECT 1")).toMatchObject({
      kind: "insertOverwriteDirectory",
      path: "wasbs://c@a.blob.core.windows.net/p",
      format: "PARQUET",
      options: { compression: "snappy" },
    });
    expect(parse("USE CATALOG main")).toEqual({ kind: "use", target: "catalog", name: ["main"] });
  });

  it("names what it refuses", () => {
    expect(parseError("MERGE INTO t USING s ON t.a = s.a")).toContain("expected WHEN MATCHED or WHEN NOT MATCHED");
    expect(parseError("MERGE INTO t USING s ON t.a = s.a WHEN NOT MATCHED THEN DELETE")).toContain("PARSE_SYNTAX_ERROR");
    expect(parseError("CREATE MATERIALIZED VIEW v AS SELECT 1")).toContain("CREATE MATERIALIZED VIEW is not supported");
    expect(parseError("CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1")).toContain("OR REPLACE or IF NOT EXISTS");
    expect(parseError("ALTER VIEW v SET TBLPROPERTIES ('a' = 'b')")).toContain("ALTER VIEW … SET");
    expect(parseError("CREATE TABLE t (a INT) USING PARQUET")).toContain("USING PARQUET");
    expect(parseError("TRUNCATE TABLE t PARTITION (p = 1)")).toContain("DELETE FROM … WHERE removes a partition");
    expect(parseError("ALTER TABLE t ALTER COLUMN b SET MASK f")).toContain("ALTER COLUMN … SET MASK (column masks)");
    expect(parseError("ALTER TABLE t REPLACE COLUMNS (a INT)")).toContain("ALTER TABLE … REPLACE COLUMNS");
    expect(parseError("ALTER TABLE t ADD COLUMN b INT DEFAULT 1")).toContain("WRONG_COLUMN_DEFAULTS_FOR_DELTA_ALTER_TABLE_ADD_COLUMN_NOT_SUPPORTED");
    expect(parseError("ALTER TABLE t ADD COLUMN b INT GENERATED ALWAYS AS (a + 1)")).toContain("column GENERATED clauses");
    expect(parseError("ALTER TABLE t RENAME COLUMN a b")).toContain("PARSE_SYNTAX_ERROR");
    expect(parse("MERGE INTO t USING (SELECT a FROM s) s ON t.a = s.a WHEN MATCHED AND CASE WHEN s.a > 1 THEN true END THEN UPDATE SET a = s.a")).toMatchObject({
      kind: "merge",
      target: ["t"],
      sourceAlias: "s",
      clauses: [{ when: "matched", action: "update" }],
      schemaEvolution: false,
    });
    expect(parse("MERGE WITH SCHEMA EVOLUTION INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE")).toMatchObject({ kind: "merge", schemaEvolution: true });
    expect(parseError("UPDATE t SET a = 1,")).toContain("PARSE_SYNTAX_ERROR");
    expect(parseError("UPDATE t SET a = (1 WHERE b")).toContain("PARSE_SYNTAX_ERROR");
    expect(parseError("UPDATE t SET WHERE a = 1")).toContain("PARSE_SYNTAX_ERROR");
    expect(parseError("UPDATE t SET a = 1 WHERE")).toContain("PARSE_SYNTAX_ERROR");
    expect(parseError("UPDATE t VERSION AS OF 1 SET a = 1")).toContain("time travel");
    expect(parseError("CREATE TABLE t (a INTERVAL)")).toContain("INTERVAL is not supported");
    expect(parseError("SELEC 1")).toContain("PARSE_SYNTAX_ERROR");
  });

  it("splits commands at top-level semicolons only", () => {
    expect(splitStatements(tokenize("SELECT ';'; SELECT 2; -- done;\n")).length).toBe(2);
  });
});

describe("robustness", () => {
  const words = [
    "SELECT", "FROM", "WHERE", "CREATE", "TABLE", "INSERT", "INTO", "OVERWRITE", "DIRECTORY", "USING", "DELTA", "PARQUET",
    "VERSION", "TIMESTAMP", "AS", "OF", "CAST", "JOIN", "ON", "WITH", "VALUES", "DELETE", "UPDATE", "ALTER", "SET", "TBLPROPERTIES",
    "SHOW", "TABLES", "DESCRIBE", "HISTORY", "DETAIL", "table_changes", "range", "named_struct", "map", "STRUCT", "ARRAY",
    "<", ">", "(", ")", ",", ".", ";", "'x'", '"y"', "`z`", "1", "10L", "1.5BD", "*", "=", "<=>", "::", "@", "LIMIT", "t", "db",
  ];
  it("parses and translates any token soup into SQL or a SqlError, never a crash", async () => {
    const fc = await import("fast-check");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...words), { maxLength: 25 }), fc.string({ maxLength: 20 }), async (tokens, noise) => {
        const text = tokens.join(" ") + (tokens.length % 3 === 0 ? noise : "");
        try {
          for (const statement of splitStatements(tokenize(text))) {
            const parsed = parseStatement(statement);
            if (parsed.kind === "query") await translateQuery(parsed.query, ctx);
          }
        } catch (e) {
          if (!(e instanceof SqlError)) throw new Error(`${text}\n→ ${(e as Error).stack}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
