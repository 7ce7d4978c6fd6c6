/**
 * Databricks' JSON path operator on a STRING (`raw:store.fruit[0].weight`, sql/json-path-operator.ts) where DuckDB's json_extract
 * of the path as written finds nothing: a name written without brackets matches a field whatever its case, as Databricks matches
 * it, where json_extract matches it exactly. The path comes as its steps; the value found is answered as the operator answers
 * it: a string's text, a number's, true or false, an object's or an array's compact JSON, NULL for a JSON null, for no match and
 * for text that is no JSON; with a [*] step the JSON array of every value matched (NULL where none is).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type JsonNode, jsonText, readJson } from "./from-json.js";
import { registerTextFunction } from "./text-functions.js";

/** a step of a path: a field by its name (any case where `anyCase`), an element by its index, or every element */
export type JsonPathStep = { field: string; anyCase: boolean } | { index: number } | { every: true };

/** the field of `object` named `name`: of that exact name, else (anyCase) the first whose name differs only in case */
function fieldOf(object: Extract<JsonNode, { kind: "object" }>, name: string, anyCase: boolean): JsonNode | undefined {
  const exact = object.entries.find(([key]) => key === name);
  if (exact || !anyCase) return exact?.[1];
  const lower = name.toLowerCase();
  return object.entries.find(([key]) => key.toLowerCase() === lower)?.[1];
}

/** the values `steps` reach from `node`, each [*] step spreading over the elements of the array it is at */
function reached(node: JsonNode, steps: readonly JsonPathStep[]): JsonNode[] {
  const [step, ...rest] = steps;
  if (step === undefined) return [node];
  if ("field" in step) {
    const value = node.kind === "object" ? fieldOf(node, step.field, step.anyCase) : undefined;
    return value ? reached(value, rest) : [];
  }
  if (node.kind !== "array") return [];
  if ("every" in step) return node.items.flatMap((item) => reached(item, rest));
  const item = node.items[step.index];
  return item ? reached(item, rest) : [];
}

const valueText = (node: JsonNode): string | null => (node.kind === "null" ? null : node.kind === "string" ? node.value : jsonText(node));

/** the operator's value of `json` at the path of `steps` (JSON text of JsonPathStep[]) */
export function jsonPathValue(json: string, steps: string): string | null {
  let root: JsonNode;
  try {
    root = readJson(json);
  } catch {
    return null;
  }
  const path = JSON.parse(steps) as JsonPathStep[];
  const found = reached(root, path);
  if (path.some((step) => "every" in step)) return found.length === 0 ? null : `[${found.map(jsonText).join(",")}]`;
  return found[0] === undefined ? null : valueText(found[0]);
}

/** registers spark_json_path_value(json, steps) for every connection of the database */
export function registerJsonPath(conn: DuckDBConnection): void {
  registerTextFunction(conn, "spark_json_path_value", 2, jsonPathValue);
}
