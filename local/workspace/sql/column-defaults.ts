/**
 * Column DEFAULT values as Spark keeps them in a Delta table's schema: the expression's text in the field's CURRENT_DEFAULT (what a
 * write that leaves the column out puts there) and EXISTS_DEFAULT; and the `DEFAULT` word a VALUES row writes for one.
 */
import type { SparkField } from "./spark-types.js";
import type { Tokens } from "./statements.js";
import { isOp, isWord, tokenize, type Token } from "./tokenizer.js";

export const CURRENT_DEFAULT = "CURRENT_DEFAULT";
export const EXISTS_DEFAULT = "EXISTS_DEFAULT";

/** the column's DEFAULT expression as written, if it has one */
export function defaultOf(field: SparkField): string | undefined {
  const text = field.metadata[CURRENT_DEFAULT];
  return typeof text === "string" ? text : undefined;
}

/**
 * A VALUES query with each value that is the word DEFAULT replaced by the default of the column it goes into (`defaultFor(k)` for
 * the k-th value of a row: the expression's text, or NULL for a column without one); any other query as it is.
 */
export function withDefaultValues(query: Tokens, defaultFor: (k: number) => string | undefined): Tokens {
  if (!isWord(query[0], "VALUES")) return query;
  const out: Token[] = [];
  let depth = 0;
  let column = 0;
  for (let i = 0; i < query.length; i++) {
    const t = query[i];
    if (isOp(t, "(") && depth++ === 0) column = 0;
    else if (isOp(t, ")")) depth--;
    else if (isOp(t, ",") && depth === 1) column++;
    const alone = depth === 1 && isWord(t, "DEFAULT") && (isOp(query[i - 1], "(") || isOp(query[i - 1], ",")) && (isOp(query[i + 1], ",") || isOp(query[i + 1], ")"));
    if (!alone) {
      out.push(t);
      continue;
    }
    const text = defaultFor(column);
    const value = text === undefined ? [{ ...t, value: "NULL" }] : tokenize(text).filter((d) => d.kind !== "eof").map((d) => ({ ...d, pos: t.pos }));
    out.push({ ...t, kind: "op", value: "(" }, ...value, { ...t, kind: "op", value: ")" });
  }
  return out;
}
