/** Delta schema types, as serialised in `metaData.schemaString` (a subset of Spark's JSON schema). */
export interface StructType {
  type: "struct";
  fields: StructField[];
}

export interface StructField {
  name: string;
  type: DeltaType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

export interface ArrayType {
  type: "array";
  elementType: DeltaType;
  containsNull: boolean;
}

export interface MapType {
  type: "map";
  keyType: DeltaType;
  valueType: DeltaType;
  valueContainsNull: boolean;
}

/** A primitive is its type name: "long", "string", "decimal(38,18)", "timestamp_ntz", ... */
export type PrimitiveType = string;
export type DeltaType = PrimitiveType | StructType | ArrayType | MapType;

export interface Protocol {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

export interface Metadata {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  schemaString: string;
  partitionColumns: string[];
  configuration: Record<string, string>;
  createdTime?: number | null;
}

export interface DeletionVectorDescriptor {
  storageType: "u" | "i" | "p";
  pathOrInlineDv: string;
  offset?: number;
  sizeInBytes: number;
  cardinality: number;
}

export interface AddFile {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  stats?: string;
  tags?: Record<string, string>;
  deletionVector?: DeletionVectorDescriptor;
  baseRowId?: number;
  defaultRowCommitVersion?: number;
  clusteringProvider?: string;
}

export interface RemoveFile {
  path: string;
  deletionTimestamp?: number;
  dataChange: boolean;
  extendedFileMetadata?: boolean;
  partitionValues?: Record<string, string | null>;
  size?: number;
  stats?: string;
  tags?: Record<string, string>;
  deletionVector?: DeletionVectorDescriptor;
  baseRowId?: number;
  defaultRowCommitVersion?: number;
}

export interface CdcFile {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  dataChange: boolean;
  tags?: Record<string, string>;
}

export interface Txn {
  appId: string;
  version: number;
  lastUpdated?: number;
}

export interface DomainMetadata {
  domain: string;
  configuration: string;
  removed: boolean;
}

/** One entry of DESCRIBE HISTORY: the commitInfo action of a version, plus its version and commit timestamp. */
export interface CommitInfo {
  version: number;
  /** commit timestamp in ms: inCommitTimestamp when present, else the commit file's modification time (as Spark) */
  timestamp: number;
  operation?: string;
  operationParameters?: Record<string, unknown>;
  operationMetrics?: Record<string, unknown>;
  readVersion?: number;
  isolationLevel?: string;
  isBlindAppend?: boolean;
  engineInfo?: string;
  txnId?: string;
  [key: string]: unknown;
}

/** A parsed line of a commit or checkpoint; unknown action kinds are dropped (the protocol says to ignore them). */
export type Action =
  | { kind: "add"; add: AddFile }
  | { kind: "remove"; remove: RemoveFile }
  | { kind: "cdc"; cdc: CdcFile }
  | { kind: "metaData"; metaData: Metadata }
  | { kind: "protocol"; protocol: Protocol }
  | { kind: "txn"; txn: Txn }
  | { kind: "domainMetadata"; domainMetadata: DomainMetadata }
  | { kind: "commitInfo"; commitInfo: Record<string, unknown> }
  | { kind: "sidecar"; sidecar: { path: string; sizeInBytes: number; modificationTime: number } }
  | { kind: "checkpointMetadata"; checkpointMetadata: { version: number } };

export type ColumnMappingMode = "none" | "name" | "id";

export interface Snapshot {
  version: number;
  /** commit timestamp (ms) of `version` */
  timestamp: number;
  protocol: Protocol;
  metadata: Metadata;
  schema: StructType;
  partitionColumns: string[];
  properties: Record<string, string>;
  files: AddFile[];
  /** the table root this snapshot was read from */
  root: string;
  columnMappingMode: ColumnMappingMode;
  /** latest txn per appId */
  transactions: Record<string, Txn>;
  /** remove actions still inside the retention window, kept for checkpoints */
  tombstones: RemoveFile[];
  domainMetadata: DomainMetadata[];
}
