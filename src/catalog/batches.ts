/** Catalog batches: finding one in the caller's sandbox, and how it looks on the wire (Catalog's batch object, Data Access's file listing). */
import type { CallerSandbox } from "../aep-conventions/caller.js";
import { Errors } from "../aep-conventions/errors/catalogue.js";
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
    metrics: {
      inputRecordCount: batch.inputRecords,
      outputRecordCount: batch.outputRecords,
      failedRecordCount: batch.failedRecords,
    },
    errors: batch.errors,
    // where the batch lives in the dataset's Delta table: any Delta reader can open that version
    extensions: { delta: { version: batch.deltaVersion, files: batch.files.map((f) => f.path) } },
  };
}

/** The one dataSetFile of a batch: its data files, listed by GET /export/files/{id}. */
export const dataSetFileId = (batchId: string) => `${batchId}-1`;

export function batchIdOfFile(fileId: string): string | undefined {
  return /^([0-9A-Z]{26})-1$/.exec(fileId)?.[1];
}
