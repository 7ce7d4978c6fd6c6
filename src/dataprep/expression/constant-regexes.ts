/**
 * An expression's literal regular expressions checked by DuckDB's engine (RE2): JavaScript's RegExp
 * accepts patterns RE2 refuses (`\Z`), and such a pattern would fail every run's query.
 */
import { quoteLiteral } from "../../delta/index.js";
import { withConnection } from "../scratch-duckdb.js";
import { walk } from "./ast.js";
import { parse } from "./parser.js";

/** The functions whose second argument is a regular expression. */
const REGEX_ARGUMENT = new Set(["extract_regex", "matches_regex", "explode"]);

function literalRegexes(expression: string): Array<{ fn: string; regex: string }> {
  const found: Array<{ fn: string; regex: string }> = [];
  walk(parse(expression), (node) => {
    const regex = node.kind === "call" && REGEX_ARGUMENT.has(node.name) ? node.args[1] : undefined;
    if (node.kind === "call" && regex?.kind === "literal" && typeof regex.value === "string") found.push({ fn: node.name, regex: regex.value });
  });
  return found;
}

/** Why each literal regular expression of the expression is refused by DuckDB (none when all compile; the expression is known to parse). */
export async function regexProblems(expression: string): Promise<string[]> {
  const problems: string[] = [];
  for (const { fn, regex } of literalRegexes(expression)) {
    await withConnection(async (conn) => {
      try {
        await conn.run(`SELECT regexp_matches('', ${quoteLiteral(regex)})`);
      } catch (error) {
        problems.push(`${fn}: "${regex}" is not a regular expression DuckDB can run: ${(error as Error).message.split("\n")[0]}`);
      }
    });
  }
  return problems;
}
