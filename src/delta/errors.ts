/**
 * Every failure this library raises on purpose is a DeltaError with a stable code. The codes borrow
 * Delta/Databricks error-class names where one exists, so the local workspace can pass them through as
 * `error_code` without a translation table.
 */
export enum DeltaErrorCode {
  TableNotFound = "DELTA_TABLE_NOT_FOUND",
  TableAlreadyExists = "DELTA_TABLE_ALREADY_EXISTS",
  UnsupportedReaderVersion = "DELTA_INVALID_PROTOCOL_VERSION",
  UnsupportedReaderFeatures = "DELTA_UNSUPPORTED_FEATURES_FOR_READ",
  UnsupportedWriterFeatures = "DELTA_UNSUPPORTED_FEATURES_FOR_WRITE",
  MissingProtocol = "DELTA_MISSING_PROTOCOL",
  MissingMetadata = "DELTA_MISSING_METADATA",
  VersionsNotContiguous = "DELTA_VERSIONS_NOT_CONTIGUOUS",
  VersionNotFound = "DELTA_VERSION_NOT_FOUND",
  TimestampOutOfRange = "DELTA_TIMESTAMP_OUT_OF_RANGE",
  CorruptLog = "DELTA_CORRUPT_LOG",
  CorruptDeletionVector = "DELTA_CORRUPT_DELETION_VECTOR",
  UnsupportedPath = "DELTA_UNSUPPORTED_PATH",
  UnsupportedType = "DELTA_UNSUPPORTED_DATA_TYPE",
  SchemaMismatch = "DELTA_SCHEMA_MISMATCH",
  InvalidSchema = "DELTA_INVALID_SCHEMA",
  NotNullViolation = "DELTA_NOT_NULL_CONSTRAINT_VIOLATED",
  ChangeDataNotRecorded = "DELTA_CHANGE_DATA_NOT_RECORDED",
  ConcurrentModification = "DELTA_CONCURRENT_MODIFICATION",
  AppendOnlyViolation = "DELTA_CANNOT_MODIFY_APPEND_ONLY",
  InvalidArgument = "DELTA_INVALID_ARGUMENT",
  MissingSetColumn = "DELTA_MISSING_SET_COLUMN",
  ConflictSetColumn = "DELTA_CONFLICT_SET_COLUMN",
  CannotUpCast = "CANNOT_UP_CAST_DATATYPE",
  MultipleSourceRowsMatching = "DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE",
  ClusterByInvalidNumColumns = "DELTA_CLUSTER_BY_INVALID_NUM_COLUMNS",
  ClusteringColumnsDataTypeNotSupported = "DELTA_CLUSTERING_COLUMNS_DATATYPE_NOT_SUPPORTED",
  ClusteringColumnMissingStats = "DELTA_CLUSTERING_COLUMN_MISSING_STATS",
  ColumnNotFoundInSchema = "DELTA_COLUMN_NOT_FOUND_IN_SCHEMA",
  ClusterByWithPartitionedBy = "DELTA_CLUSTER_BY_WITH_PARTITIONED_BY",
  ClusteringWithZOrderBy = "DELTA_CLUSTERING_WITH_ZORDER_BY",
  ClusterByOnPartitionedTable = "DELTA_ALTER_TABLE_CLUSTER_BY_ON_PARTITIONED_TABLE_NOT_ALLOWED",
  ReplaceWhereMismatch = "DELTA_REPLACE_WHERE_MISMATCH",
  CheckViolated = "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES",
  ConstraintAlreadyExists = "DELTA_CONSTRAINT_ALREADY_EXISTS",
  ConstraintDoesNotExist = "DELTA_CONSTRAINT_DOES_NOT_EXIST",
  UnsetNonexistentProperties = "UNSET_NONEXISTENT_PROPERTIES",
  IdentityDataType = "DELTA_IDENTITY_COLUMNS_UNSUPPORTED_DATA_TYPE",
  IdentityIllegalStep = "DELTA_IDENTITY_COLUMNS_ILLEGAL_STEP",
  IdentityPartition = "DELTA_IDENTITY_COLUMNS_PARTITION_NOT_SUPPORTED",
  IdentityWithGenerated = "DELTA_IDENTITY_COLUMNS_WITH_GENERATED_EXPRESSION",
  IdentityExplicitInsert = "DELTA_IDENTITY_COLUMNS_EXPLICIT_INSERT_NOT_SUPPORTED",
  IdentityUpdate = "DELTA_IDENTITY_COLUMNS_UPDATE_NOT_SUPPORTED",
}


export class DeltaError extends Error {
  readonly code: DeltaErrorCode;

  constructor(code: DeltaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DeltaError";
    this.code = code;
  }
}

/** A column of a query whose type the table's column cannot hold exactly (Delta type names): the append is refused. */
export class InexactCastError extends DeltaError {
  constructor(
    readonly column: string,
    readonly tableType: string,
    readonly incomingType: string,
  ) {
    super(
      DeltaErrorCode.CannotUpCast,
      `Cannot write column ${column} as ${incomingType} into the table's ${tableType}: not every value converts exactly (a cast could round one or fail on one out of range)`,
    );
  }
}

const err = (code: DeltaErrorCode, message: string, cause?: unknown) =>
  new DeltaError(code, message, cause === undefined ? undefined : { cause });

/** The catalogue: one constructor per failure, so messages stay consistent across modules. */
export const DeltaErrors = {
  tableNotFound: (root: string, why: string) =>
    err(DeltaErrorCode.TableNotFound, `No Delta table at ${root}: ${why}`),
  tableAlreadyExists: (root: string) =>
    err(DeltaErrorCode.TableAlreadyExists, `A Delta table already exists at ${root}`),
  readerVersionTooHigh: (root: string, required: number, supported: number) =>
    err(
      DeltaErrorCode.UnsupportedReaderVersion,
      `Delta table at ${root} requires reader version ${required}, but this reader supports reader versions up to ${supported}`,
    ),
  unsupportedReaderFeatures: (root: string, features: string[]) =>
    err(
      DeltaErrorCode.UnsupportedReaderFeatures,
      `Delta table at ${root} requires reader features this reader does not support: ${features.join(", ")}`,
    ),
  unsupportedWriterFeatures: (root: string, what: string) =>
    err(DeltaErrorCode.UnsupportedWriterFeatures, `Cannot write Delta table at ${root}: ${what}`),
  missingProtocol: (root: string, version: number) =>
    err(DeltaErrorCode.MissingProtocol, `Delta table at ${root} has no protocol action in its log up to version ${version}`),
  missingMetadata: (root: string, version: number) =>
    err(DeltaErrorCode.MissingMetadata, `Delta table at ${root} has no metaData action in its log up to version ${version}`),
  versionsNotContiguous: (root: string, missing: number, from: number, to: number) =>
    err(
      DeltaErrorCode.VersionsNotContiguous,
      `Delta log of ${root} is not contiguous: versions ${from}..${to} are needed but commit ${missing} is missing`,
    ),
  versionNotFound: (root: string, version: number, why: string) =>
    err(DeltaErrorCode.VersionNotFound, `Cannot read version ${version} of Delta table at ${root}: ${why}`),
  timestampOutOfRange: (root: string, at: Date, why: string) =>
    err(DeltaErrorCode.TimestampOutOfRange, `Cannot read Delta table at ${root} as of ${at.toISOString()}: ${why}`),
  corruptLog: (file: string, why: string, cause?: unknown) =>
    err(DeltaErrorCode.CorruptLog, `Corrupt Delta log file ${file}: ${why}`, cause),
  corruptDeletionVector: (where: string, why: string) =>
    err(DeltaErrorCode.CorruptDeletionVector, `Corrupt deletion vector (${where}): ${why}`),
  unsupportedPath: (path: string) =>
    err(DeltaErrorCode.UnsupportedPath, `Unsupported file path in Delta log: ${path} (only relative paths and file: URIs are readable)`),
  unsupportedType: (type: string, why: string) =>
    err(DeltaErrorCode.UnsupportedType, `Unsupported data type ${type}: ${why}`),
  schemaMismatch: (why: string) => err(DeltaErrorCode.SchemaMismatch, why),
  invalidSchema: (why: string) => err(DeltaErrorCode.InvalidSchema, why),
  notNullViolation: (column: string, rows: number) =>
    err(
      DeltaErrorCode.NotNullViolation,
      rows < 0
        ? `NOT NULL constraint violated for column ${column}: the query does not provide it`
        : `NOT NULL constraint violated for column ${column}: ${rows} row(s) are null`,
    ),
  changeDataNotRecorded: (root: string, version: number) =>
    err(
      DeltaErrorCode.ChangeDataNotRecorded,
      `Change data feed is not available for version ${version} of Delta table at ${root}: delta.enableChangeDataFeed was not true when it was committed`,
    ),
  concurrentModification: (root: string, why: string) =>
    err(DeltaErrorCode.ConcurrentModification, `Concurrent modification of Delta table at ${root}: ${why}`),
  appendOnly: (root: string, operation: string) =>
    err(DeltaErrorCode.AppendOnlyViolation, `Cannot ${operation} on Delta table at ${root}: the table is append-only (delta.appendOnly=true)`),
  invalidArgument: (why: string) => err(DeltaErrorCode.InvalidArgument, why),
  missingSetColumn: (column: string, columns: string[]) =>
    err(DeltaErrorCode.MissingSetColumn, `UPDATE SET column ${column} not found given columns: ${columns.join(", ")}`),
  multipleMatches: (targetRows: number) =>
    err(
      DeltaErrorCode.MultipleSourceRowsMatching,
      `Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways (${targetRows} target row${targetRows === 1 ? "" : "s"}). ` +
        "By SQL semantics of Merge, when multiple source rows match on the same target row, the result may be ambiguous as it is unclear which source row should be used to update or delete the matching target row. " +
        "You can preprocess the source table to eliminate the possibility of multiple matches.",
    ),
  unsetNonexistentProperties: (root: string, keys: string[]) =>
    err(DeltaErrorCode.UnsetNonexistentProperties, `Attempted to unset non-existent properties [${keys.map((k) => "`" + k + "`").join(", ")}] in table ${root} (UNSET TBLPROPERTIES IF EXISTS leaves such keys alone).`),
  /** a rule of Delta's broken (clustering, constraints), under Delta's error class for it */
  rule: (code: DeltaErrorCode, message: string) => err(code, message),
  checkViolated: (detail: string) => err(DeltaErrorCode.CheckViolated, detail),
  replaceWhereMismatch: (predicate: string, rows: number) =>
    err(
      DeltaErrorCode.ReplaceWhereMismatch,
      `Written data does not conform to partial table overwrite condition or constraint '${predicate}': ${rows} row(s) of the query do not match it, and an overwrite may only write rows that it replaces.`,
    ),
  conflictSetColumn: (columns: string[]) =>
    err(DeltaErrorCode.ConflictSetColumn, `There is a conflict from these UPDATE SET columns: ${columns.join(", ")} (each column can be assigned once)`),
};
