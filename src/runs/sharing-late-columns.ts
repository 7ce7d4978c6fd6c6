/**
 * A Delta Sharing window's late rows are the rows of the files added since the flow's last
 * ingested version less those of the files removed since (sharing-read.ts). The removed files
 * are read with that earlier version's columns: this lines them up with the pinned version's, as
 * the cluster path does (late-row-columns.ts) — a column under its own name, a column renamed
 * since under its old one (the protocol gives no history, but a table with column mapping keeps
 * each column's id across a rename), and a column added since as a NULL of its type; a column
 * whose type was widened since is cast to its pinned type, as the pinned version reads it, so a
 * row's text (late-rows-by-key.ts) is the same in both.
 */
import { columnId, parseSchemaString, quoteIdent } from "../delta/index.js";

export interface NamedColumn {
  name: string;
  /** DuckDB's type of the column */
  type: string;
}

/**
 * The SELECT list that reads the earlier version's relation as the pinned version's columns:
 * `pinned` in order, each from `earlierColumns` by column-mapping id where both versions have them,
 * else by name (case-insensitive, as Spark's names are), of the pinned type; NULL when it is not there.
 */
export function earlierProjection(pinned: readonly NamedColumn[], earlierColumns: readonly NamedColumn[], schemas: { pinned: string; earlier: string }): string {
  const earlierByName = new Map(earlierColumns.map((column) => [column.name.toLowerCase(), column]));
  const pinnedIds = topLevelIds(schemas.pinned);
  const earlierById = new Map([...topLevelIds(schemas.earlier)].map(([name, id]) => [id, name]));
  return pinned
    .map(({ name, type }) => {
      const id = pinnedIds.get(name.toLowerCase());
      // with ids on both sides the id decides: a new column may have taken a renamed one's name
      const earlierName = id !== undefined && earlierById.size > 0 ? earlierById.get(id) : name;
      const earlier = earlierName === undefined ? undefined : earlierByName.get(earlierName.toLowerCase());
      if (!earlier) return `CAST(NULL AS ${type}) AS ${quoteIdent(name)}`;
      const value = earlier.type === type ? quoteIdent(earlier.name) : `CAST(${quoteIdent(earlier.name)} AS ${type})`;
      return `${value} AS ${quoteIdent(name)}`;
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
