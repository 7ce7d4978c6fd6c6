/**
 * JSON values whose numbers keep their spelling. DuckDB's JSON functions read every number with a
 * fraction or an exponent as a double and write it back in the double's spelling: 2.50 becomes
 * 2.5, 1E2 becomes 100.0 and 1.00000000000000000001 becomes 1.0. So before DuckDB parses a JSON
 * text, `marked` turns each number into a string of its digits led by U+0004 and marks each string
 * with a trailing U+0004 (so no string of the data can pass for a number); the JSON functions then
 * move the numbers as strings, untouched, and `restored` turns the marked text back. A string that
 * ends with U+0004 is a string of the data; one that starts with it and does not end with it, a number.
 */
import { type DuckType, duckTypeToString, holdsPrimitive, parseDuckDbType, quoteLiteral } from "../../delta/index.js";
import { decimalText } from "../exact-json.js";
import { floatText, type FloatType } from "../float-text.js";
import { withIsoDates } from "./json-dates.js";

const holdsDecimal = (type: DuckType) => holdsPrimitive(type, (name) => name.startsWith("DECIMAL"));
const isFloat = (name: string): name is FloatType => name === "DOUBLE" || name === "FLOAT";
/** a type whose JSON text to_json would not write as AEP's does: a JSON value it holds, or a double */
const writtenByHand = (type: DuckType) => holdsPrimitive(type, (name) => name === "JSON" || isFloat(name));

/** a JSON string token (its content in \1) or a number token (in \2) */
const TOKEN = `"((?:[^"\\\\]|\\\\.)*)"|(-?[0-9][-+.eE0-9]*)`;
/** a marked string (its quotes in \1 and \3, its content in \2) or a marked number (its digits in \4) */
const MARKED_TOKEN = `(")((?:[^"\\\\]|\\\\.)*?)\\\\u0004(")|"\\\\u0004([-+.eE0-9]+)"`;

/** a JSON string token */
const STRING_TOKEN = `"(?:[^"\\\\]|\\\\.)*"`;

/**
 * Whether a JSON text (VARCHAR) holds a bare NaN or ±Infinity (DuckDB reads them, and writes a
 * DOUBLE's so, but JSON has no such number): outside its strings, no other token holds these letters.
 * The strings are cut out only from a text holding the letters at all (a fifth of the work on most).
 */
export const holdsNonFinite = (text: string) =>
  `(CASE WHEN regexp_matches(${text}, 'nan|inf', 'i') THEN regexp_matches(regexp_replace(${text}, ${quoteLiteral(STRING_TOKEN)}, '', 'g'), 'nan|inf', 'i') ELSE false END)`;

/** A JSON value as text: a string as its characters (not its JSON text, in quotes), null as null, any other value as its JSON text. */
export const textOfJson = (json: string) => `(CASE json_type(${json}) WHEN 'VARCHAR' THEN json_extract_string(${json}, '$') WHEN 'NULL' THEN NULL ELSE CAST(${json} AS VARCHAR) END)`;

/** The JSON text with its numbers and strings marked (VARCHAR). */
export const marked = (json: string) => `regexp_replace(CAST(${json} AS VARCHAR), ${quoteLiteral(TOKEN)}, ${quoteLiteral('"\\1\\\\u0004\\2"')}, 'g')`;

/** Marked JSON (as DuckDB writes it back) as JSON again, each number as it was written. */
export const restored = (json: string) => `CAST(regexp_replace(CAST(${json} AS VARCHAR), ${quoteLiteral(MARKED_TOKEN)}, '\\1\\2\\3\\4', 'g') AS JSON)`;

/** A JSON text parsed, minified and written back with its numbers as written; null when it is not JSON (NaN or Infinity as a number is none). */
export const exactJsonOf = (text: string) => `(CASE WHEN json_valid(${text}) AND NOT ${holdsNonFinite(text)} THEN ${restored(`json(${marked(text)})`)} END)`;

/** The member of a JSON object at the text `key`, its own key whatever characters it holds, its numbers as written. */
export const exactJsonMember = (object: string, key: string) => restored(`(${marked(object)}::JSON -> ('$."' || replace(${key} || chr(4), '"', '\\"') || '"'))`);

/** The element of a JSON array at the integer `index` (0 first; a negative one is none), its numbers as written; null for another JSON value. */
export const exactJsonElement = (array: string, index: string) =>
  restored(`(CASE WHEN json_type(${array}) = 'ARRAY' AND (${index}) >= 0 THEN ${marked(array)}::JSON -> TRY_CAST(${index} AS BIGINT) END)`);

/** A JSON object's members as marked map entries (STRUCT(key, value JSON)), its keys still marked; null for another JSON value. */
export const markedEntries = (object: string) => `map_entries(TRY_CAST(${marked(object)}::JSON AS MAP(VARCHAR, JSON)))`;

/** A map's or an object's members (a MAP or STRUCT value of type `type`) as markedEntries gives a JSON object's, each DECIMAL with its scale. */
export function markedMembers(sql: string, type: string): string {
  return `map_entries(TRY_CAST(${markedJson(sql, parseDuckDbType(type), 0)} AS MAP(VARCHAR, JSON)))`;
}

/**
 * A typed value as marked JSON, as `marked` makes of its JSON text, but for a DECIMAL it holds
 * at any depth, which to_json would write without its scale (2.50 as 2.5): written from its digits.
 */
function markedJson(sql: string, type: DuckType, depth: number): string {
  if (!holdsDecimal(type)) return `${marked(`to_json(${sql})`)}::JSON`;
  const element = `marked_e${depth}`;
  const entries = (pairs: string) => `to_json(map_from_entries(${pairs}))`;
  switch (type.kind) {
    case "primitive":
      return `to_json(chr(4) || ${decimalText(sql, type.name)})`;
    case "list":
    case "array":
      return `to_json(list_transform(${sql}, ${element} -> ${markedJson(element, type.element, depth + 1)}))`;
    case "struct": {
      // an object's members as a map's entries, their names marked as a JSON object's keys are
      const members = type.fields.map(({ name, type: field }) => `{'key': ${quoteLiteral(name)} || chr(4), 'value': ${markedJson(`struct_extract(${element}, ${quoteLiteral(name)})`, field, depth + 1)}}`);
      return `list_transform([${sql}], ${element} -> CASE WHEN ${element} IS NOT NULL THEN ${entries(`[${members.join(", ")}]`)} END)[1]`;
    }
    case "map": {
      const value = markedJson(`struct_extract(${element}, 'value')`, type.value, depth + 1);
      return entries(`list_transform(map_entries(${sql}), ${element} -> {'key': CAST(struct_extract(${element}, 'key') AS VARCHAR) || chr(4), 'value': ${value}})`);
    }
  }
}

/** A JSON array's elements, each with its numbers as written; null for another JSON value. */
export const exactJsonElements = (array: string, element: string) => `list_transform(TRY_CAST(${marked(array)}::JSON AS JSON[]), ${element} -> ${restored(element)})`;

/**
 * The JSON text of a value of type `type` (VARCHAR), a JSON value it holds at any depth written as
 * it is (to_json would parse it again, re-spelling its numbers), its dates in ISO 8601 (json-dates.ts),
 * its doubles as Jackson writes a Java double (floatJson).
 */
export function jsonText(sql: string, type: string): string {
  return textOf(sql, parseDuckDbType(type), 0);
}

/**
 * A DOUBLE or FLOAT as Jackson, AEP's JSON writer, writes it: Double.toString's (Float.toString's)
 * text, 1.0E20 and 100.0 where to_json writes 100000000000000000000.0 and 100.0, and NaN and
 * ±Infinity as strings (its default QUOTE_NON_NUMERIC_NUMBERS), where to_json writes bare tokens no
 * JSON reader takes.
 */
function floatJson(sql: string, name: FloatType): string {
  return `(CASE WHEN isfinite(${sql}) THEN ${floatText(sql, name)} WHEN isnan(${sql}) THEN '"NaN"' WHEN ${sql} > 0 THEN '"Infinity"' WHEN ${sql} < 0 THEN '"-Infinity"' END)`;
}

function textOf(sql: string, type: DuckType, depth: number): string {
  if (!writtenByHand(type)) return `CAST(to_json(${withIsoDates(sql, duckTypeToString(type))}) AS VARCHAR)`;
  const element = `json_text_e${depth}`;
  const orNull = (text: string) => `coalesce(${text}, 'null')`;
  switch (type.kind) {
    case "primitive":
      return orNull(isFloat(type.name) ? floatJson(sql, type.name) : `CAST(${sql} AS VARCHAR)`);
    case "list":
    case "array":
      return `('[' || array_to_string(list_transform(${sql}, ${element} -> ${orNull(textOf(element, type.element, depth + 1))}), ',') || ']')`;
    case "struct": {
      const members = type.fields.map(({ name, type: field }) => `${quoteLiteral(`${JSON.stringify(name)}:`)} || ${orNull(textOf(`struct_extract(${element}, ${quoteLiteral(name)})`, field, depth + 1))}`);
      return `list_transform([${sql}], ${element} -> CASE WHEN ${element} IS NOT NULL THEN '{' || ${members.join(" || ',' || ")} || '}' END)[1]`;
    }
    case "map": {
      const key = `struct_extract(${element}, 'key')`;
      const keyText = type.key.kind === "primitive" && isFloat(type.key.name) ? floatText(key, type.key.name) : `CAST(${key} AS VARCHAR)`;
      const value = orNull(textOf(`struct_extract(${element}, 'value')`, type.value, depth + 1));
      return `('{' || array_to_string(list_transform(map_entries(${sql}), ${element} -> CAST(to_json(${keyText}) AS VARCHAR) || ':' || ${value}), ',') || '}')`;
    }
  }
}
