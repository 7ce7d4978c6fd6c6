/**
 * schema_of_json(json) as Spark infers a JSON document's type with its default options and writes it in DDL: an integer
 * is a BIGINT (a DECIMAL(p,0) beyond BIGINT's range), another number a DOUBLE, a string a STRING, an object a STRUCT of
 * its keys in name order, an array an ARRAY of its elements' common type (numbers widen, structs merge, anything else
 * mixed is a STRING), a null or an empty array's element a STRING: `ARRAY<STRUCT<`col`: BIGINT>>`. Text that is no JSON
 * is NULL.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { readJson } from "./from-json.js";
import { registerTextFunction } from "./text-functions.js";

type Inferred =
  | { kind: "null" | "bigint" | "double" | "string" | "boolean" }
  | { kind: "decimal"; precision: number }
  | { kind: "array"; element: Inferred }
  | { kind: "struct"; fields: Map<string, Inferred> };

const LONG_MAX = 2n ** 63n - 1n;

function infer(node: ReturnType<typeof readJson>): Inferred {
  switch (node.kind) {
    case "object":
      return { kind: "struct", fields: node.entries.reduce((fields, [key, value]) => fields.set(key, merge(fields.get(key), infer(value))), new Map<string, Inferred>()) };
    case "array":
      return { kind: "array", element: node.items.reduce<Inferred>((element, item) => merge(element, infer(item)), { kind: "null" }) };
    case "number": {
      if (!/^-?\d+$/.test(node.text)) return { kind: "double" };
      const digits = node.text.replace("-", "");
      const value = BigInt(node.text);
      return value <= LONG_MAX && value >= -LONG_MAX - 1n ? { kind: "bigint" } : digits.length <= 38 ? { kind: "decimal", precision: digits.length } : { kind: "double" };
    }
    case "special":
      return { kind: "double" };
    default:
      return { kind: node.kind };
  }
}

/** the type that holds both, as Spark's JSON inference widens two types it meets at one place */
function merge(a: Inferred | undefined, b: Inferred): Inferred {
  if (!a || a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "struct" && b.kind === "struct") {
    const fields = new Map(a.fields);
    b.fields.forEach((type, key) => fields.set(key, merge(fields.get(key), type)));
    return { kind: "struct", fields };
  }
  if (a.kind === "array" && b.kind === "array") return { kind: "array", element: merge(a.element, b.element) };
  const numbers = [a.kind, b.kind];
  if (numbers.every((k) => k === "bigint" || k === "decimal" || k === "double")) {
    if (numbers.includes("double")) return { kind: "double" };
    const precision = (t: Inferred) => (t.kind === "decimal" ? t.precision : 20);
    return a.kind === "bigint" && b.kind === "bigint" ? a : { kind: "decimal", precision: Math.max(precision(a), precision(b)) };
  }
  return a.kind === b.kind ? a : { kind: "string" };
}

function ddl(t: Inferred): string {
  switch (t.kind) {
    case "null":
      return "STRING";
    case "decimal":
      return `DECIMAL(${t.precision},0)`;
    case "array":
      return `ARRAY<${ddl(t.element)}>`;
    case "struct": {
      const names = [...t.fields.keys()].sort();
      return `STRUCT<${names.map((name) => `\`${name.replaceAll("`", "``")}\`: ${ddl(t.fields.get(name)!)}`).join(", ")}>`;
    }
    default:
      return t.kind.toUpperCase();
  }
}

/** Spark's DDL of the type schema_of_json infers for a JSON document; null for text that is no JSON */
export function schemaOfJson(json: string): string | null {
  try {
    return ddl(infer(readJson(json)));
  } catch {
    return null;
  }
}

/** registers spark_schema_of_json(json) for every connection of the database */
export function registerSchemaOfJson(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_schema_of_json", 1, schemaOfJson);
}
