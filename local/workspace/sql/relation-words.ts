import { isWord, type Token } from "./tokenizer.js";

/** The words that end a relation of a FROM clause (a table, a subquery, VALUES …, a table function) and its alias: a join, a clause, a set operation */
export const AFTER_RELATION: readonly string[] = [
  "WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "SEMI", "ANTI", "ON", "USING", "LATERAL", "GROUP", "HAVING", "WINDOW",
  "QUALIFY", "ORDER", "SORT", "CLUSTER", "DISTRIBUTE", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "PIVOT", "UNPIVOT", "TABLESAMPLE",
];

/** whether the word at `k` is a FROM that starts a FROM clause: not that of IS [NOT] DISTINCT FROM, which compares two values */
export const startsFromClause = (tokens: readonly Token[], k: number): boolean => isWord(tokens[k], "FROM") && !isWord(tokens[k - 1], "DISTINCT");

/** the set operations, which a query of its own may follow (ALL or DISTINCT between them) */
export const SET_OPERATIONS: ReadonlySet<string> = new Set(["UNION", "EXCEPT", "INTERSECT", "MINUS"]);
