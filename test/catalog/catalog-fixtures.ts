/** What the Catalog tests need besides AEP's calls: batch records and Profile-enabled schemas, written through the store. */
import { newBatchId } from "../../src/lake/batch-id.js";
import { batchRowErrorsDir, datasetTableRoot, lakeFolder } from "../../src/lake/lake-paths.js";
import { type BatchRecord, recordBatch } from "../../src/store/batches.repository.js";
import { findResource, updateResource } from "../../src/store/resources.repository.js";
import { TEST_CLIENT, type TestSystem } from "../support/system.js";

let windowSeq = 0;

/** Records a batch as a run commits one (a flow of its own, so windows never collide), in `db` when given (a transaction still open). */
export async function insertBatch(
  system: TestSystem,
  fields: Partial<BatchRecord> & { datasetId: string; createdAt: number },
  db: Parameters<typeof recordBatch>[0] = system.service.store.db,
): Promise<BatchRecord> {
  const status = fields.status ?? "success";
  return recordBatch(db, {
    id: newBatchId(fields.createdAt),
    imsOrgId: TEST_CLIENT.orgId,
    sandboxName: "prod",
    flowId: "00000000-0000-4000-8000-0000000000f1",
    runId: "00000000-0000-4000-8000-0000000000a1",
    windowSeq: ++windowSeq,
    status,
    deltaVersion: status === "success" ? windowSeq : null,
    files: status === "success" ? [{ path: `part-${windowSeq}.parquet`, size: 100 + windowSeq }] : [],
    inputRecords: 10,
    outputRecords: status === "success" ? 10 : 0,
    failedRecords: status === "success" ? 0 : 10,
    errors: status === "success" ? [] : [{ code: "MAPPER-3700-400", message: "10 rows failed", recordCount: 10 }],
    completedAt: fields.createdAt + 500,
    ...fields,
  });
}

/** Files where the lake keeps a dataset's table and a batch's failed rows, as a run leaves them (in a folder or a container). */
export async function writeLakeFiles(system: TestSystem, dataSetId: string, batchId: string): Promise<{ table: string; rowErrors: string }> {
  const table = datasetTableRoot(system.lakeDir, dataSetId);
  const rowErrors = batchRowErrorsDir(system.lakeDir, batchId);
  await lakeFolder(table).writeIfAbsent("_delta_log/00000000000000000000.json", "{}\n");
  await lakeFolder(rowErrors).writeIfAbsent("part-0.json", "{}\n");
  return { table, rowErrors };
}

/** Whether a folder of the lake holds any file. */
export async function lakeHolds(location: string): Promise<boolean> {
  return (await lakeFolder(location).list("")).length > 0;
}

/**
 * Tags a schema `union` in its stored document: what PATCH /tenant/schemas/{id} with
 * [{"op":"add","path":"/meta:immutableTags","value":["union"]}] leaves behind, without the identity
 * that call also asks of a schema.
 */
export async function enableSchemaForProfile(system: TestSystem, schemaId: string, sandboxName = "prod"): Promise<void> {
  const scope = { imsOrgId: TEST_CLIENT.orgId, sandboxName };
  const rowId = schemaId.split("/").pop()!;
  const record = await findResource(system.service.store.db, "schema", scope, rowId);
  if (!record) throw new Error(`no schema ${schemaId}`);
  const document = { ...record.document, "meta:immutableTags": ["union"] };
  if (!(await updateResource(system.service.store.db, scope, { ...record, document }, record.etag))) throw new Error("schema changed meanwhile");
}
