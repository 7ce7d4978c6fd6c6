/**
 * Catalog batches: finding one in the caller's sandbox, and how a batch and its dataset file look
 * on the wire (Catalog's batch and dataSetFile objects; the Data Access API lists the same files).
 */
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
import { sandboxId } from "../aep-conventions/sandbox-id.js";
import type { Store } from "../store/database.js";
import { type BatchRecord, findBatch } from "../store/batches.repository.js";

export async function batchOf(store: Store, caller: CallerSandbox, id: string): Promise<BatchRecord> {
  const batch = await findBatch(store.db, caller, id);
  if (!batch) throw Errors.batchNotFound(id);
  return batch;
}

export function catalogBatch(batch: BatchRecord) {
  return {
    id: batch.id,
    imsOrg: batch.imsOrgId,
    sandboxName: batch.sandboxName,
    sandboxId: sandboxId(batch.imsOrgId, batch.sandboxName),
    status: batch.status,
    created: batch.createdAt,
    updated: batch.completedAt ?? batch.createdAt,
    started: batch.createdAt,
    completed: batch.completedAt,
    version: "1.0.0",
    relatedObjects: [
      { type: "dataSet", id: batch.datasetId },
      { type: "flow", id: batch.flowId },
      { type: "flowRun", id: batch.runId },
    ],
    tags: { flowId: [batch.flowId] },
    metrics: {
      inputRecordCount: batch.inputRecords,
      outputRecordCount: batch.outputRecords,
      failedRecordCount: batch.failedRecords,
    },
    // Catalog's batch errors say `description`; `message` stays for clients of the earlier shape
    errors: batch.errors.map((error) => ({ ...error, description: error.message })),
    // where the batch lives in the dataset's Delta table: any Delta reader can open that version
    extensions: { delta: { version: batch.deltaVersion, files: batch.files.map((f) => f.path) } },
  };
}

/** One dataSetFile: the data files of a batch's Delta commit, as Catalog and the Data Access API list it. */
export interface DataSetFile {
  id: string;
  batchId: string;
  dataSetId: string;
  created: number;
  updated: number;
  records: number;
  /** bytes of all its data files */
  size: number;
}

/** A successful batch has one dataSetFile; a failed one committed nothing and has none. */
export function dataSetFilesOf(batch: BatchRecord): DataSetFile[] {
  if (batch.status !== "success") return [];
  return [
    {
      id: dataSetFileId(batch.id),
      batchId: batch.id,
      dataSetId: batch.datasetId,
      created: batch.createdAt,
      updated: batch.completedAt ?? batch.createdAt,
      records: batch.outputRecords,
      size: batch.files.reduce((sum, file) => sum + file.size, 0),
    },
  ];
}

export function catalogDataSetFile(file: DataSetFile, batch: BatchRecord) {
  return {
    id: file.id,
    batchId: file.batchId,
    dataSetViewId: file.dataSetId,
    imsOrg: batch.imsOrgId,
    version: "1.0.0",
    created: file.created,
    updated: file.updated,
    isValid: true,
    records: file.records,
    size: file.size,
  };
}

const dataSetFileId = (batchId: string) => `${batchId}-1`;

export function batchIdOfFile(fileId: string): string | undefined {
  return /^([0-9A-Z]{26})-1$/.exec(fileId)?.[1];
}
