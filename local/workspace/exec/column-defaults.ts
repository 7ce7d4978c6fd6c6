/**
 * Column DEFAULT values in writes: the DuckDB SQL of each column's default, which INSERT puts into the columns it leaves out (and
 * the `DEFAULT` word of a VALUES row), as MERGE's INSERT does; and the check of a default CREATE TABLE or ALTER COLUMN gives.
 */
import { CURRENT_DEFAULT, defaultOf } from "../sql/column-defaults.js";
import type { SparkField } from "../sql/spark-types.js";
import { tokenize } from "../sql/tokenizer.js";
import type { StatementContext } from "./context.js";
import { translate } from "./resolve.js";
import { storedValue } from "./stored-values.js";
import { sqlErrors } from "../errors.js";

/** column name → the DuckDB SQL of its default (as the expression types it: a write casts it as any value it stores) */
export async function columnDefaults(ctx: StatementContext, fields: readonly SparkField[]): Promise<Map<string, string>> {
  const defaults = new Map<string, string>();
  for (const field of fields) {
    const text = defaultOf(field);
    if (text !== undefined) defaults.set(field.name, await translate(ctx, tokenize(text), (e) => `SELECT ${e}`));
  }
  return defaults;
}

/** a DEFAULT given to a column (`command` gives it) must be a value of the column's type that needs no row: a constant, or a function such as current_date() */
export async function checkDefaultValue(ctx: StatementContext, field: SparkField, text: string, command: string): Promise<void> {
  try {
    const [sql] = (await columnDefaults(ctx, [{ ...field, metadata: { [CURRENT_DEFAULT]: text } }])).values();
    await ctx.conn.runAndReadAll(`SELECT ${storedValue(sql, field)}`);
  } catch (e) {
    throw sqlErrors.invalidDefault(field.name, text, e instanceof Error ? e.message : String(e), command);
  }
}
