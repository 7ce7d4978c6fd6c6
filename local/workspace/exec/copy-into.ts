/**
 * COPY INTO t FROM 'folder' FILEFORMAT = CSV | JSON | PARQUET: the folder's files not loaded into t before appended in one COPY INTO
 * commit, each file's columns into the table's of their names. Which files a table has loaded is read from its own log (the files
 * each COPY INTO commit names), so a file is loaded once, also across restarts, unless COPY_OPTIONS ('force' = 'true').
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { DeltaTable } from "../../../src/delta/index.js";
import { sqlErrors } from "../errors.js";
import { tableResult, type TableResult } from "../results/table-result.js";
import { quoteIdent, quoteString } from "../sql/spark-types.js";
import type { Statement } from "../sql/statements.js";
import { describeQuery, type StatementContext } from "./context.js";
import { count, rowsToWrite } from "./dml.js";
import { localPath, resolveTable } from "./resolve.js";

type CopyInto = Extract<Statement, { kind: "copyInto" }>;

const OPERATION = "COPY INTO";

const FORMATS = ["CSV", "JSON", "PARQUET"];

export async function copyInto(ctx: StatementContext, s: CopyInto): Promise<TableResult> {
  if (!FORMATS.includes(s.format)) throw sqlErrors.unsupported(`COPY INTO … FILEFORMAT = ${s.format} (CSV, JSON and PARQUET are read)`);
  const { table, name: full } = resolveTable(ctx, s.table);
  const folder = localPath(ctx, s.location);
  const options = lowerKeys(s.copyOptions);
  const loaded = options.force === "true" ? new Set<string>() : await loadedFiles(table);
  const files = sourceFiles(folder, s).filter((file) => !loaded.has(file));
  const answer = (rows: number) => tableResult([count("num_affected_rows"), count("num_inserted_rows"), count("num_skipped_corrupt_files")], [[rows, rows, 0]]);
  if (files.length === 0) return answer(0);

  const source = await sourceRelation(ctx, s.format, files, lowerKeys(s.formatOptions));
  const snapshot = await table.snapshot({});
  const fields = snapshot.schema.fields;
  const columns = (await describeQuery(ctx.conn, `SELECT * FROM ${source}`)).map((c) => c.name);
  const extra = columns.filter((c) => !fields.some((f) => f.name.toLowerCase() === c.toLowerCase()));
  const mergeSchema = options.mergeschema === "true";
  if (extra.length && !mergeSchema) throw sqlErrors.copyIntoExtraColumns(extra, full);
  // each of the table's columns from the files' column of its name, the files' others after them
  const sources = fields.map((f) => columns.findIndex((c) => c.toLowerCase() === f.name.toLowerCase()));
  const kept = extra.map((name) => ({ source: columns.indexOf(name), name }));
  const { select, checks, generateIdentity } = await rowsToWrite(ctx, table, snapshot, `SELECT * FROM ${source}`, sources, kept);
  const result = await table.append(ctx.conn, select, { operation: OPERATION, operationParameters: { files: JSON.stringify(files) }, mergeSchema, checks, generateIdentity });
  return answer(result.numRecords);
}

/** the files COPY INTO commits of the table loaded, by absolute path */
async function loadedFiles(table: DeltaTable): Promise<Set<string>> {
  const loaded = new Set<string>();
  for (const commit of await table.history()) {
    const files = commit.operation === OPERATION ? commit.operationParameters?.files : undefined;
    if (typeof files === "string") for (const file of JSON.parse(files) as string[]) loaded.add(file);
  }
  return loaded;
}

/** the folder's files COPY INTO reads: FILES' names, else every file whose name PATTERN's glob matches (all without one), hidden ones left out */
function sourceFiles(folder: string, s: CopyInto): string[] {
  if (s.files) return s.files.map((name) => path.resolve(folder, name)).filter((file) => file.startsWith(folder + path.sep) && statSync(file, { throwIfNoEntry: false })?.isFile());
  const pattern = s.pattern === undefined ? undefined : globPattern(s.pattern);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && (!pattern || pattern.test(path.relative(folder, file)))) out.push(file);
    }
  };
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw sqlErrors.pathNotFound(folder);
  walk(folder);
  return out;
}

/** a Hadoop glob (`*`, `?`, `[…]`, `{a,b}`) as a regular expression over a file's path under the folder */
function globPattern(glob: string): RegExp {
  let out = "";
  for (let k = 0; k < glob.length; k++) {
    const ch = glob[k];
    if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "{") out += "(?:";
    else if (ch === "}") out += ")";
    else if (ch === "," && out.includes("(?:")) out += "|";
    else if (ch === "[") {
      const end = glob.indexOf("]", k);
      out += end < 0 ? "\\[" : `[${glob.slice(k + 1, end).replace(/^!/, "^")}]`;
      if (end >= 0) k = end;
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/** the files read as DuckDB reads their format, with Spark's options: CSV's header (off by default), sep and inferSchema (off: every column a STRING) */
async function sourceRelation(ctx: StatementContext, format: string, files: string[], options: Record<string, string>): Promise<string> {
  const list = `[${files.map(quoteString).join(", ")}]`;
  if (format === "PARQUET") return `read_parquet(${list}, union_by_name = true)`;
  if (format === "JSON") return `read_json(${list}, format = ${options.multiline === "true" ? "'array'" : "'newline_delimited'"}, union_by_name = true)`;
  const header = options.header === "true";
  const delimiter = options.sep ?? options.delimiter ?? ",";
  const csv = `read_csv(${list}, header = ${header}, delim = ${quoteString(delimiter)}, all_varchar = ${options.inferschema !== "true"}, union_by_name = ${header})`;
  if (header) return csv;
  // without a header Spark names the columns _c0, _c1, …
  const columns = await describeQuery(ctx.conn, `SELECT * FROM ${csv}`);
  return `(SELECT ${columns.map((c, k) => `${quoteIdent(c.name)} AS ${quoteIdent(`_c${k}`)}`).join(", ")} FROM ${csv})`;
}

const lowerKeys = (options: Record<string, string>) => Object.fromEntries(Object.entries(options).map(([k, v]) => [k.toLowerCase(), v.toLowerCase() === "true" || v.toLowerCase() === "false" ? v.toLowerCase() : v]));
