/**
 * The `property` query parameter of Flow Service lists (docs/api/conventions.md#property-filters):
 *   <path><op><values>   op: == != < > <= >= (and `=`, which AEP's sort-and-filter example uses for ==)
 * A comma separates alternatives (OR), each value quoted ("CRMToAEP") or bare (CRMToAEP);
 * repeated `property` parameters are ANDed by the caller. `[]` in the path visits array items:
 * the filter holds when any reached value satisfies it (for != : when none equals a value).
 *
 * Catalog's lists read more (docs/api/catalog.md#property-filters, a `FilterSyntax`): `<path>~<regex>`
 * (a text value the regular expression finds a match in, by RE2's syntax and in time linear in the
 * text: a client's pattern cannot stall the service), `<path>` (the property exists) and
 * `!<path>` (it does not), and `*` in the == and != values of some fields (any characters, `**` one
 * asterisk: wildcard.ts, which the `tags` filter reads its values with too).
 */
import { RE2JS } from "re2js";
import { Errors } from "../errors/catalogue.js";
import { parsePath, type PathStep, valuesAt } from "./paths.js";
import { wildcardValue } from "./wildcard.js";

export type ComparisonOp = "==" | "!=" | "<" | ">" | "<=" | ">=";
export type FilterOp = ComparisonOp | "~" | "exists" | "!exists";

/** Whether the filter compares values as they are (no pattern, no existence test): the filters SQL can hold. */
export function isPlainComparison(filter: PropertyFilter): filter is PropertyFilter & { op: ComparisonOp } {
  return !filter.patterns && filter.op !== "~" && filter.op !== "exists" && filter.op !== "!exists";
}

export interface PropertyFilter {
  /** the expression as given, kept for continuation tokens */
  source: string;
  path: PathStep[];
  op: FilterOp;
  /** the values compared with (none for exists and !exists; for ~ the regular expression's text) */
  values: string[];
  /** ~: the regular expression; == and != on a wildcard field with a `*` in a value: each value as a whole-value pattern */
  patterns?: TextPattern[];
}

/** A pattern a text value matches or not. */
export interface TextPattern {
  test(text: string): boolean;
}

/** What a list's filters take besides Flow Service's operators (Flow Service: nothing more). */
export interface FilterSyntax {
  /** `<path>~<regex>`: a text value the regular expression finds a match in */
  regex?: boolean;
  /** `<path>`: the property exists; `!<path>`: it does not */
  existence?: boolean;
  /** top-level fields whose == and != values read `*` as any characters and `**` as one asterisk */
  wildcardFields?: readonly string[];
}

const FLOW_SERVICE: FilterSyntax = {};
const EXISTENCE = /^\s*(!?)\s*([^=!<>~\s]+)\s*$/;

const EXPRESSION = /^\s*([^=!<>~\s]+?)\s*(==|!=|<=|>=|=|<|>|~)(.*)$/s;

/** A Flow Service filter. */
export function parsePropertyFilter(source: string): PropertyFilter {
  return parseWith(source, FLOW_SERVICE);
}

/** The parser of a list whose filters take more than Flow Service's (Catalog's). */
export function propertyFilterParser(syntax: FilterSyntax): (source: string) => PropertyFilter {
  return (source) => parseWith(source, syntax);
}

function parseWith(source: string, syntax: FilterSyntax): PropertyFilter {
  const existence = syntax.existence ? EXISTENCE.exec(source) : null;
  if (existence) {
    const path = parsePath(existence[2]);
    if (!path) throw Errors.filterFieldInvalid(existence[2]);
    return { source, path, op: existence[1] ? "!exists" : "exists", values: [] };
  }
  const m = EXPRESSION.exec(source);
  if (!m) throw Errors.filterExpressionInvalid(source, syntax.existence ? CATALOG_FORM : undefined);
  const [, pathText, opText, valueText] = m;
  if (opText === "~" && !syntax.regex) throw Errors.filterOperatorNotImplemented(opText);
  const path = parsePath(pathText);
  if (!path) throw Errors.filterFieldInvalid(pathText);
  if (opText === "~") return { source, path, op: "~", values: [valueText], patterns: [regexOf(source, valueText)] };
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
  const wildcard = path.length === 1 && (op === "==" || op === "!=") && syntax.wildcardFields?.includes(path[0].name);
  if (!wildcard) return { source, path, op, values };
  const patterns = values.map(wildcardValue);
  // without a lone `*` each value is one text (`**` its asterisk), compared as any other
  if (patterns.every((p) => p.literal !== undefined)) return { source, path, op, values: patterns.map((p) => p.literal!) };
  return { source, path, op, values, patterns: patterns.map((p) => p.pattern) };
}

const CATALOG_FORM =
  "write property=<field><operator><value>, the operator one of ==, !=, <, >, <=, >=, ~ (a regular expression), as property=name==Customers, or property=<field> (it exists) or property=!<field> (it does not)";

/** A client's regular expression, run by RE2's engine: no backtracking, so no pattern takes more than linear time (JavaScript's could take years). */
function regexOf(source: string, text: string): TextPattern {
  if (text === "") throw Errors.filterExpressionInvalid(source, "write a regular expression after ~, as property=name~^Demo");
  try {
    const pattern = RE2JS.compile(text);
    return { test: (value) => pattern.matcher(value).find() };
  } catch (error) {
    throw Errors.filterExpressionInvalid(source, `${text} is no regular expression RE2 reads (${(error as Error).message}): lookaround and backreferences are not taken`);
  }
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
  if (filter.op === "exists" || filter.op === "!exists") return present(document, filter.path) === (filter.op === "exists");
  const found = valuesAt(document, filter.path);
  const patterns = filter.patterns;
  if (patterns) {
    const matched = found.some((v) => typeof v === "string" && patterns.some((p) => p.test(v)));
    return filter.op === "!=" ? !matched : matched;
  }
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

/** Whether the path's last property is in the document (null counts: the property is there), whatever its value. */
function present(document: unknown, path: readonly PathStep[]): boolean {
  const last = path[path.length - 1];
  return valuesAt(document, path.slice(0, -1)).some(
    (v) => v !== null && typeof v === "object" && !Array.isArray(v) && (v as Record<string, unknown>)[last.name] !== undefined,
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
