/**
 * COPY INTO t [BY POSITION | (column, …)] FROM { 'location' | (SELECT expressions FROM 'location') } FILEFORMAT = CSV | JSON | PARQUET:
 * the location's files not loaded into t before appended in one COPY INTO commit. Each file's columns (or the SELECT's) go into the
 * table's of their names, or with BY POSITION or a column list a headerless CSV's into the table's in order. The location is a folder
 * on this machine where tables may live, or a wasb[s]:// folder read with the credential the cluster's Spark config gives WASB. Which
 * files a table has loaded is read from its own log (the files each COPY INTO commit names), so a file is loaded once, also across
 * restarts, unless COPY_OPTIONS ('force' = 'true'). VALIDATE writes nothing: the rows are checked as the load would check them, and
 * the first ones are the answer.
 */
import { type DeltaTable, findField, generatedColumns, identityOf, type Snapshot, type StructField } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { tableResult, tableResultFromDuckDb, type TableResult } from "../results/table-result.js";
import { quoteIdent, quoteString } from "../sql/spark-types.js";
import type { Statement, Tokens } from "../sql/statements.js";
import { madeToken } from "../sql/tokenizer.js";
import { translateQuery } from "../sql/translate.js";
import { describeQuery, type StatementContext } from "./context.js";
import { count, rowsToWrite } from "./dml.js";
import { chosenFiles, sourceLocation } from "./copy-into-files.js";
import { resolveTable, translateContext } from "./resolve.js";

type CopyInto = Extract<Statement, { kind: "copyInto" }>;

const OPERATION = "COPY INTO";

const FORMATS = ["CSV", "JSON", "PARQUET"];

/** the most rows VALIDATE answers with (fewer when it validates fewer) */
const VALIDATE_PREVIEW_ROWS = 50;

export async function copyInto(ctx: StatementContext, s: CopyInto): Promise<TableResult> {
  if (!FORMATS.includes(s.format)) throw sqlErrors.unsupported(`COPY INTO … FILEFORMAT = ${s.format} (CSV, JSON and PARQUET are read)`);
  const formatOptions = lowerKeys(s.formatOptions);
  if (s.target && (s.format !== "CSV" || formatOptions.header === "true")) {
    throw sqlErrors.unsupported(`COPY INTO … ${s.target === "position" ? "BY POSITION" : "(column, …)"} with FILEFORMAT = ${s.format}${s.format === "CSV" ? " and a header" : ""} (only headerless CSV files are matched by position; other files by their columns' names)`);
  }
  const { table, name: full } = resolveTable(ctx, s.table);
  const options = lowerKeys(s.copyOptions);
  const location = await sourceLocation(ctx, s.location);
  const loaded = options.force === "true" ? new Set<string>() : await loadedFiles(table);
  const files = chosenFiles(location.files, s).filter((file) => !loaded.has(location.uri(file)));
  const answer = (rows: number) => tableResult([count("num_affected_rows"), count("num_inserted_rows"), count("num_skipped_corrupt_files")], [[rows, rows, 0]]);
  if (files.length === 0) return s.validate ? tableResult([], []) : answer(0);

  const read = await filesRelation(ctx, s.format, await Promise.all(files.map(location.localFile)), formatOptions);
  const source = s.select ? `(${await selectedRelation(ctx, read, s.select)})` : read;
  const snapshot = await table.snapshot({});
  const columns = (await describeQuery(ctx.conn, `SELECT * FROM ${source}`)).map((c) => c.name);
  const mergeSchema = options.mergeschema === "true";
  const { sources, kept } = s.target ? byPosition(snapshot, columns, s.target, full) : byName(snapshot, columns, mergeSchema, full);
  const { select, checks, generateIdentity } = await rowsToWrite(ctx, table, snapshot, `SELECT * FROM ${source}`, sources, kept);
  if (s.validate) return validated(ctx, table, select, { checks, generateIdentity, mergeSchema }, s.validate.rows);
  const operationParameters = { files: JSON.stringify(files.map(location.uri)) };
  const result = await table.append(ctx.conn, select, { operation: OPERATION, operationParameters, mergeSchema, checks, generateIdentity });
  return answer(result.numRecords);
}

/** each of the table's columns from the files' column of its name, the files' others (mergeSchema) after them */
function byName(snapshot: Snapshot, columns: string[], mergeSchema: boolean, table: string[]) {
  const fields = snapshot.schema.fields;
  const extra = columns.filter((c) => !findField(fields, c));
  if (extra.length && !mergeSchema) throw sqlErrors.copyIntoExtraColumns(extra, table);
  const sources = fields.map((f) => columns.findIndex((c) => c.toLowerCase() === f.name.toLowerCase()));
  return { sources, kept: extra.map((name) => ({ source: columns.indexOf(name), name })) };
}

/**
 * The files' columns in order into the table's columns the list names, or with BY POSITION into the table's columns that take values
 * (identity and generated columns left out, as Databricks matches them); as many columns either side
 */
function byPosition(snapshot: Snapshot, columns: string[], target: "position" | string[], table: string[]) {
  const fields = snapshot.schema.fields;
  const generated = new Set(generatedColumns(snapshot.schema));
  const named = (name: string) => {
    const field = findField(fields, name);
    if (!field) throw sqlErrors.unresolvedColumn(name, table);
    return field;
  };
  const targets: StructField[] = target === "position" ? fields.filter((f) => !identityOf(f) && !generated.has(f)) : target.map(named);
  if (targets.length !== columns.length) throw sqlErrors.arity(table, targets.length, columns.length);
  return { sources: fields.map((f) => targets.indexOf(f)), kept: [] };
}

/**
 * VALIDATE [n ROWS]: the rows (the first n) written as the load would write them, through the same casts and checks, and thrown away
 * uncommitted, so a value the table cannot hold fails here as it would fail the load; the answer is the first of them as the table
 * would hold them (at most 50; an identity column's values are numbered only by a load)
 */
async function validated(ctx: StatementContext, table: DeltaTable, select: string, opts: Parameters<DeltaTable["appendInParts"]>[0], rows: number | undefined): Promise<TableResult> {
  const rowsChecked = rows === undefined ? select : `SELECT * FROM (${select}) LIMIT ${rows}`;
  const append = await table.appendInParts(opts);
  try {
    await append.write(ctx.conn, rowsChecked);
  } finally {
    await append.discard();
  }
  const preview = Math.min(rows ?? VALIDATE_PREVIEW_ROWS, VALIDATE_PREVIEW_ROWS);
  return tableResultFromDuckDb(await ctx.conn.stream(`SELECT * FROM (${select}) LIMIT ${preview}`), preview);
}

/** the one-part name the SELECT's FROM 'location' reads the files under */
const FILES_RELATION = "copy_into_files";

/** (SELECT expressions FROM 'location'): the expressions translated over the files' relation, as any query's are over a table's */
async function selectedRelation(ctx: StatementContext, files: string, expressions: Tokens): Promise<string> {
  const eof = expressions[expressions.length - 1];
  const word = (value: string) => madeToken("ident", value, eof.pos);
  const tokens = [word("SELECT"), ...expressions.slice(0, -1), word("FROM"), madeToken("qident", FILES_RELATION, eof.pos), eof];
  const base = translateContext(ctx);
  return translateQuery(tokens, {
    ...base,
    table: (name, travel) => (name.length === 1 && name[0] === FILES_RELATION && travel === undefined ? Promise.resolve(files) : base.table(name, travel)),
  });
}

/** the files COPY INTO commits of the table loaded, by absolute path or wasbs:// URI */
async function loadedFiles(table: DeltaTable): Promise<Set<string>> {
  const loaded = new Set<string>();
  for (const commit of await table.history()) {
    const files = commit.operation === OPERATION ? commit.operationParameters?.files : undefined;
    if (typeof files === "string") for (const file of JSON.parse(files) as string[]) loaded.add(file);
  }
  return loaded;
}

/** the files read as DuckDB reads their format, with Spark's options: CSV's header (off by default), sep and inferSchema (off: every column a STRING) */
async function filesRelation(ctx: StatementContext, format: string, files: string[], options: Record<string, string>): Promise<string> {
  const list = `[${files.map(quoteString).join(", ")}]`;
  if (format === "PARQUET") return `read_parquet(${list}, union_by_name = true)`;
  if (format === "JSON") return `read_json(${list}, format = ${options.multiline === "true" ? "'array'" : "'newline_delimited'"}, union_by_name = true)`;
  const header = options.header === "true";
  const delimiter = options.sep ?? options.delimiter ?? ",";
  const csv = `read_csv(${list}, header = ${header}, delim = ${quoteString(delimiter)}, all_varchar = ${options.inferschema !== "true"}, union_by_name = ${header})`;
  if (header) return csv;
  // without a header Spark names the columns _c0, _c1, …
  const columns = await describeQuery(ctx.conn, `SELECT * FROM ${csv}`);
  return `(SELECT ${columns.map((c, k) => `${quoteIdent(c.name)} AS ${quoteIdent(`_c${k}`)}`).join(", ")} FROM ${csv})`;
}

const lowerKeys = (options: Record<string, string>) => Object.fromEntries(Object.entries(options).map(([k, v]) => [k.toLowerCase(), v.toLowerCase() === "true" || v.toLowerCase() === "false" ? v.toLowerCase() : v]));
