/**
 * `x [NOT] LIKE ANY (p1, p2, …)`, `LIKE SOME`, `LIKE ALL` and their ILIKE forms, Spark's quantified LIKE, which DuckDB cannot
 * parse: written as each pattern's LIKE on its own, joined by OR (ANY, SOME) or AND (ALL), `(x LIKE p1 OR x LIKE p2)`; NOT
 * applies to each (`x NOT LIKE ANY (…)` holds where x fails any pattern). Three-valued as Spark's: a NULL where no pattern
 * decides. x is copied into each, so it must be a clear operand (a name, a call, a parenthesis); another is left as written,
 * for DuckDB to refuse.
 */
import { Cursor } from "./cursor.js";
import { operandStart } from "./ansi-division.js";
import { splitArgs, argBody } from "./call.js";
import { copied } from "./promotions.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

const QUANTIFIERS: Readonly<Record<string, string>> = { ANY: "OR", SOME: "OR", ALL: "AND" };

export function likeQuantifiers(tokens: Token[]): Token[] {
  let out = tokens;
  for (let k = out.length - 1; k >= 0; k--) {
    const like = out[k];
    const joiner = QUANTIFIERS[isWord(like, "LIKE") || isWord(like, "ILIKE") ? (out[k + 1]?.value ?? "").toUpperCase() : ""];
    if (!joiner || out[k + 1]?.kind !== "ident" || !isOp(out[k + 2], "(")) continue;
    const close = Cursor.closingParen(out, k + 2);
    const not = isWord(out[k - 1], "NOT");
    const end = not ? k - 2 : k - 1;
    const start = operandStart(out, end);
    if (close < 0 || start < 0) continue;
    const x = out.slice(start, end + 1);
    const patterns = splitArgs(out.slice(k + 3, close)).map(argBody);
    if (patterns.some((p) => p.length === 0)) continue;
    const pos = like.pos;
    const each = patterns.flatMap((pattern, i) => [
      ...(i > 0 ? [madeToken("ident", joiner, pos)] : []),
      ...copied(x),
      ...(not ? [madeToken("ident", "NOT", pos)] : []),
      madeToken("ident", like.value, pos),
      ...pattern,
    ]);
    out = [...out.slice(0, start), madeToken("op", "(", pos), ...each, madeToken("op", ")", pos), ...out.slice(close + 1)];
    k = start;
  }
  return out;
}
