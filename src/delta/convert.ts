/**
 * CONVERT TO DELTA: a folder of Parquet files, laid out as Spark writes a table (partition folders `col=value`), made a Delta table in
 * place: version 0 names every file where it is, with its statistics, the schema read from the files and the partition columns
 * given. No file is moved or rewritten. On the local disk.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ConvertOptions } from "./api.js";
import type { AddFile, StructField } from "./types.js";
import { assertNoTable } from "./create.js";
import { buildCommitInfo } from "./commit-info.js";
import { serializeActions, tryPublishCommit } from "./commit-file.js";
import { DeltaErrors } from "./errors.js";
import { encodeLogPath } from "./paths.js";
import { schemaOfQuery } from "./source-rows.js";
import { quoteLiteral } from "./sql.js";
import { computeStats } from "./stats.js";
import { storageOf } from "./storage/registry.js";
import { newTableActions } from "./table-metadata.js";
import { deltaTypeToDuckDb } from "./type-mapping.js";

/** how Spark writes a NULL partition value in a folder name */
const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

export async function convertToDelta(root: string, conn: DuckDBConnection, opts: ConvertOptions): Promise<{ version: number; numFiles: number }> {
  if (!storageOf(root).isLocal) throw DeltaErrors.invalidArgument("CONVERT TO DELTA converts a folder on the local disk");
  await assertNoTable(root);
  const partitionFields: StructField[] = opts.partitionColumns ?? [];
  const files = await parquetFiles(root);
  if (files.length === 0) throw DeltaErrors.invalidArgument(`CONVERT TO DELTA found no Parquet file under ${root}`);
  const read = (paths: string[]) => `read_parquet([${paths.map(quoteLiteral).join(", ")}], union_by_name = true, hive_partitioning = false)`;
  const data = await schemaOfQuery(conn, `SELECT * FROM ${read(files.map((f) => path.join(root, f)))}`);
  const clash = data.fields.find((f) => partitionFields.some((p) => p.name.toLowerCase() === f.name.toLowerCase()));
  if (clash) throw DeltaErrors.invalidArgument(`the partition column ${clash.name} is also a column of the files`);
  const schema = { ...data, fields: [...data.fields, ...partitionFields.map((f) => ({ ...f, nullable: true }))] };
  const { protocol, metadata } = newTableActions({ schema, partitionColumns: partitionFields.map((f) => f.name), properties: opts.properties ?? {} });
  const adds: AddFile[] = [];
  for (const relative of files) {
    const file = path.join(root, relative);
    const partitionValues = partitionValuesOf(relative, partitionFields);
    await checkPartitionValues(conn, relative, partitionValues, partitionFields);
    const info = await stat(file);
    const stats = opts.collectStats === false ? undefined : (await computeStats(conn, read([file]), data, metadata.configuration)).json;
    adds.push({
      path: encodeLogPath(relative),
      partitionValues,
      size: info.size,
      modificationTime: Math.floor(info.mtimeMs),
      dataChange: true,
      ...(stats !== undefined ? { stats } : {}),
    });
  }
  const commitInfo = buildCommitInfo({
    operation: "CONVERT",
    operationParameters: { numFiles: files.length, partitionedBy: JSON.stringify(partitionFields.map((f) => f.name)), collectStats: opts.collectStats !== false, sourceFormat: "parquet" },
    isBlindAppend: false,
    created: metadata.configuration,
  });
  const actions = [{ commitInfo }, { metaData: metadata }, { protocol }, ...adds.map((add) => ({ add }))];
  if (!(await tryPublishCommit(root, 0, serializeActions(actions)))) throw DeltaErrors.tableAlreadyExists(root);
  return { version: 0, numFiles: files.length };
}

/** the folder's Parquet files (relative, `/`-separated), hidden names (`_…`, `.…`) left out, as Spark lists a table's files */
async function parquetFiles(root: string, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(path.join(root, dir), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await parquetFiles(root, relative)));
    else if (entry.isFile() && entry.name.endsWith(".parquet")) out.push(relative);
  }
  return out;
}

/** each partition value one of its column's type, as readers will cast it */
async function checkPartitionValues(conn: DuckDBConnection, relative: string, values: Record<string, string | null>, fields: StructField[]): Promise<void> {
  for (const field of fields) {
    const value = values[field.name];
    if (value === null) continue;
    try {
      await conn.runAndReadAll(`SELECT CAST(${quoteLiteral(value)} AS ${deltaTypeToDuckDb(field.type)})`);
    } catch {
      throw DeltaErrors.invalidArgument(`${relative}: the partition value ${value} is no ${typeof field.type === "string" ? field.type : field.type.type} value of column ${field.name}`);
    }
  }
}

/** a file's partition values from its folders, `col=value` for each partition column in order, as Spark writes them */
function partitionValuesOf(relative: string, partitionFields: StructField[]): Record<string, string | null> {
  const dirs = relative.split("/").slice(0, -1);
  if (dirs.length !== partitionFields.length) {
    throw DeltaErrors.invalidArgument(`${relative} is not in one folder per partition column (${partitionFields.map((f) => `${f.name}=…`).join("/") || "none"})`);
  }
  return Object.fromEntries(
    partitionFields.map((field, k) => {
      const [name, ...rest] = dirs[k].split("=");
      if (rest.length === 0 || name.toLowerCase() !== field.name.toLowerCase()) throw DeltaErrors.invalidArgument(`${relative}: expected a folder ${field.name}=… at depth ${k + 1}`);
      const value = decodeURIComponent(rest.join("="));
      return [field.name, value === NULL_PARTITION ? null : value];
    }),
  );
}
