/** rlike(s, r) and regexp(s, r), the function forms of the RLIKE and REGEXP operators (no operand before them), as regexp_like(s, r) */
import { endsOperandAt } from "./operand-words.js";
import { isOp, isWord, type Token } from "./tokenizer.js";

export function regexCalls(tokens: Token[]): Token[] {
  const isCall = (t: Token, k: number) => (isWord(t, "RLIKE") || isWord(t, "REGEXP")) && isOp(tokens[k + 1], "(") && !endsOperandAt(tokens, k - 1);
  return tokens.map((t, k) => (isCall(t, k) ? { ...t, value: "regexp_like" } : t));
}
