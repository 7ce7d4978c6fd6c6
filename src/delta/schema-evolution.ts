import type { DeltaType, Metadata, Protocol, Snapshot, StructField, StructType } from "./types.js";
import { type DuckType, duckTypeToString, parseDuckDbType } from "./duckdb-types.js";
import { findField, serializeSchema } from "./schema.js";
import { deltaTypeToDuckDb, duckTypeToDelta } from "./type-mapping.js";
import { assignColumnMapping, MAX_COLUMN_ID_KEY } from "./column-mapping.js";
import { deriveProtocol, protocolsEqual } from "./table-features.js";
import { DeltaErrors } from "./errors.js";

/** A column both sides have under different types, by its dotted path. */
export interface TypeDifference {
  path: string;
  tableType: string;
  incomingType: string;
}

export interface MergedSchema {
  schema: StructType;
  /** dotted paths of the columns added, top-level and nested */
  added: string[];
  differing: TypeDifference[];
}

/**
 * The table's schema with the columns of a query (as DuckDB describes them) it lacks added as nullable
 * columns: top-level ones after the table's, nested ones at the end of their struct (also inside arrays
 * and map values), each in the query's order. Names match case-insensitively, as Spark resolves them;
 * nothing of the table's own columns changes: a type that differs is only reported.
 */
export function mergeSchemas(table: StructType, columns: readonly { name: string; type: DuckType }[]): MergedSchema {
  const added: string[] = [];
  const differing: TypeDifference[] = [];
  const mergeStruct = (base: StructType, extra: readonly { name: string; type: DuckType }[], prefix: string): StructType => {
    const fields: StructField[] = base.fields.map((field) => {
      const other = findField([...extra], field.name);
      return other ? { ...field, type: mergeType(field.type, other.type, prefix + field.name) } : field;
    });
    for (const column of extra) {
      if (findField(base.fields, column.name)) continue;
      fields.push({ name: column.name, type: deltaTypeOf(column.type), nullable: true, metadata: {} });
      added.push(prefix + column.name);
    }
    return { type: "struct", fields };
  };
  const mergeType = (base: DeltaType, extra: DuckType, path: string): DeltaType => {
    if (typeof base !== "string") {
      if (base.type === "struct" && extra.kind === "struct") return mergeStruct(base, extra.fields, `${path}.`);
      if (base.type === "array" && (extra.kind === "list" || extra.kind === "array")) return { ...base, elementType: mergeType(base.elementType, extra.element, `${path}[]`) };
      if (base.type === "map" && extra.kind === "map") return { ...base, valueType: mergeType(base.valueType, extra.value, `${path}.value`) };
    } else if (extra.kind === "primitive") {
      const incomingType = deltaPrimitive(extra);
      // a type with no Delta name (NULL, INTERVAL, …) is left to the cast to the table's type
      if (incomingType && incomingType !== base.toLowerCase().replace(/\s+/g, "")) differing.push({ path, tableType: base, incomingType });
    }
    return base;
  };
  return { schema: mergeStruct(table, columns, ""), added, differing };
}

/** A type with no Delta name keeps DuckDB's, for whoever writes the schema to refuse (deltaTypeToDuckDb). */
function deltaTypeOf(type: DuckType): DeltaType {
  try {
    return duckTypeToDelta(type);
  } catch {
    return duckTypeToString(type);
  }
}

function deltaPrimitive(type: DuckType): string | undefined {
  try {
    const delta = duckTypeToDelta(type);
    return typeof delta === "string" ? delta.toLowerCase().replace(/\s+/g, "") : undefined;
  } catch {
    return undefined;
  }
}

const INTEGER_WIDTHS: Record<string, number> = { byte: 1, short: 2, integer: 4, long: 8 };

/** A wider integer type: what Delta calls type widening, which needs the typeWidening table feature. */
export function isIntegerWidening({ tableType, incomingType }: TypeDifference): boolean {
  const [from, to] = [INTEGER_WIDTHS[tableType], INTEGER_WIDTHS[incomingType]];
  return from !== undefined && to !== undefined && to > from;
}

/** The columns an append adds to its table: the schema to write and commit, and the column mapping's new high-water id. */
export interface Evolution {
  schema: StructType;
  maxColumnId?: number;
}

/**
 * The append's schema after a part with these columns: `current` (the table's, or what earlier parts
 * added) with the columns it lacks added; undefined when nothing is added. A wider integer type is
 * refused: Delta records that as a type change (the typeWidening feature), which this writer does not make.
 */
export function evolveSchema(table: Pick<Snapshot, "schema" | "columnMappingMode" | "properties">, current: Evolution | undefined, columns: readonly { name: string; type: DuckType }[]): Evolution | undefined {
  const merged = mergeSchemas(current?.schema ?? table.schema, columns);
  const widened = merged.differing.find(isIntegerWidening);
  if (widened) {
    throw DeltaErrors.schemaMismatch(
      `column ${widened.path} is ${widened.incomingType} in the query but ${widened.tableType} in the table: widening a column's type needs the typeWidening table feature, which this writer does not add`,
    );
  }
  if (merged.added.length === 0) return current;
  deltaTypeToDuckDb(merged.schema); // every new column's type must be one the table can hold
  if (table.columnMappingMode === "none") return { schema: merged.schema };
  const mapped = assignColumnMapping(merged.schema, current?.maxColumnId ?? Number(table.properties[MAX_COLUMN_ID_KEY] ?? 0));
  return { schema: mapped.schema, maxColumnId: mapped.maxColumnId };
}

/**
 * The append's added columns on top of the table as another writer left it (which only added columns,
 * conflicts.ts): the same columns added to its schema, or a conflict when that writer added one of
 * them under another type, or when the table maps columns (our files name theirs by ids and physical
 * names the winner may have given other columns).
 */
export function rebaseEvolution(root: string, evolution: Evolution, latest: Snapshot): Evolution | undefined {
  if (latest.columnMappingMode !== "none") {
    throw DeltaErrors.concurrentModification(root, `another writer changed the schema of a column-mapped table (version ${latest.version}) while this append added columns; retry the operation`);
  }
  const columns = evolution.schema.fields.map((f) => ({ name: f.name, type: parseDuckDbType(deltaTypeToDuckDb(f.type)) }));
  const merged = mergeSchemas(latest.schema, columns);
  const [different] = merged.differing;
  if (different) {
    throw DeltaErrors.concurrentModification(root, `another writer added column ${different.path} as ${different.tableType} (version ${latest.version}) while this append added it as ${different.incomingType}; retry the operation`);
  }
  return merged.added.length ? { schema: merged.schema } : undefined;
}

/** The metaData action (and protocol, when a new column's type needs a feature) committing an evolution. */
export function evolvedTableActions(snapshot: Snapshot, evolution: Evolution): { metadata: Metadata; protocol?: Protocol } {
  const configuration = { ...snapshot.metadata.configuration };
  if (evolution.maxColumnId !== undefined) configuration[MAX_COLUMN_ID_KEY] = String(evolution.maxColumnId);
  const metadata: Metadata = { ...snapshot.metadata, schemaString: serializeSchema(evolution.schema), configuration };
  const { protocol } = deriveProtocol(configuration, evolution.schema, snapshot.protocol);
  return protocolsEqual(protocol, snapshot.protocol) ? { metadata } : { metadata, protocol };
}
