/**
 * Named parameter markers (`:name`), bound to the `parameters` of a Statement Execution request: each
 * marker becomes a literal of its parameter's type, so the value is never read as SQL. A STRING is a
 * string literal, any other type a cast of the value's text, `CAST('5' AS INT)`, which fails as that
 * cast fails when the text is no such value; an omitted value is NULL of the type.
 *
 * A colon is a marker where an operand may begin (`WHERE id = :id`, `LIMIT :n`, `IDENTIFIER(:t)`), not
 * after one, where Spark reads it as something else (`STRUCT<a: INT>`).
 */
import { SqlError } from "../errors.js";
import { endsOperandAt } from "./operand-words.js";
import { isOp, isWord, madeToken, tokenize, type Token } from "./tokenizer.js";

/** a request's parameter: its value as text (null for NULL) and its Spark type, STRING when the request names none */
export interface StatementParameter {
  name: string;
  value: string | null;
  type: string;
}

export function bindParameterMarkers(tokens: Token[], parameters: readonly StatementParameter[]): Token[] {
  const byName = new Map(parameters.map((p) => [p.name, p]));
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const name = tokens[k + 1];
    const isMarker = isOp(tokens[k], ":") && (name?.kind === "ident" || name?.kind === "qident") && beginsOperand(tokens, k);
    if (!isMarker) {
      out.push(tokens[k]);
      continue;
    }
    const parameter = byName.get(name.value);
    if (!parameter) throw unboundParameter(name.value);
    out.push(...literalOf(parameter, tokens[k].pos));
    k++;
  }
  return out;
}

/** whether an operand may begin at `k`: no operand ends just before it (a keyword, an operator, "(" or ","), or it follows BY */
function beginsOperand(tokens: readonly Token[], k: number): boolean {
  return k === 0 || !endsOperandAt(tokens, k - 1) || isWord(tokens[k - 1], "BY");
}

function literalOf(parameter: StatementParameter, pos: number): Token[] {
  const isString = /^\s*STRING\s*$/i.test(parameter.type);
  if (isString && parameter.value !== null) return [madeToken("string", parameter.value, pos)];
  const value = parameter.value === null ? madeToken("ident", "NULL", pos) : madeToken("string", parameter.value, pos);
  const type = tokenize(parameter.type).filter((t) => t.kind !== "eof").map((t) => ({ ...t, pos }));
  return [madeToken("ident", "CAST", pos), madeToken("op", "(", pos), value, madeToken("ident", "AS", pos), ...type, madeToken("op", ")", pos)];
}

function unboundParameter(name: string): SqlError {
  return new SqlError(
    "org.apache.spark.sql.AnalysisException",
    "UNBOUND_SQL_PARAMETER",
    `Found the unbound parameter: ${name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`. SQLSTATE: 42P02`,
  );
}
