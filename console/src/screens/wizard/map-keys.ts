/**
 * Paths inside a map's keys, which no tree can list: the user types the path
 * (`identityMap.Email[0].id`, `attributes.color` on the target; `ids.crm` under a MAP column on the
 * source) and it is checked as the service checks a mapping's path: a key (`${…}` when it holds a
 * dot or a bracket), then `[n]` or `[*]` only on an array and `.name` only on a field of an object
 * or a key of a nested map; a source map's keys must be text, as the service reads no other key by a path.
 * The source tree's rows are made here too, a column's key types read from its Databricks type.
 * This module imports nothing, for tests.
 */

/** The parts of a schema field a typed path walks (XdmField's, named here). */
export interface KeyField {
  type?: string;
  format?: string;
  "meta:xdmType"?: string;
  properties?: Record<string, KeyField>;
  items?: KeyField;
  additionalProperties?: KeyField | boolean;
  /** a source map's key type when its keys are not text (Spark's `int`…): no path names one of its keys */
  keys?: string;
}

/** A field's row of the target tree (xdm-tree.ts's TargetRow adds what the tree says of it): what a typed key's row needs and gives. */
export interface KeyRow {
  path: string;
  depth: number;
  name: string;
  type: string;
  /** an object whose fields follow; not mapped itself */
  group: boolean;
  required: boolean;
  /** for a map field, what its keys hold: the user may type paths into its keys */
  mapValue?: KeyField;
}

export const typeOf = (field: KeyField) => field["meta:xdmType"] ?? field.format ?? field.type ?? "object";

/** The field a map's keys hold, or undefined for a field that is no map. */
export function mapValueOf(field: KeyField): KeyField | undefined {
  const values = field.additionalProperties;
  const isMap = field["meta:xdmType"] === "map" || (field.type === "object" && !!values && !field.properties);
  if (!isMap) return undefined;
  return typeof values === "object" ? values : { type: "string" };
}

/** One step of the typed path: a name (a key or a field), or an array step. */
const STEP = /^(?:\.\$\{([^}]+)\}|\.([^.[\]${}]+)|\[(\d+|\*)\])/;

/** A row of a map, on either side: its path, what its keys hold and, on the source side, their type when it is not text. */
export interface MapRow {
  path: string;
  mapValue: KeyField;
  keys?: string;
}

/** What a typed path under a map is checked against: how it names a field missing there, and a key to show in the path's form. */
interface Side {
  missing: string;
  exampleKey: string;
}
const TARGET: Side = { missing: "a field of the schema", exampleKey: "Email[0].id" };
const SOURCE: Side = { missing: "a member of the source column", exampleKey: "crm" };

/** The field at a typed path under a map row, or why the service would refuse the path. */
function keyPathField(map: MapRow, typed: string, side: Side): { path: string; field: KeyField } | { problem: string } {
  const path = typed.trim();
  if (!path.startsWith(`${map.path}.`)) return { problem: `A key of ${map.path} is written ${map.path}.<key>, such as ${map.path}.${side.exampleKey}` };
  let rest = path.slice(map.path.length);
  let field: KeyField = { type: "object", "meta:xdmType": "map", additionalProperties: map.mapValue, ...(map.keys && { keys: map.keys }) };
  let where = map.path;
  while (rest.length > 0) {
    const step = STEP.exec(rest);
    if (!step) return { problem: `${path} is not a valid path after ${where}: expected .name, .\${name with dots}, [n] or [*]` };
    const [text, quoted, plain, arrayStep] = step;
    const next = arrayStep !== undefined ? elementOf(field, where) : memberOf(field, quoted ?? plain, where, side);
    if (typeof next === "string") return { problem: next };
    field = next;
    where += text;
    rest = rest.slice(text.length);
  }
  return { path, field };
}

/** The row of a typed path under the map row, or why the service would refuse it as a destination. */
export function mapKeyTarget(map: KeyRow & { mapValue: KeyField }, typed: string): KeyRow | { problem: string } {
  const found = keyPathField(map, typed, TARGET);
  if ("problem" in found) return found;
  const { path, field } = found;
  return { path, depth: map.depth + 1, name: path.slice(map.path.length + 1), type: typeOf(field), group: false, required: false };
}

function elementOf(field: KeyField, where: string): KeyField | string {
  if (field?.type !== "array" || !field.items) return `${where} is not an array: [n] and [*] only follow an array`;
  return field.items;
}

function memberOf(field: KeyField, name: string, where: string, side: Side): KeyField | string {
  const values = mapValueOf(field);
  if (values) return field.keys ? `the keys of ${where} are ${field.keys}, not text: a path reads a key only of a map of string keys` : values;
  const member = field.properties?.[name];
  return member ?? `${where}.${name} is not ${side.missing}`;
}

/** The rows of typed paths among `paths` (a draft's fields) that the tree's map rows take, each made by `rowOf` (mapKeyTarget on the target side). */
export function keyRowsOf<Row extends { path: string; mapValue?: KeyField }>(rows: readonly Row[], paths: Iterable<string>, rowOf: (map: Row & { mapValue: KeyField }, path: string) => Row | { problem: string }): Row[] {
  const known = new Set(rows.map((t) => t.path));
  return [...new Set(paths)].flatMap((path) => {
    const map = rows.find((t) => t.mapValue && path.startsWith(`${t.path}.`));
    if (known.has(path) || !map) return [];
    const row = rowOf(map as Row & { mapValue: KeyField }, path);
    return "problem" in row ? [] : [row];
  });
}

/** The tree's rows with each typed key's row after its map's row. */
export function withKeyRows<Row extends { path: string; mapValue?: KeyField }>(targets: readonly Row[], keys: readonly Row[]): Row[] {
  return targets.flatMap((target) => [target, ...(target.mapValue ? keys.filter((key) => key.path.startsWith(`${target.path}.`)) : [])]);
}

/** A destination path's steps, its keys as written: `identityMap.${CRM.ID}[0].id` → CRM.ID, 0, id. */
const PATH_STEP = /\$\{([^}]+)\}|([^.[\]${}]+)|\[(\d+|\*)\]/g;

/** The value at a destination path in a previewed row: fields and keys by name, `[n]` an element, `[*]` each element's. */
export function valueAtPath(data: unknown, path: string): unknown {
  const steps = [...path.matchAll(PATH_STEP)].map(([, quoted, plain, element]): { name: string } | { element: string } => (element === undefined ? { name: quoted ?? plain } : { element }));
  const walk = (value: unknown, at: number): unknown => {
    if (at === steps.length || value === null || value === undefined) return value;
    const step = steps[at];
    if ("name" in step) return walk((value as Record<string, unknown>)[step.name], at + 1);
    if (!Array.isArray(value)) return undefined;
    return step.element === "*" ? value.map((element) => walk(element, at + 1)) : walk(value[Number(step.element)], at + 1);
  };
  return walk(data, 0);
}

/** A row of the source tree: a column, a member of a struct column, or a path typed under a map. */
export interface SourceRow {
  path: string;
  depth: number;
  type: string;
  /** for a MAP column (or a map inside a struct column), what its keys hold: the user may type paths into its keys */
  mapValue?: KeyField;
  /** its keys' type when they are not text, which no path reads */
  keys?: string;
}

/** The rows of the table's columns as explore gives them (flowservice.ts's Column): each column, then its struct members. */
export function sourceRows(columns: ReadonlyArray<{ name: string; type: string; xdm?: object }>): SourceRow[] {
  const rows: SourceRow[] = [];
  const walk = (name: string, type: string, field: KeyField | undefined, depth: number) => {
    const mapValue = field && mapValueOf(field);
    rows.push({ path: name, depth, type, ...(mapValue && { mapValue }), ...(mapValue && field.keys && { keys: field.keys }) });
    if (field?.type === "object" && field.properties) {
      for (const [child, member] of Object.entries(field.properties)) walk(`${name}.${child}`, member["meta:xdmType"] ?? member.format ?? member.type ?? "", member, depth + 1);
    }
  };
  for (const column of columns) walk(column.name, column.type, column.xdm && withKeyTypes(column.xdm as KeyField, parseSparkType(column.type)), 0);
  return rows;
}

/** The source row of a path typed under a MAP column's keys (ids.crm), or why the service would refuse it as a mapping's source. */
export function mapKeySource(map: SourceRow & MapRow, typed: string): SourceRow | { problem: string } {
  const found = keyPathField(map, typed, SOURCE);
  if ("problem" in found) return found;
  return { path: found.path, depth: map.depth + 1, type: typeOf(found.field) };
}

/** A Databricks type as explore gives a column's (Spark's simpleString, `map<string,struct<city:string>>`), read for what its XDM field leaves out: a map's key type. */
/** A type: its name (`map`, `struct`, `int`, `decimal`…) and, for a map, array or struct, what it holds. */
export interface SparkType {
  name: string;
  /** a map's key and value, an array's element */
  args: SparkType[];
  /** a struct's fields by name */
  fields: Array<[string, SparkType]>;
}

/** The type `text` writes, or undefined for a text that is not a simpleString. */
export function parseSparkType(text: string): SparkType | undefined {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(text);
  };
  const expect = (char: string) => (text[at] === char ? at++ : fail());
  const fieldName = (): string => {
    if (text[at] !== "`") {
      const end = text.indexOf(":", at);
      return end < 0 ? fail() : text.slice(at, (at = end));
    }
    let name = "";
    for (at++; ; at++) {
      if (at >= text.length) fail();
      if (text[at] === "`" && text[at + 1] === "`") name += text[at++];
      else if (text[at] === "`") return at++, name;
      else name += text[at];
    }
  };
  const type = (): SparkType => {
    const name = /^[a-z_]+/i.exec(text.slice(at))?.[0] ?? fail();
    at += name.length;
    const node: SparkType = { name: name.toLowerCase(), args: [], fields: [] };
    if (text[at] === "(") at = text.indexOf(")", at) + 1 || fail(); // decimal(10,2), varchar(8)
    if (text[at] !== "<") return node;
    at++;
    while (text[at] !== ">") {
      if (node.name === "struct") {
        const field = fieldName();
        expect(":");
        node.fields.push([field, type()]);
      } else node.args.push(type());
      if (text[at] === ",") at++;
      else if (text[at] !== ">") fail();
    }
    at++;
    return node;
  };
  try {
    const parsed = type();
    return at === text.length ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Spark's text key types, which the staged MAP column keys by text. */
const TEXT = new Set(["string", "varchar", "char"]);

/** The column's XDM field with each map whose keys are not text marked with their type (KeyField's `keys`). */
export function withKeyTypes(field: KeyField, type: SparkType | undefined): KeyField {
  if (!type) return field;
  const [first, second] = type.args;
  const values = field.additionalProperties;
  if (type.name === "map" && first) return { ...field, ...(!TEXT.has(first.name) && { keys: first.name }), ...(typeof values === "object" && { additionalProperties: withKeyTypes(values, second) }) };
  if (type.name === "array" && field.items) return { ...field, items: withKeyTypes(field.items, first) };
  if (type.name === "struct" && field.properties) {
    const fields = new Map(type.fields);
    return { ...field, properties: Object.fromEntries(Object.entries(field.properties).map(([name, member]) => [name, withKeyTypes(member, fields.get(name))])) };
  }
  return field;
}
