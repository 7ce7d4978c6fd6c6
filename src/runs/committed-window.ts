/**
 * A window whose rows an earlier attempt committed to the dataset without recording its batch (a
 * crash, or the metadata store refusing it): the table's txn for the flow reaches the window, one
 * commit per flow and window. The run then reads nothing again: the version that attempt read may
 * be gone from the source meanwhile (VACUUM deletes its files once later versions no longer read
 * them), while the commit holds the window's rows. Its batch is recorded from that commit: its data
 * files and rows, and the rows the attempt could not ingest, as it stored them in the batch's row
 * errors (the batch keeps the id that attempt began it under).
 */
import { type IngestResult, earlierCommit } from "../lake/ingest.js";
import { batchRowErrorsDir, datasetTableRoot, lakeFolder } from "../lake/lake-paths.js";

/** What the window's earlier commit ingested, as an ingestion that finds it reports it; undefined when the dataset does not hold it. */
export async function committedWindow(lakeRoot: string, target: { datasetId: string; flowId: string; windowSeq: number; batchId: string }): Promise<IngestResult | undefined> {
  const commit = await earlierCommit(datasetTableRoot(lakeRoot, target.datasetId), { appId: target.flowId, version: target.windowSeq });
  if (!commit) return undefined;
  const failed = await failedRows(batchRowErrorsDir(lakeRoot, target.batchId));
  return {
    inputRecords: commit.numRecords + failed.count,
    outputRecords: commit.numRecords,
    failedRecords: failed.count,
    committed: true,
    alreadyCommitted: true,
    deltaVersion: commit.deltaVersion,
    dataFiles: commit.dataFiles,
    sampleErrors: failed.first === undefined ? [] : [failed.first],
    groups: 0,
    renamedFiles: 0,
  };
}

/** The rows of a batch's row errors (JSON lines, a row a line), counted as they stream by, and the first row's first error. */
async function failedRows(dir: string): Promise<{ count: number; first?: string }> {
  const folder = lakeFolder(dir);
  const files = (await folder.list("")).sort((a, b) => a.path.localeCompare(b.path));
  let count = 0;
  let firstLine: string | undefined;
  for (const file of files) {
    const stream = await folder.openRead(file.path);
    if (!stream) continue;
    // the file's first bytes, up to its first row's end (decoded once: a chunk may end inside a character)
    const head: Buffer[] = [];
    let headBytes = 0;
    let headDone = firstLine !== undefined;
    let lastByte: number | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (chunk.length === 0) continue;
      if (!headDone) {
        head.push(chunk);
        headBytes += chunk.length;
        headDone = chunk.includes(NEWLINE) || headBytes >= MAX_FIRST_LINE;
      }
      for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) count++;
      lastByte = chunk[chunk.length - 1];
    }
    // a last row without its newline
    if (lastByte !== undefined && lastByte !== NEWLINE) count++;
    if (firstLine === undefined && headBytes > 0) firstLine = Buffer.concat(head).toString("utf8").split("\n")[0];
  }
  return { count, first: firstError(firstLine) };
}

const NEWLINE = 0x0a;
/** the first row's line is read this far at most (its record and errors) */
const MAX_FIRST_LINE = 1 << 20;

function firstError(line: string | undefined): string | undefined {
  if (line === undefined) return undefined;
  try {
    const errors = (JSON.parse(line) as { errors?: unknown }).errors;
    return Array.isArray(errors) && typeof errors[0] === "string" ? errors[0] : undefined;
  } catch {
    // a first row longer than what was read
    return undefined;
  }
}
