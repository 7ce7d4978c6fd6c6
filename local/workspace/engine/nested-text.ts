/**
 * CAST(x AS STRING) of an ARRAY, MAP or STRUCT as Spark 3.5 writes it, `[1, null]`, `{a -> 1}`, `{1, x}`, from DuckDB's JSON of x
 * and DuckDB's name of x's type: each member as CAST(member AS STRING) writes it, a DOUBLE or FLOAT as Java's Double.toString and
 * Float.toString do (`1.0E10`, `1.0E-5`), a TIMESTAMP in the session's zone without DuckDB's offset, a DECIMAL at its scale, a
 * string as it is. DuckDB's own text of a nested value kept DuckDB's number and timestamp texts (`10000000000.0`, `1e-05`,
 * `2024-03-05 10:11:12+00`).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { atTypeScale } from "./decimal-text.js";
import { readJson } from "./from-json.js";
import { javaFloatingText } from "../../../src/delta/java-text.js";
import { readDuckType, type DuckType } from "./to-json.js";
import { registerTextFunction } from "./text-functions.js";

type JsonNode = ReturnType<typeof readJson>;

/** the zone offset DuckDB writes after a TIMESTAMP WITH TIME ZONE in the session's zone */
const ZONE_OFFSET = /[+-]\d\d(:\d\d)?$/;

/** a leaf's value, from its JSON text or string, as CAST(value AS STRING) writes it */
function leafText(text: string, type: string, number: boolean): string {
  if (number && (type === "DOUBLE" || type === "FLOAT")) return javaFloatingText(Number(text), type === "FLOAT");
  const plain = number ? atTypeScale(text, type) : undefined;
  if (plain !== undefined) return plain;
  return type === "TIMESTAMP WITH TIME ZONE" ? text.replace(ZONE_OFFSET, "") : text;
}

/** a map's key, which DuckDB's JSON writes as its text: a number or timestamp as a leaf of its type is written, a nested key as DuckDB writes it */
function keyText(key: string, type: DuckType): string {
  return type.kind === "leaf" ? leafText(key, type.name, /^-?[\d.]+(e[+-]?\d+)?$|^-?(inf|nan)$/i.test(key)) : key;
}

function write(node: JsonNode, type: DuckType): string {
  switch (node.kind) {
    case "null":
      return "null";
    case "array":
      return `[${node.items.map((item) => write(item, type.kind === "list" ? type.element : type)).join(", ")}]`;
    case "object":
      if (type.kind === "struct") return `{${node.entries.map(([, value], k) => write(value, type.fields[k] ?? type)).join(", ")}}`;
      // a map's entries (an object of another type's too, as a map of that type)
      return `{${node.entries.map(([key, value]) => `${keyText(key, type.kind === "map" ? type.key : type)} -> ${write(value, type.kind === "map" ? type.value : type)}`).join(", ")}}`;
    case "string":
      return type.kind === "leaf" ? leafText(node.value, type.name, false) : node.value;
    case "number":
      return type.kind === "leaf" ? leafText(node.text, type.name, true) : node.text;
    case "special":
      return node.value;
    case "boolean":
      return String(node.value);
  }
}

/** DuckDB's JSON text of a nested value of the type DuckDB names `type`, as Spark's CAST(… AS STRING) writes the value */
export function sparkNestedText(json: string, type: string): string {
  return write(readJson(json), readDuckType(type));
}

/** registers spark_nested_value_text(json, type) (sparkNestedText) for every connection of the database */
export function registerNestedText(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_nested_value_text", 2, sparkNestedText);
}
