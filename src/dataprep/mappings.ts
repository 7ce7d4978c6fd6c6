/**
 * Data Prep mappings (docs/api/dataprep.md#mapping-rules): what a body must hold, in AEP's legacy
 * shape (`sourceAttribute` → `destinationXdmPath`) or its current one (`source` → `destination`),
 * and the checks that every mapping lands on a field of the target schema, reads what the source
 * has, and that every expression compiles. The dataflow's own validation (src/dataflows) reuses
 * `sourceColumnPaths` with the flow's source connection columns.
 */
import { compileExpression, ExpressionError } from "./expression/index.js";
import { rootFields } from "./expression/evaluate.js";
import { destinationField } from "./destination-fields.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";
import { fieldNames, formatPath, parsePath, type PathStep } from "./source-path.js";
import { canCopyMembers } from "./object-copy.js";
import { fieldNameProblem } from "./schema-field-names.js";
import { escapingAdvice } from "./source-value.js";
import { closestName } from "../util/closest-name.js";
import type { XdmProperty } from "../schemaregistry/xdm-fields.js";

export type SourceType = "ATTRIBUTE" | "STATIC" | "EXPRESSION";

export interface Mapping {
  /** kept from the body (a mapping read back and sent again keeps its id); the service assigns one otherwise */
  id?: string;
  destinationXdmPath: string;
  sourceAttribute: string;
  sourceType: SourceType;
  identity: boolean;
  identityGroup: string | null;
  namespaceCode: string | null;
  version: number;
  name?: string;
  description?: string;
}

export class MappingSetError extends Error {}

/** AEP's content-type spellings of the source types, as its older bodies carry them. */
const SOURCE_TYPES: Record<string, SourceType> = {
  ATTRIBUTE: "ATTRIBUTE",
  "TEXT/X.SCHEMA-PATH": "ATTRIBUTE",
  STATIC: "STATIC",
  EXPRESSION: "EXPRESSION",
  "TEXT/X.AEP-XL": "EXPRESSION",
};

export function readMappings(value: unknown): Mapping[] {
  if (!Array.isArray(value) || value.length === 0) throw new MappingSetError("mappings must be a non-empty array");
  const mappings = value.map((raw, i) => readMapping(raw, `mappings[${i}]`));
  const ids = mappings.map((m) => m.id).filter((id) => id !== undefined);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new MappingSetError(`two mappings have the id ${repeated}; each mapping of a set has its own (leave id out of a new one)`);
  return mappings;
}

const MAPPING_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function readMapping(raw: unknown, at: string): Mapping {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new MappingSetError(`${at} must be an object`);
  const m = raw as Record<string, unknown>;
  const destination = m.destinationXdmPath ?? m.destination;
  const source = m.sourceAttribute ?? m.source;
  const sourceType = m.sourceType === undefined || m.sourceType === null ? "ATTRIBUTE" : SOURCE_TYPES[String(m.sourceType).toUpperCase()];
  if (!sourceType) throw new MappingSetError(`${at}.sourceType ${JSON.stringify(m.sourceType)} is not one of ATTRIBUTE, STATIC, EXPRESSION`);
  if (destination !== undefined && destination !== null && typeof destination !== "string") {
    throw new MappingSetError(`${at}.destination must be a path of the schema, a string, not ${JSON.stringify(destination)}`);
  }
  if (typeof destination !== "string") throw new MappingSetError(`${at}.destination (or destinationXdmPath) is required`);
  pathOrRefusal(destination, `${at}.destination`);
  const text = sourceText(source, sourceType, at);
  for (const field of ["identity"] as const) {
    if (m[field] !== undefined && typeof m[field] !== "boolean") throw new MappingSetError(`${at}.${field} must be a boolean`);
  }
  // kept as sent when text: another type would be dropped unnoticed
  for (const field of ["name", "description", "identityGroup", "namespaceCode"] as const) {
    if (m[field] !== undefined && m[field] !== null && typeof m[field] !== "string") throw new MappingSetError(`${at}.${field} must be a string, not ${JSON.stringify(m[field])}`);
  }
  if (m.id !== undefined && m.id !== null && (typeof m.id !== "string" || !MAPPING_ID.test(m.id))) {
    throw new MappingSetError(`${at}.id must be the id of a mapping of this set (1 to 64 letters, digits, - or _), or left out for a new mapping`);
  }
  return {
    ...(typeof m.id === "string" ? { id: m.id } : {}),
    destinationXdmPath: destination,
    sourceAttribute: text,
    sourceType,
    identity: m.identity === true,
    identityGroup: typeof m.identityGroup === "string" ? m.identityGroup : null,
    namespaceCode: typeof m.namespaceCode === "string" ? m.namespaceCode : null,
    version: typeof m.version === "number" ? m.version : 0,
    ...(typeof m.name === "string" ? { name: m.name } : {}),
    ...(typeof m.description === "string" ? { description: m.description } : {}),
  };
}

function sourceText(source: unknown, sourceType: SourceType, at: string): string {
  if (sourceType === "STATIC") {
    // a literal is kept as written: a JSON number's text, not a re-encoded double
    if (typeof source === "string") return source;
    if (typeof source === "number" || typeof source === "boolean") return String(source);
    throw new MappingSetError(`${at}.source of a STATIC mapping must be the value, a string, number or boolean`);
  }
  if (source !== undefined && source !== null && typeof source !== "string") {
    throw new MappingSetError(`${at}.source of an ${sourceType} mapping must be a string (${sourceType === "ATTRIBUTE" ? "a path of the source" : "an expression"}), not ${JSON.stringify(source)}`);
  }
  if (typeof source !== "string" || source.trim() === "") throw new MappingSetError(`${at}.source (or sourceAttribute) is required`);
  if (sourceType === "ATTRIBUTE") pathOrRefusal(source, `${at}.source`);
  return source;
}

function pathOrRefusal(path: string, at: string): PathStep[] {
  try {
    return parsePath(path);
  } catch (error) {
    if (error instanceof MappingError) throw new MappingSetError(`${at}: ${error.message}`);
    throw error;
  }
}

/** What a mapping rule of the plan is made of. */
export function ruleOf(mapping: Pick<Mapping, "sourceAttribute" | "destinationXdmPath" | "sourceType">): MappingRule {
  return { sourceAttribute: mapping.sourceAttribute, destinationXdmPath: mapping.destinationXdmPath, sourceType: mapping.sourceType };
}

/** The column an ATTRIBUTE source reads: `items[*].sku` → items. */
export function attributeColumn(source: string): string {
  return fieldNames(parsePath(source))[0];
}

/**
 * The source columns a flow's mappings read, lower-cased (Spark's names are case-insensitive): an ATTRIBUTE's first field (and
 * its whole text, which may be a column's name), an EXPRESSION's fields. Undefined when that cannot be told (no mapping, or one
 * that does not parse): every column is read then.
 */
export function columnsRead(rules: readonly MappingRule[]): ReadonlySet<string> | undefined {
  if (rules.length === 0) return undefined;
  const names = new Set<string>();
  try {
    for (const rule of rules) for (const name of columnsOfMapping(rule).flat()) names.add(name.toLowerCase());
  } catch {
    return undefined;
  }
  return names;
}

/** Each source column a mapping reads, as the names it may have (an ATTRIBUTE's first field, or its whole text); none for a STATIC. Throws for a mapping that does not parse. */
export function columnsOfMapping(rule: MappingRule): string[][] {
  if (rule.sourceType === "STATIC") return [];
  if (rule.sourceType === "EXPRESSION") return rootFields(rule.sourceAttribute).map((field) => [field]);
  return [[attributeColumn(rule.sourceAttribute), rule.sourceAttribute]];
}

/**
 * The column path an ATTRIBUTE source reads, array steps left out (`items[*].sku` → items, sku), as
 * a key of sourceColumnPaths: the source Full.Name (Full → Name) is not the column named Full.Name.
 */
export function attributeColumnPath(source: string): string {
  return pathKey(fieldNames(parsePath(source)));
}

/**
 * What to tell a user whose ATTRIBUTE source is none of `sourcePaths`: how to write a column whose
 * name holds a dot, else the path the source most likely meant; undefined when neither helps.
 */
export function missingSourceAdvice(source: string, columns: ReadonlyArray<{ name: string }>, sourcePaths: ReadonlySet<string>): string | undefined {
  const escaping = escapingAdvice(source, columns);
  if (escaping) return escaping;
  const closest = closestSourcePath(source, sourcePaths);
  return closest === undefined ? undefined : `did you mean ${closest}?`;
}

/**
 * The ATTRIBUTE source a mistyped one most likely meant: each name along it that the source does not
 * have replaced by the closest name at that level (closestName), array steps kept (`adress.ctiy` →
 * address.city, `itmes[*].sku` → items[*].sku); undefined when some name has no one closest name.
 */
function closestSourcePath(source: string, sourcePaths: ReadonlySet<string>): string | undefined {
  const names: string[] = [];
  const steps = parsePath(source).map((step) => {
    if (step.kind !== "field") return step;
    const here = [...names, step.name];
    if (sourcePaths.has(pathKey(here))) {
      names.push(step.name);
      return step;
    }
    const closest = closestName(step.name, childNames(names, sourcePaths));
    if (closest !== undefined) names.push(closest);
    return closest === undefined ? undefined : { kind: "field" as const, name: closest };
  });
  if (steps.some((step) => step === undefined)) return undefined;
  return formatPath(steps as PathStep[]);
}

/** The names directly under the column path `parent` (the columns themselves when it is empty). */
function childNames(parent: readonly string[], sourcePaths: ReadonlySet<string>): string[] {
  const prefix = parent.length === 0 ? "" : `${pathKey(parent)}\u0000`;
  const children: string[] = [];
  for (const key of sourcePaths) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    if (!rest.includes("\u0000")) children.push(rest);
  }
  return children;
}

/** The names of a path as one key: joined by U+0000, which no column or field name holds. */
function pathKey(names: readonly string[]): string {
  return names.join("\u0000");
}

/** The steps of a path as one key, names and array steps alike: `a[0].b` and `${a}[0].${b}` are one. */
function stepsKey(steps: readonly PathStep[]): string {
  return pathKey(steps.map((step) => (step.kind === "field" ? `.${step.name}` : step.kind === "index" ? `[${step.index}]` : "[*]")));
}

/**
 * What is wrong with the mappings against the schema's resolved fields and, when known, the
 * source's columns; empty when nothing is.
 */
export function mappingProblems(mappings: readonly Mapping[], schema: { properties: Record<string, unknown> }, source?: readonly DescribedColumn[]): string[] {
  const problems: string[] = [];
  // the field each destination names, however it is spelled (_id, ${_id}): the mapping that named it first
  const seen = new Map<string, number>();
  const sourcePaths = source && sourceColumnPaths(source.map((c) => ({ name: c.name, xdm: c.xdm })));
  const arrayForms = new Map<string, PathStep["kind"]>();
  const unnamable = fieldNameProblem(schema as XdmProperty);
  if (unnamable !== undefined) problems.push(unnamable);
  mappings.forEach((m, i) => {
    const steps = parsePath(m.destinationXdmPath);
    const problem = destinationProblem(steps, schema as XdmProperty);
    if (problem) problems.push(`mappings[${i}].destination ${m.destinationXdmPath} ${problem}`);
    const arrayAt = steps.findIndex((step) => step.kind !== "field");
    if (arrayAt >= 0) {
      const array = fieldNames(steps.slice(0, arrayAt)).join(".");
      const form = arrayForms.get(array) ?? steps[arrayAt].kind;
      if (form !== steps[arrayAt].kind) problems.push(`mappings[${i}].destination ${m.destinationXdmPath}: ${array} is mapped both by element index and for every element`);
      arrayForms.set(array, form);
    }
    const field = stepsKey(steps);
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      const spelled = mappings[earlier].destinationXdmPath === m.destinationXdmPath ? "" : ` as ${mappings[earlier].destinationXdmPath}`;
      problems.push(`mappings[${i}].destination ${m.destinationXdmPath} is mapped twice (by mappings[${earlier}]${spelled})`);
    } else seen.set(field, i);
    if (m.sourceType === "ATTRIBUTE" && sourcePaths && !sourcePaths.has(attributeColumnPath(m.sourceAttribute))) {
      const advice = missingSourceAdvice(m.sourceAttribute, source ?? [], sourcePaths);
      problems.push(`mappings[${i}].source ${m.sourceAttribute} is not a source column${advice ? `; ${advice}` : ""}`);
    }
    if (m.sourceType === "EXPRESSION") {
      const error = expressionError(m.sourceAttribute, source);
      if (error) problems.push(`mappings[${i}].source: the expression ${JSON.stringify(m.sourceAttribute)} is not valid: ${error}`);
    }
  });
  mappings.forEach((m, i) => {
    const steps = parsePath(m.destinationXdmPath);
    for (let length = 1; length < steps.length; length++) {
      const whole = seen.get(stepsKey(steps.slice(0, length)));
      // an attribute mapped whole beside mappings inside it is AEP's object copy (object-copy.ts)
      if (whole === undefined || canCopyMembers(mappings[whole], steps.slice(0, length), schema)) continue;
      const outer = mappings[whole].destinationXdmPath;
      problems.push(`mappings[${i}].destination ${m.destinationXdmPath} is inside ${outer}, which mappings[${whole}] maps whole: map ${outer} whole or what it holds, not both`);
      break;
    }
  });
  return problems;
}

/**
 * The mappings whose destination the schema does not have (each `<path> <why>`): none at creation, where such a mapping set is
 * refused, but a schema's field group may lose a field after.
 */
export function missingDestinations(rules: ReadonlyArray<{ destinationXdmPath: string }>, schema: { properties?: Record<string, XdmProperty> }): string[] {
  return rules.flatMap((rule) => {
    const problem = destinationProblem(parsePath(rule.destinationXdmPath), { properties: schema.properties ?? {} } as XdmProperty);
    return problem ? [`${rule.destinationXdmPath} ${problem}`] : [];
  });
}

/** Why the destination is not a field of the schema (array steps only on arrays), or undefined. */
function destinationProblem(steps: readonly PathStep[], root: XdmProperty): string | undefined {
  if (steps.filter((step) => step.kind !== "field").length > 1) return "has more than one array step; a destination takes one";
  const reached = destinationField(root, steps);
  return "problem" in reached ? reached.problem : undefined;
}

/**
 * The expression compiled against the source's columns when the body says what they are. Without
 * them, the fields it reads are given each type they may have (expressionColumns): what compiles
 * with none, such as an unknown function, can never work. The flow compiles it again against its
 * source's real types.
 */
function expressionError(expression: string, source: readonly SourceColumn[] | undefined): string | undefined {
  let first: string | undefined;
  for (const columns of expressionColumns(expression, source)) {
    try {
      compileExpression(expression, columns);
      return undefined;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      first ??= error.message;
    }
  }
  return first;
}

/** what a field an expression reads may be, without its source: text, JSON (which has members and elements), an array of text */
const GUESSED_TYPES = ["VARCHAR", "JSON", "VARCHAR[]"];
/** the most fields whose guesses are mixed (each guess for each field); more take one guess for all */
const MIXED_GUESS_FIELDS = 3;

/**
 * The columns an expression is compiled against at creation: the source's, or each guess at the fields it reads, every field of
 * one type first, then (for a few fields) each mix of them, so that `add_to_array(tags, name)` compiles with an array and a string.
 */
export function expressionColumns(expression: string, source: readonly SourceColumn[] | undefined): SourceColumn[][] {
  if (source) return [[...source]];
  const fields = fieldsRead(expression);
  const uniform = GUESSED_TYPES.map((type) => fields.map((name) => ({ name, type })));
  if (fields.length < 2 || fields.length > MIXED_GUESS_FIELDS) return uniform;
  const mixed = fields.reduce<SourceColumn[][]>((typings, name) => typings.flatMap((typing) => GUESSED_TYPES.map((type) => [...typing, { name, type }])), [[]]);
  return [...uniform, ...mixed.filter((typing) => new Set(typing.map((c) => c.type)).size > 1)];
}

/** The fields an expression reads (none when it does not parse: compiling says why). */
function fieldsRead(expression: string): string[] {
  try {
    return rootFields(expression);
  } catch (error) {
    if (error instanceof ExpressionError) return [];
    throw error;
  }
}

/** A source's column as a mapping set's `inputSchema` describes it: its name, JSON schema and DuckDB type. */
export interface DescribedColumn extends SourceColumn {
  xdm?: unknown;
}

/**
 * Column paths of a source, keyed as attributeColumnPath keys them: each column and, for structs (and
 * arrays of structs), their fields (address → city, items → sku), from explore-style columns
 * [{name, xdm}] or a JSON schema's properties.
 */
export function sourceColumnPaths(columns: ReadonlyArray<{ name: string; xdm?: unknown }>): Set<string> {
  const paths = new Set<string>();
  const walk = (names: readonly string[], field: unknown) => {
    paths.add(pathKey(names));
    const node = field as { properties?: unknown; items?: unknown } | undefined;
    const properties = node?.properties ?? (node?.items as { properties?: unknown } | undefined)?.properties;
    if (properties && typeof properties === "object") {
      for (const [child, def] of Object.entries(properties)) walk([...names, child], def);
    }
  };
  for (const column of columns) walk([column.name], column.xdm);
  return paths;
}

/** The columns a mapping set's `inputSchema` (a JSON schema) describes, with the DuckDB type of each. */
export function inputSchemaColumns(schema: unknown): DescribedColumn[] {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  if (!properties || typeof properties !== "object" || Array.isArray(properties)) return [];
  return Object.entries(properties).map(([name, xdm]) => ({ name, xdm, type: duckTypeOf(xdm) }));
}

const JSON_TYPES: Record<string, string> = { string: "VARCHAR", integer: "BIGINT", number: "DOUBLE", boolean: "BOOLEAN" };

function duckTypeOf(field: unknown): string {
  const node = (field ?? {}) as { type?: unknown; properties?: unknown; items?: unknown };
  if (node.type === "array") return `${duckTypeOf(node.items)}[]`;
  if (node.type === "object" && node.properties && typeof node.properties === "object") {
    const members = Object.entries(node.properties).map(([name, child]) => `"${name.replaceAll('"', '""')}" ${duckTypeOf(child)}`);
    if (members.length > 0) return `STRUCT(${members.join(", ")})`;
  }
  return JSON_TYPES[String(node.type)] ?? "VARCHAR";
}
