/**
 * The error catalogue of the local workspace, in two halves:
 * - `ApiError`: a REST failure, rendered as Databricks' `{"error_code","message"}` with its HTTP status;
 * - `SqlError`: a failed statement, rendered as a command's `error` result (summary, cause), the way a
 *   cluster reports an AnalysisException. Spark's error classes are kept in the text so clients that
 *   match on them behave as against a real cluster.
 * Every failure the workspace produces on purpose is built here; anything else is a bug.
 */
import { sparkDecimalText } from "./engine/java-number-text.js";
import { sparkSqlValue } from "./sql/spark-literals.js";
import { sparkTypeName } from "./sql/cast-names.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
  toBody(): { error_code: string; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const apiErrors = {
  unauthenticated: () => new ApiError(401, "UNAUTHENTICATED", "Invalid access token."),
  tokenExpired: () => new ApiError(401, "UNAUTHENTICATED", "Token is expired."),
  tokenNotFound: (tokenId: string) => new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Token with ID ${tokenId} does not exist (GET /api/2.0/token/list lists the tokens)`),
  missingCredentials: () =>
    new ApiError(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API."),
  endpointNotFound: (method: string, url: string) =>
    new ApiError(404, "ENDPOINT_NOT_FOUND", `No API found for '${method} ${url.split("?")[0]}'`),
  notImplemented: (what: string) =>
    new ApiError(501, "NOT_IMPLEMENTED", `${what} is not supported by the local workspace`),
  malformedRequest: (detail: string) => new ApiError(400, "MALFORMED_REQUEST", detail),
  invalidParameter: (detail: string) => new ApiError(400, "INVALID_PARAMETER_VALUE", detail),
  missingParameter: (name: string) =>
    new ApiError(400, "INVALID_PARAMETER_VALUE", `Missing required field: ${name}`),
  clusterNotFound: (clusterId: string) =>
    new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Cluster ${clusterId} does not exist`),
  clusterInvalidState: (clusterId: string, state: string) =>
    new ApiError(400, "INVALID_STATE", `Cluster ${clusterId} is in unexpected state ${titleCase(state)}.`),
  clusterNotRunning: (clusterId: string, state: string) =>
    new ApiError(
      400,
      "INVALID_STATE",
      `Cluster ${clusterId} is not running (state ${state}); commands run only on a RUNNING cluster.`,
    ),
  contextNotFound: (contextId: string) =>
    new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Context ${contextId} does not exist (it was destroyed, or the cluster restarted or terminated)`),
  commandNotFound: (commandId: string) =>
    new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Command ${commandId} does not exist`),
  tooManyContexts: (limit: number) =>
    new ApiError(429, "RESOURCE_EXHAUSTED", `Too many execution contexts are open right now (Limit set currently to ${limit}); destroy contexts you no longer use`),
  unsupportedLanguage: (language: string) =>
    new ApiError(
      501,
      "NOT_IMPLEMENTED",
      `Language '${language}' is not supported by the local workspace; only "sql" commands run here`,
    ),
  catalogNotFound: (name: string) => new ApiError(404, "CATALOG_DOES_NOT_EXIST", `Catalog '${name}' does not exist.`),
  schemaNotFound: (fullName: string) => new ApiError(404, "SCHEMA_DOES_NOT_EXIST", `Schema '${fullName}' does not exist.`),
  tableNotFound: (fullName: string) => new ApiError(404, "TABLE_DOES_NOT_EXIST", `Table '${fullName}' does not exist.`),
  warehouseNotFound: (id: string) => new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `SQL warehouse ${id} does not exist.`),
  statementNotFound: (id: string) =>
    new ApiError(404, "RESOURCE_DOES_NOT_EXIST", `Statement ${id} does not exist (statements are kept for an hour after they finish).`),
  internal: (requestId: string) =>
    new ApiError(500, "INTERNAL_ERROR", `Internal error in the local workspace (request ${requestId})`),
};

function titleCase(state: string): string {
  return state.charAt(0) + state.slice(1).toLowerCase();
}

/** A statement that failed; becomes {resultType:"error", summary, cause}. */
export class SqlError extends Error {
  constructor(
    /** the Spark exception class shown before the message, e.g. AnalysisException */
    readonly exception: string,
    /** the Spark error class in brackets, or "" */
    readonly errorClass: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
  get summary(): string {
    const cls = this.errorClass ? `[${this.errorClass}] ` : "";
    return `${this.exception}: ${cls}${this.message}`;
  }
}

const ANALYSIS = "org.apache.spark.sql.AnalysisException";
/** Spark's ordinal of a column in a message: first, second, third, 4th, … */
const ordinal = (n: number) => ["first", "second", "third"][n - 1] ?? `${n}th`;
const PARSE = "org.apache.spark.sql.catalyst.parser.ParseException";
const DELTA = "org.apache.spark.sql.delta.DeltaAnalysisException";
const AZURE = "org.apache.hadoop.fs.azure.AzureException";

const quote = (parts: string[]) => parts.map((p) => "`" + p + "`").join(".");

export const sqlErrors = {
  /** Spark 3.5's check of a configuration's allowed values, at SET */
  /** java.time's refusal of a zone ID it does not know, as a function's timeZone option gives it */
  unknownZone: (value: string) => new SqlError("java.time.zone.ZoneRulesException", "", `Unknown time-zone ID: ${value}`),
  invalidTimeZone: (value: string) =>
    new SqlError(
      "org.apache.spark.SparkIllegalArgumentException",
      "INVALID_CONF_VALUE.TIME_ZONE",
      `The value '${value}' in the config "spark.sql.session.timeZone" is invalid. Cannot resolve the given timezone. SQLSTATE: 22022`,
    ),
  confValue: (key: string, allowed: readonly string[], value: string) =>
    new SqlError("java.lang.IllegalArgumentException", "", `The value of ${key} should be one of ${allowed.join(", ")}, but was ${value}`),
  /** Spark's refusal (rebase mode EXCEPTION) of a date or timestamp the legacy and the current calendar write differently */
  writeAncientDatetime: () =>
    new SqlError(
      "org.apache.spark.SparkUpgradeException",
      "INCONSISTENT_BEHAVIOR_CROSS_VERSION.WRITE_ANCIENT_DATETIME",
      "You may get a different result due to the upgrading to Spark >= 3.0: writing dates before 1582-10-15 or timestamps before 1900-01-01T00:00:00Z " +
        "into Parquet files can be dangerous, as the files may be read by Spark 2.x or legacy versions of Hive later, which uses a legacy hybrid calendar " +
        "that is different from Spark 3.0+'s Proleptic Gregorian calendar. See more details in SPARK-31404. You can set \"spark.sql.parquet.datetimeRebaseModeInWrite\" " +
        "to \"LEGACY\" to rebase the datetime values w.r.t. the calendar difference during writing, to get maximum interoperability. Or set the config to " +
        "\"CORRECTED\" to write the datetime values as it is, if you are sure that the written files will only be read by Spark 3.0+ or other systems that use Proleptic Gregorian calendar.",
    ),
  /** Spark's refusal of a regular expression it cannot compile, as RLIKE's pattern */
  invalidRegex: (pattern: string) =>
    new SqlError(
      "org.apache.spark.SparkRuntimeException",
      "INVALID_PARAMETER_VALUE.PATTERN",
      `The value of parameter(s) \`regexp\` in \`rlike\` is invalid: '${pattern}'. SQLSTATE: 22023`,
    ),
  /** a percentile's percentage outside [0, 1] */
  percentageOutOfRange: (fn: string, value: string) =>
    new SqlError(
      ANALYSIS,
      "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
      `Cannot resolve "${fn}" due to data type mismatch: The 'percentage' must be between 0.0 and 1.0, but got ${value}. SQLSTATE: 42K09`,
    ),
  /** a unit of timestampadd / timestampdiff written as a string (Spark takes the unit's word only) */
  datetimeUnit: (fn: string, literal: string) =>
    new SqlError(
      ANALYSIS,
      "INVALID_PARAMETER_VALUE.DATETIME_UNIT",
      `The value of parameter(s) \`unit\` in \`${fn}\` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '${literal}'. SQLSTATE: 22023`,
    ),
  /** Spark's analysis of a call with fewer arguments than its function takes; `expected` as Spark writes it (`> 0`) */
  wrongArgumentCount: (fn: string, expected: string, actual: number, detail?: string) =>
    new SqlError(
      ANALYSIS,
      "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
      `The \`${fn}\` requires ${expected} parameters but the actual number is ${actual}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix. SQLSTATE: 42605`,
      detail,
    ),
  /** a column neither grouped nor aggregated in a query without GROUP BY */
  missingGroupBy: (detail: string) =>
    new SqlError(ANALYSIS, "MISSING_GROUP_BY", "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses. SQLSTATE: 42803", detail),
  /** a column neither grouped nor aggregated in a query with a GROUP BY */
  missingAggregation: (column: string, detail: string) =>
    new SqlError(
      ANALYSIS,
      "MISSING_AGGREGATION",
      `The non-aggregating expression "${column}" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${column})" if you do not care which of the values within a group is returned. SQLSTATE: 42803`,
      detail,
    ),
  /** variant_get's path that is none of Spark's variant paths */
  invalidVariantPath: (path: string, fn: string) =>
    new SqlError(
      "org.apache.spark.SparkRuntimeException",
      "INVALID_VARIANT_GET_PATH",
      `The path \`${path}\` is not a valid variant extraction path in \`${fn}\`. A valid path should start with \`$\` and is followed by zero or more segments like \`[123]\`, \`.name\`, \`['name']\`, or \`["name"]\`. SQLSTATE: 22023`,
    ),
  /** Spark's DecimalType of more than 38 digits */
  decimalPrecision: (precision: number) =>
    new SqlError("org.apache.spark.SparkArithmeticException", "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", `Decimal precision ${precision} exceeds max precision 38. SQLSTATE: 22003`),
  /** a number format Spark does not read (engine/number-format.ts numberFormatProblem), found at analysis */
  invalidNumberFormat: (format: string, [subclass, text]: [string, string]) =>
    new SqlError(ANALYSIS, `INVALID_FORMAT.${subclass}`, `The format is invalid: '${format}'. ${text} SQLSTATE: 42601`),
  unsupported: (what: string) =>
    new SqlError("UnsupportedOperationException", "UNSUPPORTED", `${what} is not supported by the local workspace`),
  syntax: (near: string, detail?: string) =>
    new SqlError(
      PARSE,
      "PARSE_SYNTAX_ERROR",
      `Syntax error at or near ${near}.${detail ? " " + detail : ""} SQLSTATE: 42601`,
    ),
  tableNotFound: (name: string[]) =>
    new SqlError(
      ANALYSIS,
      "TABLE_OR_VIEW_NOT_FOUND",
      `The table or view ${quote(name)} cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01`,
    ),
  schemaNotFound: (name: string[]) =>
    new SqlError(ANALYSIS, "SCHEMA_NOT_FOUND", `The schema ${quote(name)} cannot be found. SQLSTATE: 42704`),
  catalogNotFound: (name: string) =>
    new SqlError(ANALYSIS, "NO_SUCH_CATALOG_EXCEPTION", `The catalog '${name}' was not found. SQLSTATE: 42704`),
  tableExists: (name: string[]) =>
    new SqlError(
      ANALYSIS,
      "TABLE_OR_VIEW_ALREADY_EXISTS",
      `Cannot create table or view ${quote(name)} because it already exists. SQLSTATE: 42P07`,
    ),
  expectTableNotView: (name: string[]) =>
    new SqlError(ANALYSIS, "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", `The statement expects a table but ${quote(name)} is a view. SQLSTATE: 42809`),
  renameAcrossSchemas: (type: "table" | "view") => new SqlError(ANALYSIS, "CANNOT_RENAME_ACROSS_SCHEMA", `Renaming a ${type} across schemas is not allowed. SQLSTATE: 0AKD0`),
  locationAlreadyExists: (name: string[], location: string) =>
    new SqlError(
      ANALYSIS,
      "LOCATION_ALREADY_EXISTS",
      `Cannot name the managed table as ${quote(name)}, as its associated location '${location}' already exists. Please pick a different table name, or remove the existing location first. SQLSTATE: 42710`,
    ),
  expectViewNotTable: (operation: string, name: string[]) =>
    new SqlError(ANALYSIS, "EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE", `The table ${quote(name)} does not support ${operation}. SQLSTATE: 42809`),
  wrongCommandForObject: (operation: string, required: string, name: string[], found: string, alternative: string) =>
    new SqlError(
      ANALYSIS,
      "WRONG_COMMAND_FOR_OBJECT_TYPE",
      `The operation ${operation} requires a ${required}. But ${quote(name)} is a ${found}. Use ${alternative} instead. SQLSTATE: 42809`,
    ),
  recursiveView: (chain: string[][]) =>
    new SqlError(ANALYSIS, "RECURSIVE_VIEW", `Recursive view ${quote(chain[0])} detected (cycle: ${chain.map(quote).join(" -> ")}). SQLSTATE: 42K0H`),
  viewColumnArity: (name: string[], viewColumns: string[], dataColumns: string[]) =>
    new SqlError(
      ANALYSIS,
      `CREATE_VIEW_COLUMN_ARITY_MISMATCH.${viewColumns.length > dataColumns.length ? "NOT_ENOUGH_DATA_COLUMNS" : "TOO_MANY_DATA_COLUMNS"}`,
      `Cannot create view ${quote(name)}, the reason is ${viewColumns.length > dataColumns.length ? "not enough" : "too many"} data columns: ` +
        `View columns: ${viewColumns.map((c) => quote([c])).join(", ")}. Data columns: ${dataColumns.map((c) => quote([c])).join(", ")}. SQLSTATE: 21S01`,
    ),
  tempViewNameParts: (name: string[]) =>
    new SqlError(
      PARSE,
      "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS",
      `CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: ${quote(name)}. SQLSTATE: 428EK`,
    ),
  viewTimeTravel: (name: string[]) =>
    new SqlError(ANALYSIS, "UNSUPPORTED_FEATURE.TIME_TRAVEL", `The feature is not supported: Time travel on the relation: ${quote(name)}. SQLSTATE: 0A000`),
  schemaExists: (name: string[]) =>
    new SqlError(ANALYSIS, "SCHEMA_ALREADY_EXISTS", `Cannot create schema ${quote(name)} because it already exists. SQLSTATE: 42P06`),
  catalogExists: (name: string) =>
    new SqlError(ANALYSIS, "CATALOG_ALREADY_EXISTS", `Cannot create catalog \`${name}\` because it already exists. SQLSTATE: 42P04`),
  schemaNotEmpty: (name: string[]) =>
    new SqlError(ANALYSIS, "SCHEMA_NOT_EMPTY", `Cannot drop a schema ${quote(name)} because it contains objects. SQLSTATE: 2BP01`),
  noTxnLog: (name: string[], location: string) =>
    new SqlError(
      DELTA,
      "DELTA_CREATE_EXTERNAL_TABLE_WITHOUT_TXN_LOG",
      `You are trying to create an external table ${quote(name)} from \`${location}\` using Delta, but there is no transaction log present at \`${location}/_delta_log\`.`,
    ),
  schemaNotGiven: () =>
    new SqlError(DELTA, "DELTA_SCHEMA_NOT_PROVIDED", "Table schema is not provided. Please provide the schema (column definition) of the table."),
  arity: (table: string[], tableCols: number, dataCols: number) =>
    new SqlError(
      ANALYSIS,
      tableCols > dataCols ? "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS" : "INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS",
      `Cannot write to ${quote(table)}, the reason is ${tableCols > dataCols ? "not enough" : "too many"} data columns: table has ${tableCols} columns, data has ${dataCols}. SQLSTATE: 21S01`,
    ),
  unresolvedColumn: (name: string, table: string[]) =>
    new SqlError(ANALYSIS, "UNRESOLVED_COLUMN.WITH_SUGGESTION", `A column with name \`${name}\` cannot be resolved in ${quote(table)}. SQLSTATE: 42703`),
  /** Spark's analyzer text for a column it cannot find, with the closest candidates (qualified names) */
  unresolvedColumnSuggest: (name: string[], candidates: string[][], detail?: string) =>
    new SqlError(
      ANALYSIS,
      "UNRESOLVED_COLUMN.WITH_SUGGESTION",
      `A column, variable, or function parameter with name ${quote(name)} cannot be resolved. Did you mean one of the following? [${closest(name[name.length - 1], candidates).map(quote).join(", ")}]. SQLSTATE: 42703`,
      detail,
    ),
  /** UPDATE SET * or INSERT * of a MERGE whose source lacks a column of the target */
  mergeUnresolved: (column: string, clause: "UPDATE" | "INSERT", sourceColumns: string[]) =>
    new SqlError(
      DELTA,
      "DELTA_MERGE_UNRESOLVED_EXPRESSION",
      `Cannot resolve ${column} in ${clause} clause given columns ${sourceColumns.join(", ")}. SQLSTATE: 42601`,
    ),
  conflictSetColumn: (columns: string[]) =>
    new SqlError(DELTA, "DELTA_CONFLICT_SET_COLUMN", `There is a conflict from these SET columns: [${columns.map((c) => "`" + c + "`").join(", ")}].`),
  /** a subscript of a value that is no ARRAY, MAP or STRUCT (`str[0]` of a STRING) */
  invalidExtractBase: (base: string, type: string) =>
    new SqlError(ANALYSIS, "INVALID_EXTRACT_BASE_FIELD_TYPE", `Can't extract a value from "${base}". Need a complex type [STRUCT, ARRAY, MAP] but got "${type}". SQLSTATE: 42000`),
  notArrayOrMap: (call: string, base: string, type: string) =>
    new SqlError(
      ANALYSIS,
      "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
      `Cannot resolve "${call}" due to data type mismatch: The first parameter requires the ("ARRAY" or "MAP") type, however "${base}" has the type "${type}". SQLSTATE: 42K09`,
    ),
  filterNotBoolean: (expr: string, type: string) =>
    new SqlError(
      ANALYSIS,
      "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
      `Cannot resolve "${expr}" due to data type mismatch: Filter expression "${expr}" of type "${type}" is not a boolean. SQLSTATE: 42K09`,
    ),
  cdfNotEnabled: (table: string[]) =>
    new SqlError(
      DELTA,
      "DELTA_MISSING_CHANGE_DATA",
      `Change data feed is not enabled on table ${quote(table)}; set delta.enableChangeDataFeed = true. SQLSTATE: KD002`,
    ),
  /** a table location outside the warehouse and the listed roots (as a real workspace refuses a path no external location grants) */
  forbiddenLocation: (location: string, allowed: string[]) =>
    new SqlError(
      ANALYSIS,
      "INSUFFICIENT_PERMISSIONS",
      `Insufficient privileges: User does not have permission SELECT on any file at \`${location}\`. Tables of this workspace live only under ${allowed.map((a) => "`" + a + "`").join(", ")} (list more folders in DATABRICKS_LOCAL_TABLE_ROOTS; the service's data folder is never one). SQLSTATE: 42501`,
    ),
  incompatibleColumnType: (operation: string, column: number, type: string, firstType: string) =>
    new SqlError(
      ANALYSIS,
      "INCOMPATIBLE_COLUMN_TYPE",
      `${operation} can only be performed on inputs with compatible column types. The ${ordinal(column + 1)} column of the second input is "${type}" type ` +
        `which is not compatible with "${firstType}" at the same column of the first input. Simplify the input types. SQLSTATE: 42825`,
    ),
  numColumnsMismatch: (operation: string, first: number, second: number) =>
    new SqlError(
      ANALYSIS,
      "NUM_COLUMNS_MISMATCH",
      `${operation} can only be performed on inputs with the same number of columns, but the first input has ${first} columns and the second input has ${second} columns. SQLSTATE: 42826`,
    ),
  /** `clause` BY position (GROUP, ORDER) that is no column of the select list */
  positionOutOfRange: (clause: "GROUP" | "ORDER", position: string, size: string, detail: string) =>
    new SqlError(ANALYSIS, `${clause}_BY_POS_OUT_OF_RANGE`, `${clause} BY position ${position} is not in select list (valid range is [1, ${size}]). SQLSTATE: 42805`, detail),
  negativeLimit: (clause: "limit" | "offset", value: string, detail: string) =>
    new SqlError(
      ANALYSIS,
      "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
      `The limit like expression "${value}" is invalid. The ${clause} expression must be equal to or greater than 0, but got ${value}. SQLSTATE: 42K0E`,
      detail,
    ),
  invalidWhereCondition: (condition: string, invalid: string[], detail: string) =>
    new SqlError(
      ANALYSIS,
      "INVALID_WHERE_CONDITION",
      `The WHERE condition "${condition}" contains invalid expressions: ${invalid.join(", ")}.\nRewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause. SQLSTATE: 42903`,
      detail,
    ),
  nonFoldableScale: (call: string, scale: string, detail: string) =>
    new SqlError(
      ANALYSIS,
      "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
      `Cannot resolve "${call}" due to data type mismatch: the input \`scale\` should be a foldable "INT" expression; however, got "${scale}". SQLSTATE: 42K09`,
      detail,
    ),
  nestedAggregate: (detail: string) =>
    new SqlError(
      ANALYSIS,
      "NESTED_AGGREGATE_FUNCTION",
      "It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query. SQLSTATE: 42607",
      detail,
    ),
  windowFunctionWithoutOver: (call: string, detail: string) =>
    new SqlError(ANALYSIS, "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE", `Window function "${call}" requires an OVER clause. SQLSTATE: 42601`, detail),
  setOperationOnMap: (column: string, type: string) =>
    new SqlError(
      ANALYSIS,
      "UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE",
      `The feature is not supported: Cannot have MAP type columns in DataFrame which calls set operations (INTERSECT, EXCEPT, etc.), ` +
        `but the type of column \`${column.replaceAll("`", "``")}\` is "${type}". SQLSTATE: 0A000`,
    ),
  /** ADD COLUMNS or RENAME COLUMN onto a name the table (or the struct) has, compared case-insensitively */
  fieldAlreadyExists: (op: "add" | "rename", fieldNames: string[], struct: string) =>
    new SqlError(ANALYSIS, "FIELD_ALREADY_EXISTS", `Cannot ${op} column, because ${quote(fieldNames)} already exists in "${struct}". SQLSTATE: 42710`),
  /** one statement naming a column twice */
  columnAlreadyExists: (name: string[]) =>
    new SqlError(ANALYSIS, "COLUMN_ALREADY_EXISTS", `The column ${quote(name)} already exists. Choose another name or rename the existing column. SQLSTATE: 42711`),
  deltaOperationNotAllowed: (operation: string) =>
    new SqlError(DELTA, "DELTA_OPERATION_NOT_ALLOWED", `Operation not allowed: \`${operation}\` is not supported for Delta tables SQLSTATE: 0AKDC`),
  /** RENAME COLUMN or DROP COLUMN on a table without column mapping */
  columnMappingRequired: (operation: "rename" | "drop") =>
    new SqlError(
      DELTA,
      operation === "rename" ? "DELTA_UNSUPPORTED_RENAME_COLUMN.ENABLE_COLUMN_MAPPING" : "DELTA_UNSUPPORTED_DROP_COLUMN.ENABLE_COLUMN_MAPPING",
      `${operation === "rename" ? "Column rename" : "DROP COLUMN"} is not supported for your Delta table. Enable Column Mapping on your Delta table with mapping mode 'name' by running: ` +
        `ALTER TABLE table_name SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name'). If your table is not on the required protocol version it will be upgraded. ` +
        `Column mapping requires at least protocol (2, 5). SQLSTATE: 0AKDC`,
    ),
  addColumnParentNotStruct: (name: string, parentType: string) =>
    new SqlError(DELTA, "DELTA_ADD_COLUMN_PARENT_NOT_STRUCT", `Unable to add ${name} because its parent is not a StructType. Found ${parentType} SQLSTATE: 42KD4`),
  dropPartitionColumn: (columns: string[]) =>
    new SqlError(DELTA, "DELTA_UNSUPPORTED_DROP_PARTITION_COLUMN", `Dropping partition columns (${columns.join(",")}) is not allowed. SQLSTATE: 0AKDC`),
  alterColumnType: (column: string, from: string, to: string) =>
    new SqlError(
      DELTA,
      "DELTA_UNSUPPORTED_ALTER_TABLE_CHANGE_COL_OP",
      `ALTER TABLE ALTER COLUMN is not supported for changing column ${column} from ${from} to ${to}. SQLSTATE: 0AKDC`,
    ),
  notNullViolated: (column: string, rows: number) =>
    new SqlError(DELTA, "DELTA_NOT_NULL_CONSTRAINT_VIOLATED", `NOT NULL constraint violated for column: ${column} (${rows} row(s) of the table hold NULL there). SQLSTATE: 23502`),
  constraintDependentColumn: (column: string, constraints: string[]) =>
    new SqlError(DELTA, "DELTA_CONSTRAINT_DEPENDENT_COLUMN_CHANGE", `Cannot alter column ${column} because this column is referenced by the following check constraint(s):\n${constraints.join("\n")} SQLSTATE: 42K09`),
  columnDefaultsNotEnabled: (command = "CREATE TABLE") =>
    new SqlError(
      DELTA,
      "WRONG_COLUMN_DEFAULTS_FOR_DELTA_FEATURE_NOT_ENABLED",
      `Failed to execute ${command} command because it assigned a column DEFAULT value, but the corresponding table feature was not enabled. Please retry the command again after setting TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported'). SQLSTATE: 0AKDE`,
    ),
  addColumnDefault: () =>
    new SqlError(
      DELTA,
      "WRONG_COLUMN_DEFAULTS_FOR_DELTA_ALTER_TABLE_ADD_COLUMN_NOT_SUPPORTED",
      "Failed to execute ALTER TABLE ADD COLUMNS command because it assigned a column DEFAULT value, which is not supported for Delta tables. Please first add the column without a default value, then run a second ALTER TABLE ALTER COLUMN SET DEFAULT command to apply for future inserted rows instead. SQLSTATE: 0AKDC",
    ),
  invalidDefault: (column: string, expr: string, why: string, command = "CREATE TABLE") =>
    new SqlError(ANALYSIS, "INVALID_DEFAULT_VALUE", `Failed to execute ${command} command because the destination column ${quote([column])} has a DEFAULT value ${expr}, which is not a value of the column that needs no row: ${why} SQLSTATE: 42623`),
  samplingFraction: (what: string) =>
    new SqlError(PARSE, "", `Sampling fraction (${what}) must be on interval [0, 1] (TABLESAMPLE takes 0 to 100 PERCENT, n ROWS, or BUCKET x OUT OF y with x <= y).`),
  generatedColumnReferences: (column: string, expr: string, why: string) =>
    new SqlError(
      DELTA,
      "DELTA_INVALID_GENERATED_COLUMN_REFERENCES",
      `A generated column cannot use a non-existent column or another generated column (${quote([column])} GENERATED ALWAYS AS (${expr}): ${why}). SQLSTATE: 42621`,
    ),
  generatedColumnExpression: (column: string, expr: string, what: "non deterministic" | "aggregate" | "subquery" | "window") =>
    what === "subquery" || what === "window"
      ? new SqlError(DELTA, "DELTA_UNSUPPORTED_EXPRESSION_GENERATED_COLUMN", `${expr} cannot be used in a generated column (${quote([column])}: a ${what === "window" ? "window function" : "subquery"}). SQLSTATE: 42621`)
      : new SqlError(
          DELTA,
          what === "aggregate" ? "DELTA_AGGREGATE_IN_GENERATED_COLUMN" : "DELTA_NON_DETERMINISTIC_EXPRESSION_IN_GENERATED_COLUMN",
          `Found ${expr}. A generated column cannot use ${what === "aggregate" ? "an aggregate" : "a non deterministic"} expression (${quote([column])}). SQLSTATE: 42621`,
        ),
  generatedColumnType: (column: string, expressionType: string, columnType: string) =>
    new SqlError(
      DELTA,
      "DELTA_GENERATED_COLUMNS_EXPR_TYPE_MISMATCH",
      `The expression type of the generated column ${quote([column])} is ${expressionType}, but the column type is ${columnType}. SQLSTATE: 42K09`,
    ),
  generatedColumnChange: (action: "drop" | "rename", column: string, generated: string[]) =>
    new SqlError(
      DELTA,
      "DELTA_GENERATED_COLUMN_REFERENCED",
      `Cannot ${action} column ${quote([column])} because this column is referenced by generated column(s): ${generated.map((g) => quote([g])).join(", ")}. SQLSTATE: 42621`,
    ),
  generatedColumnWithDefault: (column: string) =>
    new SqlError(DELTA, "DELTA_GENERATED_COLUMN_WITH_DEFAULT", `A generated column cannot have a DEFAULT value (${quote([column])}). SQLSTATE: 42623`),
  keysNeedUnityCatalog: (kind: string) =>
    new SqlError(ANALYSIS, "", `${kind} constraints are Unity Catalog's: hive_metastore keeps none. Create the table in a catalog of its own (CREATE CATALOG …), or leave the constraint out.`),
  primaryKeyNullable: (name: string, columns: string[]) =>
    new SqlError(ANALYSIS, "", `Cannot create the primary key ${quote([name])} because its child column(s) ${columns.map((c) => quote([c])).join(", ")} is nullable. Please change the column nullability and retry.`),
  secondPrimaryKey: (table: string[]) => new SqlError(ANALYSIS, "", `Table ${quote(table)} already has a primary key; drop it first (ALTER TABLE … DROP PRIMARY KEY).`),
  constraintExists: (name: string, table: string[]) =>
    new SqlError(ANALYSIS, "", `Constraint ${quote([name])} already exists on table ${quote(table)}. Please delete the existing constraint first.`),
  parentWithoutPrimaryKey: (table: string[]) =>
    new SqlError(ANALYSIS, "", `The table ${quote(table)} a FOREIGN KEY references has no PRIMARY KEY; add one first (ALTER TABLE … ADD PRIMARY KEY (…)).`),
  foreignKeyMismatch: (name: string, columns: string[], parent: string[], parentColumns: string[]) =>
    new SqlError(
      ANALYSIS,
      "",
      `The foreign key ${quote([name])} (${columns.join(", ")}) must reference the primary key of ${quote(parent)}, (${parentColumns.join(", ")}), with as many columns.`,
    ),
  keyNotFound: (what: string, table: string[]) => new SqlError(ANALYSIS, "", `Table ${quote(table)} has no ${what} to drop (DROP … IF EXISTS drops nothing instead).`),
  primaryKeyReferenced: (name: string, tables: string[]) =>
    new SqlError(ANALYSIS, "", `Cannot drop the primary key ${quote([name])}: foreign keys of ${tables.join(", ")} reference it. Drop them first, or drop it with CASCADE.`),
  copyIntoExtraColumns: (columns: string[], table: string[]) =>
    new SqlError(
      ANALYSIS,
      "COPY_INTO_SCHEMA_MISMATCH_WITH_TARGET_TABLE",
      `The files have columns ${columns.map((c) => quote([c])).join(", ")} that ${quote(table)} does not. Add them with COPY_OPTIONS ('mergeSchema' = 'true'), or leave them out of the files.`,
    ),
  pathNotFound: (location: string) => new SqlError(ANALYSIS, "PATH_NOT_FOUND", `Path does not exist: file:${location}. SQLSTATE: 42K03`),
  syncNonIdentity: () =>
    new SqlError(DELTA, "DELTA_IDENTITY_COLUMNS_ALTER_NON_IDENTITY_COLUMN", "ALTER TABLE ALTER COLUMN SYNC IDENTITY cannot be called on non IDENTITY columns. SQLSTATE: 429BQ"),
  nonBooleanCheck: (name: string, expr: string) =>
    new SqlError(DELTA, "DELTA_NON_BOOLEAN_CHECK_CONSTRAINT", `CHECK constraint '${name}' (${expr}) should be a boolean expression. SQLSTATE: 42621`),
  newCheckViolated: (rows: number, table: string[], expr: string) =>
    new SqlError(DELTA, "DELTA_NEW_CHECK_CONSTRAINT_VIOLATION", `${rows} rows in ${table.join(".")} violate the new CHECK constraint (${expr}). SQLSTATE: 23512`),
  showPartitionsUnpartitioned: (table: string[]) =>
    new SqlError(DELTA, "DELTA_SHOW_PARTITION_IN_NON_PARTITIONED_TABLE", `SHOW PARTITIONS is not allowed on a table that is not partitioned: ${quote(table)} SQLSTATE: 42809`),
  nonPartitionColumn: (column: string, table: string[]) =>
    new SqlError(ANALYSIS, "NON_PARTITION_COLUMN", `PARTITION clause cannot contain the non-partition column: ${quote([column])} (the partition columns of ${quote(table)} go there). SQLSTATE: 42000`),
  dropClusteringColumn: (columns: string[]) =>
    new SqlError(DELTA, "DELTA_UNSUPPORTED_DROP_CLUSTERING_COLUMN", `Dropping clustering columns (${columns.join(",")}) is not allowed. SQLSTATE: 0AKDC`),
  dropOnlyColumn: (schemaTree: string) =>
    new SqlError(DELTA, "DELTA_DROP_COLUMN_ON_SINGLE_FIELD_SCHEMA", `Cannot drop column from a schema with a single column. Schema:\n${schemaTree} SQLSTATE: 0AKDC`),
  timeTravel: (detail: string) => new SqlError(DELTA, "DELTA_VERSION_NOT_FOUND", detail),
  delta: (detail: string) => new SqlError(DELTA, "", detail),
  /** the text WASB (hadoop-azure NativeAzureFileSystem) gives when no fs.azure.sas.* key is configured */
  wasbAnonymous: (container: string, accountHost: string) =>
    new SqlError(
      AZURE,
      "",
      `Unable to access container '${container}' in account '${accountHost}' using anonymous credentials. No credentials found in the configuration. Public access is not permitted on this storage account.`,
    ),
  storage: (status: number | undefined, code: string | undefined, detail: string) =>
    new SqlError(
      AZURE,
      "",
      `com.microsoft.azure.storage.StorageException: ${detail} (HTTP ${status ?? "no response"}${code ? ", " + code : ""})`,
    ),
  cancelled: () => new SqlError("org.apache.spark.SparkException", "", "Job aborted: the command was cancelled."),
  /** a value longer than its CHAR(n) or VARCHAR(n) column, once trailing spaces beyond n are dropped */
  exceedLimitLength: (limit: number) =>
    new SqlError("org.apache.spark.SparkRuntimeException", "EXCEED_LIMIT_LENGTH", `Exceeds char/varchar type length limitation: ${limit}. SQLSTATE: 54006`),
  /** a DuckDB error surfaced as the Spark error class it corresponds to, with DuckDB's text kept as the cause */
  engine: (message: string) => {
    const firstLine = (message.split("\n")[0] ?? message).replace(/^Failed to extract statements: /, "");
    for (const [pattern, make] of ENGINE_ERRORS) {
      const m = pattern.exec(firstLine);
      if (m) return make(m, message);
    }
    return new SqlError(ANALYSIS, "", firstLine, message);
  },
};

/** DuckDB's most common failures, as the Spark error classes a client of a real cluster would see */
const ENGINE_ERRORS: Array<[RegExp, (m: RegExpExecArray, full: string) => SqlError]> = [
  [/Referenced column "([^"]+)" not found/, (m, full) => unresolvedEngineColumn([m[1]], full)],
  // a qualified column whose table is not in scope (`b.v` of an ANTI JOIN's right side): the column the error points at
  [/^Binder Error: Referenced table "([^"]+)" not found/, (m, full) => unresolvedEngineColumn(pointedName(full) ?? [m[1]], full)],
  [/(?:Table|Values list) "([^"]+)" does not have a column named "([^"]+)"/, (m, full) => unresolvedEngineColumn([m[1], m[2]], full)],
  [
    /^Binder Error: Ambiguous reference to column name "([^"]+)" \(use: (.*)\)/,
    (m, full) => {
      const candidates = [...m[2].matchAll(/"([^"]+)"/g)].map((c) => quote(c[1].split(".")));
      return new SqlError(ANALYSIS, "AMBIGUOUS_REFERENCE", `Reference ${quote([m[1]])} is ambiguous, could be: [${candidates.join(", ")}]. SQLSTATE: 42704`, full);
    },
  ],
  [
    /^Binder Error: Could not find key "([^"]+)" in struct/,
    (m, full) => {
      const fields = [...(/Candidate Entries: (.*)/.exec(full)?.[1] ?? "").matchAll(/"((?:[^"]|"")*)"/g)].map((c) => quote([c[1].replaceAll('""', '"')]));
      // DuckDB lists the nearest fields, not all of them as Spark does
      const nearest = fields.length > 0 ? ` (nearest: ${fields.join(", ")})` : "";
      return new SqlError(ANALYSIS, "FIELD_NOT_FOUND", `No such struct field ${quote([m[1]])}${nearest}. SQLSTATE: 42704`, full);
    },
  ],
  [
    /Function with name (\S+) does not exist/,
    (m, full) =>
      new SqlError(ANALYSIS, "UNRESOLVED_ROUTINE", `Cannot resolve routine \`${m[1]}\` on search path [\`system\`.\`builtin\`]. SQLSTATE: 42883`, full),
  ],
  // variant_get's value that its type does not hold (sql/variant-calls.ts)
  [/^Conversion Error: Can't convert VARIANT\(\w+\) value '(.*)' to '(.*)'$/s, (m, full) => invalidVariantCast(m[1], sparkSqlValue(m[2], "").type, full)],
  [/^Conversion Error: Could not convert string ('(?:[^']|'')*'|"(?:[^"]|"")*") to (\w+(?:\(\d+,\s*\d+\))?)(?: when casting from source column .*)?$/, (m, full) => castInvalidInput(m[1], m[2], full)],
  // a number out of the range of the type it is cast to
  [
    /^Conversion Error: (Type \w+ with value .* can't be cast because the value is out of range for the destination type \w+|Failed to cast decimal value .* to type \w+)$/,
    (m, full) =>
      new SqlError(
        "org.apache.spark.SparkArithmeticException",
        "CAST_OVERFLOW",
        `${m[1]}. Use \`try_cast\` to tolerate overflow and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22003`,
        full,
      ),
  ],
  // text DuckDB cannot read as a date or a timestamp: Spark's message, which names the value and the type
  [
    /^Conversion Error: (?:invalid )?(date|timestamp) field (?:value out of range|format): "(.*)"(?:, expected format is \(.*\))?(?: when casting from source column .*)?$/s,
    (m, full) => castInvalidInput(`'${m[2].replaceAll("'", "''")}'`, m[1].toUpperCase(), full),
  ],
  // a cast between types Spark does not cast between either (a DATE to a DOUBLE), which Spark refuses as the query is analysed; the
  // integral casts' (engine/spark-functions.ts) name the types
  [/^Conversion Error: Unimplemented type for cast \((.+?) -> (.+?)\)(?: when casting from source column .*)?$/s, (m, full) => castWithoutSuggestion(m[1], m[2], full)],
  [/^Invalid Input Error: \[CAST_WITHOUT_SUGGESTION\] ([^|]+)\|(\w+)$/, (m, full) => castWithoutSuggestion(m[1], m[2], full)],
  // a WHERE's or a HAVING's condition of another type than BOOLEAN (sql/filter-conditions.ts)
  [/^Invalid Input Error: \[FILTER_NOT_BOOLEAN\] ([^|]+)\|(.*)$/s, (m) => sqlErrors.filterNotBoolean(m[2], sparkTypeText(m[1]))],
  [/^Conversion Error: (.*)/, (m, full) => new SqlError("org.apache.spark.SparkNumberFormatException", "CAST_INVALID_INPUT", `${m[1]} SQLSTATE: 22018`, full)],
  // a number out of an integral type's range (engine/spark-functions.ts): its type, its text and the target type
  [/^Invalid Input Error: \[CAST_OVERFLOW\] ([^|]+)\|([^|]*)\|(\w+)$/, (m, full) => castOverflow(m[1], m[2], m[3], full)],
  // a number out of the range of the integral or DECIMAL column INSERT or UPDATE stores it in (engine/spark-functions.ts): its type, the column's type and name
  [/^Invalid Input Error: \[CAST_OVERFLOW_IN_TABLE_INSERT\] ([^|]+)\|([^|]+)\|(.*)$/, (m, full) => castOverflowInTableInsert(m[1], m[2], m[3], full)],
  // a number out of the range of the DECIMAL it is cast to (engine/spark-functions.ts): its type, its text and the DECIMAL's
  [
    /^Invalid Input Error: \[NUMERIC_VALUE_OUT_OF_RANGE\] ([^|]+)\|([^|]*)\|DECIMAL\((\d+),(\d+)\)$/,
    (m, full) => numericValueOutOfRange(sparkDecimalText(m[1], m[2]), m[3], m[4], full),
  ],
  // a string an integral cast refuses (engine/spark-functions.ts) where DuckDB's cast would read it
  [/^Invalid Input Error: \[CAST_INVALID_INPUT\] ('(?:[^']|'')*') (\w+)$/, (m, full) => castInvalidInput(m[1], m[2], full)],
  // a value of another type than a string that its target's cast takes for malformed (NaN cast to a TIMESTAMP): its type, text and target
  [/^Invalid Input Error: \[CAST_INVALID_INPUT\] ([^|']+)\|([^|]*)\|(\w+)$/, (m, full) => castInvalidValue(m[1], m[2], m[3], full)],
  // a typed literal whose text Spark reads as no value of its type (engine/datetime-text.ts), which Spark's parser refuses
  [
    /^Invalid Input Error: \[INVALID_TYPED_LITERAL\] '((?:[^']|'')*)' (\w+)$/,
    (m, full) => new SqlError(PARSE, "INVALID_TYPED_LITERAL", `The value of the typed literal "${m[2]}" is invalid: '${m[1].replaceAll("''", "'")}'. SQLSTATE: 42604`, full),
  ],
  [/^Parser Error: (.*)/, (m, full) => new SqlError(PARSE, "PARSE_SYNTAX_ERROR", `${m[1]} SQLSTATE: 42601`, full)],
  [
    /^Out of Range Error: Overflow in (addition|subtraction|multiplication) of (INT32|INT64) /,
    (m, full) =>
      new SqlError(
        "org.apache.spark.SparkArithmeticException",
        "ARITHMETIC_OVERFLOW",
        `${m[2] === "INT32" ? "integer" : "long"} overflow. Use 'try_${{ addition: "add", subtraction: "subtract", multiplication: "multiply" }[m[1]]}' to tolerate overflow and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22003`,
        full,
      ),
  ],
  [/^Out of Range Error: (.*)/, (m, full) => new SqlError("org.apache.spark.SparkArithmeticException", "ARITHMETIC_OVERFLOW", `${m[1]} SQLSTATE: 22003`, full)],
  // an array index out of range (engine/spark-functions.ts), Spark's own text raised with DuckDB's error()
  [
    /^Invalid Input Error: \[(INVALID_ARRAY_INDEX(?:_IN_ELEMENT_AT)?|INVALID_INDEX_OF_ZERO)\] (.*)/,
    (m, full) => new SqlError(m[1] === "INVALID_INDEX_OF_ZERO" ? "org.apache.spark.SparkRuntimeException" : "org.apache.spark.SparkArrayIndexOutOfBoundsException", m[1], m[2], full),
  ],
  // to_date, to_timestamp or unix_timestamp of a string their pattern does not read (engine/spark-functions.ts)
  [/^Invalid Input Error: \[CANNOT_PARSE_TIMESTAMP\] (.*)/s, (m, full) => new SqlError("org.apache.spark.SparkDateTimeException", "CANNOT_PARSE_TIMESTAMP", m[1], full)],
  // a sum of integers beyond BIGINT's range (engine/spark-functions.ts spark_long), Spark's own text raised with DuckDB's error()
  [/^Invalid Input Error: \[ARITHMETIC_OVERFLOW\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkArithmeticException", "ARITHMETIC_OVERFLOW", m[1], full)],
  // sql/ansi-division.ts's guard raises Spark's own text with DuckDB's error()
  [/^Invalid Input Error: \[DIVIDE_BY_ZERO\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkArithmeticException", "DIVIDE_BY_ZERO", m[1], full)],
  // next_day of a day of week it does not know (engine/spark-functions.ts spark_day_of_week_number)
  [/^Invalid Input Error: \[ILLEGAL_DAY_OF_WEEK\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkIllegalArgumentException", "ILLEGAL_DAY_OF_WEEK", m[1], full)],
  // what the local workspace finds it cannot do only as a row is written (engine/datetime-marks.ts: the name of a zone other than UTC)
  // url_decode of a broken escape, validate_utf8 of bytes that are not UTF-8 (engine/url-binary-macros.ts)
  [/^Invalid Input Error: \[(CANNOT_DECODE_URL|INVALID_UTF8_STRING)\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkIllegalArgumentException", m[1], m[2], full)],
  [/^Invalid Input Error: \[UNSUPPORTED\] (.*)/, (m, full) => new SqlError("UnsupportedOperationException", "UNSUPPORTED", m[1], full)],
  // a map's NULL or repeated key (engine/spark-functions.ts), Spark's own text raised with DuckDB's error()
  [/^Invalid Input Error: \[(DUPLICATED_MAP_KEY|NULL_MAP_KEY|USER_RAISED_EXCEPTION)\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkRuntimeException", m[1], m[2], full)],
  // regexp_extract of a group its pattern does not have (engine/spark-functions.ts spark_regexp_extract_group)
  // … and slice's start of 0 or length below 0
  [/^Invalid Input Error: \[(INVALID_PARAMETER_VALUE\.(?:REGEX_GROUP_INDEX|START|LENGTH))\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkRuntimeException", m[1], m[2], full)],
  // array_sort's comparator answering NULL (engine/spark-functions.ts spark_sorts_before)
  // a type a function written in JavaScript refuses (engine/number-text.ts), Spark's text raised by it
  [/^Invalid Input Error: \[(DATATYPE_MISMATCH\.[A-Z_]+)\] (.*)/, (m, full) => new SqlError(ANALYSIS, m[1], m[2], full)],
  // to_number's text that does not match its format (engine/number-parse.ts)
  [/^Invalid Input Error: \[(INVALID_FORMAT\.MISMATCH_INPUT)\] ([\s\S]*)/, (m, full) => new SqlError("org.apache.spark.SparkIllegalArgumentException", m[1], m[2], full)],
  // to_char's format Spark does not read, of a number or a BINARY (engine/number-format.ts, spark_to_char)
  [/^Invalid Input Error: \[(INVALID_FORMAT\.[A-Z_]+)\] (.*)/, (m, full) => new SqlError(ANALYSIS, m[1], m[2], full)],
  [/^Invalid Input Error: \[(INVALID_PARAMETER_VALUE\.(?:BINARY_FORMAT|BIT_POSITION_RANGE)|CONVERSION_INVALID_INPUT)\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkIllegalArgumentException", m[1], m[2], full)],
  // a refusal the translator found and left for the row's type to raise (to_char's pattern, raised for a date only): its own words
  [/^Invalid Input Error: ([\w.]+(?:Exception|Error)): \[([A-Z_.]+)\] (.*)/s, (m, full) => new SqlError(m[1], m[2], m[3], full)],
  [/^Invalid Input Error: \[COMPARATOR_RETURNS_NULL\] (.*)/, (m, full) => new SqlError("org.apache.spark.SparkException", "COMPARATOR_RETURNS_NULL", m[1], full)],
  [/^INTERRUPT Error/, () => sqlErrors.cancelled()],
  // sql/char-varchar.ts's write-side check raises Spark's own text with DuckDB's error()
  [/^Invalid Input Error: .*\[EXCEED_LIMIT_LENGTH\] Exceeds char\/varchar type length limitation: (\d+)\./, (m) => sqlErrors.exceedLimitLength(Number(m[1]))],
  // a file the Delta log names that is gone from the table's folder (VACUUM, or deleted by hand)
  [/^IO Error: (?:No files found that match the pattern|Cannot open file) "([^"]+)"/, (m, full) => missingTableFile(m[1], full)],
];

const ANSI_BYPASS = `If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`;
/** a cast Spark refuses for its types, in Spark's words (without the expression, which DuckDB's error does not give) */
function castWithoutSuggestion(from: string, to: string, full: string): SqlError {
  const message = `Cannot resolve the cast due to data type mismatch: cannot cast "${sparkTypeText(from)}" to "${sparkTypeText(to)}". SQLSTATE: 42K09`;
  return new SqlError(ANALYSIS, "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", message, full);
}

/** a DuckDB type's name as Spark's SQL names the type (TIMESTAMP WITH TIME ZONE is TIMESTAMP, TIMESTAMP TIMESTAMP_NTZ, HUGEINT DECIMAL(38,0)) */
const sparkTypeText = (duckType: string): string => sparkTypeName(duckType) ?? sparkSqlValue(duckType, "").type;

const CAST_TARGETS: Record<string, string> = { INT8: "TINYINT", INT16: "SMALLINT", INT32: "INT", INT64: "BIGINT", INT128: "DECIMAL(38,0)", BOOL: "BOOLEAN", BLOB: "BINARY" };

/** a string no value of the cast's type is written as, in Spark's ANSI words (`'abc'` of "STRING" cannot be cast to "INT") */
function castInvalidInput(quoted: string, duckType: string, full: string): SqlError {
  const value = quoted.slice(1, -1).replaceAll(quoted[0] + quoted[0], quoted[0]);
  const type = CAST_TARGETS[duckType] ?? duckType.replace(/\s+/g, "");
  // a number Spark reads, too wide for the DECIMAL (`'12345.6'` as DECIMAL(3,1)); Spark trims white space and control characters first
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  const trimmed = value.replace(/^[\x00-\x20\x7f]+|[\x00-\x20\x7f]+$/g, "");
  if (decimal && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return numericValueOutOfRange(sparkDecimalText("VARCHAR", trimmed), decimal[1], decimal[2], full);
  return new SqlError(
    "org.apache.spark.SparkNumberFormatException",
    "CAST_INVALID_INPUT",
    `The value '${value.replaceAll("'", "\\'")}' of the type "STRING" cannot be cast to "${type}" because it is malformed. Correct the value as per the syntax, or change its target type. ` +
      `Use \`try_cast\` to tolerate malformed input and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22018`,
    full,
  );
}

/** a value of a type other than STRING that its target's cast cannot read, in Spark's ANSI words (`NaND` of "DOUBLE" cannot be cast to "TIMESTAMP") */
function castInvalidValue(duckType: string, text: string, target: string, full: string): SqlError {
  const { value, type } = sparkSqlValue(duckType, text);
  return new SqlError(
    "org.apache.spark.SparkDateTimeException",
    "CAST_INVALID_INPUT",
    `The value ${value} of the type "${type}" cannot be cast to "${target}" because it is malformed. Correct the value as per the syntax, or change its target type. ` +
      `Use \`try_cast\` to tolerate malformed input and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22018`,
    full,
  );
}

/** a number out of the range of the DECIMAL it is cast to, in Spark's ANSI words (`12345.6 cannot be represented as Decimal(3, 1).` …) */
function numericValueOutOfRange(value: string, precision: string, scale: string, full: string): SqlError {
  return new SqlError(
    "org.apache.spark.SparkArithmeticException",
    "NUMERIC_VALUE_OUT_OF_RANGE",
    `${value} cannot be represented as Decimal(${precision}, ${scale}). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003`,
    full,
  );
}

/** variant_get's value that its type does not hold (sql/variant-calls.ts), in Spark's words; the value as DuckDB writes it */
function invalidVariantCast(value: string, target: string, full: string): SqlError {
  return new SqlError(
    "org.apache.spark.SparkRuntimeException",
    "INVALID_VARIANT_CAST",
    `The variant value \`${value}\` can not be cast into \`${target}\`. Please use \`try_variant_get\` instead. SQLSTATE: 22023`,
    full,
  );
}

/** a number out of the range of the integral type it is cast to, in Spark's ANSI words (`The value 1.0E10D of the type "DOUBLE" cannot be cast to "INT" …`) */
function castOverflow(duckType: string, text: string, target: string, full: string): SqlError {
  if (duckType === "VARIANT") return invalidVariantCast(text, target, full);
  const { value, type } = sparkSqlValue(duckType, text);
  return new SqlError(
    "org.apache.spark.SparkArithmeticException",
    "CAST_OVERFLOW",
    `The value ${value} of the type "${type}" cannot be cast to "${target}" due to an overflow. Use \`try_cast\` to tolerate overflow and return NULL instead. ${ANSI_BYPASS} SQLSTATE: 22003`,
    full,
  );
}

/** a number out of the range of the integral column it is stored in, in Spark's words (`Fail to assign a value of "DOUBLE" type to the "INT" type column or variable \`i\` …`) */
function castOverflowInTableInsert(duckType: string, target: string, column: string, full: string): SqlError {
  return new SqlError(
    "org.apache.spark.SparkArithmeticException",
    "CAST_OVERFLOW_IN_TABLE_INSERT",
    `Fail to assign a value of "${sparkSqlValue(duckType, "").type}" type to the "${target}" type column or variable ${quote([column])} due to an overflow. ` +
      `Use \`try_cast\` on the input value to tolerate overflow and return NULL instead. SQLSTATE: 22003`,
    full,
  );
}

/**
 * A column DuckDB cannot bind, with the names it offers instead (its `Candidate bindings: "a",
 * "t.b"`, each kept as one name) as Spark's suggestions; without any, Spark's WITHOUT_SUGGESTION.
 */
function unresolvedEngineColumn(name: string[], full: string): SqlError {
  const offered = /Candidate bindings:[:\s]*(.*)/.exec(full)?.[1] ?? "";
  const candidates = [...offered.matchAll(/"((?:[^"]|"")*)"/g)].map((c) => [c[1].replaceAll('""', '"')]);
  if (candidates.length > 0) return sqlErrors.unresolvedColumnSuggest(name, candidates, full);
  return new SqlError(ANALYSIS, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", `A column, variable, or function parameter with name ${quote(name)} cannot be resolved. SQLSTATE: 42703`, full);
}

/** the qualified name DuckDB's error points at with its caret under `LINE n: …` (`b.v` as ["b", "v"]), undefined where it points at none */
function pointedName(full: string): string[] | undefined {
  const lines = full.split("\n");
  const at = lines.findIndex((l) => /^LINE \d+: /.test(l));
  const column = lines[at + 1]?.indexOf("^") ?? -1;
  if (at < 0 || column < 0) return undefined;
  const part = '"(?:[^"]|"")*"|\\w+';
  const name = new RegExp(`^(?:${part})(?:\\.(?:${part}))+`).exec(lines[at].slice(column))?.[0];
  return name?.match(new RegExp(part, "g"))?.map((p) => (p.startsWith('"') ? p.slice(1, -1).replaceAll('""', '"') : p));
}

function missingTableFile(file: string, full: string): SqlError {
  if (/(^|\/)_change_data\//.test(file)) {
    return new SqlError(
      "org.apache.spark.sql.delta.DeltaFileNotFoundException",
      "DELTA_CHANGE_DATA_FILE_NOT_FOUND",
      `File file:${file} referenced in the transaction log cannot be found. This can occur when the change data file is out of the retention period and has been deleted by the VACUUM statement. SQLSTATE: 42K03`,
      full,
    );
  }
  return new SqlError(
    "org.apache.spark.SparkException",
    "FAILED_READ_FILE.FILE_NOT_EXIST",
    `Error while reading file file:${file}. File does not exist. It is possible the underlying files have been updated. SQLSTATE: KD001`,
    full,
  );
}

/** the (at most 5) candidates whose last part is nearest to `name` by edit distance, as Spark orders its suggestions */
function closest(name: string, candidates: string[][]): string[][] {
  const distance = (a: string, b: string) => {
    let previous = Array.from({ length: b.length + 1 }, (_, k) => k);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = row;
    }
    return previous[b.length];
  };
  const lower = name.toLowerCase();
  return candidates
    .map((c, k) => ({ c, k, d: distance(lower, c[c.length - 1].toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.k - y.k)
    .slice(0, 5)
    .map((x) => x.c);
}
