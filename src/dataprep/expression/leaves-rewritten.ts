/**
 * A value of any DuckDB type with some of the scalars it holds (at any depth: a struct's members, a
 * list's elements, a map's keys and values) rewritten by one SQL expression each, and the type it
 * then has. Built from the value's type: one expression over the row, no extra pass; a part of the
 * value holding no such scalar is left as it is.
 */
import { type DuckType, duckTypeToString, holdsPrimitive, quoteIdent, quoteLiteral } from "../../delta/index.js";

/** How a scalar of type `name` is rewritten (`sql` its value, `place` where it sits), or undefined to leave it. */
export interface LeafRewrite {
  rewrite(sql: string, name: string, place: "key" | "value"): string | undefined;
  /** the type of a rewritten scalar */
  type: string;
  /** the prefix of the lambdas' parameters: a rewriting's own lambdas need another */
  prefix: string;
}

const rewrites = (leaf: LeafRewrite, type: DuckType) => holdsPrimitive(type, (name) => leaf.rewrite("", name, "value") !== undefined || leaf.rewrite("", name, "key") !== undefined);

/** The value's SQL with its scalars rewritten; the SQL unchanged when its type holds none. */
export function leavesRewritten(sql: string, type: DuckType, leaf: LeafRewrite, place: "key" | "value" = "value", depth = 0): string {
  if (!rewrites(leaf, type)) return sql;
  // the lambda's body reads only its parameter, so the name cannot hide a column it needs
  const element = `${leaf.prefix}_e${depth}`;
  switch (type.kind) {
    case "primitive":
      return leaf.rewrite(sql, type.name, place) ?? sql;
    case "list":
    case "array":
      return `list_transform(${sql}, ${element} -> ${leavesRewritten(element, type.element, leaf, "value", depth + 1)})`;
    case "struct": {
      // the struct is named once by a lambda, so its SQL is not repeated for each member
      const struct = `${leaf.prefix}_s${depth}`;
      const members = type.fields.map(({ name, type: field }) => `${quoteIdent(name)} := ${leavesRewritten(`struct_extract(${struct}, ${quoteLiteral(name)})`, field, leaf, "value", depth + 1)}`);
      return `list_transform([${sql}], ${struct} -> CASE WHEN ${struct} IS NOT NULL THEN struct_pack(${members.join(", ")}) END)[1]`;
    }
    case "map": {
      const entry = (part: "key" | "value", of: DuckType) => leavesRewritten(`struct_extract(${element}, '${part}')`, of, leaf, part, depth + 1);
      return `map_from_entries(list_transform(map_entries(${sql}), ${element} -> struct_pack(key := ${entry("key", type.key)}, value := ${entry("value", type.value)})))`;
    }
  }
}

/** The type of the value leavesRewritten makes. */
export function typeRewritten(type: DuckType, leaf: LeafRewrite, place: "key" | "value" = "value"): DuckType {
  switch (type.kind) {
    case "primitive":
      return leaf.rewrite("", type.name, place) === undefined ? type : { kind: "primitive", name: leaf.type };
    case "list":
    case "array":
      return { kind: "list", element: typeRewritten(type.element, leaf) };
    case "struct":
      return { kind: "struct", fields: type.fields.map(({ name, type: field }) => ({ name, type: typeRewritten(field, leaf) })) };
    case "map":
      return { kind: "map", key: typeRewritten(type.key, leaf, "key"), value: typeRewritten(type.value, leaf) };
  }
}

export const typeTextRewritten = (type: DuckType, leaf: LeafRewrite) => duckTypeToString(typeRewritten(type, leaf));
