/**
 * Runs one SQL command (one or more statements separated by `;`) and always returns a result:
 * the last statement's table, or the first failure as an error result. Nothing a client sends
 * escapes as an exception: SqlError and DeltaError carry their own text, a DuckDB failure becomes
 * an AnalysisException with DuckDB's message as the cause, anything else is logged as our bug.
 */
import { DeltaError } from "../../../src/delta/index.js";
import { SqlError, sqlErrors } from "../errors.js";
import type { CommandResult, TableResult } from "../results/table-result.js";
import { resolveIdentifierClauses } from "../sql/identifier-clause.js";
import { bindParameterMarkers, type StatementParameter } from "../sql/parameter-markers.js";
import { parseStatement } from "../sql/parser.js";
import type { Statement } from "../sql/statements.js";
import { splitStatements, tokenize, type Token } from "../sql/tokenizer.js";
import type { StatementContext } from "./context.js";
import { addColumns, alterColumn, dropColumns, renameColumn } from "./alter-columns.js";
import { addConstraint, dropConstraint } from "./constraints.js";
import { addKey, dropKey } from "./key-constraints.js";
import { copyInto } from "./copy-into.js";
import { analyze } from "./statistics.js";
import { showCreateTable } from "./show-create.js";
import { clusterBy, commentOnNamespace, commentOnTable, convertToDelta, createCatalog, createSchema, createTable, dropSchema, dropTable, renameTable, setProperties, setSchemaProperties, unsetProperties, use } from "./ddl.js";
import { describeColumn, describeDetail, describeHistory, describeQueryColumns, describeTable, showColumns, showPartitions, showTblProperties } from "./describe.js";
import { cacheStatement } from "./cache.js";
import { describeCatalog, describeSchema, showCurrentSchema } from "./describe-schema.js";
import { showTableExtended } from "./show-table-extended.js";
import { deleteFrom, insert, truncate, update } from "./dml.js";
import { insertOverwriteDirectory } from "./export-directory.js";
import { merge } from "./merge.js";
import { optimize, restore, vacuum } from "./maintenance.js";
import { explainQuery, runQuery } from "./query.js";
import { showCatalogs, showSchemas, showTables, showViews } from "./show.js";
import { applySessionTimeZone, setConf } from "./session-conf.js";
import { alterView, createView, dropView, renameView } from "./views.js";
import { redactSas } from "../wasb/upload.js";
import { statementMistake } from "./statement-mistakes.js";

export async function executeSql(ctx: StatementContext, command: string, parameters: readonly StatementParameter[] = []): Promise<CommandResult> {
  // A cancel can land between two DuckDB calls (translation, a Delta log read, the query itself), where
  // an interrupt is a no-op; so once cancelled, keep interrupting until the command has stopped.
  let interrupter: NodeJS.Timeout | undefined;
  const abort = () => {
    ctx.conn.interrupt();
    interrupter = setInterval(() => ctx.conn.interrupt(), 20);
    interrupter.unref();
  };
  if (ctx.signal.aborted) return errorResult(ctx, sqlErrors.cancelled());
  ctx.signal.addEventListener("abort", abort);
  try {
    const statements = commandStatements(command, parameters);
    if (statements.length === 0) throw sqlErrors.syntax("end of input", "(the command holds no statement)");
    await applySessionTimeZone(ctx);
    let result: TableResult | undefined;
    for (const tokens of statements) {
      if (ctx.signal.aborted) throw sqlErrors.cancelled();
      result = await runStatement(ctx, tokens);
    }
    return result!;
  } catch (e) {
    return errorResult(ctx, e);
  } finally {
    ctx.signal.removeEventListener("abort", abort);
    clearInterval(interrupter);
  }
}

/** the command's statements, each one's tokens with its parameter markers bound and its IDENTIFIER clauses read as names */
export function commandStatements(command: string, parameters: readonly StatementParameter[]): Token[][] {
  return splitStatements(bindParameterMarkers(tokenize(command), parameters)).map(resolveIdentifierClauses);
}

/**
 * A statement run, and where DuckDB's binder could not type an operand of Spark's typed arithmetic or comparison alone (an outer
 * query's column in a correlated subquery, an aggregate, a name that resolves to nothing), before anything ran, run again with
 * DuckDB's own operators: those bind the outer column and the aggregate, or report the name as Spark does.
 */
async function runStatement(ctx: StatementContext, tokens: Token[]): Promise<TableResult> {
  try {
    return await run(ctx, parseStatement(tokens));
  } catch (e) {
    if (ctx.duckdbOperators || !UNTYPED_OPERATION.test(e instanceof Error ? e.message : "")) throw statementMistake(e, tokens) ?? e;
    return runStatement({ ...ctx, duckdbOperators: true }, tokens);
  }
}

/** DuckDB's message where it cannot choose among a typed operation's overloads (engine/decimal-arithmetic.ts, a date's spark_date_add_days, spark_beside), not knowing an operand's type */
const UNTYPED_OPERATION = /Macro spark_\w+\(\) has multiple overloads that match/;

function run(ctx: StatementContext, s: Statement): Promise<TableResult> | TableResult {
  switch (s.kind) {
    case "showCatalogs":
      return showCatalogs(ctx, s.pattern);
    case "showSchemas":
      return showSchemas(ctx, s.catalog, s.pattern);
    case "showTables":
      return showTables(ctx, s.schema, s.pattern);
    case "showViews":
      return showViews(ctx, s.schema, s.pattern);
    case "showTblProperties":
      return showTblProperties(ctx, s.table, s.key);
    case "showColumns":
      return showColumns(ctx, s.table);
    case "showPartitions":
      return showPartitions(ctx, s.table, s.partition);
    case "cache":
      return cacheStatement(ctx, s.table, s.ifExists);
    case "describeQuery":
      return describeQueryColumns(ctx, s.query);
    case "describeSchema":
      return describeSchema(ctx, s.schema, s.extended);
    case "describeCatalog":
      return describeCatalog(ctx, s.catalog, s.extended);
    case "commentOnNamespace":
      return commentOnNamespace(ctx, s.target, s.name, s.comment);
    case "setSchemaProperties":
      return setSchemaProperties(ctx, s.schema, s.properties);
    case "showCurrentSchema":
      return showCurrentSchema(ctx);
    case "showTableExtended":
      return showTableExtended(ctx, s.schema, s.pattern);
    case "describeTable":
      return s.column ? describeColumn(ctx, s.table, s.column, s.extended) : describeTable(ctx, s.table, s.extended);
    case "describeDetail":
      return describeDetail(ctx, s.table);
    case "describeHistory":
      return describeHistory(ctx, s.table, s.limit);
    case "query":
      return runQuery(ctx, s.query);
    case "use":
      return use(ctx, s.target, s.name);
    case "setConf":
      return setConf(ctx, s.key, s.value);
    case "createCatalog":
      return createCatalog(ctx, s.name, s.ifNotExists, s.comment);
    case "createSchema":
      return createSchema(ctx, s.name, s.ifNotExists, s.comment, s.properties);
    case "createTable":
      return createTable(ctx, s);
    case "dropTable":
      return dropTable(ctx, s.name, s.ifExists);
    case "createView":
      return createView(ctx, s);
    case "dropView":
      return dropView(ctx, s.name, s.ifExists);
    case "alterView":
      return alterView(ctx, s.name, s.query);
    case "renameView":
      return renameView(ctx, s.name, s.newName);
    case "dropSchema":
      return dropSchema(ctx, s.name, s.ifExists, s.cascade);
    case "insert":
      return insert(ctx, s);
    case "truncate":
      return truncate(ctx, s.table);
    case "insertOverwriteDirectory":
      return insertOverwriteDirectory(ctx, s.path, s.format, s.options, s.query);
    case "delete":
      return deleteFrom(ctx, s.table, s.where);
    case "update":
      return update(ctx, s);
    case "merge":
      return merge(ctx, s);
    case "setProperties":
      return setProperties(ctx, s.table, s.properties);
    case "unsetProperties":
      return unsetProperties(ctx, s.table, s.keys, s.ifExists);
    case "clusterBy":
      return clusterBy(ctx, s.table, s.columns);
    case "renameTable":
      return renameTable(ctx, s.name, s.newName);
    case "addColumns":
      return addColumns(ctx, s.table, s.columns);
    case "renameColumn":
      return renameColumn(ctx, s.table, s.column, s.newName);
    case "alterColumn":
      return alterColumn(ctx, s.table, s.column, s.change);
    case "addConstraint":
      return addConstraint(ctx, s.table, s.name, s.check);
    case "dropConstraint":
      return dropConstraint(ctx, s.table, s.name, s.ifExists);
    case "addKey":
      return addKey(ctx, s.table, s.key);
    case "dropKey":
      return dropKey(ctx, s.table, s.key, s.ifExists, s.cascade);
    case "showCreateTable":
      return showCreateTable(ctx, s.table);
    case "commentOnTable":
      return commentOnTable(ctx, s.table, s.comment);
    case "dropColumns":
      return dropColumns(ctx, s.table, s.columns, s.ifExists);
    case "restore":
      return restore(ctx, s.table, s.version);
    case "vacuum":
      return vacuum(ctx, s.table, s.retainHours, s.dryRun);
    case "optimize":
      return optimize(ctx, s.table, s.zOrderBy);
    case "explain":
      return explainQuery(ctx, s.query);
    case "analyze":
      return analyze(ctx, s.table, s.columns, s.scan);
    case "convertToDelta":
      return convertToDelta(ctx, s.location, s.collectStats, s.partitionedBy);
    case "copyInto":
      return copyInto(ctx, s);
    case "reorgPurge":
      return optimize(ctx, s.table, [], "purge");
  }
}

function errorResult(ctx: StatementContext, e: unknown): CommandResult {
  let error: SqlError;
  if (ctx.signal.aborted) error = sqlErrors.cancelled();
  else if (e instanceof SqlError) error = e;
  else if (e instanceof DeltaError) error = new SqlError("org.apache.spark.sql.delta.DeltaAnalysisException", e.code, e.message);
  else if (isDuckDbError(e)) error = sqlErrors.engine(e.message);
  else {
    ctx.parts.logger.error({ err: e }, "unexpected failure while running a command");
    error = new SqlError("java.lang.IllegalStateException", "INTERNAL_ERROR", `Internal error in the local workspace: ${(e as Error)?.message ?? String(e)}`);
  }
  const summary = redactSas(error.summary);
  return { resultType: "error", summary, cause: redactSas(error.detail ?? summary) };
}

/** DuckDB's errors are plain Errors whose message starts with the error kind (after "Failed to extract statements: " for one its parser refused) */
function isDuckDbError(e: unknown): e is Error {
  return e instanceof Error && /^(Failed to extract statements: )?[A-Z][A-Za-z ]*Error: /.test(e.message);
}
