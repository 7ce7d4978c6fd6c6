/**
 * Ingestion's fast path: when a mapping only renames staged columns (each dataset field is one
 * staged column, unconverted, and no row can fail but by an integer out of its field's range, which
 * each file's statistics must rule out), each staged file becomes a data file by copying
 * its bytes and giving it a footer with the dataset's names (src/delta/renamed-files.ts), instead of
 * decoding and re-encoding every value in DuckDB. Proof of a pure rename is the plan itself: its
 * projection must be, item for item, a staged column under the field's name (or a cast of it to its
 * own type), and every dataset field must be mapped (an unmapped one is a column of NULLs the staged
 * file does not have). The Delta side then checks each file: exactly those columns, top-level, in the
 * types the table stores, integers within their ranges. Anything else takes the usual path.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { rm } from "node:fs/promises";
import path from "node:path";
import { FOOTERS_AT_ONCE, footerBytes, quoteIdent, quoteLiteral, writeFooterOnly } from "../delta/index.js";
import { MappingError, type MappingPlan, type MappingRule, type SourceColumn, planMapping } from "../dataprep/mapping-sql.js";
import { parsePath } from "../dataprep/source-path.js";
import type { DatasetSchema } from "../schemaregistry/xdm-fields.js";
import type { BatchWriter } from "./batch-commit.js";
import type { StagedInput } from "./staged-files.js";
import { mapBounded } from "../util/map-bounded.js";

export interface RenameRequest {
  rules: readonly MappingRule[];
  schema: DatasetSchema;
  passThrough?: readonly string[];
  /** a resync's deletes need every staged key collected by a query: not a rename */
  companion?: unknown;
}

/** A pure rename: the dataset field of each staged column, and the range each integer column's values must lie in. */
export interface Renaming {
  columns: Map<string, string>;
  /** by staged column: proven from each file's statistics before the file is taken as it is */
  ranges: Map<string, { low: bigint; high: bigint }>;
  /** the SELECT list of the dataset's columns from the staged ones */
  projection: string;
}

/**
 * The staged column → dataset field renaming the mapping is, or undefined when it is anything more.
 * `columns` are the staged columns. An integer field's range is no row check here: the ranges go
 * with the renaming, for each file's statistics to prove (renamed-files.ts).
 */
export function pureRename(columns: readonly SourceColumn[], request: RenameRequest): Renaming | undefined {
  if (request.companion || (request.passThrough?.length ?? 0) > 0) return undefined;
  let plan: MappingPlan;
  try {
    plan = planMapping(request.rules, request.schema, columns, [], { rangesFromStatistics: true });
  } catch (error) {
    if (error instanceof MappingError) return undefined;
    throw error;
  }
  if (plan.canFail || plan.inner !== "" || plan.computed !== "") return undefined;
  const sourceOf = new Map<string, SourceColumn>();
  for (const rule of request.rules) {
    if ((rule.sourceType ?? "ATTRIBUTE") !== "ATTRIBUTE") return undefined;
    const destination = topLevelName(rule.destinationXdmPath);
    const source = topLevelName(rule.sourceAttribute);
    const column = columns.find((c) => c.name === source);
    if (destination === undefined || !column) return undefined;
    sourceOf.set(destination, column);
  }
  const renames = new Map<string, string>();
  let rest = plan.projection;
  for (const field of Object.keys(request.schema.properties ?? {})) {
    const column = sourceOf.get(field);
    if (!column || renames.has(column.name)) return undefined;
    const item = identityForms(column).map((value) => `${value} AS ${quoteIdent(field)}`).find((form) => rest === form || rest.startsWith(`${form}, `));
    if (!item) return undefined;
    rest = rest.slice(item.length + 2);
    renames.set(column.name, field);
  }
  if (rest !== "" || renames.size !== sourceOf.size) return undefined;
  const ranges = new Map(plan.ranges.map(({ destination, low, high }) => [sourceOf.get(destination)!.name, { low, high }]));
  return { columns: renames, ranges, projection: plan.projection };
}

/** The one field a path names when it is a top-level field, else undefined. */
function topLevelName(path: string): string | undefined {
  const steps = parsePath(path);
  return steps.length === 1 && steps[0].kind === "field" ? steps[0].name : undefined;
}

/** How the plan may write a column's value unchanged: as it is, or cast to its own type. */
function identityForms(column: SourceColumn): string[] {
  const ref = quoteIdent(column.name);
  return [ref, `CAST(${ref} AS ${column.type})`];
}

/**
 * Writes a group of staged files as the batch's data files, renamed, when the mapping is a pure
 * rename and every file holds exactly the mapped columns, within their ranges; returns how many data
 * files that made, or undefined (nothing written) for the usual path. `selectSql` (the mapped rows)
 * creates the dataset's table on its first batch.
 */
export async function writeRenamedGroup(
  writer: BatchWriter,
  conn: DuckDBConnection,
  files: readonly string[],
  columns: readonly SourceColumn[],
  request: RenameRequest,
  selectSql: string,
): Promise<number | undefined> {
  const renaming = pureRename(columns, request);
  if (!renaming) return undefined;
  const written = await writer.writeRenamed(conn, files.map((file) => ({ file, columns: renaming.columns, ranges: renaming.ranges })), selectSql);
  return written?.files;
}

/**
 * The whole window renamed where its staged files are, none downloaded, when the lake's store copies
 * them itself (a Blob container of the staging account: Put Block From URL) and the mapping is a pure
 * rename of every file: their footers are read by ranges, the staged columns are what DuckDB makes of
 * the first footer, and the data files are the staged bytes copied by the store with new footers.
 * Undefined, nothing written, for the usual path.
 */
export async function renameStagedInPlace(
  writer: BatchWriter,
  conn: DuckDBConnection,
  input: StagedInput,
  request: RenameRequest,
  tempDir: string,
): Promise<{ rows: number; files: number } | undefined> {
  if (!input.remote || writer.alreadyCommitted() || input.sizes.length === 0) return undefined;
  const files = input.sizes.map((_, index) => input.remote!(index));
  // every footer at once (each is kept by its file for the plan): the first names the columns
  const footers = await mapBounded(files, FOOTERS_AT_ONCE, (file) => file.footer().catch(() => undefined));
  const footer = footers[0];
  if (!footer) return undefined; // not a file this path reads: the usual path says what is wrong with it
  const standIn = path.join(tempDir, "first-footer.parquet");
  try {
    await writeFooterOnly(footer.start, footerBytes(footer.metadata), standIn);
    // binds the first file's columns (DESCRIBE, and the new table's types): nothing reads its data
    await conn.run(`CREATE OR REPLACE VIEW staged_footer AS SELECT * FROM read_parquet(${quoteLiteral(standIn)})`);
    const described = (await conn.runAndReadAll("DESCRIBE staged_footer")).getRowObjectsJson() as Array<{ column_name: string; column_type: string }>;
    const renaming = pureRename(described.map((c) => ({ name: c.column_name, type: c.column_type })), request);
    if (!renaming) return undefined;
    return await writer.writeRenamed(conn, files.map((file) => ({ file, columns: renaming.columns, ranges: renaming.ranges })), `SELECT ${renaming.projection} FROM staged_footer`);
  } finally {
    await rm(standIn, { force: true });
  }
}
