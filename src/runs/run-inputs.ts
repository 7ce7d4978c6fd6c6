/** Everything one run needs to know, loaded from the store before it starts. */
import type { MappingRule } from "../dataprep/mapping-sql.js";
import type { WorkspaceCredentials } from "../databricks/oauth-tokens.js";
import type { DatasetSchema } from "../schemaregistry/xdm-fields.js";
import type { ChangeKey } from "../dataflows/change-key.js";
import type { SharingProfile } from "../delta-sharing/index.js";

export interface RunInputs {
  flow: {
    id: string;
    imsOrgId: string;
    sandboxName: string;
    frequency: string;
    /** the Copy transformation's deltaColumn; absent for once flows */
    deltaColumn?: string;
    /** 0 unless partial ingestion is on */
    partialIngestionPercent: number;
    /** rows arriving behind the watermark: read them (default) or skip them as AEP does */
    lateRows: "ingest" | "skip";
  };
  /** the workspace and its compute: an all-purpose cluster or a SQL warehouse; id is the base connection's */
  connection: { id: string; domain: string; credentials: WorkspaceCredentials; clusterId?: string; warehouseId?: string; database?: string; catalog?: string; sharing?: SharingProfile };
  source: {
    id: string;
    tableName: string;
    columns: string[];
    cdcEnabled: boolean;
    /** a change-data flow's key, or why it has none (flows created before keys were required) */
    changeKey?: ChangeKey | { problem: string };
  };
  target: { id: string; datasetId: string };
  mapping: MappingRule[];
  /** the mapping set and version the rules are of, where the flow names one */
  mappingSet?: { id: string; version: number };
  /** the dataset schema's resolved (`xed-full`) fields and the fields every row must hold */
  schema: DatasetSchema;
  /** the pinned version of this flow's last successful run (the change feed starts after it) */
  lastIngestedVersion?: number;
  /** the Delta table id that version belongs to (absent when that run recorded none) */
  lastIngestedTableId?: string;
}
