/**
 * Column DEFAULT values as Spark keeps them in a Delta table's schema: the expression's text in the field's CURRENT_DEFAULT (what a
 * write that leaves the column out puts there) and EXISTS_DEFAULT; and the `DEFAULT` word a VALUES row writes for one.
 */
import type { SparkField } from "./spark-types.js";
import type { Tokens } from "./statements.js";
import { isOp, isWord, tokenize, type Token } from "./tokenizer.js";
import { GENERATION_EXPRESSION } from "../../../src/delta/generated-columns.js";
import { IDENTITY_START } from "../../../src/delta/identity-columns.js";

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

/**
 * A value assigned to a column (UPDATE SET, MERGE's SET and INSERT VALUES) with the lone word DEFAULT replaced by the column's
 * default (NULL for a column without one); undefined where DEFAULT names a generated or identity column's value, which the write
 * computes.
 */
export function assignedValue(value: Tokens, field: SparkField): Tokens | undefined {
  if (!(value.length === 2 && isWord(value[0], "DEFAULT") && value[1].kind === "eof")) return value;
  if (field.metadata[GENERATION_EXPRESSION] !== undefined || field.metadata[IDENTITY_START] !== undefined) return undefined;
  const text = defaultOf(field) ?? "NULL";
  return tokenize(text).map((t) => ({ ...t, pos: value[0].pos }));
}
