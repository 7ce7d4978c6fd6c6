/**
 * Mapping and validation as DuckDB SQL over the staged rows: one expression per mapping (a source
 * path, a STATIC literal or a compiled EXPRESSION, see source-value.ts), converted to the XDM kind
 * of its destination, nested destinations built with struct_pack, array destinations from their
 * indexed elements (`a[0].b`) or zipped from lists (`a[*].b`). A row whose value cannot be
 * converted gets a row error instead of a wrong value.
 * Types never lose precision: BIGINT stays BIGINT, DECIMAL stays DECIMAL for an XDM number, and
 * timestamps keep their microseconds (TIMESTAMPTZ). A row without a value for a field the dataset
 * requires (`DatasetSchema.requiredFields`) gets a row error naming the field.
 */
import { quoteIdent, quoteLiteral } from "../delta/index.js";
import { type DatasetSchema, type RequiredField, type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";
import { type ConversionPaths, convert, type IntegerRange, ROW_ERROR } from "./conversion.js";
import { anyNotNull, type MappedTree, siblingTree, treeProjection, valueOf } from "./dataset-tree.js";
import { fieldAlong } from "./destination-fields.js";
import { checkElementNumbers, type ElementNumber, MapValueNumbers, wholeElementNumbers } from "./element-numbers.js";
import { lambdaParameter } from "./expression/lambda-parameter.js";
import { isoText, TIMESTAMPTZ, TIMESTAMPTZ_LIST } from "./expression/typed.js";
import { isoTexts } from "./expression/zoned-date.js";
import { fieldNames, parsePath, type PathStep } from "./source-path.js";
import { withObjectCopies } from "./object-copy.js";
import { fieldNameProblem } from "./schema-field-names.js";
import { type SourceValue, sourceValue, type SourceWords } from "./source-value.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";

export { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";

export interface MappingPlan {
  /** SELECT list producing the dataset's columns */
  projection: string;
  /** DuckDB expression: a LIST of error messages for the row (empty when valid) */
  errors: string;
  /** DuckDB expression: the row's first error message, NULL when valid (cheaper than `errors` for telling valid rows) */
  firstError: string;
  /** false when no conversion can fail: no row can have an error, nothing to check */
  canFail: boolean;
  /**
   * with `hoist`: the SELECT list of the checked values, each computed once over the staged row
   * (`SELECT *, <inner> FROM staged`), which projection and errors read; "" when there are none
   */
  inner: string;
  /**
   * with `hoist`: the SELECT list of the expressions their conversion reads more than once, each
   * computed once in a projection below `inner` (see convertedRows); "" when there are none
   */
  computed: string;
  /** with `rangesFromStatistics`: the ranges of the integer fields left unchecked */
  ranges: IntegerRange[];
}

/** The staged rows of `relation` with the plan's values computed once as columns of their own, as a SELECT. */
export function convertedRows(plan: MappingPlan, relation: string): string {
  const below = plan.computed ? `(SELECT *, ${plan.computed} FROM ${relation})` : relation;
  return `SELECT *${plan.inner ? `, ${plan.inner}` : ""} FROM ${below}`;
}

export interface PlanOptions {
  /** compute each checked value once, in `inner`, instead of in the projection and again in its checks */
  hoist?: boolean;
  /**
   * an integer field whose value is its source's as it is gets no range check: its range is in
   * `ranges`, to be proven before rows are stored this way (a pure rename, rename-fast-path.ts)
   */
  rangesFromStatistics?: boolean;
  /** error messages (or NULL) of the staged row, checked before the mapping's own (a change-data row without a key) */
  rowChecks?: readonly string[];
  /** how a refusal names the source's columns (a run's staged data unless said) */
  sourceWords?: SourceWords;
}

type Tree = MappedTree;

/** The mappings into one array field: by element index (`a[0].b`) or for every element (`a[*].b`). */
interface ArrayTarget {
  names: string[];
  property: XdmProperty;
  mode: "index" | "each";
  elements: Array<{ index: number; inner: string[]; rule: MappingRule; source: SourceValue }>;
}

export function planMapping(
  rules: readonly MappingRule[],
  schema: DatasetSchema,
  columns: readonly SourceColumn[],
  passThrough: readonly string[] = [],
  options: PlanOptions = {},
): MappingPlan {
  // without a prototype: a field named "__proto__" is a field here, never Object.prototype
  const tree: Tree = Object.create(null);
  const inner = new Map<string, string>();
  const computed = new Map<string, string>();
  const hoist: Hoist | undefined = options.hoist
    ? { converted: columnFor(inner, "__converted_"), computed: columnFor(computed, "__computed_") }
    : undefined;
  const checks: string[] = [...(options.rowChecks ?? [])];
  const ranges: IntegerRange[] = [];
  const rangeSink = options.rangesFromStatistics ? (range: IntegerRange) => ranges.push(range) : undefined;
  const mapped = new Map<string, string>();
  const arrays = new Map<string, ArrayTarget>();
  const mapNumbers = new MapValueNumbers();
  const place = (names: readonly string[], sql: string, destination: string) => {
    insertLeaf(tree, names, sql, destination);
    mapped.set(names.join("."), sql);
  };
  const unnamable = fieldNameProblem(schema as XdmProperty);
  if (unnamable !== undefined) throw new MappingError(unnamable);
  for (const rule of withObjectCopies(rules, schema, columns, options.sourceWords)) {
    const steps = parsePath(rule.destinationXdmPath);
    const arrayAt = steps.findIndex((step) => step.kind !== "field");
    const source = sourceValue(rule, columns, options.sourceWords);
    mapNumbers.add(schema, steps, rule.destinationXdmPath, source.type);
    if (arrayAt < 0) {
      const names = fieldNames(steps);
      const property = fieldAlong(schema, names);
      if (!property || !xdmKind(property)) throw new MappingError(`destinationXdmPath ${rule.destinationXdmPath} is not a field of the schema`);
      const converted = convertOnce(source, property, { source: rule.sourceAttribute, destination: rule.destinationXdmPath }, hoist, names.length === 1 ? rangeSink : undefined);
      place(names, converted.sql, rule.destinationXdmPath);
      checks.push(...converted.checks);
      continue;
    }
    arrayTarget(arrays, schema, rule, steps, arrayAt, source);
  }
  mapNumbers.check();
  const element = lambdaParameter("dst_i", [...columns.map((c) => c.name), ...passThrough]);
  for (const target of arrays.values()) {
    const built = arrayValue(target, element, hoist);
    place(target.names, built.sql, target.names.join("."));
    checks.push(...built.checks);
  }
  checks.push(...(schema.requiredFields ?? []).flatMap((field) => missingValueCheck(field, mapped, schema)));
  if (Object.keys(tree).length === 0) throw new MappingError("the mapping set maps no field");
  const projection = [...treeProjection(schema.properties ?? {}, tree), ...passThrough.map(quoteIdent)];
  const errors = checks.length === 0 ? "[]::VARCHAR[]" : `list_filter([${checks.join(", ")}], e -> e IS NOT NULL)`;
  const selectList = (values: Map<string, string>) => [...values].map(([sql, name]) => `${sql} AS ${name}`).join(", ");
  return {
    projection: projection.join(", "),
    errors,
    firstError: checks.length === 0 ? "NULL::VARCHAR" : checks.length === 1 ? checks[0] : `coalesce(${checks.join(", ")})`,
    canFail: checks.length > 0,
    inner: selectList(inner),
    computed: selectList(computed),
    ranges,
  };
}

/** Where values computed once go: the checked values (conversion.ts) and the expressions read more than once. */
interface Hoist {
  converted: (sql: string) => string;
  computed: (sql: string) => string;
}

/** A column name per distinct SQL value, `<prefix><n>`, kept in `columns`. */
function columnFor(columns: Map<string, string>, prefix: string) {
  return (sql: string) => {
    if (!columns.has(sql)) columns.set(sql, quoteIdent(`${prefix}${columns.size}`));
    return columns.get(sql)!;
  };
}

/**
 * The conversion of a source; an expression its conversion and checks would evaluate more than once
 * is computed once instead, in a column of its own (a conversion reads its source in several places,
 * and a volatile expression such as uuid() must be checked as the value it stores).
 */
function convertOnce(given: SourceValue, property: XdmProperty, paths: ConversionPaths, hoist: Hoist | undefined, ranges?: (range: IntegerRange) => void) {
  // an expression's date into a string field is spelled as the expression language spells it (AEP's
  // 2019-10-23T11:24:00Z, fractional seconds only when there are some, in the date's zone); a timestamp column keeps its microseconds
  const source = given.computed ? spelledDates(given, property) : given;
  const named = { ...paths, constant: source.constant };
  const own = source.checks ?? [];
  const readTwice = hoist && source.computed && readsOf(source.sql, [...own, ...convertedTexts(convert(source, property, named))]) > 1;
  const value = readTwice ? hoist.computed(source.sql) : source.sql;
  const converted = convert({ ...source, sql: value }, property, named, { hoist: hoist?.converted, ranges });
  // why the value could not be computed (an overflow, whose check reads the value too) comes first:
  // a conversion or a required field would only see its null
  return { sql: converted.sql, checks: [...own.map((check) => check.split(source.sql).join(value)), ...converted.checks] };
}

/** An expression's date, or list of dates, into a string field or an array of strings: their text in their zone. */
function spelledDates(given: SourceValue, property: XdmProperty): SourceValue {
  if (given.type === TIMESTAMPTZ && xdmKind(property) === "string") return { ...given, sql: isoText(given.sql, given.zone), type: "VARCHAR" };
  if (given.type === TIMESTAMPTZ_LIST && property.items && xdmKind(property.items) === "string") return { ...given, sql: isoTexts(given.sql, given.zone), type: "VARCHAR[]" };
  return given;
}

const convertedTexts = (converted: { sql: string; checks: string[] }) => [converted.sql, ...converted.checks];

function readsOf(sql: string, texts: readonly string[]): number {
  return texts.reduce((n, text) => n + text.split(sql).length - 1, 0);
}

/** Files a mapping into an array field (`a[0].b`, `a[*].b`) under that field's target. */
function arrayTarget(arrays: Map<string, ArrayTarget>, schema: DatasetSchema, rule: MappingRule, steps: PathStep[], arrayAt: number, source: SourceValue): void {
  const names = fieldNames(steps.slice(0, arrayAt));
  const property = fieldAlong(schema, names);
  const destination = rule.destinationXdmPath;
  if (!property) throw new MappingError(`destinationXdmPath ${destination} is not a field of the schema`);
  if (property.type !== "array" || !property.items) throw new MappingError(`destinationXdmPath ${destination}: ${names.join(".")} is not an array`);
  const step = steps[arrayAt];
  const inner = steps.slice(arrayAt + 1);
  if (inner.some((s) => s.kind !== "field")) throw new MappingError(`destinationXdmPath ${destination}: only one array step per destination is supported`);
  const mode = step.kind === "each" ? "each" : "index";
  const key = names.join("\u0000");
  const target = arrays.get(key) ?? { names, property, mode, elements: [] };
  if (target.mode !== mode) throw new MappingError(`destinationXdmPath ${destination}: ${names.join(".")} is mapped both by element index and for every element`);
  arrays.set(key, target);
  target.elements.push({ index: step.kind === "index" ? step.index : 0, inner: fieldNames(inner), rule, source });
}

/** The whole array of an array target, and the checks of its converted elements; `n` names the element's position in the lambda zipping lists. */
function arrayValue(target: ArrayTarget, n: string, hoist?: Hoist): { sql: string; checks: string[] } {
  const items = target.property.items!;
  const checks: string[] = [];
  const leafOf = (element: ArrayTarget["elements"][number]) => {
    const property = fieldAlong(items, element.inner);
    if (!property || !xdmKind(property)) throw new MappingError(`destinationXdmPath ${element.rule.destinationXdmPath} is not a field of the schema`);
    return property;
  };
  const paths = (element: ArrayTarget["elements"][number]) => ({ source: element.rule.sourceAttribute, destination: element.rule.destinationXdmPath });
  if (target.mode === "each") {
    // each mapping gives a converted list; the array's n-th element is built from every list's n-th value
    const lists = target.elements.map((element) => {
      const converted = convertOnce(element.source, { type: "array", items: leafOf(element) }, paths(element), hoist);
      checks.push(...converted.checks);
      return { element, sql: converted.sql };
    });
    if (lists.length === 1 && lists[0].element.inner.length === 0) return { sql: lists[0].sql, checks };
    const tree: Tree = Object.create(null);
    for (const { element, sql } of lists) insertLeaf(tree, element.inner, `(${sql})[${n}]`, element.rule.destinationXdmPath);
    const length = `greatest(${lists.map(({ sql }) => `len(${sql})`).join(", ")})`;
    return { sql: `list_transform(range(1, ${length} + 1), ${n} -> ${valueOf(items, tree)})`, checks };
  }
  const byIndex = new Map<number, Tree | string>();
  const numbers = new Map<string, ElementNumber[]>();
  for (const element of target.elements) {
    const leaf = leafOf(element);
    const elementNumbers =
      element.inner.length === 0 && xdmKind(leaf) === "object"
        ? wholeElementNumbers(leaf, element.source.type, element.rule.destinationXdmPath)
        : new Map(xdmKind(leaf) === "number" ? [[element.inner.join("."), { destination: element.rule.destinationXdmPath, type: element.source.type }]] : []);
    for (const [field, number] of elementNumbers) numbers.set(field, [...(numbers.get(field) ?? []), number]);
    const converted = convertOnce(element.source, leaf, paths(element), hoist);
    checks.push(...converted.checks);
    if (element.inner.length === 0) {
      if (byIndex.has(element.index)) throw new MappingError(`${element.rule.destinationXdmPath} is mapped twice`);
      byIndex.set(element.index, converted.sql);
      continue;
    }
    const tree = byIndex.get(element.index) ?? Object.create(null);
    if (typeof tree === "string") throw new MappingError(`${element.rule.destinationXdmPath} is mapped inside a mapped value`);
    insertLeaf(tree, element.inner, converted.sql, element.rule.destinationXdmPath);
    byIndex.set(element.index, tree);
  }
  for (const field of numbers.values()) checkElementNumbers(field);
  const last = Math.max(...byIndex.keys());
  const siblings = siblingTree([...byIndex.values()]);
  const values = Array.from({ length: last + 1 }, (_, i) => valueOf(items, byIndex.get(i), siblings) ?? "NULL");
  return { sql: `CASE WHEN ${anyNotNull(values)} THEN [${values.join(", ")}] END`, checks };
}

function insertLeaf(tree: Tree, names: readonly string[], sql: string, destination: string): void {
  let node = tree;
  for (const name of names.slice(0, -1)) {
    const next = node[name];
    if (typeof next === "string") throw new MappingError(`${destination} is mapped inside a mapped value`);
    node = (node[name] = next ?? Object.create(null)) as Tree;
  }
  if (node[names.at(-1)!] !== undefined) throw new MappingError(`${destination} is mapped twice`);
  node[names.at(-1)!] = sql;
}

/**
 * The check that a row holds a value for a required field (`ROW_ERROR`, as a conversion's). A field
 * inside a mapped object is the object's business; a field no rule reaches is refused when the flow
 * is created, so a run only meets one when its mapping set changed since. A field required within an
 * optional object (`field.within`) is checked in the rows where that object has a value (any of
 * the values mapped into it, as its struct is built: dataset-tree.ts), and not at all when nothing
 * is mapped into it.
 */
function missingValueCheck(field: RequiredField, mapped: ReadonlyMap<string, string>, schema: DatasetSchema): string[] {
  const inObject = memberOfMappedObject(field, mapped, schema);
  const value = inObject?.value ?? mapped.get(field.path);
  const within = field.within === undefined ? undefined : [...mapped].filter(([path]) => path.startsWith(`${field.within}.`)).map(([, sql]) => sql);
  if (value === undefined) {
    if ([...mapped.keys()].some((path) => field.path.startsWith(`${path}.`))) return [];
    if (within !== undefined && within.length === 0) return [];
    throw new MappingError(`${field.path} is ${field.reason} but no mapping targets it`);
  }
  const present = inObject?.present ?? (within === undefined ? undefined : anyNotNull(within));
  const objectPresent = present === undefined ? "" : ` AND ${present}`;
  return [`CASE WHEN (${value}) IS NULL${objectPresent} THEN ${quoteLiteral(`${ROW_ERROR}the row has no value for ${field.path}, ${field.reason}`)} END`];
}

/**
 * A required field inside an object mapped whole (a struct, converted: it has every field of the
 * object): its member read out of the struct, and, when the object it is required within lies in
 * that struct too, that object's presence. Undefined when no object mapped whole holds it through
 * objects only.
 */
function memberOfMappedObject(field: RequiredField, mapped: ReadonlyMap<string, string>, schema: DatasetSchema): { value: string; present?: string } | undefined {
  const outer = [...mapped.keys()].find((path) => field.path.startsWith(`${path}.`));
  if (outer === undefined) return undefined;
  const names = field.path.split(".");
  const depth = outer.split(".").length;
  const root = { properties: schema.properties ?? {} } as XdmProperty;
  // struct members all the way: an array or a map on the way holds no one member per row
  for (let length = depth; length < names.length; length++) if (xdmKind(fieldAlong(root, names.slice(0, length)) ?? {}) !== "object") return undefined;
  const member = (length: number) => names.slice(depth, length).reduce((sql, name) => `struct_extract(${sql}, ${quoteLiteral(name)})`, `(${mapped.get(outer)})`);
  const withinLength = field.within?.split(".").length;
  return { value: member(names.length), present: withinLength !== undefined && withinLength >= depth ? `${member(withinLength)} IS NOT NULL` : undefined };
}
