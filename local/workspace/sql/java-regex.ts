/**
 * Java's named groups in a regular expression literal, `(?<name>…)`, which RE2 (DuckDB's engine) reads only as `(?P<name>…)`, where
 * it failed with "invalid perl operator": written so in the pattern of the regular expression functions and of RLIKE and REGEXP, and
 * in regexp_replace's replacement literal `${name}` as the group's number, `$2`, which spark_java_replacement reads. Columns are
 * named with Java's form again (sql/subscripts.ts).
 */
import { argumentSpans } from "./promotions.js";
import { isWord, madeToken, type Token } from "./tokenizer.js";

/** the functions whose second argument is a regular expression */
const PATTERN_FUNCTIONS = new Set([
  "REGEXP_REPLACE", "REGEXP_EXTRACT", "REGEXP_EXTRACT_ALL", "REGEXP_LIKE", "REGEXP_COUNT", "REGEXP_SUBSTR", "REGEXP_INSTR", "SPLIT", "RLIKE", "REGEXP",
]);
const NAMED_GROUP = /(?<!\\)\(\?<([A-Za-z][A-Za-z0-9]*)>/g;
const hasNamedGroup = (text: string) => /(?<!\\)\(\?<[A-Za-z]/.test(text);

export function javaNamedGroups(tokens: Token[]): Token[] {
  if (!tokens.some((t) => t.kind === "string" && hasNamedGroup(t.value))) return tokens;
  const out = [...tokens];
  const rewrite = (k: number, value: string) => (out[k] = { ...madeToken("string", value, out[k].pos), prefix: out[k].prefix });
  for (let k = 0; k < out.length; k++) {
    const t = out[k];
    const operator = (isWord(t, "RLIKE") || isWord(t, "REGEXP")) && out[k + 1]?.kind === "string";
    if (operator) rewrite(k + 1, re2Pattern(out[k + 1].value));
    const spans = t.kind === "ident" && PATTERN_FUNCTIONS.has(t.value.toUpperCase()) ? argumentSpans(out, k) : undefined;
    const pattern = spans?.[1] && spans[1].start === spans[1].end && out[spans[1].start].kind === "string" ? spans[1].start : undefined;
    if (pattern === undefined || !hasNamedGroup(out[pattern].value)) continue;
    const groups = groupNumbers(out[pattern].value);
    rewrite(pattern, re2Pattern(out[pattern].value));
    const replacement = t.value.toUpperCase() === "REGEXP_REPLACE" && spans?.[2] && spans[2].start === spans[2].end ? spans[2].start : undefined;
    if (replacement !== undefined && out[replacement].kind === "string") {
      rewrite(replacement, out[replacement].value.replace(/(?<!\\)\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => (groups.has(name) ? `$${groups.get(name)}` : whole)));
    }
  }
  return out;
}

const re2Pattern = (pattern: string) => pattern.replace(NAMED_GROUP, "(?P<$1>");

/** the number of each named group of a pattern: its place among the capturing groups, escapes and character classes skipped */
function groupNumbers(pattern: string): Map<string, number> {
  const numbers = new Map<string, number>();
  let count = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
    } else if (c === "(" && pattern[i + 1] !== "?") count++;
    else if (c === "(") {
      const named = /^\(\?P?<([A-Za-z][A-Za-z0-9]*)>/.exec(pattern.slice(i));
      if (named) numbers.set(named[1], ++count);
    }
  }
  return numbers;
}
