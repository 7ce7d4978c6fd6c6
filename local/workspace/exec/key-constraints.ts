/**
 * Informational PRIMARY KEY and FOREIGN KEY constraints, as Unity Catalog keeps them: declared in CREATE TABLE or added with ALTER
 * TABLE … ADD, checked against the columns (a primary key's must be NOT NULL, a foreign key must name the parent's primary key),
 * kept with the table's catalog entry and shown by DESCRIBE TABLE EXTENDED and SHOW CREATE TABLE, never enforced on the rows.
 * hive_metastore has none, as on Databricks.
 */
import { findField, type StructField } from "../../../src/delta/index.js";
import type { StoredKey, TableEntry } from "../catalog/metastore.js";
import { sqlErrors } from "../errors.js";
import { emptyResult, type TableResult } from "../results/table-result.js";
import type { KeyConstraint, Name } from "../sql/statements.js";
import type { StatementContext } from "./context.js";
import { display, qualify, resolveTable } from "./resolve.js";

const HIVE_METASTORE = "hive_metastore";

/** the table keys are declared on (its catalog entry, or the one CREATE TABLE is about to make): its names and the keys it has */
type KeyedTable = Pick<TableEntry, "catalog" | "schema" | "name" | "keys">;

/** the keys a table's definition declares, checked and named, as its entry keeps them */
export async function newKeys(ctx: StatementContext, table: Omit<KeyedTable, "keys">, fields: readonly StructField[], keys: readonly KeyConstraint[]): Promise<StoredKey[]> {
  const stored: StoredKey[] = [];
  for (const key of keys) stored.push(await storedKey(ctx, { ...table, keys: stored }, fields, key));
  return stored;
}

/** ALTER TABLE … ADD [CONSTRAINT name] PRIMARY KEY (…) | FOREIGN KEY (…) REFERENCES … */
export async function addKey(ctx: StatementContext, name: Name, key: KeyConstraint): Promise<TableResult> {
  const { metastore } = ctx.parts;
  return metastore.mutate(async () => {
    const { table, entry } = resolveTable(ctx, name);
    if (!entry) throw sqlErrors.unsupported("a PRIMARY KEY or FOREIGN KEY on a table outside the catalog (a delta.`path` table)");
    const fields = (await table.snapshot({})).schema.fields;
    const keys = entry.keys ?? [];
    metastore.updateTable(entry, { keys: [...keys, await storedKey(ctx, entry, fields, key)] });
    return emptyResult();
  });
}

/** ALTER TABLE … DROP PRIMARY KEY | DROP FOREIGN KEY (cols) [IF EXISTS] [RESTRICT | CASCADE] */
export async function dropKey(ctx: StatementContext, name: Name, which: "PRIMARY KEY" | { foreignKey: string[] }, ifExists: boolean, cascade: boolean): Promise<TableResult> {
  const { metastore } = ctx.parts;
  return metastore.mutate(async () => {
    const { entry, name: full } = resolveTable(ctx, name);
    const keys = entry?.keys ?? [];
    const dropped = keys.find((k) =>
      which === "PRIMARY KEY" ? k.kind === "PRIMARY KEY" : k.kind === "FOREIGN KEY" && sameNames(k.columns, which.foreignKey),
    );
    if (!dropped) {
      if (ifExists) return emptyResult();
      throw sqlErrors.keyNotFound(which === "PRIMARY KEY" ? "PRIMARY KEY" : `FOREIGN KEY (${which.foreignKey.join(", ")})`, full);
    }
    dropKeys(ctx, entry!, dropped, cascade);
    return emptyResult();
  });
}

/** DROP CONSTRAINT name of a key of the table: whether it named one (else it names a CHECK constraint) */
export function dropKeyNamed(ctx: StatementContext, entry: TableEntry | undefined, constraint: string): boolean {
  const key = entry?.keys && findField(entry.keys, constraint);
  if (!key) return false;
  dropKeys(ctx, entry!, key, false);
  return true;
}

/** the "# Constraints" rows of DESCRIBE TABLE EXTENDED: each key's name and definition */
export function keyRows(entry: TableEntry | undefined): [string, string, string][] {
  const keys = entry?.keys ?? [];
  return keys.length ? [["", "", ""], ["# Constraints", "", ""], ...keys.map((k): [string, string, string] => [k.name, keyDefinition(k), ""])] : [];
}

/** a key as CREATE TABLE declares it, after the columns: `CONSTRAINT name PRIMARY KEY (`a`, `b`)` */
export const keyClause = (key: StoredKey) => `CONSTRAINT ${quoted(key.name)} ${keyDefinition(key)}`;

function keyDefinition(key: StoredKey): string {
  const columns = (names: string[]) => `(${names.map(quoted).join(", ")})`;
  const rely = key.rely ? " RELY" : "";
  if (key.kind === "PRIMARY KEY") return `PRIMARY KEY ${columns(key.columns)}${rely}`;
  return `FOREIGN KEY ${columns(key.columns)} REFERENCES ${key.parent.map(quoted).join(".")} ${columns(key.parentColumns)}${rely}`;
}

const quoted = (name: string) => "`" + name.replaceAll("`", "``") + "`";
const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((n, k) => n.toLowerCase() === b[k].toLowerCase());

/** a key checked against the table's columns and its other keys, named (`<table>_pk`, `<table>_<parent>_fk` unless it has a name) */
async function storedKey(ctx: StatementContext, entry: KeyedTable, fields: readonly StructField[], key: KeyConstraint): Promise<StoredKey> {
  if (entry.catalog === HIVE_METASTORE) throw sqlErrors.keysNeedUnityCatalog(key.kind);
  const others = entry.keys ?? [];
  const table = [entry.catalog, entry.schema, entry.name];
  const columns = key.columns.map((c) => {
    const field = findField(fields, c);
    if (!field) throw sqlErrors.unresolvedColumn(c, table);
    return field;
  });
  const name = key.name ?? (key.kind === "PRIMARY KEY" ? `${entry.name}_pk` : `${entry.name}_${key.parent[key.parent.length - 1].toLowerCase()}_fk`);
  if (key.kind === "PRIMARY KEY" && others.some((k) => k.kind === "PRIMARY KEY")) throw sqlErrors.secondPrimaryKey(table);
  if (findField(others, name)) throw sqlErrors.constraintExists(name, table);
  if (key.kind === "PRIMARY KEY") {
    const nullable = columns.filter((f) => f.nullable);
    if (nullable.length) throw sqlErrors.primaryKeyNullable(name, nullable.map((f) => f.name));
    return { kind: "PRIMARY KEY", name, columns: columns.map((f) => f.name), rely: key.rely };
  }
  const parent = await parentKey(ctx, entry, key);
  if (!sameNames(key.parentColumns ?? parent.key.columns, parent.key.columns) || key.columns.length !== parent.key.columns.length) {
    throw sqlErrors.foreignKeyMismatch(name, key.columns, display(parent.name), parent.key.columns);
  }
  return { kind: "FOREIGN KEY", name, columns: columns.map((f) => f.name), parent: display(parent.name), parentColumns: parent.key.columns, rely: key.rely };
}

/** the primary key of the table a foreign key references (the table itself, for a key of a table being created) */
async function parentKey(ctx: StatementContext, child: KeyedTable, key: Extract<KeyConstraint, { kind: "FOREIGN KEY" }>) {
  const q = qualify(key.parent, ctx.session);
  const entry = ctx.parts.metastore.findTable(q.catalog, q.schema, q.table);
  if (!entry) throw sqlErrors.tableNotFound(display(q));
  const own = entry.catalog === child.catalog && entry.schema === child.schema && entry.name === child.name;
  const primary = (own ? child.keys : entry.keys)?.find((k) => k.kind === "PRIMARY KEY");
  if (!primary) throw sqlErrors.parentWithoutPrimaryKey(display(q));
  return { name: { catalog: entry.catalog, schema: entry.schema, table: entry.name }, key: primary };
}

/** a key dropped; a primary key other tables' foreign keys reference only with CASCADE, which drops those too */
function dropKeys(ctx: StatementContext, entry: TableEntry, key: StoredKey, cascade: boolean): void {
  const { metastore } = ctx.parts;
  const self = [entry.catalog, entry.schema, entry.name].join(".");
  const referencing = key.kind === "PRIMARY KEY" ? metastore.allTables().filter((t) => (t.keys ?? []).some((k) => k.kind === "FOREIGN KEY" && k.parent.join(".") === self)) : [];
  if (referencing.length && !cascade) throw sqlErrors.primaryKeyReferenced(key.name, referencing.map((t) => [t.catalog, t.schema, t.name].join(".")));
  for (const t of referencing) metastore.updateTable(t, { keys: (t.keys ?? []).filter((k) => !(k.kind === "FOREIGN KEY" && k.parent.join(".") === self)) });
  const current = metastore.findTable(entry.catalog, entry.schema, entry.name)!;
  metastore.updateTable(current, { keys: (current.keys ?? []).filter((k) => k.name !== key.name) });
}
