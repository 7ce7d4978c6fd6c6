/**
 * assert_true(condition [, message]): NULL where the condition holds, else Spark's USER_RAISED_EXCEPTION with the message, by default
 * `'<condition>' is not true!` (the condition as written, as Spark's simpleString writes it: an operation at its top in parentheses,
 * a string literal without its quotes).
 * Before the other passes read the condition, assert_true(c) is written spark_assert_true_of(c, '<default message>') and
 * assert_true(c, m) spark_assert_true(c, m) (engine/spark-functions.ts); a column is named assert_true(c) (sql/subscripts.ts).
 */
import { argumentSpans } from "./promotions.js";
import { sparkSqlText } from "./spark-sql-text.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

export function assertTrueCalls(tokens: Token[]): Token[] {
  if (!tokens.some((t) => isWord(t, "ASSERT_TRUE"))) return tokens;
  const out = [...tokens];
  for (let k = out.length - 1; k >= 0; k--) {
    const spans = isWord(out[k], "ASSERT_TRUE") ? argumentSpans(out, k) : undefined;
    if (!spans || spans.length < 1 || spans.length > 2) continue;
    if (spans.length === 2) {
      out[k] = madeToken("ident", "spark_assert_true", out[k].pos);
      continue;
    }
    const condition = out.slice(spans[0].start, spans[0].end + 1);
    const message = madeToken("string", `'${conditionText(condition)}' is not true!`, out[k].pos);
    out.splice(spans[0].end + 1, 0, madeToken("op", ",", out[k].pos), message);
    out[k] = madeToken("ident", "spark_assert_true_of", out[k].pos);
  }
  return out;
}

function conditionText(condition: Token[]): string {
  let depth = 0;
  const operation = condition.some((t) => {
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")")) depth--;
    return depth === 0 && ((t.kind === "op" && !["(", ")", ".", "[", "]"].includes(t.value)) || ["AND", "OR", "IS", "LIKE", "IN", "BETWEEN", "NOT"].some((w) => isWord(t, w)));
  });
  // a string literal as its value, as Spark's simpleString writes it
  const text = sparkSqlText(condition.map((t) => (t.kind === "string" ? madeToken("ident", t.value, t.pos) : t)));
  return operation ? `(${text})` : text;
}
