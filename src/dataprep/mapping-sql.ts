/**
 * Mapping and validation as DuckDB SQL over the staged rows: one expression per mapped source
 * attribute, converted to the XDM kind of its destination, nested destinations built with
 * struct_pack. A row whose value cannot be converted gets a row error instead of a wrong value.
 * Types never lose precision: BIGINT stays BIGINT, DECIMAL stays DECIMAL for an XDM number, and
 * timestamps keep their microseconds (TIMESTAMPTZ). A row without a value for a field the dataset
 * requires (`DatasetSchema.requiredFields`) gets a row error naming the field.
 */
import { quoteIdent, quoteLiteral } from "../delta/index.js";
import { type DatasetSchema, type RequiredField, propertyAt, xdmKind } from "../schemaregistry/xdm-fields.js";
import { convert } from "./conversion.js";
import { memberType } from "./duckdb-type.js";
import { type MappedTree, treeProjection } from "./dataset-tree.js";
import { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";

export { MappingError, type MappingRule, type SourceColumn } from "./mapping-types.js";

export interface MappingPlan {
  /** SELECT list producing the dataset's columns */
  projection: string;
  /** DuckDB expression: a LIST of error messages for the row (empty when valid) */
  errors: string;
  /** false when no conversion can fail: no row can have an error, nothing to check */
  canFail: boolean;
}

function sourceExpression(attribute: string, columns: readonly SourceColumn[]): { sql: string; type: string } {
  const [head, ...rest] = attribute.split(".");
  const column = columns.find((c) => c.name === head);
  if (!column) throw new MappingError(`source attribute ${attribute} is not a column of the staged data`);
  // a dotted attribute reads inside a STRUCT column
  const sql = [quoteIdent(head), ...rest.map((part) => quoteLiteral(part))].reduce((acc, part) => `struct_extract(${acc}, ${part})`);
  const type = memberType(column.type, rest);
  if (!type) throw new MappingError(`source attribute ${attribute} is not a member of the staged column ${head} (${column.type})`);
  return { sql, type };
}

type Tree = MappedTree;


export function planMapping(
  rules: readonly MappingRule[],
  schema: DatasetSchema,
  columns: readonly SourceColumn[],
  passThrough: readonly string[] = [],
): MappingPlan {
  // without a prototype: a field named "__proto__" is a field here, never Object.prototype
  const tree: Tree = Object.create(null);
  const checks: string[] = [];
  const mapped = new Map<string, string>();
  for (const rule of rules) {
    const property = propertyAt(schema, rule.destinationXdmPath);
    const kind = property && xdmKind(property);
    if (!kind) throw new MappingError(`destinationXdmPath ${rule.destinationXdmPath} is not a field of the schema`);
    const source = sourceExpression(rule.sourceAttribute, columns);
    const converted = convert(source, property, { source: rule.sourceAttribute, destination: rule.destinationXdmPath });
    const segments = rule.destinationXdmPath.split(".");
    let node = tree;
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      if (typeof next === "string") throw new MappingError(`${rule.destinationXdmPath} is mapped inside a mapped value`);
      node = (node[segment] = next ?? Object.create(null)) as Tree;
    }
    node[segments.at(-1)!] = converted.sql;
    mapped.set(rule.destinationXdmPath, converted.sql);
    checks.push(...converted.checks);
  }
  checks.push(...(schema.requiredFields ?? []).flatMap((field) => missingValueCheck(field, mapped)));
  if (Object.keys(tree).length === 0) throw new MappingError("the mapping set maps no field");
  const projection = [...treeProjection(schema.properties ?? {}, tree), ...passThrough.map(quoteIdent)];
  const errors = checks.length === 0 ? "[]::VARCHAR[]" : `list_filter([${checks.join(", ")}], e -> e IS NOT NULL)`;
  return { projection: projection.join(", "), errors, canFail: checks.length > 0 };
}

/**
 * The check that a row holds a value for a required field. A field inside a mapped object is the
 * object's business; a field no rule reaches is refused when the flow is created, so a run only
 * meets one when its mapping set changed since.
 */
function missingValueCheck(field: RequiredField, mapped: ReadonlyMap<string, string>): string[] {
  const value = mapped.get(field.path);
  if (value === undefined) {
    if ([...mapped.keys()].some((path) => field.path.startsWith(`${path}.`))) return [];
    throw new MappingError(`${field.path} is ${field.reason} but no mapping targets it`);
  }
  return [`CASE WHEN (${value}) IS NULL THEN ${quoteLiteral(`the row has no value for ${field.path}, ${field.reason}`)} END`];
}
