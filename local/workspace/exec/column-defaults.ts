/**
 * Column DEFAULT values in writes: the DuckDB SQL of each column's default, which INSERT puts into the columns it leaves out (and
 * the `DEFAULT` word of a VALUES row), as MERGE's INSERT does.
 */
import { defaultOf } from "../sql/column-defaults.js";
import type { SparkField } from "../sql/spark-types.js";
import { tokenize } from "../sql/tokenizer.js";
import type { StatementContext } from "./context.js";
import { translate } from "./resolve.js";

/** column name → the DuckDB SQL of its default (as the expression types it: a write casts it as any value it stores) */
export async function columnDefaults(ctx: StatementContext, fields: readonly SparkField[]): Promise<Map<string, string>> {
  const defaults = new Map<string, string>();
  for (const field of fields) {
    const text = defaultOf(field);
    if (text !== undefined) defaults.set(field.name, await translate(ctx, tokenize(text), (e) => `SELECT ${e}`));
  }
  return defaults;
}
