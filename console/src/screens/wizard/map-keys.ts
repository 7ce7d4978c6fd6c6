/**
 * Target fields inside a map field's keys, which the target tree cannot list: the user types the
 * path (`identityMap.Email[0].id`, `attributes.color`) and it is checked as the service checks a
 * mapping's destination: a key (`${…}` when it holds a dot or a bracket), then `[n]` or `[*]` only
 * on an array and `.name` only on a field of an object or a key of a nested map.
 */

/** The parts of a schema field a typed path walks (XdmField's, named here: this module imports nothing, for tests). */
export interface KeyField {
  type?: string;
  format?: string;
  "meta:xdmType"?: string;
  properties?: Record<string, KeyField>;
  items?: KeyField;
  additionalProperties?: KeyField | boolean;
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

/** The row of a typed path under the map row, or why the service would refuse it as a destination. */
export function mapKeyTarget(map: KeyRow & { mapValue: KeyField }, typed: string): KeyRow | { problem: string } {
  const path = typed.trim();
  if (!path.startsWith(`${map.path}.`)) return { problem: `A key of ${map.path} is written ${map.path}.<key>, such as ${map.path}.Email[0].id` };
  let rest = path.slice(map.path.length);
  let field: KeyField | undefined;
  let where = map.path;
  while (rest.length > 0) {
    const step = STEP.exec(rest);
    if (!step) return { problem: `${path} is not a valid path after ${where}: expected .name, .\${name with dots}, [n] or [*]` };
    const [text, quoted, plain, arrayStep] = step;
    const next = arrayStep !== undefined ? elementOf(field, where) : field === undefined ? map.mapValue : memberOf(field, quoted ?? plain, where);
    if (typeof next === "string") return { problem: next };
    field = next;
    where += text;
    rest = rest.slice(text.length);
  }
  if (!field) return { problem: `${path} names no key of ${map.path}` };
  return { path, depth: map.depth + 1, name: path.slice(map.path.length + 1), type: typeOf(field), group: false, required: false };
}

function elementOf(field: KeyField | undefined, where: string): KeyField | string {
  if (field?.type !== "array" || !field.items) return `${where} is not an array: [n] and [*] only follow an array`;
  return field.items;
}

function memberOf(field: KeyField, name: string, where: string): KeyField | string {
  const values = mapValueOf(field);
  if (values) return values;
  const member = field.properties?.[name];
  return member ?? `${where}.${name} is not a field of the schema`;
}

/** The rows of typed paths among `paths` (a draft's target fields) that the tree's map rows take. */
export function keyRowsOf(targets: readonly KeyRow[], paths: Iterable<string>): KeyRow[] {
  const known = new Set(targets.map((t) => t.path));
  return [...paths].flatMap((path) => {
    const map = targets.find((t) => t.mapValue && path.startsWith(`${t.path}.`));
    if (known.has(path) || !map) return [];
    const row = mapKeyTarget(map as KeyRow & { mapValue: KeyField }, path);
    return "problem" in row ? [] : [row];
  });
}

/** The tree's rows with each typed key's row after its map's row. */
export function withKeyRows<Row extends KeyRow>(targets: readonly Row[], keys: readonly Row[]): Row[] {
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
