/**
 * A dataset's Delta table holds its schema's whole resolved tree, mapped or not: the columns
 * follow the schema, not the mapping set. The projection puts each mapped field's converted value
 * in its place and a NULL of the field's stored type everywhere else, so a later mapping that
 * reaches more fields writes into the same columns.
 */
import { quoteIdent, quoteLiteral } from "../delta/index.js";
import { type XdmProperty, xdmKind } from "../schemaregistry/xdm-fields.js";

/** Mapped values by field name: a SQL expression, or the mapped fields inside an object. */
export interface MappedTree {
  [field: string]: MappedTree | string;
}

const INTEGER_TYPES: Record<string, string> = { byte: "BIGINT", short: "BIGINT", int: "BIGINT", long: "BIGINT" };

/**
 * The DuckDB type a dataset stores an unmapped field in, or undefined for a field that holds
 * nothing (an object without fields).
 */
export function storedTypeOf(property: XdmProperty): string | undefined {
  const xdmType = property["meta:xdmType"];
  if (xdmType === "map" || (property.type === "object" && property.additionalProperties && !property.properties)) {
    const value = property.additionalProperties ? storedTypeOf(property.additionalProperties) : "VARCHAR";
    return value && `MAP(VARCHAR, ${value})`;
  }
  if (xdmType === "date" || (property.type === "string" && property.format === "date")) return "DATE";
  if (xdmType === "date-time" || (property.type === "string" && property.format === "date-time")) return "TIMESTAMPTZ";
  if (xdmType && INTEGER_TYPES[xdmType]) return INTEGER_TYPES[xdmType];
  switch (property.type) {
    case "string":
      return "VARCHAR";
    case "integer":
      return "BIGINT";
    case "number":
      return "DOUBLE";
    case "boolean":
      return "BOOLEAN";
    case "array": {
      const element = property.items && storedTypeOf(property.items);
      return element && `${element}[]`;
    }
    case "object": {
      const fields = storedFields(property.properties ?? {});
      return fields.length === 0 ? undefined : `STRUCT(${fields.map(([name, type]) => `${quoteIdent(name)} ${type}`).join(", ")})`;
    }
  }
  return undefined;
}

function storedFields(properties: Record<string, XdmProperty>): Array<[string, string]> {
  return Object.entries(properties).flatMap(([name, property]) => {
    const type = storedTypeOf(property);
    return type ? [[name, type] as [string, string]] : [];
  });
}

/** The SELECT list of the whole tree: `<value> AS "<field>"` for every top-level field of the schema. */
export function treeProjection(properties: Record<string, XdmProperty>, mapped: MappedTree): string[] {
  return Object.entries(properties).flatMap(([name, property]) => {
    const value = valueOf(property, Object.hasOwn(mapped, name) ? mapped[name] : undefined);
    return value === undefined ? [] : [`${value} AS ${quoteIdent(name)}`];
  });
}

/**
 * A field's value: its mapped expression; for an object with mapped fields inside, a struct of
 * all its fields (NULL when none of the mapped ones has a value, so a missing parent stays
 * missing); NULL of its type otherwise.
 *
 * For an element of an array built by index, `siblings` holds what the array's other elements
 * map (siblingTree): a field one of them maps is an untyped NULL here, which takes the type their
 * value gives it. A NULL of its stored type would not: beside a DECIMAL, a NULL::DOUBLE makes
 * DuckDB's list of them a list of DOUBLEs, rounding the DECIMAL.
 */
export function valueOf(property: XdmProperty, mapped: MappedTree | string | undefined, siblings?: MappedTree | string): string | undefined {
  if (typeof mapped === "string") return xdmKind(property) === "map" && isIdentityList(mapValueProperty(property)) ? identityMapWithIds(mapped) : mapped;
  if (mapped === undefined) {
    if (siblings !== undefined) return "NULL";
    const type = storedTypeOf(property);
    return type && `NULL::${type}`;
  }
  if (xdmKind(property) === "map") return mapValue(property, mapped);
  const members = Object.entries(property.properties ?? {}).flatMap(([name, child]) => {
    const value = valueOf(child, Object.hasOwn(mapped, name) ? mapped[name] : undefined, memberOf(siblings, name));
    return value === undefined ? [] : [[name, value] as [string, string]];
  });
  const struct = `struct_pack(${members.map(([name, value]) => `${quoteIdent(name)} := ${value}`).join(", ")})`;
  return `CASE WHEN ${anyNotNull(mappedLeaves(mapped))} THEN ${struct} END`;
}

/**
 * A map built from the values mapped under its keys (`attributes.color`, `identityMap.Email[0].id`):
 * one entry per key that has a value in the row, NULL when none has. An identity without an id is
 * no identity: it is left out of its namespace's list, and a namespace left with none is left out.
 */
function mapValue(property: XdmProperty, keys: MappedTree): string {
  const valueProperty = mapValueProperty(property);
  const entries = Object.entries(keys).map(([key, mapped]) => {
    const value = valueOf(valueProperty, mapped)!;
    return [key, isIdentityList(valueProperty) ? identitiesWithId(value) : value] as const;
  });
  const packed = entries.map(([key, value]) => `struct_pack(key := ${quoteLiteral(key)}, value := ${value})`);
  const entry = "map_entry";
  return `CASE WHEN ${anyNotNull(entries.map(([, value]) => value))} THEN map_from_entries(list_filter([${packed.join(", ")}], ${entry} -> struct_extract(${entry}, 'value') IS NOT NULL)) END`;
}

function mapValueProperty(property: XdmProperty): XdmProperty {
  return property.additionalProperties ?? { type: "string" };
}

/**
 * A whole map of identities mapped at once (identityMap from a MAP column), as one mapped key by
 * key: each namespace keeps its identities that have an id, a namespace left with none is left
 * out, and a map left with no namespace is NULL.
 */
function identityMapWithIds(map: string): string {
  const entry = "identity_entry";
  const entries = `list_transform(map_entries(${map}), ${entry} -> struct_pack(key := struct_extract(${entry}, 'key'), value := ${identitiesWithId(`struct_extract(${entry}, 'value')`)}))`;
  const kept = `map_from_entries(list_filter(${entries}, ${entry} -> struct_extract(${entry}, 'value') IS NOT NULL))`;
  return `CASE WHEN cardinality(${kept}) > 0 THEN ${kept} END`;
}

const IDENTITY_ITEM = "https://ns.adobe.com/xdm/context/identityitem";

/** A map value that is a list of XDM identities (`identityMap`'s): objects with an `id`, of the Identity data type. */
function isIdentityList(property: XdmProperty): boolean {
  const items = property.items as (XdmProperty & { "meta:referencedFrom"?: unknown }) | undefined;
  return property.type === "array" && items?.["meta:referencedFrom"] === IDENTITY_ITEM && Object.hasOwn(items.properties ?? {}, "id");
}

/** The identities of a list that have an id; NULL when none has. */
function identitiesWithId(list: string): string {
  const identity = "identity_item";
  const kept = `list_filter(${list}, ${identity} -> struct_extract(${identity}, 'id') IS NOT NULL)`;
  return `CASE WHEN len(${kept}) > 0 THEN ${kept} END`;
}

/** What the elements of an array map, as one tree: a field is in it when any element maps it (a value mapped whole has every field). */
export function siblingTree(elements: ReadonlyArray<MappedTree | string>): MappedTree | string | undefined {
  const whole = elements.find((element) => typeof element === "string");
  if (whole !== undefined || elements.length === 0) return whole;
  const merged: MappedTree = Object.create(null);
  for (const name of new Set(elements.flatMap((element) => Object.keys(element)))) {
    merged[name] = siblingTree(elements.flatMap((element) => (Object.hasOwn(element as MappedTree, name) ? [(element as MappedTree)[name]] : [])))!;
  }
  return merged;
}

function memberOf(tree: MappedTree | string | undefined, name: string): MappedTree | string | undefined {
  if (typeof tree !== "object") return tree;
  return Object.hasOwn(tree, name) ? tree[name] : undefined;
}

/**
 * SQL: true when any of the values is not NULL. Not an OR: DuckDB evaluates a value that appears
 * both here and in the THEN branch once (its common subexpression elimination), but it does not
 * look past the first operand of an OR, which may short-circuit the rest.
 */
export function anyNotNull(values: readonly string[]): string {
  const tests = values.map((sql) => `(${sql}) IS NOT NULL`);
  return tests.length === 1 ? tests[0] : `greatest(${tests.join(", ")})`;
}

function mappedLeaves(tree: MappedTree): string[] {
  return Object.values(tree).flatMap((value) => (typeof value === "string" ? [value] : mappedLeaves(value)));
}
