/**
 * The comparisons Spark makes of a simple CASE and of nullif, written out before translation so that each is typed as any
 * other comparison is: a string beside a number promoted as ANSI mode promotes it (sql/string-number-comparisons.ts), where
 * DuckDB cast the string '6.9' of `CASE s WHEN 7` or `nullif(s, 7)` to 7 and found it equal. A part of more than one token is
 * written in parentheses.
 */
import { Cursor } from "./cursor.js";
import { argBody, splitArgs } from "./call.js";
import { copied } from "./promotions.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

/**
 * `CASE x WHEN a THEN … WHEN b THEN … END` as Spark's parser makes it (CaseKeyWhen): the searched CASE of `x = a`, `x = b`,
 * x written in each comparison, as Spark evaluates it in each
 */
export function caseKeyComparisons(tokens: Token[]): Token[] {
  let out = tokens;
  // from the last CASE back: one nested in another's key or branches is written first, and the outer one copies it so
  for (let k = out.length - 1; k >= 0; k--) {
    if (!isWord(out[k], "CASE") || isWord(out[k + 1], "WHEN")) continue;
    const parts = caseParts(out, k);
    if (!parts || parts.whens[0] === k + 1) continue;
    const key = out.slice(k + 1, parts.whens[0]);
    const written: Token[] = [out[k]];
    for (const [i, when] of parts.whens.entries()) {
      const then = parts.thens[i];
      const pos = out[when].pos;
      const value = out.slice(when + 1, then);
      written.push(out[when], ...enclosed(copied(key), pos), madeToken("op", "=", pos), ...enclosed(value, pos));
      written.push(...out.slice(then, parts.whens[i + 1] ?? parts.otherwise ?? parts.end));
    }
    out = [...out.slice(0, k), ...written, ...out.slice(parts.otherwise ?? parts.end)];
  }
  return out;
}

/** a CASE's WHENs and THENs at its own level, its ELSE if it has one, and its END */
export interface CaseParts {
  whens: number[];
  thens: number[];
  otherwise?: number;
  end: number;
}

/** the parts of the CASE at `k`; undefined where its WHENs and THENs do not pair up or it has no END */
export function caseParts(tokens: Token[], k: number): CaseParts | undefined {
  const whens: number[] = [];
  const thens: number[] = [];
  let otherwise: number | undefined;
  let depth = 0;
  for (let at = k + 1; at < tokens.length; at++) {
    const t = tokens[at];
    if (isOp(t, "(") || isOp(t, "[") || isWord(t, "CASE")) depth++;
    else if (isOp(t, ")") || isOp(t, "]")) depth--;
    else if (isWord(t, "END") && depth > 0) depth--;
    else if (depth === 0 && otherwise === undefined && isWord(t, "WHEN")) whens.push(at);
    else if (depth === 0 && otherwise === undefined && isWord(t, "THEN")) thens.push(at);
    else if (depth === 0 && otherwise === undefined && isWord(t, "ELSE")) otherwise = at;
    else if (depth === 0 && isWord(t, "END")) {
      const paired = whens.length > 0 && whens.length === thens.length && whens.every((when, i) => when < thens[i] && (i === 0 || thens[i - 1] < when));
      return paired ? { whens, thens, otherwise, end: at } : undefined;
    }
    if (depth < 0) return undefined;
  }
  return undefined;
}

const enclosed = (part: Token[], pos: number): Token[] => (part.length === 1 ? part : [madeToken("op", "(", pos), ...part, madeToken("op", ")", pos)]);

/**
 * `nullif(a, b)` as spark_nullif(a, b, a = b) (engine/spark-functions.ts): NULL where the comparison holds, else a, of a's type,
 * as Spark's NullIf is If(a = b, NULL, a)
 */
export function nullifComparisons(tokens: Token[]): Token[] {
  let out = tokens;
  for (let k = out.length - 1; k >= 0; k--) {
    if (!isWord(out[k], "NULLIF") || !isOp(out[k + 1], "(") || isOp(out[k - 1], ".")) continue;
    const close = Cursor.closingParen(out, k + 1);
    if (close < 0) continue;
    const args = splitArgs(out.slice(k + 2, close)).map(argBody);
    if (args.length !== 2 || args.some((arg) => arg.length === 0)) continue;
    const pos = out[k].pos;
    const [a, b] = args;
    const comma = () => madeToken("op", ",", pos);
    const call = [madeToken("ident", "spark_nullif", pos), out[k + 1], ...a, comma(), ...b, comma(), ...enclosed(copied(a), pos), madeToken("op", "=", pos), ...enclosed(copied(b), pos), out[close]];
    out = [...out.slice(0, k), ...call, ...out.slice(close + 1)];
  }
  return out;
}
