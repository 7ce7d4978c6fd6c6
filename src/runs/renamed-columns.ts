/**
 * What a table's history (DESCRIBE HISTORY) says of its top-level columns between two versions:
 * RENAME COLUMN (operationParameters oldColumnPath, newColumnPath), ADD COLUMNS (columns: JSON of
 * `[{"column": {"name": …}}]`) and DROP COLUMN(S) (columns: JSON of names), as Delta records them.
 * A nested field's path (`s.x`) is not a column of its own and is left out.
 */
import type { SqlResult } from "../databricks/client.js";
import type { JsonValue } from "../databricks/result-values.js";
import { commitsBetween, parsedJson } from "./table-history.js";

/**
 * The columns renamed or added after version `from` up to `to`, by their name at `to` (lower
 * case): the name each had at `from`, or null when it did not exist then (added, or added again
 * after a drop or a rename of its name).
 */
export function renamesSince(history: SqlResult, from: number, to: number): Map<string, string | null> {
  const origin = new Map<string, string | null>();
  for (const { operation, parameters } of commitsBetween(history, from, to)) {
    if (operation === "RENAME COLUMN") {
      const [oldName, newName] = [topLevelName(parameters.oldColumnPath), topLevelName(parameters.newColumnPath)];
      if (oldName === undefined || newName === undefined) continue;
      const was = origin.has(oldName.toLowerCase()) ? origin.get(oldName.toLowerCase())! : oldName;
      origin.delete(oldName.toLowerCase());
      origin.set(newName.toLowerCase(), was);
    } else if (operation === "ADD COLUMNS") {
      for (const added of jsonArray(parameters.columns)) {
        const name = topLevelName(typeof added === "object" && added !== null && !Array.isArray(added) ? (added.column as { name?: JsonValue } | undefined)?.name : undefined);
        if (name !== undefined) origin.set(name.toLowerCase(), null);
      }
    } else if (operation === "DROP COLUMN" || operation === "DROP COLUMNS") {
      for (const dropped of jsonArray(parameters.columns)) {
        const name = topLevelName(dropped);
        if (name !== undefined) origin.delete(name.toLowerCase());
      }
    }
  }
  return origin;
}

/** The first rename of `column` (its name at some version up to `to`) after it, or undefined: the name it has at `to`. */
export function renamedTo(history: SqlResult, column: string, to: number): { name: string; version: number } | undefined {
  let current = column;
  let renamed: { name: string; version: number } | undefined;
  for (const { version, operation, parameters } of commitsBetween(history, -1, to)) {
    if (operation !== "RENAME COLUMN" || topLevelName(parameters.oldColumnPath)?.toLowerCase() !== current.toLowerCase()) continue;
    const newName = topLevelName(parameters.newColumnPath);
    if (newName === undefined) return undefined;
    current = newName;
    renamed = { name: newName, version };
  }
  return renamed && renamed.name.toLowerCase() !== column.toLowerCase() ? renamed : undefined;
}

function jsonArray(value: JsonValue | undefined): JsonValue[] {
  const parsed = typeof value === "string" ? parsedJson(value) : value;
  return Array.isArray(parsed) ? parsed : [];
}

/** A column path's top-level column (`a`, or `` `a.b` `` quoted), or undefined for a nested field's path (`s.x`). */
function topLevelName(path: JsonValue | undefined): string | undefined {
  if (typeof path !== "string" || path === "") return undefined;
  const quoted = /^`((?:[^`]|``)*)`$/.exec(path);
  if (quoted) return quoted[1].replaceAll("``", "`");
  return path.includes(".") || path.includes("`") ? undefined : path;
}
