/**
 * Databricks' JSON path operator on a STRING, `raw:store.fruit[0].weight` (its JSON path expression: names, `[ 'field' ]`, `[ index ]`
 * and `[ * ]` steps; DEVIATIONS.md SQL 30), written spark_json_path(raw, '$."store"."fruit"[0]."weight"', '<steps>') for
 * engine/spark-functions.ts, or spark_json_path_all with a [*] step. The colon is the operator after an operand (a name, a literal,
 * a call or a parenthesis), and a parameter marker (sql/parameter-markers.ts) elsewhere; one inside a type's angle brackets
 * (STRUCT<a: INT>) names a field.
 */
import type { JsonPathStep } from "../engine/json-path.js";
import { operandStart } from "./ansi-division.js";
import { endsOperandAt } from "./operand-words.js";
import { callsAggregate } from "./promotions.js";
import { isOp, isWord, madeToken, type Token } from "./tokenizer.js";

export function jsonPathOperators(tokens: Token[]): Token[] {
  if (!tokens.some((t) => isOp(t, ":"))) return tokens;
  const out = [...tokens];
  let typeDepth = 0;
  for (let k = 0; k < out.length; k++) {
    const t = out[k];
    if (isOp(t, "<") && ["STRUCT", "ARRAY", "MAP"].some((word) => isWord(out[k - 1], word))) typeDepth++;
    else if (isOp(t, ">") && typeDepth > 0) typeDepth--;
    if (!isOp(t, ":") || typeDepth > 0 || !endsOperandAt(out, k - 1)) continue;
    const path = readPath(out, k + 1);
    const start = path && operandStart(out, k - 1);
    if (!path || start === undefined || start < 0) continue;
    const make = (kind: Token["kind"], value: string) => madeToken(kind, value, t.pos);
    const every = path.steps.some((step) => "every" in step);
    const operand = out.slice(start, k);
    // an aggregate's value is typed after DuckDB picks the macro's overload (a VARIANT's or a STRING's): a lambda's parameter is typed
    const throughLambda = callsAggregate(operand);
    const pathCall = (of: Token[]) => [
      make("ident", every ? "spark_json_path_all" : "spark_json_path"),
      make("op", "("),
      ...of,
      make("op", ","),
      make("string", duckdbPath(path.steps)),
      make("op", ","),
      make("string", JSON.stringify(path.steps)),
      make("op", ")"),
    ];
    const parameter = make("ident", "spark_operand");
    const call = throughLambda
      ? [
          ...["list_extract", "(", "list_transform", "(", "["].map((v) => make(v === "[" || v === "(" ? "op" : "ident", v)),
          ...operand,
          ...["]", ","].map((v) => make("op", v)),
          parameter,
          make("op", "->"),
          ...pathCall([{ ...parameter }]),
          ...[")", ",", "1", ")"].map((v) => make(v === "1" ? "number" : "op", v)),
        ]
      : pathCall(operand);
    out.splice(start, path.end - start, ...call);
    k = start + call.length - 1;
  }
  return out;
}

/** the path's steps from `j` on, and the token after them; undefined where no step starts there */
function readPath(tokens: Token[], j: number): { steps: JsonPathStep[]; end: number } | undefined {
  const steps: JsonPathStep[] = [];
  const isName = (t: Token | undefined) => t?.kind === "ident" || t?.kind === "qident";
  for (;;) {
    const t = tokens[j];
    if (steps.length === 0 && isName(t)) {
      steps.push({ field: t.value, anyCase: true });
      j += 1;
    } else if (steps.length > 0 && isOp(t, ".") && isName(tokens[j + 1])) {
      steps.push({ field: tokens[j + 1].value, anyCase: true });
      j += 2;
    } else if (isOp(t, "[") && isOp(tokens[j + 2], "]")) {
      const inside = tokens[j + 1];
      if (inside.kind === "string" && inside.prefix === "") steps.push({ field: inside.value, anyCase: false });
      else if (isOp(inside, "*")) steps.push({ every: true });
      else if (inside.kind === "number" && /^\d+$/.test(inside.value) && inside.suffix === "") steps.push({ index: Number(inside.value) });
      else break;
      j += 3;
    } else break;
  }
  return steps.length > 0 ? { steps, end: j } : undefined;
}

/** the steps as a path of DuckDB's json_extract, each name as written */
function duckdbPath(steps: readonly JsonPathStep[]): string {
  const step = (s: JsonPathStep) => ("field" in s ? `."${s.field.replace(/[\\"]/g, (c) => `\\${c}`)}"` : "every" in s ? "[*]" : `[${s.index}]`);
  return `$${steps.map(step).join("")}`;
}
