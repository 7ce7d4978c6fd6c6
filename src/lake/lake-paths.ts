/** Where the lake keeps things: one Delta table per dataset, batch side files beside them. */
import path from "node:path";

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checked(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`not a lake id: ${id}`);
  return id;
}

export function datasetTableRoot(lakeRoot: string, datasetId: string): string {
  return path.join(lakeRoot, "datasets", checked(datasetId));
}

export function batchRowErrorsDir(lakeRoot: string, batchId: string): string {
  return path.join(lakeRoot, "batches", checked(batchId), "row_errors");
}

/** A path inside `root` given by a client, or undefined when it would leave `root`. */
export function insideRoot(root: string, relative: string): string | undefined {
  const resolved = path.resolve(root, relative);
  return resolved.startsWith(path.resolve(root) + path.sep) ? resolved : undefined;
}
