import type { DuckDBConnection } from "@duckdb/node-api";
import type { Snapshot } from "./types.js";
import { createScanView, type ScanFile } from "./scan-builder.js";
import { readDeletionVector } from "./deletion-vectors.js";
import { readableFile } from "./paths.js";
import { mapBounded } from "../util/map-bounded.js";

/** Views already built on a connection, so repeated queries of one snapshot do not re-read DVs. */
const built = new WeakMap<DuckDBConnection, Map<string, string>>();

export async function scanSnapshotRelation(conn: DuckDBConnection, snapshot: Snapshot, options: { rowIdentity?: boolean } = {}): Promise<string> {
  // the schema too: a MERGE that adds columns scans its version with them (src/delta/merge.ts withAddedColumns)
  const key = `${snapshot.root}\u0000${snapshot.metadata.id}\u0000${snapshot.version}\u0000${options.rowIdentity ? 1 : 0}\u0000${snapshot.metadata.schemaString}`;
  let views = built.get(conn);
  const cached = views?.get(key);
  if (cached && (await viewExists(conn, cached))) return cached;
  const files: ScanFile[] = await mapBounded(snapshot.files, 16, async (add) => ({
    path: await readableFile(snapshot.root, add.path),
    partitionValues: add.partitionValues,
    ...(add.deletionVector
      ? { rows: { mode: "exclude" as const, indexes: await readDeletionVector(snapshot.root, add.deletionVector) } }
      : {}),
  }));
  const view = await createScanView(conn, {
    schema: snapshot.schema,
    partitionColumns: snapshot.partitionColumns,
    mode: snapshot.columnMappingMode,
    files,
    rowIdentity: options.rowIdentity,
  });
  if (!views) built.set(conn, (views = new Map()));
  views.set(key, view);
  return view;
}

async function viewExists(conn: DuckDBConnection, quoted: string): Promise<boolean> {
  const name = quoted.slice(1, -1).replace(/""/g, '"');
  const result = await conn.runAndReadAll(`SELECT count(*) AS n FROM duckdb_views() WHERE temporary AND view_name = $name`, { name });
  return Number(result.getRowsJson()[0][0]) > 0;
}
