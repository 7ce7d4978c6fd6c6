/**
 * A Delta Sharing window's late rows are the rows of the files added since the flow's last
 * ingested version less those of the files removed since (sharing-read.ts). The removed files
 * are read with that earlier version's columns: this lines them up with the pinned version's, as
 * the cluster path does (late-row-columns.ts) — a column under its own name, a column renamed
 * since under its old one (the protocol gives no history, but a table with column mapping keeps
 * each column's id across a rename), and a column added since as a NULL of its type.
 */
import { columnId, parseSchemaString, quoteIdent } from "../delta/index.js";

export interface NamedColumn {
  name: string;
  /** DuckDB's type of the column */
  type: string;
}

/**
 * The SELECT list that reads the earlier version's relation as the pinned version's columns:
 * `pinned` in order, each from `earlierNames` by column-mapping id where both versions have them,
 * else by name (case-insensitive, as Spark's names are); NULL when it is not there.
 */
export function earlierProjection(pinned: readonly NamedColumn[], earlierNames: readonly string[], schemas: { pinned: string; earlier: string }): string {
  const earlierByName = new Map(earlierNames.map((name) => [name.toLowerCase(), name]));
  const pinnedIds = topLevelIds(schemas.pinned);
  const earlierById = new Map([...topLevelIds(schemas.earlier)].map(([name, id]) => [id, name]));
  return pinned
    .map(({ name, type }) => {
      const id = pinnedIds.get(name.toLowerCase());
      // with ids on both sides the id decides: a new column may have taken a renamed one's name
      const earlier = id !== undefined && earlierById.size > 0 ? earlierById.get(id) : earlierByName.get(name.toLowerCase());
      return earlier !== undefined && earlierByName.has(earlier.toLowerCase()) ? `${quoteIdent(earlier)} AS ${quoteIdent(name)}` : `CAST(NULL AS ${type}) AS ${quoteIdent(name)}`;
    })
    .join(", ");
}

/** The column-mapping id of each top-level column, by its lower-cased name (none without column mapping). */
function topLevelIds(schemaString: string): Map<string, number> {
  const ids = new Map<string, number>();
  for (const field of parseSchemaString(schemaString).fields) {
    const id = columnId(field);
    if (id !== undefined) ids.set(field.name.toLowerCase(), id);
  }
  return ids;
}
