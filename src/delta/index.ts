export type { OptimizeResult } from "./optimize.js";
export type { DeltaTable, TableDefinition, CloneOptions, CloneResult, ConvertOptions, ReplaceWhereResult, AppendOptions, AppendResult, AppendInParts, DeleteResult, UpdateResult, MergeSpec, MergeClause, MergeResult } from "./api.js";
export type { Predicate } from "./predicate.js";
export type { UnreferencedFile } from "./unreferenced-files.js";
export { FOOTERS_AT_ONCE, type RenameSource, type RemoteParquet, renamesFitNewTable } from "./renamed-files.js";
/** a Parquet file's footer read by byte ranges, a local footer-only stand-in of it for DuckDB's DESCRIBE, and a copy reading its text as bytes */
export { footerBytes, type ParquetFooter, readFooterOf, SparkCalendarKeys, writeFooterOnly, writeTextAsBytes } from "./parquet-footer/file-metadata.js";
/** a plain Parquet file (flat optional columns, uncompressed PLAIN pages) from values already laid out as Parquet stores them */
export { ConvertedType, PhysicalType, type PlainColumn, PlainFileError, type PlainPage, type PlainRowGroup, plainParquetFile } from "./parquet-footer/plain-file.js";
export type {
  StructType,
  StructField,
  ArrayType,
  MapType,
  DeltaType,
  PrimitiveType,
  Snapshot,
  Protocol,
  Metadata,
  AddFile,
  RemoveFile,
  CdcFile,
  Txn,
  CommitInfo,
  DeletionVectorDescriptor,
  ColumnMappingMode,
} from "./types.js";
export { openDeltaTable } from "./table.js";
export { dvFilePath, readDeletionVector } from "./deletion-vectors.js";
export { resolveTablePath } from "./paths.js";
/** makes a remote table reachable by its root string; returns the root */
export { rememberStorage as registerTableStorage } from "./storage/registry.js";
export { type TableStorage, type StoredFile, LocalTableStorage, AzureBlobTableStorage, type AzureBlobStorageOptions } from "./storage/index.js";
export { deltaTypeToDuckDb, duckDbTypeToDelta } from "./type-mapping.js";
/** DuckDB type names (as DESCRIBE prints them) read into a tree, and written back */
export { type DuckType, duckTypeToString, holdsPrimitive, parseDuckDbType } from "./duckdb-types.js";
/** a query's columns as DuckDB names and types them, nothing of its data read */
export { describeQuery } from "./duck.js";
export { ancientValueCondition, datesAndTimestamps, GREGORIAN_DATES_FROM, type ShiftedKind, sparkRebasedOnWrite, UNSHIFTED_TIMESTAMPS_FROM } from "./ancient-datetimes.js";
export { DeltaError, DeltaErrorCode, InexactCastError } from "./errors.js";
/** whether a cast between two types keeps every value exactly */
export { duckCastIsExact } from "./exact-casts.js";
export { findField, parseSchemaString, serializeSchema } from "./schema.js";
/** a field's column-mapping id, kept across renames */
export { columnId, withoutColumnMapping } from "./column-mapping.js";
export { canWiden, widened } from "./type-widening.js";
export { clusteringColumns } from "./clustering.js";
export { mentionsColumn, tableConstraints, type Checks } from "./check-constraints.js";
export { GENERATION_EXPRESSION, generatedCheck, generatedColumns, generationExpression, withGeneratedValues } from "./generated-columns.js";
export { IDENTITY_ALLOW_EXPLICIT_INSERT, IDENTITY_HIGH_WATER_MARK, IDENTITY_START, IDENTITY_STEP, identityOf, keptExactly, type IdentityColumn } from "./identity-columns.js";
export type { ConstraintChange } from "./constraint-changes.js";
/** DuckDB quoting, for callers that build SQL around Delta relations */
export { quoteIdent, quoteLiteral } from "./sql.js";
export { exactZerosOptionsOf } from "./parquet-float-zeros.js";
/** a DuckDB view over data files given by the caller (a Delta Sharing client's downloaded files) */
export { createScanView, type ScanFile, type ScanSpec } from "./scan-builder.js";
export { addVariantText, holdsVariantType, variantsAsJsonSelect } from "./variant-sql.js";
