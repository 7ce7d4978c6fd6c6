import type { ExpressionFunction } from "../../api/platform";

/**
 * The functions whose name (or an alias) holds the search text, ignoring case: those whose name
 * starts with it first, then by name. An empty search lists them all, by name.
 */
export function matchingFunctions(functions: readonly ExpressionFunction[], search: string): ExpressionFunction[] {
  const wanted = search.trim().toLowerCase();
  const names = (fn: ExpressionFunction) => [fn.function, ...(fn.aliases ?? [])].map((name) => name.toLowerCase());
  const rank = (fn: ExpressionFunction) => (names(fn).some((name) => name.startsWith(wanted)) ? 0 : 1);
  return functions
    .filter((fn) => names(fn).some((name) => name.includes(wanted)))
    .sort((a, b) => rank(a) - rank(b) || a.function.localeCompare(b.function));
}

/**
 * The expression with a call of `name` put in place of its selected text (`start` to `end`; the
 * cursor when they are equal), and where the cursor goes: between the call's parentheses.
 */
export function insertCall(expression: string, start: number, end: number, name: string): { expression: string; cursor: number } {
  const call = `${name}()`;
  return { expression: expression.slice(0, start) + call + expression.slice(end), cursor: start + name.length + 1 };
}
