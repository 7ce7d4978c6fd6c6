/**
 * Statement-level recursive descent over the supported Spark SQL subset. Queries and predicates
 * stay as token slices for the translator; everything outside the subset is refused with an
 * error that names the construct, never guessed at.
 */
import { sqlErrors } from "../errors.js";
import { Cursor } from "./cursor.js";
import { declaredField } from "./char-varchar.js";
import { parseSparkType, type SparkField } from "./spark-types.js";
import type { AddedColumn, ColumnChange, CreateTable, CreateView, Insert, KeyConstraint, MergeWhen, Name, Statement, Tokens, Update } from "./statements.js";
import { isOp, isWord, tokenize, type Token } from "./tokenizer.js";
import { sparkSqlText } from "./spark-sql-text.js";
import { CURRENT_DEFAULT, EXISTS_DEFAULT } from "./column-defaults.js";
import { GENERATION_EXPRESSION } from "../../../src/delta/generated-columns.js";
import { IDENTITY_ALLOW_EXPLICIT_INSERT, IDENTITY_START, IDENTITY_STEP } from "../../../src/delta/identity-columns.js";

const QUERY_STARTS = new Set(["SELECT", "WITH", "VALUES", "TABLE", "FROM"]);

export function parseStatement(tokens: Token[]): Statement {
  const c = new Cursor(tokens);
  const first = c.peek();
  if (first.kind === "op" && first.value === "(") return { kind: "query", query: rest(c) };
  if (first.kind !== "ident") throw c.error("expected a statement");
  const word = first.value.toUpperCase();
  if (QUERY_STARTS.has(word)) return { kind: "query", query: rest(c) };
  c.next();
  let statement: Statement;
  switch (word) {
    case "SHOW":
      statement = parseShow(c);
      break;
    case "DESCRIBE":
    case "DESC":
      statement = parseDescribe(c);
      break;
    case "CREATE":
      statement = parseCreate(c);
      break;
    case "INSERT":
      return parseInsert(c);
    case "DELETE":
      return parseDelete(c);
    case "UPDATE":
      return parseUpdate(c);
    case "ALTER":
      statement = parseAlter(c);
      break;
    case "USE":
      statement = parseUse(c);
      break;
    case "SET":
      statement = parseSet(c);
      break;
    case "DROP":
      statement = parseDrop(c);
      break;
    case "RESTORE":
      statement = parseRestore(c);
      break;
    case "VACUUM":
      statement = parseVacuum(c);
      break;
    case "OPTIMIZE":
      statement = parseOptimize(c);
      break;
    case "REORG":
      statement = parseReorg(c);
      break;
    case "COMMENT":
      statement = parseCommentOn(c);
      break;
    case "TRUNCATE":
      statement = parseTruncate(c);
      break;
    case "MERGE":
      return parseMerge(c);
    case "COPY":
      statement = parseCopyInto(c);
      break;
    case "CONVERT":
      statement = parseConvert(c);
      break;
    case "ANALYZE":
      statement = parseAnalyze(c);
      break;
    case "EXPLAIN":
      return parseExplain(c);
    case "CACHE":
      return parseCache(c);
    case "UNCACHE": {
      c.expect("TABLE");
      const ifExists = c.accept("IF", "EXISTS");
      statement = { kind: "cache", ifExists, table: c.qualifiedName() };
      break;
    }
    case "REFRESH":
      statement = { kind: "cache", table: cachedTable(c, word) };
      break;
    case "CLEAR":
      c.expect("CACHE");
      statement = { kind: "cache" };
      break;
    case "REPLACE":
    case "CLONE":
    case "MSCK":
    case "RESET":
    case "GRANT":
    case "REVOKE":
    case "ADD":
    case "LIST":
      throw sqlErrors.unsupported(word);
    default:
      throw sqlErrors.syntax(`'${first.value}'`, "(not a statement the local workspace knows)");
  }
  if (!c.atEnd()) throw c.error("unexpected text after the statement");
  return statement;
}

/**
 * CACHE [LAZY] TABLE t [OPTIONS (…)] [[AS] query]: the local workspace keeps no cache, so a table is only looked for, and a query
 * is the temporary view t, as Spark makes it
 */
function parseCache(c: Cursor): Statement {
  c.accept("LAZY");
  const table = cachedTable(c, "CACHE");
  if (c.accept("OPTIONS")) properties(c);
  if (c.atEnd()) return { kind: "cache", table };
  c.accept("AS");
  return { kind: "createView", name: table, orReplace: false, ifNotExists: false, temporary: true, query: query(c) };
}

/** the table of CACHE TABLE t and REFRESH [TABLE] t */
function cachedTable(c: Cursor, word: string): Name {
  if (word === "CACHE") c.expect("TABLE");
  else if (word === "REFRESH") {
    const other = ["FUNCTION", "MATERIALIZED", "STREAMING", "FOREIGN"].find((kind) => c.isKeyword(kind));
    if (other || c.peek().kind === "string") throw sqlErrors.unsupported(`REFRESH ${other ?? "of a path"}`);
    c.accept("TABLE");
  }
  return c.qualifiedName();
}

/** SET [key[=value]]: the key is its words and dots up to `=`, the value the rest, quotes taken off */
function parseSet(c: Cursor): Statement {
  if (c.accept("TIME", "ZONE")) return { kind: "setConf", key: "spark.sql.session.timeZone", value: timeZoneValue(c) };
  let key = "";
  while (!c.atEnd() && !(c.peek().kind === "op" && c.peek().value === "=")) key += c.next().value;
  if (c.atEnd()) return { kind: "setConf", key: key || undefined };
  if (!key) throw c.error("expected a configuration key before '='");
  c.next();
  let value = "";
  while (!c.atEnd()) value += c.next().value;
  return { kind: "setConf", key, value };
}

/** SET TIME ZONE's value, past those words: LOCAL (a Databricks cluster's JVM zone, UTC), a zone's string, or INTERVAL n HOUR[S] [m MINUTE[S]] ('+hh:mm') */
function timeZoneValue(c: Cursor): string {
  if (c.accept("LOCAL")) return "UTC";
  if (c.peek().kind === "string") return c.string();
  if (!c.accept("INTERVAL")) throw c.error("expected LOCAL, a time zone's name or an INTERVAL");
  const sign = c.acceptOp("-") ? "-" : (c.acceptOp("+"), "+");
  const hours = c.integer();
  if (!c.accept("HOUR") && !c.accept("HOURS")) throw c.error("expected HOURS");
  const minutes = c.peek().kind === "number" ? c.integer() : 0;
  if (minutes && !c.accept("MINUTE") && !c.accept("MINUTES")) throw c.error("expected MINUTES");
  return `${sign}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** the remaining tokens (through eof) as a query slice */
function rest(c: Cursor): Tokens {
  const slice = c.tokens.slice(c.i);
  c.i = c.tokens.length - 1;
  return slice;
}

function pattern(c: Cursor): string | undefined {
  c.accept("LIKE");
  return c.peek().kind === "string" ? c.string() : undefined;
}

function parseShow(c: Cursor): Statement {
  if (c.accept("CATALOGS")) return { kind: "showCatalogs", pattern: pattern(c) };
  if (c.accept("SCHEMAS") || c.accept("DATABASES")) {
    const catalog = c.accept("FROM") || c.accept("IN") ? c.identifier() : undefined;
    return { kind: "showSchemas", catalog, pattern: pattern(c) };
  }
  if (c.accept("CREATE", "TABLE")) {
    const table = c.qualifiedName();
    if (c.accept("AS", "SERDE")) throw sqlErrors.unsupported("SHOW CREATE TABLE … AS SERDE (Hive tables)");
    return { kind: "showCreateTable", table };
  }
  if (c.accept("TBLPROPERTIES")) {
    const table = c.qualifiedName();
    const key = c.acceptOp("(") ? propertyKey(c) : undefined;
    if (key !== undefined) c.expectOp(")");
    return { kind: "showTblProperties", table, key };
  }
  if (c.accept("TABLE", "EXTENDED")) {
    const schema = c.accept("FROM") || c.accept("IN") ? c.qualifiedName() : undefined;
    c.expect("LIKE");
    const pattern = c.string();
    if (c.isKeyword("PARTITION")) throw sqlErrors.unsupported("SHOW TABLE EXTENDED … PARTITION (SHOW PARTITIONS lists a table's partitions)");
    return { kind: "showTableExtended", schema, pattern };
  }
  if (c.accept("CURRENT")) {
    if (!c.accept("SCHEMA")) c.expect("DATABASE");
    return { kind: "showCurrentSchema" };
  }
  if (c.accept("PARTITIONS")) {
    const table = c.qualifiedName();
    const spec = c.accept("PARTITION") ? partitionSpec(c) : undefined;
    const partition = spec?.filter((p): p is { column: string; value: Tokens } => p.value !== undefined);
    if (partition?.length !== spec?.length) throw c.error("expected a value for each column of SHOW PARTITIONS … PARTITION (column = value, …)");
    return { kind: "showPartitions", table, partition };
  }
  if (c.accept("COLUMNS")) {
    c.expect(c.isKeyword("FROM") ? "FROM" : "IN");
    const table = c.qualifiedName();
    // SHOW COLUMNS IN t IN db: the table's schema after it
    const schema = c.accept("FROM") || c.accept("IN") ? c.qualifiedName() : undefined;
    return { kind: "showColumns", table: schema ? [...schema, ...table] : table };
  }
  for (const [word, kind] of [["TABLES", "showTables"], ["VIEWS", "showViews"]] as const) {
    if (!c.accept(word)) continue;
    const schema = c.accept("FROM") || c.accept("IN") ? c.qualifiedName() : undefined;
    return { kind, schema, pattern: pattern(c) };
  }
  throw sqlErrors.unsupported(`SHOW ${c.peek().value.toUpperCase()}`);
}

function parseDescribe(c: Cursor): Statement {
  if (c.accept("DETAIL")) return { kind: "describeDetail", table: c.qualifiedName() };
  if (c.accept("HISTORY")) {
    const table = c.qualifiedName();
    const limit = c.accept("LIMIT") ? c.integer() : undefined;
    return { kind: "describeHistory", table, limit };
  }
  // DESCRIBE SCHEMA s; DESCRIBE database alone describes a table of that name
  const named = (k: number) => c.peek(k).kind === "ident" || c.peek(k).kind === "qident";
  if ((c.isKeyword("SCHEMA") || c.isKeyword("DATABASE")) && named(1)) {
    c.next();
    const extended = c.isKeyword("EXTENDED") && named(1) && c.accept("EXTENDED");
    return { kind: "describeSchema", schema: c.qualifiedName(), extended };
  }
  if (c.isKeyword("CATALOG") && named(1)) {
    c.next();
    const extended = c.isKeyword("EXTENDED") && named(1) && c.accept("EXTENDED");
    return { kind: "describeCatalog", catalog: c.identifier(), extended };
  }
  // DESCRIBE [QUERY] query: the query's columns; a query's first word alone, or before a dot, names a table (`DESCRIBE values`), and
  // without QUERY, TABLE starts DESCRIBE TABLE t
  const startsQuery = (k: number) => {
    const [first, next] = [c.peek(k), c.peek(k + 1)];
    if (first.kind === "op") return first.value === "(";
    const word = first.kind === "ident" ? first.value.toUpperCase() : "";
    if (!QUERY_STARTS.has(word) || (word === "TABLE" && k === 0)) return false;
    return next.kind !== "eof" && !(next.kind === "op" && [".", ";"].includes(next.value));
  };
  if ((c.isKeyword("QUERY") && startsQuery(1)) || startsQuery(0)) {
    c.accept("QUERY");
    return { kind: "describeQuery", query: query(c) };
  }
  if (c.isKeyword("FUNCTION") && named(1)) throw sqlErrors.unsupported("DESCRIBE FUNCTION");
  c.accept("TABLE");
  const extended = c.accept("EXTENDED") || c.accept("FORMATTED");
  const table = c.qualifiedName();
  if (c.isKeyword("PARTITION")) throw sqlErrors.unsupported("DESCRIBE TABLE … PARTITION (a Delta table's partitions: DESCRIBE DETAIL, or SELECT DISTINCT the partition columns)");
  const column = c.atEnd() ? undefined : c.qualifiedName();
  if (!c.atEnd()) throw c.error("expected the end of DESCRIBE TABLE t [column]");
  return column ? { kind: "describeTable", table, extended, column } : { kind: "describeTable", table, extended };
}

/** RESTORE [TABLE] name [TO] VERSION AS OF n */
function parseRestore(c: Cursor): Statement {
  c.accept("TABLE");
  const table = c.qualifiedName();
  c.accept("TO");
  if (c.isKeyword("TIMESTAMP")) throw sqlErrors.unsupported("RESTORE … TO TIMESTAMP AS OF");
  c.expect("VERSION", "AS", "OF");
  return { kind: "restore", table, version: c.integer() };
}

/** TRUNCATE TABLE name; a partition spec is refused, as Delta refuses it */
function parseTruncate(c: Cursor): Statement {
  c.expect("TABLE");
  const table = c.qualifiedName();
  if (c.isKeyword("PARTITION")) throw sqlErrors.unsupported("TRUNCATE TABLE … PARTITION on a Delta table (DELETE FROM … WHERE removes a partition's rows)");
  return { kind: "truncate", table };
}

/** VACUUM name, then in any order [FULL] [RETAIN n HOURS] [DRY RUN] (FULL being what this VACUUM does; LITE and INVENTORY are refused) */
function parseVacuum(c: Cursor): Statement {
  const table = c.qualifiedName();
  let retainHours: number | undefined;
  let dryRun = false;
  while (!c.atEnd()) {
    if (c.isKeyword("LITE") || c.isKeyword("INVENTORY")) throw sqlErrors.unsupported(`VACUUM … ${c.peek().value.toUpperCase()}`);
    if (c.accept("FULL")) continue;
    if (c.accept("DRY", "RUN")) dryRun = true;
    else if (c.accept("RETAIN")) {
      retainHours = c.integer();
      c.expect("HOURS");
    } else throw c.error("expected RETAIN n HOURS, DRY RUN or FULL");
  }
  return { kind: "vacuum", table, retainHours, dryRun };
}

/**
 * COPY INTO name [BY POSITION | (column, …)] FROM { 'location' | (SELECT expressions FROM 'location') } FILEFORMAT = format
 * [VALIDATE [ALL | n ROWS]] [FILES = ('f', …) | PATTERN = 'glob'] [FORMAT_OPTIONS (…)] [COPY_OPTIONS (…)]
 */
function parseCopyInto(c: Cursor): Statement {
  c.expect("INTO");
  const table = c.qualifiedName();
  const target = c.accept("BY", "POSITION") ? "position" : c.isOp("(") ? inParentheses(c, (k) => k.identifier()) : undefined;
  c.expect("FROM");
  const select = c.acceptOp("(") ? copySelect(c) : undefined;
  const location = c.string();
  if (c.isKeyword("WITH")) throw sqlErrors.unsupported("COPY INTO … FROM 'location' WITH (CREDENTIAL … | ENCRYPTION …) (the cluster's Spark config gives the credential)");
  if (select) {
    if (c.isKeyword("WHERE")) throw sqlErrors.unsupported("COPY INTO … FROM (SELECT … FROM 'location' WHERE …) (the SELECT takes expressions, not a filter)");
    c.expectOp(")");
  }
  const statement: Extract<Statement, { kind: "copyInto" }> = { kind: "copyInto", table, target, select, location, format: "", formatOptions: {}, copyOptions: {} };
  for (;;) {
    if (c.accept("FILEFORMAT")) {
      c.expectOp("=");
      statement.format = c.identifier().toUpperCase();
    } else if (c.accept("FILES")) {
      c.expectOp("=");
      statement.files = inParentheses(c, (k) => k.string());
    } else if (c.accept("PATTERN")) {
      c.expectOp("=");
      statement.pattern = c.string();
    } else if (c.accept("FORMAT_OPTIONS")) statement.formatOptions = properties(c);
    else if (c.accept("COPY_OPTIONS")) statement.copyOptions = properties(c);
    else if (c.accept("VALIDATE")) statement.validate = validatedRows(c);
    else break;
  }
  if (!statement.format) throw c.error("expected FILEFORMAT = CSV | JSON | PARQUET");
  return statement;
}

/** COPY INTO's (SELECT expressions FROM 'location'), past its "(": the expressions, the cursor left at the location */
function copySelect(c: Cursor): Tokens {
  c.expect("SELECT");
  const expressions = expressionUntil(c, (t) => isWord(t, "FROM"));
  c.expect("FROM");
  if (c.peek().kind !== "string") throw c.error("expected the files' location as a string: (SELECT … FROM 'location')");
  return expressions;
}

/** VALIDATE's extent, past the word: every row (ALL, or nothing), or the first n (n ROWS) */
function validatedRows(c: Cursor): { rows?: number } {
  if (c.accept("ALL")) return {};
  if (c.peek().kind !== "number") return {};
  const rows = c.integer();
  c.expect("ROWS");
  return { rows };
}

/** EXPLAIN [EXTENDED | FORMATTED | CODEGEN | COST] query: the plan of a query (other statements are refused) */
function parseExplain(c: Cursor): Statement {
  for (const mode of ["EXTENDED", "FORMATTED", "CODEGEN", "COST"]) if (c.accept(mode)) break;
  const word = c.peek().value.toUpperCase();
  if (!(c.isOp("(") || QUERY_STARTS.has(word))) throw sqlErrors.unsupported(`EXPLAIN of ${word} (EXPLAIN shows a query's plan)`);
  return { kind: "explain", query: rest(c) };
}

/** ANALYZE TABLE name COMPUTE STATISTICS [NOSCAN | FOR COLUMNS c, … | FOR ALL COLUMNS] */
function parseAnalyze(c: Cursor): Statement {
  c.expect("TABLE");
  const table = c.qualifiedName();
  if (c.isKeyword("PARTITION")) throw sqlErrors.unsupported("ANALYZE TABLE … PARTITION (statistics are the whole table's)");
  if (c.accept("COMPUTE", "DELTA", "STATISTICS")) throw sqlErrors.unsupported("ANALYZE TABLE … COMPUTE DELTA STATISTICS (the files' statistics are written with them)");
  c.expect("COMPUTE", "STATISTICS");
  if (c.accept("NOSCAN")) return { kind: "analyze", table, columns: "none", scan: false };
  if (c.accept("FOR", "ALL", "COLUMNS")) return { kind: "analyze", table, columns: "all", scan: true };
  if (c.accept("FOR", "COLUMNS")) return { kind: "analyze", table, columns: inParentheses(c, (k) => k.identifier()), scan: true };
  return { kind: "analyze", table, columns: "none", scan: true };
}

/** CONVERT TO DELTA parquet.`/path` [NO STATISTICS] [PARTITIONED BY (col TYPE, …)] */
function parseConvert(c: Cursor): Statement {
  c.expect("TO", "DELTA");
  const source = c.qualifiedName();
  if (source.length !== 2 || source[0].toLowerCase() !== "parquet") throw sqlErrors.unsupported(`CONVERT TO DELTA ${source.join(".")} (name the folder: parquet.\`/path\`)`);
  const collectStats = !c.accept("NO", "STATISTICS");
  const partitionedBy = c.accept("PARTITIONED", "BY") ? inParentheses(c, (k) => declaredField(k.identifier(), parseSparkType(k, true))) : [];
  return { kind: "convertToDelta", location: source[1], collectStats, partitionedBy };
}

/** REORG TABLE name APPLY (PURGE) */
function parseReorg(c: Cursor): Statement {
  c.expect("TABLE");
  const table = c.qualifiedName();
  if (c.isKeyword("WHERE")) throw sqlErrors.unsupported("REORG TABLE … WHERE (REORG purges every partition of the table)");
  c.expect("APPLY");
  c.expectOp("(");
  if (!c.accept("PURGE")) throw sqlErrors.unsupported(`REORG TABLE … APPLY (${c.peek().value.toUpperCase()}) (only PURGE: the files with deleted rows written again)`);
  c.expectOp(")");
  return { kind: "reorgPurge", table };
}

/** OPTIMIZE name [ZORDER BY (col, …)] */
function parseOptimize(c: Cursor): Statement {
  const table = c.qualifiedName();
  if (c.isKeyword("WHERE")) throw sqlErrors.unsupported("OPTIMIZE … WHERE (OPTIMIZE compacts every partition of the table)");
  if (!c.accept("ZORDER", "BY")) return { kind: "optimize", table, zOrderBy: [] };
  const parenthesized = c.acceptOp("(");
  const zOrderBy: string[] = [];
  do zOrderBy.push(c.identifier());
  while (c.acceptOp(","));
  if (parenthesized) c.expectOp(")");
  return { kind: "optimize", table, zOrderBy };
}

function ifNotExists(c: Cursor): boolean {
  return c.accept("IF", "NOT", "EXISTS");
}

function parseCreate(c: Cursor): Statement {
  const orReplace = c.accept("OR", "REPLACE");
  if (c.isKeyword("VIEW") || ((c.isKeyword("TEMP") || c.isKeyword("TEMPORARY")) && isWord(c.peek(1), "VIEW"))) return parseCreateView(c, orReplace);
  if (c.isKeyword("GLOBAL") && (c.isKeyword("TEMP", 1) || c.isKeyword("TEMPORARY", 1)) && isWord(c.peek(2), "VIEW")) {
    c.expect("GLOBAL");
    return { ...(parseCreateView(c, orReplace) as CreateView), global: true };
  }
  c.accept("EXTERNAL");
  if (c.accept("TABLE")) return parseCreateTable(c, orReplace);
  if (orReplace) throw sqlErrors.unsupported(`CREATE OR REPLACE ${c.peek().value.toUpperCase()}`);
  if (c.accept("SCHEMA") || c.accept("DATABASE")) {
    const ine = ifNotExists(c);
    const name = c.qualifiedName();
    let comment: string | undefined;
    let schemaProperties: Record<string, string> | undefined;
    while (!c.atEnd()) {
      if (c.accept("COMMENT")) comment = c.string();
      else if (c.accept("WITH", "DBPROPERTIES") || c.accept("WITH", "PROPERTIES")) schemaProperties = properties(c);
      else if (c.isKeyword("LOCATION") || c.isKeyword("MANAGED") || c.isKeyword("WITH")) {
        throw sqlErrors.unsupported(`CREATE SCHEMA … ${c.peek().value.toUpperCase()}`);
      } else throw c.error("expected COMMENT or WITH DBPROPERTIES");
    }
    return { kind: "createSchema", name, ifNotExists: ine, comment, properties: schemaProperties };
  }
  if (c.accept("CATALOG")) {
    const ine = ifNotExists(c);
    const name = c.identifier();
    const comment = c.accept("COMMENT") ? c.string() : undefined;
    return { kind: "createCatalog", name, ifNotExists: ine, comment };
  }
  throw sqlErrors.unsupported(`CREATE ${leadingWords(c, ["TEMPORARY", "TEMP", "GLOBAL", "MATERIALIZED", "STREAMING", "LIVE"])}`);
}

function parseCreateView(c: Cursor, orReplace: boolean): Statement {
  const temporary = c.accept("TEMP") || c.accept("TEMPORARY");
  c.expect("VIEW");
  const ifNotExists = c.accept("IF", "NOT", "EXISTS");
  if (orReplace && ifNotExists) throw sqlErrors.syntax("IF NOT EXISTS", "(CREATE VIEW takes OR REPLACE or IF NOT EXISTS, not both)");
  const name = c.qualifiedName();
  let columns: string[] | undefined;
  if (c.acceptOp("(")) {
    columns = [];
    do {
      columns.push(c.identifier());
      if (c.accept("COMMENT")) c.string();
    } while (c.acceptOp(","));
    c.expectOp(")");
  }
  let comment: string | undefined;
  while (!c.isKeyword("AS")) {
    if (c.accept("COMMENT")) comment = c.string();
    else if (c.accept("TBLPROPERTIES")) properties(c);
    else throw c.error("expected AS and the view's query");
  }
  c.expect("AS");
  const query = rest(c);
  if (query.length <= 1) throw c.error("expected the view's query after AS");
  return { kind: "createView", name, orReplace, ifNotExists, temporary, columns, comment, query };
}

/** the modifiers at the cursor plus the word they modify, upper-cased: "TEMPORARY VIEW" */
function leadingWords(c: Cursor, modifiers: string[]): string {
  const words: string[] = [];
  let k = 0;
  while (modifiers.includes(c.peek(k).value.toUpperCase())) words.push(c.peek(k++).value.toUpperCase());
  words.push(c.peek(k).value.toUpperCase());
  return words.join(" ");
}

function parseCreateTable(c: Cursor, orReplace: boolean): Statement {
  const statement: CreateTable = {
    kind: "createTable",
    name: [],
    ifNotExists: ifNotExists(c),
    orReplace,
    format: "DELTA",
    partitionedBy: [],
    properties: {},
  };
  statement.name = c.qualifiedName();
  if (c.accept("LIKE")) statement.like = c.qualifiedName();
  else if (c.isKeyword("SHALLOW") || c.isKeyword("DEEP") || c.isKeyword("CLONE")) statement.clone = cloneSource(c);
  else if (c.isOp("(")) Object.assign(statement, columnDefinitions(c));
  if (statement.like && orReplace) throw sqlErrors.unsupported("CREATE OR REPLACE TABLE … LIKE");
  for (;;) {
    if (c.accept("USING")) statement.format = c.identifier().toUpperCase();
    else if (c.accept("PARTITIONED", "BY")) {
      c.expectOp("(");
      do statement.partitionedBy.push(c.identifier());
      while (c.acceptOp(","));
      c.expectOp(")");
    } else if (c.accept("CLUSTER", "BY")) statement.clusterBy = clusteringColumns(c);
    else if (c.accept("LOCATION")) statement.location = c.string();
    else if (c.accept("COMMENT")) statement.comment = c.string();
    else if (c.accept("TBLPROPERTIES")) Object.assign(statement.properties, properties(c));
    else if (c.accept("AS")) {
      statement.asQuery = rest(c);
      break;
    } else if (c.atEnd()) break;
    else if (QUERY_STARTS.has(c.peek().value.toUpperCase()) || c.isOp("(")) {
      statement.asQuery = rest(c); // Spark accepts CTAS without AS
      break;
    } else {
      const word = c.peek().value.toUpperCase();
      if (["OPTIONS", "STORED", "ROW", "WITH", "DEFAULT", "CONSTRAINT"].includes(word)) {
        throw sqlErrors.unsupported(`CREATE TABLE … ${word}`);
      }
      throw c.error("expected USING, PARTITIONED BY, LOCATION, COMMENT, TBLPROPERTIES or AS");
    }
  }
  if (statement.format !== "DELTA") {
    throw sqlErrors.unsupported(`CREATE TABLE … USING ${statement.format} (only Delta tables are kept)`);
  }
  return statement;
}

/** [SHALLOW | DEEP] CLONE source [VERSION AS OF n | TIMESTAMP AS OF '…'] (DEEP when neither is said, as in Delta) */
function cloneSource(c: Cursor): NonNullable<CreateTable["clone"]> {
  const shallow = c.accept("SHALLOW");
  if (!shallow) c.accept("DEEP");
  c.expect("CLONE");
  const source = c.qualifiedName();
  if (c.accept("VERSION", "AS", "OF")) return { source, shallow, travel: { version: c.integer() } };
  if (c.accept("TIMESTAMP", "AS", "OF")) return { source, shallow, travel: { timestamp: `'${c.string().replaceAll("'", "''")}'` } };
  return { source, shallow };
}

/** CLUSTER BY (a, s.f) or, where `none` may be, NONE (no columns) */
function clusteringColumns(c: Cursor, none = false): string[][] {
  if (c.isKeyword("AUTO")) throw sqlErrors.unsupported("CLUSTER BY AUTO (automatic liquid clustering: name the clustering columns)");
  if (none && c.accept("NONE")) return [];
  c.expectOp("(");
  const columns: string[][] = [];
  do columns.push(c.qualifiedName());
  while (c.acceptOp(","));
  c.expectOp(")");
  return columns;
}

/** CREATE TABLE's list of columns, and the informational key constraints among them or on one of them */
function columnDefinitions(c: Cursor): { columns: SparkField[]; keys?: KeyConstraint[] } {
  c.expectOp("(");
  const columns: SparkField[] = [];
  const keys: KeyConstraint[] = [];
  do {
    if (c.isKeyword("CONSTRAINT") || c.isKeyword("PRIMARY") || c.isKeyword("FOREIGN")) {
      keys.push(keyConstraint(c));
      continue;
    }
    const name = c.identifier();
    columns.push(columnType(c, name).field);
    if (c.isKeyword("CONSTRAINT") || c.isKeyword("PRIMARY") || c.isKeyword("FOREIGN") || c.isKeyword("REFERENCES")) keys.push(keyConstraint(c, name));
  } while (c.acceptOp(","));
  c.expectOp(")");
  return keys.length ? { columns, keys } : { columns };
}

/** the options a key constraint may carry, all informational: only RELY is kept */
const KEY_OPTIONS = ["NOT", "ENFORCED", "DEFERRABLE", "INITIALLY", "DEFERRED", "NORELY", "MATCH", "FULL", "ON", "UPDATE", "DELETE", "NO", "ACTION"];

/**
 * `[CONSTRAINT name] PRIMARY KEY (cols) | FOREIGN KEY (cols) REFERENCES parent [(cols)]` and its options; after a column's
 * definition (`column`), the column is the key and `(cols)` is left out (`[FOREIGN KEY] REFERENCES parent [(col)]`)
 */
function keyConstraint(c: Cursor, column?: string): KeyConstraint {
  const name = c.accept("CONSTRAINT") ? c.identifier() : undefined;
  if (c.isKeyword("CHECK")) throw sqlErrors.unsupported("a CHECK constraint in CREATE TABLE (add it after with ALTER TABLE … ADD CONSTRAINT name CHECK (condition))");
  const columnList = () => {
    if (column !== undefined) return [column];
    c.expectOp("(");
    const columns: string[] = [];
    do {
      columns.push(c.identifier());
      c.accept("TIMESERIES");
    } while (c.acceptOp(","));
    c.expectOp(")");
    return columns;
  };
  let key: KeyConstraint;
  if (c.accept("PRIMARY", "KEY")) key = { kind: "PRIMARY KEY", ...(name ? { name } : {}), columns: columnList(), rely: false };
  else {
    if (column === undefined || c.isKeyword("FOREIGN")) c.expect("FOREIGN", "KEY");
    const columns = columnList();
    c.expect("REFERENCES");
    const parent = c.qualifiedName();
    const parentColumns = c.isOp("(") ? inParentheses(c, (k) => k.identifier()) : undefined;
    key = { kind: "FOREIGN KEY", ...(name ? { name } : {}), columns, parent, ...(parentColumns ? { parentColumns } : {}), rely: false };
  }
  for (;;) {
    if (c.accept("RELY")) key.rely = true;
    else if (!KEY_OPTIONS.some((word) => c.accept(word))) break;
  }
  return key;
}

/**
 * a column's type and clauses after its name: NOT NULL, COMMENT, and (ALTER TABLE … ADD COLUMNS only) FIRST / AFTER, or (CREATE
 * TABLE only) DEFAULT, kept as Spark keeps it, the expression's text in the field's CURRENT_DEFAULT and EXISTS_DEFAULT, and
 * GENERATED ALWAYS AS (expr), its text in the field's delta.generationExpression
 */
function columnType(c: Cursor, name: string, positioned = false): Omit<AddedColumn, "path"> {
  const field: SparkField = declaredField(name, parseSparkType(c, true));
  let position: AddedColumn["position"];
  for (;;) {
    if (c.accept("NOT", "NULL")) field.nullable = false;
    else if (c.accept("COMMENT")) field.metadata.comment = c.string();
    else if (!positioned && c.accept("DEFAULT")) {
      const text = sparkSqlText(expressionUntil(c, (t) => isOp(t, ",") || isOp(t, ")") || isWord(t, "COMMENT") || isWord(t, "NOT")));
      Object.assign(field.metadata, { [CURRENT_DEFAULT]: text, [EXISTS_DEFAULT]: text });
    } else if (!positioned && c.isKeyword("GENERATED") && !isWord(c.tokens[c.i + 3], "IDENTITY") && !isWord(c.tokens[c.i + 4], "IDENTITY")) {
      c.expect("GENERATED", "ALWAYS", "AS");
      c.expectOp("(");
      field.metadata[GENERATION_EXPRESSION] = sparkSqlText(expressionUntil(c, (t) => isOp(t, ")")));
      c.expectOp(")");
    } else if (!positioned && c.accept("GENERATED")) {
      Object.assign(field.metadata, identityClause(c));
    } else if (positioned && c.isKeyword("DEFAULT")) throw sqlErrors.addColumnDefault();
    else if (positioned && c.accept("FIRST")) position = { first: true };
    else if (positioned && c.accept("AFTER")) position = { after: c.identifier() };
    else if (c.isKeyword("GENERATED") || c.isKeyword("DEFAULT") || c.isKeyword("MASK") || c.isKeyword("COLLATE")) {
      throw sqlErrors.unsupported(`column ${c.peek().value.toUpperCase()} clauses`);
    } else break;
  }
  return position ? { field, position } : { field };
}

/**
 * `{ALWAYS | BY DEFAULT} AS IDENTITY [(START WITH n] [INCREMENT BY m)]` after GENERATED, as Delta keeps it in the field's metadata:
 * start and step (1 unless given) and whether a write may give values (BY DEFAULT)
 */
function identityClause(c: Cursor): Record<string, number | boolean> {
  const always = c.accept("ALWAYS");
  if (!always) c.expect("BY", "DEFAULT");
  c.expect("AS", "IDENTITY");
  let start = 1;
  let step = 1;
  if (c.acceptOp("(")) {
    for (;;) {
      if (c.accept("START", "WITH")) start = signedInteger(c);
      else if (c.accept("INCREMENT", "BY")) step = signedInteger(c);
      else break;
    }
    c.expectOp(")");
  }
  return { [IDENTITY_START]: start, [IDENTITY_STEP]: step, [IDENTITY_ALLOW_EXPLICIT_INSERT]: !always };
}

/** an integer literal with an optional sign */
function signedInteger(c: Cursor): number {
  const negative = c.acceptOp("-");
  if (!negative) c.acceptOp("+");
  const t = c.peek();
  if (t.kind !== "number" || !/^\d+$/.test(t.value)) throw c.error("expected an integer");
  c.next();
  const value = Number(t.value);
  if (!Number.isSafeInteger(value)) throw c.error(`${t.value} is beyond the integers an identity column keeps exactly`);
  return negative ? -value : value;
}

/** a property's key: a string or a dotted identifier */
function propertyKey(c: Cursor): string {
  return c.peek().kind === "string" ? c.string() : c.qualifiedName().join(".");
}

/** (key = value, …): keys are strings or dotted identifiers, values strings, numbers, booleans or words. */
function properties(c: Cursor): Record<string, string> {
  const out: Record<string, string> = {};
  c.expectOp("(");
  if (c.acceptOp(")")) return out;
  do {
    const key = propertyKey(c);
    c.acceptOp("=");
    const t = c.next();
    if (t.kind === "op" && t.value === "-" && c.peek().kind === "number") out[key] = "-" + c.next().value;
    else if (t.kind === "string" || t.kind === "number" || t.kind === "ident") out[key] = t.value;
    else throw c.error("expected a property value");
  } while (c.acceptOp(","));
  c.expectOp(")");
  return out;
}

function parseInsert(c: Cursor): Statement {
  const overwrite = c.accept("OVERWRITE");
  if (overwrite && (c.isKeyword("LOCAL") || c.isKeyword("DIRECTORY"))) {
    if (c.accept("LOCAL")) throw sqlErrors.unsupported("INSERT OVERWRITE LOCAL DIRECTORY");
    c.expect("DIRECTORY");
    let path = c.peek().kind === "string" ? c.string() : undefined;
    if (c.isKeyword("STORED") || c.isKeyword("ROW")) throw sqlErrors.unsupported("INSERT OVERWRITE DIRECTORY … STORED AS (Hive format)");
    c.expect("USING");
    const format = c.identifier().toUpperCase();
    const options = c.accept("OPTIONS") ? properties(c) : {};
    path ??= options.path;
    if (!path) throw c.error("INSERT OVERWRITE DIRECTORY needs a path");
    return { kind: "insertOverwriteDirectory", path, format, options, query: query(c) };
  }
  if (!overwrite) c.expect("INTO");
  c.accept("TABLE");
  const table = c.qualifiedName();
  const partition = c.accept("PARTITION") ? partitionSpec(c) : undefined;
  if (!overwrite && !partition && c.accept("REPLACE", "WHERE")) {
    const replaceWhere = expressionUntil(c, (t) => t.kind === "ident" && QUERY_STARTS.has(t.value.toUpperCase()));
    return { kind: "insert", table, replaceWhere, query: query(c), overwrite };
  }
  if (!partition && c.accept("BY", "NAME")) return { kind: "insert", table, byName: true, query: query(c), overwrite };
  let columns: string[] | undefined;
  if (c.isOp("(") && !QUERY_STARTS.has(c.peek(1).value.toUpperCase())) {
    c.expectOp("(");
    columns = [];
    do columns.push(c.identifier());
    while (c.acceptOp(","));
    c.expectOp(")");
  }
  return { kind: "insert", table, columns, partition, query: query(c), overwrite };
}

/** PARTITION (p = v, q, …): a column with a value is static, one without (a dynamic partition column) takes its values from the query */
function partitionSpec(c: Cursor): NonNullable<Insert["partition"]> {
  c.expectOp("(");
  const spec: NonNullable<Insert["partition"]> = [];
  do {
    const column = c.identifier();
    spec.push(c.acceptOp("=") ? { column, value: expressionUntil(c, (t) => t.kind === "op" && (t.value === "," || t.value === ")")) } : { column });
  } while (c.acceptOp(","));
  c.expectOp(")");
  return spec;
}

function query(c: Cursor): Tokens {
  const t = c.peek();
  const ok = (t.kind === "ident" && QUERY_STARTS.has(t.value.toUpperCase())) || (t.kind === "op" && t.value === "(");
  if (!ok) throw c.error("expected a query (SELECT, VALUES, …)");
  return rest(c);
}

/** MERGE INTO … USING … ON … followed by its WHEN clauses, in order */
function parseMerge(c: Cursor): Statement {
  const schemaEvolution = c.accept("WITH", "SCHEMA", "EVOLUTION");
  c.expect("INTO");
  const target = c.qualifiedName();
  const targetAlias = alias(c, "USING");
  c.expect("USING");
  let source: Tokens;
  let sourceTable: Name | undefined;
  if (c.isOp("(")) source = parenthesizedQuery(c);
  else {
    sourceTable = c.qualifiedName();
    source = tokenize(`SELECT * FROM ${sourceTable.map((part) => "`" + part.replace(/`/g, "``") + "`").join(".")}`);
  }
  const sourceAlias = alias(c, "ON");
  c.expect("ON");
  const on = clauseExpression(c, ["WHEN"]);
  const clauses: MergeWhen[] = [];
  while (c.accept("WHEN")) clauses.push(mergeWhen(c));
  if (!c.atEnd()) throw c.error("expected WHEN");
  if (clauses.length === 0) throw c.error("expected WHEN MATCHED or WHEN NOT MATCHED");
  return { kind: "merge", target, targetAlias, source, sourceTable, sourceAlias, on, clauses, schemaEvolution };
}

/** `( query )`: the query's tokens */
function parenthesizedQuery(c: Cursor): Tokens {
  c.expectOp("(");
  const inner = expressionUntil(c, (t) => t.kind === "op" && t.value === ")");
  c.expectOp(")");
  query(new Cursor(inner));
  return inner;
}

/** `[AS] alias` before the keyword that follows it */
function alias(c: Cursor, next: string): string | undefined {
  if (c.accept("AS")) return c.identifier();
  return !c.isKeyword(next) && (c.peek().kind === "ident" || c.peek().kind === "qident") ? c.identifier() : undefined;
}

/** one WHEN clause, after WHEN */
function mergeWhen(c: Cursor): MergeWhen {
  const not = c.accept("NOT");
  c.expect("MATCHED");
  const bySource = not && c.accept("BY", "SOURCE");
  if (not && !bySource) c.accept("BY", "TARGET");
  const when = !not ? "matched" : bySource ? "notMatchedBySource" : "notMatched";
  const condition = c.accept("AND") ? clauseExpression(c, ["THEN"]) : undefined;
  c.expect("THEN");
  if (when === "notMatched") {
    c.expect("INSERT");
    if (c.acceptOp("*")) return { when, condition, action: "insert", columns: "*", values: [] };
    const columns = inParentheses(c, (c) => c.identifier());
    c.expect("VALUES");
    c.expectOp("(");
    const values: Tokens[] = [];
    do values.push(clauseExpression(c, [], [",", ")"]));
    while (c.acceptOp(","));
    c.expectOp(")");
    return { when, condition, action: "insert", columns, values };
  }
  if (c.accept("DELETE")) return { when, condition, action: "delete" };
  if (c.isKeyword("INSERT")) throw c.error(`a WHEN ${not ? "NOT MATCHED BY SOURCE" : "MATCHED"} clause can only UPDATE or DELETE`);
  c.expect("UPDATE", "SET");
  if (c.acceptOp("*")) return { when, condition, action: "update", set: "*" };
  const set: { target: Name; value: Tokens }[] = [];
  do {
    const target = c.qualifiedName();
    c.expectOp("=");
    set.push({ target, value: clauseExpression(c, ["WHEN"], [","]) });
  } while (c.acceptOp(","));
  return { when, condition, action: "update", set };
}

/** an expression up to one of the words or operators at its top level; a CASE … END inside it is read whole */
function clauseExpression(c: Cursor, words: string[], ops: string[] = []): Tokens {
  let cases = 0;
  return expressionUntil(c, (t) => {
    if (isWord(t, "CASE")) cases++;
    else if (isWord(t, "END") && cases > 0) cases--;
    else if (cases === 0) return words.some((w) => isWord(t, w)) || (t.kind === "op" && ops.includes(t.value));
    return false;
  });
}

function parseDelete(c: Cursor): Statement {
  c.expect("FROM");
  const table = c.qualifiedName();
  if (c.accept("AS") || (c.peek().kind === "ident" && !c.isKeyword("WHERE"))) {
    throw sqlErrors.unsupported("DELETE FROM with a table alias");
  }
  if (c.atEnd()) return { kind: "delete", table };
  c.expect("WHERE");
  if (c.atEnd()) throw c.error("expected a predicate");
  return { kind: "delete", table, where: rest(c) };
}

function parseUpdate(c: Cursor): Statement {
  const table = c.qualifiedName();
  if (c.isOp("@") || ((c.isKeyword("VERSION") || c.isKeyword("TIMESTAMP")) && c.isKeyword("AS", 1)) || c.isKeyword("FOR")) {
    throw sqlErrors.unsupported("UPDATE of a table version (time travel)");
  }
  let alias: string | undefined;
  if (c.accept("AS")) alias = c.identifier();
  else if (!c.isKeyword("SET") && (c.peek().kind === "ident" || c.peek().kind === "qident")) alias = c.identifier();
  c.expect("SET");
  const assignments: Update["assignments"] = [];
  do {
    const target = c.qualifiedName();
    c.expectOp("=");
    assignments.push({ target, value: expressionUntil(c, (t) => (t.kind === "op" && t.value === ",") || isWord(t, "WHERE")) });
  } while (c.acceptOp(","));
  if (c.atEnd()) return { kind: "update", table, alias, assignments };
  c.expect("WHERE");
  if (c.atEnd()) throw c.error("expected a predicate");
  return { kind: "update", table, alias, assignments, where: rest(c) };
}

/** the tokens of an expression up to (not including) a top-level token that `stop` accepts, or the end; with an eof */
function expressionUntil(c: Cursor, stop: (t: Token) => boolean): Tokens {
  const start = c.i;
  let depth = 0;
  while (!c.atEnd()) {
    const t = c.peek();
    if (depth === 0 && stop(t)) break;
    if (t.kind === "op" && t.value === "(") depth++;
    else if (t.kind === "op" && t.value === ")" && --depth < 0) throw c.error("unbalanced ')'");
    c.next();
  }
  if (depth > 0) throw sqlErrors.syntax("end of input", "Unbalanced parentheses.");
  if (c.i === start) throw c.error("expected an expression");
  return [...c.tokens.slice(start, c.i), { ...c.tokens[c.tokens.length - 1] }];
}

function parseAlter(c: Cursor): Statement {
  if (c.accept("VIEW")) return parseAlterView(c);
  if (c.accept("SCHEMA") || c.accept("DATABASE")) {
    const schema = c.qualifiedName();
    if (c.accept("SET", "DBPROPERTIES") || c.accept("SET", "PROPERTIES")) return { kind: "setSchemaProperties", schema, properties: properties(c) };
    throw sqlErrors.unsupported(`ALTER SCHEMA … ${c.peek().value.toUpperCase()}`);
  }
  if (!c.accept("TABLE")) throw sqlErrors.unsupported(`ALTER ${c.peek().value.toUpperCase()}`);
  const table = c.qualifiedName();
  if (c.accept("SET", "TBLPROPERTIES")) return { kind: "setProperties", table, properties: properties(c) };
  if (c.accept("UNSET", "TBLPROPERTIES")) {
    const ifExists = c.accept("IF", "EXISTS");
    return { kind: "unsetProperties", table, ifExists, keys: inParentheses(c, propertyKey) };
  }
  if (c.accept("CLUSTER", "BY")) return { kind: "clusterBy", table, columns: clusteringColumns(c, true) };
  if (c.accept("RENAME", "TO")) return { kind: "renameTable", name: table, newName: c.qualifiedName() };
  if (c.isKeyword("ADD") && c.isKeyword("CONSTRAINT", 1) && c.isKeyword("CHECK", 3)) {
    c.expect("ADD", "CONSTRAINT");
    const name = c.identifier();
    c.expect("CHECK");
    c.expectOp("(");
    const check = expressionUntil(c, (t) => t.kind === "op" && t.value === ")");
    c.expectOp(")");
    c.accept("ENFORCED");
    if (!c.atEnd()) throw c.error("expected the end of ADD CONSTRAINT … CHECK (condition)");
    return { kind: "addConstraint", table, name, check };
  }
  if (c.isKeyword("ADD") && (c.isKeyword("PRIMARY", 1) || c.isKeyword("FOREIGN", 1) || (c.isKeyword("CONSTRAINT", 1) && !c.isKeyword("CHECK", 3)))) {
    c.expect("ADD");
    const key = keyConstraint(c);
    if (!c.atEnd()) throw c.error("expected the end of ADD … PRIMARY KEY | FOREIGN KEY");
    return { kind: "addKey", table, key };
  }
  if (c.isKeyword("DROP") && (c.isKeyword("PRIMARY", 1) || c.isKeyword("FOREIGN", 1))) {
    c.expect("DROP");
    const primary = c.accept("PRIMARY", "KEY");
    if (!primary) c.expect("FOREIGN", "KEY");
    const ifExists = c.accept("IF", "EXISTS");
    const key = primary ? ("PRIMARY KEY" as const) : { foreignKey: inParentheses(c, (k) => k.identifier()) };
    const cascade = c.accept("CASCADE");
    if (!cascade) c.accept("RESTRICT");
    return { kind: "dropKey", table, key, ifExists, cascade };
  }
  if (c.accept("DROP", "CONSTRAINT")) {
    const ifExists = c.accept("IF", "EXISTS");
    const name = c.identifier();
    c.accept("RESTRICT") || c.accept("CASCADE");
    return { kind: "dropConstraint", table, name, ifExists };
  }
  if (c.accept("ADD", "COLUMNS") || c.accept("ADD", "COLUMN")) return { kind: "addColumns", table, columns: inParentheses(c, addedColumn) };
  if (c.accept("ALTER") || c.accept("CHANGE")) {
    c.accept("COLUMN");
    const column = c.qualifiedName();
    return { kind: "alterColumn", table, column, change: columnChange(c) };
  }
  if (c.accept("RENAME", "COLUMN")) {
    const column = c.qualifiedName();
    c.expect("TO");
    return { kind: "renameColumn", table, column, newName: c.identifier() };
  }
  if (c.accept("DROP", "COLUMNS") || c.accept("DROP", "COLUMN")) {
    const ifExists = c.accept("IF", "EXISTS");
    return { kind: "dropColumns", table, ifExists, columns: inParentheses(c, (k) => k.qualifiedName()) };
  }
  const second = ["COLUMN", "COLUMNS", "TO", "PARTITION", "CONSTRAINT", "TBLPROPERTIES", "OWNER", "LOCATION", "BY"];
  const what = c.peek().value.toUpperCase() + (second.includes(c.peek(1).value.toUpperCase()) ? " " + c.peek(1).value.toUpperCase() : "");
  throw sqlErrors.unsupported(`ALTER TABLE … ${what}`);
}

/** what ALTER COLUMN c changes: TYPE t, COMMENT '…', SET NOT NULL, DROP NOT NULL, FIRST or AFTER d, SET DEFAULT, DROP DEFAULT, SYNC IDENTITY */
function columnChange(c: Cursor): ColumnChange {
  if (c.accept("TYPE")) return { type: parseSparkType(c, true) };
  if (c.accept("COMMENT")) return { comment: c.string() };
  if (c.accept("SET", "NOT", "NULL")) return { nullable: false };
  if (c.accept("DROP", "NOT", "NULL")) return { nullable: true };
  if (c.accept("FIRST")) return { position: { first: true } };
  if (c.accept("AFTER")) return { position: { after: c.identifier() } };
  if (c.accept("SET", "DEFAULT")) return { default: sparkSqlText(rest(c)) };
  if (c.accept("DROP", "DEFAULT")) return { default: null };
  if (c.accept("SYNC", "IDENTITY")) return { syncIdentity: true };
  if (c.isKeyword("SET") || c.isKeyword("DROP")) throw sqlErrors.unsupported(`ALTER COLUMN … ${c.peek().value.toUpperCase()} ${c.peek(1).value.toUpperCase()} (column masks)`);
  if (c.atEnd()) throw c.error("expected TYPE, COMMENT, SET NOT NULL, DROP NOT NULL, FIRST or AFTER");
  throw sqlErrors.unsupported("CHANGE COLUMN c new_name type (Hive's form: use ALTER COLUMN … TYPE, COMMENT, FIRST or AFTER, or RENAME COLUMN)");
}

/** COMMENT ON TABLE t IS '…' | NULL, COMMENT ON COLUMN t.c IS '…' | NULL */
function parseCommentOn(c: Cursor): Statement {
  c.expect("ON");
  const kind = c.identifier().toUpperCase();
  if (!["TABLE", "COLUMN", "SCHEMA", "DATABASE", "CATALOG"].includes(kind)) throw sqlErrors.unsupported(`COMMENT ON ${kind}`);
  const name = c.qualifiedName();
  c.expect("IS");
  const comment = c.accept("NULL") ? null : c.string();
  if (kind === "TABLE") return { kind: "commentOnTable", table: name, comment };
  if (kind !== "COLUMN") return { kind: "commentOnNamespace", target: kind === "CATALOG" ? "catalog" : "schema", name, comment };
  if (name.length < 2) throw c.error("COMMENT ON COLUMN names a table's column: table.column");
  return { kind: "alterColumn", table: name.slice(0, -1), column: name.slice(-1), change: { comment } };
}

/** ALTER VIEW v AS query, ALTER VIEW v RENAME TO w */
function parseAlterView(c: Cursor): Statement {
  const name = c.qualifiedName();
  if (c.accept("RENAME", "TO")) return { kind: "renameView", name, newName: c.qualifiedName() };
  if (!c.accept("AS")) throw sqlErrors.unsupported(`ALTER VIEW … ${c.peek().value.toUpperCase()}`);
  const query = rest(c);
  if (query.length <= 1) throw c.error("expected the view's query after AS");
  return { kind: "alterView", name, query };
}

/** `item, …` or `(item, …)`, as Spark takes the columns of ADD COLUMNS and DROP COLUMNS */
function inParentheses<T>(c: Cursor, item: (c: Cursor) => T): T[] {
  const parenthesized = c.acceptOp("(");
  const items: T[] = [];
  do items.push(item(c));
  while (c.acceptOp(","));
  if (parenthesized) c.expectOp(")");
  return items;
}

function addedColumn(c: Cursor): AddedColumn {
  const name = c.qualifiedName();
  return { path: name.slice(0, -1), ...columnType(c, name[name.length - 1], true) };
}

function parseUse(c: Cursor): Statement {
  if (c.accept("CATALOG")) return { kind: "use", target: "catalog", name: [c.identifier()] };
  c.accept("SCHEMA") || c.accept("DATABASE");
  return { kind: "use", target: "schema", name: c.qualifiedName() };
}

function parseDrop(c: Cursor): Statement {
  if (c.accept("TABLE")) {
    const ifExists = c.accept("IF", "EXISTS");
    const name = c.qualifiedName();
    c.accept("PURGE");
    return { kind: "dropTable", name, ifExists };
  }
  if (c.accept("VIEW")) {
    const ifExists = c.accept("IF", "EXISTS");
    return { kind: "dropView", name: c.qualifiedName(), ifExists };
  }
  if (c.accept("SCHEMA") || c.accept("DATABASE")) {
    const ifExists = c.accept("IF", "EXISTS");
    const name = c.qualifiedName();
    const cascade = c.accept("CASCADE");
    if (!cascade) c.accept("RESTRICT");
    return { kind: "dropSchema", name, ifExists, cascade };
  }
  throw sqlErrors.unsupported(`DROP ${c.peek().value.toUpperCase()}`);
}

export type { Name };
