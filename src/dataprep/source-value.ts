/**
 * The staged-row value a mapping's source stands for, as a DuckDB expression and its type: an
 * ATTRIBUTE path read through struct members and list elements (`a[*].b` is the list of every
 * element's b), a STATIC literal, or an EXPRESSION compiled by the expression language.
 */
import { type DuckType, duckTypeToString, parseDuckDbType, quoteIdent, quoteLiteral } from "../delta/index.js";
import { ROW_ERROR } from "./conversion.js";
import { compileExpression, ExpressionError } from "./expression/index.js";
import type { Zone } from "./expression/zoned-date.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";
import { parsePath, type PathStep } from "./source-path.js";
import { closestName } from "../util/closest-name.js";

export interface SourceValue {
  sql: string;
  type: string;
  /** an expression computed per row (not a read of the staged columns or a literal) */
  computed?: boolean;
  /** SQL expressions giving the row error of a value that cannot be computed (an overflow), or NULL */
  checks?: string[];
  /** a STATIC value: messages name it as a constant, not a column */
  constant?: boolean;
  /** an expression's date's zone, which a string field writes it in */
  zone?: Zone;
}

/** How a refusal names the columns a mapping reads and says what to fix: a run's staged data, or what a preview was sent. */
export interface SourceWords {
  /** what an attribute naming none of them is not: "a column of the staged data" */
  absent: string;
  /** their list, before their names: "its columns" */
  list: string;
  /** one of them: "column" or "field" */
  one: string;
  /** one of them, named, when a member of it is not there: "the staged column ids (MAP(VARCHAR, VARCHAR))" */
  owner(name: string, type: string): string;
  /** what to do when the attribute is not a likely misspelling of one of them */
  missing(attribute: string): string;
}

/** A run's (and a flow's) staged data: the source table's columns. */
export const STAGED_WORDS: SourceWords = {
  absent: "a column of the staged data",
  list: "its columns",
  one: "column",
  owner: (name, type) => `the staged column ${name} (${type})`,
  missing: () => "if the source table renamed or dropped it, map the column's new name in a new mapping set version",
};

/** A preview's sample rows (`data`), their fields read from the rows themselves. */
export const SAMPLE_ROW_WORDS: SourceWords = {
  absent: "a field of the sample rows",
  list: "their fields",
  one: "field",
  owner: (name, type) => `the sample rows' field ${name} (${type})`,
  missing: (attribute) => `add ${attribute} to the sample rows (data), or map one of the fields they have`,
};

/** A preview's sample rows (`data`) read as the `columns` sent with them type them. */
export const SAMPLE_COLUMN_WORDS: SourceWords = {
  absent: "one of the columns sent with the sample rows",
  list: "columns",
  one: "column",
  owner: (name, type) => `the column ${name} (${type}, as columns types it)`,
  missing: (attribute) => `add ${attribute} to columns and to the sample rows (data), or map one of the columns sent`,
};

/** A preview of a source connection's table: its first rows. */
export const SOURCE_TABLE_WORDS: SourceWords = {
  ...STAGED_WORDS,
  absent: "a column of the source table",
  owner: (name, type) => `the source table's column ${name} (${type})`,
};

export function sourceValue(rule: MappingRule, columns: readonly SourceColumn[], words: SourceWords = STAGED_WORDS): SourceValue {
  switch (rule.sourceType ?? "ATTRIBUTE") {
    case "STATIC":
      return { sql: `${quoteLiteral(rule.sourceAttribute)}::VARCHAR`, type: "VARCHAR", constant: true };
    case "EXPRESSION":
      try {
        const { sql, type, checks, zone } = compileExpression(rule.sourceAttribute, columns);
        const failed = quoteLiteral(`${ROW_ERROR}the expression of ${rule.destinationXdmPath} cannot be computed: `);
        return { sql, type, computed: true, checks: checks.map((check) => `(${failed} || ${check})`), ...(zone && { zone }) };
      } catch (error) {
        if (error instanceof ExpressionError) throw new MappingError(`the expression of ${rule.destinationXdmPath} cannot be compiled: ${error.message}`);
        throw error;
      }
    default:
      return attributeValue(rule.sourceAttribute, columns, words);
  }
}

function attributeValue(attribute: string, columns: readonly SourceColumn[], words: SourceWords): SourceValue {
  const [head, ...rest] = parsePath(attribute);
  const name = (head as { name: string }).name;
  const column = columns.find((c) => c.name === name);
  if (!column) {
    const names = columns.length > 0 ? columnNames(columns) : "none";
    throw new MappingError(`source attribute ${attribute} is not ${words.absent} (${words.list}: ${names}); ${missingColumnAdvice(attribute, name, columns, words)}`);
  }
  const value = follow({ sql: quoteIdent(name), type: parseDuckDbType(column.type) }, rest, 0);
  if (!value) throw new MappingError(`source attribute ${attribute} is not a member of ${words.owner(name, column.type)}`);
  return { sql: value.sql, type: duckTypeToString(value.type) };
}

/** What to do about a source naming no column: escape a name with special characters, fix a typo, or what `words` say (follow a rename). */
function missingColumnAdvice(attribute: string, column: string, columns: readonly SourceColumn[], words: SourceWords): string {
  const escaping = escapingAdvice(attribute, columns);
  if (escaping) return escaping;
  const closest = closestName(column, columns.map((c) => c.name));
  return closest !== undefined ? `did you mean the ${words.one} ${closest}?` : words.missing(attribute);
}

/** How to name the column whose whole name the attribute is (Full.Name, read as Full → Name), or undefined when none is. */
export function escapingAdvice(attribute: string, columns: ReadonlyArray<{ name: string }>): string | undefined {
  const named = columns.find((c) => c.name === attribute);
  if (!named) return undefined;
  const escapedDots = /[[\]]/.test(named.name) ? "" : `, or escape its dots as ${named.name.replaceAll(".", "\\.")}`;
  return `the column ${named.name} is one name with special characters: write it as \${${named.name}}${escapedDots}`;
}

/** The staged columns' names for a message, the first 50 of a wide table. */
function columnNames(columns: readonly SourceColumn[]): string {
  const names = columns.slice(0, 50).map((c) => c.name).join(", ");
  return columns.length > 50 ? `${names} and ${columns.length - 50} more` : names;
}

/** The value at the steps below `from` (a struct's member, a map's key, a list's elements), or undefined when the type has no such member. */
function follow(from: { sql: string; type: DuckType }, steps: readonly PathStep[], depth: number): { sql: string; type: DuckType } | undefined {
  const [step, ...rest] = steps;
  if (!step) return from;
  if (step.kind === "field") {
    // a name under a MAP column of text keys is one of its keys, as an expression reads it
    if (from.type.kind === "map" && from.type.key.kind === "primitive" && from.type.key.name === "VARCHAR") {
      return follow({ sql: `map_extract_value(${from.sql}, ${quoteLiteral(step.name)})`, type: from.type.value }, rest, depth);
    }
    if (from.type.kind !== "struct") return undefined;
    const field = from.type.fields.find((f) => f.name === step.name);
    return field && follow({ sql: `struct_extract(${from.sql}, ${quoteLiteral(step.name)})`, type: field.type }, rest, depth);
  }
  if (from.type.kind !== "list" && from.type.kind !== "array") return undefined;
  if (step.kind === "index") return follow({ sql: `(${from.sql})[${step.index + 1}]`, type: from.type.element }, rest, depth);
  // every element: the rest of the path inside a lambda over the list
  const element = `src_e${depth}`;
  const inner = follow({ sql: element, type: from.type.element }, rest, depth + 1);
  return inner && { sql: inner.sql === element ? from.sql : `list_transform(${from.sql}, ${element} -> ${inner.sql})`, type: { kind: "list", element: inner.type } };
}
