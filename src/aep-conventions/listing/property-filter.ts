/**
 * The `property` query parameter of Flow Service lists (docs/api/conventions.md#property-filters):
 *   <path><op><values>   op: == != < > <= >= (and `=`, which AEP's sort-and-filter example uses for ==)
 * A comma separates alternatives (OR), each value quoted ("CRMToAEP") or bare (CRMToAEP);
 * repeated `property` parameters are ANDed by the caller. `[]` in the path visits array items:
 * the filter holds when any reached value satisfies it (for != : when none equals a value).
 */
import { Errors } from "../errors/catalogue.js";
import { parsePath, type PathStep, valuesAt } from "./paths.js";

export type FilterOp = "==" | "!=" | "<" | ">" | "<=" | ">=";

export interface PropertyFilter {
  /** the expression as given, kept for continuation tokens */
  source: string;
  path: PathStep[];
  op: FilterOp;
  values: string[];
}

const EXPRESSION = /^\s*([^=!<>~\s]+?)\s*(==|!=|<=|>=|=|<|>|~)(.*)$/s;

export function parsePropertyFilter(source: string): PropertyFilter {
  const m = EXPRESSION.exec(source);
  if (!m) throw Errors.filterExpressionInvalid(source);
  const [, pathText, opText, valueText] = m;
  if (opText === "~") throw Errors.filterOperatorNotImplemented(opText);
  const path = parsePath(pathText);
  if (!path) throw Errors.filterFieldInvalid(pathText);
  const op = (opText === "=" ? "==" : opText) as FilterOp;
  // `name<>x`, `name=~x`, `name===x`: a mistyped operator, not a value starting with one
  const stray = /^\s*[=!<>~]+/.exec(valueText)?.[0].trim();
  if (stray) {
    throw Errors.filterExpressionInvalid(
      source,
      `${opText}${stray} is no operator: the operators are ==, !=, <, >, <=, >=${`${opText}${stray}` === "<>" ? " (not equal is !=)" : ""}; a value that starts with ${stray[0]} is written in quotes ("${stray}…")`,
    );
  }
  const values = splitValues(valueText.trim());
  if (!values) throw Errors.filterExpressionInvalid(source);
  if (values.length > 1 && op !== "==" && op !== "!=") throw Errors.filterOperatorMultipleValues(op);
  return { source, path, op, values };
}

/** `a,"b,c",d` → [a, b,c, d]; undefined when a value is empty or a quote is unbalanced */
function splitValues(text: string): string[] | undefined {
  const values: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let value: string;
    if (text[i] === '"' || text[i] === "'") {
      const quote = text[i];
      const end = text.indexOf(quote, i + 1);
      if (end < 0) return undefined;
      value = text.slice(i + 1, end);
      i = end + 1;
      if (i < text.length && text[i] !== ",") return undefined;
    } else {
      const end = text.indexOf(",", i);
      value = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
      if (value === "") return undefined;
      i = end < 0 ? text.length : end;
    }
    values.push(value);
    if (i >= text.length) break;
    i++; // the comma
    if (i >= text.length) return undefined; // a trailing comma
  }
  return values.length > 0 ? values : undefined;
}

export function matchesFilter(document: unknown, filter: PropertyFilter): boolean {
  const found = valuesAt(document, filter.path);
  if (filter.op === "!=") return !found.some((v) => filter.values.some((w) => compare(v, w) === 0));
  return found.some((v) =>
    filter.values.some((w) => {
      const c = compare(v, w);
      if (c === undefined) return false;
      switch (filter.op) {
        case "==":
          return c === 0;
        case "<":
          return c < 0;
        case ">":
          return c > 0;
        case "<=":
          return c <= 0;
        case ">=":
          return c >= 0;
      }
      return false;
    }),
  );
}

export function matchesAll(document: unknown, filters: readonly PropertyFilter[]): boolean {
  return filters.every((f) => matchesFilter(document, f));
}

/** Compares a document value with a filter's text in the value's own type; undefined: not comparable. */
function compare(value: unknown, text: string): number | undefined {
  if (typeof value === "number") {
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) return undefined;
    return value === n ? 0 : value < n ? -1 : 1;
  }
  if (typeof value === "boolean") {
    const lower = text.toLowerCase();
    if (lower !== "true" && lower !== "false") return undefined;
    const b = lower === "true";
    return value === b ? 0 : value ? 1 : -1;
  }
  if (typeof value === "string") return value === text ? 0 : value < text ? -1 : 1;
  if (value === null) return text === "null" ? 0 : undefined;
  return undefined;
}
