/**
 * The Spark SQL the service sends for explore and preview, and how it reads the answers. Every
 * name is quoted with backticks (a backtick inside doubled), so no table or column name can change
 * a statement's meaning.
 */
import type { SqlResult } from "./client.js";
import { parseDdlType, type SparkType } from "./spark-types.js";

export interface TableName {
  catalog?: string;
  database: string;
  table: string;
}

export function quoteIdentifier(name: string): string {
  return "`" + name.replace(/`/g, "``") + "`";
}

/** A Spark string literal: backslashes and quotes escaped (Spark unescapes backslash sequences in '…'), so no text can change a statement's meaning. */
export function quoteString(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

export function qualifiedName(name: TableName): string {
  return [name.catalog, name.database, name.table]
    .filter((p): p is string => p !== undefined)
    .map(quoteIdentifier)
    .join(".");
}

/**
 * A table path as clients write it: `table`, `database.table` or `catalog.database.table`, any
 * part quoted with backticks (a backtick inside doubled), as it must be when it holds a dot.
 * Missing parts come from the connection. undefined when the text is not such a path.
 * The one reader of table paths: validation, explore and runs must agree on what a name means.
 */
export function parseTablePath(path: string, defaults: { catalog?: string; database?: string }): TableName | undefined {
  const parts = splitPath(path.trim());
  if (!parts || parts.length > 3) return undefined;
  if (parts.length === 1) return defaults.database === undefined ? undefined : { catalog: defaults.catalog, database: defaults.database, table: parts[0] };
  if (parts.length === 2) return { catalog: defaults.catalog, database: parts[0], table: parts[1] };
  return { catalog: parts[0], database: parts[1], table: parts[2] };
}

/** The parts of a dotted path (backtick quoting as in table paths); undefined when one is empty or a quote is open. */
export function splitPath(text: string): string[] | undefined {
  const parts = splitParts(text);
  return parts && parts.length > 0 && parts.every((p) => p !== "") ? parts : undefined;
}

function splitParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "`") {
      const end = findClosingBacktick(text, i + 1);
      if (end < 0) return undefined;
      current += text.slice(i + 1, end).replace(/``/g, "`");
      i = end;
    } else if (c === ".") {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function findClosingBacktick(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== "`") continue;
    if (text[i + 1] === "`") {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** The path clients see: parts joined by dots, backtick-quoted only where needed. */
export function formatTablePath(name: TableName, withCatalog: boolean): string {
  return formatPath([withCatalog ? name.catalog : undefined, name.database, name.table].filter((p): p is string => p !== undefined));
}

/** Any dotted path (a catalog, catalog.schema) written as table paths are. */
export function formatPath(parts: readonly string[]): string {
  return parts.map((p) => (/^[A-Za-z0-9_-]+$/.test(p) ? p : quoteIdentifier(p))).join(".");
}

export const showTables = (database: { catalog?: string; database: string }): string =>
  `SHOW TABLES IN ${[database.catalog, database.database].filter((p): p is string => p !== undefined).map(quoteIdentifier).join(".")}`;
export const describeTable = (name: TableName): string => `DESCRIBE TABLE ${qualifiedName(name)}`;
export const describeDetail = (name: TableName): string => `DESCRIBE DETAIL ${qualifiedName(name)}`;
export const selectPreview = (name: TableName, limit: number): string => `SELECT * FROM ${qualifiedName(name)} LIMIT ${Math.max(0, Math.floor(limit))}`;

export interface DescribedColumn {
  name: string;
  /** as DESCRIBE prints it, e.g. decimal(38,18) */
  dataType: string;
  type: SparkType;
  comment?: string;
}

/** The columns of a DESCRIBE TABLE answer: the rows before the first blank or `#` section row. */
export function readDescribedColumns(result: SqlResult): DescribedColumn[] {
  const columns: DescribedColumn[] = [];
  for (const [name, dataType, comment] of result.rows) {
    if (typeof name !== "string" || name === "" || name.startsWith("#")) break;
    const text = String(dataType ?? "string");
    let type: SparkType;
    try {
      type = parseDdlType(text);
    } catch {
      type = { kind: "primitive", name: "string" };
    }
    columns.push({ name, dataType: text, type, ...(typeof comment === "string" && comment !== "" ? { comment } : {}) });
  }
  return columns;
}

/** The table properties of a DESCRIBE DETAIL answer (its `properties` map). */
export function readTableProperties(result: SqlResult): Record<string, string> {
  const index = result.schema.findIndex((c) => c.name === "properties");
  const value = index >= 0 ? result.rows[0]?.[index] : undefined;
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** The table names of a SHOW TABLES answer (column `tableName`), temporary views left out. */
export function readTableNames(result: SqlResult): string[] {
  const nameAt = result.schema.findIndex((c) => c.name === "tableName");
  const tempAt = result.schema.findIndex((c) => c.name === "isTemporary");
  return result.rows.filter((r) => tempAt < 0 || r[tempAt] !== true).map((r) => String(r[nameAt < 0 ? 1 : nameAt]));
}
