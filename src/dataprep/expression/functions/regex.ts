/** Regular expression functions (AEP: extract_regex, matches_regex). */
import { quoteLiteral } from "../../../delta/index.js";
import { ExpressionError } from "../errors.js";
import { asText, constantText, nullOnError, type Typed, typed } from "../typed.js";
import type { ElFunction } from "./function.js";

const category = "regular expression" as const;

/** The number of capturing groups: "(" that is neither escaped, inside a class, nor "(?" */
function groupCount(regex: string): number {
  let count = 0;
  let inClass = false;
  for (let at = 0; at < regex.length; at++) {
    const char = regex[at];
    if (char === "\\") at++;
    else if (inClass) inClass = char !== "]";
    else if (char === "[") inClass = true;
    else if (char === "(" && regex[at + 1] !== "?") count++;
    else if (char === "(" && regex[at + 2] === "<" && regex[at + 3] !== "=" && regex[at + 3] !== "!") count++;
  }
  return count;
}

/** RE2 (DuckDB's engine) has no lookaround and no backreferences: refused when compiled, not at run time. */
export function checkRegex(regex: string, fn: string): void {
  if (/\(\?<?[=!]/.test(regex) || /\\[1-9]/.test(regex)) throw new ExpressionError(`${fn}: lookarounds and backreferences are not supported in "${regex}"`);
  try {
    new RegExp(regex);
  } catch {
    throw new ExpressionError(`${fn}: "${regex}" is not a valid regular expression`);
  }
}

/** A regex argument: a literal is checked now; one read from the row makes the row's value null when it is invalid. */
export function regexCall(sql: string, regex: Typed, fn: string): string {
  if (typeof regex.constant?.value === "string") {
    checkRegex(regex.constant.value, fn);
    return sql;
  }
  return nullOnError(sql);
}

export const REGEX_FUNCTIONS: readonly ElFunction[] = [
  {
    name: "extract_regex",
    category,
    syntax: "extract_regex(STRING, REGEX)",
    description: "Extracts groups from the input string, based on a regular expression: the whole match, then each group.",
    parameters: ["STRING: Required The string that you are extracting the groups from.", "REGEX: Required The regular expression that you want the group to match."],
    arity: [2, 2],
    rowSafe: true,
    example: { expression: 'extract_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")', result: ["E259,E259B_009,1_1", "E259", "1_1"] },
    compile: (args) => {
      const regex = constantText(args[1], "the regular expression of extract_regex");
      checkRegex(regex, "extract_regex");
      const input = asText(args[0]);
      const groups = Array.from({ length: groupCount(regex) + 1 }, (_, group) => `regexp_extract(${input}, ${quoteLiteral(regex)}, ${group})`);
      return typed(`(CASE WHEN regexp_matches(${input}, ${quoteLiteral(regex)}) THEN [${groups.join(", ")}] END)`, "VARCHAR[]");
    },
  },
  {
    name: "matches_regex",
    category,
    syntax: "matches_regex(STRING, REGEX)",
    description: "Checks to see if the string matches against the inputted regular expression (the whole string must match).",
    parameters: ["STRING: Required The string that you are checking matches the regular expression.", "REGEX: Required The regular expression that you are comparing against."],
    arity: [2, 2],
    rowSafe: true,
    example: { expression: 'matches_regex("E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)")', result: true },
    compile: (args) => typed(regexCall(`regexp_full_match(${asText(args[0])}, ${asText(args[1])})`, args[1], "matches_regex"), "BOOLEAN"),
  },
];
