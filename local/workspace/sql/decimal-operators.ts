/**
 * `a * b`, `a / b` and `a % b` as Spark types and computes them over DECIMALs (engine/decimal-arithmetic.ts):
 * before translation, each whose operands are clear becomes spark_multiply(t, a, b),
 * spark_divide(t, a, b) or spark_remainder(t, a, b), t a NULL of the result's type that json_transform makes from spark_decimal_type
 * of the operands' DuckDB types, known when the query binds (so written here, where the operands are: a
 * macro's body is bound with its parameters unknown, and json_transform needs its type constant then),
 * and of the `p,s` Spark gives an operand that is a number literal: an integer literal as many digits as
 * it has (`price * 2` is DECIMAL(p + 2, s)), a decimal literal its significant digits (0.05 is
 * DECIMAL(2,2), where DuckDB reads DECIMAL(3,2)). From the left, so that `a * b * c` nests (each operand
 * is written twice, so a chain of n products writes the first 2^n times); an operator whose operands
 * are not clear stays DuckDB's.
 */
import { nothingBindsBefore, operandEnd } from "./ansi-division.js";
import { termStart } from "./concat-operator.js";
import { endsOperandAt } from "./operand-words.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";
import { splitArgs } from "./call.js";
import { Cursor } from "./cursor.js";

const OPERATORS: Readonly<Record<string, string>> = { "*": "spark_multiply", "/": "spark_divide", "%": "spark_remainder" };

/** try_divide and try_multiply, Spark's `/` and `*` answering NULL where they fail, by name (lower case): their operator and macro */
const TRY_CALLS: Readonly<Record<string, { op: string; macro: string }>> = {
  try_divide: { op: "/", macro: "spark_try_decimal_divide" },
  try_multiply: { op: "*", macro: "spark_try_decimal_multiply" },
};

/**
 * the tokens with each `*`, `/` and `%` whose operands are clear written as spark_multiply(t, a, b), spark_divide(t, a, b) or
 * spark_remainder(t, a, b), and each try_divide(a, b) and try_multiply(a, b) as spark_try_decimal_divide(t, a, b) and the like
 */
export function decimalOperators(tokens: Token[]): Token[] {
  const out = [...tokens];
  for (let k = 0; k < out.length; k++) {
    const op = out[k];
    const tried = op.kind === "ident" && isOp(out[k + 1], "(") && !isOp(out[k - 1], ".") ? TRY_CALLS[op.value.toLowerCase()] : undefined;
    if (tried) {
      const close = Cursor.matchParen(out, k + 1);
      const args = close < 0 ? [] : splitArgs(out.slice(k + 2, close)).map((arg) => arg.slice(0, -1));
      if (args.length !== 2 || args.some((arg) => arg.length === 0)) continue;
      out.splice(k, close + 1 - k, ...typedCall(tried.macro, tried.op, args[0], args[1], op.pos));
      // on within the arguments, whose operators are rewritten too
      k += 1;
      continue;
    }
    const macro = op.kind === "op" ? OPERATORS[op.value] : undefined;
    // `SELECT *`, `count(*)` and `t.*` are no products
    if (macro === undefined || !endsOperandAt(out, k - 1)) continue;
    const start = clearLeftStart(out, k - 1);
    const end = operandEnd(out, k + 1);
    if (start < 0 || end < 0) continue;
    const [left, right] = [out.slice(start, k), out.slice(k + 1, end + 1)];
    out.splice(start, end + 1 - start, ...typedCall(macro, op.value, left, right, op.pos));
    // on from the call's start: the operators inside the operands' copies are rewritten too
    k = start - 1;
  }
  return out;
}

/** macro(t, left, right), t a NULL of Spark's type of `left op right` (engine/decimal-arithmetic.ts) */
function typedCall(macro: string, op: string, left: Token[], right: Token[], pos: number): Token[] {
  const at = (kind: Token["kind"], value: string) => madeToken(kind, value, pos);
  const call = (name: string, ...args: Token[][]) => [at("ident", name), at("op", "("), ...args.flatMap((arg, n) => (n === 0 ? arg : [at("op", ","), ...arg])), at("op", ")")];
  // the operands' copies read for their types only, as tokens of their own (the translator keys some rewrites by token)
  const typeOf = (operand: Token[]) => call("spark_duckdb_type", operand.map((t) => ({ ...t })));
  const literal = (operand: Token[]) => [at("string", literalPrecisionScale(operand)?.join(",") ?? "")];
  const type = call("spark_decimal_type", [at("string", op)], typeOf(left), typeOf(right), literal(left), literal(right));
  return call(macro, call("json_transform", [at("string", "null")], type), left, right);
}

/** the first token of the left operand ending at `end` (a call with its OVER clause, an interval), when nothing before it binds to it; -1 otherwise */
function clearLeftStart(tokens: Token[], end: number): number {
  const start = termStart(tokens, end);
  return start >= 0 && nothingBindsBefore(tokens, start) && !endsOperandAt(tokens, start - 1) ? start : -1;
}

/**
 * Spark's `p,s` of an operand that is a number literal it widens to a DECIMAL by its digits: an integer (10, 7L, -3) has as many
 * digits as it is written with, without leading zeros; a decimal (0.05, 1.50BD) its significant digits, at least its scale.
 * undefined for anything else (a DOUBLE literal, 1e3, 2D, or no literal).
 */
function literalPrecisionScale(operand: Token[]): [number, number] | undefined {
  // a divisor in its zero guard (sql/ansi-division.ts), spark_divisor(3)
  const guarded = isWord(operand[0], "SPARK_DIVISOR") && isOp(operand[1], "(") && isOp(operand.at(-1), ")") ? operand.slice(2, -1) : operand;
  const number = guarded.filter((t) => !isOp(t, "-") && !isOp(t, "+"));
  const t = number[0];
  if (number.length !== 1 || t.kind !== "number" || /e/i.test(t.value)) return undefined;
  const [whole, fraction] = t.value.split(".");
  if (fraction === undefined) return ["", "L", "S", "Y"].includes(t.suffix) ? [whole.replace(/^0+(?=\d)/, "").length, 0] : undefined;
  if (!["", "BD"].includes(t.suffix)) return undefined;
  const significant = `${whole}${fraction}`.replace(/^0+/, "").length || 1;
  return [Math.max(significant, fraction.length), fraction.length];
}
